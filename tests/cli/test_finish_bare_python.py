"""A Python without the kit's dependencies (``python3 -m sim`` outside ``.venv``, before ``make install``,
as the README's lines are often first tried) gets one line naming ``make install`` and exit status 2, in
the user's language, never ImportError's traceback (issue 20).

The Python is a fresh venv without pip or packages; it finds the kit's source through PYTHONPATH, as a
clone's folder on the path, and nothing else.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # What makes the test mean something: this Python has none of the kit's dependencies.
    probe = run(python, "-c", "import importlib.util as u; print([m for m in ('pydantic', 'yaml', 'simpy') "
                              "if u.find_spec(m)])", cwd=venv.parent)
    assert probe.returncode == 0 and probe.stdout.strip() == "[]", probe
    return python


def run(python: Path, *args: str, cwd: Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "LC_", "DRILL_")) and k not in ("VIRTUAL_ENV", "LANG", "LANGUAGE")}
    env.update(PYTHONPATH=str(ROOT), LANG=lang)
    return subprocess.run([str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("args", [("--help",), ("check", "scenarios"), ("run", "busy_week_baseline"), ()])
def test_one_line_naming_make_install(bare_python, tmp_path, args):
    line = one_line(run(bare_python, "-m", "sim", *args, cwd=tmp_path))
    assert "`make install`" in line and ".venv/bin/python -m sim" in line
    assert "no module named 'pydantic'" in line       # the first dependency the command line needs


def test_in_chinese_when_asked(bare_python, tmp_path):
    line = one_line(run(bare_python, "-m", "sim", "--help", "--lang", "zh", cwd=tmp_path))
    assert line.startswith("错误：当前 Python 未安装工具包的依赖（缺少模块 'pydantic'）") and "`make install`" in line
    assert one_line(run(bare_python, "-m", "sim", "--help", cwd=tmp_path, lang="zh_CN.UTF-8")) == line


def test_import_sim_needs_only_the_standard_library(bare_python, tmp_path):
    """`import sim` loads nothing of its API until a name is used; the name then says what is missing."""
    code = ("import sim\nprint(sim.__version__)\n"
            "try:\n    sim.load_scenario\nexcept ModuleNotFoundError as exc:\n    print(exc.name)\n")
    result = run(bare_python, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [sim.__version__, "pydantic"]
