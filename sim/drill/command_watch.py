"""What the duty manager watches besides the queues: complaints near or past their target, and public attention.

**Near its target, or late.** Every open complaint is working towards one target of the plan at a time:
its *first response* (``targets.first_response`` for its grade) until it has had one, then its *resolution*
(``targets.resolution``), both counted from its arrival, as the KPIs count them
(:mod:`sim.simulation.metrics`, true grade). So a case waiting at the specialists after frontline answered
it is measured against its resolution target, not left out. A case is

* **late** once the time since it arrived has reached its target (an open case *at* its target is late, as
  the KPIs count it);
* **near its target** from the point at which the plan escalates a case still short of its target
  (``escalation.at_share_of_target``, 80 % of the target in the default plan) until the target itself;
* neither before that. A late case is never also "near".

:func:`deadline_watch` answers this for columns of cases (numpy arrays, so a dashboard over thousands of
complaints costs a few array operations) and also gives each case's time left to its target, from which
the dashboard shows each team's next target due.

**Public attention.** The centre keeps the plan's attention index (each public post adds its weight, the
total halves every half-life; trigger 3 holds at the threshold, :func:`sim.rules.attention_holds`).
:func:`attention_level` names where the index stands against the threshold: ``low`` below half of it,
``rising`` from half of it, ``crisis`` from the threshold itself (the trigger holds).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ATTENTION_LEVELS = ("low", "rising", "crisis")
RISING_SHARE = 0.5          # from half the threshold, attention is worth watching


@dataclass(frozen=True)
class Deadlines:
    """For each case given to :func:`deadline_watch`: open and arrived (``open``), working towards its first
    response (``first``, else its resolution), near its target, late, and the minutes left to its target
    (negative once late; NaN for a case not open)."""
    open: np.ndarray
    first: np.ndarray
    near: np.ndarray
    late: np.ndarray
    left: np.ndarray


def deadline_watch(arrive, first_response, is_open, severity, now: float, first_target, resolution_target,
                   share: float) -> Deadlines:
    """Which open cases are near or past the target they are working towards at ``now`` (module docstring).

    ``arrive``, ``first_response`` (NaN, or a time after ``now``, before it is given), ``is_open`` (bool) and
    ``severity`` (grade index) are columns, one row per case; ``first_target`` and ``resolution_target`` are
    the plan's targets in minutes by grade index; ``share`` is the plan's escalation share.

    >>> d = deadline_watch([0, 0, 0, 0], [float("nan"), float("nan"), 5, float("nan")], [True, True, True, False],
    ...                    [2, 2, 2, 2], now=50, first_target=[1440, 240, 60], resolution_target=[7200, 4320, 1440],
    ...                    share=0.8)
    >>> d.near.tolist(), d.late.tolist(), d.left[:3].tolist()
    ([True, True, False, False], [False, False, False, False], [10.0, 10.0, 1390.0])
    """
    arrive = np.asarray(arrive, dtype=float)
    given = np.asarray(first_response, dtype=float)
    grade = np.asarray(severity, dtype=int)
    is_open = np.asarray(is_open, dtype=bool) & (arrive <= now)
    awaiting_first = ~(given <= now)                     # NaN (not yet) or later than now (being written)
    target = np.where(awaiting_first, np.asarray(first_target, dtype=float)[grade],
                      np.asarray(resolution_target, dtype=float)[grade])
    elapsed = now - arrive
    late = is_open & (elapsed >= target)
    near = is_open & ~late & (elapsed >= share * target)
    left = np.where(is_open, target - elapsed, np.nan)
    return Deadlines(open=is_open, first=is_open & awaiting_first, near=near, late=late, left=left)


def attention_level(value: float, threshold: float) -> str:
    """Where public attention stands against the plan's threshold: ``low``, ``rising`` or ``crisis``.

    >>> [attention_level(v, 60) for v in (0, 29.9, 30, 59.9, 60, 400)]
    ['low', 'low', 'rising', 'rising', 'crisis', 'crisis']
    """
    if value >= threshold:
        return "crisis"
    return "rising" if value >= RISING_SHARE * threshold else "low"


__all__ = ["ATTENTION_LEVELS", "RISING_SHARE", "Deadlines", "attention_level", "deadline_watch"]
