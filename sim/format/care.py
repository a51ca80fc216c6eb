"""The customer relationship in the plan: who the customers are, how a complaint's handling moves them,
the win-back and care actions that hold them, and the early-warning indicators (as data).

The plan's churn chapter (客户流失应急措施), its customer-care programme (客户关怀管理方案) and its crisis
identification and recovery chapter (危机识别与预警 / 危机后恢复) become four parts:

- :class:`CustomerBase`: the customer population in segments (value tiers, key accounts), each with its
  size, yearly revenue per customer, baseline churn and repurchase per year and complaint propensity;
  how long after an incident the customers are followed.
- :class:`ResponseModel`: how one customer's experience of a complaint (waits, lateness against the
  plan's targets, abandonment, an unresolved case, dissatisfaction, a public complaint, the crisis seen
  in public) shifts the log-odds of their weekly churn hazard; the shift decays with a half-life and,
  scaled, lowers the log-odds of buying again and of being satisfied.
- :class:`CareProgramme`: win-back levers and care activities as actions with timing, reach, cost and
  effect, each charged to a budget line; the actions the plan commits to (``planned``).
- :class:`EarlyWarning`: the warning indicators (complaint rate, satisfaction trend, churn rate) and how
  their thresholds follow from the organisation's normal pattern.

Every part is optional, so an older plan stays valid; :mod:`sim.customers` says so in one line when a
plan without them is asked about customers. The defaults and the reasoning behind them are written
beside the values in ``scenarios/plans/default.yaml``.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.format import limits
from sim.format.base import AtMost, Duration, FMap, Model, Share, Text, known_ids, unknown

Money = Annotated[float, AtMost(limits.MAX_MONEY)]
Customers = Annotated[int, AtMost(limits.MAX_COUNT)]
# A shift of log-odds (logit units): 0.69 doubles the odds; 10 is beyond any plausible effect.
LogOdds = Annotated[float, AtMost(10.0)]

ACTION_KINDS = ("win_back", "care")
AUDIENCES = ("complainants", "dissatisfied", "at_risk", "everyone")


class Segment(Model):
    """One group of customers alike in value and behaviour (a value tier, the key accounts)."""
    name: Text
    customers: Customers = Field(ge=1)
    revenue_per_year: Money = Field(ge=0)          # per customer, in the plan's currency
    churn_per_year: Share                          # share who leave within a year, with no incident
    repurchase_per_year: Share                     # share who buy again within a year, with no incident
    complaint_propensity: Annotated[float, AtMost(1_000.0)] = Field(default=1.0, ge=0)   # relative, per customer
    key_account: bool = False


class CustomerBase(Model):
    """The customers behind the complaints, and how long they are followed after the incident."""
    segments: FMap[Segment] = Field(min_length=1)
    follow: Duration = 364 * 1440.0                # weeks to a year; followed in whole weeks
    representatives: Annotated[int, AtMost(100_000)] = Field(default=1000, ge=10)   # customers modelled per segment for those who did not complain

    @model_validator(mode="after")
    def _whole_weeks(self) -> CustomerBase:
        if self.follow < 7 * 1440:
            raise fail_key("care.follow_week", "follow")
        return self

    @property
    def weeks(self) -> int:
        return int(self.follow // (7 * 1440))


class ResponseModel(Model):
    """How a complaint's handling moves a customer: log-odds added to the weekly churn hazard.

    A customer's *damage* is the sum, over their complaints, of the shifts below (0 for a complaint
    resolved on time with a satisfied customer), capped at ``max_damage``; everyone in the base also gets
    ``public_exposure`` times the crisis's public attention as a multiple of the plan's public-attention
    threshold (0 below it, at most ``exposure_cap``). Damage halves every ``half_life``. Buying again
    moves by ``-repurchase_weight`` times it and being satisfied by ``-satisfaction_weight`` times it.
    """
    late_first_response: LogOdds = Field(default=0.3, ge=0)   # per multiple of its target the first response was late
    late_resolution: LogOdds = Field(default=0.5, ge=0)       # per multiple of its target the resolution was late
    lateness_cap: Annotated[float, AtMost(100.0)] = Field(default=3.0, ge=0)   # multiples counted at most
    wait_per_hour: LogOdds = Field(default=0.4, ge=0)         # per hour spent waiting on the line
    abandoned: LogOdds = Field(default=1.2, ge=0)             # gave up and never got through
    unresolved: LogOdds = Field(default=1.5, ge=0)            # still open when the centre stopped
    dissatisfied: LogOdds = Field(default=1.0, ge=0)          # said so at follow-up
    satisfied: LogOdds = Field(default=0.0, ge=0)             # subtracted: a recovered customer (recovery paradox)
    extra_contact: LogOdds = Field(default=0.2, ge=0)         # each retry or repeat contact it took
    major: LogOdds = Field(default=0.3, ge=0)                 # a major (safety, legal) case
    public_complaint: LogOdds = Field(default=0.3, ge=0)      # complained on a public channel
    public_exposure: LogOdds = Field(default=0.05, ge=0)      # everyone, per multiple of the attention threshold
    exposure_cap: Annotated[float, AtMost(1_000.0)] = Field(default=10.0, ge=0)
    max_damage: LogOdds = Field(default=4.0, ge=0)
    half_life: Duration = 13 * 7 * 1440.0
    repurchase_weight: Annotated[float, AtMost(10.0)] = Field(default=0.8, ge=0)
    satisfaction_weight: Annotated[float, AtMost(10.0)] = Field(default=1.0, ge=0)
    at_risk: LogOdds = Field(default=0.7, ge=0)               # damage from which a customer is "at risk"
    recovered_within: Share = 0.02                            # satisfaction this close to target counts as recovered

    @model_validator(mode="after")
    def _half_life(self) -> ResponseModel:
        if self.half_life <= 0:
            raise fail_key("care.half_life", "half_life")
        return self


class CareAction(Model):
    """A win-back lever or care activity: whom it reaches, when, what it costs and what it does.

    Delivered ``times`` times, the first ``after`` the customer's complaint (for an audience of
    complainants) or after the incident (``everyone``), then every ``every``. Each delivery reaches a
    ``reach`` share of its audience, costs ``cost_per_delivery`` plus ``cost_per_customer`` per customer
    reached, and lowers the log-odds of churning by ``churn_effect`` and raises those of buying again by
    ``repurchase_effect``, both halving every ``half_life``.
    """
    name: Text
    kind: Literal["win_back", "care"]
    who: Literal["complainants", "dissatisfied", "at_risk", "everyone"]
    segments: tuple[str, ...] = ()                 # only these segments (all when empty)
    after: Duration = 0.0
    every: Duration | None = None
    times: Annotated[int, AtMost(1_000)] = Field(default=1, ge=1)
    reach: Share = 1.0
    cost_per_customer: Money = Field(default=0.0, ge=0)
    cost_per_delivery: Money = Field(default=0.0, ge=0)
    churn_effect: LogOdds = Field(default=0.0, ge=0)
    repurchase_effect: LogOdds = Field(default=0.0, ge=0)
    half_life: Duration = 13 * 7 * 1440.0
    line: str                                      # the budget line it is charged to

    @model_validator(mode="after")
    def _timing(self) -> CareAction:
        if self.times > 1 and not self.every:
            raise fail_key("care.every", "every")
        if self.half_life <= 0:
            raise fail_key("care.half_life", "half_life")
        return self


class BudgetLine(Model):
    """One line of the care budget, per year (客户关怀管理方案: feedback system, training, activities)."""
    name: Text
    amount: Money = Field(ge=0)


class CareProgramme(Model):
    """The care budget by line, the actions available, and those the plan commits to."""
    budget: FMap[BudgetLine] = Field(min_length=1)
    actions: FMap[CareAction] = Field(min_length=1)
    planned: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> CareProgramme:
        for aid, action in self.actions.items():
            if action.line not in self.budget:
                raise unknown(action.line, self.budget, "budget line", "actions", aid, "line")
        known_ids(self.planned, self.actions, "care action", "planned")
        return self


class ComplaintRate(Model):
    """Complaints (first contacts) in a sliding window, per category, against their normal count: a
    warning when chance alone would reach so many with probability at most ``false_alarm`` (the Poisson
    tail), checked every ``check_every``."""
    name: Text
    window: Duration = 60.0
    check_every: Duration = 10.0
    false_alarm: Share = 1e-6
    activates: bool = True                         # a warning may activate the plan

    @model_validator(mode="after")
    def _positive(self) -> ComplaintRate:
        for field in ("window", "check_every"):
            if getattr(self, field) <= 0:
                raise fail_key("care.positive", field)
        if not 0 < self.false_alarm < 0.5:
            raise fail_key("care.false_alarm", "false_alarm")
        return self


class SatisfactionTrend(Model):
    """Satisfied share of the follow-ups in a sliding window: a warning when it is clearly below
    ``below`` (the plan's satisfaction target when not given): the upper end of its Wilson interval at
    ``confidence`` is under it."""
    name: Text
    window: Duration = 1440.0
    check_every: Duration = 60.0
    below: Share | None = None
    confidence: Share = 0.99
    minimum_surveys: Annotated[int, AtMost(limits.MAX_COUNT)] = Field(default=30, ge=1)
    activates: bool = False


class ChurnRate(Model):
    """Weekly churn of the customer base against its no-incident level: a warning when it is ``rise``
    above it (0.10: a rise that undoes the programme's 10 % cut)."""
    name: Text
    rise: Annotated[float, AtMost(100.0)] = Field(default=0.10, gt=0)
    activates: bool = False


class EarlyWarning(Model):
    """The plan's warning indicators (危机识别与预警); the kit implements these three."""
    complaint_rate: ComplaintRate | None = None
    satisfaction_trend: SatisfactionTrend | None = None
    churn_rate: ChurnRate | None = None


INDICATOR_IDS = tuple(EarlyWarning.model_fields)


def check_segments(programme: CareProgramme, base: CustomerBase | None, *at: str) -> None:
    """Every segment an action names is one of the customer base's (called from the plan's checks)."""
    for aid, action in programme.actions.items():
        if action.segments and base is None:
            raise fail_key("care.no_customers", *at, "actions", aid, "segments")
        if base is not None:
            known_ids(action.segments, base.segments, "segment", *at, "actions", aid, "segments")
from sim.format.messages import fail_key
