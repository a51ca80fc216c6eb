"""The attempt policy in the results store (sim.store.policy): policies appended per assignment, a start
refused once every attempt is used (resuming never), practice attempts apart, and whether a finished
attempt's key may be shown — on SQLite and on a throwaway PostgreSQL server."""
import threading
from datetime import date

import pytest

from sim.drill.attempt_policy import DEFAULT_POLICY, AttemptPolicy, KeyDecision, PolicyError
from sim.store.policy import NoAttemptsLeft
from sim.store.results import Store, StoreError

DUE = date(2026, 6, 30)


def practise(store: Store, attempt_id: int) -> None:
    """Mark an attempt as practice, as the store does when it starts a practice attempt (a typed name)."""
    store.record_context(attempt_id, "typed", True)
    assert store.contexts([attempt_id])[attempt_id].practice


def cohort(store: Store, policy: AttemptPolicy | None = None, due: date | None = DUE, names=("Ann",)) -> int:
    cid = store.cohort("Hotline", 2026)
    store.add_members(cid, [(n, "A", "frontline") for n in names])
    store.assign(cid, "s1", due)
    if policy is not None:
        store.set_policy(cid, "s1", policy)
    return cid


def test_policies_are_appended_and_the_latest_is_in_force(db_url):
    store = Store(db_url)
    cid = cohort(store)
    store.assign(cid, "s2")
    assert store.policies(cid) == {"s1": DEFAULT_POLICY, "s2": DEFAULT_POLICY}     # none set: the old behaviour
    store.set_policy(cid, "s1", AttemptPolicy(1, "first", "never"))
    store.set_policy(cid, "s1", AttemptPolicy(2, "best", "after_due"))
    assert store.policy(cid, "s1") == AttemptPolicy(2, "best", "after_due")
    assert store.policy(cid, "s2") == DEFAULT_POLICY and store.policy(cid, "elsewhere") == DEFAULT_POLICY
    assert [p for _, p in store.policy_history(cid, "s1")] == [AttemptPolicy(1, "first", "never"),
                                                                AttemptPolicy(2, "best", "after_due")]
    with pytest.raises(StoreError, match="'s9' is not assigned to cohort"):
        store.set_policy(cid, "s9", AttemptPolicy())


def test_set_policy_checks_the_values_in_the_store_language(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}", lang="zh")
    cid = cohort(store)
    bad = object.__new__(AttemptPolicy)                  # as a caller might build one around the checks
    object.__setattr__(bad, "max_attempts", 0)
    object.__setattr__(bad, "counted", "first")
    object.__setattr__(bad, "key_shown", "never")
    with pytest.raises(PolicyError, match="最多次数"):
        store.set_policy(cid, "s1", bad)
    assert store.policy_history(cid, "s1") == []


def test_a_start_is_refused_once_every_attempt_is_used_and_resuming_never_is(db_url):
    store = Store(db_url)
    cohort(store, AttemptPolicy(2, "first", "after_attempt"))
    assert store.attempts_left("Ann", "s1") == 2
    first = store.start_attempt("Ann", "s1", "h", "en")
    store.finish_attempt(first)
    assert store.attempts_left("Ann", "s1") == 1
    second = store.open_attempt("Ann", "s1", "h", "en")
    assert store.attempts_left("Ann", "s1") == 0
    assert store.open_attempt("Ann", "s1", "h", "en") == second             # joining the one in progress: allowed
    with pytest.raises(NoAttemptsLeft) as refused:                          # starting afresh instead of it: not
        store.open_attempt("Ann", "s1", "h", "en", instead_of=second)
    message = str(refused.value)
    assert "\n" not in message and "Ann" in message and "s1" in message and "all 2 attempts" in message
    assert "Hotline (2026)" in message
    store.finish_attempt(second)
    with pytest.raises(NoAttemptsLeft):
        store.open_attempt("Ann", "s1", "h", "en")
    with pytest.raises(NoAttemptsLeft):
        store.start_attempt("Ann", "s1", "h", "en")
    assert [a.id for a in store.attempts(trainee="Ann")] == [second, first]    # nothing deleted, nothing added


def test_the_refusal_speaks_the_trainees_language(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}", lang="zh")
    cohort(store, AttemptPolicy(1, "first", "never"))
    store.start_attempt("Ann", "s1", "h", "zh")
    with pytest.raises(NoAttemptsLeft, match="没有剩余次数：Ann 已用完 Hotline \\(2026\\) 允许的 s1 全部 1 次演练"):
        store.start_attempt("Ann", "s1", "h", "zh")


def test_no_limit_without_a_policy_or_outside_the_cohort(db_url):
    store = Store(db_url)
    cohort(store, AttemptPolicy(1, "first", "never"))
    store.assign(store.cohort("Hotline", 2026), "s2")                       # assigned, no policy: unlimited
    for _ in range(3):
        store.start_attempt("Ann", "s2", "h", "en")
        store.start_attempt("Zed", "s1", "h", "en")                          # Zed is in no cohort
    assert store.attempts_left("Ann", "s2") is None and store.attempts_left("Zed", "s1") is None
    assert store.attempts_left("Nobody", "s1") is None


def test_practice_attempts_use_up_nothing_and_stay_apart(db_url):
    store = Store(db_url)
    cid = cohort(store, AttemptPolicy(1, "first", "never"))
    practice = store.open_practice_attempt("Ann", "s1", "h", "en")
    practise(store, practice)
    assert store.attempts_left("Ann", "s1") == 1
    real = store.open_attempt("Ann", "s1", "h", "en")                       # never joins the practice attempt
    assert real != practice
    assert store.open_practice_attempt("Ann", "s1", "h", "en") == practice   # nor practice the real one
    assert store.attempts_left("Ann", "s1") == 0
    store.finish_attempt(real)
    again = store.open_practice_attempt("Ann", "s1", "h", "en", instead_of=practice)   # never refused
    assert again not in (practice, real)
    assert store.practice_attempts([practice, real, again]) == {practice, again}   # marked as it starts
    assert [a.id for a in store.cohort_attempts(cid)] == [real]              # practice is never the cohort's
    assert {a.id for a in store.cohort_attempts(cid, practice=True)} == {practice, real, again}


def test_an_attempt_an_edit_left_behind_is_not_charged(db_url):
    """The scenario was edited and the trainee's attempt in progress cannot go on: the session starts a new
    one instead of it, which a limit of one attempt must not refuse (the trainee would be locked out)."""
    store = Store(db_url)
    cohort(store, AttemptPolicy(1, "first", "never"))
    old = store.open_attempt("Ann", "s1", "v1", "en")
    with pytest.raises(NoAttemptsLeft):
        store.open_attempt("Ann", "s1", "v1", "en", instead_of=old)         # same version: a fresh start is a retake
    new = store.open_attempt("Ann", "s1", "v2", "en", instead_of=old)
    assert new != old and store.attempt(old).status == "superseded"         # kept, but closed
    with pytest.raises(NoAttemptsLeft):
        store.open_attempt("Ann", "s1", "v2", "en", instead_of=new)


def test_an_attempt_an_edit_left_behind_cannot_become_a_second_attempt(db_url):
    """Replaced without charge, the old attempt is closed: it cannot take an answer or be finished beside its
    replacement (a limit of one attempt would give two), and nothing resumes it."""
    store = Store(db_url)
    cohort(store, AttemptPolicy(1, "best", "after_attempt"))
    old = store.open_attempt("Ann", "s1", "v1", "en")
    store.add_answer(old, "q1", "a")
    new = store.open_attempt("Ann", "s1", "v2", "en", instead_of=old)
    assert store.open_attempt("Ann", "s1", "v1", "en") == new                  # the old version's page joins the new
    with pytest.raises(StoreError, match="replaced by a new one when the scenario changed"):
        store.add_answer(old, "q2", "b")
    with pytest.raises(StoreError, match="replaced by a new one"):
        store.finish_scored(old, lambda answers, overrides: len(answers))
    store.finish_attempt(old)                                                  # no effect on a closed attempt
    assert store.attempt(old).status == "superseded" and store.attempt(old).finished_at is None
    store.finish_attempt(new)
    assert store.attempt(new).status == "finished"
    assert store.attempts_left("Ann", "s1", "v2") == 0 and store.attempts_left("Ann", "s1", "v3") == 0
    with pytest.raises(NoAttemptsLeft):
        store.open_attempt("Ann", "s1", "v3", "en")


def test_a_fresh_start_by_choice_keeps_the_replaced_attempt_and_charges_it(db_url):
    store = Store(db_url)
    cohort(store, AttemptPolicy(2, "first", "never"))
    one = store.open_attempt("Ann", "s1", "v1", "en")
    two = store.open_attempt("Ann", "s1", "v1", "en", instead_of=one)      # same version: a retake
    assert store.attempt(one).status == "in_progress" and store.attempts_left("Ann", "s1", "v1") == 0
    with pytest.raises(NoAttemptsLeft):
        store.open_attempt("Ann", "s1", "v1", "en", instead_of=two)


def test_two_starts_at_once_cannot_both_take_the_last_attempt(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    cohort(Store(url), AttemptPolicy(1, "first", "never"))
    outcomes: list = []

    def start():
        try:
            outcomes.append(Store(url).start_attempt("Ann", "s1", "h", "en"))
        except NoAttemptsLeft:
            outcomes.append("refused")
    threads = [threading.Thread(target=start) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes, key=str).count("refused") == 3 and len(Store(url).attempts(trainee="Ann")) == 1


@pytest.mark.parametrize("key, today, shown", [
    ("after_attempt", date(2026, 1, 1), True), ("after_due", DUE, False), ("after_due", date(2026, 7, 1), True),
    ("never", date(2030, 1, 1), False)])
def test_key_decision_follows_the_assignment_the_attempt_counts_for(db_url, key, today, shown):
    store = Store(db_url)
    cohort(store, AttemptPolicy(None, "first", key))
    done = store.start_attempt("Ann", "s1", "h", "en")
    assert store.key_decision(done, today) == KeyDecision(shown, key, DUE)


def test_key_decision_for_practice_and_for_trainees_outside_every_cohort_is_the_strictest(db_url):
    store = Store(db_url)
    cid = cohort(store, AttemptPolicy(None, "first", "after_due"))
    other = store.cohort("Chat", 2026)
    store.assign(other, "s1", date(2026, 8, 1))
    store.set_policy(other, "s1", AttemptPolicy(None, "first", "after_due"))
    practice = store.start_practice_attempt("Ann", "s1", "h", "en")
    practise(store, practice)
    outsider = store.start_attempt("Zed", "s1", "h", "en")
    loose = store.start_attempt("Zed", "s3", "h", "en")                      # assigned nowhere: the old behaviour
    for attempt_id in (practice, outsider):
        assert store.key_decision(attempt_id, date(2026, 7, 15)) == KeyDecision(False, "after_due", date(2026, 8, 1))
        assert store.key_decision(attempt_id, date(2026, 8, 2)).shown
    assert store.key_decision(loose, date(2026, 1, 1)) == KeyDecision(True)
    store.set_policy(cid, "s1", AttemptPolicy(None, "first", "never"))
    assert store.key_decision(outsider, date(2030, 1, 1)) == KeyDecision(False, "never")
    with pytest.raises(StoreError, match="no attempt 999"):
        store.key_decision(999)


def test_practice_never_shows_a_graded_drills_key_before_its_due_date(db_url):
    # the graded attempt shows the key after each attempt; practice under any name must not read it first
    store = Store(db_url)
    cid = store.cohort("Hotline", 2026)
    store.assign(cid, "s1", date(2026, 8, 1))
    store.set_policy(cid, "s1", AttemptPolicy(1, "first", "after_attempt"))
    practice = store.start_practice_attempt("Ann", "s1", "h", "en")
    practise(store, practice)
    assert not store.key_decision(practice, date(2026, 8, 1)).shown             # the due date itself: hidden
    assert store.key_decision(practice, date(2026, 8, 2)).shown                 # the day after: shown
    store.assign(cid, "s1", None)                                              # no due date: never before one
    assert not store.key_decision(practice, date(2030, 1, 1)).shown
