"""The attempt policy's rules (sim.drill.attempt_policy), on hand-built attempts with known answers: which
attempt counts (first / best / last, ties, practice, unfinished), attempts used and left, and when the key
may be shown (the due date itself and the day after)."""
from datetime import UTC, date, datetime

import pytest

from sim.drill.attempt_policy import (
    DEFAULT_POLICY,
    AttemptPolicy,
    KeyDecision,
    PolicyError,
    attempt_numbers,
    attempts_left,
    attempts_used,
    counted_attempt,
    key_decision,
    key_note,
    key_visible,
    may_start,
    strictest,
)
from sim.drill.attempts import FINISHED, IN_PROGRESS, Attempt


def at(day: int, hour: int = 9, aware: bool = True) -> datetime:
    return datetime(2026, 5, day, hour, tzinfo=UTC if aware else None)


def attempt(i: int, start: int, end: int | None = None, *, version: str = "v1", aware: bool = True) -> Attempt:
    """Attempt ``i`` started on May ``start``, finished on May ``end`` (None: in progress)."""
    return Attempt(i, "Ann", "s", version, "en", at(start, aware=aware), None if end is None else at(end, 12, aware),
                   FINISHED if end is not None else IN_PROGRESS)


def policy(counted: str, max_attempts: int | None = None, key: str = "after_attempt") -> AttemptPolicy:
    return AttemptPolicy(max_attempts, counted, key)


# --- the record -----------------------------------------------------------------------------------------

def test_default_policy_is_the_old_behaviour():
    assert DEFAULT_POLICY == AttemptPolicy(None, "last", "after_attempt")


@pytest.mark.parametrize("values, words", [
    ((0, "first", "never"), "from 1 to 100"), ((101, "first", "never"), "from 1 to 100"),
    ((True, "first", "never"), "True"), ((2.0, "first", "never"), "2.0"),
    ((None, "worst", "never"), "'worst' is not one of first, best, last"),
    ((None, "first", "later"), "'later' is not one of after_attempt, after_due, never")])
def test_invalid_policies_are_one_line_in_both_languages(values, words):
    with pytest.raises(PolicyError, match=words):
        AttemptPolicy(*values)
    with pytest.raises(PolicyError) as zh:
        AttemptPolicy.checked(*values, lang="zh")
    assert "\n" not in str(zh.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(zh.value))


def test_boundaries_of_max_attempts_are_accepted():
    assert AttemptPolicy(1).max_attempts == 1 and AttemptPolicy(100).max_attempts == 100


def test_a_retake_that_can_use_the_key_is_recognised():
    assert policy("best").retake_can_use_key and policy("last", 2).retake_can_use_key
    assert not policy("first").retake_can_use_key                 # the first try counts whatever follows
    assert not policy("best", 1).retake_can_use_key               # no retake
    assert not policy("best", key="after_due").retake_can_use_key and not policy("last", key="never").retake_can_use_key


# --- the counted attempt ------------------------------------------------------------------------------------

def test_first_attempt_counts_and_a_retake_after_the_key_cannot_replace_it():
    """The issue's trainee: 8 % on the first try, read the key, 96 % on the retake."""
    first, retake = attempt(1, 1, 1), attempt(2, 2, 2)
    totals = {1: 0.08, 2: 0.96}
    assert counted_attempt([retake, first], totals, policy("first")).id == 1
    assert counted_attempt([retake, first], totals, policy("last")).id == 2
    assert counted_attempt([retake, first], totals, policy("best")).id == 2


def test_first_means_first_finished_not_first_started():
    """Attempt 1 was left open, attempt 2 finished (key shown), then attempt 1 was resumed and finished with
    the key: the attempt finished first still counts."""
    left_open, finished_first = attempt(1, 1, 3), attempt(2, 2, 2)
    assert counted_attempt([left_open, finished_first], {1: 1.0, 2: 0.3}, policy("first")).id == 2
    assert counted_attempt([left_open, finished_first], {1: 1.0, 2: 0.3}, policy("last")).id == 1


def test_best_ties_go_to_the_one_finished_first_and_last_ties_to_the_one_started_later():
    a, b, c = attempt(1, 1, 1), attempt(2, 2, 2), attempt(3, 3, 3)
    assert counted_attempt([c, b, a], {1: 0.5, 2: 0.9, 3: 0.9}, policy("best")).id == 2
    same_time = [Attempt(i, "Ann", "s", "v1", "en", at(1), at(1, 12), FINISHED) for i in (4, 5)]
    assert counted_attempt(same_time, {4: 0.7, 5: 0.7}, policy("best")).id == 4
    assert counted_attempt(same_time, {4: 0.7, 5: 0.7}, policy("first")).id == 4
    assert counted_attempt(same_time, {4: 0.7, 5: 0.7}, policy("last")).id == 5


def test_practice_unfinished_and_unscored_attempts_never_count():
    practice, unscored, open_ = attempt(1, 1, 1), attempt(2, 2, 2), attempt(3, 3)
    real = attempt(4, 4, 4)
    everyone = [practice, unscored, open_, real]
    for rule in ("first", "best", "last"):
        assert counted_attempt(everyone, {1: 1.0, 4: 0.2}, policy(rule), practice={1}).id == 4
    assert counted_attempt([practice, open_], {1: 1.0}, policy("first"), practice={1}) is None
    assert counted_attempt([], {}, DEFAULT_POLICY) is None


def test_naive_and_aware_times_compare_alike():
    naive, aware = attempt(1, 2, 2, aware=False), attempt(2, 1, 1)     # SQLite and PostgreSQL hand back both
    assert counted_attempt([naive, aware], {1: 0.1, 2: 0.2}, policy("first")).id == 2


# --- numbers, attempts used and left -------------------------------------------------------------------------

def test_numbers_follow_the_start_order_and_skip_practice():
    assert attempt_numbers([attempt(9, 3), attempt(4, 1, 1), attempt(6, 2)], practice={6}) == {4: 1, 9: 2}


def test_attempts_used_counts_every_start_but_practice_and_an_attempt_an_edit_left_behind():
    done, open_old, open_now = attempt(1, 1, 1), attempt(2, 2, version="v1"), attempt(3, 3, version="v2")
    assert attempts_used([done, open_old, open_now]) == 3                     # abandoned or not: used
    assert attempts_used([done, open_old, open_now], version="v2") == 2       # v1 left open: not charged
    assert attempts_used([done, open_old], version="v1") == 2                 # same version: it can go on
    assert attempts_used([attempt(4, 1, 1, version="v0")], version="v2") == 1   # finished: always used
    assert attempts_used([done, open_old], practice={1, 2}) == 0


@pytest.mark.parametrize("max_attempts, used, left, may", [
    (None, 0, None, True), (None, 50, None, True),
    (1, 0, 1, True), (1, 1, 0, False), (3, 2, 1, True), (3, 3, 0, False), (3, 4, 0, False)])
def test_attempts_left_at_the_limit(max_attempts, used, left, may):
    p = AttemptPolicy(max_attempts, "first")
    assert attempts_left(p, used) == left and may_start(p, used) is may


# --- the key -------------------------------------------------------------------------------------------

DUE = date(2026, 6, 30)


@pytest.mark.parametrize("key, due, today, shown", [
    ("after_attempt", None, date(2026, 1, 1), True),
    ("after_attempt", DUE, date(2026, 6, 1), True),
    ("after_due", DUE, date(2026, 6, 29), False),
    ("after_due", DUE, DUE, False),                          # the due date itself: still a day to take the drill
    ("after_due", DUE, date(2026, 7, 1), True),              # the day after: shown
    ("after_due", None, date(2030, 1, 1), False),            # no due date: never "after" it
    ("never", DUE, date(2030, 1, 1), False),
    ("never", None, date(2026, 1, 1), False)])
def test_key_visible_at_the_due_date_boundary(key, due, today, shown):
    assert key_visible(policy("first", key=key), due, today) is shown
    assert key_decision(policy("first", key=key), due, today) == KeyDecision(shown, key, due)


def test_strictest_of_several_assignments():
    shown = KeyDecision(True, "after_attempt")
    waits = KeyDecision(False, "after_due", DUE)
    later = KeyDecision(False, "after_due", date(2026, 9, 1))
    open_ended = KeyDecision(False, "after_due", None)
    never = KeyDecision(False, "never")
    assert strictest([]) == KeyDecision(True)
    assert strictest([shown, KeyDecision(True, "after_due", DUE)]).shown
    assert strictest([shown, waits, later]) == KeyDecision(False, "after_due", date(2026, 9, 1))
    assert strictest([waits, open_ended]) == KeyDecision(False, "after_due", None)
    assert strictest([waits, never, shown]) == KeyDecision(False, "never")


def test_key_note_says_when_the_key_will_be_shown_in_both_languages():
    assert key_note(None, "en") == "" and key_note(KeyDecision(True), "en") == ""
    assert key_note(KeyDecision(False, "after_due", DUE), "en") == \
        "The answer key and model answers will be shown after the due date (2026-06-30)."
    assert key_note(KeyDecision(False, "after_due", DUE), "zh") == "答案和参考回复将在截止日期（2026-06-30）之后显示。"
    assert "has not set yet" in key_note(KeyDecision(False, "after_due", None), "en")
    assert "has passed" in key_note(KeyDecision(True, "after_due", DUE), "en")
    assert "not shown for this drill" in key_note(KeyDecision(False, "never"), "en")
    assert "不显示答案" in key_note(KeyDecision(False, "never"), "zh")
