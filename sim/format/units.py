"""Durations and clock times as trainers write them ("90s", "30min", "4h", "2d", "1h30min", "08:00").

The simulator's time unit is the minute (a float, counted from the scenario's start). A duration needs a
unit, so that "30" cannot be misread as seconds or hours; clock times are minutes after midnight, and the
drill clock counts from the moment the drill starts.

    >>> parse_duration("1h30min"), parse_duration("90s"), parse_duration("2d")
    (90.0, 1.5, 2880.0)
    >>> format_duration(90.0), format_duration(2880.0 + 360.0)
    ('1h30min', '2d6h')
    >>> parse_clock("08:30"), format_clock(510.0)
    (510.0, '08:30')
    >>> parse_scenario_clock("T+01:05"), format_scenario_clock(65.0)
    (65.0, 'T+01:05')

A value that cannot be read raises :class:`UnitError`, a ValueError whose message exists in Chinese too:

    >>> try:
    ...     parse_duration(30)
    ... except ValueError as exc:
    ...     print(exc, "/", exc.text("zh"))
    30 needs a unit, e.g. '30min' or '30h' / 30 缺少单位，例如 '30min' 或 '30h'
"""
from __future__ import annotations

import math
import re

from sim.format.messages import kind_of, say

_UNIT_MINUTES = {
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "min": 1.0, "mins": 1.0, "minute": 1.0, "minutes": 1.0, "m": 1.0,
    "h": 60.0, "hr": 60.0, "hrs": 60.0, "hour": 60.0, "hours": 60.0,
    "d": 1440.0, "day": 1440.0, "days": 1440.0,
    "w": 10080.0, "week": 10080.0, "weeks": 10080.0,
}
# The unit words a duration may use, longest first (what a pattern must try before their prefixes).
UNIT_WORDS = tuple(sorted(_UNIT_MINUTES, key=len, reverse=True))
_PART = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]+)\s*")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_SCENARIO_CLOCK = re.compile(r"^T\+(\d{1,3}):(\d{2})(?::(\d{2}))?$")


class UnitError(ValueError):
    """A duration or clock time that cannot be read: ``str()`` is the English message; ``key`` and
    ``params`` give it in Chinese too (:func:`sim.format.messages.say`). A ValueError, as callers expect."""

    def __init__(self, key: str, /, **params: object):
        super().__init__(say(key, "en", **params))
        self.key, self.params = key, params

    def text(self, lang: str = "en") -> str:
        return say(self.key, lang, **self.params)


def parse_duration(value: object) -> float:
    """Minutes in a duration string; raises ValueError with a message a trainer can act on."""
    if isinstance(value, bool) or not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value == 0:
                return 0.0
            raise UnitError("duration.needs_unit", value=value)
        raise UnitError("duration.not_text", kind=kind_of(value))
    text = value.strip().lower()
    if text in ("0", ""):
        if text == "0":
            return 0.0
        raise UnitError("duration.empty")
    pos, total, matched = 0, 0.0, False
    while pos < len(text):
        m = _PART.match(text, pos)
        if not m or m.group(2) not in _UNIT_MINUTES:
            raise UnitError("duration.bad", value=value)
        total += float(m.group(1)) * _UNIT_MINUTES[m.group(2)]
        pos, matched = m.end(), True
    if not matched or not math.isfinite(total):
        raise UnitError("duration.invalid", value=value)
    return total


def format_duration(minutes: float) -> str:
    """Short human form: 45min, 4h, 1h30min, 2d, 2d6h."""
    if minutes < 1:
        return f"{minutes * 60:.0f}s"
    m = round(minutes)
    days, rest = divmod(m, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days}d")
    if hours:
        parts.append(f"{hours}h")
    if mins or not parts:
        parts.append(f"{mins}min")
    return "".join(parts)


def parse_clock(value: object) -> float:
    """Minutes after midnight for 'HH:MM' (00:00–24:00)."""
    if not isinstance(value, str):
        # ValueError, not TypeError: to a trainer an unquoted 08:00 is a wrong value, and callers catch it.
        raise UnitError("clock.not_text", value=value)
    m = _CLOCK.match(value.strip())
    if not m:
        raise UnitError("clock.bad", value=value)
    hours, mins = int(m.group(1)), int(m.group(2))
    if mins >= 60 or hours > 24 or (hours == 24 and mins):
        raise UnitError("clock.invalid", value=value)
    return hours * 60.0 + mins


def format_clock(minutes_after_midnight: float) -> str:
    m = round(minutes_after_midnight)
    return f"{m // 60:02d}:{m % 60:02d}"


def parse_scenario_clock(value: object) -> float:
    """Minutes after the drill starts: 'T+01:30' (hours:minutes), 'T+00:05:30', or a duration ('90min')."""
    if isinstance(value, str):
        m = _SCENARIO_CLOCK.match(value.strip())
        if m:
            hours, mins, secs = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
            if mins >= 60 or secs >= 60:
                raise UnitError("scenario_clock.invalid", value=value)
            return hours * 60.0 + mins + secs / 60.0
        if value.strip().upper().startswith("T"):
            raise UnitError("scenario_clock.bad", value=value)
    try:
        return parse_duration(value)
    except UnitError:
        raise UnitError("scenario_clock.not_text", value=value) from None


def format_scenario_clock(minutes: float) -> str:
    m = round(minutes)
    return f"T+{m // 60:02d}:{m % 60:02d}"
