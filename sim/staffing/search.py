"""The staffing search: the cheapest roster whose simulated KPIs meet every target.

:func:`find_staffing` answers "what is the cheapest roster that meets the plan's targets?" in four stages:

1. **Start** (analytic, a fraction of a second): the warm start, the roster the Erlang models ask for hour
   by hour (:mod:`sim.staffing.warm_start`), then the *plan-level start*: the fewest people whose
   predicted KPIs meet the targets over the horizon, as the targets are measured
   (:mod:`sim.staffing.plan_start`). The search starts from the plan-level start (``strategy="plan"``,
   the default) or from the warm start (``strategy="hourly"``: the earlier search, several times the
   simulations, kept for comparison).
2. **Feasible.** The start is simulated (common random numbers: replications 0..reps-1 of one
   seed). If it misses a target, a generous ceiling roster is simulated; targets the ceiling (and twice
   the ceiling) still misses cannot be reached by staffing at all (they are reported, not searched); from
   the plan-level start, a target the ceiling misses by no less than the start does is one staffing does
   not move, and twice the ceiling is not simulated. Then a bisection along the line from the start to
   the ceiling (from the plan-level start: to the warm start, when that meets the targets, a shorter
   climb) finds a roster that meets the rest.
3. **Descend.** Greedy removal of staff while every target still holds, never below the floor (one person
   on every shift during which work for its team arrives, :mod:`sim.staffing.floor`): from the warm start,
   first whole-team moves (k people off every shift of a team), then shift by shift, the shift where one
   person costs most first; each move size k doubles after a success and halves after a failure
   (galloping), and a shift is done when removing one person fails. From the plan-level start (near the
   answer) shift by shift only, one person first. A final *polish* re-tests removing one person from
   every shift at the final roster (in one parallel batch) until none passes, so the result is 1-minimal
   on the search replications, whatever the order.
4. **Verify** with fresh replications (indices never used before). If the roster fails there, the fresh
   replications join the search set and stages 2-3 run again from it (at most ``max_rounds`` times).

Whatever the start, a roster is accepted only on the confidence bounds of all its search replications
and verified on fresh ones: the start changes how many rosters are simulated, not what "met" means.

The result then says, per team and shift, what holds its headcount (the target that fails with one person
fewer there, already simulated by the polish, or the floor) and which target the fresh replications put
closest to failing (:mod:`sim.staffing.result`). A planner's UI follows the search with ``progress`` and
stops it with ``should_stop`` (:class:`~sim.staffing.result.SearchCancelled`).

How a candidate is judged (confidence bounds on common random numbers) is in
:mod:`sim.staffing.candidates`; the cost model in :mod:`sim.staffing.roster`.
"""
from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.i18n import t
from sim.simulation.centre import CentreOptions
from sim.staffing.candidates import (
    Evaluator,
    Judgement,
    Key,
    RosterSpace,
    ShiftAt,
    executor_for,
    head,
    with_counts,
)
from sim.staffing.plan_start import plan_roster
from sim.staffing.result import (
    FLOOR,
    NONE,
    Binding,
    SearchCancelled,
    SearchOutcome,
    StaffingError,
    StaffingResult,
    staffing_result,
)
from sim.staffing.targets import TargetsArg, as_targets, closeness
from sim.staffing.unreachable import unreachable_row, unreachable_targets
from sim.staffing.warm_start import warm_start

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario


def find_staffing(scenario: Scenario, targets: TargetsArg = None, confidence: float = 0.95, reps: int = 4,
                  executor: Any = None, progress: Callable[[dict], None] | bool | None = None, *,
                  verify_reps: int = 8, seed: int | None = None, options: CentreOptions | None = None,
                  teams: Iterable[str] | None = None, max_rounds: int = 3, unreachable: str = "report",
                  should_stop: Callable[[], bool] | None = None, lang: str = "en",
                  strategy: str = "plan") -> StaffingResult:
    """The cheapest roster (headcount per team and shift) whose confidence bound meets every target, with
    someone on every shift during which work for its team arrives (the floor, :mod:`sim.staffing.floor`).

    Parameters
    ----------
    targets: ``None`` for the plan's ``kpi_targets``; or replacements (see :func:`~sim.staffing.targets.resolve_targets`:
        ``{"first_response_on_time.major": 0.95}``, direction from the plan's target for that KPI, else
        ``>=`` for shares and ``<=`` for abandon_rate, wait_probability and times).
    confidence: of the replication summary's intervals (inside [0, 1] for a share, Student t otherwise); a
        target "at least v" needs ci_low >= v, "at most v" ci_high <= v.
    reps: replications per candidate during the search (replications 0..reps-1 of ``seed``: every
        candidate sees the same complaints, common random numbers).
    verify_reps: fresh replications (indices not used before) the final roster must pass as well; if it
        fails them, they join the search replications and the search continues (at most ``max_rounds``).
    executor: any ``concurrent.futures.Executor`` or a ``distributed.Client`` (default: a process pool
        over the available cores, shut down at the end). Results do not depend on the executor.
    options: a ``CentreOptions`` (surge multiplier, activation delay, ...) every candidate runs with;
        its staffing overrides are replaced by the candidate's and the event log is off.
    teams: search only these teams (default: every team whose staffing affects the targets; the others
        keep the scenario's headcounts).
    unreachable: "report" (default) leaves targets that even a generous roster misses out of the search and
        lists them in ``result.unreachable``; "raise" raises :class:`StaffingError` instead.
    progress: called after each candidate roster is judged, with its trace row (candidate, round, phase,
        roster, cost, met, reps, worst, margin, failing) and ``stage`` ("feasible", "descend", "verify",
        "binding"), ``evaluated`` (candidates judged so far) and ``feasible`` (it met the targets); ``True``
        shows a text progress bar instead, ``None`` (default) or ``False`` nothing.
    should_stop: checked before every simulation run and after every run collected; when it returns True
        the search stops (runs not started are cancelled) and raises :class:`SearchCancelled`.
    strategy: "plan" (default) starts from the plan-level start (:mod:`sim.staffing.plan_start`: the
        fewest people whose analytic KPIs meet the targets over the horizon) and descends shift by shift;
        "hourly" starts from the warm start (every hour meets every target) and first takes people off
        whole teams (the search before the plan-level start, kept for comparison: slower, same verdicts).

    The stages (warm start, feasible, descend, verify) are described in the module's docstring; the result
    also says what holds each shift's headcount (``roster["binds"]``) and which target the fresh
    replications put closest to failing (``result.worst``).
    """
    started = time.perf_counter()
    _check_arguments(reps, verify_reps, confidence, unreachable, lang)
    if strategy not in ("plan", "hourly"):
        raise ValueError(t("staff.err.strategy_choice", lang, value=strategy))
    all_targets = as_targets(scenario, targets, lang)
    base = replace(options or CentreOptions(), record_log=False, staffing_overrides={})
    stop = _checkpoint(should_stop, lang)
    stop()
    warm = warm_start(scenario, all_targets, base, teams)                          # 1. warm start
    if not warm.teams:
        raise StaffingError(t("staff.err.no_teams", lang))
    space = RosterSpace.around(scenario, warm, (lambda least: plan_roster(scenario, warm, all_targets, least))
                               if strategy == "plan" else None)
    bar = _text_bar(lang) if progress is True else None

    def report(row: dict) -> None:
        if bar is not None:
            bar.update()
            bar.set_postfix_str(f"{row['phase']} cost {row['cost']:,.0f} {'met' if row['met'] else 'missed'}")
        elif callable(progress):
            progress(row)

    try:
        with executor_for(executor) as ex:
            evaluator = Evaluator(scenario, base, space, all_targets, confidence,
                                  scenario.seed if seed is None else int(seed), ex, report, stop)
            search = _Search(evaluator, space, reps, unreachable, lang, by_plan=strategy == "plan")
            found = search.run(max_rounds, verify_reps)                                 # 2.-4.
            found.binds = search.binding(found.key)
    finally:
        if bar is not None:
            bar.close()
    if not found.verified:
        warnings.warn(t("staff.not_verified", lang, rounds=max_rounds), RuntimeWarning, stacklevel=2)
    return staffing_result(scenario, warm, space, evaluator, all_targets, found, time.perf_counter() - started,
                           lang)


def _checkpoint(should_stop: Callable[[], bool] | None, lang: str) -> Callable[[], None]:
    """What the evaluator calls between runs: raises SearchCancelled once ``should_stop()`` is true."""
    def check() -> None:
        if should_stop is not None and should_stop():
            raise SearchCancelled(t("staff.cancelled", lang))
    return check


def _text_bar(lang: str = "en") -> Any:
    """A text progress bar (``progress=True``), labelled in ``lang``. tqdm.auto looks for a notebook (and
    imports ipywidgets there): only a search that shows a bar pays for it."""
    from tqdm.auto import tqdm
    return tqdm(desc=t("staff.progress", lang), unit=t("staff.progress_unit", lang), leave=False)


def _check_arguments(reps: int, verify_reps: int, confidence: float, unreachable: str, lang: str) -> None:
    if not (isinstance(reps, Integral) and reps >= 2) or not (isinstance(verify_reps, Integral) and verify_reps >= 2):
        raise ValueError(t("staff.err.reps_whole", lang))
    if not 0 < confidence < 1:
        raise ValueError(t("staff.err.confidence_value", lang, value=confidence))
    if unreachable not in ("report", "raise"):
        raise ValueError(t("staff.err.unreachable_choice", lang))


class _Search:
    """The procedure, round by round: feasible -> descend -> verify (the warm start is its first roster)."""

    def __init__(self, evaluator: Evaluator, space: RosterSpace, reps: int, unreachable: str, lang: str,
                 by_plan: bool = False):
        self.ev = evaluator
        self.by_plan = by_plan               # started near the answer: shift by shift, no whole-team moves
        self.space = space
        self.reps = list(range(reps))        # the replications candidates are compared on
        self.next_rep = reps                 # the first replication index never used
        self.unreachable = unreachable
        self.lang = lang
        self.dropped: list[dict] = []
        self.not_applicable: list[str] = []

    def run(self, max_rounds: int, verify_reps: int) -> SearchOutcome:
        cur = self.space.start
        verify: list[int] = []
        for rnd in range(max_rounds):
            self.ev.round = rnd
            cur = self.descend(self.feasible(cur))
            verify = list(range(self.next_rep, self.next_rep + verify_reps))
            self.next_rep += verify_reps
            if self.evaluate(cur, "verify", verify).met:
                return self._outcome(cur, verify, verified=True)
            self.reps = self.reps + verify
        return self._outcome(cur, verify, verified=False)

    def _outcome(self, key: Key, verify: list[int], verified: bool) -> SearchOutcome:
        return SearchOutcome(key, verify, verified, len(self.reps), self.dropped, self.not_applicable)

    def evaluate(self, key: Key, phase: str, reps: Sequence[int] | None = None) -> Judgement:
        return self.ev.evaluate([key], self.reps if reps is None else reps, phase)[0]

    # --- feasible: a roster meeting the targets -------------------------------------------------

    def feasible(self, cur: Key) -> Key:
        """A roster meeting the targets on the current replications: ``cur`` itself, or one on the way to
        the ceiling (found by bisection). Targets no ceiling meets are dropped (or raise). From the
        plan-level start, when the warm start (every hour staffed for every target) meets the targets,
        the bisection climbs the shorter way, from ``cur`` to the warm start."""
        ev = self.evaluate(cur, "start")
        if self.ev.round == 0 and not self.ev.errors.get(cur):
            self._drop_not_observed(cur)
            ev = self.ev.judge(cur, self.reps)
        if ev.met:
            return cur
        top = self.evaluate(self.space.ceiling, "ceiling")
        if not top.met:
            self._drop_unreachable(top, ev)
            if self.ev.judge(cur, self.reps).met:
                return cur
        warm = self.space.warm
        if (self.by_plan and warm is not None and warm != cur
                and all(head(warm, s) >= head(cur, s) for s in self.space.searched)
                and self.evaluate(warm, "up").met):
            return self._bisect(cur, warm)
        return self._bisect(cur, self.space.ceiling)

    def _drop_not_observed(self, cur: Key) -> None:
        """Targets on a KPI this scenario never reports a value for are not applicable: left out."""
        runs = self.ev.frame(cur, self.reps)
        for kpi in list(self.ev.targets):
            if kpi not in runs or runs[kpi].notna().sum() == 0:
                self.not_applicable.append(kpi)
                del self.ev.targets[kpi]

    def _drop_unreachable(self, top: Judgement, start: Judgement) -> None:
        """Leave out the targets no staffing meets (:mod:`sim.staffing.unreachable`), or raise."""
        gone, best = unreachable_targets(self.ev, self.space, self.reps, top, start,
                                         lambda key: self.evaluate(key, "ceiling"), self.by_plan)
        runs = self.ev.frame(best, self.reps)
        rows = [unreachable_row(self.ev, self.space, runs, kpi, best) for kpi in gone]
        if rows and self.unreachable == "raise":
            raise StaffingError(t("staff.err.unreachable", self.lang, targets="; ".join(
                f"{self.ev.targets[kpi]} ({row['best_mean']:.3f})" for kpi, row in zip(gone, rows))))
        self.dropped += rows
        for kpi in gone:
            self.ev.targets.pop(kpi, None)
        if not self.ev.targets:
            raise StaffingError(t("staff.err.nothing_left", self.lang))

    def _bisect(self, cur: Key, ceiling: Key) -> Key:
        """The fewest steps up the line from ``cur`` to ``ceiling`` (a roster meeting the targets) that meet
        the targets (4 halvings)."""

        def path(a: float) -> Key:
            return with_counts(cur, {s: head(cur, s) + math.ceil(a * (head(ceiling, s) - head(cur, s)) - 1e-9)
                                     for s in self.space.searched if head(ceiling, s) > head(cur, s)})
        lo, hi = 0.0, 1.0
        for _ in range(4):
            mid = (lo + hi) / 2
            key = path(mid)
            if key in (path(lo), path(hi)):
                break
            if self.evaluate(key, "up").met:
                hi = mid
            else:
                lo = mid
        return path(hi)

    # --- descend: remove staff while the targets hold -------------------------------------------

    def descend(self, cur: Key) -> Key:
        """Greedy removal (team blocks, then single shifts by cost per person), galloping, then polish;
        no shift goes below its floor."""
        space = self.space
        searched, person = space.searched, space.person
        last_fail: dict[ShiftAt, Key] = {}   # shift -> the roster at which one more off it broke a target
        team_cost: dict[int, float] = {}
        for s in searched:
            team_cost[s[0]] = team_cost.get(s[0], 0.0) + person[s] * head(cur, s)
        for i in sorted(team_cost, key=lambda i: -team_cost[i]):
            mine = [s for s in searched if s[0] == i and space.spare(cur, s) > 0]
            if len(mine) > 1 and not self.by_plan:   # whole-team moves pay off far from the answer only
                cur = self._shrink(cur, mine, "team", last_fail)
        for s in sorted(searched, key=lambda s: (-person[s], s)):
            if space.spare(cur, s) > 0:
                cur = self._shrink(cur, [s], "shift", last_fail)
        return self._polish(cur, last_fail)

    def _shrink(self, cur: Key, shifts: list[ShiftAt], phase: str, last_fail: dict[ShiftAt, Key]) -> Key:
        """Remove as many people as possible from each of ``shifts`` at once (capped at what each has above
        its floor): galloping from a quarter of the typical headcount, then bisection between the largest
        removal that kept the targets and the smallest that broke one."""
        def minus(m: int) -> Key:
            return self.space.minus(cur, shifts, m)
        top = max(self.space.spare(cur, s) for s in shifts)
        staffed = [head(cur, s) for s in shifts if head(cur, s) > 0]
        good, bad = 0, None
        m = max(1, int(np.median(staffed)) // 4) if staffed else 0
        if self.by_plan:
            m = min(m, 1)      # near the answer: one person first, doubling while it holds
        while 0 < top and good < m:
            m = min(m, top)
            if bad is not None and m >= bad:
                m = (good + bad) // 2
                if m <= good:
                    break
            if self.evaluate(minus(m), phase).met:
                good = m
                if m == top:
                    break
                m = m * 2 if bad is None else (good + bad) // 2
            else:
                bad = m
                m = (good + bad) // 2
        result = minus(good)
        if len(shifts) == 1 and bad == good + 1:
            last_fail[shifts[0]] = result        # one more off this shift breaks a target
        return result

    def _polish(self, cur: Key, last_fail: dict[ShiftAt, Key]) -> Key:
        """Until no single removal passes: try one person off every shift at the current roster (one batch),
        and take the passing removal that saves most."""
        searched, person = self.space.searched, self.space.person
        while True:
            todo = [s for s in searched if self.space.spare(cur, s) > 0 and last_fail.get(s) != cur]
            if not todo:
                return cur
            cands = [with_counts(cur, {s: head(cur, s) - 1}) for s in todo]
            evs = self.ev.evaluate(cands, self.reps, "polish")
            passing = [(person[s], s, ev.key) for s, ev in zip(todo, evs) if ev.met]
            for s in todo:
                last_fail[s] = cur
            if not passing:
                return cur
            cur = max(passing)[2]

    # --- what holds each headcount --------------------------------------------------------------

    def binding(self, key: Key) -> dict[ShiftAt, Binding]:
        """For every searched shift of ``key``: the target that fails (on the search's replications) with one
        person fewer on it, the one missed by most (:func:`closeness`); ``FLOOR`` when the shift is at its
        floor; ``NONE`` when nobody is on it, or when one fewer still meets every target (an unverified
        search). The removals the polish tried are in the cache; any other is simulated now."""
        space = self.space
        shifts = [s for s in space.searched if space.spare(key, s) > 0]
        fewer = [space.minus(key, [s], 1) for s in shifts]
        judged = dict(zip(shifts, self.ev.evaluate(fewer, self.reps, "binding"))) if fewer else {}
        out: dict[ShiftAt, Binding] = {}
        for s in space.searched:
            if s in judged:
                missed = {k: closeness(self.ev.targets[k], m) for k, m in judged[s].margins.items() if m < 0}
                out[s] = (min(missed, key=lambda k: missed[k]), missed[min(missed, key=lambda k: missed[k])]) \
                    if missed else (NONE, math.nan)
            else:
                out[s] = (FLOOR, math.nan) if head(key, s) > 0 else (NONE, math.nan)
        return out
