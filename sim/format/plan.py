"""The plan: the organisation's complaint emergency plan (客诉应急预案), as data.

A plan names who does what (roles), where complaints come from (channels), what they are about
(categories, each with the measures the plan prescribes), how serious they are (severity grades and the
criteria for grading), who handles each grade (routing), the eight handling steps, response targets, how
a late complaint escalates, when the plan is activated and what it then does (:mod:`sim.format.activation`),
the satisfaction it aims for, the conduct it demands of handlers and the failures drills flag, and its
drill policy. Ids that the kit implements are fixed (:mod:`sim.format.vocabulary`); every name, number and
rule attached to them is the plan's own and can be edited without touching code.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from sim.format import limits
from sim.format.activation import Activation, Count
from sim.format.base import (
    AtMost,
    Duration,
    FMap,
    FrozenMap,
    Id,
    IdMap,
    Model,
    Share,
    Text,
    known_ids,
    known_keys,
    unknown,
)
from sim.format.care import CareProgramme, CustomerBase, EarlyWarning, ResponseModel, check_segments
from sim.format.messages import fail_key
from sim.format.vocabulary import (
    ACTION_KINDS,
    FLAG_IDS,
    REQUIRED_ROLES,
    SEVERITY_IDS,
    STEP_IDS,
    TRIGGER_KINDS,
    SeverityId,
)


class Role(Model):
    """Who does what: frontline, the specialist, the crisis group and the departments they consult."""
    name: Text
    does: Text


class Channel(Model):
    """Where complaints arrive. On a synchronous channel the customer waits on the line; a public
    channel (social media) is seen by others."""
    name: Text
    synchronous: bool
    public: bool = False


class Category(Model):
    """What a complaint is about, with the measures the plan prescribes for it."""
    name: Text
    measures: tuple[Text, ...] = Field(min_length=1)
    consult: tuple[str, ...] = ()          # departments consulted when a specialist handles it
    notify: tuple[str, ...] = ()           # roles told at once whatever the grade (e.g. data leaks)
    minimum_severity: SeverityId | None = None


class Severity(Model):
    """A severity grade: minor, moderate or major (the ids are fixed; names and meanings are the plan's)."""
    name: Text
    meaning: Text
    examples: tuple[Text, ...] = ()


class Route(Model):
    """Who handles a complaint of one grade, and who is consulted or notified."""
    handled_by: str
    consult_category_departments: bool = False
    consult: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()


class Step(Model):
    """One of the eight handling steps every complaint walks, and the roles that carry it out."""
    name: Text
    does: Text
    roles: tuple[str, ...] = Field(min_length=1)


class Targets(Model):
    """Response and resolution targets by severity, and the crisis group's notification target."""
    first_response: FMap[Duration]         # severity -> target
    crisis_group_notification: Duration
    resolution: FMap[Duration]
    first_response_all: Duration           # the source plan's absolute rule: everyone within 24 h


class KpiTarget(Model):
    """A key performance indicator's bound: at least or at most a value."""
    at_least: float | None = None
    at_most: float | None = None
    name: Text | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> KpiTarget:
        if (self.at_least is None) == (self.at_most is None):
            raise fail_key("plan.one_bound")
        return self

    def met(self, value: float) -> bool:
        if math.isnan(value):  # nothing observed, so not shown to be met
            return False
        if self.at_least is not None:
            return value >= self.at_least
        assert self.at_most is not None   # exactly one bound is given (checked when validated)
        return value <= self.at_most


class Escalation(Model):
    """A complaint still open at a share of its target escalates: higher priority, next tier."""
    at_share_of_target: Share = 0.8        # a complaint escalates when this share of its target has passed
    priority_bump: int = Field(default=1, ge=0, le=2)
    moderate_to_next_tier: bool = True


class Satisfaction(Model):
    """The satisfaction the plan aims for, from the baseline it replaced."""
    target: Share
    baseline: Share
    repurchase_uplift: float = 0.0
    churn_reduction: float = 0.0


class CrisisStandards(Model):
    """Crisis-time standards: respond within N minutes, resolve N % at first contact."""
    first_response_within: Duration
    first_contact_resolution: Share


class ConductRule(Model):
    """Conduct the plan demands of handlers (注意事项), and the flags that mark it broken."""
    text: Text
    flags: tuple[str, ...] = ()

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known_ids(value, FLAG_IDS, "flag")
        return value


class Flag(Model):
    """A conduct failure a drill reply can be flagged with; a critical one rates its step U, whatever the points."""
    name: Text
    critical: bool
    explain: Text


class Company(Model):
    """What the company itself is: the numbers, accounts and addresses a handler may always give out
    (they are never a privacy breach), and its name."""
    name: Text | None = None
    contacts: tuple[str, ...] = ()           # hotlines, e-mail addresses and domains, @accounts, addresses


class Authority(Model):
    """What a handler may promise without the crisis group (授权范围): refunding what was wrongly charged
    is always allowed; a goodwill gesture up to ``goodwill_limit`` (in the plan's currency); anything
    beyond, or a multiple, waiver or dismissal, only when the crisis group has decided it."""
    goodwill_limit: Annotated[float, AtMost(limits.MAX_MONEY)] = Field(default=0.0, ge=0)
    currency: str = "yuan"


class Ratings(Model):
    """HSEEP ratings from the share of points a trainee earned on a plan step."""
    P: Share
    S: Share
    M: Share

    @model_validator(mode="after")
    def _ordered(self) -> Ratings:
        if not (self.P >= self.S >= self.M):
            raise fail_key("plan.thresholds", P=self.P, S=self.S, M=self.M)
        return self

    def rate(self, share: float) -> str:
        return "P" if share >= self.P else "S" if share >= self.S else "M" if share >= self.M else "U"


class DrillPolicy(Model):
    """How often the plan is drilled and trained on, and how trainees are rated."""
    per_year: Count = Field(ge=1)
    training_per_year: Count = Field(ge=0)
    ratings: Ratings
    methods: tuple[Text, ...] = ()


class Churn(Model):
    """Why customers leave and how the plan wins them back; optionally, the customer base and how a
    complaint's handling moves it (:mod:`sim.format.care`), which the customer model needs."""
    causes: tuple[Text, ...]
    win_back: tuple[Text, ...]
    customers: CustomerBase | None = None
    response: ResponseModel | None = None


def _exactly_in_order(table: FrozenMap, ids: tuple[str, ...], what: str, message: str) -> FrozenMap:
    # message: the key of what to say (sim.format.wording), given the ids
    """A table the kit implements entry by entry (steps, grades): exactly ``ids``, in their order."""
    if tuple(table) != ids:
        known_keys(table, ids, what)     # a misspelt id gets its own "did you mean"
        raise fail_key(message, ids=", ".join(ids))
    return table


class Plan(Model):
    """The organisation's complaint emergency plan, as data (see shared PLAN_REFERENCE)."""

    id: Id
    title: Text
    roles: IdMap[Role]                     # the teams a scenario staffs (stored with a roster's members)
    channels: FMap[Channel]
    categories: FMap[Category]
    severities: FMap[Severity]
    grading_criteria: FMap[Text]
    routing: FMap[Route]
    steps: FMap[Step]
    targets: Targets
    kpi_targets: FMap[KpiTarget]
    escalation: Escalation
    activation: Activation
    satisfaction: Satisfaction
    crisis_standards: CrisisStandards
    conduct: FMap[ConductRule]
    flags: FMap[Flag]
    company: Company = Field(default_factory=Company)
    authority: Authority = Field(default_factory=Authority)
    drills: DrillPolicy
    churn: Churn
    care: CareProgramme | None = None            # the customer-care programme and win-back actions
    early_warning: EarlyWarning | None = None    # warning indicators (危机识别与预警)

    @field_validator("severities")
    @classmethod
    def _severities(cls, v: FrozenMap) -> FrozenMap:
        return _exactly_in_order(v, SEVERITY_IDS, "severity", "plan.severities")

    @field_validator("routing")
    @classmethod
    def _routing(cls, v: FrozenMap) -> FrozenMap:
        known_keys(v, SEVERITY_IDS, "severity")
        missing = [s for s in SEVERITY_IDS if s not in v]
        if missing:
            raise fail_key("plan.routing_missing", ids=", ".join(missing))
        return v

    @field_validator("steps")
    @classmethod
    def _steps(cls, v: FrozenMap) -> FrozenMap:
        return _exactly_in_order(v, STEP_IDS, "step", "plan.steps")

    @field_validator("flags")
    @classmethod
    def _flags(cls, v: FrozenMap) -> FrozenMap:
        known_keys(v, FLAG_IDS, "flag")
        return v

    @model_validator(mode="after")
    def _cross_references(self) -> Plan:
        roles = list(self.roles)
        for needed in REQUIRED_ROLES:
            if needed not in self.roles:
                raise fail_key("plan.role_needed", "roles", role=needed)
        for cid, cat in self.categories.items():
            known_ids(cat.consult, roles, "role", "categories", cid, "consult")
            known_ids(cat.notify, roles, "role", "categories", cid, "notify")
        for sev, route in self.routing.items():
            if route.handled_by not in roles:
                raise unknown(route.handled_by, roles, "role", "routing", sev, "handled_by")
            known_ids(route.consult, roles, "role", "routing", sev, "consult")
            known_ids(route.notify, roles, "role", "routing", sev, "notify")
        for sid, step in self.steps.items():
            known_ids(step.roles, roles, "role", "steps", sid, "roles")
        for field in ("first_response", "resolution"):
            table = getattr(self.targets, field)
            known_keys(table, SEVERITY_IDS, "severity", "targets", field)
            missing = [s for s in SEVERITY_IDS if s not in table]
            if missing:
                raise fail_key("plan.target_missing", "targets", field, ids=", ".join(missing))
        surge = self.activation.triggers.surge
        for category_id in surge.categories:
            if category_id not in self.categories:
                raise unknown(category_id, self.categories, "category", "activation", "triggers", "surge", "categories")
        for rid, rule in self.conduct.items():
            for flag in rule.flags:
                if flag not in self.flags:
                    raise fail_key("plan.flag_undescribed", "conduct", rid, "flags", flag=flag)
        if self.care is not None:
            check_segments(self.care, self.churn.customers, "care")
        return self

    # --- convenience -------------------------------------------------------------------------
    def _named_tables(self) -> dict[str, Mapping[str, Any]]:
        """The plan's id tables whose entries have a ``name``, by domain, in the order ids are looked up."""
        return {"categories": self.categories, "severities": self.severities, "roles": self.roles,
                "channels": self.channels, "steps": self.steps, "flags": self.flags}

    def label(self, domain: str, key: str, lang: str = "en") -> str:
        """Display name of a plan id (category, severity, role, channel, step, trigger, action)."""
        table = self._named_tables().get(domain)
        if table is not None and key in table:
            return table[key].name.get(lang)
        if domain == "triggers":
            return getattr(self.activation.triggers, key).name.get(lang)
        if domain == "actions":
            return getattr(self.activation.actions, key).name.get(lang)
        return key

    def domain_of(self, key: str) -> str | None:
        """Which plan vocabulary an option id belongs to (used for option labels in drills)."""
        for domain, table in self._named_tables().items():
            if key in table:
                return domain
        if key in TRIGGER_KINDS:
            return "triggers"
        if key in ACTION_KINDS:
            return "actions"
        return None


