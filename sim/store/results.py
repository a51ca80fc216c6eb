"""Durable drill results: trainees, attempts, answers (append-only), drafts, scores, command-drill runs,
trainers' overrides of reply points (append-only, :mod:`sim.store.overrides`).

:class:`Store` is the kit's attempt log (:class:`sim.drill.attempts.AttemptLog`): a drill session keeps
its answers here, and the trainer's reports read them back. It is also the cohorts' home
(:mod:`sim.store.cohorts`); the tables and the connection are :mod:`sim.store.schema`.

    from sim.store.results import open_store
    store = open_store()                       # $DRILL_DB, else a SQLite file in the user data folder
    attempt = store.open_attempt("Ann", "product-defect-surge", scenario.content_hash(), "en")

Durability rules:

* an answer is committed before :meth:`Store.add_answer` returns, and before it is scored; answers are
  never updated or deleted (one per prompt per attempt: a second raises :class:`DuplicateAnswer`);
* scores are re-computable from the answers; a re-score (:func:`sim.drill.session.rescore`) adds a row
  and keeps the earlier ones with the content hash of the scenario they were computed with;
* the store hands back plain records (:class:`~sim.drill.attempts.Attempt`,
  :class:`~sim.drill.attempts.Answer`, :class:`Score`...) and knows nothing of sessions or scoring.

Several views of one attempt (browser tabs, kernels) cannot make it inconsistent:

* :meth:`Store.open_attempt` is idempotent per trainee and scenario: concurrent starts get the one
  attempt in progress (the trainee's row is locked on PostgreSQL; SQLite's writes are serial anyway);
  :meth:`Store.start_attempt` always makes a new one;
* :meth:`Store.finish_scored` stores the score of exactly the answers (and overrides) stored when the
  attempt is finished, in the transaction that finishes it; the attempt's row is locked against a
  concurrent :meth:`Store.add_answer` (PostgreSQL), so no answer lands after the score that ignored it.

Text is checked and cleaned the same way for SQLite and PostgreSQL before it is written
(:mod:`sim.store.text`): a name too long or with a control character is one line, not a driver error.

Drafts: what a trainee has typed into the open prompt but not yet submitted is autosaved in ``drafts``
(one row per prompt per attempt, upserted: the one mutable table; answers stay append-only), so a page
reload or a kernel restart loses nothing. A draft stops counting once its prompt has an answer:
:meth:`Store.drafts` leaves answered prompts out (the answer path never touches drafts).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import sqlalchemy as sa

from sim.drill.attempts import FINISHED, IN_PROGRESS, Answer, AnswerExists, Attempt
from sim.drill.overrides import Override
from sim.i18n import t
from sim.store import text
from sim.store.cohorts import Assignment, Cohort, Cohorts, Member, owner
from sim.store.overrides import Overrides, stored_override
from sim.store.schema import (
    StoreError,
    answers,
    assignments,
    attempts,
    command_results,
    data_dir,
    default_url,
    drafts,
    now,
    overrides,
    resolve_url,
    scores,
    trainees,
    utc,
)

FINISH_TRIES = 5                  # scorings of a finish that found new answers stored meanwhile
RESULT_CHARS = 5_000_000          # a command-drill result as JSON (a day's drill is some 100 kB)


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


def _ids(stored: list[Answer], kept: list[Override]) -> tuple:
    """What a score was made from: the ids of the answers and overrides it saw."""
    return tuple(a.id for a in stored), tuple(o.id for o in kept)


_ATTEMPTS = sa.select(attempts, trainees.c.name.label("trainee")).join(trainees)


class Store(Cohorts, Overrides):
    """The drill results database (see the module docstring). Thread-safe within a process."""

    # --- trainees ----------------------------------------------------------------------------
    def trainee(self, name: str, cohort_id: int | None = None) -> int:
        """The id of trainee ``name``, created if new (and put in the cohort, if given)."""
        name = self._name(name)

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

    # --- text the store keeps (sim.store.text) ----------------------------------------------------
    def _name(self, name: Any) -> str:
        """A trainee's name as stored; StoreError (one line) if it is empty or cannot be stored."""
        name = text.label(name, "trainee", self.lang, text.limit(trainees.c.name))
        if not name:
            raise StoreError(t("drill.store.no_name", self.lang))
        return name

    def _attempt_labels(self, scenario_id: str, content_hash: str, language: str) -> tuple[str, str, str]:
        return (text.label(scenario_id, "scenario", self.lang, text.limit(attempts.c.scenario_id)),
                text.label(content_hash, "content_hash", self.lang, text.limit(attempts.c.content_hash)),
                text.label(language, "language", self.lang, text.limit(attempts.c.language)))

    # --- attempts ----------------------------------------------------------------------------
    def start_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str) -> int:
        """A new attempt, always (see :meth:`open_attempt` for the one a drill session starts with)."""
        labels = self._attempt_labels(scenario_id, content_hash, language)
        trainee_id = self.trainee(trainee)
        return self.write(lambda conn: self._insert_attempt(conn, trainee_id, *labels))

    @staticmethod
    def _insert_attempt(conn, trainee_id: int, scenario_id: str, content_hash: str, language: str) -> int:
        return conn.execute(attempts.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            started_at=now(), status=IN_PROGRESS)).inserted_primary_key[0]

    def open_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str, *,
                     instead_of: int | None = None) -> int:
        """The trainee's attempt in progress at the scenario (the latest), started if there is none: two
        processes starting the same trainee at once get the same attempt, not two.

        ``instead_of``: the trainee chose to start afresh rather than resume that attempt, or it cannot be
        continued (it answered a prompt the edited scenario no longer has: :class:`~sim.drill.session.DrillSession`
        asks so); a new one is started if it is still the latest in progress (so two such starts at once still
        make one), and it stays stored as it is.
        """
        labels = self._attempt_labels(scenario_id, content_hash, language)
        trainee_id = self.trainee(trainee)

        def run(conn):
            # PostgreSQL: the trainee's row is the lock that puts concurrent starts in line (SQLite's
            # BEGIN IMMEDIATE already does); the second then finds the first one's attempt.
            conn.execute(sa.select(trainees.c.id).where(trainees.c.id == trainee_id).with_for_update())
            latest = conn.execute(sa.select(attempts.c.id).where(
                attempts.c.trainee_id == trainee_id, attempts.c.scenario_id == labels[0],
                attempts.c.status == IN_PROGRESS).order_by(attempts.c.id.desc()).limit(1)).scalar()
            if latest is not None and latest != instead_of:
                return latest
            return self._insert_attempt(conn, trainee_id, *labels)
        return self.write(run)

    def attempt(self, attempt_id: int) -> Attempt:
        rows = self._attempts(attempts.c.id == attempt_id)
        if not rows:
            raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
        return rows[0]

    def attempts(self, trainee: str | None = None, scenario_id: str | None = None,
                 status: str | None = None) -> list[Attempt]:
        """Attempts, newest first, optionally for one trainee / scenario / status."""
        where = []
        for given, column in ((trainee, trainees.c.name), (scenario_id, attempts.c.scenario_id)):
            if given is not None:
                found = text.findable(given, text.limit(column))
                if found is None:        # no stored name or id can equal it: nothing to find
                    return []
                where.append(column == found)
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

    def finish_scored(self, attempt_id: int, score: Callable[[list[Answer], list[Override]], Any]) -> tuple[Any, bool]:
        """Finish the attempt with the score of what is stored: ``score(answers, overrides)`` makes a Scorecard
        from the stored answers and overrides; it is stored, and the attempt finished, only if those are
        still all there is when the transaction that stores it runs (else it is made again from the new
        ones). So a stale view (a second browser tab) cannot store a score of fewer answers than stored.

        Returns (card, True); or, if the attempt was finished already (by another tab), (the card of its
        stored answers, False), storing nothing. Scoring runs outside the transaction, which stays short.
        """
        for _ in range(FINISH_TRIES):
            status, stored, kept = self.read(lambda conn: self._basis(conn, attempt_id))
            card = score(stored, kept)
            if status == FINISHED:
                return card, False
            if self.write(partial(self._finish_if_same, attempt_id, card, _ids(stored, kept))):
                return card, True
            # else an answer or an override came in meanwhile, or another tab finished: look again
        return self.write(partial(self._finish_inside, attempt_id, score))   # answers kept coming: never in practice

    def _finish_if_same(self, attempt_id: int, card, basis: tuple, conn) -> bool:
        """Store the score and finish, if the stored answers and overrides are still ``basis``."""
        status, stored, kept = self._basis(conn, attempt_id, lock=True)
        if status == FINISHED or _ids(stored, kept) != basis:
            return False
        self._finish(conn, attempt_id, card)
        return True

    def _finish_inside(self, attempt_id: int, score, conn) -> tuple[Any, bool]:
        """Score inside the transaction (holding the lock while scoring: the last resort)."""
        status, stored, kept = self._basis(conn, attempt_id, lock=True)
        card = score(stored, kept)
        if status != FINISHED:
            self._finish(conn, attempt_id, card)
        return card, status != FINISHED

    def _finish(self, conn, attempt_id: int, card) -> None:
        conn.execute(scores.insert().values(**self._score_row(attempt_id, card)))
        conn.execute(attempts.update().where(attempts.c.id == attempt_id).values(status=FINISHED, finished_at=now()))

    def _basis(self, conn, attempt_id: int, lock: bool = False) -> tuple[str, list[Answer], list[Override]]:
        """The attempt's status, stored answers and overrides (``lock``: the attempt's row locked, PostgreSQL,
        so that no answer is added before the transaction ends)."""
        query = sa.select(attempts.c.status).where(attempts.c.id == attempt_id)
        status = conn.execute(query.with_for_update() if lock else query).scalar()
        if status is None:
            raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
        stored = [_answer(r) for r in conn.execute(
            sa.select(answers).where(answers.c.attempt_id == attempt_id).order_by(answers.c.id))]
        kept = [stored_override(r) for r in conn.execute(
            sa.select(overrides).where(overrides.c.attempt_id == attempt_id).order_by(overrides.c.id))]
        return status, stored, kept

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
        prompt_id = text.label(prompt_id, "prompt", self.lang, text.limit(answers.c.prompt_id))
        payload = text.free(value, "answer", self.lang)    # what is stored is exactly what will be read back
        elapsed = text.finite_or_none(elapsed)

        def run(conn):
            # The attempt's row locked (PostgreSQL): an answer cannot slip in while finish_scored finishes it.
            status = conn.execute(sa.select(attempts.c.status).where(attempts.c.id == attempt_id)
                                  .with_for_update()).scalar()
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
        prompt_id = text.label(prompt_id, "prompt", self.lang, text.limit(drafts.c.prompt_id))
        payload = text.free(value, "draft", self.lang)
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
        row = self._score_row(attempt_id, card)
        return self.write(lambda conn: conn.execute(scores.insert().values(**row)).inserted_primary_key[0])

    def _score_row(self, attempt_id: int, card) -> dict:
        return {"attempt_id": attempt_id,
                "content_hash": text.label(card.content_hash or "", "content_hash", self.lang,
                                           text.limit(scores.c.content_hash)),
                "computed_at": now(), "points": card.points, "max_points": card.max_points, "total": card.total,
                "passed": card.passed, "detail": text.clean_json(card.to_dict())}

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
        scenario_id, content_hash, language = self._attempt_labels(scenario_id, content_hash, language)
        trainee_id = self.trainee(trainee)
        payload = text.free(result, "result", self.lang, size=RESULT_CHARS)
        score = text.finite_or_none(payload.get("score")) or 0.0
        return self.write(lambda conn: conn.execute(command_results.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            created_at=now(), score=score, result=payload)).inserted_primary_key[0])

    def command_results(self, trainee: str | None = None, cohort_id: int | None = None) -> list[CommandRecord]:
        """Command-drill results, newest first: all, one trainee's, and/or those counting for a cohort."""
        where = []
        if trainee is not None:
            found = text.findable(trainee, text.limit(trainees.c.name))
            if found is None:
                return []
            where.append(trainees.c.name == found)
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
    """The results database a user named: ``url`` (a URL or a SQLite file), else ``$DRILL_DB``, else a SQLite
    file in the user data folder. StoreError (one line) if it cannot be opened, or lives in memory only."""
    return Store(resolve_url(url, lang), lang)


class DeferredStore:
    """The results database :func:`open_store` names, opened when it is first used: for a notebook cell that
    builds an app, which must not end in a traceback when ``DRILL_DB`` is wrong. A database that cannot be
    opened is then a StoreError (one line) from the first use, which the app catches and shows where its
    data would be (the trainer app, the command drill's result); each later use tries again, so a fixed
    database is picked up without restarting the kernel. Once open it is that :class:`Store`.

        store = DeferredStore(lang="zh")        # never raises
        store.cohorts()                         # opens it: StoreError if it cannot be opened
    """

    def __init__(self, url: str | None = None, lang: str = "en"):
        self.lang = lang
        self._given = url
        self._store: Store | None = None

    def open(self) -> Store:
        """The store, opened now if it is not yet (StoreError, one line, if it cannot be)."""
        if self._store is None:
            self._store = open_store(self._given, self.lang)
        return self._store

    def __getattr__(self, name: str) -> Any:
        # Only names not found on this object: the Store's methods and attributes, once it is open.
        if name.startswith("_"):     # Python's and IPython's probes (__len__, _repr_html_...) must not open it
            raise AttributeError(name)
        return getattr(self.open(), name)


__all__ = ["Answer", "Assignment", "Attempt", "Cohort", "CommandRecord", "DeferredStore", "DuplicateAnswer", "Member",
           "Override", "Score", "Store", "StoreError", "data_dir", "default_url", "open_store"]
