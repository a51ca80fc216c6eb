"""The scenario: one crisis story played out over a plan.

A scenario names the plan it drills and says when it starts and how long it runs; how complaints arrive,
everyday and in incidents (:mod:`sim.format.demand`); who staffs each plan role and how long each piece of
work takes (:mod:`sim.format.teams`); how customers wait, give up and rate the outcome
(:mod:`sim.format.customers`); and optionally the role-play drill script (:mod:`sim.format.drill_script`).
It is validated against its plan: every channel, category, severity and role it names must be the plan's,
and every role the plan routes its complaints to must be staffed. The complaints it expects in all are
bounded (:data:`~sim.format.limits.MAX_EXPECTED_COMPLAINTS`), so that a simulation of it ends.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, PrivateAttr, ValidationInfo, WithJsonSchema, field_validator, model_validator

from sim.format import limits
from sim.format.base import (
    AtMost,
    Duration,
    FMap,
    FrozenMap,
    Id,
    IdMap,
    MaxLen,
    Model,
    Text,
    known_keys,
    plan_from,
    unknown,
)
from sim.format.customers import Abandonment, FollowUp
from sim.format.demand import Arrivals, Incident
from sim.format.distributions import Dist
from sim.format.drill_script import Drill, check_drill, drill_languages, question_domain
from sim.format.messages import fail_key
from sim.format.plan import Plan
from sim.format.prompts import Prompt
from sim.format.teams import Grading, ServiceTimes, Team
from sim.format.units import format_duration
from sim.format.vocabulary import SEVERITY_IDS
from sim.rules import effective_grade, route_for  # the plan's rules tell which teams complaints reach


class Scenario(Model):
    """One crisis story over a plan: arrivals, incidents, staffing and service times, and the drill."""

    id: Id
    title: Text
    summary: Text | None = None
    plan_file: str = Field(alias="plan")
    start: Annotated[datetime, WithJsonSchema({"type": "string", "pattern": r"^\s*\d{4}-\d{2}-\d{2}([Tt ].*)?$",
                                                "description": "When the scenario starts, e.g. 2026-03-02T08:00."})]
    horizon: Duration
    warm_up: Duration = 0.0
    seed: Annotated[int, AtMost(limits.MAX_SEED)] = Field(ge=0)
    arrivals: Arrivals
    incidents: Annotated[tuple[Incident, ...], MaxLen(limits.MAX_INCIDENTS)] = ()
    staffing: IdMap[Team]                  # by plan role: the teams
    service_times: IdMap[ServiceTimes]
    patience: FMap[Dist] = Field(default_factory=FrozenMap)
    abandonment: Abandonment = Field(default_factory=Abandonment)
    follow_up: FollowUp | None = None
    grading: Grading = Field(default_factory=Grading)
    escalation: bool = True
    drill: Drill | None = None
    _plan: Plan | None = PrivateAttr(default=None)   # the plan object, attached by load_scenario
    _hash: str | None = PrivateAttr(default=None)    # on an attempt's version (with_drill): the written one's hash

    @property
    def plan(self) -> Plan:
        """The plan this scenario drills (attached when loaded)."""
        if self._plan is None:
            raise RuntimeError("this scenario has no plan attached; load it with sim.load_scenario()")
        return self._plan

    def with_plan(self, plan: Plan) -> Scenario:
        """A copy with ``plan`` attached (the plan is not a field: it comes from another file)."""
        out = self.model_copy()
        out._plan = plan
        return out

    def with_drill(self, drill: Drill) -> Scenario:
        """A copy whose drill is ``drill``: the version of it one attempt meets, each question pool resolved to
        one variant (:func:`sim.drill.variants.attempt_scenario`). It keeps this scenario's id, plan and
        content hash, since attempts and scores are stored against the scenario as written."""
        out = self.model_copy(update={"drill": drill})
        out._plan = self._plan
        out._hash = self.content_hash()
        return out

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v: Any) -> Any:
        if isinstance(v, str):
            try:
                return datetime.fromisoformat(v.strip())
            except ValueError:
                raise fail_key("scenario.start", value=v) from None
        return v

    @field_validator("horizon")
    @classmethod
    def _horizon(cls, v: float) -> float:
        if v <= 0:
            raise fail_key("scenario.horizon")
        return v

    @field_validator("staffing", "service_times")
    @classmethod
    def _teams(cls, teams: FrozenMap, info: ValidationInfo) -> FrozenMap:
        """Both are given per plan role; frontline, who receives every complaint, is staffed and timed."""
        plan = plan_from(info)
        if plan is not None:
            known_keys(teams, plan.roles, "role")
        if info.field_name == "staffing" and "frontline" not in teams:
            raise fail_key("scenario.frontline_staffing")
        if info.field_name == "service_times" and ("frontline" not in teams or teams["frontline"].intake is None):
            raise fail_key("scenario.frontline_intake")
        return teams

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Scenario:
        plan = plan_from(info) or self._plan
        if plan is None:
            return self
        channels, categories = list(plan.channels), list(plan.categories)
        known_keys(self.arrivals.per_hour, channels, "channel", "arrivals", "per_hour")
        known_keys(self.arrivals.categories, categories, "category", "arrivals", "categories")
        for key, mix in self.arrivals.severity.items():
            if key != "default" and key not in categories:
                raise unknown(key, categories, "category", "arrivals", "severity", key)
            known_keys(mix, plan.severities, "severity", "arrivals", "severity", key)
        for i, inc in enumerate(self.incidents):
            at = ("incidents", i)
            if inc.category not in categories:
                raise unknown(inc.category, categories, "category", *at, "category")
            known_keys(inc.channels, channels, "channel", *at, "channels")
            known_keys(inc.severity, plan.severities, "severity", *at, "severity")
            if inc.at >= self.horizon:
                raise fail_key("scenario.incident_late", *at, "at", at=format_duration(inc.at),
                               horizon=format_duration(self.horizon))
        first: dict[str, int] = {}
        for i, inc in enumerate(self.incidents):
            if first.setdefault(inc.id, i) != i:
                raise fail_key("scenario.incident_twice", "incidents", first[inc.id], "id", value=inc.id)
        expected = self.expected_arrivals()
        if expected > limits.MAX_EXPECTED_COMPLAINTS:
            raise fail_key("scenario.too_many_complaints", expected=expected, limit=limits.MAX_EXPECTED_COMPLAINTS)
        people = sum(team.reserve + team.on_call + sum(s.staff * len(s.spans(self.start, self.horizon))
                                                       for s in team.shifts) for team in self.staffing.values())
        if people > limits.MAX_STAFF_SHIFTS:      # each person on each shift is an agent the simulator runs
            raise fail_key("scenario.too_many_staff_shifts", "staffing", count=people, limit=limits.MAX_STAFF_SHIFTS)
        known_keys(self.patience, channels, "channel", "patience")
        for ch in self.patience:
            if not plan.channels[ch].synchronous:
                raise fail_key("scenario.patience_async", "patience", ch, channel=ch)
        for team, times in self.service_times.items():
            known_keys(times.by_category, categories, "category", "service_times", team, "by_category")
        if self.warm_up >= self.horizon:
            raise fail_key("scenario.warm_up", "warm_up")
        self._check_teams_needed(plan)
        if self.drill is not None:
            check_drill(self.drill, plan)
        return self

    def _check_teams_needed(self, plan: Plan) -> None:
        """Every role the plan routes this scenario's complaints to must be staffed and timed."""
        sev_mixes = list(self.arrivals.severity.values()) + [inc.severity for inc in self.incidents]
        cats = set(self.arrivals.categories) | {inc.category for inc in self.incidents}
        sevs = {s for mix in sev_mixes for s, share in mix.items() if share > 0}
        # Each complaint is graded as the simulator grades it: a category's minimum grade (a data leak is
        # always major) raises that category's complaints only.
        grades = {(effective_grade(plan, SEVERITY_IDS.index(sev), cat), cat) for sev in sevs for cat in cats}
        needs: dict[str, tuple[str, str]] = {}
        for grade, cat in sorted(grades):      # least severe first, so a message names the commonest case
            sev = SEVERITY_IDS[grade]
            handler, consult, notify = route_for(plan, sev, cat)
            for role, activity in [(handler, "resolve" if handler != "frontline" else "resolve_minor")] + \
                    [(r, "consult") for r in consult] + [(r, "review") for r in notify]:
                needs.setdefault(role, (activity, f"{sev} {cat}"))
        for role, (activity, why) in needs.items():
            if role not in self.staffing:
                raise fail_key("scenario.unstaffed", "staffing", role=role, why=why)
            if activity == "resolve_minor":
                continue  # optional: without it minor complaints are resolved at intake
            if role not in self.service_times or self.service_times[role].get(activity) is None:
                raise fail_key("scenario.untimed", "service_times", activity=activity, role=role, why=why)

    # --- convenience -------------------------------------------------------------------------
    @property
    def teams(self) -> tuple[str, ...]:
        """The staffed plan roles."""
        return tuple(self.staffing)

    @property
    def drill_start(self) -> float:
        """Scenario minute at which the drill clock reads T+00:00."""
        if self.drill is not None and self.drill.starts is not None:
            return self.drill.starts
        return min((inc.at for inc in self.incidents), default=0.0)

    def expected_arrivals(self) -> float:
        """Expected complaints over the horizon: the baseline hour by hour of its profile (the multiplier is
        constant within a clock hour), plus each incident's surge (:meth:`Incident.expected`)."""
        base_per_min = sum(self.arrivals.per_hour.values()) / 60.0
        start_dow = self.start.weekday() * 1440 + self.start.hour * 60 + self.start.minute
        total = 0.0
        t = 0.0
        while t < self.horizon:
            end = min(self.horizon, t + 60.0 - (start_dow + t) % 60.0)   # the next clock hour, or the horizon
            total += base_per_min * self.arrivals.profile.multiplier(start_dow + t) * (end - t)
            t = end
        return total + sum(inc.expected(self.horizon) for inc in self.incidents)

    def content_hash(self) -> str:
        """Hash of the scenario and its plan; stored with drill attempts so re-scoring knows what changed."""
        if self._hash is not None:
            return self._hash
        data = {"scenario": self.model_dump(mode="json", by_alias=True),
                "plan": self._plan.model_dump(mode="json") if self._plan else None}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]

    def languages(self) -> tuple[str, ...]:
        """Languages in which the whole drill text is available."""
        if self.drill is None:
            return drill_languages(self.title)
        return drill_languages(self.title, self.drill.role,
                               [version.message for inj in self.drill.injects for version in inj.pool()])


def default_question_domain(scenario: Scenario, prompt: Prompt) -> str | None:
    """The plan table a prompt of this scenario asks about when it has no ``question`` of its own."""
    return question_domain(scenario.plan, prompt)
