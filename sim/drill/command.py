"""Live command drill: the trainee is the duty manager (值班经理) while the crisis unfolds in the SimPy model.

The centre simulation advances one decision interval at a time. At each decision point the trainee sees
a :class:`Dashboard` built from the model's live state and may act: activate the plan (choosing its
actions), call in reserve staff, publish the proactive notice, enable self-service, extend hours, notify
the crisis group, or hold. Decisions take effect in the running model after the plan's delays.

Scoring (documented weights, out of 100):

* **Timeliness (40)** — for each activation trigger that held, how long after the first decision point
  at which the trainee could have seen it they launched the plan: full marks within one interval of
  grace, then losing marks linearly to zero at ``late_zero`` (2 h) late; never activating while a trigger
  held scores 0. Launching the plan when no trigger had held costs 10 of these 40 (premature).
* **Proportion (20)** — hotline (frontline) reserve staff called in, the trainee's call-ins and the plan
  activation's call-in together, against the plan's reserve rule
  (:func:`sim.staffing.reserve.reserve_guidance`, the rule the trainee drill's reserve question follows:
  from the fewest that hold the abandonment target at the incident's peak up to the whole pool): full
  marks inside that range, then −20 % per person outside it.
* **Outcome (40)** — plan targets met in the trainee's run, placed between two references run on the
  same random numbers: no action (0) and the plan followed by the book (full marks; an automatic policy
  acting exactly when triggers hold). Beating the book scores full marks.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from sim import rules
from sim.drill.command_watch import attention_level, deadline_watch
from sim.format.scenario import Scenario
from sim.format.units import format_clock, format_duration, parse_duration
from sim.format.vocabulary import ACTION_KINDS, SEVERITY_IDS
from sim.i18n import t
from sim.simulation.arrivals import baseline_expected
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.records import FIRST, OPEN
from sim.simulation.replication import result_of
from sim.staffing.reserve import ReserveGuidance, reserve_guidance

DECISIONS = ("activate", "call_in", "publish_notice", "enable_self_service", "extend_hours",
             "notify_crisis_group", "hold")
WEIGHTS = {"timeliness": 40.0, "proportion": 20.0, "outcome": 40.0}
LATE_ZERO_MIN = 120.0


@dataclass
class TeamState:
    team: str
    on_duty: int
    busy: int
    waiting: int
    longest_wait_min: float
    reserve_left: int
    near_target: int = 0               # of those waiting: near their target, late (sim.drill.command_watch)
    late: int = 0
    next_due_min: float | None = None  # minutes left to the soonest target among those waiting not yet late


@dataclass
class Dashboard:
    """What the duty manager sees at a decision point (all from the model's live state)."""
    minute: float
    clock: str
    arrivals_last_hour: dict[str, int]
    baseline_last_hour: dict[str, float]
    teams: list[TeamState]
    near_target: int                   # open complaints near the target they work towards (command_watch)
    late: int                          # open complaints already past it
    majors_awaiting_crisis_group: int
    public_attention: float
    attention_threshold: float
    triggers: dict[str, bool]
    plan_active: bool
    actions_in_effect: list[str]
    decisions: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> int:
        """(The former name of ``near_target``.)"""
        return self.near_target

    @property
    def attention_level(self) -> str:
        """``low``, ``rising`` or ``crisis`` (:func:`sim.drill.command_watch.attention_level`)."""
        return attention_level(self.public_attention, self.attention_threshold)


@dataclass
class Decision:
    minute: float
    kind: str
    detail: dict
    effective_min: float | None


@dataclass
class CommandResult:
    trainee: str
    scenario_id: str
    seed: int
    score: float
    parts: dict[str, float]
    timeliness: list[dict]
    reserve_called: int                # hotline reserve called in: the trainee's and the activation's
    reserve_suggested: int             # the fewest the plan's reserve rule asks for (reserve_range[0])
    targets_met: dict[str, int]        # trainee / no_action / by_the_book
    kpis: dict[str, dict[str, float]]  # same three keys
    decisions: list[dict]
    feedback: list[str]
    reserve_range: tuple[int, int] = (0, 0)   # the plan's reserve rule: (fewest, what the pool holds)

    def summary(self, lang: str = "en") -> str:
        lines = [t("command.result", lang, score=self.score, trainee=self.trainee)]
        for name, value in self.parts.items():
            lines.append(t("command.part", lang, part=t(f"command.part.{name}", lang), value=value,
                           max=WEIGHTS[name]))
        lines.extend(self.feedback)
        return "\n".join(lines)


class CommandDrill:
    """A trainee steering one run of the scenario's centre, decision interval by decision interval."""

    def __init__(self, scenario: Scenario, trainee: str, decision_interval: str | float = "30min",
                 store=None, seed: int | None = None, language: str = "en", lead_in: str | float = "1h",
                 duration: str | float | None = None, context: str | float = "6h"):
        self.scenario = scenario
        self.trainee = trainee
        self.language = language
        self.store = store
        self.seed = scenario.seed if seed is None else seed
        self.interval = _minutes(decision_interval, "decision_interval", language)
        if self.interval <= 0:
            raise ValueError(t("command.interval_not_positive", language))
        # The drill opens shortly before the first sign (see opening_minute), not hours of quiet before it.
        self.first_sign = first_sign(scenario, self.seed)
        self.start = opening_minute(scenario, self.first_sign, _minutes(lead_in, "lead_in", language),
                                    self.interval)
        length = (_minutes(duration, "duration", language) if duration is not None
                  else min(24 * 60.0, scenario.horizon))
        self.end = min(scenario.horizon, self.start + length)
        self.centre = Centre(scenario, seed=self.seed, options=CentreOptions(auto_activate=False))
        self.decisions: list[Decision] = []
        # Reserve staff called per team: by the trainee, and by the plan's activation (its reserve_call_in
        # action, counted when decided though they join after the plan's delay). Together: at most the pool.
        self.called_by_trainee: dict[str, int] = {}
        self.called_by_activation: dict[str, int] = {}
        self._guidance: ReserveGuidance | None = None
        # The hours before the drill opens, one dashboard per decision interval, for the charts' context.
        self.before: list[Dashboard] = []
        steps = int(min(_minutes(context, "context", language), self.start) // self.interval)
        for k in range(steps, 0, -1):
            self.centre.run(until=self.start - k * self.interval)
            self.before.append(self.dashboard())
        self.centre.run(until=self.start)
        self._decision_points: list[float] = [self.centre.now]
        self._result: CommandResult | None = None

    # --- the loop -------------------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.centre.now

    @property
    def finished(self) -> bool:
        return self.now >= self.end - 1e-9

    def advance(self) -> Dashboard:
        """Run the centre one decision interval and return the new dashboard."""
        if not self.finished:
            self.centre.run(until=min(self.end, self.now + self.interval))
            self._decision_points.append(self.now)
        return self.dashboard()

    def decide(self, kind: str, **detail) -> Decision:
        """Take a decision now; it takes effect in the running model after the plan's delay."""
        c = self.centre
        if kind not in DECISIONS:
            raise ValueError(t("command.unknown_decision", self.language, kind=kind, known=", ".join(DECISIONS)))
        effective = None
        if kind == "activate":
            actions = detail.get("actions")   # None: the plan's default actions (the scenario says which)
            if actions is not None:
                if not actions:
                    defaults = ", ".join(self.scenario.plan.label("actions", a, self.language)
                                         for a in self.scenario.plan.activation.default_actions)
                    raise ValueError(t("command.no_actions", self.language, defaults=defaults))
                unknown = [a for a in actions if a not in ACTION_KINDS]
                if unknown:
                    raise ValueError(t("command.unknown_action", self.language, action=unknown[0],
                                       known=", ".join(ACTION_KINDS)))
            act = c.activate_plan(actions=actions, trigger=rules.first_trigger(c.triggers_now()) or "other",
                                  by="trainee")
            if act is None:
                raise ValueError(t("command.already_active", self.language))
            if "reserve_call_in" in act.actions:
                # What the action will bring when it takes effect (the centre asks the same rule then).
                self.called_by_activation = {
                    name: rules.reserve_called_in(self.scenario.plan, pool.reserve,
                                                  pool.reserve - self.called_by_trainee.get(name, 0))
                    for name, pool in c.teams.items()}
            effective = self.now
        elif kind == "call_in":
            team, n = detail.get("team", "frontline"), int(detail.get("n", 0))
            self._check_call_in(team, n)
            effective = c.call_in(team, n)
            self.called_by_trainee[team] = self.called_by_trainee.get(team, 0) + n
        elif kind in ("publish_notice", "enable_self_service", "extend_hours"):
            action = {"publish_notice": "proactive_notice", "enable_self_service": "self_service",
                      "extend_hours": "extended_hours"}[kind]
            effective = c.take_action(action)
        elif kind == "notify_crisis_group":
            team = c.teams.get("crisis_group")
            if team is not None:
                c.mobilise_on_call(team, "duty manager")
                effective = self.now + team.mobilise
        decision = Decision(self.now, kind, dict(detail), effective)
        self.decisions.append(decision)
        return decision

    def reserve_committed(self, team: str) -> int:
        """Reserve staff of ``team`` called in so far: the trainee's call-ins and the plan activation's."""
        return self.called_by_trainee.get(team, 0) + self.called_by_activation.get(team, 0)

    @property
    def reserve_guidance(self) -> ReserveGuidance:
        """The plan's reserve rule for this scenario (computed once)."""
        if self._guidance is None:
            self._guidance = reserve_guidance(self.scenario)
        return self._guidance

    def _check_call_in(self, team: str, n: int) -> None:
        """Refuse a call beyond the pool, counting every call of the drill: the trainee's and the plan
        activation's (whose staff join later, so the centre alone would not yet see them)."""
        lang, plan = self.language, self.scenario.plan
        pool = self.centre.teams.get(team)
        if pool is None:        # (a caller passing a team id is told the ids it may pass)
            raise ValueError(t("command.unknown_team", lang, team=team, known=", ".join(self.centre.teams)))
        if n < 1:
            raise ValueError(t("command.reserve_at_least_one", lang))
        committed = self.reserve_committed(team)
        if committed + n > pool.reserve:
            raise ValueError(t("command.reserve_pool", lang, team=plan.label("roles", team, lang),
                               pool=pool.reserve, committed=committed, n=n))

    def dashboard(self) -> Dashboard:
        c = self.centre
        now = c.now
        sc = self.scenario
        arrivals = {ch: 0 for ch in c.channels}
        for case in reversed(c.cases):
            if case.t_arrive < now - 60:
                break
            if case.kind == FIRST:
                arrivals[c.channels[case.channel]] += 1
        base_total = baseline_expected(sc, max(0.0, now - 60), now)
        per_hour = sc.arrivals.per_hour
        total_rate = sum(per_hour.values()) or 1.0
        baseline = {ch: base_total * per_hour.get(ch, 0.0) / total_rate for ch in c.channels}
        # Every open complaint against the target it works towards (sim.drill.command_watch): the whole book,
        # and each team's queue (a case its queue lists twice, once raised by escalation, counts once).
        book = c.cases.arrays(copy=False)
        plan = sc.plan
        due = deadline_watch(book["arrival_min"], book["first_response_min"], book["outcome"] == OPEN,
                             book["severity"], now, [rules.first_response_target(plan, g) for g in rules.GRADES],
                             [rules.resolution_target(plan, g) for g in rules.GRADES],
                             plan.escalation.at_share_of_target)
        teams = []
        for name, team in c.teams.items():
            ids = sorted({case.id for case in team.waiting_cases()})
            waited = now - book["arrival_min"][ids] if ids else []
            left = [x for x in due.left[ids] if x > 0] if ids else []
            teams.append(TeamState(name, team.on_duty, team.busy, team.waiting, float(max(waited, default=0.0)),
                                   team.reserve - self.reserve_committed(name),
                                   near_target=int(due.near[ids].sum()) if ids else 0,
                                   late=int(due.late[ids].sum()) if ids else 0,
                                   next_due_min=float(min(left)) if left else None))
        notified = book["crisis_notified_min"]
        majors_waiting = int(((book["outcome"] == OPEN) & ~np.isnan(notified) & (notified <= now)
                              & np.isnan(book["crisis_review_min"])).sum())
        th = plan.activation.triggers.public_attention.threshold
        return Dashboard(
            minute=now, clock=self.clock(now), arrivals_last_hour=arrivals, baseline_last_hour=baseline,
            teams=teams, near_target=int(due.near.sum()), late=int(due.late.sum()),
            majors_awaiting_crisis_group=majors_waiting,
            public_attention=c.attention.at(now), attention_threshold=th, triggers=c.triggers_now(),
            plan_active=c.activation is not None, actions_in_effect=sorted(c.action_effective),
            decisions=[f"{self.clock(d.minute)} {d.kind}" for d in self.decisions])

    def clock(self, minute: float) -> str:
        """The scenario's clock at ``minute``, with the day after the first ("D2 08:00"; 第2天 in Chinese)."""
        start = self.scenario.start
        total = start.hour * 60 + start.minute + minute
        day = int(total // 1440)
        time = format_clock(total % 1440)
        return t("cmd.day_clock", self.language, day=day + 1, clock=time) if day else time

    # --- scoring --------------------------------------------------------------------------------
    def finish(self) -> CommandResult:
        """Run to the horizon, run the two references on the same random numbers, score and store."""
        if self._result is not None:
            return self._result
        lang = self.language
        self.centre.run()
        mine = result_of(self.centre, self.seed)
        none = _reference(self.scenario, self.seed, auto=False)
        book = _reference(self.scenario, self.seed, auto=True)
        plan = self.scenario.plan
        met = {name: _targets_met(k, plan) for name, k in (("trainee", mine.kpis), ("no_action", none.kpis),
                                                            ("by_the_book", book.kpis))}
        timeliness, t_score, feedback = self._timeliness(lang)
        guide = self.reserve_guidance
        called = self.reserve_committed("frontline")
        p_score = proportion_score(called, guide)
        feedback.extend(self._reserve_feedback(called, guide, lang))
        span = met["by_the_book"] - met["no_action"]
        if span > 0:
            share = min(1.0, max(0.0, (met["trainee"] - met["no_action"]) / span))
        else:
            total = max(1, len(plan.kpi_targets))
            share = met["trainee"] / total
        o_score = WEIGHTS["outcome"] * share
        feedback.append(t("command.outcome", lang, mine=met["trainee"], none=met["no_action"],
                          book=met["by_the_book"], total=len(plan.kpi_targets)))
        parts = {"timeliness": round(t_score, 1), "proportion": round(p_score, 1), "outcome": round(o_score, 1)}
        keys = [k for k in plan.kpi_targets] + ["abandon_rate", "backlog_peak", "staff_cost"]
        kpis = {name: {k: float(res.kpis.get(k, math.nan)) for k in dict.fromkeys(keys)}
                for name, res in (("trainee", mine), ("no_action", none), ("by_the_book", book))}
        self._result = CommandResult(
            trainee=self.trainee, scenario_id=self.scenario.id, seed=self.seed,
            score=round(sum(parts.values()), 1), parts=parts, timeliness=timeliness, reserve_called=called,
            reserve_suggested=guide.fewest, targets_met=met, kpis=kpis,
            decisions=[asdict(d) for d in self.decisions], feedback=feedback,
            reserve_range=(guide.fewest, guide.most))
        if self.store is not None:
            self.store.save_command_result(self.trainee, self.scenario.id, self.scenario.content_hash(),
                                           lang, asdict(self._result))
        return self._result

    def _timeliness(self, lang: str) -> tuple[list[dict], float, list[str]]:
        held = dict(self.centre.trigger_first_held)
        act = self.centre.activation
        rows: list[dict] = []
        feedback: list[str] = []
        relevant = {k: v for k, v in held.items() if v <= (act.at if act else self.end)} or held
        if not held:
            if act is not None:
                feedback.append(t("command.premature", lang, at=self.clock(act.at)))
                return rows, WEIGHTS["timeliness"] - 10.0, feedback
            feedback.append(t("command.no_trigger", lang))
            return rows, WEIGHTS["timeliness"], feedback
        first_name = min(relevant, key=relevant.__getitem__)
        first_at = relevant[first_name]
        # The trainee can only act at decision points: lateness counts from the first one after the trigger.
        seen_at = next((p for p in self._decision_points if p >= first_at - 1e-9), first_at)
        for name, at in sorted(held.items(), key=lambda kv: kv[1]):
            rows.append({"trigger": name, "held_min": at, "held_clock": self.clock(at),
                         "activated_min": act.at if act else None,
                         "late_min": (act.at - at) if act else None})
        trigger_label = self.scenario.plan.label("triggers", first_name, lang)
        if act is None:
            feedback.append(t("command.never_activated", lang, trigger=trigger_label, held=self.clock(first_at)))
            return rows, 0.0, feedback
        late = act.at - first_at
        if act.at < first_at:
            feedback.append(t("command.early", lang, at=self.clock(act.at), trigger=trigger_label,
                              held=self.clock(first_at)))
            return rows, WEIGHTS["timeliness"], feedback
        beyond_grace = max(0.0, act.at - seen_at - self.interval)
        score = WEIGHTS["timeliness"] * max(0.0, 1.0 - beyond_grace / LATE_ZERO_MIN)
        feedback.append(t("command.late", lang, trigger=trigger_label, held=self.clock(first_at),
                          at=self.clock(act.at), late=format_duration(late) if late >= 1 else "0min",
                          minutes=round(late)))
        return rows, score, feedback

    def _reserve_feedback(self, called: int, guide: ReserveGuidance, lang: str) -> list[str]:
        """The reserve called against the plan's rule, and why the rule says so."""
        lines = [t("command.reserve_rule", lang, called=called, fewest=guide.fewest, most=guide.most)]
        if guide.peak_hour is not None and guide.abandon_target is not None:
            why = {"target": guide.abandon_target, "clock": self.clock(guide.peak_hour * 60.0),
                   "agents": guide.agents_needed, "rostered": guide.rostered, "fewest": guide.fewest,
                   "most": guide.most}
            lines.append(t("command.reserve_why" if guide.enough else "command.reserve_short", lang, **why))
        return lines


def proportion_score(called: int, guide: ReserveGuidance) -> float:
    """The proportion part: full marks for hotline reserve called within the plan's reserve rule, 20 % less
    for each person outside it.

    >>> g = ReserveGuidance(fewest=9, most=12)
    >>> proportion_score(9, g), proportion_score(12, g), proportion_score(8, g), proportion_score(4, g)
    (20.0, 20.0, 16.0, 0.0)
    """
    return WEIGHTS["proportion"] * max(0.0, 1.0 - 0.2 * guide.off_by(called))


def autoplay(drill: CommandDrill, late_steps: int = 0, actions: Sequence[str] | None = None,
             call_in: tuple[str, int] | None = None) -> CommandResult:
    """A scripted duty manager, for demo cohorts and tests: advance to the end, activating the plan
    ``late_steps`` decision points after a trigger is first seen to hold (with ``actions``, or the plan's
    defaults) and calling in ``call_in`` = (team, n) reserve staff at that moment."""
    seen = 0
    while not drill.finished:
        board = drill.advance()
        if any(board.triggers.values()) and not board.plan_active:
            seen += 1
            if seen > late_steps:
                drill.decide("activate", **({"actions": list(actions)} if actions is not None else {}))
                if call_in is not None:
                    drill.decide("call_in", team=call_in[0], n=call_in[1])
    return drill.finish()


def first_sign(scenario: Scenario, seed: int, step: float = 60.0) -> float | None:
    """When the plan's first activation trigger holds in the scenario's centre if no one acts: the same model
    on the same random numbers as the drill's, which is therefore the same until the first decision. Looked
    for up to a day after the first incident starts; None without an incident or a trigger by then."""
    if not scenario.incidents:
        return None
    limit = min(scenario.horizon, min(inc.at for inc in scenario.incidents) + 24 * 60.0)
    probe = Centre(scenario, seed=seed, options=CentreOptions(auto_activate=False, record_log=False))
    until = 0.0
    while until < limit and not probe.trigger_first_held:
        until = min(limit, until + step)
        probe.run(until=until)
    return min(probe.trigger_first_held.values(), default=None)


def opening_minute(scenario: Scenario, sign: float | None, lead_in: float, interval: float) -> float:
    """Where the drill opens: ``lead_in`` before the first sign (:func:`first_sign`; without one, before the
    first incident starts; without an incident, at the start), moved back to a whole decision interval on
    the scenario's clock (so that decision points read 18:00, 18:30...), never before the start.

    A commander takes over a normal shift and sees the first signs within a decision point or two, instead
    of advancing through hours in which nothing can be decided (the hours before are shown for context).
    """
    anchor = sign if sign is not None else min((inc.at for inc in scenario.incidents), default=0.0)
    offset = scenario.start.hour * 60 + scenario.start.minute
    aligned = math.floor((anchor - lead_in + offset) / interval + 1e-9) * interval - offset
    return max(0.0, aligned)


def _reference(scenario: Scenario, seed: int, auto: bool):
    centre = Centre(scenario, seed=seed, options=CentreOptions(auto_activate=auto))
    centre.run()
    return result_of(centre, seed)


def _targets_met(kpis, plan) -> int:
    return sum(1 for name, target in plan.kpi_targets.items() if name in kpis and target.met(float(kpis[name])))


def _minutes(value, field_name: str, lang: str) -> float:
    """Minutes in a number or a duration string ("30min", "2h"); a clear error naming the argument."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return parse_duration(value)    # never negative: a duration string has no sign
    except ValueError as exc:
        raise ValueError(t("command.bad_duration", lang, field=field_name, problem=exc)) from None


__all__ = ["DECISIONS", "SEVERITY_IDS", "CommandDrill", "CommandResult", "Dashboard", "Decision", "first_sign",
           "opening_minute"]
