"""Simulator throughput, printed as ratios against baselines measured in the same run.

(a) a bare SimPy M/M/c loop written here (the floor of what SimPy can do);
(b) this kit's model on scenarios/validation/mmc.yaml (the same M/M/c);
(c) ciw (a queueing-network library) on the same M/M/c;
(d) the flagship scenario stretched to one year (~500 000 complaints), on one core, with peak memory.

Targets: (b) >= 0.5 x (a); (b) >= (c); (d) under 60 s for 500 000 complaints; memory under 2 GB.
Run: `make bench` or `.venv/bin/python benchmarks/throughput.py [--quick]`.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import simpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim
from sim.format.load import scenario_from_dict
from sim.simulation.centre import Centre, CentreOptions

LAM, MU, C = 24 / 60, 1 / 10, 5        # mmc.yaml: 24 per hour, 10 min service, 5 agents


def bare_simpy(horizon: float, seed: int = 1) -> int:
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=C)
    served = [0]

    def customer():
        with agents.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        served[0] += 1

    def source():
        while True:
            yield env.timeout(rng.expovariate(LAM))
            env.process(customer())

    env.process(source())
    env.run(until=horizon)
    return served[0]


def ciw_mmc(horizon: float, seed: int = 1) -> int:
    import ciw
    network = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(LAM)],
                                 service_distributions=[ciw.dists.Exponential(MU)], number_of_servers=[C])
    ciw.seed(seed)
    q = ciw.Simulation(network)
    q.simulate_until_max_time(horizon)
    return len(q.get_all_records())


def kit_mmc(scenario, seed: int = 1) -> int:
    centre = Centre(scenario, seed=seed, options=CentreOptions(record_log=False))
    centre.run()
    return len(centre.cases)


def best_rate(fn, repeats: int) -> float:
    best = 0.0
    for i in range(repeats):
        t0 = time.perf_counter()
        n = fn(i)
        best = max(best, n / (time.perf_counter() - t0))
    return best


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke test, not a measurement)")
    args = parser.parse_args()
    days = 10 if args.quick else 60
    horizon = days * 1440.0
    repeats = 1 if args.quick else 3
    mmc = sim.load_scenario(ROOT / "scenarios" / "validation" / "mmc.yaml")
    data = mmc.model_dump(mode="json", by_alias=True)
    data["horizon"], data["warm_up"] = f"{days}d", "0min"
    mmc = scenario_from_dict(data, mmc.plan)

    # Interleaved (a, b, c, a, b, c, ...) so that load from other processes hits all three alike.
    runners = {"a": lambda i: bare_simpy(horizon, seed=i + 1), "b": lambda i: kit_mmc(mmc, seed=i + 1),
               "c": lambda i: ciw_mmc(horizon, seed=i + 1)}
    best = {k: 0.0 for k in runners}
    for i in range(repeats):
        for key, fn in runners.items():
            try:
                best[key] = max(best[key], best_rate(lambda _j, fn=fn, i=i: fn(i), 1))
            except ImportError:
                best[key] = float("nan")
    a, b, c = best["a"], best["b"], best["c"]
    print(f"M/M/{C}, {days} days (~{LAM * horizon:,.0f} customers), best of {repeats}:")
    print(f"  (a) bare SimPy loop      {a:10,.0f} complaints/s")
    print(f"  (b) kit model, mmc.yaml  {b:10,.0f} complaints/s   (b)/(a) = {b / a:.2f}  target >= 0.50")
    print(f"  (c) ciw                  {c:10,.0f} complaints/s   (b)/(c) = {b / c:.2f}  target >= 1.00")

    flagship = sim.load_scenario(ROOT / "scenarios" / "product_defect_surge.yaml")
    year = year_scenario(flagship, target=100_000 if args.quick else 500_000)
    t0 = time.perf_counter()
    centre = Centre(year)
    centre.run()
    run_s = time.perf_counter() - t0
    from sim.simulation.replication import result_of
    result = result_of(centre)
    elapsed = time.perf_counter() - t0
    n = len(result.complaints)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(d) flagship stretched to one year: {n:,} complaints in {elapsed:.1f} s "
          f"({run_s:.1f} s simulating, {elapsed - run_s:.1f} s building the log and tables; "
          f"500 000 would take {500_000 / (n / elapsed):.1f} s, target < 60 s), "
          f"event log {len(result.log):,} rows, peak memory {peak_mb:,.0f} MB (target < 2 048 MB)")
    print(f"    plan activated {int((result.activations.event == 'plan_activated').sum())} time(s); "
          f"KPIs: first response on time {result.kpis['first_response_on_time']:.3f}, "
          f"abandon rate {result.kpis['abandon_rate']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
