"""Staffing search: time and candidate rosters for the flagship's first day, against baselines from this run.

(a) baseline: one candidate evaluation - 4 replications of the flagship's first day on the same process pool;
(b) the search on the flagship day with the scenario's own 8-12 h shifts (6 teams, 9 shifts);
(c) the search on the flagship day with hourly shifts (the same 6 teams split into one-hour shifts).

For (b) and (c): seconds, candidate rosters simulated, runs, and the brute-force count (every roster in the
box the search explores, 0..ceiling per shift). Ratios: (c) seconds / (a) seconds ("evaluations' worth"),
candidates / brute force, (c) / (b). Target: (c) under 60 s on 2 cores. No timing is asserted anywhere;
this script only reports.

Run: `make bench` or `.venv/bin/python benchmarks/staffing.py [--reps 4] [--quick]` (--quick skips (b)).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim
from sim.simulation.replication import default_workers, map_runs, run_kpis
from sim.staffing import derive_scenario, find_staffing, roster_cost


def _noop(_i: int = 0) -> int:
    return os.getpid()


def magnitude(n: int) -> str:
    return f"{n:,}" if n < 10**9 else f"10^{math.log10(n):.0f}"


def search(name: str, scenario, executor, reps: int) -> dict:
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = find_staffing(scenario, reps=reps, verify_reps=2 * reps, executor=executor, progress=False)
    seconds = time.perf_counter() - t0
    shifts = int(result.roster["searched"].sum())
    print(f"{name}: {len(result.searched)} teams, {shifts} shifts searched; {seconds:.1f} s; "
          f"{result.candidates} candidate rosters ({result.runs} runs); brute force {magnitude(result.brute_force)} "
          f"rosters; cost {result.cost:,.0f} (warm start {roster_cost(scenario, result.warm.roster):,.0f}); "
          f"verified {result.verified}; unreachable: {', '.join(result.unreachable['kpi']) or 'none'}")
    for w in caught:
        print(f"  warning: {w.message}")
    return {"seconds": seconds, "candidates": result.candidates, "runs": result.runs,
            "brute": result.brute_force, "shifts": shifts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=4, help="replications per candidate (default 4)")
    parser.add_argument("--quick", action="store_true", help="skip (b), the 8-12 h shift search")
    args = parser.parse_args()
    flagship = sim.load_scenario(ROOT / "scenarios" / "product_defect_surge.yaml")
    day = derive_scenario(flagship, horizon=1440)
    hourly = derive_scenario(flagship, horizon=1440, hourly=True)
    workers = default_workers()
    print(f"flagship first day; {workers} worker process(es); {args.reps} replications per candidate, "
          f"{2 * args.reps} to verify")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_noop, range(workers)))          # start the workers before timing anything
        t0 = time.perf_counter()
        map_runs(run_kpis, [(day, day.seed, r, None) for r in range(args.reps)], pool, progress=False)
        unit = time.perf_counter() - t0
        print(f"(a) baseline: one candidate evaluation ({args.reps} replications): {unit:.2f} s")
        coarse = None if args.quick else search("(b) 8-12 h shifts", day, pool, args.reps)
        fine = search("(c) hourly shifts", hourly, pool, args.reps)
    print(f"(c) / (a): the hourly search took {fine['seconds'] / unit:.0f} evaluations' worth of time for "
          f"{fine['candidates']} candidates; brute force would take ~{magnitude(fine['brute'])} evaluations "
          f"(candidates / brute force = 10^{math.log10(fine['candidates'] / fine['brute']):.0f})")
    if coarse is not None:
        print(f"(c) / (b): {fine['shifts'] / coarse['shifts']:.1f}x the shifts, {fine['seconds'] / coarse['seconds']:.1f}x "
              f"the time, {fine['candidates'] / coarse['candidates']:.1f}x the candidates")
    verdict = "met" if fine["seconds"] < 60 else "MISSED"
    print(f"target: hourly search under 60 s on {workers} core(s): {fine['seconds']:.1f} s ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
