"""Probability distributions for service times and customers' patience, as a trainer writes them.

Exactly one shape per distribution: ``{exponential: {mean: 6min}}``, ``{lognormal: {mean: 6min, cv: 0.5}}``,
``{fixed: 5min}`` or ``{empirical: [4min, 6min, 9min]}`` (observed times, resampled with equal weight).

    >>> Dist.model_validate({"lognormal": {"mean": "6min", "cv": 0.5}}).mean
    6.0
    >>> Dist.model_validate({"empirical": ["4min", "6min", "11min"]}).kind, Dist.model_validate({"fixed": "5min"}).mean
    ('empirical', 5.0)
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from sim.format import limits
from sim.format.base import AtMost, Duration, MaxLen, Model
from sim.format.vocabulary import DISTRIBUTION_KINDS


class Exponential(Model):
    mean: Duration

    @field_validator("mean")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise fail_key("dist.mean_positive")
        return v


class LogNormal(Exponential):
    cv: Annotated[float, AtMost(limits.MAX_CV)] = Field(gt=0, description="coefficient of variation: standard deviation over mean")


class Dist(Model):
    """A service-time or patience distribution: exactly one of the keys below."""

    exponential: Exponential | None = None   # {mean: 6min}
    lognormal: LogNormal | None = None       # {mean: 6min, cv: 0.5}
    fixed: Duration | None = None            # 5min
    # [4min, 6min, 9min] resampled with equal weight; a longer list is told to sample or fit (messages)
    empirical: Annotated[tuple[Duration, ...], MaxLen(limits.MAX_ENTRIES, "list.too_many_times")] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Dist:
        given = [k for k in DISTRIBUTION_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise fail_key("dist.exactly_one", found=Phrase("dist.found", keys=", ".join(given)) if given else "")
        if self.empirical is not None and not self.empirical:
            raise fail_key("dist.empirical_empty", "empirical")
        return self

    @property
    def mean(self) -> float:
        if self.exponential is not None:
            return self.exponential.mean
        if self.lognormal is not None:
            return self.lognormal.mean
        if self.fixed is not None:
            return self.fixed
        assert self.empirical is not None   # exactly one shape is given (checked when validated)
        return sum(self.empirical) / len(self.empirical)

    @property
    def kind(self) -> str:
        return next(k for k in DISTRIBUTION_KINDS if getattr(self, k) is not None)

from sim.format.messages import Phrase, fail_key
