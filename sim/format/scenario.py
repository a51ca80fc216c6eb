"""Typed, immutable models of a plan (the organisation's complaint emergency plan) and of a scenario
(one crisis story: arrivals, incidents, staffing, service times and the role-play drill script).

``load_plan`` and ``load_scenario`` read YAML and report every problem as ``file:line: field: what``.
The simulator and the drill engine read only these objects, never raw YAML.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim.format.base import (
    Clock,
    Duration,
    FrozenMap,
    Mix,
    Model,
    NonNegative,
    ScenarioClock,
    Share,
    Text,
    fail,
    frozen_map,
    known_keys,
    plan_from,
    unknown_message,
)
from sim.format.errors import Problem, ScenarioError
from sim.format.yamlio import LinedDocument, field_path, read_yaml

T = TypeVar("T")
# A read-only mapping id -> typed value; pydantic reports errors at the entry's key.
FMap = Annotated[dict[str, T], AfterValidator(frozen_map)]

# The plan's fixed vocabulary: the simulator implements exactly these; their names and rules are data.
STEP_IDS = ("receive_and_record", "emergency_handling", "investigate", "decide_solution", "implement",
            "follow_up_and_feedback", "rectify_and_prevent", "evaluate_and_summarise")
SEVERITY_IDS = ("minor", "moderate", "major")
TRIGGER_KINDS = ("surge", "outage", "public_attention", "other")
ACTION_KINDS = ("reserve_call_in", "extended_hours", "proactive_notice", "self_service", "crisis_command")
FLAG_IDS = ("privacy_leak", "unauthorised_promise", "blame", "unsafe_advice", "non_apology", "speculation",
            "blame_third_party")
RATING_IDS = ("P", "S", "M", "U")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# =============================================================================================
# The plan
# =============================================================================================

class Role(Model):
    name: Text
    does: Text


class Channel(Model):
    name: Text
    synchronous: bool
    public: bool = False


class Category(Model):
    name: Text
    measures: tuple[Text, ...] = Field(min_length=1)
    consult: tuple[str, ...] = ()          # departments consulted when a specialist handles it
    notify: tuple[str, ...] = ()           # roles told at once whatever the grade (e.g. data leaks)
    minimum_severity: Literal["minor", "moderate", "major"] | None = None


class Severity(Model):
    name: Text
    meaning: Text
    examples: tuple[Text, ...] = ()


class Route(Model):
    handled_by: str
    consult_category_departments: bool = False
    consult: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()


class Step(Model):
    name: Text
    does: Text
    roles: tuple[str, ...] = Field(min_length=1)


class Targets(Model):
    first_response: FMap[Duration]         # severity -> target
    crisis_group_notification: Duration
    resolution: FMap[Duration]
    first_response_all: Duration           # the source plan's absolute rule: everyone within 24 h


class KpiTarget(Model):
    at_least: float | None = None
    at_most: float | None = None
    name: Text | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> KpiTarget:
        if (self.at_least is None) == (self.at_most is None):
            raise fail("give exactly one of 'at_least' or 'at_most'")
        return self

    def met(self, value: float) -> bool:
        if value != value:  # NaN: nothing observed, so not shown to be met
            return False
        return value >= self.at_least if self.at_least is not None else value <= self.at_most  # type: ignore[operator]


class Escalation(Model):
    at_share_of_target: Share = 0.8        # a complaint escalates when this share of its target has passed
    priority_bump: int = Field(default=1, ge=0, le=2)
    moderate_to_next_tier: bool = True


class SurgeTrigger(Model):
    name: Text
    window: Duration
    multiple_of_baseline: float = Field(gt=1)
    minimum_complaints: int = Field(default=10, ge=1)
    categories: tuple[str, ...] = ()       # empty: any category
    minimum_severity: Literal["minor", "moderate", "major"] = "minor"


class OutageTrigger(Model):
    name: Text


class PublicAttentionTrigger(Model):
    name: Text
    threshold: float = Field(gt=0)
    half_life: Duration                    # the attention index decays with this half-life


class OtherTrigger(Model):
    name: Text


class Triggers(Model):
    surge: SurgeTrigger
    outage: OutageTrigger
    public_attention: PublicAttentionTrigger
    other: OtherTrigger


class ReserveCallIn(Model):
    name: Text
    delay: Duration
    share_of_reserve: Share = 1.0
    stay: Duration = 720.0                 # reserves work one long shift (12 h by default), then leave


class ExtendedHours(Model):
    name: Text
    delay: Duration
    extend_by: Duration


class ProactiveNotice(Model):
    name: Text
    delay: Duration
    repeat_contact_reduction: Share


class SelfService(Model):
    name: Text
    delay: Duration
    deflect_share: Share                   # share of minor complaints answered without an agent


class CrisisCommand(Model):
    name: Text
    delay: Duration


class Actions(Model):
    reserve_call_in: ReserveCallIn
    extended_hours: ExtendedHours
    proactive_notice: ProactiveNotice
    self_service: SelfService
    crisis_command: CrisisCommand


class Activation(Model):
    check_every: Duration
    triggers: Triggers
    actions: Actions
    default_actions: tuple[str, ...] = ACTION_KINDS

    @field_validator("default_actions")
    @classmethod
    def _known_actions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for i, action in enumerate(value):
            if action not in ACTION_KINDS:
                raise fail(unknown_message(action, ACTION_KINDS, "action"), i)
        return value


class Satisfaction(Model):
    target: Share
    baseline: Share
    repurchase_uplift: float = 0.0
    churn_reduction: float = 0.0


class CrisisStandards(Model):
    first_response_within: Duration
    first_contact_resolution: Share


class ConductRule(Model):
    text: Text
    flags: tuple[str, ...] = ()

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for i, flag in enumerate(value):
            if flag not in FLAG_IDS:
                raise fail(unknown_message(flag, FLAG_IDS, "flag"), i)
        return value


class Flag(Model):
    name: Text
    critical: bool
    explain: Text


class Ratings(Model):
    """HSEEP ratings from the share of points a trainee earned on a plan step."""
    P: Share
    S: Share
    M: Share

    @model_validator(mode="after")
    def _ordered(self) -> Ratings:
        if not (self.P >= self.S >= self.M):
            raise fail(f"thresholds must fall: P ({self.P}) >= S ({self.S}) >= M ({self.M})")
        return self

    def rate(self, share: float) -> str:
        return "P" if share >= self.P else "S" if share >= self.S else "M" if share >= self.M else "U"


class DrillPolicy(Model):
    per_year: int = Field(ge=1)
    training_per_year: int = Field(ge=0)
    ratings: Ratings
    methods: tuple[Text, ...] = ()


class Churn(Model):
    causes: tuple[Text, ...]
    win_back: tuple[Text, ...]


class Plan(Model):
    """The organisation's complaint emergency plan, as data (see shared PLAN_REFERENCE)."""

    id: str
    title: Text
    roles: FMap[Role]
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
    drills: DrillPolicy
    churn: Churn

    @field_validator("severities")
    @classmethod
    def _severities(cls, v):
        if tuple(v) != SEVERITY_IDS:
            known_keys(v, SEVERITY_IDS, "severity")
            raise fail(f"severities must be exactly {', '.join(SEVERITY_IDS)}, in that order (least to most severe)")
        return v

    @field_validator("routing")
    @classmethod
    def _routing(cls, v):
        known_keys(v, SEVERITY_IDS, "severity")
        missing = [s for s in SEVERITY_IDS if s not in v]
        if missing:
            raise fail(f"routing is missing for: {', '.join(missing)}")
        return v

    @field_validator("steps")
    @classmethod
    def _steps(cls, v):
        if tuple(v) != STEP_IDS:
            known_keys(v, STEP_IDS, "step")
            raise fail(f"the plan has eight steps, in order: {', '.join(STEP_IDS)}")
        return v

    @field_validator("flags")
    @classmethod
    def _flags(cls, v):
        known_keys(v, FLAG_IDS, "flag")
        return v

    @model_validator(mode="after")
    def _cross_references(self) -> Plan:
        roles = list(self.roles)
        for needed in ("frontline", "specialist", "crisis_group"):
            if needed not in self.roles:
                raise fail(f"the plan needs a {needed!r} role", "roles")
        for cid, cat in self.categories.items():
            for i, r in enumerate(cat.consult):
                if r not in roles:
                    raise fail(unknown_message(r, roles, "role"), "categories", cid, "consult", i)
            for i, r in enumerate(cat.notify):
                if r not in roles:
                    raise fail(unknown_message(r, roles, "role"), "categories", cid, "notify", i)
        for sev, route in self.routing.items():
            if route.handled_by not in roles:
                raise fail(unknown_message(route.handled_by, roles, "role"), "routing", sev, "handled_by")
            for field in ("consult", "notify"):
                for i, r in enumerate(getattr(route, field)):
                    if r not in roles:
                        raise fail(unknown_message(r, roles, "role"), "routing", sev, field, i)
        for sid, step in self.steps.items():
            for i, r in enumerate(step.roles):
                if r not in roles:
                    raise fail(unknown_message(r, roles, "role"), "steps", sid, "roles", i)
        for field in ("first_response", "resolution"):
            table = getattr(self.targets, field)
            known_keys_at(table, SEVERITY_IDS, "severity", "targets", field)
            missing = [s for s in SEVERITY_IDS if s not in table]
            if missing:
                raise fail(f"no target for: {', '.join(missing)}", "targets", field)
        for cat in self.activation.triggers.surge.categories:
            if cat not in self.categories:
                raise fail(unknown_message(cat, self.categories, "category"), "activation", "triggers", "surge",
                           "categories")
        for rid, rule in self.conduct.items():
            for flag in rule.flags:
                if flag not in self.flags:
                    raise fail(f"flag {flag!r} is not described under 'flags'", "conduct", rid, "flags")
        return self

    # --- convenience -------------------------------------------------------------------------
    def route_for(self, severity: str, category: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """(handled_by, consulted roles, notified roles) for a complaint of this grade and category."""
        route = self.routing[severity]
        cat = self.categories.get(category)
        consult = list(route.consult)
        if route.consult_category_departments and cat is not None:
            consult = list(dict.fromkeys(list(cat.consult) + consult))
        notify = list(dict.fromkeys(list(route.notify) + (list(cat.notify) if cat else [])))
        return route.handled_by, tuple(consult), tuple(notify)

    def label(self, domain: str, key: str, lang: str = "en") -> str:
        """Display name of a plan id (category, severity, role, channel, step, trigger, action)."""
        table = {"categories": self.categories, "severities": self.severities, "roles": self.roles,
                 "channels": self.channels, "steps": self.steps, "flags": self.flags}.get(domain)
        if table is not None and key in table:
            return table[key].name.get(lang)
        if domain == "triggers":
            return getattr(self.activation.triggers, key).name.get(lang)
        if domain == "actions":
            return getattr(self.activation.actions, key).name.get(lang)
        return key

    def domain_of(self, key: str) -> str | None:
        """Which plan vocabulary an option id belongs to (used for option labels in drills)."""
        for domain, table in (("categories", self.categories), ("severities", self.severities),
                              ("roles", self.roles), ("channels", self.channels), ("steps", self.steps),
                              ("flags", self.flags)):
            if key in table:
                return domain
        if key in TRIGGER_KINDS:
            return "triggers"
        if key in ACTION_KINDS:
            return "actions"
        return None


def known_keys_at(keys, allowed, what: str, *at) -> None:
    allowed = list(allowed)
    for key in keys:
        if key not in allowed:
            raise fail(unknown_message(key, allowed, what), *at, key)


# =============================================================================================
# The scenario
# =============================================================================================

class Exponential(Model):
    mean: Duration

    @field_validator("mean")
    @classmethod
    def _positive(cls, v):
        if v <= 0:
            raise fail("the mean must be greater than 0")
        return v


class LogNormal(Exponential):
    cv: float = Field(gt=0, description="coefficient of variation: standard deviation over mean")


class Dist(Model):
    """A service-time or patience distribution: exactly one of the keys below."""

    exponential: Exponential | None = None   # {mean: 6min}
    lognormal: LogNormal | None = None       # {mean: 6min, cv: 0.5}
    fixed: Duration | None = None            # 5min
    empirical: tuple[Duration, ...] | None = None   # [4min, 6min, 9min] resampled with equal weight

    @model_validator(mode="after")
    def _exactly_one(self) -> Dist:
        given = [k for k in ("exponential", "lognormal", "fixed", "empirical") if getattr(self, k) is not None]
        if len(given) != 1:
            raise fail("give exactly one of: exponential {mean}, lognormal {mean, cv}, fixed, empirical [list]"
                       + (f" (found {', '.join(given)})" if given else ""))
        if self.empirical is not None and not self.empirical:
            raise fail("an empirical distribution needs at least one value", "empirical")
        return self

    @property
    def mean(self) -> float:
        if self.exponential is not None:
            return self.exponential.mean
        if self.lognormal is not None:
            return self.lognormal.mean
        if self.fixed is not None:
            return self.fixed
        return sum(self.empirical) / len(self.empirical)  # type: ignore[arg-type]

    @property
    def kind(self) -> str:
        return next(k for k in ("exponential", "lognormal", "fixed", "empirical") if getattr(self, k) is not None)


PROFILES: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    # (24 hourly multipliers, 7 daily multipliers Mon..Sun); normalised to mean 1 when loaded.
    "flat": ((1.0,) * 24, (1.0,) * 7),
    # Contact-centre complaint volume: quiet nights, morning peak 10-12, second peak 14-17, lighter weekends.
    "weekday_office": ((0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.9, 1.4, 1.8, 2.0, 1.9,
                        1.5, 1.6, 1.8, 1.7, 1.5, 1.3, 1.1, 0.9, 0.7, 0.5, 0.35, 0.2),
                       (1.15, 1.1, 1.05, 1.05, 1.0, 0.85, 0.8)),
    # Consumer retail and apps: busier evenings and weekends.
    "evening_retail": ((0.2, 0.12, 0.08, 0.06, 0.06, 0.1, 0.25, 0.5, 0.8, 1.1, 1.3, 1.35,
                        1.3, 1.25, 1.25, 1.3, 1.35, 1.45, 1.6, 1.75, 1.8, 1.6, 1.0, 0.5),
                       (0.95, 0.9, 0.9, 0.95, 1.05, 1.15, 1.1)),
}


class Profile(Model):
    hourly: tuple[NonNegative, ...] = Field(min_length=24, max_length=24)
    weekly: tuple[NonNegative, ...] = Field(default=(1.0,) * 7, min_length=7, max_length=7)
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            if data not in PROFILES:
                raise fail(unknown_message(data, PROFILES, "profile"))
            hourly, weekly = PROFILES[data]
            return {"hourly": hourly, "weekly": weekly, "name": data}
        if isinstance(data, list):
            return {"hourly": data}
        return data

    @model_validator(mode="after")
    def _normalise(self) -> Profile:
        for field in ("hourly", "weekly"):
            values = getattr(self, field)
            mean = sum(values) / len(values)
            if mean <= 0:
                raise fail("multipliers are all zero", field)
            if abs(mean - 1.0) > 1e-9:   # normalise once; re-validation must not drift
                object.__setattr__(self, field, tuple(v / mean for v in values))
        return self

    def multiplier(self, minute_of_week: float) -> float:
        hour = int(minute_of_week // 60) % 168
        return self.hourly[hour % 24] * self.weekly[hour // 24]


class Arrivals(Model):
    per_hour: FMap[NonNegative] = Field(min_length=1)   # channel -> complaints per hour (weekly average)
    profile: Profile = Field(default_factory=lambda: Profile.model_validate("flat"))
    categories: Mix
    severity: FMap[Mix]                    # category or 'default' -> severity mix

    @field_validator("severity")
    @classmethod
    def _default_severity(cls, v):
        if "default" not in v:
            raise fail("give a 'default' severity mix, and optionally one per category")
        return v

    def severity_mix(self, category: str) -> FrozenMap:
        return self.severity.get(category, self.severity["default"])


ATTENTION_LEVELS = {"none": 0.0, "low": 1.0, "medium": 3.0, "high": 10.0, "viral": 30.0}


class Incident(Model):
    id: str
    title: Text | None = None
    at: Duration                           # after the scenario starts
    category: str
    peak_per_hour: NonNegative
    rise: Duration
    plateau: Duration = 0.0
    decay: Duration
    channels: Mix
    severity: Mix
    public_attention: float = 1.0          # weight of each public post (low 1, medium 3, high 10, viral 30)
    outage: Duration | None = None         # a service interruption of this length, starting at `at`
    repeat_contact_share: Share = 0.0      # incident complainants who contact again unless told proactively
    repeat_after: Duration = 120.0

    @field_validator("public_attention", mode="before")
    @classmethod
    def _attention(cls, v):
        if isinstance(v, str):
            if v not in ATTENTION_LEVELS:
                raise fail(unknown_message(v, ATTENTION_LEVELS, "attention level"))
            return ATTENTION_LEVELS[v]
        return v

    @property
    def end(self) -> float:
        """When the surge has (practically) decayed: the exponential decay's 5 time constants."""
        return self.at + self.rise + self.plateau + 5 * self.decay

    def rate_multiplier(self, t: float) -> float:
        """Share of the peak rate at scenario minute ``t``: linear rise, plateau, exponential decay."""
        import math
        x = t - self.at
        if x < 0:
            return 0.0
        if x < self.rise:
            return x / self.rise
        x -= self.rise
        if x < self.plateau:
            return 1.0
        x -= self.plateau
        return math.exp(-x / self.decay) if self.decay > 0 else 0.0


class Shift(Model):
    start: Clock = Field(alias="from")
    end: Clock = Field(alias="to")
    staff: int = Field(ge=0)
    days: tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...] = WEEKDAYS

    @model_validator(mode="after")
    def _length(self) -> Shift:
        if self.start == self.end:
            raise fail("a shift must have a length ('from' and 'to' differ; use 00:00 to 24:00 for all day)")
        return self

    @property
    def length(self) -> float:
        """Minutes; a shift whose end is before its start runs overnight."""
        return (self.end - self.start) % 1440 or 1440.0

    def spans(self, start: datetime, horizon: float) -> list[tuple[float, float]]:
        """Scenario minutes [begin, end) this shift is worked, for a scenario starting at ``start``.

        Back-to-back days (00:00-24:00 daily) join into one span; a span starting before the scenario is
        cut at 0 and one running past the horizon keeps its end (staff on it finish their shift).

        >>> Shift.model_validate({"from": "22:00", "to": "06:00", "staff": 3}).spans(datetime(2026, 1, 5, 12), 1440)
        [(600.0, 1080.0)]
        """
        midnight = -(start.hour * 60 + start.minute + start.second / 60)   # day 0 midnight, minutes
        weekday0 = start.weekday()
        spans: list[list[float]] = []
        for d in range(-1, int(horizon // 1440) + 2):
            if WEEKDAYS[(weekday0 + d) % 7] not in self.days:
                continue
            begin = midnight + d * 1440 + self.start
            end = begin + self.length
            if end <= 0 or begin >= horizon:
                continue
            if spans and spans[-1][1] == begin:
                spans[-1][1] = end
            else:
                spans.append([max(begin, 0.0), end])
        return [(b, e) for b, e in spans]


class Team(Model):
    shifts: tuple[Shift, ...] = ()
    reserve: int = Field(default=0, ge=0)        # can be called in when the plan activates
    on_call: int = Field(default=0, ge=0)        # join after `mobilise` when called (crisis group)
    mobilise: Duration = 30.0
    cost_per_hour: NonNegative = 0.0

    @model_validator(mode="after")
    def _someone(self) -> Team:
        if not self.shifts and not self.on_call and not self.reserve:
            raise fail("the team has no shifts, no on-call members and no reserve")
        return self


ACTIVITIES = ("intake", "resolve_minor", "resolve", "consult", "review", "follow_up")


class ActivityTimes(Model):
    intake: Dist | None = None             # frontline: record, classify, first response
    resolve_minor: Dist | None = None      # frontline: resolve a minor complaint (absent: solved at intake)
    resolve: Dist | None = None            # specialist: investigate, decide, implement
    consult: Dist | None = None            # a department's part in a case (production, logistics, ...)
    review: Dist | None = None             # crisis group: decide on / approve a major case
    follow_up: Dist | None = None          # frontline: follow-up contact, satisfaction recorded


class ServiceTimes(ActivityTimes):
    by_category: FMap[ActivityTimes] = Field(default_factory=FrozenMap)   # overrides for some categories

    def get(self, activity: str, category: str | None = None) -> Dist | None:
        override = self.by_category.get(category) if category is not None else None
        if override is not None and getattr(override, activity) is not None:
            return getattr(override, activity)
        return getattr(self, activity)


class Abandonment(Model):
    retry_share: Share = 0.0
    retry_after: Dist | None = None
    go_public_share: Share = 0.0           # abandoners who complain publicly (social media) instead

    @model_validator(mode="after")
    def _retry_time(self) -> Abandonment:
        if self.retry_share > 0 and self.retry_after is None:
            raise fail("give 'retry_after' (how long until an abandoner tries again)")
        return self


class SatisfactionModel(Model):
    """Chance that a customer reports being satisfied at follow-up.

    p = on_time, minus ``late_penalty`` for each multiple of its target by which the first response or the
    resolution was late (whichever is worse), never below ``floor``. Complaints that were abandoned or
    deflected are not surveyed.
    """
    on_time: Share = 0.93
    late_penalty: Share = 0.25
    floor: Share = 0.2


class FollowUp(Model):
    share: Share = 1.0                     # resolved complaints that get a follow-up contact
    after: Duration = 1440.0               # how long after resolution
    satisfaction: SatisfactionModel = Field(default_factory=SatisfactionModel)


class Grading(Model):
    """How accurately frontline grades severity: true grade -> mix of assigned grades (identity if absent)."""
    accuracy: FMap[Mix] = Field(default_factory=FrozenMap)

    @field_validator("accuracy")
    @classmethod
    def _rows(cls, v):
        known_keys(v, SEVERITY_IDS, "severity")
        for sev, row in v.items():
            for assigned in row:
                if assigned not in SEVERITY_IDS:
                    raise fail(unknown_message(assigned, SEVERITY_IDS, "severity"), sev, assigned)
        return v


# --- the drill script (role play) ---------------------------------------------------------------

PROMPT_KINDS = ("choice", "multi", "yesno", "number", "order", "reply")


class Option(Model):
    id: str
    text: Text | None = None               # label; plan ids (categories, roles...) take the plan's names


class PhraseSet(Model):
    """Phrases per language; each entry is a phrase or a list of synonyms (any one counts)."""
    en: tuple[tuple[str, ...], ...] = ()
    zh: tuple[tuple[str, ...], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data: Any) -> Any:
        if isinstance(data, (list, str)):
            data = {"en": data}
        if isinstance(data, dict):
            out = {}
            for lang, items in data.items():
                if lang not in ("en", "zh"):
                    out[lang] = items  # reported as an unknown key
                    continue
                if isinstance(items, str):
                    items = [items]
                if not isinstance(items, list):
                    raise fail("expected a list of phrases", lang)
                groups = []
                for i, item in enumerate(items):
                    group = [item] if isinstance(item, str) else item
                    if not isinstance(group, list) or not group or not all(isinstance(p, str) and p.strip()
                                                                           for p in group):
                        raise fail("expected a phrase or a list of synonym phrases", lang, i)
                    groups.append(tuple(group))
                out[lang] = tuple(groups)
            return out
        return data

    @model_validator(mode="after")
    def _some(self) -> PhraseSet:
        if not self.en and not self.zh:
            raise fail("no phrases given; add 'en' and/or 'zh' lists")
        return self

    def groups(self, lang: str) -> tuple[tuple[str, ...], ...]:
        return self.en if lang == "en" else self.zh


class Criterion(Model):
    """One rubric criterion of a reply: earned when the phrases (or regex) are found."""
    id: str
    weight: float = Field(default=1.0, gt=0)
    any: PhraseSet | None = None           # any one phrase
    all: PhraseSet | None = None           # every group (each a phrase or synonyms)
    regex: str | None = None
    before: str | None = None              # must first appear before this criterion (acknowledge, then solve)
    rule: str | None = None                # conduct rule or plan step the criterion checks (feedback cites it)
    expects: Text | None = None            # what the plan expects, shown when missed

    @model_validator(mode="after")
    def _something_to_match(self) -> Criterion:
        if self.any is None and self.all is None and self.regex is None:
            raise fail("give 'any', 'all' or 'regex' phrases to look for")
        if self.regex is not None:
            import re
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise fail(f"invalid regular expression: {exc}", "regex") from None
        return self


class MustNot(Model):
    """Something a reply must not contain; its flag names the conduct failure."""
    id: str
    flag: str
    any: PhraseSet | None = None
    regex: str | None = None
    phones: tuple[str, ...] = ()           # another customer's phone numbers (matched in any format)
    names: tuple[str, ...] = ()            # another customer's names
    explain: Text | None = None

    @model_validator(mode="after")
    def _something_to_match(self) -> MustNot:
        if self.any is None and self.regex is None and not self.phones and not self.names:
            raise fail("give 'any', 'regex', 'phones' or 'names' to look for")
        if self.flag not in FLAG_IDS:
            raise fail(unknown_message(self.flag, FLAG_IDS, "flag"), "flag")
        if self.regex is not None:
            import re
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise fail(f"invalid regular expression: {exc}", "regex") from None
        return self


class Example(Model):
    grade: Literal["good", "adequate", "poor"]
    en: str | None = None
    zh: str | None = None
    note: Text | None = None               # why it earns that grade (for trainers)

    @model_validator(mode="after")
    def _text(self) -> Example:
        if not (self.en or self.zh):
            raise fail("an example reply needs 'en' or 'zh' text")
        return self


class NumberRange(Model):
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumberRange:
        if self.min is None and self.max is None:
            raise fail("give 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise fail(f"min ({self.min:g}) is above max ({self.max:g})")
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Prompt(Model):
    id: str
    kind: Literal["choice", "multi", "yesno", "number", "order", "reply"]
    step: str
    question: Text | None = None
    options: tuple[Option, ...] = ()
    answer: Any = None                     # choice: option id; yesno: yes/no; order: option ids in order
    partial: FMap[Share] = Field(default_factory=FrozenMap)   # choice: option id -> credit (0..1)
    required: tuple[str, ...] = ()         # multi: must be selected
    forbidden: tuple[str, ...] = ()        # multi: must not be selected
    accept: NumberRange | None = None      # number
    unit: Text | None = None               # number: e.g. "staff"
    rubric: tuple[Criterion, ...] = ()     # reply
    must_not: tuple[MustNot, ...] = ()     # reply
    examples: tuple[Example, ...] = ()     # reply
    min_chars: int = Field(default=0, ge=0)
    points: float = Field(default=1.0, gt=0)
    par_time: Duration | None = None
    why: Text | None = None                # explanation shown in the scorecard
    rule: str | None = None                # conduct rule the prompt checks, besides its step

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, v):
        if not isinstance(v, list):
            raise fail("expected a list of options")
        return [{"id": o} if isinstance(o, str) else o for o in v]

    @model_validator(mode="after")
    def _by_kind(self) -> Prompt:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise fail(f"option {dup!r} is listed twice", "options")
        kind = self.kind
        if kind in ("choice", "multi", "order") and len(ids) < 2:
            raise fail(f"a {kind} prompt needs at least two options", "options")
        if kind == "choice":
            if self.answer is None:
                raise fail("a choice prompt needs an 'answer'", "answer")
            if self.answer not in ids:
                raise fail(f"answer {self.answer!r} is not among the options ({', '.join(ids)})", "answer")
            for key in self.partial:
                if key not in ids:
                    raise fail(f"{key!r} is not among the options ({', '.join(ids)})", "partial", key)
        elif kind == "multi":
            if not self.required:
                raise fail("a multi prompt needs 'required' options (and optionally 'forbidden')", "required")
            for field in ("required", "forbidden"):
                for i, key in enumerate(getattr(self, field)):
                    if key not in ids:
                        raise fail(f"{key!r} is not among the options ({', '.join(ids)})", field, i)
            both = set(self.required) & set(self.forbidden)
            if both:
                raise fail(f"{sorted(both)[0]!r} is both required and forbidden", "forbidden")
        elif kind == "yesno":
            answer = _yes_no(self.answer)
            if answer is None:
                raise fail(f"a yes/no prompt needs answer 'yes' or 'no', got {self.answer!r}", "answer")
            object.__setattr__(self, "answer", answer)
        elif kind == "number":
            if self.accept is None:
                raise fail("a number prompt needs 'accept: {min, max}'", "accept")
        elif kind == "order":
            if not isinstance(self.answer, list) or sorted(map(str, self.answer)) != sorted(ids):
                raise fail("an order prompt's 'answer' must list every option once, in the right order", "answer")
            object.__setattr__(self, "answer", tuple(self.answer))
        elif kind == "reply":
            if not self.rubric:
                raise fail("a reply prompt needs a 'rubric' of criteria", "rubric")
            crit_ids = [c.id for c in self.rubric] + [m.id for m in self.must_not]
            for i, c in enumerate(self.rubric):
                if crit_ids.count(c.id) > 1:
                    raise fail(f"criterion id {c.id!r} is used twice", "rubric", i, "id")
                if c.before is not None and c.before not in crit_ids:
                    raise fail(f"'before' names {c.before!r}, which is not a criterion of this rubric",
                               "rubric", i, "before")
        if kind != "reply" and (self.rubric or self.must_not or self.examples):
            raise fail(f"rubric, must_not and examples apply to reply prompts only, not {kind}")
        return self

    def option_ids(self) -> tuple[str, ...]:
        if self.kind == "yesno":
            return ("yes", "no")
        return tuple(o.id for o in self.options)


def _yes_no(value: Any) -> str | None:
    if value is True or (isinstance(value, str) and value.strip().lower() in ("yes", "y", "是")):
        return "yes"
    if value is False or (isinstance(value, str) and value.strip().lower() in ("no", "n", "否")):
        return "no"
    return None


class Answered(Model):
    """``{prompt: activate, is: "no"}``, ``{prompt: x, is_not: "yes"}`` or ``{prompt: notify, includes: pr}``."""
    prompt: str
    is_: Any = Field(default=None, alias="is")
    is_not: Any = None
    includes: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Answered:
        if sum(v is not None for v in (self.is_, self.is_not, self.includes)) != 1:
            raise fail("give exactly one of 'is', 'is_not' or 'includes'")
        return self


class Condition(Model):
    """When a contingency inject is sent: declarative, never evaluated code.

    ``missed: notify.crisis_group`` — the option was not selected (or, for a prompt id alone, the prompt
    did not earn full marks); ``answered: {prompt: activate, is: "no"}``; ``all`` / ``any`` combine.
    """
    missed: str | None = None
    answered: Answered | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [k for k in ("missed", "answered", "all", "any") if getattr(self, k) is not None]
        if len(given) != 1:
            raise fail("give exactly one of: missed, answered, all, any")
        return self

    def prompt_refs(self):
        """(prompt id, option or None, location) for every reference, for cross-checking."""
        if self.missed is not None:
            pid, _, opt = self.missed.partition(".")
            yield pid, opt or None, ("missed",)
        elif self.answered is not None:
            yield self.answered.prompt, self.answered.includes, ("answered",)
        else:
            for i, sub in enumerate(self.all or self.any or ()):
                for pid, opt, loc in sub.prompt_refs():
                    yield pid, opt, ("all" if self.all else "any", i) + loc


class Attachment(Model):
    kind: Literal["social_post", "photo", "document", "screenshot", "news_article", "email_thread"]
    author: str | None = None
    text: Text | None = None
    caption: Text | None = None
    reactions: int | None = Field(default=None, ge=0)
    shares: int | None = Field(default=None, ge=0)
    comments: int | None = Field(default=None, ge=0)


class Inject(Model):
    id: str
    at: ScenarioClock
    channel: str
    sender: Text | None = Field(default=None, alias="from")
    subject: Text | None = None            # email subject line
    message: Text
    attachment: Attachment | None = None
    when: Condition | None = None
    prompts: tuple[Prompt, ...] = ()


class Persona(Model):
    name: Text | None = None
    briefing: Text


class Drill(Model):
    role: Text
    briefing: Text | None = None           # situation the trainee reads before the first inject
    difficulty: Literal["introductory", "intermediate", "advanced"] = "intermediate"
    duration: Duration = 30.0              # expected time to complete, shown in the scenario picker
    starts: Duration | None = None         # scenario time T+00:00 corresponds to (default: first incident)
    pass_mark: Share = 0.75
    injects: tuple[Inject, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_and_branches(self) -> Drill:
        seen_injects: dict[str, int] = {}
        prompts: dict[str, tuple[int, Prompt]] = {}
        for i, inj in enumerate(self.injects):
            if inj.id in seen_injects:
                raise fail(f"inject id {inj.id!r} is used twice (first at injects[{seen_injects[inj.id]}])",
                           "injects", i, "id")
            seen_injects[inj.id] = i
            for j, p in enumerate(inj.prompts):
                if p.id in prompts:
                    raise fail(f"prompt id {p.id!r} is used twice", "injects", i, "prompts", j, "id")
                prompts[p.id] = (i, p)
        for i, inj in enumerate(self.injects):
            if inj.when is None:
                continue
            for pid, opt, loc in inj.when.prompt_refs():
                where = ("injects", i, "when") + loc
                if pid not in prompts:
                    raise fail(unknown_message(pid, prompts, "prompt"), *where)
                j, prompt = prompts[pid]
                if self.injects[j].at > inj.at or j == i:
                    raise fail(f"prompt {pid!r} is answered at {self.injects[j].at:g} min, not before this "
                               f"inject ({inj.at:g} min); a branch can only depend on earlier prompts", *where)
                if opt is not None and opt not in prompt.option_ids():
                    raise fail(f"{opt!r} is not an option of prompt {pid!r} ({', '.join(prompt.option_ids())})",
                               *where)
        return self

    def prompts(self) -> list[Prompt]:
        return [p for inj in self.injects for p in inj.prompts]


class Scenario(Model):
    """One crisis story over a plan: arrivals, incidents, staffing and service times, and the drill."""

    id: str
    title: Text
    summary: Text | None = None
    plan_file: str = Field(alias="plan")
    start: datetime
    horizon: Duration
    warm_up: Duration = 0.0
    seed: int = Field(ge=0)
    arrivals: Arrivals
    incidents: tuple[Incident, ...] = ()
    staffing: FMap[Team]
    service_times: FMap[ServiceTimes]
    patience: FMap[Dist] = Field(default_factory=FrozenMap)
    abandonment: Abandonment = Field(default_factory=Abandonment)
    follow_up: FollowUp | None = None
    grading: Grading = Field(default_factory=Grading)
    escalation: bool = True
    drill: Drill | None = None
    _plan: Plan | None = PrivateAttr(default=None)   # the plan object, attached by load_scenario

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            raise RuntimeError("this scenario has no plan attached; load it with sim.load_scenario()")
        return self._plan

    def with_plan(self, plan: Plan) -> Scenario:
        out = self.model_copy()
        out._plan = plan
        return out

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v):
        if isinstance(v, str):
            try:
                return datetime.fromisoformat(v.strip())
            except ValueError:
                raise fail(f"{v!r} is not a date-time; write e.g. 2026-03-02T08:00") from None
        return v

    @field_validator("horizon")
    @classmethod
    def _horizon(cls, v):
        if v <= 0:
            raise fail("the horizon must be longer than 0")
        return v

    @field_validator("staffing")
    @classmethod
    def _staffing(cls, out, info: ValidationInfo):
        plan = plan_from(info)
        if plan is not None:
            known_keys(out, plan.roles, "role")
        if "frontline" not in out:
            raise fail("staffing needs a 'frontline' team: every complaint is received by frontline")
        return out

    @field_validator("service_times")
    @classmethod
    def _service_times(cls, out, info: ValidationInfo):
        plan = plan_from(info)
        if plan is not None:
            known_keys(out, plan.roles, "role")
        if "frontline" not in out or out["frontline"].intake is None:
            raise fail("service_times.frontline needs an 'intake' distribution (the first contact)")
        return out

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Scenario:
        plan = plan_from(info) or self._plan
        if plan is None:
            return self
        channels, categories = list(plan.channels), list(plan.categories)
        for ch in self.arrivals.per_hour:
            if ch not in channels:
                raise fail(unknown_message(ch, channels, "channel"), "arrivals", "per_hour", ch)
        for cat in self.arrivals.categories:
            if cat not in categories:
                raise fail(unknown_message(cat, categories, "category"), "arrivals", "categories", cat)
        for key, mix in self.arrivals.severity.items():
            if key != "default" and key not in categories:
                raise fail(unknown_message(key, categories, "category"), "arrivals", "severity", key)
            for sev in mix:
                if sev not in plan.severities:
                    raise fail(unknown_message(sev, plan.severities, "severity"), "arrivals", "severity", key, sev)
        for i, inc in enumerate(self.incidents):
            at = ("incidents", i)
            if inc.category not in categories:
                raise fail(unknown_message(inc.category, categories, "category"), *at, "category")
            for ch in inc.channels:
                if ch not in channels:
                    raise fail(unknown_message(ch, channels, "channel"), *at, "channels", ch)
            for sev in inc.severity:
                if sev not in plan.severities:
                    raise fail(unknown_message(sev, plan.severities, "severity"), *at, "severity", sev)
            if inc.at >= self.horizon:
                from sim.format.units import format_duration
                raise fail(f"the incident starts at {format_duration(inc.at)}, after the horizon "
                           f"({format_duration(self.horizon)})", *at, "at")
        ids = [inc.id for inc in self.incidents]
        for i, inc in enumerate(self.incidents):
            if ids.count(inc.id) > 1:
                raise fail(f"incident id {inc.id!r} is used twice", "incidents", i, "id")
        for ch in self.patience:
            if ch not in channels:
                raise fail(unknown_message(ch, channels, "channel"), "patience", ch)
            if not plan.channels[ch].synchronous:
                raise fail(f"{ch} is not synchronous: customers there do not wait on the line, so patience "
                           "does not apply", "patience", ch)
        for team, times in self.service_times.items():
            for cat in times.by_category:
                if cat not in categories:
                    raise fail(unknown_message(cat, categories, "category"), "service_times", team,
                               "by_category", cat)
        if self.warm_up >= self.horizon:
            raise fail("the warm-up must end before the horizon", "warm_up")
        self._check_teams_needed(plan)
        if self.drill is not None:
            self._check_drill(plan)
        return self

    def _check_teams_needed(self, plan: Plan) -> None:
        """Every role the plan routes this scenario's complaints to must be staffed and timed."""
        sev_mixes = list(self.arrivals.severity.values()) + [inc.severity for inc in self.incidents]
        cats = set(self.arrivals.categories) | {inc.category for inc in self.incidents}
        sevs = {s for mix in sev_mixes for s, share in mix.items() if share > 0}
        for cid in list(cats):
            floor = plan.categories[cid].minimum_severity
            if floor:
                sevs.add(floor)
        needs: dict[str, tuple[str, str]] = {}
        for sev in sevs:
            for cat in cats:
                handler, consult, notify = plan.route_for(sev, cat)
                for role, activity in [(handler, "resolve" if handler != "frontline" else "resolve_minor")] + \
                        [(r, "consult") for r in consult] + [(r, "review") for r in notify]:
                    needs.setdefault(role, (activity, f"{sev} {cat}"))
        for role, (activity, why) in needs.items():
            if role not in self.staffing:
                raise fail(f"no staffing for {role!r}, which the plan routes {why} complaints to", "staffing")
            if activity == "resolve_minor":
                continue  # optional: without it minor complaints are resolved at intake
            if role not in self.service_times or self.service_times[role].get(activity) is None:
                raise fail(f"no {activity!r} time for {role!r}, which the plan routes {why} complaints to",
                           "service_times")

    def _check_drill(self, plan: Plan) -> None:
        assert self.drill is not None
        for i, inj in enumerate(self.drill.injects):
            at = ("drill", "injects", i)
            if inj.channel not in plan.channels and inj.channel not in ("internal", "meeting", "phone"):
                raise fail(unknown_message(inj.channel, list(plan.channels) + ["internal", "meeting", "phone"],
                                           "channel"), *at, "channel")
            for j, p in enumerate(inj.prompts):
                pat = at + ("prompts", j)
                if p.step not in plan.steps:
                    raise fail(unknown_message(p.step, plan.steps, "plan step"), *pat, "step")
                if p.rule is not None and p.rule not in plan.conduct:
                    raise fail(unknown_message(p.rule, plan.conduct, "conduct rule"), *pat, "rule")
                for k, opt in enumerate(p.options):
                    if opt.text is None and plan.domain_of(opt.id) is None:
                        raise fail(f"option {opt.id!r} is not a plan id (category, severity, role, channel, step, "
                                   "trigger or action); give it a label: {id: ..., text: {en: ..., zh: ...}}",
                                   *pat, "options", k)
                if p.question is None and _default_question_domain(plan, p) is None:
                    raise fail("a 'question' is needed (only prompts whose options are all categories, severities "
                               "or roles get a default question)", *pat)
                for k, c in enumerate(p.rubric):
                    if c.rule is not None and c.rule not in plan.conduct and c.rule not in plan.steps:
                        raise fail(unknown_message(c.rule, list(plan.conduct) + list(plan.steps), "rule"),
                                   *pat, "rubric", k, "rule")
                for k, m in enumerate(p.must_not):
                    if m.flag not in plan.flags:
                        raise fail(unknown_message(m.flag, plan.flags, "flag"), *pat, "must_not", k, "flag")

    # --- convenience -------------------------------------------------------------------------
    @property
    def teams(self) -> tuple[str, ...]:
        return tuple(self.staffing)

    @property
    def drill_start(self) -> float:
        """Scenario minute at which the drill clock reads T+00:00."""
        if self.drill is not None and self.drill.starts is not None:
            return self.drill.starts
        return min((inc.at for inc in self.incidents), default=0.0)

    def expected_arrivals(self) -> float:
        """Expected complaints over the horizon (baseline profile plus incident surges), by 1-minute sums."""
        base_per_min = sum(self.arrivals.per_hour.values()) / 60.0
        start_dow = self.start.weekday() * 1440 + self.start.hour * 60 + self.start.minute
        total = 0.0
        step = 5.0
        t = step / 2
        while t < self.horizon:
            total += base_per_min * self.arrivals.profile.multiplier(start_dow + t) * step
            for inc in self.incidents:
                total += inc.peak_per_hour / 60.0 * inc.rate_multiplier(t) * step
            t += step
        return total

    def content_hash(self) -> str:
        """Hash of the scenario and its plan; stored with drill attempts so re-scoring knows what changed."""
        data = {"scenario": self.model_dump(mode="json", by_alias=True),
                "plan": self._plan.model_dump(mode="json") if self._plan else None}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]

    def for_trainee(self):
        """The trainee-facing view: injects and prompts with no answers, rubrics or example replies."""
        from sim.drill.view import trainee_view
        return trainee_view(self)

    def languages(self) -> tuple[str, ...]:
        """Languages in which the whole drill text is available."""
        if self.drill is None:
            return tuple(lang for lang in ("en", "zh") if self.title.has(lang))
        texts = [self.title, self.drill.role] + [inj.message for inj in self.drill.injects]
        return tuple(lang for lang in ("en", "zh") if all(t.has(lang) for t in texts))


def _default_question_domain(plan: Plan, prompt: Prompt) -> str | None:
    domains = {plan.domain_of(o.id) for o in prompt.options}
    if len(domains) == 1 and prompt.kind in ("choice", "multi"):
        domain = domains.pop()
        if domain in ("categories", "severities", "roles"):
            return domain
    return None


def default_question_domain(scenario: Scenario, prompt: Prompt) -> str | None:
    return _default_question_domain(scenario.plan, prompt)


# =============================================================================================
# Loading with file:line errors
# =============================================================================================

def _message(err: dict, notes: dict | None = None) -> str:
    kind = err.get("type", "")
    msg = err.get("msg", "")
    value = err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        key = err["loc"][-1] if err.get("loc") else "?"
        return (notes or {}).get((str(key), id(value)), f"unknown key {key!r}")
    if kind == "kit":
        return msg
    msg = msg.removeprefix("Value error, ")
    if kind.endswith(("_type", "_parsing")) or kind in ("literal_error", "enum"):
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        return f"{msg[0].lower()}{msg[1:]}, got {shown}"
    return f"{msg[0].lower()}{msg[1:]}" if msg else kind


def _problems(exc: ValidationError, doc: LinedDocument, notes: dict | None = None) -> list[Problem]:
    problems = []
    seen = set()
    for err in exc.errors():
        loc = tuple(err["loc"]) + tuple((err.get("ctx") or {}).get("at", ()))
        # Drop pydantic's internal location parts (validator names) that are not keys in the file.
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        problem = Problem(doc.path, doc.line_of(loc), field_path(loc), _message(err, notes))
        if (problem.line, problem.field, problem.message) not in seen:
            seen.add((problem.line, problem.field, problem.message))
            problems.append(problem)
    return problems


def _validate(model: type[Model], doc: LinedDocument, context: dict | None = None):
    notes: dict = {}
    try:
        return model.model_validate(doc.data, context={**(context or {}), "unknown_keys": notes})
    except ValidationError as exc:
        problems = _problems(exc, doc, notes)
    # Sorted by line so that the first message is the first thing to fix.
    raise ScenarioError(sorted(problems, key=lambda p: (p.line or 0)))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raise ScenarioError listing every problem as file:line: field: what."""
    path = Path(path)
    doc = read_yaml(path, display=_display(path))
    return _validate(Plan, doc)


def is_plan_document(data: Any) -> bool:
    return isinstance(data, dict) and "roles" in data and "arrivals" not in data


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario and the plan it names (relative to the scenario file), and validate both."""
    path = Path(path)
    doc = read_yaml(path, display=_display(path))
    plan_ref = doc.data.get("plan")
    if not isinstance(plan_ref, str) or not plan_ref.strip():
        raise ScenarioError([Problem(doc.path, doc.line_of(("plan",)) or 1, "plan",
                                     "required: the plan file this scenario drills, e.g. plans/default.yaml")])
    plan_path = (path.parent / plan_ref).resolve()
    if not plan_path.exists():
        raise ScenarioError([Problem(doc.path, doc.line_of(("plan",)), "plan",
                                     f"plan file {plan_ref!r} not found (looked in {_display(plan_path)})")])
    plan = load_plan(plan_path)
    return _validate(Scenario, doc, context={"plan": plan}).with_plan(plan)


def scenario_from_dict(data: dict, plan: Plan, name: str = "<scenario>") -> Scenario:
    """Validate a scenario given as plain data (tests and generated variants)."""
    doc = LinedDocument(name, data, {})
    return _validate(Scenario, doc, context={"plan": plan}).with_plan(plan)
