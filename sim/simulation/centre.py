"""The complaint centre as a SimPy model of the plan.

Each complaint is one process that walks the plan's steps as far as a simulation can represent them:
receive and record (frontline intake: the first response), emergency handling (crisis-group notification
and review for major cases), investigate / decide / implement (the handling team, with the departments
its category names consulted in parallel), follow up (a frontline contact that records satisfaction).
Teams are pools of individual agents who join and leave at shift edges; on-call members join after their
mobilisation delay; a monitor checks the plan's activation triggers on the plan's cadence and, once one
holds, the plan's actions take effect after their delays.

Definitions used by the KPIs (sim.simulation.metrics):
* the *first response* is when a person answers on a synchronous channel (hotline, chat), and when the
  recorded acknowledgement is sent (end of intake) on an asynchronous one (email, form, social media);
* the *crisis-group notification* is when frontline, having graded a case major (or of a category the plan
  says goes to the crisis group at once), finishes intake and notifies the group;
* the intake queue is ordered by the customer's true severity (callers state a safety issue, IVR and
  keyword triage route it), the later queues by the grade frontline assigned.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import numpy as np
import simpy

from sim import rules
from sim.format.scenario import ACTION_KINDS, SEVERITY_IDS, Scenario
from sim.simulation import arrivals as arrivals_mod
from sim.simulation.sampling import sampler

# Outcomes: every complaint ends in exactly one.
OPEN, RESOLVED, ABANDONED = 0, 1, 2
OUTCOMES = ("open", "resolved", "abandoned")
KINDS = ("first", "retry", "repeat")

# Columns of a complaint's pre-drawn uniforms (common random numbers across staffing variants).
U_INTAKE, U_RESOLVE, U_CONSULT, U_REVIEW, U_FOLLOW, U_PATIENCE, U_GRADE, U_SATISFY, U_DEFLECT, \
    U_FOLLOW_DECIDE, U_RETRY, U_PUBLIC, U_REPEAT, U_REPEAT_DELAY, U_NOTICE, U_RETRY_DELAY = range(16)
N_UNIFORMS = 16


class Agent:
    __slots__ = ("busy", "id", "leaving", "shift_end", "since", "team")

    def __init__(self, agent_id: str, team: Team, shift_end: float):
        self.id = agent_id
        self.team = team
        self.shift_end = shift_end
        self.leaving = False
        self.busy = False
        self.since = 0.0                    # when the current piece of work started


class Team:
    """A pool of agents with one priority queue of waiting work (lower priority number first, then FIFO).

    Faster than simpy.PriorityResource for our needs and, unlike it, lets capacity change mid-run:
    agents join and leave; one whose shift ends while busy finishes the case in hand (overtime).
    """

    def __init__(self, env: simpy.Environment, name: str, spec):
        self.env = env
        self.name = name
        self.spec = spec
        self.idle: list[Agent] = []
        self.queue: list = []                 # heap of (priority, seq, request)
        self.waiting = 0
        self.on_duty = 0
        self.busy = 0
        self.seq = 0
        self.next_agent = 0
        self.on_call_left = spec.on_call if spec else 0
        self.reserve_left = spec.reserve if spec else 0
        self.mobilising = 0
        self._all: list[Agent] = []          # agents on duty (busy or idle, leaving included)
        # accounting (agent-minutes)
        self.duty_area = 0.0
        self.busy_area = 0.0
        self.last = 0.0
        self.overtime = 0.0

    def _account(self) -> None:
        """Integrate agents on duty over time (changes only at joins and leaves, so this stays cheap);
        busy time is added per piece of work at release."""
        now = self.env.now
        dt = now - self.last
        if dt:
            self.duty_area += self.on_duty * dt
            self.last = now

    def busy_time(self) -> float:
        """Agent-minutes spent on work so far, including work still in hand."""
        now = self.env.now
        return self.busy_area + sum(now - a.since for a in self._in_hand())

    def _in_hand(self):
        return [a for a in self._all if a.busy]

    # --- capacity -------------------------------------------------------------------------------
    def join(self, n: int, shift_end: float) -> list[Agent]:
        self._account()
        agents = []
        for _ in range(n):
            self.next_agent += 1
            agent = Agent(f"{self.name}-{self.next_agent}", self, shift_end)
            agents.append(agent)
            self._all.append(agent)
            self.on_duty += 1
            self._dispatch(agent)
        return agents

    def leave(self, agents: list[Agent]) -> None:
        self._account()
        for agent in agents:
            if agent.busy:
                agent.leaving = True        # finishes the case in hand first
            elif agent in self.idle:
                self.idle.remove(agent)
                self.on_duty -= 1
                self._all.remove(agent)

    # --- work -----------------------------------------------------------------------------------
    def acquire(self) -> Agent | None:
        """An idle agent at once, or None (then call ``wait``)."""
        if self.idle and not self.waiting:
            agent = self.idle.pop()
            agent.busy = True
            agent.since = self.env.now
            self.busy += 1
            return agent
        return None

    def wait(self, priority: int, case) -> simpy.Event:
        req = self.env.event()
        req.case = case
        req.team = self                     # escalation bumps the request in the queue it waits in
        self.seq += 1
        req.key = (priority, self.seq)
        heapq.heappush(self.queue, (priority, self.seq, req))
        self.waiting += 1
        return req

    def bump(self, req: simpy.Event, priority: int) -> None:
        """Raise a waiting request's priority (escalation); the old heap entry goes stale."""
        if req.triggered or priority >= req.key[0]:
            return
        req.key = (priority, req.key[1])
        heapq.heappush(self.queue, (priority, req.key[1], req))

    def cancel(self, req: simpy.Event) -> bool:
        """Withdraw a waiting request (the customer hung up). False if already served."""
        if req.triggered:
            return False
        self.waiting -= 1
        req.succeed(None)
        return True

    def release(self, agent: Agent) -> None:
        now = self.env.now
        agent.busy = False
        self.busy -= 1
        self.busy_area += now - agent.since
        if agent.leaving:
            self._account()
            self.on_duty -= 1
            self._all.remove(agent)
            self.overtime += max(0.0, now - agent.shift_end)
            return
        self._dispatch(agent)

    def _dispatch(self, agent: Agent) -> None:
        queue = self.queue
        while queue:
            prio, seq, req = heapq.heappop(queue)
            if req.triggered or req.key != (prio, seq):
                continue                    # cancelled, or a stale entry of a bumped request
            self.waiting -= 1
            agent.busy = True
            agent.since = self.env.now
            self.busy += 1
            req.succeed(agent)
            return
        self.idle.append(agent)


class Case:
    """One complaint contact and what happened to it."""
    __slots__ = (
        "category",
        "channel",
        "deflected",
        "escalations",
        "grade",
        "handled_by",
        "id",
        "incident",
        "kind",
        "outcome",
        "parent",
        "req",
        "satisfied",
        "severity",
        "sync",
        "t_arrive",
        "t_end",
        "t_first",
        "t_intake",
        "t_notified",
        "t_resolved",
        "t_review",
        "u",
        "waited",
    )

    def __init__(self, case_id, t, channel, category, severity, incident, kind, parent, u, sync):
        self.id = case_id
        self.t_arrive = t
        self.channel = channel
        self.category = category
        self.severity = severity
        self.grade = -1
        self.incident = incident
        self.kind = kind
        self.parent = parent
        self.u = u
        self.sync = sync
        self.waited = False
        self.t_intake = math.nan
        self.t_first = math.nan
        self.t_notified = math.nan
        self.t_review = math.nan
        self.t_resolved = math.nan
        self.t_end = math.nan
        self.outcome = OPEN
        self.escalations = 0
        self.satisfied = -1
        self.deflected = False
        self.req = None
        self.handled_by = ""


@dataclass
class Activation:
    at: float
    trigger: str
    actions: tuple[str, ...]
    by: str = "plan"            # 'plan' (the monitor) or 'manual'


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
        self.plan = scenario.plan
        self.options = options or CentreOptions()
        self.env = simpy.Environment()
        base = scenario.seed if seed is None else seed
        self.rngs = arrivals_mod.streams(base, replication)
        self.horizon = scenario.horizon
        plan = self.plan
        self.channels = tuple(plan.channels)
        self.categories = tuple(plan.categories)
        self.sync = tuple(plan.channels[c].synchronous for c in self.channels)
        self.public = tuple(plan.channels[c].public for c in self.channels)

        self.teams = {name: Team(self.env, name, spec) for name, spec in scenario.staffing.items()}
        self.frontline = self.teams["frontline"]
        self.grading = rules.grading_matrix(scenario)
        self._by_index: dict = {}
        self._grade_floor = [rules.effective_grade(plan, 0, cat) for cat in self.categories]
        self.patience = [self._sampler_or_none(scenario.patience.get(c)) for c in self.channels]
        self.routes = {(g, cat): rules.route(plan, g, cat) for g in range(3) for cat in self.categories}
        self.fr_target = [rules.first_response_target(plan, s) for s in range(3)]
        self.res_target = [rules.resolution_target(plan, s) for s in range(3)]
        self.escalate = scenario.escalation
        self.esc_share = plan.escalation.at_share_of_target
        follow = scenario.follow_up
        self.follow_share = follow.share if follow else 0.0
        self.follow_after = follow.after if follow else 0.0
        self.follow_model = follow.satisfaction if follow else None
        self.abandon = scenario.abandonment
        self.retry_sampler = self._sampler_or_none(scenario.abandonment.retry_after)

        # plan state
        self.activation: Activation | None = None
        self.trigger_first_held: dict[str, float] = {}
        self.action_effective: dict[str, float] = {}
        self.deflect_share = 0.0
        self.notice_active = False
        self.extend_by = 0.0
        self.attention = rules.AttentionIndex(plan.activation.triggers.public_attention.half_life)
        surge = plan.activation.triggers.surge
        self._surge_window: list[float] = []
        self._surge_head = 0
        self._surge_share = rules.surge_share(scenario, surge)
        self._surge_counts = [[rules.surge_qualifies(surge, cat, sev) for sev in range(3)]
                              for cat in self.categories]
        # Expected baseline arrivals from the start to each whole hour (the monitor asks every few minutes).
        hours = int(self.horizon // 60) + 2
        per_hour = [arrivals_mod.baseline_expected(scenario, h * 60.0, (h + 1) * 60.0) for h in range(hours)]
        self._baseline_hourly = per_hour
        self._baseline_prefix = np.concatenate([[0.0], np.cumsum(per_hour)]).tolist()
        self.events: list[tuple[float, str, str]] = []      # (time, what, detail): activations, call-ins

        # records
        self.cases: list[Case] = []
        self.log: list[tuple] = []
        self.samples: list[tuple] = []
        self.open = 0
        self._started = False

        self.table = arrivals_mod.generate(scenario, self.rngs, surge_multiplier=self.options.surge_multiplier)
        self.uniforms = self.rngs["service"].random((len(self.table), N_UNIFORMS))

    # ------------------------------------------------------------------------------------------
    def _sampler_or_none(self, dist):
        return sampler(dist) if dist is not None else None

    def _time(self, key: tuple, u: float) -> float:
        """Duration of (team, activity, category index) for uniform ``u``; samplers are built once."""
        fn = self._by_index.get(key)
        if fn is None:
            team, activity, cat = key
            times = self.scenario.service_times.get(team)
            dist = times.get(activity, self.categories[cat]) if times is not None else None
            fn = self._by_index[key] = sampler(dist) if dist is not None else _zero
        return fn(u)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        env = self.env
        self._schedule_rosters()
        env.process(self._arrivals())
        env.process(self._monitor())
        env.process(self._sampler())

    def run(self, until: float | None = None) -> None:
        """Advance the simulation to ``until`` minutes (default: the horizon)."""
        self.start()
        until = self.horizon if until is None else min(until, self.horizon)
        if until > self.env.now:
            self.env.run(until=until)

    @property
    def now(self) -> float:
        return self.env.now

    # --- rosters --------------------------------------------------------------------------------
    def _schedule_rosters(self) -> None:
        for name, spec in self.scenario.staffing.items():
            override = self.options.staffing_overrides.get(name)
            for k, shift in enumerate(spec.shifts):
                staff = override[k] if override is not None else shift.staff
                if staff <= 0:
                    continue
                for begin, end in shift.spans(self.scenario.start, self.horizon):
                    self.env.process(self._shift(self.teams[name], begin, end, staff))

    def _shift(self, team: Team, begin: float, end: float, staff: int):
        env = self.env
        if begin > env.now:
            yield env.timeout(begin - env.now)
        agents = team.join(staff, end)
        yield env.timeout(end - env.now)
        if self.extend_by and team is self.frontline:
            # Extended hours / emergency hotline: the shift stays on (planned time, not overtime).
            for agent in agents:
                agent.shift_end += self.extend_by
            yield env.timeout(self.extend_by)
        team.leave(agents)

    def _temporary(self, team: Team, n: int, stay: float, what: str):
        agents = team.join(n, self.env.now + stay)
        self.events.append((self.env.now, what, f"{team.name}+{n}"))
        yield self.env.timeout(stay)
        team.leave(agents)

    def _mobilise_on_call(self, team: Team, reason: str) -> None:
        """Call a team's on-call members; they join after the team's mobilisation delay and stay."""
        n = team.on_call_left
        if n <= 0:
            return
        team.on_call_left = 0
        team.mobilising += n
        self.events.append((self.env.now, "on_call_called", f"{team.name}+{n} ({reason})"))

        def arrive(_ev, team=team, n=n):
            team.mobilising -= n
            team.join(n, self.horizon)
        self.env.timeout(team.spec.mobilise).callbacks.append(arrive)

    # --- arrivals -------------------------------------------------------------------------------
    def _arrivals(self):
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
            case = Case(len(self.cases), t, ch, cats[i], sevs[i], incs[i], 0, -1, uniforms[i].tolist(),
                        self.sync[ch])
            self._admit(case)

    def _admit(self, case: Case) -> None:
        self.cases.append(case)
        self.open += 1
        if self.options.record_log:
            self.log.append((case.id, "arrive", self.env.now, "", ""))
        if self.public[case.channel]:
            self._public_post(case)
        if case.kind == 0 and case.incident >= 0:
            self._maybe_repeat(case)
        if self._surge_counts[case.category][case.severity]:
            self._surge_window.append(case.t_arrive)
        self.env.process(self._complaint(case))

    def _spawn(self, parent: Case, kind: int, delay: float, rng_name: str) -> None:
        """A later contact by the same customer (a retry after hanging up, or a repeat contact)."""
        u = self.rngs[rng_name].random(N_UNIFORMS).tolist()

        def arrive(_ev):
            case = Case(len(self.cases), self.env.now, parent.channel, parent.category, parent.severity,
                        parent.incident, kind, parent.id, u, parent.sync)
            self._admit(case)
        self.env.timeout(delay).callbacks.append(arrive)

    def _maybe_repeat(self, case: Case) -> None:
        inc = self.scenario.incidents[case.incident]
        if inc.repeat_contact_share <= 0 or case.u[U_REPEAT] >= inc.repeat_contact_share:
            return
        delay = -inc.repeat_after * math.log1p(-case.u[U_REPEAT_DELAY])
        cut = self.plan.activation.actions.proactive_notice.repeat_contact_reduction

        def maybe(_ev):
            # The proactive notice, if out by now, answers some worried customers before they call again.
            if self.notice_active and case.u[U_NOTICE] < cut:
                return
            self._spawn(case, 2, 0.0, "repeat")
        self.env.timeout(delay).callbacks.append(maybe)

    def _public_post(self, case: Case) -> None:
        weight = self.scenario.incidents[case.incident].public_attention if case.incident >= 0 else 1.0
        self.attention.add(self.env.now, weight)

    # --- one complaint: the plan's steps --------------------------------------------------------
    def _complaint(self, c: Case):
        env = self.env
        log = self.log if self.options.record_log else None
        category = self.categories[c.category]
        u = c.u

        # Self-service answers a share of minor complaints once that action is in effect.
        if self.deflect_share and c.severity == 0 and u[U_DEFLECT] < self.deflect_share:
            c.deflected = True
            c.t_first = c.t_resolved = c.t_end = env.now
            c.outcome = RESOLVED
            c.handled_by = "self_service"
            self.open -= 1
            if log is not None:
                log.append((c.id, "deflected", env.now, "self_service", ""))
            return

        # 1. Receive and record: frontline intake.
        team = self.frontline
        agent = team.acquire()
        if agent is None:
            c.waited = True
            req = team.wait(2 - c.severity, c)      # major 0, moderate 1, minor 2 (sim.rules.priority)
            c.req = req
            patience = self.patience[c.channel] if c.sync else None
            if patience is not None:
                env.timeout(patience(u[U_PATIENCE])).callbacks.append(lambda _ev: self._renege(c, req))
            if self.escalate:
                self._escalation_timer(c, self.fr_target[c.severity], team, first=True)
            agent = yield req
            c.req = None
            if agent is None:
                return                      # abandoned: recorded by _renege
        c.t_intake = env.now
        if log is not None:
            log.append((c.id, "intake_start", env.now, agent.id, "frontline"))
        intake = self._time(("frontline", "intake", c.category), u[U_INTAKE])
        if c.sync:
            c.t_first = env.now
        else:
            c.t_first = env.now + intake
        c.grade = max(rules.assign_grade(self.grading[c.severity], u[U_GRADE]), self._grade_floor[c.category])
        route = self.routes[(c.grade, category)]
        c.handled_by = route.handled_by

        if route.handled_by == "frontline" and not route.notify_crisis_group:
            # Minor: resolved by frontline in the same contact (first-contact resolution).
            extra = self._time(("frontline", "resolve_minor", c.category), u[U_RESOLVE])
            yield env.timeout(intake + extra)
            team.release(agent)
            self._resolved(c, log, agent.id, "frontline")
            if self._follows_up(c):
                yield from self._follow_up(c)
            return

        yield env.timeout(intake)
        team.release(agent)
        if log is not None:
            log.append((c.id, "recorded", env.now, agent.id, "frontline"))

        # 2. Emergency handling: notify the crisis group at once; it reviews and approves the approach.
        waits = []
        if route.notify_crisis_group and "crisis_group" in self.teams:
            c.t_notified = env.now
            if log is not None:
                log.append((c.id, "crisis_notified", env.now, "", "crisis_group"))
            waits.append(env.process(self._task(c, "crisis_group", "review", u[U_REVIEW], review=True)))
        # 3. Investigate: departments the category names are consulted in parallel with the handler.
        for k, dept in enumerate(route.consult):
            if dept in self.teams:
                uk = (u[U_CONSULT] + 0.6180339887 * k) % 1.0
                waits.append(env.process(self._task(c, dept, "consult", uk)))
        # 3-5. Investigate, decide and implement: the handling team.
        if self.escalate:
            self._escalation_timer(c, self.res_target[c.severity], None, first=False)
        yield from self._task(c, route.handled_by, "resolve" if route.handled_by != "frontline"
                              else "resolve_minor", u[U_RESOLVE], handler=True)
        for ev in waits:
            if not ev.triggered:
                yield ev
        self._resolved(c, log, "", route.handled_by)
        if self._follows_up(c):
            yield from self._follow_up(c)

    def _task(self, c: Case, team_name: str, activity: str, u: float, review: bool = False,
              handler: bool = False):
        """One piece of work on a case by a team: queue by grade, then hold an agent for the duration.
        Only the handling team's request is the case's ``req`` (the one escalation raises); consults and
        crisis reviews run alongside it."""
        env = self.env
        team = self.teams[team_name]
        agent = team.acquire()
        if agent is None:
            if team.on_duty == 0 and team.mobilising == 0:
                self._mobilise_on_call(team, f"case {c.id}")
            req = team.wait(2 - c.grade, c)
            if handler:
                c.req = req
            agent = yield req
            if handler:
                c.req = None
        if review:
            c.t_review = env.now
        log = self.log if self.options.record_log else None
        if log is not None:
            log.append((c.id, f"{activity}_start", env.now, agent.id, team_name))
        yield env.timeout(self._time((team_name, activity, c.category), u))
        team.release(agent)
        if log is not None:
            log.append((c.id, f"{activity}_end", env.now, agent.id, team_name))

    def _resolved(self, c: Case, log, resource: str, team: str) -> None:
        env = self.env
        c.t_resolved = c.t_end = env.now
        c.outcome = RESOLVED
        self.open -= 1
        if log is not None:
            log.append((c.id, "resolved", env.now, resource, team))

    def _follows_up(self, c: Case) -> bool:
        return self.follow_model is not None and c.u[U_FOLLOW_DECIDE] < self.follow_share

    def _follow_up(self, c: Case):
        """6. Follow up and feed back: a frontline contact, some time after resolution, records satisfaction."""
        env = self.env
        yield env.timeout(self.follow_after)
        team = self.frontline
        agent = team.acquire()
        if agent is None:
            agent = yield team.wait(3, c)      # after every complaint waiting for a first response
        yield env.timeout(self._time(("frontline", "follow_up", c.category), c.u[U_FOLLOW]))
        team.release(agent)
        late = max(rules.lateness(c.t_first - c.t_arrive, self.fr_target[c.severity]),
                   rules.lateness(c.t_resolved - c.t_arrive, self.res_target[c.severity]))
        p = rules.satisfaction_probability(self.follow_model, late)
        c.satisfied = int(c.u[U_SATISFY] < p)
        if self.options.record_log:
            self.log.append((c.id, "follow_up", env.now, agent.id, "frontline"))

    def _renege(self, c: Case, req) -> None:
        """The customer's patience ran out while waiting for intake."""
        if not self.frontline.cancel(req):
            return
        env = self.env
        c.outcome = ABANDONED
        c.t_end = env.now
        c.req = None
        self.open -= 1
        if self.options.record_log:
            self.log.append((c.id, "abandoned", env.now, "", "frontline"))
        ab = self.abandon
        if c.u[U_PUBLIC] < ab.go_public_share:
            self._public_post(c)
            if self.options.record_log:
                self.log.append((c.id, "went_public", env.now, "", ""))
        elif ab.retry_share and c.u[U_RETRY] < ab.retry_share / max(1e-12, 1 - ab.go_public_share):
            self._spawn(c, 1, self.retry_sampler(c.u[U_RETRY_DELAY]), "retry")

    def _escalation_timer(self, c: Case, target: float, team: Team | None, first: bool) -> None:
        delay = self.esc_share * target - (self.env.now - c.t_arrive)
        if delay < 0:
            delay = 0.0

        def fire(_ev):
            if first and not math.isnan(c.t_intake):
                return
            if not first and c.outcome != OPEN:
                return
            if c.outcome == ABANDONED:
                return
            c.escalations += 1
            if self.options.record_log:
                self.log.append((c.id, "escalated", self.env.now, "", team.name if team else ""))
            req = c.req
            if req is not None and not req.triggered:
                req.team.bump(req, max(0, req.key[0] - self.plan.escalation.priority_bump))
            if not first and c.grade == 1 and self.plan.escalation.moderate_to_next_tier \
                    and math.isnan(c.t_notified) and "crisis_group" in self.teams:
                # A moderate case about to breach its target goes up a tier: the crisis group is told.
                c.t_notified = self.env.now
                self.env.process(self._task(c, "crisis_group", "review", c.u[U_REVIEW], review=True))
        self.env.timeout(delay).callbacks.append(fire)

    # --- plan activation ------------------------------------------------------------------------
    def triggers_now(self) -> dict[str, bool]:
        """Which activation triggers hold at this moment."""
        env = self.env
        now = env.now
        trig = self.plan.activation.triggers
        window = self._surge_window
        cutoff = now - trig.surge.window
        head = self._surge_head
        while head < len(window) and window[head] < cutoff:
            head += 1
        self._surge_head = head
        if head > 4096:                     # keep the list short on long runs
            del window[:head]
            self._surge_head = head = 0
        count = len(window) - head
        expected = (self._baseline_cum(now) - self._baseline_cum(max(0.0, cutoff))) * self._surge_share
        if now < trig.surge.window:         # a partial first window: scale the expectation up
            expected *= trig.surge.window / max(now, 1e-9)
        outage = any(inc.outage and inc.at <= now < inc.at + inc.outage for inc in self.scenario.incidents)
        return {
            "surge": rules.surge_holds(count, expected, trig.surge),
            "outage": outage,
            "public_attention": self.attention.at(now) >= trig.public_attention.threshold,
            "other": False,
        }

    def _monitor(self):
        env = self.env
        every = self.plan.activation.check_every
        while True:
            held = self.triggers_now()
            for name, holds in held.items():
                if holds and name not in self.trigger_first_held:
                    self.trigger_first_held[name] = env.now
                    self.events.append((env.now, "trigger_held", name))
            if self.activation is None and self.options.auto_activate:
                first = next((n for n in held if held[n]), None)
                if first is not None:
                    if self.options.activation_delay > 0:
                        env.timeout(self.options.activation_delay).callbacks.append(
                            lambda _ev, first=first: self.activate_plan(trigger=first, by="plan"))
                    else:
                        self.activate_plan(trigger=first, by="plan")
            yield env.timeout(every)

    def activate_plan(self, actions=None, trigger: str = "other", by: str = "manual") -> Activation | None:
        """Launch the plan now; each action takes effect after its delay. Returns None if already active."""
        if self.activation is not None:
            return None
        chosen = tuple(self.plan.activation.default_actions if actions is None else actions)
        for a in chosen:
            if a not in ACTION_KINDS:
                raise ValueError(f"unknown activation action {a!r}; the plan's actions are {', '.join(ACTION_KINDS)}")
        self.activation = Activation(self.env.now, trigger, chosen, by)
        self.events.append((self.env.now, "plan_activated", f"{trigger} ({by})"))
        for action in chosen:
            self.take_action(action)
        return self.activation

    def take_action(self, action: str) -> float:
        """Start one activation action now; returns the simulated time it takes effect."""
        spec = getattr(self.plan.activation.actions, action)
        effective = self.env.now + spec.delay

        def effect(_ev):
            self.action_effective.setdefault(action, self.env.now)
            self.events.append((self.env.now, "action_effective", action))
            if action == "crisis_command":
                for team in self.teams.values():
                    self._mobilise_on_call(team, "crisis command")
            elif action == "reserve_call_in":
                for team in self.teams.values():
                    n = min(team.reserve_left, round(spec.share_of_reserve * (team.spec.reserve if team.spec else 0)))
                    if n > 0:
                        team.reserve_left -= n
                        self.env.process(self._temporary(team, n, spec.stay, "reserve_joined"))
            elif action == "extended_hours":
                self.extend_by = spec.extend_by
            elif action == "proactive_notice":
                self.notice_active = True
            elif action == "self_service":
                self.deflect_share = spec.deflect_share
        self.env.timeout(spec.delay).callbacks.append(effect)
        return effective

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
        self.env.timeout(spec.delay).callbacks.append(
            lambda _ev: self.env.process(self._temporary(pool, n, spec.stay, "reserve_joined")))
        return self.env.now + spec.delay

    # --- observation ----------------------------------------------------------------------------
    def _baseline_cum(self, t: float) -> float:
        """Expected baseline arrivals in [0, t] (piecewise linear within each hour)."""
        h = int(t // 60)
        return self._baseline_prefix[h] + self._baseline_hourly[h] * (t - h * 60.0) / 60.0

    def _sampler(self):
        env = self.env
        every = self.options.sample_every
        names = list(self.teams)
        while True:
            for team in self.teams.values():
                team._account()
            self.samples.append((env.now, self.open, self.attention.at(env.now),
                                 tuple(self.teams[n].waiting for n in names),
                                 tuple(self.teams[n].on_duty for n in names),
                                 tuple(self.teams[n].busy for n in names)))
            yield env.timeout(every)

    def finish_accounting(self) -> None:
        for team in self.teams.values():
            team._account()
            team.busy_area = team.busy_time()
            for agent in team._in_hand():
                agent.since = self.env.now


def _zero(_u: float) -> float:
    return 0.0


def severity_name(code: int) -> str:
    return SEVERITY_IDS[code]


def case_arrays(cases: list[Case]) -> dict[str, np.ndarray]:
    """Column arrays of the case records (built once, at the end of a run)."""
    n = len(cases)
    cols = {
        "case_id": np.fromiter((c.id for c in cases), dtype=np.int64, count=n),
        "arrival_min": np.fromiter((c.t_arrive for c in cases), dtype=float, count=n),
        "channel": np.fromiter((c.channel for c in cases), dtype=np.int16, count=n),
        "category": np.fromiter((c.category for c in cases), dtype=np.int16, count=n),
        "severity": np.fromiter((c.severity for c in cases), dtype=np.int8, count=n),
        "grade": np.fromiter((c.grade for c in cases), dtype=np.int8, count=n),
        "incident": np.fromiter((c.incident for c in cases), dtype=np.int16, count=n),
        "kind": np.fromiter((c.kind for c in cases), dtype=np.int8, count=n),
        "parent": np.fromiter((c.parent for c in cases), dtype=np.int64, count=n),
        "sync": np.fromiter((c.sync for c in cases), dtype=bool, count=n),
        "waited": np.fromiter((c.waited for c in cases), dtype=bool, count=n),
        "intake_min": np.fromiter((c.t_intake for c in cases), dtype=float, count=n),
        "first_response_min": np.fromiter((c.t_first for c in cases), dtype=float, count=n),
        "crisis_notified_min": np.fromiter((c.t_notified for c in cases), dtype=float, count=n),
        "crisis_review_min": np.fromiter((c.t_review for c in cases), dtype=float, count=n),
        "resolved_min": np.fromiter((c.t_resolved for c in cases), dtype=float, count=n),
        "end_min": np.fromiter((c.t_end for c in cases), dtype=float, count=n),
        "outcome": np.fromiter((c.outcome for c in cases), dtype=np.int8, count=n),
        "escalations": np.fromiter((c.escalations for c in cases), dtype=np.int16, count=n),
        "satisfied": np.fromiter((c.satisfied for c in cases), dtype=np.int8, count=n),
        "deflected": np.fromiter((c.deflected for c in cases), dtype=bool, count=n),
    }
    return cols
