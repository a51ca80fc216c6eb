"""Calibration of a 50 000-row export end to end, against reading the same file, measured in the same run.

What a planner waits for is ``python -m sim calibrate EXPORT --map MAP --out scenario.yaml``: the
process starting, the import (every row checked, customers pseudonymised), every fit, and the scenario
written and read back. This benchmark simulates a history of ~51 000 contacts from known parameters
(:func:`sim.history.synthetic.recovery_data`, 8 weeks), writes it as a messy ticket export
(:func:`sim.history.exports.write_export`: mixed languages, offsets, formats, blanks, duplicates, planted
bad rows), then times, interleaved over rounds:

(a) the baseline: ``pandas.read_csv`` of the export in a fresh process (the floor of any import);
(b) the kit: ``python -m sim calibrate`` on it, in a fresh process.

Target (the issue's): the kit under 30 s wall time. The ratio to the baseline is printed for context, as
the median over rounds of the ratio within each round, with the load average. The recovered parameters
are printed next to the truth (the tolerances are stated in tests/history/test_calib_recovery.py).

Run: ``make bench`` or ``.venv/bin/python benchmarks/calibrate.py [--quick] [--rounds N]``
(``--quick``: two weeks, a smoke run, not a measurement).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.format.library import default_plan_path
from sim.format.load import load_plan, scenario_from_dict
from sim.history.calibrate import base_from_dict, calibrate
from sim.history.exports import write_export
from sim.history.synthetic import recovery_data, synthetic_history

TARGET_SECONDS = 30.0
TZ = "Asia/Shanghai"


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    plan = load_plan(default_plan_path())
    data = recovery_data(2 if args.quick else 8)
    truth = scenario_from_dict(data, plan)
    history = synthetic_history(truth, tz=TZ)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = write_export(history, folder / "tickets.csv", "tickets", seed=1)
        mapping = folder / "map.yaml"
        mapping.write_text(f"preset: tickets\ntime:\n  zone: {TZ}\n", encoding="utf-8")
        baseline = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(export.path)!r}, dtype=str)"]
        kit = [sys.executable, "-m", "sim", "calibrate", str(export.path), "--map", str(mapping),
               "--out", str(folder / "out.yaml")]
        kit_s, base_s, ratios = [], [], []
        for _ in range(args.rounds):
            b, k = timed(baseline), timed(kit)
            base_s.append(b)
            kit_s.append(k)
            ratios.append(k / b)
    rows = len(history)
    kit_median = statistics.median(kit_s)
    print(f"export: {rows:,} contacts (+{export.duplicate_rows} duplicated rows, {len(export.planted)} planted bad rows);"
          f" load average {os.getloadavg()[0]:.2f}")
    print(f"read_csv baseline: {statistics.median(base_s):.2f} s; calibrate: {kit_median:.2f} s "
          f"(target < {TARGET_SECONDS:.0f} s: {'met' if kit_median < TARGET_SECONDS else 'MISSED'}); "
          f"ratio {statistics.median(ratios):.1f} x the baseline")
    cal = calibrate(history, base_from_dict(data, plan), tz=TZ)
    print("recovery (truth -> fitted):")
    for ch, rate in truth.arrivals.per_hour.items():
        print(f"  per_hour {ch}: {rate} -> {cal.arrivals.per_hour[ch][0]:.3f}")
    for team, activity, true in (("frontline", "intake", 6.0), ("frontline", "resolve_minor", 8.0),
                                 ("specialist", "resolve", 45.0)):
        fit = cal.service_fit(team, activity)
        print(f"  {team}.{activity} mean: {true} -> {fit.fit.mean:.2f} ({fit.fit.mean / true - 1:+.1%}, {fit.estimator})")
    for ch, true in (("hotline", 5.0), ("chat", 12.0)):
        print(f"  patience {ch}: {true} -> {cal.patience[ch].mean:.2f} ({cal.patience[ch].mean / true - 1:+.1%})")
    s = cal.satisfaction
    print(f"  satisfaction on_time 0.93 -> {s.on_time[0]:.3f}; late_penalty 0.25 -> {s.late_penalty[0]:.3f}; "
          f"floor 0.2 -> {s.floor[0]:.3f}")
    return 0 if kit_median < TARGET_SECONDS or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
