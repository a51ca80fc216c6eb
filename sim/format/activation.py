"""How a plan is activated: the conditions that launch it (triggers) and the levers it pulls (actions).

The plan (预案的启动条件) is activated by any one of four conditions: a sudden surge in complaints about
a major quality or service problem, a service interruption, media exposure or a public-opinion crisis,
or anything else that could break customer relationships. All four are simulated: the first three from
the numbers (a window's count against the baseline, an incident's ``outage``, the attention index), the
fourth from what the scenario marks as putting a relationship at risk (:class:`OtherTrigger`). Once
activated it pulls levers, each after a mobilisation delay: call in reserve staff, extend hours, publish
a proactive notice, open self-service answers, and the crisis group takes command. The kinds are fixed
(:data:`TRIGGER_KINDS`, :data:`ACTION_KINDS`); their thresholds and delays are the plan's data.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from sim.format import limits
from sim.format.base import AtMost, Duration, Model, Share, Text, known_ids
from sim.format.vocabulary import ACTION_KINDS, SeverityId

Count = Annotated[int, AtMost(limits.MAX_COUNT)]


class SurgeTrigger(Model):
    """Complaints in a window exceed a multiple of the baseline expected for it (and a minimum count)."""
    name: Text
    window: Duration
    multiple_of_baseline: Annotated[float, AtMost(limits.MAX_COUNT)] = Field(gt=1)   # huge: never fires
    minimum_complaints: Count = Field(default=10, ge=1)
    categories: tuple[str, ...] = ()       # empty: any category
    minimum_severity: SeverityId = "minor"


class OutageTrigger(Model):
    """A service interruption or major failure (an incident with an ``outage``) activates the plan."""
    name: Text


class PublicAttentionTrigger(Model):
    """An attention index (each public post adds its weight, decaying with a half-life) passes a threshold."""
    name: Text
    threshold: Annotated[float, AtMost(limits.MAX_COUNT)] = Field(gt=0)
    half_life: Duration                    # the attention index decays with this half-life


class OtherTrigger(Model):
    """Any other situation that could break customer relationships: the crisis group's judgement.

    A model cannot judge a relationship, so the scenario says which situation puts one at risk (an
    incident marked ``relationship_at_risk``, e.g. a key account's complaints) and the plan says how much
    the crisis group must see before it judges: the trigger holds from the ``minimum_complaints``-th first
    contact about such an incident on (the model does not win the customer back, so it keeps holding).
    A scenario that marks no incident never raises it in the model; a drill asks the trainee to judge.
    """
    name: Text
    minimum_complaints: Count = Field(default=5, ge=1)


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
    """Checked every ``check_every``; when a trigger fires, the ``default_actions`` are taken."""
    check_every: Duration
    triggers: Triggers
    actions: Actions
    default_actions: tuple[str, ...] = ACTION_KINDS

    @field_validator("default_actions")
    @classmethod
    def _known_actions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known_ids(value, ACTION_KINDS, "action")
        return value


