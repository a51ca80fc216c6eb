"""The complaint centre as a SimPy model of the plan: who works when, who comes in, who watches.

A :class:`Centre` runs one scenario. Its actors are SimPy processes, each a short story:

* **shifts** (:class:`RosterLine`): a team's agents come on duty at the start of each shift and leave at
  its end (staying on when the plan extends hours); reserves called in stay for the plan's time, and
  on-call members join after their mobilisation delay;
* **customers** (:meth:`Centre._arrivals`): every first contact arrives at its pre-drawn time; some later
  contact the centre again (a retry after hanging up, a repeat contact about an incident);
* **each complaint** walks the plan's steps (:mod:`sim.simulation.complaint`);
* **the monitor** checks the activation triggers on the plan's cadence and, once one holds, launches the
  plan; each action takes effect after its delay (:mod:`sim.simulation.activation`);
* **the observer** (:meth:`Centre._observe`) samples the backlog, attention and every team's queue.

A duty manager (the live command drill) can act instead of the monitor: :meth:`Centre.activate_plan`,
:meth:`Centre.take_action`, :meth:`Centre.call_in`, :meth:`Centre.mobilise_on_call`, advancing the
model with :meth:`Centre.run` between decisions.

**The horizon, then the drain.** Complaints arrive until the scenario's horizon. A full run
(:meth:`Centre.run` without ``until``) then *drains* for :func:`drain_length`: no new contact arrives
(no first contact, retry, repeat contact or follow-up that would start after the horizon), the monitor
and the observer stop, and the centre keeps working — shifts as rostered, escalation, actions already
decided — so that every complaint that arrived within the horizon has a known outcome against each
target (see :mod:`sim.simulation.metrics`). The team accounts (utilisation, cost, overtime) are kept as
they stood at the horizon, so that rosters are compared on the same window.

The centre never answers a plan question itself: priority, grading, routing, escalation, triggers,
action effects and satisfaction are :mod:`sim.rules`. Teams are :class:`~sim.simulation.resources.TeamPool`
objects; what happens to the complaints is written into columns as it happens (the case book and the
event log, :mod:`sim.simulation.casebook`); what a run leaves behind is :meth:`Centre.records` (plain
data for the KPIs). Running keeps the garbage collector out of the way (:mod:`sim.simulation.collector`).
"""
from __future__ import annotations

import math
from array import array
from collections import deque
from dataclasses import dataclass, field
from functools import partial
from heapq import heappush
from itertools import islice
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy
from simpy.core import NORMAL

from sim import rules
from sim.rules import GRADES
from sim.simulation.activation import PlanCommand
from sim.simulation.arrivals import generate, streams
from sim.simulation.casebook import CaseBook, EventLog
from sim.simulation.collector import paused
from sim.simulation.complaint import ARRIVE, Contact, complaint, escalate, escalation_pending, renege
from sim.simulation.deadlines import Deadlines
from sim.simulation.records import (
    FIRST,
    N_UNIFORMS,
    REPEAT,
    U_NOTICE,
    U_REPEAT,
    U_REPEAT_DELAY,
    PlanActivation,
    RunRecords,
    SampleTable,
    TeamRecord,
    empty_log,
)
from sim.simulation.resources import TeamPool
from sim.simulation.sampling import ServiceSamplers, sampler_or_none
from sim.simulation.story import Wake, begin_story, run_until, sleeper, soon, tell
from sim.simulation.triggers import TriggerWatch

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

    from sim.format.plan import Plan
    from sim.format.scenario import Scenario

    Process = Generator[simpy.Event, Any, None]

NEEDS_BLOCK = 4096          # first contacts whose uniforms are drawn at a time (the same numbers as all at once)
LATER_BLOCK = 64            # retries' or repeat contacts' uniforms drawn at a time


def drain_length(plan: Plan) -> float:
    """Minutes the centre keeps working after the horizon: the plan's longest deadline (first response,
    resolution, crisis-group notification, the 24-hour rule), so that a complaint still open when the
    drain ends is late on every target.

    >>> from sim.format.library import find_scenario
    >>> drain_length(find_scenario("product_defect_surge").plan) / 1440     # minor resolution: 5 days
    5.0
    """
    targets = plan.targets
    return max(max(rules.resolution_target(plan, g) for g in GRADES),
               max(rules.first_response_target(plan, g) for g in GRADES),
               targets.crisis_group_notification, targets.first_response_all)


@dataclass
class CentreOptions:
    """Knobs a planner turns without editing the scenario."""
    auto_activate: bool = True               # the monitor activates the plan when a trigger holds
    activation_delay: float = 0.0            # extra minutes between a trigger holding and activation
    surge_multiplier: float = 1.0            # scale every incident's peak
    record_log: bool = True                  # keep the step-by-step event log (off for fast searches)
    sample_every: float = 15.0               # time-series cadence (minutes)
    staffing_overrides: dict = field(default_factory=dict)   # team -> list of per-shift headcounts


class Centre(PlanCommand):
    """A complaint centre running one scenario. ``run(until)`` may be called repeatedly (live drills)."""

    def __init__(self, scenario: Scenario, seed: int | None = None, replication: int = 0,
                 options: CentreOptions | None = None):
        self.scenario = scenario
        self.plan = plan = scenario.plan
        self.options = options or CentreOptions()
        self.env = simpy.Environment()
        self.sleep = sleeper(self.env)      # the stories' delays (sim.simulation.story)
        # Escalation points and callers' patience: checks that nearly always pass unnoticed, kept off the
        # calendar (sim.simulation.deadlines), with what they check and do bound to this centre once.
        self.deadlines = Deadlines(self.env)
        self.hang_up = partial(renege, self)
        self.escalation_pending = partial(escalation_pending, self)
        self.escalation_due = partial(escalate, self)
        self.rngs = streams(scenario.seed if seed is None else seed, replication)
        self.horizon = scenario.horizon
        self.drain_for = drain_length(plan)
        self.channels = tuple(plan.channels)
        self.categories = tuple(plan.categories)
        self.sync = tuple(plan.channels[c].synchronous for c in self.channels)
        self.public = tuple(plan.channels[c].public for c in self.channels)
        self.teams = {name: TeamPool(self.env, name, spec, code=k + 1)     # code 0: no team, in the log
                      for k, (name, spec) in enumerate(scenario.staffing.items())}
        self.frontline = self.teams["frontline"]
        times = ServiceSamplers(scenario)
        self.service_time = times.time
        self.intake_time = times.by_category("frontline", "intake")
        self.resolve_minor_time = times.by_category("frontline", "resolve_minor")
        self.follow_up_time = times.by_category("frontline", "follow_up")
        self.patience = [sampler_or_none(scenario.patience.get(c)) for c in self.channels]

        # The plan's rules, asked once per run and kept as tables indexed by grade: the complaint process
        # reads them for every complaint, so it reads a list instead of asking the plan each time.
        self.grading = rules.grading_matrix(scenario)
        self.graded = [[rules.effective_grade(plan, g, cat) for g in GRADES] for cat in self.categories]
        # by category and true grade: the grade frontline gives (its draw against the grading row, then the
        # category's floor) as steps, one when the grade is certain
        self.grade_steps = [[rules.grade_steps(self.grading[sev], floored) for sev in GRADES]
                            for floored in self.graded]
        self.routes = [[rules.route(plan, g, cat) for cat in self.categories] for g in GRADES]
        self.priority = [rules.priority(g) for g in GRADES]
        self.fr_target = [rules.first_response_target(plan, g) for g in GRADES]
        self.res_target = [rules.resolution_target(plan, g) for g in GRADES]
        self.fr_escalates_after = [rules.escalation_after(plan, target) for target in self.fr_target]
        self.res_escalates_after = [rules.escalation_after(plan, target) for target in self.res_target]
        self.to_crisis_group = [rules.escalates_to_crisis_group(plan, g) for g in GRADES]
        # A waiting request is only ever at one of the queue priorities (an escalated one included).
        self.escalated_priority = [rules.escalated_priority(plan, p) for p in range(rules.FOLLOW_UP_PRIORITY + 1)]
        self.notice_prevents = rules.notice_prevents(plan)
        # What a public post adds to attention, by the case's incident index; the last entry is a post
        # about no incident, so that a baseline case's index -1 reads it.
        self.post_weights = [rules.post_weight(inc) for inc in scenario.incidents] + [rules.post_weight(None)]

        # The customers' side of the scenario.
        self.escalate = scenario.escalation
        follow = scenario.follow_up
        self.follow_share = follow.share if follow else 0.0
        self.follow_after = follow.after if follow else 0.0
        self.follow_model = follow.satisfaction if follow else None
        # by true grade: the chance a surveyed customer is satisfied, from the elapsed first response and
        # resolution (the plan's targets for the grade, asked once)
        self.satisfaction_chance = [rules.satisfaction_chance(self.follow_model, fr, res)
                                    for fr, res in zip(self.fr_target, self.res_target, strict=True)] \
            if self.follow_model is not None else []
        self.abandon = scenario.abandonment
        self.retry_sampler = sampler_or_none(scenario.abandonment.retry_after)

        # The plan's state: triggers watched, activation, actions in effect.
        self.watch = TriggerWatch(scenario, self.horizon)
        self.attention = self.watch.attention     # public posts add to it; the watch compares it with the threshold
        self.activation: PlanActivation | None = None
        self.trigger_first_held: dict[str, float] = {}
        self.action_effective: dict[str, float] = {}
        self.deflect_share = [0.0 for _ in GRADES]   # share self-service answers, by true grade (once it is open)
        self.notice_out = False
        self.hours_extended = False

        # Every first contact, drawn now; the uniforms of their needs are drawn block by block as they
        # arrive (draw_needs), so that a year's worth never sits in memory at once.
        self.table = generate(scenario, self.rngs, surge_multiplier=self.options.surge_multiplier)
        n = len(self.table)

        # Records (see sim.simulation.records): complaints and their steps in columns, room for the
        # first contacts and some more (retries, repeats), doubled if needed.
        self.book = CaseBook(capacity=n + n // 4 + 256)
        self.log: EventLog | None = EventLog(capacity=6 * n + 1024) if self.options.record_log else None
        self.events: list[tuple[float, str, str]] = []
        self._sampled = array("d")          # the observer's samples, flat (see samples)
        self.open = 0
        self._later: dict[str, list[list[float]]] = {}      # later contacts' uniforms drawn, not yet used
        self._contacts = self._first_contacts()             # first contacts still to come, in time order
        self._coming: tuple[float, int, int, int, int, list[float]] | None = None    # the next one
        self._started = False
        self._at_horizon: dict[str, TeamRecord] | None = None    # team accounts, kept at the horizon

    @property
    def cases(self) -> CaseBook:
        """Every contact so far, in arrival order; ``cases[i]`` reads case ``i`` by name (``t_arrive``...)."""
        return self.book

    def draw_needs(self, n: int) -> np.ndarray:
        """The pre-drawn uniforms (``U_*`` columns) of the next ``n`` first contacts, from their own stream
        (common random numbers: staffing never changes them)."""
        return self.rngs["service"].random((n, N_UNIFORMS))

    # --- running --------------------------------------------------------------------------------
    def start(self) -> None:
        """Put the actors on stage (once): rosters, customers, the monitor, the observer."""
        if self._started:
            return
        self._started = True
        self._schedule_rosters()
        # The customers, the monitor and the observer begin where SimPy would begin a process: at an urgent
        # event scheduled now. The monitor and the observer are stories (sim.simulation.story); the
        # customers, one delay after another, a callback (a story's resume per arrival was a tenth of a run).
        soon(self.env, self._next_arrival)
        begin_story(self.env, self._monitor())
        begin_story(self.env, self._observe())

    def run(self, until: float | None = None) -> None:
        """Advance the simulation to ``until`` minutes (at most the horizon); without ``until``, to the
        horizon and then through the drain (:func:`drain_length`): the whole run, ready to be measured."""
        self.start()
        self._advance(self.horizon if until is None else min(until, self.horizon))
        if until is None:
            self.drain()

    def drain(self) -> None:
        """After the horizon, work off what is open without new arrivals (see the module docstring)."""
        self.start()
        self._advance(self.horizon)
        if self._at_horizon is None:
            self._at_horizon = self._team_records()
        self._advance(self.horizon + self.drain_for)

    @property
    def drained(self) -> bool:
        """Whether the run went past the horizon through the drain."""
        return self._at_horizon is not None

    def _advance(self, until: float) -> None:
        if until > self.env.now:
            with paused():
                run_until(self.env, until)

    @property
    def now(self) -> float:
        return self.env.now

    def records(self) -> RunRecords:
        """Everything the run so far left behind, as plain data (as ciw's ``get_all_records``); after the
        drain, the team accounts as they stood at the horizon. A run still going gets copies (the model
        writes on); a drained one hands its columns over as they are."""
        teams = self._at_horizon if self._at_horizon is not None else self._team_records()
        copy = not self.drained
        log = self.log.arrays(copy) if self.log is not None else empty_log()
        return RunRecords(self.scenario, self.env.now, self.book.arrays(copy), log,
                          list(self.events), self.samples, teams,
                          self.activation.at if self.activation else math.nan, dict(self.trigger_first_held))

    @property
    def samples(self) -> SampleTable:
        """The observer's samples so far, as columns. (Kept as flat numbers while running: a tuple per
        sample would cost some 900 bytes each, a year of them a few hundred bytes per complaint.)"""
        k = len(self.teams)
        flat = np.frombuffer(self._sampled, dtype=float).reshape(-1, 3 + 3 * k).copy()
        cols = {"minute": flat[:, 0], "backlog": flat[:, 1].astype(np.int64), "public_attention": flat[:, 2]}
        for j, name in enumerate(("queues", "on_duty", "busy")):
            cols[name] = flat[:, 3 + j * k:3 + (j + 1) * k].astype(np.int64)
        return SampleTable(cols)

    def _team_records(self) -> dict[str, TeamRecord]:
        teams = {}
        for name, pool in self.teams.items():
            pool.account()
            teams[name] = TeamRecord(pool.duty_area, pool.busy_time(), pool.overtime,
                                     pool.spec.cost_per_hour if pool.spec else 0.0)
        return teams

    # --- shifts ---------------------------------------------------------------------------------
    def _schedule_rosters(self) -> None:
        """Every shift worked, as :class:`RosterLine` s: one per team and shift of the roster."""
        lines = []
        for name, spec in self.scenario.staffing.items():
            override = self.options.staffing_overrides.get(name)
            for k, shift in enumerate(spec.shifts):
                staff = override[k] if override is not None else shift.staff
                if staff <= 0:
                    continue
                # Shifts go on through the drain as the calendar says.
                spans = shift.spans(self.scenario.start, self.horizon + self.drain_for)
                if spans:
                    lines.append((self.teams[name], staff, spans))
        # Each span's start keeps the place in the order of events it had when every span was a process
        # started now: those took one number each from SimPy's counter, in this order, before any other
        # event was scheduled (see RosterLine).
        for team, staff, spans in lines:
            first = next(self.env._eid)
            deque(islice(self.env._eid, len(spans) - 1), maxlen=0)
            RosterLine(self, team, staff, spans, first).next_span()

    def shift_ends(self, team: TeamPool, agents: list) -> None:
        """A shift is over: its agents leave (later if the plan has extended hours)."""
        extra = rules.shift_extended_by(self.plan, team.name) if self.hours_extended else 0.0
        if extra:
            for agent in agents:            # planned time, not overtime
                agent.shift_end += extra
            self.sleep(extra).callbacks.append(lambda _ev: team.leave(agents))
            return
        team.leave(agents)

    # --- customers ------------------------------------------------------------------------------
    def _first_contacts(self) -> Iterator[tuple[float, int, int, int, int, list[float]]]:
        """Every first contact: its pre-drawn time, channel, category, severity, incident and needs."""
        table = self.table
        for first in range(0, len(table), NEEDS_BLOCK):
            block = slice(first, min(first + NEEDS_BLOCK, len(table)))
            yield from zip(table.time[block].tolist(), table.channel[block].tolist(),
                           table.category[block].tolist(), table.severity[block].tolist(),
                           table.incident[block].tolist(), self.draw_needs(block.stop - block.start).tolist())

    def _next_arrival(self, _event: object = None) -> None:
        """Every first contact arrives at its pre-drawn time with its pre-drawn needs: the one whose time
        has come is admitted, and a delay set until the next (as a story sleeping between them would)."""
        coming = self._coming
        if coming is not None:
            t, channel, category, severity, incident, u = coming
            self._admit(t, channel, category, severity, incident, FIRST, -1, u)
        now = self.env._now
        for contact in self._contacts:
            t, channel, category, severity, incident, u = contact
            if t > now:
                self._coming = contact
                self.sleep(t - now).callbacks.append(self._next_arrival)
                return
            self._admit(t, channel, category, severity, incident, FIRST, -1, u)
        self._coming = None

    def _admit(self, t: float, channel: int, category: int, severity: int, incident: int, kind: int,
               parent: int, u: list[float]) -> None:
        """A contact comes in: it may be public, may bring a repeat contact later, counts for the surge,
        and its story starts."""
        sync = self.sync[channel]
        i = self.book.admit(t, channel, category, severity, incident, kind, parent, sync)
        c = Contact(i, t, channel, category, severity, incident, kind, u, sync)
        self.open += 1
        if self.log is not None:
            self.log.add(i, ARRIVE, self.env._now)
        if self.public[channel]:
            self.public_post(c)
        if kind == FIRST and incident >= 0:
            self._maybe_repeat(c)
        # Trigger 4 counts complaints, not retries.
        self.watch.arrival(category, severity, t, incident if kind == FIRST else -1)
        tell(complaint(self, c))

    def contact_again(self, parent: Contact, kind: int, delay: float, rng_name: str) -> None:
        """A later contact by the same customer (a retry after hanging up, or a repeat contact); none
        after the horizon."""
        u = self._later_needs(rng_name)     # drawn all the same: later draws keep their place
        if self.env._now + delay > self.horizon:
            return

        def arrive(_ev: simpy.Event) -> None:
            self._admit(self.env._now, parent.channel, parent.category, parent.severity, parent.incident, kind,
                        parent.id, u)
        self.sleep(delay).callbacks.append(arrive)

    def _later_needs(self, stream: str) -> list[float]:
        """The uniforms of a later contact, the next row of its stream (drawn a block at a time: the same
        numbers as one row at a time, without a numpy call per contact)."""
        block = self._later.get(stream)
        if not block:
            block = self._later[stream] = self.rngs[stream].random((LATER_BLOCK, N_UNIFORMS)).tolist()[::-1]
        return block.pop()

    def _maybe_repeat(self, c: Contact) -> None:
        """A customer affected by an incident may contact the centre again, unless the notice answers them."""
        inc = self.scenario.incidents[c.incident]
        if inc.repeat_contact_share <= 0 or c.u[U_REPEAT] >= inc.repeat_contact_share:
            return
        delay = -inc.repeat_after * math.log1p(-c.u[U_REPEAT_DELAY])
        if self.env._now + delay > self.horizon:
            return                          # it would come after the horizon: no new contacts then

        def maybe(_ev: simpy.Event) -> None:
            if self.notice_out and c.u[U_NOTICE] < self.notice_prevents:
                return
            self.contact_again(c, REPEAT, 0.0, "repeat")
        self.sleep(delay).callbacks.append(maybe)

    def public_post(self, c: Contact) -> None:
        """The complaint is public (or the customer went public): attention rises by the post's weight."""
        self.attention.add(self.env._now, self.post_weights[c.incident])

    # --- observation ----------------------------------------------------------------------------
    def _observe(self) -> Process:
        """Every few minutes: the backlog, public attention, and each team's queue, headcount and busy."""
        env = self.env
        pools = list(self.teams.values())
        sleep, every = self.sleep, self.options.sample_every
        while env._now < self.horizon:       # the time series covers the horizon
            for pool in pools:
                pool.account()
            self._sampled.extend((env._now, self.open, self.attention.at(env._now)))
            self._sampled.extend([p.waiting for p in pools] + [p.on_duty for p in pools] + [p.busy for p in pools])
            yield sleep(every)


class RosterLine:
    """One shift of one team's roster, worked on the days it lists: its spans (scenario minutes) come on
    duty one after the other, each put on the calendar only when the one before starts.

    A year has thousands of spans. Begun all at once as SimPy processes, they sat in the calendar's heap
    for the whole run (a deeper heap for every other event) and held a generator each. Here a span's start
    is put on the calendar when the previous span starts, with the number SimPy's counter gave it when
    every span was a process begun at the start (numbers reserved by ``Centre._schedule_rosters``): at
    equal times, events are taken in the order of those numbers, so shift starts keep their place before
    the samples, checks and arrivals of the same minute, and the order of events is unchanged.
    """
    __slots__ = ("centre", "eid", "k", "spans", "staff", "t0", "team")

    def __init__(self, centre: Centre, team: TeamPool, staff: int, spans: list[tuple[float, float]], eid: int):
        self.centre = centre
        self.team = team
        self.staff = staff
        self.spans = spans
        self.eid = eid                      # span k's reserved number: eid + k
        self.k = 0                          # the next span
        self.t0 = centre.env._now           # when the spans were begun (times as computed then)

    def next_span(self) -> None:
        """Put the next span's start on the calendar; a span already begun (at the start) starts now."""
        k = self.k
        if k >= len(self.spans):
            return
        begin, end = self.spans[k]
        env, t0 = self.centre.env, self.t0
        queue: list[Any] = env._queue       # (holds Wakes too: they are event enough for SimPy's loop)
        if begin > t0:
            wake = Wake()
            wake.callbacks = [self._start]
            heappush(queue, (t0 + (begin - t0), NORMAL, self.eid + k, wake))
            return
        # Under way at the start: on duty now; the end takes the span's reserved place.
        self.k = k + 1
        agents = self.team.join(self.staff, end)
        done = Wake()
        done.callbacks = [lambda _ev: self.centre.shift_ends(self.team, agents)]
        heappush(queue, (t0 + (end - t0), NORMAL, self.eid + k, done))
        self.next_span()

    def _start(self, _event: object) -> None:
        k = self.k
        self.k = k + 1
        centre, team = self.centre, self.team
        end = self.spans[k][1]
        agents = team.join(self.staff, end)
        centre.sleep(end - centre.env._now).callbacks.append(lambda _ev: centre.shift_ends(team, agents))
        self.next_span()
