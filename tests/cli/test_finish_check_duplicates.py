"""``check`` notices scenario files that share one scenario id: one line per later file, naming both
files, and exit status 2. Results are stored by id, so two files with one id would mix their attempts."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "scenarios/busy_week_baseline.yaml"


@pytest.fixture
def library(tmp_path) -> Path:
    """A folder with a plan and four copies of one scenario (as in the issue), and one other scenario."""
    shutil.copytree(ROOT / "scenarios/plans", tmp_path / "plans")
    for name in ("a.yaml", "b.yaml", "c.yaml", "d.yaml"):
        shutil.copy(SOURCE, tmp_path / name)
    shutil.copy(ROOT / "scenarios/logistics_failure.yaml", tmp_path / "other.yaml")
    return tmp_path


def test_four_copies_give_three_lines_each_naming_both_files(library, capsys):
    assert main(["check", str(library)]) == 2
    out, err = capsys.readouterr()
    dup = [line for line in err.splitlines() if "is also the id of" in line]
    assert len(dup) == 3
    for name, line in zip("bcd", dup):
        assert re.match(rf"^{re.escape(str(library / f'{name}.yaml'))}:\d+: id: ", line)
        assert str(library / "a.yaml") in line and "'busy-week-baseline'" in line
    assert "a.yaml: OK" in out and "other.yaml: OK" in out and "b.yaml: OK" not in out
    assert "3 of 6 files have problems" in err


def test_distinct_ids_pass(library, capsys):
    (library / "b.yaml").unlink(), (library / "c.yaml").unlink(), (library / "d.yaml").unlink()
    assert main(["check", str(library)]) == 0
    assert "is also the id" not in capsys.readouterr().err


def test_the_same_file_named_twice_is_not_a_duplicate(library, capsys):
    assert main(["check", str(library / "a.yaml"), str(library / "a.yaml")]) == 0


def test_copies_given_one_by_one_are_found_too(library, capsys):
    assert main(["check", str(library / "other.yaml"), str(library / "a.yaml"), str(library / "d.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("is also the id of") == 1 and str(library / "d.yaml") in err


def test_chinese(library, capsys):
    assert main(["--lang", "zh", "check", str(library / "a.yaml"), str(library / "b.yaml")]) == 2
    line = capsys.readouterr().err.splitlines()[0]
    assert "情景标识 'busy-week-baseline' 与" in line and str(library / "a.yaml") in line
    rest = line.replace(str(library / "a.yaml"), "").replace(str(library / "b.yaml"), "").replace("busy-week-baseline", "")
    assert not re.search(r"[A-Za-z]{2,}", rest.replace("id：", ""))
