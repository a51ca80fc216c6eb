"""Targets staffing cannot reach: which ones a search leaves out, and what the best roster tried reached.

A target the search's ceiling roster still misses may be one no staffing meets: a plan rule limits it
(a major complaint misgraded at intake is not notified to the crisis group in time, whoever is on
duty), or the few replications a candidate gets leave its confidence bound short although its mean meets
it. Such a target is left out of the search and reported (``StaffingResult.unreachable``, with what
limits it), never counted as met; the verification's table still judges it on the fresh replications.

* A target missed at the ceiling and at twice the ceiling: staffing does not move its bound.
* From the plan-level start (:mod:`sim.staffing.plan_start`; at most half the ceiling), a target missed
  at the ceiling by no less than at the start: doubling the staff did not bring it closer, so staffing
  visibly does not move it, and twice the ceiling is not simulated. A run that failed is no evidence:
  then twice the ceiling decides.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from sim.staffing.candidates import Evaluator, Judgement, Key, RosterSpace, bound, head, judge, with_counts


def unreachable_targets(ev: Evaluator, space: RosterSpace, reps: Sequence[int], top: Judgement, start: Judgement,
                        evaluate: Callable[[Key], Judgement], by_plan: bool) -> tuple[list[str], Key]:
    """(the targets to leave out, the roster that shows it) once the ceiling ``top`` missed a target;
    ``start`` is the judgement of the roster the search started from, ``evaluate`` simulates a roster.
    When the ceiling still misses a target twice the ceiling meets, the space's ceiling becomes twice it."""
    ceiling = space.ceiling
    missed = [k for k, m in top.margins.items() if m < 0]
    failed = ev.errors.get(ceiling) or ev.errors.get(start.key)      # a crash is no evidence
    if by_plan and not failed and all(top.margins[k] <= start.margins[k] for k in missed):
        return missed, ceiling
    bigger = with_counts(ceiling, {s: head(ceiling, s) * 2 for s in space.searched})
    big = evaluate(bigger)
    gone = [k for k in missed if big.margins[k] < 0]
    rest = {k: v for k, v in ev.targets.items() if k not in gone}
    if not judge(ev.frame(ceiling, reps), rest, ev.confidence)[0]:
        space.ceiling = bigger      # still short at the ceiling: twice it; what misses there is left out
        gone += [k for k, m in big.margins.items() if m < 0 and k not in gone]
    return gone, bigger


def unreachable_row(ev: Evaluator, space: RosterSpace, runs: pd.DataFrame, kpi: str, best: Key) -> dict:
    """What the best roster tried (``runs``: its replications) reached on a target it still missed."""
    tgt = ev.targets[kpi]
    mean = float(runs[kpi].mean())
    return {"kpi": kpi, "direction": tgt.direction, "target": tgt.value, "best_mean": mean,
            "best_bound": bound(runs, tgt, ev.confidence), "roster": space.label(best),
            # its mean meets the target, its confidence bound does not: what limits it is how few
            # replications there are, not staffing (the verification's table still judges it)
            "limited_by": "replications" if tgt.met(mean) else "plan"}
