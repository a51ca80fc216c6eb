"""A trainer's override of a reply's points: the record, the rules it must meet, and how it reads.

The scorer judges a free-text reply by what its sentences do; a trainer who reads it may disagree. An
*override* sets the points of one reply of one attempt, with a comment saying why, the trainer's name
and the time. Overrides are kept like answers: appended, never changed (the results store's
``overrides`` table), so the history of who changed what stays readable. For each prompt **the latest
override wins** (:func:`latest`).

An override is applied every time the attempt is scored — when the trainee finishes, on a re-score
after a rubric change, on a cohort's re-score, when the app redraws a card in the other language — by
the one scoring path, :func:`sim.drill.scorecard.score_attempt`; a re-score therefore never undoes it.
It replaces the prompt's points (at most the prompt's points, should a rubric change lower them) and
its rating (from the new share, with the plan's thresholds); the total, the step ratings and pass or
fail follow. The flags the scorer raised stay listed with their evidence, but a critical flag on an
overridden reply no longer fails the drill or caps its step: the trainer has judged that reply. (A
trainer who agrees with a critical flag leaves the score alone.)

What may be overridden (:func:`check_override`): a *reply* the attempt answered — closed questions have
a key, and an unanswered prompt has nothing to judge; points between 0 and the prompt's points; a
comment and the trainer's name are required.

    >>> from datetime import datetime, UTC
    >>> o = Override(1, 7, "reply-li", 3.0, 1.0, "Apology in other words", "Wang Fang",
    ...              datetime(2026, 5, 1, 9, 30, tzinfo=UTC))
    >>> override_note(o, "en")
    'overridden by Wang Fang on 2026-05-01: 1 → 3 points — “Apology in other words”'
    >>> Override.from_dict(o.to_dict()) == o
    True
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sim.format.prompts import Prompt
from sim.i18n import t


@dataclass(frozen=True)
class Override:
    """One trainer's override of one reply's points (a row of the append-only ``overrides`` table)."""
    id: int
    attempt_id: int
    prompt_id: str
    points: float                      # the points the trainer gives
    old_points: float | None           # what the prompt scored just before (the scorer's, or an earlier override's)
    comment: str
    by: str                            # the trainer's name
    at: datetime                       # when, UTC

    def to_dict(self) -> dict:
        return {"id": self.id, "attempt_id": self.attempt_id, "prompt_id": self.prompt_id, "points": self.points,
                "old_points": self.old_points, "comment": self.comment, "by": self.by, "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, d: dict) -> Override:
        """An override as a scorecard stores it (``to_dict``)."""
        at = d["at"]
        return cls(int(d["id"]), int(d["attempt_id"]), d["prompt_id"], float(d["points"]),
                   None if d.get("old_points") is None else float(d["old_points"]), d["comment"], d["by"],
                   datetime.fromisoformat(at) if isinstance(at, str) else at)


class OverrideError(ValueError):
    """An override that cannot be accepted; the message (one line, in the user's language) says why."""


def latest(overrides: Iterable[Override]) -> dict[str, Override]:
    """prompt id -> the override that counts: the latest of that prompt (by time, then by id).

    >>> at = datetime(2026, 5, 1, tzinfo=UTC)
    >>> first, second = (Override(i, 1, "r", p, 0.0, "c", "T", at) for i, p in ((1, 2.0), (2, 1.0)))
    >>> latest([second, first])["r"].points
    1.0
    """
    out: dict[str, Override] = {}
    for o in sorted(overrides, key=lambda o: (_utc(o.at), o.id)):
        out[o.prompt_id] = o
    return out


def check_override(prompt: Prompt | None, prompt_id: str, *, attempt_id: int, answered: bool, points: Any,
                   comment: Any, by: Any, reply_prompts: Iterable[str] = (), lang: str = "en") -> tuple[float, str, str]:
    """The override's (points, comment, by), cleaned, or OverrideError naming what is wrong.

    ``prompt``: the scenario's prompt of that id (None if it has none); ``answered``: whether the attempt
    answered it; ``reply_prompts``: the attempt's answered replies, named in the message when the prompt
    is wrong.

    >>> from sim.format.library import cached_scenario
    >>> li = next(p for p in cached_scenario("product_defect_surge").drill.prompts() if p.id == "reply-li")
    >>> check_override(li, "reply-li", attempt_id=1, answered=True, points="2.5", comment=" ok ", by="Wang")
    (2.5, 'ok', 'Wang')
    >>> check_override(li, "reply-li", attempt_id=1, answered=True, points=9, comment="ok", by="Wang")
    Traceback (most recent call last):
    ...
    sim.drill.overrides.OverrideError: points: 9 is out of range: reply-li is worth 0 to 3 points
    """
    replies = ", ".join(reply_prompts) or "—"
    if prompt is None:
        raise OverrideError(t("override.err.no_prompt", lang, prompt=prompt_id, id=attempt_id, replies=replies))
    if prompt.kind != "reply":
        raise OverrideError(t("override.err.not_reply", lang, prompt=prompt_id, replies=replies))
    if not answered:
        raise OverrideError(t("override.err.not_answered", lang, prompt=prompt_id, id=attempt_id, replies=replies))
    value = _number(points)
    if value is None:
        raise OverrideError(t("override.err.points_nan", lang, value=points))
    if not 0 <= value <= prompt.points:
        raise OverrideError(t("override.err.points_range", lang, value=f"{value:g}", max=f"{prompt.points:g}",
                              prompt=prompt_id))
    comment = comment.strip() if isinstance(comment, str) else ""
    if not comment:
        raise OverrideError(t("override.err.no_comment", lang))
    by = by.strip() if isinstance(by, str) else ""
    if not by:
        raise OverrideError(t("override.err.no_by", lang))
    return value, comment, by


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def override_note(o: Override, lang: str) -> str:
    """'overridden by X on DATE: old → new points — “comment”' in ``lang``."""
    old = "—" if o.old_points is None else f"{round(o.old_points, 2):g}"
    return t("override.note", lang, by=o.by, date=_utc(o.at).date().isoformat(), old=old,
             new=f"{round(o.points, 2):g}", comment=o.comment)


__all__ = ["Override", "OverrideError", "check_override", "latest", "override_note"]
