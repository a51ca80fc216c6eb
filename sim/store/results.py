"""Durable drill results: trainees, attempts, answers (append-only), drafts, scores, command-drill runs,
trainers' overrides of reply points (append-only, :mod:`sim.store.overrides`).

:class:`Store` is the kit's attempt log (:class:`sim.drill.attempts.AttemptLog`): a drill session keeps
its answers here, and the trainer's reports read them back. It is also the cohorts' home
(:mod:`sim.store.cohorts`); the tables and the connection are :mod:`sim.store.schema`.

    from sim.store.results import open_store
    store = open_store()                       # $DRILL_DB, else a SQLite file in the user data folder
    attempt = store.start_attempt("Ann", "product-defect-surge", scenario.content_hash(), "en")

Durability rules:

* an answer is committed before :meth:`Store.add_answer` returns, and before it is scored; answers are
  never updated or deleted (one per prompt per attempt: a second raises :class:`DuplicateAnswer`);
* scores are re-computable from the answers; a re-score (:func:`sim.drill.session.rescore`) adds a row
  and keeps the earlier ones with the content hash of the scenario they were computed with;
* the store hands back plain records (:class:`~sim.drill.attempts.Attempt`,
  :class:`~sim.drill.attempts.Answer`, :class:`Score`...) and knows nothing of sessions or scoring.

Drafts: what a trainee has typed into the open prompt but not yet submitted is autosaved in ``drafts``
(one row per prompt per attempt, upserted: the one mutable table; answers stay append-only), so a page
reload or a kernel restart loses nothing. A draft stops counting once its prompt has an answer:
:meth:`Store.drafts` leaves answered prompts out (the answer path never touches drafts).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from sim.drill.attempts import FINISHED, IN_PROGRESS, Answer, AnswerExists, Attempt
from sim.drill.overrides import Override
from sim.i18n import t
from sim.store.cohorts import Assignment, Cohort, Cohorts, Member, owner
from sim.store.overrides import Overrides
from sim.store.schema import (
    StoreError,
    answers,
    assignments,
    attempts,
    command_results,
    data_dir,
    default_url,
    drafts,
    finite,
    now,
    scores,
    trainees,
    utc,
)


class DuplicateAnswer(StoreError, AnswerExists):
    """This prompt of this attempt already has a stored answer (answers are never replaced)."""


@dataclass(frozen=True)
class Score:
    id: int
    attempt_id: int
    content_hash: str
    computed_at: datetime
    points: float
    max_points: float
    total: float
    passed: bool
    detail: dict                      # the scorecard, Scorecard.to_dict()


@dataclass(frozen=True)
class CommandRecord:
    id: int
    trainee: str
    scenario_id: str
    content_hash: str
    language: str
    created_at: datetime
    score: float
    result: dict


def _attempt(r) -> Attempt:
    return Attempt(r.id, r.trainee, r.scenario_id, r.content_hash, r.language, r.started_at, r.finished_at,
                   r.status)


def _answer(r) -> Answer:
    return Answer(r.id, r.attempt_id, r.prompt_id, r.value, r.elapsed, r.answered_at)


def _score(r) -> Score:
    return Score(r.id, r.attempt_id, r.content_hash, r.computed_at, r.points, r.max_points, r.total, bool(r.passed),
                 r.detail)


_ATTEMPTS = sa.select(attempts, trainees.c.name.label("trainee")).join(trainees)


class Store(Cohorts, Overrides):
    """The drill results database (see the module docstring). Thread-safe within a process."""

    # --- trainees ----------------------------------------------------------------------------
    def trainee(self, name: str, cohort_id: int | None = None) -> int:
        """The id of trainee ``name``, created if new (and put in the cohort, if given)."""
        name = name.strip()
        if not name:
            raise StoreError(t("drill.store.no_name", self.lang))

        def run(conn):
            row = conn.execute(sa.select(trainees.c.id, trainees.c.cohort_id)
                               .where(trainees.c.name == name)).first()
            if row:
                trainee_id = row.id
                if cohort_id is not None and row.cohort_id != cohort_id:
                    conn.execute(trainees.update().where(trainees.c.id == row.id).values(cohort_id=cohort_id))
            else:
                trainee_id = conn.execute(trainees.insert().values(name=name, cohort_id=cohort_id,
                                                                   created_at=now())).inserted_primary_key[0]
            if cohort_id is not None:
                self._join(conn, cohort_id, trainee_id, None, None, keep=True)
            return trainee_id
        return self.write_or_adopt(run)

    # --- attempts ----------------------------------------------------------------------------
    def start_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str) -> int:
        trainee_id = self.trainee(trainee)
        return self.write(lambda conn: conn.execute(attempts.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            started_at=now(), status=IN_PROGRESS)).inserted_primary_key[0])

    def attempt(self, attempt_id: int) -> Attempt:
        rows = self._attempts(attempts.c.id == attempt_id)
        if not rows:
            raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
        return rows[0]

    def attempts(self, trainee: str | None = None, scenario_id: str | None = None,
                 status: str | None = None) -> list[Attempt]:
        """Attempts, newest first, optionally for one trainee / scenario / status."""
        where = []
        if trainee is not None:
            where.append(trainees.c.name == trainee.strip())
        if scenario_id is not None:
            where.append(attempts.c.scenario_id == scenario_id)
        if status is not None:
            where.append(attempts.c.status == status)
        return self._attempts(*where)

    def _attempts(self, *where) -> list[Attempt]:
        query = _ATTEMPTS.where(*where).order_by(attempts.c.id.desc())
        return [_attempt(r) for r in self.read(lambda conn: conn.execute(query).all())]

    def finish_attempt(self, attempt_id: int) -> None:
        self.write(lambda conn: conn.execute(
            attempts.update().where(attempts.c.id == attempt_id, attempts.c.status != FINISHED)
            .values(status=FINISHED, finished_at=now())))

    def cohort_attempts(self, cohort_id: int) -> list[Attempt]:
        """The attempts that count for the cohort (:mod:`sim.store.cohorts`), newest first."""
        self.get_cohort(cohort_id)
        ids = [m.trainee_id for m in self.members(cohort_id)]
        if not ids:
            return []

        def run(conn):
            theirs = self._member_cohorts(conn, ids)
            assigned = conn.execute(sa.select(assignments.c.cohort_id, assignments.c.scenario_id).where(
                assignments.c.cohort_id.in_(sorted({cid for pairs in theirs.values() for cid, _ in pairs})))).all()
            rows = conn.execute(_ATTEMPTS.where(attempts.c.trainee_id.in_(ids)).order_by(attempts.c.id.desc())).all()
            return theirs, {(a.cohort_id, a.scenario_id) for a in assigned}, rows
        theirs, assigned, rows = self.read(run)
        out = []
        for r in rows:
            candidates = [(created, cid) for cid, created in theirs.get(r.trainee_id, [])
                          if (cid, r.scenario_id) in assigned]
            if owner(utc(r.started_at), candidates) == cohort_id:
                out.append(_attempt(r))
        return out

    # --- answers (append-only) ---------------------------------------------------------------
    def add_answer(self, attempt_id: int, prompt_id: str, value: Any, elapsed: float | None = None) -> Answer:
        """Store one answer; it is committed when this returns. A second answer to a prompt is refused."""
        payload = json.loads(json.dumps(value))    # what is stored is exactly what will be read back

        def run(conn):
            status = conn.execute(sa.select(attempts.c.status).where(attempts.c.id == attempt_id)).scalar()
            if status is None:
                raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
            if status == FINISHED:
                raise StoreError(t("drill.store.finished", self.lang, id=attempt_id))
            at = now()      # a second answer to the prompt violates uq_answer_once: IntegrityError below
            new_id = conn.execute(answers.insert().values(attempt_id=attempt_id, prompt_id=prompt_id, value=payload,
                                                          elapsed=elapsed, answered_at=at)).inserted_primary_key[0]
            return Answer(new_id, attempt_id, prompt_id, payload, elapsed, at)
        try:
            return self.write(run)
        except sa.exc.IntegrityError:     # a concurrent writer stored it first (the unique constraint held)
            raise DuplicateAnswer(t("drill.err.answered", self.lang, prompt=prompt_id)) from None

    def answers(self, attempt_id: int) -> list[Answer]:
        """The attempt's answers in the order they were given."""
        return self.answers_for([attempt_id])[attempt_id]

    def answers_for(self, attempt_ids) -> dict[int, list[Answer]]:
        """attempt id -> its answers in the order given."""
        ids = list(attempt_ids)
        if not ids:
            return {}
        rows = self.read(lambda conn: conn.execute(
            sa.select(answers).where(answers.c.attempt_id.in_(ids)).order_by(answers.c.id)).all())
        out: dict[int, list[Answer]] = {i: [] for i in ids}
        for r in rows:
            out[r.attempt_id].append(_answer(r))
        return out

    def count_answers(self) -> int:
        return self.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar())

    # --- drafts (unsubmitted input, upserted) ------------------------------------------------------
    def save_draft(self, attempt_id: int, prompt_id: str, value: Any) -> None:
        """Keep what the trainee has entered for a prompt but not submitted (replaces the previous draft)."""
        payload = finite(json.loads(json.dumps(value)))
        row = {"attempt_id": attempt_id, "prompt_id": prompt_id, "value": payload, "saved_at": now()}

        def run(conn):
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):
                if dialect == "sqlite":
                    from sqlalchemy.dialects.sqlite import insert
                else:
                    from sqlalchemy.dialects.postgresql import insert
                stmt = insert(drafts).values(**row)
                conn.execute(stmt.on_conflict_do_update(
                    index_elements=[drafts.c.attempt_id, drafts.c.prompt_id],
                    set_={"value": stmt.excluded.value, "saved_at": stmt.excluded.saved_at}))
                return
            done = conn.execute(drafts.update().where(drafts.c.attempt_id == attempt_id, drafts.c.prompt_id == prompt_id)
                                .values(value=payload, saved_at=row["saved_at"])).rowcount
            if not done:
                conn.execute(drafts.insert().values(**row))
        self.write(run)

    def drafts(self, attempt_id: int) -> dict[str, Any]:
        """The attempt's drafts by prompt id, leaving out prompts that have an answer by now."""
        answered = sa.select(answers.c.id).where(answers.c.attempt_id == drafts.c.attempt_id,
                                                 answers.c.prompt_id == drafts.c.prompt_id).exists()
        rows = self.read(lambda conn: conn.execute(
            sa.select(drafts.c.prompt_id, drafts.c.value)
            .where(drafts.c.attempt_id == attempt_id, ~answered).order_by(drafts.c.id)).all())
        return {r.prompt_id: r.value for r in rows}

    # --- scores ------------------------------------------------------------------------------
    def save_score(self, attempt_id: int, card) -> int:
        """Add a score row for a :class:`~sim.drill.scorecard.Scorecard`; earlier rows are kept."""
        detail = card.to_dict()
        return self.write(lambda conn: conn.execute(scores.insert().values(
            attempt_id=attempt_id, content_hash=card.content_hash or "", computed_at=now(), points=card.points,
            max_points=card.max_points, total=card.total, passed=card.passed,
            detail=detail)).inserted_primary_key[0])

    def scores(self, attempt_id: int) -> list[Score]:
        """Every score of the attempt, oldest first."""
        rows = self.read(lambda conn: conn.execute(
            sa.select(scores).where(scores.c.attempt_id == attempt_id).order_by(scores.c.id)).all())
        return [_score(r) for r in rows]

    def latest_scores(self, attempt_ids) -> dict[int, Score]:
        """attempt id -> its latest score (the one a re-score added last)."""
        ids = list(attempt_ids)
        if not ids:
            return {}
        rows = self.read(lambda conn: conn.execute(
            sa.select(scores).where(scores.c.attempt_id.in_(ids)).order_by(scores.c.id)).all())
        return {r.attempt_id: _score(r) for r in rows}        # later rows overwrite earlier ones

    # --- live command drills -----------------------------------------------------------------
    def save_command_result(self, trainee: str, scenario_id: str, content_hash: str, language: str,
                            result: dict) -> int:
        """Store one command-drill result (``dataclasses.asdict(CommandResult)``); NaN is stored as null."""
        trainee_id = self.trainee(trainee)
        payload = finite(json.loads(json.dumps(result, default=str)))
        score = float(payload.get("score") or 0.0)
        return self.write(lambda conn: conn.execute(command_results.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            created_at=now(), score=score, result=payload)).inserted_primary_key[0])

    def command_results(self, trainee: str | None = None, cohort_id: int | None = None) -> list[CommandRecord]:
        """Command-drill results, newest first: all, one trainee's, and/or those counting for a cohort."""
        where = []
        if trainee is not None:
            where.append(trainees.c.name == trainee.strip())
        ids: list[int] = []
        if cohort_id is not None:
            self.get_cohort(cohort_id)
            ids = [m.trainee_id for m in self.members(cohort_id)]
            if not ids:
                return []
            where.append(command_results.c.trainee_id.in_(ids))

        def run(conn):
            rows = conn.execute(sa.select(command_results, trainees.c.name.label("trainee")).join(trainees)
                                .where(*where).order_by(command_results.c.id.desc())).all()
            return rows, (self._member_cohorts(conn, ids) if cohort_id is not None else {})
        rows, theirs = self.read(run)
        out = []
        for r in rows:
            if cohort_id is not None:
                candidates = [(created, cid) for cid, created in theirs.get(r.trainee_id, [])]
                if owner(utc(r.created_at), candidates) != cohort_id:
                    continue
            out.append(CommandRecord(r.id, r.trainee, r.scenario_id, r.content_hash, r.language,
                                     utc(r.created_at), r.score, r.result))
        return out


def open_store(url: str | None = None, lang: str = "en") -> Store:
    """The results database at ``url`` (default: ``$DRILL_DB``, else a SQLite file in the user data folder)."""
    return Store(url, lang)


__all__ = ["Answer", "Assignment", "Attempt", "Cohort", "CommandRecord", "DuplicateAnswer", "Member", "Override",
           "Score", "Store", "StoreError", "data_dir", "default_url", "open_store"]
