"""One run (``simulate``) and n independent replications (``replicate``) on any executor.

Replication ``i`` of a batch with seed ``s`` draws from streams spawned from ``(s, i)``, so the numbers
do not depend on which executor (process pool, thread pool, Dask cluster) ran it, nor in what order.
"""
from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field

import pandas as pd

from sim.format.scenario import Scenario
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.frames import activations_frame, complaints_frame, log_frame, timeseries_frame
from sim.simulation.metrics import compute_kpis, summarise


@dataclass
class SimulationResult:
    """One run: the event log, one row per complaint, the 15-minute time series, activations, KPIs."""
    scenario: Scenario
    seed: int
    replication: int
    log: pd.DataFrame
    complaints: pd.DataFrame
    timeseries: pd.DataFrame
    activations: pd.DataFrame
    kpis: pd.Series
    trigger_first_held: dict = field(default_factory=dict)


def simulate(scenario: Scenario, seed: int | None = None, replication: int = 0,
             options: CentreOptions | None = None) -> SimulationResult:
    """Run the scenario once: to its horizon, then through the drain (every complaint that arrived within
    the horizon measured; see :mod:`sim.simulation.metrics`). ``seed`` defaults to the scenario's own seed."""
    centre = Centre(scenario, seed=seed, replication=replication, options=options)
    centre.run()
    return result_of(centre, seed, replication)


def result_of(centre: Centre, seed: int | None = None, replication: int = 0) -> SimulationResult:
    """Tables and KPIs of a centre run so far, from its records (also used by the live command drill)."""
    records = centre.records()
    return SimulationResult(
        scenario=records.scenario, seed=records.scenario.seed if seed is None else seed, replication=replication,
        log=log_frame(records), complaints=complaints_frame(records),
        timeseries=timeseries_frame(records), activations=activations_frame(records),
        kpis=compute_kpis(records), trigger_first_held=dict(records.trigger_first_held))


def run_kpis(scenario: Scenario, seed: int | None, replication: int,
             options: CentreOptions | None = None) -> pd.Series:
    """KPIs of one replication without the heavy tables (what workers send back)."""
    opts = options or CentreOptions()
    if opts.record_log:
        opts = CentreOptions(**{**opts.__dict__, "record_log": False})
    centre = Centre(scenario, seed=seed, replication=replication, options=opts)
    centre.run()
    return compute_kpis(centre.records())


@dataclass
class ReplicationResult:
    scenario: Scenario
    runs: pd.DataFrame          # one row per replication, one column per KPI (then the n:<kpi> counts)
    summary: pd.DataFrame       # kpi, mean, ci_low, ci_high, n, cases, interval, target, direction, met, met_ci, status

    def kpi(self, name: str) -> pd.Series:
        return self.summary.set_index("kpi").loc[name]


def as_executor(executor):
    """Accept a concurrent.futures.Executor or a dask.distributed Client."""
    if executor is None or isinstance(executor, Executor):
        return executor
    if hasattr(executor, "get_executor"):          # distributed.Client
        return executor.get_executor()
    raise TypeError(f"expected a concurrent.futures.Executor or a distributed.Client, got {type(executor).__name__}")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def map_runs(fn, argsets: list[tuple], executor=None, progress: bool = True, desc: str = "replications") -> list:
    """Run ``fn(*args)`` for each argument tuple on the executor (default: a process pool), in order."""
    from tqdm.auto import tqdm
    ex = as_executor(executor)
    own = None
    if ex is None and len(argsets) > 1 and default_workers() > 1:
        own = ex = ProcessPoolExecutor(max_workers=min(default_workers(), len(argsets)))
    try:
        bar = tqdm(total=len(argsets), desc=desc, disable=not progress, leave=False)
        if ex is None:
            out = []
            for args in argsets:
                out.append(fn(*args))
                bar.update()
        else:
            futures = [ex.submit(fn, *args) for args in argsets]
            out = []
            for fut in futures:
                out.append(fut.result())
                bar.update()
        bar.close()
        return out
    finally:
        if own is not None:
            own.shutdown()


def replicate(scenario: Scenario, n: int = 20, seed: int | None = None, executor=None,
              options: CentreOptions | None = None, progress: bool = True,
              confidence: float = 0.95) -> ReplicationResult:
    """``n`` independent replications; replication i uses streams from (seed, i)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    base = scenario.seed if seed is None else seed
    kpis = map_runs(run_kpis, [(scenario, base, i, options) for i in range(n)], executor, progress)
    runs = pd.DataFrame(kpis).reset_index(drop=True)
    return ReplicationResult(scenario, runs, summarise(runs, scenario.plan, confidence))
