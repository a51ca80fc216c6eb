"""The complaint centre as a SimPy model of the plan: who works when, who comes in, who watches.

A :class:`Centre` runs one scenario. Its actors are SimPy processes, each a short story:

* **shifts** (:meth:`Centre._shift`): a team's agents come on duty at the start of each shift and leave at
  its end (staying on when the plan extends hours); reserves called in stay for the plan's time, and
  on-call members join after their mobilisation delay;
* **customers** (:meth:`Centre._arrivals`): every first contact arrives at its pre-drawn time; some later
  contact the centre again (a retry after hanging up, a repeat contact about an incident);
* **each complaint** walks the plan's steps (:mod:`sim.simulation.complaint`);
* **the monitor** (:meth:`Centre._monitor`) checks the activation triggers on the plan's cadence
  (:mod:`sim.simulation.triggers`) and, once one holds, launches the plan; each action takes effect
  after its delay (:meth:`Centre.take_action`);
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
objects; what a run leaves behind is :meth:`Centre.records` (plain data for the KPIs).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import simpy

from sim import rules
from sim.format.vocabulary import ACTION_KINDS
from sim.rules import GRADES
from sim.simulation.arrivals import generate, streams
from sim.simulation.complaint import complaint
from sim.simulation.records import (
    FIRST,
    N_UNIFORMS,
    REPEAT,
    U_NOTICE,
    U_REPEAT,
    U_REPEAT_DELAY,
    Case,
    PlanActivation,
    RunRecords,
    TeamRecord,
    case_arrays,
)
from sim.simulation.resources import TeamPool
from sim.simulation.sampling import ServiceSamplers, sampler_or_none
from sim.simulation.triggers import TriggerWatch

if TYPE_CHECKING:
    from collections.abc import Generator, Iterable

    from sim.format.plan import Plan
    from sim.format.scenario import Scenario

    Process = Generator[simpy.Event, Any, None]


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


class Centre:
    """A complaint centre running one scenario. ``run(until)`` may be called repeatedly (live drills)."""

    def __init__(self, scenario: Scenario, seed: int | None = None, replication: int = 0,
                 options: CentreOptions | None = None):
        self.scenario = scenario
        self.plan = plan = scenario.plan
        self.options = options or CentreOptions()
        self.env = simpy.Environment()
        self.rngs = streams(scenario.seed if seed is None else seed, replication)
        self.horizon = scenario.horizon
        self.drain_for = drain_length(plan)
        self.channels = tuple(plan.channels)
        self.categories = tuple(plan.categories)
        self.sync = tuple(plan.channels[c].synchronous for c in self.channels)
        self.public = tuple(plan.channels[c].public for c in self.channels)
        self.teams = {name: TeamPool(self.env, name, spec) for name, spec in scenario.staffing.items()}
        self.frontline = self.teams["frontline"]
        self.service_time = ServiceSamplers(scenario).time
        self.patience = [sampler_or_none(scenario.patience.get(c)) for c in self.channels]

        # The plan's rules, asked once per run and kept as tables indexed by grade: the complaint process
        # reads them for every complaint, so it reads a list instead of asking the plan each time.
        self.grading = rules.grading_matrix(scenario)
        self.graded = [[rules.effective_grade(plan, g, cat) for g in GRADES] for cat in self.categories]
        self.routes = {(g, cat): rules.route(plan, g, cat) for g in GRADES for cat in self.categories}
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

        # Records (see sim.simulation.records).
        self.cases: list[Case] = []
        self.log: list[tuple] = []
        self.events: list[tuple[float, str, str]] = []
        self.samples: list[tuple] = []
        self.open = 0
        self._started = False
        self._at_horizon: dict[str, TeamRecord] | None = None    # team accounts, kept at the horizon

        self.table = generate(scenario, self.rngs, surge_multiplier=self.options.surge_multiplier)
        self.uniforms = self.rngs["service"].random((len(self.table), N_UNIFORMS))

    # --- running --------------------------------------------------------------------------------
    def start(self) -> None:
        """Put the actors on stage (once): rosters, customers, the monitor, the observer."""
        if self._started:
            return
        self._started = True
        self._schedule_rosters()
        self.env.process(self._arrivals())
        self.env.process(self._monitor())
        self.env.process(self._observe())

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
            self.env.run(until=until)

    @property
    def now(self) -> float:
        return self.env.now

    def records(self) -> RunRecords:
        """Everything the run so far left behind, as plain data (as ciw's ``get_all_records``); after the
        drain, the team accounts as they stood at the horizon."""
        teams = self._at_horizon if self._at_horizon is not None else self._team_records()
        return RunRecords(self.scenario, self.env.now, case_arrays(self.cases), list(self.log),
                          list(self.events), list(self.samples), teams,
                          self.activation.at if self.activation else math.nan, dict(self.trigger_first_held))

    def _team_records(self) -> dict[str, TeamRecord]:
        teams = {}
        for name, pool in self.teams.items():
            pool.account()
            teams[name] = TeamRecord(pool.duty_area, pool.busy_time(), pool.overtime,
                                     pool.spec.cost_per_hour if pool.spec else 0.0)
        return teams

    # --- shifts ---------------------------------------------------------------------------------
    def _schedule_rosters(self) -> None:
        for name, spec in self.scenario.staffing.items():
            override = self.options.staffing_overrides.get(name)
            for k, shift in enumerate(spec.shifts):
                staff = override[k] if override is not None else shift.staff
                if staff <= 0:
                    continue
                # Shifts go on through the drain as the calendar says.
                for begin, end in shift.spans(self.scenario.start, self.horizon + self.drain_for):
                    self.env.process(self._shift(self.teams[name], begin, end, staff))

    def _shift(self, team: TeamPool, begin: float, end: float, staff: int) -> Process:
        """One shift of a team: its agents come on duty, and leave at its end (later if hours are extended)."""
        env = self.env
        if begin > env.now:
            yield env.timeout(begin - env.now)
        agents = team.join(staff, end)
        yield env.timeout(end - env.now)
        extra = rules.shift_extended_by(self.plan, team.name) if self.hours_extended else 0.0
        if extra:
            for agent in agents:            # planned time, not overtime
                agent.shift_end += extra
            yield env.timeout(extra)
        team.leave(agents)

    def _temporary(self, team: TeamPool, n: int, stay: float, what: str) -> Process:
        """Reserve staff called in: they join now and stay for ``stay`` minutes."""
        agents = team.join(n, self.env.now + stay)
        self.events.append((self.env.now, what, f"{team.name}+{n}"))
        yield self.env.timeout(stay)
        team.leave(agents)

    def mobilise_on_call(self, team: TeamPool, reason: str) -> None:
        """Call a team's on-call members; they join after the team's mobilisation delay and stay."""
        n = team.on_call_left
        if n <= 0:
            return
        team.on_call_left = 0
        team.mobilising += n
        self.events.append((self.env.now, "on_call_called", f"{team.name}+{n} ({reason})"))

        def arrive(_ev: simpy.Event) -> None:
            team.mobilising -= n
            team.join(n, self.horizon)
        self.env.timeout(team.mobilise).callbacks.append(arrive)

    # --- customers ------------------------------------------------------------------------------
    def _arrivals(self) -> Process:
        """Every first contact arrives at its pre-drawn time with its pre-drawn needs."""
        env = self.env
        table = self.table
        times = table.time.tolist()
        chans = table.channel.tolist()
        cats = table.category.tolist()
        sevs = table.severity.tolist()
        incs = table.incident.tolist()
        uniforms = self.uniforms
        for i, t in enumerate(times):
            if t > env.now:
                yield env.timeout(t - env.now)
            ch = chans[i]
            self._admit(Case(len(self.cases), t, ch, cats[i], sevs[i], incs[i], FIRST, -1, uniforms[i].tolist(),
                             self.sync[ch]))

    def _admit(self, case: Case) -> None:
        """A contact comes in: it may be public, may bring a repeat contact later, counts for the surge."""
        self.cases.append(case)
        self.open += 1
        if self.options.record_log:
            self.log.append((case.id, "arrive", self.env.now, "", ""))
        if self.public[case.channel]:
            self.public_post(case)
        if case.kind == FIRST and case.incident >= 0:
            self._maybe_repeat(case)
        about = case.incident if case.kind == FIRST else -1     # trigger 4 counts complaints, not retries
        self.watch.arrival(case.category, case.severity, case.t_arrive, about)
        self.env.process(complaint(self, case))

    def contact_again(self, parent: Case, kind: int, delay: float, rng_name: str) -> None:
        """A later contact by the same customer (a retry after hanging up, or a repeat contact); none
        after the horizon."""
        u = self.rngs[rng_name].random(N_UNIFORMS).tolist()    # drawn all the same: later draws keep their place
        if self.env.now + delay > self.horizon:
            return

        def arrive(_ev: simpy.Event) -> None:
            self._admit(Case(len(self.cases), self.env.now, parent.channel, parent.category, parent.severity,
                             parent.incident, kind, parent.id, u, parent.sync))
        self.env.timeout(delay).callbacks.append(arrive)

    def _maybe_repeat(self, case: Case) -> None:
        """A customer affected by an incident may contact the centre again, unless the notice answers them."""
        inc = self.scenario.incidents[case.incident]
        if inc.repeat_contact_share <= 0 or case.u[U_REPEAT] >= inc.repeat_contact_share:
            return
        delay = -inc.repeat_after * math.log1p(-case.u[U_REPEAT_DELAY])
        if self.env.now + delay > self.horizon:
            return                          # it would come after the horizon: no new contacts then

        def maybe(_ev: simpy.Event) -> None:
            if self.notice_out and case.u[U_NOTICE] < self.notice_prevents:
                return
            self.contact_again(case, REPEAT, 0.0, "repeat")
        self.env.timeout(delay).callbacks.append(maybe)

    def public_post(self, case: Case) -> None:
        """The complaint is public (or the customer went public): attention rises by the post's weight."""
        self.attention.add(self.env.now, self.post_weights[case.incident])

    # --- the plan's activation ------------------------------------------------------------------
    def triggers_now(self) -> dict[str, bool]:
        """Which activation triggers hold at this moment."""
        return self.watch.held(self.env.now)

    def _monitor(self) -> Process:
        """On the plan's cadence: note triggers that start to hold and, if automatic, launch the plan."""
        env = self.env
        every = self.plan.activation.check_every
        while env.now < self.horizon:       # the plan is activated within the horizon, not in the drain
            held = self.triggers_now()
            for name, holds in held.items():
                if holds and name not in self.trigger_first_held:
                    self.trigger_first_held[name] = env.now
                    self.events.append((env.now, "trigger_held", name))
            if self.activation is None and self.options.auto_activate:
                first = rules.first_trigger(held)
                if first is not None and self.options.activation_delay > 0:
                    def activate(_ev: simpy.Event, trigger: str = first) -> None:
                        if self.env.now < self.horizon:
                            self.activate_plan(trigger=trigger, by="plan")
                    env.timeout(self.options.activation_delay).callbacks.append(activate)
                elif first is not None:
                    self.activate_plan(trigger=first, by="plan")
            yield env.timeout(every)

    def activate_plan(self, actions: Iterable[str] | None = None, trigger: str = "other",
                      by: str = "manual") -> PlanActivation | None:
        """Launch the plan now; each action takes effect after its delay. Returns None if already active."""
        if self.activation is not None:
            return None
        chosen = tuple(self.plan.activation.default_actions if actions is None else actions)
        for a in chosen:
            if a not in ACTION_KINDS:
                raise ValueError(f"unknown activation action {a!r}; the plan's actions are {', '.join(ACTION_KINDS)}")
        self.activation = PlanActivation(self.env.now, trigger, chosen, by)
        self.events.append((self.env.now, "plan_activated", f"{trigger} ({by})"))
        for action in chosen:
            self.take_action(action)
        return self.activation

    def take_action(self, action: str) -> float:
        """Start one activation action now; returns the simulated time it takes effect."""
        delay = getattr(self.plan.activation.actions, action).delay

        def effect(_ev: simpy.Event) -> None:
            self.action_effective.setdefault(action, self.env.now)
            self.events.append((self.env.now, "action_effective", action))
            self._in_effect(action)
        self.env.timeout(delay).callbacks.append(effect)
        return self.env.now + delay

    def _in_effect(self, action: str) -> None:
        """What an action changes in the centre once it takes effect (the amounts are the plan's rules)."""
        if action == "crisis_command":
            # The crisis group takes command and calls every team's on-call members: they are at work
            # rules.on_call_joins_after the decision (this action's delay, then the team's mobilisation),
            # unless work reaching an empty team called them earlier.
            for team in self.teams.values():
                self.mobilise_on_call(team, "crisis command")
        elif action == "reserve_call_in":
            stay = self.plan.activation.actions.reserve_call_in.stay
            for team in self.teams.values():
                n = rules.reserve_called_in(self.plan, team.reserve, team.reserve_left)
                if n > 0:
                    team.reserve_left -= n
                    self.env.process(self._temporary(team, n, stay, "reserve_joined"))
        elif action == "extended_hours":
            self.hours_extended = True
        elif action == "proactive_notice":
            self.notice_out = True
        elif action == "self_service":
            self.deflect_share = [rules.self_service_deflects(self.plan, g) for g in GRADES]

    def call_in(self, team: str, n: int) -> float:
        """Call ``n`` reserve staff of ``team``; they join after the plan's call-in delay. Returns that time."""
        if team not in self.teams:
            raise ValueError(f"unknown team {team!r}; this scenario staffs {', '.join(self.teams)}")
        pool = self.teams[team]
        if n < 1 or n > pool.reserve_left:
            raise ValueError(f"{team} has {pool.reserve_left} reserve staff left; cannot call in {n}")
        pool.reserve_left -= n
        spec = self.plan.activation.actions.reserve_call_in
        self.events.append((self.env.now, "call_in", f"{team}+{n}"))

        def join(_ev: simpy.Event) -> None:
            self.env.process(self._temporary(pool, n, spec.stay, "reserve_joined"))
        self.env.timeout(spec.delay).callbacks.append(join)
        return self.env.now + spec.delay

    # --- observation ----------------------------------------------------------------------------
    def _observe(self) -> Process:
        """Every few minutes: the backlog, public attention, and each team's queue, headcount and busy."""
        env = self.env
        pools = list(self.teams.values())
        while env.now < self.horizon:       # the time series covers the horizon
            for pool in pools:
                pool.account()
            self.samples.append((env.now, self.open, self.attention.at(env.now),
                                 tuple(p.waiting for p in pools), tuple(p.on_duty for p in pools),
                                 tuple(p.busy for p in pools)))
            yield env.timeout(self.options.sample_every)
