"""Staffing search: `sim staff` on the flagship end to end, the plan-level search against the hourly one, in one run.

Default (what `make bench` runs): `python -m sim staff scenarios/product_defect_surge.yaml --quiet` as a user
runs it (a fresh process: imports, warm start, process pool, search, verification, tables), timed from
start to exit, once with `--strategy hourly` (the search from the hour-by-hour warm start, as it was) and
once with the default `--strategy plan` (from the plan-level start, sim.staffing.plan_start), alternating
`--pairs` times (median of each). Printed: seconds, roster cost, candidate rosters, replications spent
(runs), whether the fresh replications met every searched target; then the new / old ratios and the
issue's targets: the new search in <= 4 s (PASS/MISS) and its roster no more expensive than the old
search's (PASS/MISS); and, as a ratio a busy machine still measures, new / old against 4 s / 8.4 s (the
old search as the issue measured it). No timing is asserted anywhere; this script only reports (exit 0).

`--day` instead times the search on the flagship's first day against one candidate evaluation:
(a) baseline: one candidate evaluation - 4 replications of the flagship's first day on the same process pool;
(b) the search on the flagship day with the scenario's own 8-12 h shifts (6 teams, 9 shifts);
(c) the search on the flagship day with hourly shifts (the same 6 teams split into one-hour shifts).
For (b) and (c): seconds, candidate rosters simulated, runs, and the brute-force count (every roster in the
box the search explores, 0..ceiling per shift). Ratios: (c) seconds / (a) seconds ("evaluations' worth"),
candidates / brute force, (c) / (b). Target: (c) under 60 s on 2 cores (`--quick` skips (b)).

Run: `make bench` or `.venv/bin/python benchmarks/staffing.py [--pairs 1] [--day [--reps 4] [--quick]]`.

`--library` instead runs `sim staff`'s search on every scenario of the library (the plan's targets, its own
shifts, the whole horizon unless `--horizon`) and prints one row each: the roster's cost (and the
scenario's own), shifts with work but nobody on them (must be 0: the floor), the searched target closest
to failing on the fresh replications (its mean and confidence bound), the plan's targets met on those fresh
replications, targets left out as unreachable (limited by a plan rule, or by too few replications to
confirm them), and seconds. It exits 1 if a roster leaves a shift with
work unstaffed or fails its fresh replications (the issue's "done when", beside the flagship test in
tests/staffing/test_staffing_search.py).
"""
from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import subprocess
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


FLAGSHIP = "scenarios/product_defect_surge.yaml"
TARGET_SECONDS = 4.0
ISSUE_OLD_SECONDS = 8.4     # the old search on the flagship as issue 19 measured it (idle machine)


def staff_cli(strategy: str) -> dict:
    """`python -m sim staff FLAGSHIP --quiet --strategy ...` in a fresh process: wall seconds and what it printed."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sim", "staff", FLAGSHIP, "--quiet", "--lang", "en",
                           "--strategy", strategy], cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    out = done.stdout
    cost = re.search(r"Roster cost: ([\d,.]+)", out)
    stats = re.search(r"Simulated (\d+) candidate rosters \((\d+) runs\) in ([\d.]+) s", out)
    met = re.search(r"(\d+) of (\d+) searched targets met", out)
    if done.returncode != 0 or not (cost and stats and met):
        raise SystemExit(f"sim staff --strategy {strategy} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return {"seconds": seconds, "cost": float(cost.group(1).replace(",", "")), "candidates": int(stats.group(1)),
            "runs": int(stats.group(2)), "search_s": float(stats.group(3)),
            "verified": met.group(1) == met.group(2), "unverified_warning": "did not pass verification" in done.stderr}


def flagship(pairs: int) -> int:
    """The old (hourly) and the new (plan) search on the flagship, alternating, end to end."""
    runs: dict[str, list[dict]] = {"hourly": [], "plan": []}
    print(f"sim staff {FLAGSHIP} (3 days, the plan's 10 targets, 4 replications per candidate, 8 fresh to verify); "
          f"{default_workers()} worker process(es); {pairs} pair(s), alternating")
    for i in range(pairs):
        for strategy in ("hourly", "plan"):
            r = staff_cli(strategy)
            runs[strategy].append(r)
            print(f"  pair {i + 1} {strategy:6}: {r['seconds']:5.1f} s end to end (search {r['search_s']:.1f} s), "
                  f"cost {r['cost']:,.0f}, {r['candidates']} candidates, {r['runs']} runs, "
                  f"fresh replications {'met' if r['verified'] and not r['unverified_warning'] else 'MISSED'}",
                  flush=True)
    med = {k: {f: statistics.median(x[f] for x in v) for f in ("seconds", "cost", "candidates", "runs")}
           for k, v in runs.items()}
    old, new = med["hourly"], med["plan"]
    for name, m in (("old (--strategy hourly)", old), ("new (--strategy plan)", new)):
        print(f"{name:24} {m['seconds']:5.1f} s  cost {m['cost']:,.0f}  {m['candidates']:.0f} candidate rosters  "
              f"{m['runs']:.0f} replications (runs)")
    print(f"new / old: time {new['seconds'] / old['seconds']:.2f}, candidates {new['candidates'] / old['candidates']:.2f}, "
          f"runs {new['runs'] / old['runs']:.2f}, cost {new['cost'] / old['cost']:.3f}")
    verified = all(r["verified"] and not r["unverified_warning"] for v in runs.values() for r in v)
    print(f"target: new search <= {TARGET_SECONDS:g} s end to end: {new['seconds']:.1f} s "
          f"({'PASS' if new['seconds'] <= TARGET_SECONDS else 'MISS'}; old {old['seconds']:.1f} s in this run; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    # The issue measured the old search at 8.4 s on an idle machine: 4 s is that run's 0.48, a ratio a
    # busy machine (other jobs slow both searches alike) still measures.
    ratio = new["seconds"] / old["seconds"]
    print(f"target as the issue's ratio, {TARGET_SECONDS:g} s / {ISSUE_OLD_SECONDS:g} s = "
          f"{TARGET_SECONDS / ISSUE_OLD_SECONDS:.2f}: new / old end to end {ratio:.2f} "
          f"({'PASS' if ratio <= TARGET_SECONDS / ISSUE_OLD_SECONDS else 'MISS'})")
    print(f"target: roster no more expensive than the old search's: {new['cost']:,.0f} vs {old['cost']:,.0f} "
          f"({'PASS' if new['cost'] <= old['cost'] else 'MISS'})")
    print(f"every roster met its targets on fresh replications: {'yes' if verified else 'NO'}")
    return 0


def library_row(path: Path, executor, reps: int, horizon: float | None) -> dict:
    """One scenario of the library through the search: what the --library table shows."""
    scenario = sim.load_scenario(path)
    if horizon is not None:
        scenario = derive_scenario(scenario, horizon=horizon)
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = find_staffing(scenario, reps=reps, verify_reps=2 * reps, executor=executor)
    seconds = time.perf_counter() - t0
    fresh = plan_targets_met(result, scenario, executor)
    w = result.worst or {}
    return {"scenario": path.stem, "cost": result.cost, "own": roster_cost(scenario),
            "unstaffed": sum(1 for _ in unstaffed_shifts(result)), "worst": w.get("kpi", ""),
            "mean": w.get("mean", math.nan), "bound": w.get("bound", math.nan), "target": w.get("target", math.nan),
            "direction": w.get("direction", ""), "verified": result.verified,
            "plan_met": f"{fresh[0]}/{fresh[1]}", "unreachable": ", ".join(f"{r.kpi} ({r.limited_by})" for r in result.unreachable.itertuples()),
            "seconds": seconds, "warnings": [str(c.message) for c in caught]}


def unstaffed_shifts(result):
    """(team, shift) of the roster with work arriving but nobody on it."""
    roster = result.roster
    bare = roster[(roster["floor"] > 0) & (roster["headcount"] == 0)]
    return list(zip(bare["team"], bare["shift"]))


def plan_targets_met(result, scenario, executor) -> tuple[int, int]:
    """The plan's targets met by their confidence bound when the roster is simulated again, here, on the
    verification replications (fresh: never used by the search), of those with data: the searched ones and
    the ones left out as unreachable alike."""
    import pandas as pd

    from sim.simulation.metrics import summarise
    runs = map_runs(run_kpis, [(result.scenario, result.seed, r, result.centre_options()) for r in result.verify_reps],
                    executor, progress=False)
    table = summarise(pd.DataFrame(runs), scenario.plan, result.confidence)
    judged = table[(table["direction"] != "") & table["mean"].notna()]
    return int(judged["met_ci"].astype(bool).sum()), len(judged)


def library(args) -> int:
    from sim.format.library import scenario_files
    from sim.format.units import parse_duration
    horizon = parse_duration(args.horizon) if args.horizon else None
    rows = []
    with ProcessPoolExecutor(max_workers=default_workers()) as pool:
        for path in scenario_files():
            row = library_row(path, pool, args.reps, horizon)
            rows.append(row)
            print(f"{row['scenario']}: {row['seconds']:.0f} s", file=sys.stderr, flush=True)
    head = ("scenario", "cost", "own roster", "unstaffed", "worst target (fresh)", "mean", "bound", "plan met",
            "unreachable", "s")
    table = [head] + [(r["scenario"], f"{r['cost']:,.0f}", f"{r['own']:,.0f}", str(r["unstaffed"]),
                       f"{r['worst']} {r['direction']} {r['target']:g}", f"{r['mean']:.3f}", f"{r['bound']:.3f}",
                       r["plan_met"] + ("" if r["verified"] else " (unverified)"), r["unreachable"] or "-",
                       f"{r['seconds']:.0f}") for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())
    for r in rows:
        for w in r["warnings"]:
            print(f"{r['scenario']}: warning: {w}")
    bad = [r["scenario"] for r in rows if r["unstaffed"] or not r["verified"]]
    print(f"{len(rows)} scenarios; {sum(r['seconds'] for r in rows):.0f} s; "
          + (f"FAILED: {', '.join(bad)}" if bad else "every team with work staffed, every roster verified"))
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1, help="old/new runs of the flagship, alternating (default 1)")
    parser.add_argument("--day", action="store_true", help="the flagship's first day: (a) one evaluation, (b), (c)")
    parser.add_argument("--reps", type=int, default=4, help="with --day: replications per candidate (default 4)")
    parser.add_argument("--quick", action="store_true", help="with --day: skip (b), the 8-12 h shift search")
    parser.add_argument("--library", action="store_true", help="search every library scenario; print a table")
    parser.add_argument("--horizon", default=None, help="with --library: search the first part only (e.g. 1d)")
    args = parser.parse_args()
    if args.library:
        return library(args)
    if not args.day:
        return flagship(max(1, args.pairs))
    return first_day(args)


def first_day(args) -> int:
    """(a), (b) and (c) of the module's docstring."""
    whole = sim.load_scenario(ROOT / FLAGSHIP)
    day = derive_scenario(whole, horizon=1440)
    hourly = derive_scenario(whole, horizon=1440, hourly=True)
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
