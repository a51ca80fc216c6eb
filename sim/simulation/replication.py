"""One run (``simulate``) and n independent replications (``replicate``) on any executor.

Replication ``i`` of a batch with seed ``s`` draws from streams spawned from ``(s, i)``, so the numbers
do not depend on which executor ran it, how many workers it had, nor in what order.

How :func:`replicate` spreads a batch:

* one core, or one replication: here, one after the other;
* several cores and no executor given: this process and a process pool of its own, one worker per other
  core. The scenario reaches each worker once, through the pool's initializer (with ``fork``, not even
  pickled); a task is then just a replication number, its answer the run's KPIs and what ``keep`` takes
  from it, computed in the worker: every process does the same work per replication (a run, its KPIs,
  ``keep``, which may build tables), so the cores finish together. (When the workers sent records back
  and this process computed every replication's KPIs and ``keep``, it had twice the work of a worker:
  two cores ran a batch 1.3 times as fast as one.) A thread of this process hands each
  worker its next replication as soon as it is done, while this process runs replications from the other
  end of the list: no core waits for another, and a long replication holds back no fixed share;
* an executor given (a thread or process pool, a Dask ``Client``): chunks of consecutive replications,
  two per worker, so the scenario is sent once per chunk instead of once per replication.

With ``detail=True`` replication 0 runs in full (event log and tables, for ``sim run --out``) in this
process while the workers run the others; its KPIs are replication 0's row: it is not simulated twice.

Start-up: a replication needs SimPy and NumPy only, and so do its KPIs (a dict,
:func:`~sim.simulation.metrics.kpi_values`) and a ``keep`` such as ``sim run``'s: pandas is imported
once, by this process, when the batch is complete (the table of KPIs, the summary; or for replication 0
in full, with ``detail``), never by a worker (it cost each a fifth of a second of its share).

Setting the environment variable ``SIM_STARTUP_LOG`` to a file makes each process append a line when its
first replication starts (``first``) and when each ends (``end``), the command one when its pool's workers
are up (``forked``) and when the batch is complete (``done``), each with the wall-clock time, the process's
CPU seconds so far and its id: ``benchmarks/startup.py`` reads them to time start-up end to end, from the outside.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, as_completed, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.format.scenario import Scenario
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.collector import paused

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    import pandas as pd

    from sim.simulation.records import RunRecords

STARTUP_LOG = "SIM_STARTUP_LOG"


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
    the horizon measured; see :mod:`sim.simulation.metrics`). ``seed`` defaults to the scenario's own seed.

    The collector is paused for the whole of it (:mod:`sim.simulation.collector`), not stage by stage: each
    stage's end would otherwise set it going over everything the run still holds (a few per cent of a
    short run, and now and then a tenth)."""
    with paused():
        centre = Centre(scenario, seed=seed, replication=replication, options=options)
        centre.run()
        return result_of(centre, seed, replication)


def result_of(centre: Centre, seed: int | None = None, replication: int = 0) -> SimulationResult:
    """Tables and KPIs of a centre run so far, from its records (also used by the live command drill)."""
    from sim.simulation.frames import activations_frame, complaints_frame, log_frame, timeseries_frame
    from sim.simulation.metrics import compute_kpis
    records = centre.records()
    return SimulationResult(
        scenario=records.scenario, seed=records.scenario.seed if seed is None else seed, replication=replication,
        log=log_frame(records), complaints=complaints_frame(records),
        timeseries=timeseries_frame(records), activations=activations_frame(records),
        kpis=compute_kpis(records), trigger_first_held=dict(records.trigger_first_held))


def run_kpis(scenario: Scenario, seed: int | None, replication: int,
             options: CentreOptions | None = None) -> pd.Series:
    """KPIs of one replication without the heavy tables (what workers send back)."""
    records = run_records(scenario, seed, replication, options)
    from sim.simulation.metrics import compute_kpis  # pandas: after the run, so a run need not wait for it
    return compute_kpis(records)


def run_records(scenario: Scenario, seed: int | None, replication: int,
                options: CentreOptions | None = None) -> RunRecords:
    """The records of one replication run without its event log: all its KPIs need, and no pandas."""
    opts = options or CentreOptions()
    if opts.record_log:
        opts = CentreOptions(**{**opts.__dict__, "record_log": False})
    with paused():
        centre = Centre(scenario, seed=seed, replication=replication, options=opts)
        centre.run()
        return centre.records()


@dataclass
class ReplicationResult:
    scenario: Scenario
    runs: pd.DataFrame          # one row per replication, one column per KPI (then the n:<kpi> counts)
    summary: pd.DataFrame       # kpi, mean, ci_low, ci_high, n, cases, interval, target, direction, met, met_ci, status
    detail: SimulationResult | None = None     # replication 0 in full, when asked for (``detail=True``)
    kept: list | None = None                   # what ``keep`` took from each replication, in order

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


def executor_workers(executor) -> int:
    """How many tasks ``executor`` (an Executor or a Dask Client) runs at once, as far as it tells."""
    if hasattr(executor, "nthreads"):              # distributed.Client: threads over all its workers
        return max(1, sum(executor.nthreads().values()))
    return max(1, getattr(executor, "_max_workers", None) or default_workers())


def progress_bar(total: int, desc: str, progress: bool):
    """tqdm's bar: a widget in a notebook, text in a terminal, nothing at all without ``progress``."""
    if not progress:
        return _NoBar()
    # tqdm.auto (the notebook's widget) also loads asyncio and ssl: a quarter of a second a terminal does
    # not need. Imported here, after the workers have started.
    if "IPython" in sys.modules:
        from tqdm.auto import tqdm
    else:
        from tqdm.std import tqdm
    return tqdm(total=total, desc=desc, leave=False)


class _NoBar:
    def update(self, n: int = 1) -> None: ...
    def close(self) -> None: ...


def own_pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A process pool whose workers are started now, with the collector frozen while they fork.

    Frozen, the objects this process already holds are never visited by a worker's garbage collector, so
    the memory pages they share with it are not copied into every worker (copy-on-write) for nothing.
    """
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when there is a pool to start
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)
        pool.submit(int).result()                  # start the workers (all of them, with fork) while frozen
    finally:
        gc.unfreeze()
    _mark("forked")
    return pool


def map_runs(fn, argsets: list[tuple], executor=None, progress: bool = True, desc: str = "replications") -> list:
    """Run ``fn(*args)`` for each argument tuple on the executor (default: a process pool), in order."""
    ex = as_executor(executor)
    own = None
    if ex is None and len(argsets) > 1 and default_workers() > 1:
        own = ex = own_pool(min(default_workers(), len(argsets)))
    try:
        bar = progress_bar(len(argsets), desc, progress)
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
            own.shutdown(cancel_futures=True)


def replicate(scenario: Scenario, n: int = 20, seed: int | None = None, executor=None,
              options: CentreOptions | None = None, progress: bool | str = True,
              confidence: float = 0.95, detail: bool = False, keep=None) -> ReplicationResult:
    """``n`` independent replications; replication i uses streams from (seed, i).

    ``detail``: also keep replication 0 in full (``result.detail``: event log, tables), run in this process.
    ``keep``: a function of a replication's records (and its seed and number), called once per replication
    where the records are (a module-level function: it may travel to an executor's workers); its answers
    are ``result.kept``, in replication order. What a layer above the simulation reads from each run (the
    customers after the incident) then needs no second simulation.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    base = scenario.seed if seed is None else seed
    batch = Batch(range(1 if detail else 0, n), keep, base)
    ex = as_executor(executor)
    helpers = min(default_workers() - 1, len(batch.todo) - 1)     # this process is one of the workers
    pool = own_pool(helpers, _hold_batch, (scenario, base, options, keep)) if ex is None and helpers > 0 \
        else None
    feeder = None
    try:
        if ex is not None:
            for chunk in chunks(batch.take_all(), 2 * executor_workers(executor)):
                batch.pending[ex.submit(_chunk_kpis, scenario, base, chunk, options, keep)] = chunk
        # progress: True, or the bar's label in the user's language
        batch.bar = progress_bar(n, progress if isinstance(progress, str) else "replications", bool(progress))
        if pool is not None:
            feeder = threading.Thread(target=batch.feed, args=(pool, helpers), daemon=True)
            feeder.start()
        first = _logged(_simulate_kept, scenario, base, 0, options) if detail else None
        if first is not None:
            first, records = first
            batch.done([0], [first.kpis], [keep(records, base, 0)] if keep is not None else None)
        while (i := batch.take(last=True)) is not None:
            batch.done_records([i], [_logged(run_records, scenario, base, i, options)])
        if feeder is not None:
            feeder.join()
        batch.collect(as_completed(list(batch.pending)))
        batch.bar.close()
    finally:
        batch.take_all()                            # on an error here, the feeder submits nothing more
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if feeder is not None:
            feeder.join()
    if batch.error is not None:
        raise batch.error
    import pandas as pd

    from sim.simulation.metrics import kpi_series, summarise
    # workers send plain dicts (no pandas there); each becomes the Series compute_kpis gives
    runs = pd.DataFrame([k if isinstance(k := batch.kpis[i], pd.Series) else kpi_series(k)
                         for i in range(n)]).reset_index(drop=True)
    _mark("done")
    kept = [batch.kept[i] for i in range(n)] if keep is not None else None
    return ReplicationResult(scenario, runs, summarise(runs, scenario.plan, confidence), detail=first, kept=kept)


def _simulate_kept(scenario: Scenario, seed: int, replication: int, options: CentreOptions | None):
    """:func:`simulate`, and the run's records as well (for ``keep``)."""
    with paused():
        centre = Centre(scenario, seed=seed, replication=replication, options=options)
        centre.run()
        return result_of(centre, seed, replication), centre.records()


class Batch:
    """The replications of one :func:`replicate` call: those still to run, those running on an executor,
    and the KPIs of those done, shared by this process's loop and the thread feeding its pool."""

    def __init__(self, replications: Iterable[int], keep=None, seed: int = 0):
        self.todo = deque(replications)
        self.kpis: dict[int, pd.Series | dict] = {}
        self.keep, self.seed = keep, seed
        self.kept: dict[int, object] = {}
        self.pending: dict = {}                     # future -> the replications it runs
        self.error: BaseException | None = None
        self.bar = _NoBar()
        self._lock = threading.Lock()

    def take(self, last: bool = False) -> int | None:
        """The next replication to run (this process takes the last one, the pool the first), or None."""
        with self._lock:
            if not self.todo:
                return None
            return self.todo.pop() if last else self.todo.popleft()

    def take_all(self) -> list[int]:
        with self._lock:
            out = list(self.todo)
            self.todo.clear()
            return out

    def done(self, replications: list[int], kpis: list, kept: list | None = None) -> None:
        with self._lock:                            # two threads report: neither count may be lost
            self.kpis.update(zip(replications, kpis, strict=True))
            if kept is not None:
                self.kept.update(zip(replications, kept, strict=True))
            self.bar.update(len(replications))

    def done_records(self, replications: list[int], records: list) -> None:
        """Replications whose records came back: their KPIs (and what ``keep`` takes) computed here."""
        kept = [self.keep(r, self.seed, i) for i, r in zip(replications, records, strict=True)] \
            if self.keep is not None else None
        self.done(replications, [kpis_of(r) for r in records], kept)

    def collect(self, futures) -> None:
        for future in futures:
            kpis, kept = future.result()
            self.done(self.pending.pop(future), kpis, kept)

    def feed(self, pool: ProcessPoolExecutor, workers: int) -> None:
        """Keep each worker of ``pool`` on a replication, handing it the next as soon as one ends (a
        thread of this process, waiting while this process simulates too).

        While many are left, one more is queued behind the workers, so that none waits for this thread
        (which needs the interpreter lock from the simulating thread); near the end, none is, so that no
        worker is left with two while this process has nothing to do.
        """
        running: dict = {}
        try:
            while True:
                while len(running) < workers + (len(self.todo) > workers + 1) and (i := self.take()) is not None:
                    running[pool.submit(_batch_kpis, [i])] = [i]
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    kpis, kept = future.result()
                    self.done(running.pop(future), kpis, kept)
        except Exception as exc:  # noqa: BLE001  (whatever it is, the caller re-raises it)
            self.error = exc
            self.take_all()


def chunks(items: list, k: int) -> list[list]:
    """``items`` in at most ``k`` runs of consecutive items, as even as can be (the longer ones first).

    >>> chunks(list(range(7)), 3), chunks([1, 2], 5), chunks([], 2)
    ([[0, 1, 2], [3, 4], [5, 6]], [[1], [2]], [])
    """
    k = max(1, min(k, len(items)))
    size, extra = divmod(len(items), k)
    out, start = [], 0
    for j in range(k if items else 0):
        end = start + size + (j < extra)
        out.append(items[start:end])
        start = end
    return out


def _chunk_kpis(scenario: Scenario, seed: int, replications: list[int], options: CentreOptions | None,
                keep=None) -> tuple[list, list | None]:
    """KPIs of a few replications (one task on an executor that was not started for this batch), and what
    ``keep`` takes from each (None without it)."""
    records = [_logged(run_records, scenario, seed, i, options) for i in replications]
    kept = [keep(r, seed, i) for i, r in zip(replications, records, strict=True)] if keep is not None else None
    return [kpis_of(r) for r in records], kept


# What a worker of replicate's own pool replicates, set once per worker by the pool's initializer.
_worker_batch: tuple[Scenario, int, CentreOptions | None, object] | None = None


def _hold_batch(scenario: Scenario, seed: int, options: CentreOptions | None, keep=None) -> None:
    global _worker_batch
    _worker_batch = (scenario, seed, options, keep)
    # Ctrl-C is for the command to handle: the worker finishes its replication and the pool is shut down,
    # instead of every worker printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batch_kpis(replications: list[int]) -> tuple[list, list | None]:
    """KPIs of the batch's ``replications`` and what ``keep`` takes from each, computed here in the worker
    (as dicts and NumPy arrays: a worker never imports pandas, a fifth of a second of its share)."""
    assert _worker_batch is not None, "a worker of replicate()'s pool runs _hold_batch first"
    scenario, seed, options, keep = _worker_batch
    return _chunk_kpis(scenario, seed, replications, options, keep)


def kpis_of(records: RunRecords) -> dict[str, float]:
    """A replication's KPIs as :func:`~sim.simulation.metrics.kpi_values` gives them (a dict: no pandas in a
    worker; :func:`replicate` makes the table of them)."""
    from sim.simulation.metrics import kpi_values
    return kpi_values(records)


_first_marked = False


def _logged(run, scenario: Scenario, seed: int, replication: int, options: CentreOptions | None):
    """``run(...)``, its start noted in the start-up log if it is this process's first, its end always."""
    global _first_marked
    if not _first_marked:
        _first_marked = True
        _mark("first")
    result = run(scenario, seed, replication, options)
    _mark("end")
    return result


def _mark(event: str) -> None:
    """Note ``event`` in the start-up log when ``SIM_STARTUP_LOG`` names one (benchmarks only)."""
    path = os.environ.get(STARTUP_LOG)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{event} {time.time()!r} {time.process_time()!r} {os.getpid()}\n")
