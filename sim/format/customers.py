"""Customers' behaviour: how they give up waiting, complain again or go public, and how satisfied they are.

A customer on a synchronous channel waits up to their patience (a distribution per channel, on the
scenario); one who abandons may try again later or complain publicly instead. Resolved complaints get a
follow-up contact, where the customer's satisfaction is recorded.
"""
from __future__ import annotations

from pydantic import Field, model_validator

from sim.format.base import Duration, Model, Share
from sim.format.distributions import Dist


class Abandonment(Model):
    """What a customer who gives up waiting does next: tries again later, or complains in public."""
    retry_share: Share = 0.0
    retry_after: Dist | None = None
    go_public_share: Share = 0.0           # abandoners who complain publicly (social media) instead

    @model_validator(mode="after")
    def _retry_time(self) -> Abandonment:
        if self.retry_share > 0 and self.retry_after is None:
            raise fail_key("customers.retry_after")
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
    """The follow-up contact after resolution (plan step 6), where satisfaction is recorded."""
    share: Share = 1.0                     # resolved complaints that get a follow-up contact
    after: Duration = 1440.0               # how long after resolution
    satisfaction: SatisfactionModel = Field(default_factory=SatisfactionModel)

from sim.format.messages import fail_key
