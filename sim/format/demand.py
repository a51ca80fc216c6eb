"""Demand: how complaints arrive in a scenario.

Everyday complaints arrive on each channel at a weekly-average rate per hour, shaped by a daily and weekly
profile, split among categories and graded by a severity mix. Incidents (a defect, an outage, a leak) add a
surge on top: the rate rises linearly to a peak, holds, then decays exponentially; an incident may also
interrupt service, draw public attention and bring repeat contacts.

    >>> Profile.model_validate("weekday_office").multiplier(10 * 60) > 1 > Profile.model_validate("weekday_office").multiplier(3 * 60)
    True
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from sim.format import limits
from sim.format.base import (
    AtMost,
    Duration,
    FMap,
    FrozenMap,
    Id,
    Mix,
    Model,
    NonNegative,
    Share,
    Text,
    unknown,
)
from sim.format.messages import fail_key
from sim.format.vocabulary import ATTENTION_LEVELS

# Complaints per hour on a channel or at an incident's peak.
Rate = Annotated[NonNegative, AtMost(limits.MAX_RATE_PER_HOUR)]
# An hourly or daily weight of a profile: relative (normalised to mean 1), so observed counts will do.
Weight = Annotated[NonNegative, AtMost(limits.MAX_COUNT)]

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
    """How the arrival rate varies over the day (24 hourly multipliers) and the week (7, Monday first).

    Written as a named profile (``weekday_office``), a list of 24 hourly multipliers, or both lists;
    each list is normalised to mean 1, so ``per_hour`` stays the weekly average.
    """
    hourly: tuple[Weight, ...] = Field(min_length=24, max_length=24)
    weekly: tuple[Weight, ...] = Field(default=(1.0,) * 7, min_length=7, max_length=7)
    name: str | None = None
    json_shorthand = ({"enum": list(PROFILES)},
                      {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 24, "maxItems": 24})

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            if data not in PROFILES:
                raise unknown(data, PROFILES, "profile")
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
                raise fail_key("profile.all_zero", field)
            if abs(mean - 1.0) > 1e-9:   # normalise once; re-validation must not drift
                object.__setattr__(self, field, tuple(v / mean for v in values))
        return self

    def multiplier(self, minute_of_week: float) -> float:
        hour = int(minute_of_week // 60) % 168
        return self.hourly[hour % 24] * self.weekly[hour // 24]


class Arrivals(Model):
    """Everyday complaints: a rate per channel, a daily and weekly profile, category and severity mixes."""
    per_hour: FMap[Rate] = Field(min_length=1)   # channel -> complaints per hour (weekly average)
    profile: Profile = Field(default_factory=lambda: Profile.model_validate("flat"))
    categories: Mix
    severity: FMap[Mix]                    # category or 'default' -> severity mix

    @field_validator("severity")
    @classmethod
    def _default_severity(cls, v: FrozenMap) -> FrozenMap:
        if "default" not in v:
            raise fail_key("severity.no_default")
        return v

    def severity_mix(self, category: str) -> Mapping[str, float]:
        """The severity mix of a category's complaints (its own, else the default)."""
        return self.severity.get(category, self.severity["default"])


class Incident(Model):
    """A crisis event that adds a surge of complaints: rise, plateau, exponential decay."""
    id: Id
    title: Text | None = None
    at: Duration                           # after the scenario starts
    category: str
    peak_per_hour: Rate
    rise: Duration
    plateau: Duration = 0.0
    decay: Duration
    channels: Mix
    severity: Mix
    public_attention: Annotated[float, AtMost(limits.MAX_MULTIPLIER), WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0, "maximum": limits.MAX_MULTIPLIER}, {"enum": list(ATTENTION_LEVELS)}]})] = \
        Field(default=1.0, ge=0)   # weight of each public post (low 1, medium 3, high 10, viral 30)
    outage: Duration | None = None         # a service interruption of this length, starting at `at`
    repeat_contact_share: Share = 0.0      # incident complainants who contact again unless told proactively
    repeat_after: Duration = 120.0
    relationship_at_risk: bool = False     # could break a customer relationship (the plan's trigger 4, "other")

    @field_validator("public_attention", mode="before")
    @classmethod
    def _attention(cls, v: Any) -> Any:
        if isinstance(v, str):
            if v not in ATTENTION_LEVELS:
                raise unknown(v, ATTENTION_LEVELS, "attention level")
            return ATTENTION_LEVELS[v]
        return v

    @property
    def end(self) -> float:
        """When the surge has (practically) decayed: the exponential decay's 5 time constants."""
        return self.at + self.rise + self.plateau + 5 * self.decay

    def rate_multiplier(self, t: float) -> float:
        """Share of the peak rate at scenario minute ``t``: linear rise, plateau, exponential decay."""
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

    def expected(self, horizon: float) -> float:
        """Complaints the surge adds before ``horizon``: the integral of its rate (rise, plateau, decay)."""
        left = horizon - self.at
        rise = min(self.rise, max(left, 0.0))
        total = rise * rise / (2 * self.rise) if self.rise > 0 else 0.0
        left -= self.rise
        total += min(self.plateau, max(left, 0.0))
        left -= self.plateau
        if left > 0 and self.decay > 0:
            total += self.decay * -math.expm1(-left / self.decay)
        return self.peak_per_hour / 60.0 * total

