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
    >>> parse_duration(30)
    Traceback (most recent call last):
    ValueError: 30 needs a unit, e.g. '30min' or '30h'
"""
from __future__ import annotations

import math
import re

_UNIT_MINUTES = {
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "min": 1.0, "mins": 1.0, "minute": 1.0, "minutes": 1.0, "m": 1.0,
    "h": 60.0, "hr": 60.0, "hrs": 60.0, "hour": 60.0, "hours": 60.0,
    "d": 1440.0, "day": 1440.0, "days": 1440.0,
    "w": 10080.0, "week": 10080.0, "weeks": 10080.0,
}
_PART = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]+)\s*")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_SCENARIO_CLOCK = re.compile(r"^T\+(\d{1,3}):(\d{2})(?::(\d{2}))?$")


def parse_duration(value: object) -> float:
    """Minutes in a duration string; raises ValueError with a message a trainer can act on."""
    if isinstance(value, bool) or not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value == 0:
                return 0.0
            raise ValueError(f"{value!r} needs a unit, e.g. '{value}min' or '{value}h'")
        raise ValueError(f"expected a duration such as '30min' or '4h', got {type(value).__name__}")
    text = value.strip().lower()
    if text in ("0", ""):
        if text == "0":
            return 0.0
        raise ValueError("empty duration; write e.g. '30min' or '4h'")
    pos, total, matched = 0, 0.0, False
    while pos < len(text):
        m = _PART.match(text, pos)
        if not m or m.group(2) not in _UNIT_MINUTES:
            raise ValueError(f"{value!r} is not a duration; write a number and a unit: s, min, h, d or w "
                             "(e.g. '90s', '30min', '4h', '1h30min', '2d')")
        total += float(m.group(1)) * _UNIT_MINUTES[m.group(2)]
        pos, matched = m.end(), True
    if not matched or not math.isfinite(total):
        raise ValueError(f"{value!r} is not a duration")
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
        raise ValueError(f"expected a clock time such as '08:00' in quotes, got {value!r}")  # noqa: TRY004
    m = _CLOCK.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a valid clock time; write 'HH:MM', e.g. '08:00'")
    hours, mins = int(m.group(1)), int(m.group(2))
    if mins >= 60 or hours > 24 or (hours == 24 and mins):
        raise ValueError(f"{value!r} is not a valid clock time")
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
                raise ValueError(f"{value!r} is not a valid scenario clock time")
            return hours * 60.0 + mins + secs / 60.0
        if value.strip().upper().startswith("T"):
            raise ValueError(f"{value!r} is not a valid scenario clock time; write 'T+HH:MM', e.g. 'T+00:05'")
    try:
        return parse_duration(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid scenario clock time; write 'T+HH:MM' (e.g. 'T+01:30') "
                         "or a duration ('90min')") from None


def format_scenario_clock(minutes: float) -> str:
    m = round(minutes)
    return f"T+{m // 60:02d}:{m % 60:02d}"
