"""The trainer's attempt policy for one assignment, and the verdicts it gives (issue 16, part 1).

A trainer who grades people on a drill sets, with each assignment, an :class:`AttemptPolicy`:

* ``max_attempts``: how many attempts a trainee may start (None: unlimited);
* ``counted``: which of their finished attempts counts for the cohort: the ``first``, the ``best`` or the
  ``last``;
* ``key_shown``: when the trainee sees the answer key and the model answers on their scorecard:
  ``after_attempt`` (as soon as an attempt is finished), ``after_due`` (from the day after the due date),
  ``never``.

An assignment without a policy keeps the kit's old behaviour (:data:`DEFAULT_POLICY`: unlimited attempts,
the last finished one counts, the key after each attempt). The functions below are the rules; the results
store and the reports only call them, so each has one definition and hand-built tests.

Which attempts take part: a trainee's attempts at the assigned scenario that count for the cohort (see
:mod:`sim.store.cohorts`), minus *practice* attempts (started under a typed name, not a vouched identity):
a practice attempt never counts, is never the counted attempt, has no number and uses up nothing.

The counted attempt is chosen among the finished, scored attempts **in the order they were finished**, not
the order they were started: under ``first``, an attempt started earlier but finished after the key was
shown (resumed in another tab, say) can never replace the attempt that finished first.

    >>> from datetime import UTC, date, datetime
    >>> day = lambda d, h: datetime(2026, 5, d, h, tzinfo=UTC)
    >>> a1 = Attempt(1, "Ann", "s", "h", "en", day(1, 9), day(1, 10), FINISHED)      # scored 8 %
    >>> a2 = Attempt(2, "Ann", "s", "h", "en", day(2, 9), day(2, 10), FINISHED)      # retake with the key: 96 %
    >>> first = AttemptPolicy(max_attempts=2, counted="first", key_shown="after_attempt")
    >>> counted_attempt([a2, a1], {1: 0.08, 2: 0.96}, first).id
    1
    >>> counted_attempt([a2, a1], {1: 0.08, 2: 0.96}, AttemptPolicy(counted="best")).id
    2
    >>> attempts_left(first, attempts_used([a1, a2])), key_visible(first, None, date(2026, 5, 2))
    (0, True)
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sim.drill.attempts import FINISHED, IN_PROGRESS, SUPERSEDED, Attempt
from sim.i18n import t

FIRST, BEST, LAST = "first", "best", "last"
COUNTED = (FIRST, BEST, LAST)                      # which finished attempt counts
AFTER_ATTEMPT, AFTER_DUE, NEVER = "after_attempt", "after_due", "never"
KEY_SHOWN = (AFTER_ATTEMPT, AFTER_DUE, NEVER)       # when the trainee sees the key
MAX_ATTEMPTS = 100                                 # a limit above this is a typo, not a policy


class PolicyError(ValueError):
    """An attempt policy that cannot be (one line, for the user)."""


def policy_problem(max_attempts, counted, key_shown, lang: str = "en") -> str | None:
    """What is wrong with these policy values (one line in ``lang``), or None if they make a policy."""
    if max_attempts is not None and (isinstance(max_attempts, bool) or not isinstance(max_attempts, int)
                                     or not 1 <= max_attempts <= MAX_ATTEMPTS):
        return t("policy.err.max_attempts", lang, value=max_attempts, high=MAX_ATTEMPTS)
    if counted not in COUNTED:
        return t("policy.err.counted", lang, value=counted, known=", ".join(COUNTED))
    if key_shown not in KEY_SHOWN:
        return t("policy.err.key_shown", lang, value=key_shown, known=", ".join(KEY_SHOWN))
    return None


@dataclass(frozen=True)
class AttemptPolicy:
    """One assignment's policy (see the module docstring); invalid values raise :class:`PolicyError`."""
    max_attempts: int | None = None
    counted: str = LAST
    key_shown: str = AFTER_ATTEMPT

    def __post_init__(self) -> None:
        problem = policy_problem(self.max_attempts, self.counted, self.key_shown)
        if problem:
            raise PolicyError(problem)

    @classmethod
    def checked(cls, max_attempts: int | None = None, counted: str = LAST, key_shown: str = AFTER_ATTEMPT,
                lang: str = "en") -> AttemptPolicy:
        """The policy, or PolicyError with the problem in ``lang``."""
        problem = policy_problem(max_attempts, counted, key_shown, lang)
        if problem:
            raise PolicyError(problem)
        return cls(max_attempts, counted, key_shown)

    @property
    def retake_can_use_key(self) -> bool:
        """Whether a trainee could read the key, retake the drill and have the retake count: the key after each
        attempt, a retake allowed, and the best or last attempt counting (the trainer is warned)."""
        return (self.key_shown == AFTER_ATTEMPT and self.counted != FIRST
                and (self.max_attempts is None or self.max_attempts > 1))


DEFAULT_POLICY = AttemptPolicy()        # no policy stored: unlimited, the last counts, the key after each attempt


def _taking_part(attempts: Iterable[Attempt], practice: Collection[int]) -> list[Attempt]:
    """The attempts that are not practice, in the order they were started (ids grow with time)."""
    return sorted((a for a in attempts if a.id not in practice), key=lambda a: a.id)


def attempt_numbers(attempts: Iterable[Attempt], practice: Collection[int] = ()) -> dict[int, int]:
    """attempt id -> its number (1, 2, ...) among the trainee's attempts at one assignment, in the order they
    were started; practice attempts have none."""
    return {a.id: n for n, a in enumerate(_taking_part(attempts, practice), 1)}


def attempts_used(attempts: Iterable[Attempt], practice: Collection[int] = (), version: str | None = None) -> int:
    """How many attempts the trainee has used: every attempt started that is not practice (finished or not:
    a trainee cannot read the questions, give up and start afresh for free), except those the scenario's
    editing took from them: one still in progress that was started with another version of the scenario than
    ``version`` (the one being started now: an edit can make it impossible to continue), and one superseded
    by a new attempt for that reason (closed then, so it cannot be resumed beside its replacement).

    >>> from datetime import datetime
    >>> at = datetime(2026, 5, 1)
    >>> old = Attempt(1, "Ann", "s", "v1", "en", at, None, IN_PROGRESS)
    >>> attempts_used([old], version="v1"), attempts_used([old], version="v2"), attempts_used([old], {1})
    (1, 0, 0)
    >>> closed = Attempt(1, "Ann", "s", "v1", "en", at, None, SUPERSEDED)
    >>> new = Attempt(2, "Ann", "s", "v2", "en", at, None, IN_PROGRESS)
    >>> attempts_used([closed, new], version="v2"), attempts_used([closed, new], version="v3")
    (1, 0)
    """
    return sum(1 for a in _taking_part(attempts, practice)
               if a.status != SUPERSEDED
               and not (version is not None and a.status == IN_PROGRESS and a.content_hash != version))


def attempts_left(policy: AttemptPolicy, used: int) -> int | None:
    """Attempts the trainee may still start (None: unlimited; never below 0)."""
    if policy.max_attempts is None:
        return None
    return max(0, policy.max_attempts - used)


def may_start(policy: AttemptPolicy, used: int) -> bool:
    """Whether a trainee who has used ``used`` attempts may start another (resuming one is always allowed)."""
    left = attempts_left(policy, used)
    return left is None or left > 0


def _finished_order(a: Attempt) -> tuple:
    """Finished first to last; an attempt finished without a time (older data) by when it started."""
    when = a.finished_at if a.finished_at is not None else a.started_at
    return (_naive_utc(when), a.id)


def _naive_utc(when: datetime) -> datetime:
    """A stored time as naive UTC (SQLite hands back naive UTC times, PostgreSQL aware ones): comparable."""
    return when if when.tzinfo is None else when.astimezone(UTC).replace(tzinfo=None)


def counted_attempt(attempts: Iterable[Attempt], totals: Mapping[int, float], policy: AttemptPolicy = DEFAULT_POLICY,
                    practice: Collection[int] = ()) -> Attempt | None:
    """The attempt that counts for the cohort, among the trainee's attempts at one assignment: of the finished
    ones that have a score (``totals``: attempt id -> total, 0..1) and are not practice, in the order they
    were finished (ties: the one started first),

    * ``first``: the one finished first; nothing finished later replaces it;
    * ``last``: the one finished last;
    * ``best``: the highest total; equal totals go to the one finished first.

    None if no attempt is finished and scored.
    """
    done = sorted((a for a in _taking_part(attempts, practice) if a.status == FINISHED and a.id in totals),
                  key=_finished_order)
    if not done:
        return None
    if policy.counted == FIRST:
        return done[0]
    if policy.counted == LAST:
        return done[-1]
    best = max(totals[a.id] for a in done)
    return next(a for a in done if totals[a.id] == best)


@dataclass(frozen=True)
class KeyDecision:
    """Whether a finished attempt's scorecard may show the key and model answers now, and by which rule
    (``key_shown``), with the due date it waits for (``after_due``)."""
    shown: bool
    key_shown: str = AFTER_ATTEMPT
    due: date | None = None


def key_visible(policy: AttemptPolicy, due: date | None, today: date) -> bool:
    """Whether a finished attempt's key may be shown on ``today``.

    ``after_due`` shows it from the day **after** the due date: the due date itself is still a day to take
    the drill (the same day is not yet overdue in the reports), so on it the key stays hidden. With no due
    date set there is no "after": the key stays hidden until the trainer sets one and it passes.
    """
    if policy.key_shown == AFTER_ATTEMPT:
        return True
    if policy.key_shown == AFTER_DUE:
        return due is not None and today > due
    return False


def key_decision(policy: AttemptPolicy, due: date | None, today: date) -> KeyDecision:
    """:func:`key_visible`, with the rule and due date a scorecard's note names."""
    return KeyDecision(key_visible(policy, due, today), policy.key_shown, due)


def strictest(decisions: Iterable[KeyDecision]) -> KeyDecision:
    """One decision for an attempt that counts for no assignment (practice, or a trainee outside every cohort
    the scenario is assigned to) from the decisions of every assignment of its scenario: the key is shown only
    if each of them shows it now (else a typed name could read the key of a graded drill). None at all: shown.
    Withheld: ``never`` if any says never, else ``after_due`` waiting for the latest due date (None if one
    has none)."""
    found = list(decisions)
    if all(d.shown for d in found):
        return KeyDecision(True)
    if any(d.key_shown == NEVER for d in found):
        return KeyDecision(False, NEVER)
    waiting = [d for d in found if not d.shown]
    dues = [d.due for d in waiting]
    return KeyDecision(False, AFTER_DUE, None if None in dues else max(d for d in dues if d is not None))


def key_note(key: KeyDecision | None, lang: str) -> str:
    """One line for the trainee saying when the key will be shown ("" when it is shown after each attempt)."""
    if key is None or key.key_shown not in (AFTER_DUE, NEVER):
        return ""
    if key.key_shown == NEVER:
        return t("app.card.key.never", lang)
    if key.shown:
        return t("app.card.key.shown_after_due", lang, due=key.due.isoformat() if key.due else "—")
    return t("app.card.key.after_due", lang, due=key.due.isoformat()) if key.due else t("app.card.key.no_due", lang)


__all__ = ["AFTER_ATTEMPT", "AFTER_DUE", "BEST", "COUNTED", "DEFAULT_POLICY", "FIRST", "KEY_SHOWN", "LAST",
           "MAX_ATTEMPTS", "NEVER", "AttemptPolicy", "KeyDecision", "PolicyError", "attempt_numbers",
           "attempts_left", "attempts_used", "counted_attempt", "key_decision", "key_note", "key_visible", "may_start",
           "policy_problem", "strictest"]
