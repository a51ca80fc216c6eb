"""The staffing curve: how a team's KPIs move as people are added to or taken off its shifts.

Around a roster (the scenario's, or one a search found), each point adds ``delta`` people to every shift
of one team and simulates it on the same replications (common random numbers), so the curve's steps are
the effect of staffing, not of noise. For frontline the stationary Erlang prediction
(:func:`~sim.staffing.warm_start.erlang_kpis`) is drawn beside it: where the two part, the plan's
dynamics (surges, activation, priorities) matter more than a steady-hour model can say.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.simulation.centre import CentreOptions
from sim.simulation.metrics import summarise
from sim.simulation.replication import map_runs, run_kpis
from sim.staffing.roster import Roster, full_roster, shift_table, with_roster
from sim.staffing.targets import resolve_targets
from sim.staffing.warm_start import erlang_kpis
from sim.staffing.workload import workload

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario


def staffing_curve(scenario: Scenario, roster: Mapping[str, Iterable[int]] | None = None, *, team: str = "frontline",
                   deltas: Sequence[int] = (-3, -2, -1, 0, 1, 2, 3), reps: int = 4, seed: int | None = None,
                   executor: Any = None, options: CentreOptions | None = None, confidence: float = 0.95,
                   kpis: Sequence[str] = ("first_response_on_time", "abandon_rate")) -> pd.DataFrame:
    """Staff vs KPI for ``team`` around a roster: the simulation (mean and CI over ``reps`` replications,
    the same seeds for every point) and the stationary Erlang prediction (:func:`erlang_kpis`, frontline
    only, rostered staff only).

    Each point adds ``delta`` people to every shift of ``team`` that works within the horizon (never below
    0). Returns one row per delta and KPI: delta, staff (mean rostered headcount of the team on duty over
    the horizon), kpi, mean, ci_low, ci_high, erlang, target, direction.
    """
    full = full_roster(scenario, roster)
    if team not in full:
        raise ValueError(f"team {team!r} has no shifts; teams with shifts: {', '.join(full)}")
    table = shift_table(scenario)
    hours = table[table.team == team]["hours"].to_numpy()
    base = replace(options or CentreOptions(), record_log=False)
    seed = scenario.seed if seed is None else seed
    points: list[tuple[int, Roster]] = []
    for d in deltas:
        counts = tuple(max(0, c + d) if h > 0 else c for c, h in zip(full[team], hours))
        points.append((d, {**full, team: counts}))
    tasks = [(scenario, seed, r, with_roster(base, ros)) for _, ros in points for r in range(reps)]
    results = map_runs(run_kpis, tasks, executor, progress=False)   # a process pool of its own if none is given
    wl = workload(scenario, base)
    targets = resolve_targets(scenario) if scenario.plan.kpi_targets else {}
    rows = []
    horizon_hours = scenario.horizon / 60.0
    for i, (d, ros) in enumerate(points):
        summary = summarise(pd.DataFrame(results[i * reps:(i + 1) * reps]), scenario.plan, confidence).set_index("kpi")
        erl = erlang_kpis(scenario, ros, base, wl) if team == "frontline" else {}
        staff = float(np.dot(ros[team], hours) / horizon_hours)
        for kpi in kpis:
            tgt = targets.get(kpi)
            rows.append({"delta": d, "staff": staff, "kpi": kpi, "mean": summary.loc[kpi, "mean"],
                         "ci_low": summary.loc[kpi, "ci_low"], "ci_high": summary.loc[kpi, "ci_high"],
                         "erlang": erl.get(kpi, math.nan), "target": tgt.value if tgt else math.nan,
                         "direction": tgt.direction if tgt else ""})
    return pd.DataFrame(rows)
