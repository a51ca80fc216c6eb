"""The centre's people: teams and their shifts, how long each piece of work takes, how well frontline grades.

A team (one per plan role) works shifts given as clock times and weekdays, may hold a reserve that the
plan can call in and on-call members who join after a mobilisation delay. Each activity (intake,
resolving, consulting, reviewing, following up) has a service-time distribution per team, optionally
overridden for some categories. Frontline may misgrade severity (``grading.accuracy``).
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from sim.format import limits
from sim.format.base import (
    AtMost,
    Clock,
    Duration,
    FMap,
    FrozenMap,
    MaxLen,
    Mix,
    Model,
    NonNegative,
    known_keys,
)
from sim.format.distributions import Dist
from sim.format.messages import fail_key
from sim.format.vocabulary import SEVERITY_IDS, WEEKDAYS, Weekday

Headcount = Annotated[int, AtMost(limits.MAX_STAFF)]     # people on a shift, in a reserve, on call


class Shift(Model):
    """Staff working ``from`` a clock time ``to`` another on some weekdays (overnight if ``to`` is earlier)."""
    start: Clock = Field(alias="from")
    end: Clock = Field(alias="to")
    staff: Headcount = Field(ge=0)
    days: tuple[Weekday, ...] = WEEKDAYS

    @model_validator(mode="after")
    def _length(self) -> Shift:
        if self.start == self.end:
            raise fail_key("shift.no_length")
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
    """The staff of one plan role: shifts, a reserve the plan can call in, on-call members, cost."""
    shifts: Annotated[tuple[Shift, ...], MaxLen(limits.MAX_SHIFTS)] = ()
    reserve: Headcount = Field(default=0, ge=0)        # can be called in when the plan activates
    on_call: Headcount = Field(default=0, ge=0)        # join after `mobilise` when called (crisis group)
    mobilise: Duration = 30.0
    cost_per_hour: Annotated[NonNegative, AtMost(limits.MAX_MONEY)] = 0.0

    @model_validator(mode="after")
    def _someone(self) -> Team:
        if not self.shifts and not self.on_call and not self.reserve:
            raise fail_key("team.nobody")
        return self


class ActivityTimes(Model):
    """A service-time distribution per activity (:data:`~sim.format.vocabulary.ACTIVITIES`)."""

    intake: Dist | None = None             # frontline: record, classify, first response
    resolve_minor: Dist | None = None      # frontline: resolve a minor complaint (absent: solved at intake)
    resolve: Dist | None = None            # specialist: investigate, decide, implement
    consult: Dist | None = None            # a department's part in a case (production, logistics, ...)
    review: Dist | None = None             # crisis group: decide on / approve a major case
    follow_up: Dist | None = None          # frontline: follow-up contact, satisfaction recorded


class ServiceTimes(ActivityTimes):
    by_category: FMap[ActivityTimes] = Field(default_factory=FrozenMap)   # overrides for some categories

    def get(self, activity: str, category: str | None = None) -> Dist | None:
        """The distribution of ``activity`` for a complaint of ``category`` (its override, else the team's)."""
        override = self.by_category.get(category) if category is not None else None
        if override is not None and getattr(override, activity) is not None:
            return getattr(override, activity)
        return getattr(self, activity)


class Grading(Model):
    """How accurately frontline grades severity: true grade -> mix of assigned grades (identity if absent)."""
    accuracy: FMap[Mix] = Field(default_factory=FrozenMap)

    @field_validator("accuracy")
    @classmethod
    def _rows(cls, v: FrozenMap) -> FrozenMap:
        known_keys(v, SEVERITY_IDS, "severity")
        for sev, row in v.items():
            known_keys(row, SEVERITY_IDS, "severity", sev)
        return v

