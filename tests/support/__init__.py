"""Helpers shared by the test folders: where things are, and running the CLI as a user would.

Folder helpers live beside this module: ``support.drill`` (small scenarios, perfect answers, a
throwaway PostgreSQL server) and ``support.reports`` (a scripted cohort and its after-action report).
"""
import socket
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


def free_port() -> int:
    """A free TCP port on the loopback interface (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plan_with(plan, dotted_path, value):
    """A copy of the plan with one nested field replaced: ``plan_with(plan, "escalation.priority_bump", 2)``."""
    data = plan.model_dump(mode="python", by_alias=True)
    node = data
    *head, last = dotted_path.split(".")
    for key in head:
        node = node[key]
    node[last] = value
    return type(plan).model_validate(data)


def variant(scenario, **changes):
    """``scenario`` with top-level fields replaced (validated again, drill dropped)."""
    from sim.format.load import scenario_from_dict
    data = scenario.model_dump(mode="json", by_alias=True)
    data.pop("drill", None)
    data.update(changes)
    return scenario_from_dict(data, scenario.plan)


class FakeClock:
    """Seconds that pass only when a test moves ``now`` (the app's timers and autosave read it)."""

    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now
