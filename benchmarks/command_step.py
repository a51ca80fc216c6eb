"""One live-command-drill decision step on the flagship: advance 30 simulated minutes and redraw the
dashboard (live state + PNG plot). Target: under 1 s. Printed against a baseline measured in the same
run: the bare simulation of the same 30 minutes without the dashboard.

Run: `.venv/bin/python benchmarks/command_step.py`
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim
from sim.simulation.centre import Centre, CentreOptions
from sim.ui.command_drill import CommandApp


def main() -> int:
    scenario = sim.load_scenario(ROOT / "scenarios" / "product_defect_surge.yaml")
    app = CommandApp(scenario, "bench", duration="24h")
    steps, bare = [], []
    centre = Centre(scenario, options=CentreOptions(auto_activate=False))
    centre.run(until=app.drill.now)
    while not app.drill.finished:
        t0 = time.perf_counter()
        app._record(app.drill.advance())      # what the Advance button does, minus the final scoring
        app.redraw()
        steps.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        centre.run(until=centre.now + 30)
        bare.append(time.perf_counter() - t0)
    worst, median = max(steps), statistics.median(steps)
    if "-v" in sys.argv:
        print(" ".join(f"{s * 1000:.0f}" for s in steps))
    print(f"decision step (advance 30 min + dashboard + plot), {len(steps)} steps through the surge:")
    print(f"  median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms (target < 1000 ms)")
    print(f"  bare simulation of the same 30 min: median {statistics.median(bare) * 1000:.1f} ms; "
          f"step / bare = {median / max(statistics.median(bare), 1e-9):.0f}x (the plot dominates)")
    t0 = time.perf_counter()
    app.finish()
    print(f"final scoring (trainee run to the horizon + two reference runs): {time.perf_counter() - t0:.1f} s")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
