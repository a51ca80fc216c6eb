"""The lower layers type-check (mypy, settings in pyproject.toml): the format, the rules, the simulator
and the staffing analytics. The layers above may follow."""
import subprocess
import sys

import pytest

from support import ROOT

CHECKED = ["sim/format", "sim/rules.py", "sim/simulation", "sim/staffing", "sim/i18n"]


def test_lower_layers_type_check(tmp_path):
    pytest.importorskip("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), *CHECKED],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert run.returncode == 0 and not errors, "\n".join(errors[:40]) or run.stdout + run.stderr
