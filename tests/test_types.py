"""The lower layers type-check (mypy, settings in pyproject.toml): the format, the rules, the simulator
and the staffing analytics. The layers above may follow."""
import subprocess
import sys

from support import ROOT

CHECKED = ["sim/format", "sim/rules.py", "sim/simulation", "sim/staffing", "sim/i18n"]


def test_lower_layers_type_check(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), *CHECKED],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert "No module named mypy" not in run.stderr, "mypy is a dev dependency: pip install -e '.[dev]'"
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert run.returncode == 0 and not errors, "\n".join(errors[:40]) or run.stdout + run.stderr
