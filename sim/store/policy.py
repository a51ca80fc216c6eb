"""The trainer's attempt policy per assignment, kept like answers: appended, never updated or deleted.

A row of ``assignment_policies`` says: for this assignment (a scenario assigned to a cohort), trainees may
start ``max_attempts`` attempts (None: unlimited), the ``counted`` one (first / best / last) counts, and
the key is shown ``key_shown`` (after each attempt / after the due date / never). The latest row of an
assignment is the policy in force; an assignment without one keeps the old behaviour
(:data:`~sim.drill.attempt_policy.DEFAULT_POLICY`). The rules themselves are the drill layer's
(:mod:`sim.drill.attempt_policy`); this module finds what they are applied to:

* the assignment an attempt counts for: the cohort :func:`~sim.store.cohorts.owner` gives among the
  trainee's cohorts that have the scenario assigned (the same rule as the reports');
* practice attempts (an ``attempt_context`` row with ``practice`` true): never counted, numbered or
  charged. An attempt without a row predates that table and counts.

Starting an attempt (:meth:`sim.store.results.Store.open_attempt`, ``start_attempt``) calls
:meth:`Policies._check_start` inside the transaction that inserts it, so two starts at once cannot both
take the last attempt; a trainee with none left gets :class:`NoAttemptsLeft`, one line in their language.
Resuming an attempt in progress is never refused.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import sqlalchemy as sa

from sim.drill.attempt_policy import (
    AFTER_ATTEMPT,
    AFTER_DUE,
    DEFAULT_POLICY,
    AttemptPolicy,
    KeyDecision,
    attempts_left,
    attempts_used,
    key_decision,
    may_start,
    strictest,
)
from sim.i18n import t
from sim.store import text
from sim.store.cohorts import ATTEMPT_ROWS, member_cohorts, owner, stored_attempt
from sim.store.schema import (
    Database,
    StoreError,
    assignment_policies,
    assignments,
    attempt_context,
    attempts,
    cohorts,
    now,
    trainees,
    utc,
)


class NoAttemptsLeft(StoreError):
    """The trainee has used every attempt the assignment's policy allows (the message says so, one line)."""


def stored_policy(r) -> AttemptPolicy:
    """An ``assignment_policies`` row as the drill's record."""
    return AttemptPolicy(r.max_attempts, r.counted, r.key_shown)


def practice_ids(conn, attempt_ids) -> set[int]:
    """Which of these attempts are practice (typed name: they never count)."""
    ids = list(attempt_ids)
    if not ids:
        return set()
    return set(conn.execute(sa.select(attempt_context.c.attempt_id).where(
        attempt_context.c.attempt_id.in_(ids), attempt_context.c.practice.is_(True))).scalars())


def latest_policies(conn, assignment_ids) -> dict[int, AttemptPolicy]:
    """assignment id -> the policy in force (its latest row); assignments without a row are left out."""
    ids = list(assignment_ids)
    if not ids:
        return {}
    rows = conn.execute(sa.select(assignment_policies).where(assignment_policies.c.assignment_id.in_(ids))
                        .order_by(assignment_policies.c.id)).all()
    return {r.assignment_id: stored_policy(r) for r in rows}        # later rows overwrite earlier ones


def today_utc() -> date:
    """Today as the reports count it (UTC): the day the due date is compared with."""
    return datetime.now(UTC).date()


class Policies(Database):
    """The ``assignment_policies`` table, and the policy's verdicts on stored attempts (the results store is
    one of these)."""

    # --- the trainer's side ------------------------------------------------------------------------
    def set_policy(self, cohort_id: int, scenario_id: str, policy: AttemptPolicy) -> int:
        """Append the policy of the cohort's assignment of ``scenario_id`` (it is in force from now on; the
        earlier rows are kept). StoreError if the scenario is not assigned to the cohort."""
        scenario_id = text.label(scenario_id, "scenario", self.lang, text.limit(assignments.c.scenario_id))
        policy = AttemptPolicy.checked(policy.max_attempts, policy.counted, policy.key_shown, self.lang)

        def run(conn):
            found = conn.execute(sa.select(assignments.c.id).where(
                assignments.c.cohort_id == cohort_id, assignments.c.scenario_id == scenario_id)).scalar()
            if found is None:
                raise StoreError(t("policy.err.not_assigned", self.lang, scenario=scenario_id, id=cohort_id))
            return conn.execute(assignment_policies.insert().values(
                assignment_id=found, max_attempts=policy.max_attempts, counted=policy.counted,
                key_shown=policy.key_shown, set_at=now())).inserted_primary_key[0]
        return self.write(run)

    def policies(self, cohort_id: int) -> dict[str, AttemptPolicy]:
        """scenario id -> the policy in force, for every scenario assigned to the cohort (the default policy
        where none was set)."""
        def run(conn):
            rows = conn.execute(sa.select(assignments.c.id, assignments.c.scenario_id)
                                .where(assignments.c.cohort_id == cohort_id)).all()
            return rows, latest_policies(conn, [r.id for r in rows])
        rows, found = self.read(run)
        return {r.scenario_id: found.get(r.id, DEFAULT_POLICY) for r in rows}

    def policy(self, cohort_id: int, scenario_id: str) -> AttemptPolicy:
        """The policy in force for one assignment (the default policy if none was set, or not assigned)."""
        return self.policies(cohort_id).get(scenario_id, DEFAULT_POLICY)

    def policy_history(self, cohort_id: int, scenario_id: str) -> list[tuple[datetime, AttemptPolicy]]:
        """Every policy set for the assignment, oldest first, with when (the latest is in force)."""
        rows = self.read(lambda conn: conn.execute(
            sa.select(assignment_policies).join(assignments, assignments.c.id == assignment_policies.c.assignment_id)
            .where(assignments.c.cohort_id == cohort_id, assignments.c.scenario_id == scenario_id)
            .order_by(assignment_policies.c.id)).all())
        return [(utc(r.set_at), stored_policy(r)) for r in rows]

    def practice_attempts(self, attempt_ids) -> set[int]:
        """Which of these attempts are practice."""
        return self.read(lambda conn: practice_ids(conn, attempt_ids))

    # --- what an attempt counts for -------------------------------------------------------------------
    def _standing(self, conn, trainee_id: int, scenario_id: str, at: datetime):
        """The assignment an attempt of the trainee at the scenario started at ``at`` counts for, as
        (cohort id, assignment id, due, policy, the trainee's attempts counting for it, their practice ids);
        None if it counts for none (no cohort of theirs has the scenario assigned)."""
        theirs = member_cohorts(conn, [trainee_id]).get(trainee_id, [])
        if not theirs:
            return None
        assigned = {r.cohort_id: r for r in conn.execute(sa.select(assignments).where(
            assignments.c.scenario_id == scenario_id,
            assignments.c.cohort_id.in_([cid for cid, _ in theirs]))).all()}
        candidates = [(created, cid) for cid, created in theirs if cid in assigned]
        cohort_id = owner(at, candidates)
        if cohort_id is None:
            return None
        row = assigned[cohort_id]
        policy = latest_policies(conn, [row.id]).get(row.id, DEFAULT_POLICY)
        rows = conn.execute(ATTEMPT_ROWS.where(attempts.c.trainee_id == trainee_id,
                                               attempts.c.scenario_id == scenario_id)).all()
        mine = [stored_attempt(r) for r in rows if owner(utc(r.started_at), candidates) == cohort_id]
        return cohort_id, row.id, row.due, policy, mine, practice_ids(conn, [a.id for a in mine])

    def _check_start(self, conn, trainee_id: int, scenario_id: str, content_hash: str) -> None:
        """Refuse (NoAttemptsLeft) a new, counted attempt when the trainee has used every attempt the policy of
        the assignment it would count for allows. Runs inside the transaction that would insert it."""
        standing = self._standing(conn, trainee_id, scenario_id, now())
        if standing is None:
            return
        cohort_id, _, _, policy, mine, practice = standing
        if may_start(policy, attempts_used(mine, practice, content_hash)):
            return
        trainee = conn.execute(sa.select(trainees.c.name).where(trainees.c.id == trainee_id)).scalar()
        label = conn.execute(sa.select(cohorts.c.name, cohorts.c.year).where(cohorts.c.id == cohort_id)).first()
        raise NoAttemptsLeft(t("policy.err.no_attempts_left", self.lang, trainee=trainee, scenario=scenario_id,
                               max=policy.max_attempts,
                               cohort=f"{label.name} ({label.year})" if label.year is not None else label.name))

    def attempts_left(self, trainee: str, scenario_id: str, content_hash: str | None = None) -> int | None:
        """How many more attempts ``trainee`` may start at the scenario now (None: unlimited, or the scenario
        is assigned to no cohort of theirs). ``content_hash``: the version they would start (see
        :func:`~sim.drill.attempt_policy.attempts_used`)."""
        name = text.findable(trainee, text.limit(trainees.c.name))
        if name is None:                 # no stored name can equal it
            return None

        def run(conn):
            trainee_id = conn.execute(sa.select(trainees.c.id).where(trainees.c.name == name)).scalar()
            if trainee_id is None:
                return None
            standing = self._standing(conn, trainee_id, scenario_id, now())
            if standing is None:
                return None
            _, _, _, policy, mine, practice = standing
            return attempts_left(policy, attempts_used(mine, practice, content_hash))
        return self.read(run)

    def key_decision(self, attempt_id: int, today: date | None = None) -> KeyDecision:
        """Whether the finished attempt's scorecard may show the key and model answers on ``today`` (default:
        today, UTC), by the policy of the assignment it counts for. A practice attempt, or one that counts for
        no assignment, follows every assignment of its scenario at once
        (:func:`~sim.drill.attempt_policy.strictest`), each of them at the earliest after its due date (no due
        date: never): else a typed name could read a graded drill's key before the first counted attempt.
        StoreError if there is no such attempt."""
        today = today or today_utc()

        def run(conn):
            row = conn.execute(sa.select(attempts).where(attempts.c.id == attempt_id)).first()
            if row is None:
                raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
            if not practice_ids(conn, [attempt_id]):
                standing = self._standing(conn, row.trainee_id, row.scenario_id, utc(row.started_at))
                if standing is not None:
                    _, _, due, policy, _, _ = standing
                    return key_decision(policy, due, today)
            every = conn.execute(sa.select(assignments.c.id, assignments.c.due)
                                 .where(assignments.c.scenario_id == row.scenario_id)).all()
            found = latest_policies(conn, [r.id for r in every])
            # practice never shows a graded drill's key before its due date, even where the graded attempt
            # shows it after each attempt: else practice under any name, read the key, then take the first
            # attempt that counts
            return strictest(key_decision(_at_the_earliest_after_due(found.get(r.id, DEFAULT_POLICY)), r.due, today)
                             for r in every)
        return self.read(run)


def _at_the_earliest_after_due(policy: AttemptPolicy) -> AttemptPolicy:
    return replace(policy, key_shown=AFTER_DUE) if policy.key_shown == AFTER_ATTEMPT else policy


__all__ = ["NoAttemptsLeft", "Policies", "latest_policies", "practice_ids", "stored_policy", "today_utc"]
