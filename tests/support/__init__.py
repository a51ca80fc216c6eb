"""Helpers shared by the test folders: where things are, and running the CLI as a user would.

Folder helpers live beside this module: ``support.drill`` (small scenarios, perfect answers, a
throwaway PostgreSQL server) and ``support.reports`` (a scripted cohort and its after-action report).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
DATA = ROOT / "tests" / "data"


def run_cli(*args, cwd=ROOT, timeout=120):
    """Run ``python -m sim`` in a subprocess, as a user would."""
    import subprocess
    return subprocess.run([sys.executable, "-m", "sim", *args], check=False, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
