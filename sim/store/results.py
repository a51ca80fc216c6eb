"""Durable drill results: trainees, attempts, answers (append-only), scores; and, each in a module of its own
that :class:`Store` takes in, drafts (:mod:`sim.store.drafts`), command-drill runs (:mod:`sim.store.commands`),
trainers' overrides of reply points (append-only, :mod:`sim.store.overrides`) and the attempt policy per
assignment (:mod:`sim.store.policy`).

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
* a new attempt is refused (:class:`~sim.store.policy.NoAttemptsLeft`, one line) when the trainee has used
  every attempt the policy of the assignment allows (:mod:`sim.store.policy`), checked in the transaction
  that would insert it; resuming an attempt in progress never is. A practice attempt
  (:meth:`Store.open_practice_attempt`, or a session given :meth:`Store.practice`: a typed name) is never
  refused and never joins a counted attempt in progress, nor a counted start a practice one;
* :meth:`Store.finish_scored` stores the score of exactly the answers (and overrides) stored when the
  attempt is finished, in the transaction that finishes it; the attempt's row is locked against a
  concurrent :meth:`Store.add_answer` (PostgreSQL), so no answer lands after the score that ignored it.

Text is checked and cleaned the same way for SQLite and PostgreSQL before it is written
(:mod:`sim.store.text`): a name too long or with a control character is one line, not a driver error.

Drafts: what a trainee has typed into the open prompt but not yet submitted is autosaved in ``drafts``
(:mod:`sim.store.drafts`: the one mutable table; answers stay append-only).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import sqlalchemy as sa

from sim.drill.attempts import FINISHED, IN_PROGRESS, SUPERSEDED, Answer, AnswerExists, Attempt
from sim.drill.overrides import Override
from sim.i18n import t
from sim.store import text
from sim.store.cohorts import ATTEMPT_ROWS, Assignment, Cohort, Cohorts, Member, stored_attempt
from sim.store.commands import CommandRecord, Commands
from sim.store.drafts import Drafts
from sim.store.overrides import Overrides, stored_override
from sim.store.policy import NoAttemptsLeft, Policies, practice_ids
from sim.store.schema import (
    StoreError,
    answers,
    attempt_context,
    attempts,
    data_dir,
    default_url,
    now,
    overrides,
    resolve_url,
    scores,
    trainees,
)
from sim.store.tokens import Tokens

FINISH_TRIES = 5                  # scorings of a finish that found new answers stored meanwhile


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


def _answer(r) -> Answer:
    return Answer(r.id, r.attempt_id, r.prompt_id, r.value, r.elapsed, r.answered_at)


def _score(r) -> Score:
    return Score(r.id, r.attempt_id, r.content_hash, r.computed_at, r.points, r.max_points, r.total, bool(r.passed),
                 r.detail)


def _ids(stored: list[Answer], kept: list[Override]) -> tuple:
    """What a score was made from: the ids of the answers and overrides it saw."""
    return tuple(a.id for a in stored), tuple(o.id for o in kept)


class Store(Cohorts, Overrides, Policies, Tokens, Drafts, Commands):
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
        """A new attempt, always (see :meth:`open_attempt` for the one a drill session starts with), unless the
        trainee has no attempt left (:class:`~sim.store.policy.NoAttemptsLeft`)."""
        return self._start(trainee, scenario_id, content_hash, language, practice=False)

    def start_practice_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str) -> int:
        """A new practice attempt (typed name), always: never refused by an attempt policy."""
        return self._start(trainee, scenario_id, content_hash, language, practice=True)

    def _start(self, trainee: str, scenario_id: str, content_hash: str, language: str, *, practice: bool) -> int:
        labels = self._attempt_labels(scenario_id, content_hash, language)
        trainee_id = self.trainee(trainee)

        def run(conn):
            self._lock_trainee(conn, trainee_id)
            if not practice:
                self._check_start(conn, trainee_id, labels[0], labels[1])
            return self._insert_attempt(conn, trainee_id, *labels, practice=practice)
        return self.write(run)

    @staticmethod
    def _lock_trainee(conn, trainee_id: int) -> None:
        # PostgreSQL: the trainee's row is the lock that puts concurrent starts in line (SQLite's BEGIN IMMEDIATE
        # already does); the second then finds the first one's attempt, and counts it against the policy.
        conn.execute(sa.select(trainees.c.id).where(trainees.c.id == trainee_id).with_for_update())

    @staticmethod
    def _insert_attempt(conn, trainee_id: int, scenario_id: str, content_hash: str, language: str, *,
                        practice: bool = False) -> int:
        """A new attempt; a practice one is marked so in the same transaction (``attempt_context``: a typed
        name), so it can never be taken for one that counts, nor joined by a counted start."""
        attempt_id = conn.execute(attempts.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            started_at=now(), status=IN_PROGRESS)).inserted_primary_key[0]
        if practice:
            conn.execute(attempt_context.insert().values(attempt_id=attempt_id, identity="typed", practice=True,
                                                         token_id=None))
        return attempt_id

    def open_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str, *,
                     instead_of: int | None = None) -> int:
        """The trainee's attempt in progress at the scenario (the latest), started if there is none: two
        processes starting the same trainee at once get the same attempt, not two.

        ``instead_of``: the trainee chose to start afresh rather than resume that attempt, or it cannot be
        continued (it answered a prompt the edited scenario no longer has: :class:`~sim.drill.session.DrillSession`
        asks so); a new one is started if it is still the latest in progress (so two such starts at once still
        make one). The replaced attempt stays stored; if it was started with another version of the scenario it
        is closed (``superseded``: neither resumed nor charged), otherwise it stays in progress and counts.

        A new attempt is refused with :class:`~sim.store.policy.NoAttemptsLeft` when the trainee has used every
        attempt the assignment's policy allows; joining the attempt in progress never is. A practice attempt in
        progress is never joined (see :meth:`open_practice_attempt`).
        """
        return self._open(trainee, scenario_id, content_hash, language, instead_of=instead_of, practice=False)

    def open_practice_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str, *,
                              instead_of: int | None = None) -> int:
        """:meth:`open_attempt` for practice (a typed name): joins only a practice attempt in progress (never a
        counted one: typing a colleague's name must not continue their attempt), and is never refused by an
        attempt policy. The caller marks the new attempt as practice (``attempt_context``); :meth:`practice`
        gives a drill session a log that starts attempts this way."""
        return self._open(trainee, scenario_id, content_hash, language, instead_of=instead_of, practice=True)

    def _open(self, trainee: str, scenario_id: str, content_hash: str, language: str, *, instead_of: int | None,
              practice: bool) -> int:
        labels = self._attempt_labels(scenario_id, content_hash, language)
        trainee_id = self.trainee(trainee)

        def run(conn):
            self._lock_trainee(conn, trainee_id)
            open_ids = conn.execute(sa.select(attempts.c.id).where(
                attempts.c.trainee_id == trainee_id, attempts.c.scenario_id == labels[0],
                attempts.c.status == IN_PROGRESS).order_by(attempts.c.id.desc())).scalars().all()
            kind = practice_ids(conn, open_ids)
            latest = next((i for i in open_ids if (i in kind) == practice), None)
            if latest is not None and latest != instead_of:
                return latest
            if not practice:
                self._check_start(conn, trainee_id, labels[0], labels[1])
            if instead_of in open_ids:
                # replaced because the scenario changed: closed, or it could be resumed and finished beside its
                # replacement (a second attempt nobody was charged for); a start afresh by choice keeps it
                conn.execute(attempts.update().where(attempts.c.id == instead_of,
                                                     attempts.c.content_hash != labels[1]).values(status=SUPERSEDED))
            return self._insert_attempt(conn, trainee_id, *labels, practice=practice)
        return self.write(run)

    def practice(self) -> PracticeLog:
        """This store as the attempt log of a practice session: ``DrillSession(scenario, name, lang,
        store.practice())`` opens and starts practice attempts; everything else is the store's."""
        return PracticeLog(self)

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
        query = ATTEMPT_ROWS.where(*where).order_by(attempts.c.id.desc())
        return [stored_attempt(r) for r in self.read(lambda conn: conn.execute(query).all())]

    def finish_attempt(self, attempt_id: int) -> None:
        self.write(lambda conn: conn.execute(
            attempts.update().where(attempts.c.id == attempt_id, attempts.c.status == IN_PROGRESS)
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
            if status == SUPERSEDED:        # a page left open on an attempt a newer version replaced
                raise StoreError(t("drill.err.superseded", self.lang))
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
        if status != IN_PROGRESS or _ids(stored, kept) != basis:     # finished, or superseded, meanwhile
            return False
        self._finish(conn, attempt_id, card)
        return True

    def _finish_inside(self, attempt_id: int, score, conn) -> tuple[Any, bool]:
        """Score inside the transaction (holding the lock while scoring: the last resort)."""
        status, stored, kept = self._basis(conn, attempt_id, lock=True)
        if status == SUPERSEDED:
            raise StoreError(t("drill.err.superseded", self.lang))
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
            if status == SUPERSEDED:
                raise StoreError(t("drill.err.superseded", self.lang))
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


class PracticeLog:
    """A :class:`Store` whose ``open_attempt`` and ``start_attempt`` make practice attempts
    (:meth:`Store.open_practice_attempt`): handed to a drill session started under a typed name."""

    def __init__(self, store: Store):
        self.store = store

    def open_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str, *,
                     instead_of: int | None = None) -> int:
        return self.store.open_practice_attempt(trainee, scenario_id, content_hash, language, instead_of=instead_of)

    def start_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str) -> int:
        return self.store.start_practice_attempt(trainee, scenario_id, content_hash, language)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


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
           "NoAttemptsLeft", "Override", "PracticeLog", "Score", "Store", "StoreError", "data_dir", "default_url", "open_store"]
