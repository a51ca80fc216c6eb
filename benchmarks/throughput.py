"""Simulator throughput end to end, printed as ratios against baselines measured in the same run.

What a user waits for is ``sim.simulate()``: the run, its drain and its tables (event log, complaints,
time series, KPIs). Every kit figure below times exactly that, against:

(a) a bare SimPy M/M/c loop written here (the floor of what SimPy can do);
(b) ciw (a queueing-network library) on the same M/M/c.

Workloads:

* **M/M/c**: ``scenarios/validation/mmc.yaml`` at the issue's parameters (100 an hour, 3-minute
  exponential service, 6 agents; utilisation 0.83) over 2 000 hours, about 200 000 complaints.
  Targets: kit >= 0.8 x bare SimPy and >= 1.5 x ciw.
* **Flagship**: ``scenarios/product_defect_surge.yaml`` as shipped (the rich model: grading, routing,
  consults, escalation, follow-ups, the plan's activation). Target: >= 0.45 x bare SimPy complaints/s.
* **Busy week**: ``scenarios/busy_week_baseline.yaml`` at 7 and at 365 days, each in a fresh process so
  that memory peaks do not mix: microseconds per complaint (target: 365 days within 1.15 x of 7 days) and
  peak memory above the baseline after imports (target: <= 1 KB per complaint).
* **Flagship year**: the flagship stretched to 365 days (~500 000 complaints) in a fresh process: time and
  peak memory of the whole process (target: <= 400 MB).

Times are CPU seconds of the process (``time.process_time``): on an idle machine what the user waits
for, and far steadier than wall time when other jobs share the cores. Rounds run the workloads interleaved (bare, kit, ciw, flagship; then the next round), and a ratio is the
median over rounds of the ratio within each round, so that load from other processes on a shared machine
hits both sides of a ratio alike. The load average is printed with the results.

Run: ``make bench`` or ``.venv/bin/python benchmarks/throughput.py [--quick] [--rounds N]``
(``--quick``: ten times smaller, a smoke run, not a measurement).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import simpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim
from sim.format.load import scenario_from_dict
from sim.simulation.centre import Centre
from sim.simulation.replication import result_of, simulate

LAM, MEAN_SERVICE, C = 100 / 60, 3.0, 6       # the M/M/c: 100 an hour, 3 minutes, 6 agents
TARGETS = {"mmc_vs_simpy": 0.8, "mmc_vs_ciw": 1.5, "flagship_vs_simpy": 0.45, "busy_growth": 1.15,
           "busy_bytes": 1024.0, "year_mb": 400.0}


# --- the baselines ------------------------------------------------------------------------------------
def bare_simpy(horizon: float, seed: int = 1) -> int:
    """Customers arriving in ``horizon`` minutes at an M/M/c written directly in SimPy."""
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=C)
    arrived = [0]

    def customer():
        with agents.request() as req:
            yield req
            yield env.timeout(rng.expovariate(1 / MEAN_SERVICE))

    def source():
        while True:
            yield env.timeout(rng.expovariate(LAM))
            arrived[0] += 1
            env.process(customer())

    env.process(source())
    env.run(until=horizon)
    return arrived[0]


def ciw_mmc(horizon: float, seed: int = 1) -> int:
    """Customers served in ``horizon`` minutes by ciw's M/M/c."""
    import ciw
    network = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(LAM)],
                                 service_distributions=[ciw.dists.Exponential(1 / MEAN_SERVICE)],
                                 number_of_servers=[C])
    ciw.seed(seed)
    q = ciw.Simulation(network)
    q.simulate_until_max_time(horizon)
    return len(q.get_all_records())


# --- the kit's workloads ----------------------------------------------------------------------------
def mmc_scenario(hours: float):
    mmc = sim.load_scenario(ROOT / "scenarios" / "validation" / "mmc.yaml")
    data = mmc.model_dump(mode="json", by_alias=True)
    data["arrivals"]["per_hour"] = {"hotline": LAM * 60}
    data["service_times"]["frontline"]["intake"] = {"exponential": {"mean": f"{MEAN_SERVICE:g}min"}}
    data["staffing"]["frontline"]["shifts"] = [{"from": "00:00", "to": "24:00", "staff": C}]
    data["horizon"], data["warm_up"] = f"{hours:g}h", "0min"
    return scenario_from_dict(data, mmc.plan, name="mmc-benchmark")


def busy_week(days: int):
    base = sim.load_scenario(ROOT / "scenarios" / "busy_week_baseline.yaml")
    data = base.model_dump(mode="json", by_alias=True)
    data["horizon"], data["drill"] = f"{days}d", None
    return scenario_from_dict(data, base.plan, name=f"busy-{days}d")


def year_scenario(flagship, target: int = 500_000):
    """The flagship over 365 days: the same weekly pattern scaled up, a batch-defect incident every month,
    staffing scaled with the volume."""
    data = flagship.model_dump(mode="json", by_alias=True)
    base = dict(data["arrivals"]["per_hour"])
    incident = data["incidents"][0]
    per_incident = 1500.0
    scale = (target - 12 * per_incident) / (sum(base.values()) * 24 * 365)
    data["arrivals"]["per_hour"] = {k: v * scale for k, v in base.items()}
    data["incidents"] = [dict(incident, id=f"batch-{m}", at=f"{30 * m + 1}d") for m in range(12)]
    for team in data["staffing"].values():
        for shift in team.get("shifts", []):
            shift["staff"] = max(1, round(shift["staff"] * scale))
        team["reserve"] = round(team.get("reserve", 0) * scale)
    data["horizon"] = "365d"
    data["drill"] = None
    return scenario_from_dict(data, flagship.plan, name="flagship-year")


def timed(fn) -> tuple[int, float]:
    """(complaints, CPU seconds) of one call, starting from a collected heap. CPU time of this process is
    what a user waits for on an idle machine, and stays so on a shared one (where wall time does not)."""
    gc.collect()
    t0 = time.process_time()
    n = fn()
    return n, time.process_time() - t0


def kit(scenario) -> int:
    return len(simulate(scenario).complaints)


def kit_events(scenario) -> tuple[int, int]:
    """``simulate(scenario)`` written out (the same work), with the number of SimPy calendar entries the
    run scheduled (its event counter; for a shift, one per span): (complaints, calendar entries)."""
    centre = Centre(scenario)
    centre.run()
    return len(result_of(centre).complaints), next(centre.env._eid)


# --- a workload in a fresh process --------------------------------------------------------------------
def memory_kb(field: str) -> int:
    """This process's resident memory (``VmRSS``) or its peak (``VmHWM``), from /proc. (Not getrusage: its
    ru_maxrss survives exec, so a child would report the parent's size at fork.)"""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss       # elsewhere: the best we have


def reset_peak() -> None:
    """Start the peak (VmHWM) afresh from the memory in use now (Linux; ignored elsewhere)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def child(workload: str, size: int, repeats: int) -> dict:
    """Run in a fresh process: the baseline after imports and a small warm-up run, then the workload."""
    scenario = busy_week(size) if workload == "busy" else \
        year_scenario(sim.load_scenario(ROOT / "scenarios" / "product_defect_surge.yaml"), size)
    simulate(busy_week(1))                          # lazy imports and first-call costs, before the baseline
    gc.collect()
    reset_peak()
    baseline_kb = memory_kb("VmRSS")
    us, n, events = [], 0, [0]

    def run() -> int:
        complaints, events[0] = kit_events(scenario)
        return complaints
    for _ in range(repeats):
        n, seconds = timed(run)
        us.append(seconds / n * 1e6)
    peak_kb = memory_kb("VmHWM")
    return {"complaints": n, "us": statistics.median(us), "seconds": statistics.median(us) * n / 1e6,
            "baseline_mb": baseline_kb / 1024, "peak_mb": peak_kb / 1024,
            "bytes_per_complaint": (peak_kb - baseline_kb) * 1024 / n, "events": events[0] / n}


def in_fresh_process(workload: str, size: int, repeats: int = 1) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", workload, str(size), str(repeats)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the report ---------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="ten times smaller (a smoke run, not a measurement)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 3; 1 with --quick)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))))
        return 0
    scale = 10 if args.quick else 1
    rounds = args.rounds or (1 if args.quick else 3)
    hours = 2000 / scale
    horizon = hours * 60
    mmc = mmc_scenario(hours)
    flagship = sim.load_scenario(ROOT / "scenarios" / "product_defect_surge.yaml")
    kit(flagship)                                   # warm-up: lazy imports and first-call costs
    load0 = os.getloadavg()[0]

    rates: dict[str, list[float]] = {"simpy": [], "kit": [], "ciw": [], "flagship": []}
    ratios: dict[str, list[float]] = {"mmc_vs_simpy": [], "mmc_vs_ciw": [], "flagship_vs_simpy": []}
    for r in range(rounds):
        n, s = timed(lambda r=r: bare_simpy(horizon, seed=r + 1))
        rates["simpy"].append(n / s)
        n, s = timed(lambda: kit(mmc))
        rates["kit"].append(n / s)
        try:
            n, s = timed(lambda r=r: ciw_mmc(horizon, seed=r + 1))
            rates["ciw"].append(n / s)
        except ImportError:
            rates["ciw"].append(float("nan"))
        flag_n = flag_s = 0.0
        while flag_s < 2.0 / scale:                 # the flagship is short: repeat it for a steady figure
            n, s = timed(lambda: kit(flagship))
            flag_n, flag_s = flag_n + n, flag_s + s
        rates["flagship"].append(flag_n / flag_s)
        ratios["mmc_vs_simpy"].append(rates["kit"][-1] / rates["simpy"][-1])
        ratios["mmc_vs_ciw"].append(rates["kit"][-1] / rates["ciw"][-1])
        ratios["flagship_vs_simpy"].append(rates["flagship"][-1] / rates["simpy"][-1])
    med = {k: statistics.median(v) for k, v in {**rates, **ratios}.items()}

    print(f"Simulator throughput end to end (simulate() with its tables); {rounds} interleaved round(s), "
          f"medians; load average {load0:.1f} at start on {os.cpu_count()} cores")
    print(f"M/M/{C} (100/h, 3 min), {hours:,.0f} hours (~{LAM * horizon:,.0f} complaints):")
    print(f"  bare SimPy           {med['simpy']:10,.0f} complaints/s")
    print(f"  ciw                  {med['ciw']:10,.0f} complaints/s")
    print(f"  kit, mmc.yaml        {med['kit']:10,.0f} complaints/s   "
          f"x{med['mmc_vs_simpy']:.2f} bare SimPy (target >= {TARGETS['mmc_vs_simpy']}) "
          f"{verdict(med['mmc_vs_simpy'] >= TARGETS['mmc_vs_simpy'])}; "
          f"x{med['mmc_vs_ciw']:.2f} ciw (target >= {TARGETS['mmc_vs_ciw']}) "
          f"{verdict(med['mmc_vs_ciw'] >= TARGETS['mmc_vs_ciw'])}")
    print(f"  kit, flagship        {med['flagship']:10,.0f} complaints/s   "
          f"x{med['flagship_vs_simpy']:.2f} bare SimPy (target >= {TARGETS['flagship_vs_simpy']}) "
          f"{verdict(med['flagship_vs_simpy'] >= TARGETS['flagship_vs_simpy'])}")
    for label, scenario in (("M/M/c", mmc_scenario(hours / 10)), ("flagship", flagship)):
        n, events = kit_events(scenario)
        print(f"  {label}: {events / n:.2f} calendar events per complaint (bare SimPy: about 4.7)")

    # The busy week at 7 and 365 days, alternating fresh processes; the 7-day run is short, so repeated.
    long_days = 365 // scale
    growth, week, year = [], [], []
    for _ in range(rounds):
        week.append(in_fresh_process("busy", 7, repeats=5))
        year.append(in_fresh_process("busy", long_days))
        growth.append(year[-1]["us"] / week[-1]["us"])
    w = {k: statistics.median(x[k] for x in week) for k in week[0]}
    y = {k: statistics.median(x[k] for x in year) for k in year[0]}
    g = statistics.median(growth)
    print(f"Busy week, each in a fresh process (peak memory above the baseline after imports, "
          f"{y['baseline_mb']:,.0f} MB):")
    for label, x in (("7 days", w), (f"{long_days} days", y)):
        print(f"  {label:9} {x['complaints']:9,} complaints  {x['us']:6.1f} us/complaint  "
              f"{x['bytes_per_complaint']:7,.0f} bytes/complaint above the baseline  "
              f"{x['events']:4.2f} calendar events/complaint")
    print(f"  us per complaint, {long_days} days / 7 days = x{g:.2f} (target <= {TARGETS['busy_growth']}) "
          f"{verdict(g <= TARGETS['busy_growth'])}; peak {y['bytes_per_complaint']:,.0f} bytes per complaint "
          f"(target <= {TARGETS['busy_bytes']:,.0f}) {verdict(y['bytes_per_complaint'] <= TARGETS['busy_bytes'])}")
    # Not the target, but what explains it: a longer run may simply have more to do per complaint (a backlog
    # that builds over months is escalated; fewer complaints lose their follow-up to the horizon's cut).
    per_event = (y["us"] / y["events"]) / (w["us"] / w["events"])
    print(f"  (per calendar event: x{per_event:.2f}; events per complaint x{y['events'] / w['events']:.2f}, the "
          f"model's own extra work over the longer run)")

    target = 500_000 // scale
    fy = in_fresh_process("year", target)
    print(f"Flagship over one year, fresh process: {fy['complaints']:,} complaints in {fy['seconds']:.1f} s "
          f"({fy['us']:.1f} us/complaint), peak memory {fy['peak_mb']:,.0f} MB "
          f"(target <= {TARGETS['year_mb']:,.0f} MB) {verdict(fy['peak_mb'] <= TARGETS['year_mb'])}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
