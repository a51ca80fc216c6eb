"""Durable drill results: trainees, cohorts, attempts, answers (append-only) and scores.

SQLAlchemy Core on SQLite (default) or PostgreSQL (an organisation-wide drill on a shared JupyterHub).
The URL comes from ``DRILL_DB`` (a SQLAlchemy URL, or a plain path to a SQLite file); the default is
``drills.sqlite`` in the user's data directory.

Durability rules:

* an answer is committed before :meth:`Store.add_answer` returns, and before it is scored; answers are
  never updated or deleted (one per prompt per attempt, enforced by a unique constraint);
* scores are re-computable from the answers; :func:`sim.drill.session.rescore` adds a row and keeps the
  earlier ones with the content hash of the scenario they were computed with;
* SQLite runs in WAL mode with a busy timeout, ``synchronous=FULL`` (a commit survives a crash) and
  every transaction starts with ``BEGIN IMMEDIATE`` (a deferred read-then-write transaction fails
  with "database is locked" under concurrent writers); one connection per process, reopened after
  a fork; a write that still finds the database busy is retried, so the lock never reaches the user.

Cohorts (the trainer's side): a cohort (name, year, pass mark) has members (trainee, team, role; a
trainee can belong to this year's and last year's cohort) and assignments (scenario id, due date).
An attempt counts for a cohort when its trainee is a member, its scenario is assigned to the cohort,
and the cohort is the trainee's latest cohort with that scenario created at or before the attempt
started (an attempt started before any of them counts for the earliest). Live command drills store
one row per run in ``command_results`` (attributed to cohorts by the same rule, without assignments).

Drafts: what a trainee has typed into the open prompt but not yet submitted is autosaved in ``drafts``
(one row per prompt per attempt, upserted: the one mutable table; answers stay append-only), so a page
reload or a kernel restart loses nothing. A draft stops counting once its prompt has an answer:
:meth:`Store.drafts` leaves answered prompts out (the answer path never touches drafts).
"""
from __future__ import annotations

import json
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from sim.i18n import t

R = TypeVar("R")
APP_NAME = "complaint-drill-kit"
BUSY_TIMEOUT_S = 30.0
WRITE_ATTEMPTS = 8              # retries of a write that found SQLite busy (after the busy timeout)

metadata = sa.MetaData()

cohorts = sa.Table(
    "cohorts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("pass_mark", sa.Float, nullable=True),        # overrides the scenario's pass mark for the cohort
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("name", "year", name="uq_cohort_name_year"),
)

trainees = sa.Table(
    "trainees", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id"), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

attempts = sa.Table(
    "attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("scenario_id", sa.String(200), nullable=False, index=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),       # in_progress | finished
)

answers = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), nullable=False, index=True),
    sa.Column("prompt_id", sa.String(200), nullable=False),
    sa.Column("value", sa.JSON, nullable=True),
    sa.Column("elapsed", sa.Float, nullable=True),            # real seconds from showing the prompt to answering
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("attempt_id", "prompt_id", name="uq_answer_once"),
)

drafts = sa.Table(
    "drafts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), nullable=False, index=True),
    sa.Column("prompt_id", sa.String(200), nullable=False),
    sa.Column("value", sa.JSON, nullable=True),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("attempt_id", "prompt_id", name="uq_draft_per_prompt"),
)

scores = sa.Table(
    "scores", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), nullable=False, index=True),
    sa.Column("content_hash", sa.String(64), nullable=False),   # the scenario version scored against
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("points", sa.Float, nullable=False),
    sa.Column("max_points", sa.Float, nullable=False),
    sa.Column("total", sa.Float, nullable=False),
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
)

cohort_members = sa.Table(
    "cohort_members", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id"), nullable=False, index=True),
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("team", sa.String(200), nullable=True),
    sa.Column("role", sa.String(100), nullable=True),        # a role id of the plan (frontline, specialist...)
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("cohort_id", "trainee_id", name="uq_member_once"),
)

assignments = sa.Table(
    "assignments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id"), nullable=False, index=True),
    sa.Column("scenario_id", sa.String(200), nullable=False),
    sa.Column("due", sa.Date, nullable=True),
    sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("cohort_id", "scenario_id", name="uq_assignment_once"),
)

command_results = sa.Table(
    "command_results", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("scenario_id", sa.String(200), nullable=False, index=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
)


class StoreError(RuntimeError):
    """The results store cannot do what was asked (message for the user, one line)."""


class DuplicateAnswer(StoreError):
    """This prompt of this attempt already has a stored answer (answers are never replaced)."""


@dataclass(frozen=True)
class Attempt:
    id: int
    trainee: str
    scenario_id: str
    content_hash: str
    language: str
    started_at: datetime
    finished_at: datetime | None
    status: str


@dataclass(frozen=True)
class Answer:
    id: int
    attempt_id: int
    prompt_id: str
    value: Any
    elapsed: float | None
    answered_at: datetime


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
    detail: dict


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    year: int | None
    pass_mark: float | None
    created_at: datetime

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})" if self.year is not None else self.name


@dataclass(frozen=True)
class Member:
    cohort_id: int
    trainee_id: int
    name: str
    team: str | None
    role: str | None
    added_at: datetime


@dataclass(frozen=True)
class Assignment:
    cohort_id: int
    scenario_id: str
    due: date | None
    assigned_at: datetime


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


def default_url() -> str:
    """``DRILL_DB`` if set (a URL or a SQLite file path), else a SQLite file in the user data dir."""
    env = os.environ.get("DRILL_DB", "").strip()
    if env:
        return env if "://" in env else f"sqlite:///{Path(env).expanduser().resolve()}"
    return f"sqlite:///{data_dir() / 'drills.sqlite'}"


def data_dir() -> Path:
    try:
        from platformdirs import user_data_dir
        return Path(user_data_dir(APP_NAME, appauthor=False))
    except ImportError:  # platformdirs comes with Jupyter; without it follow the XDG convention
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        return Path(base) / APP_NAME


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _finite(value: Any) -> Any:
    """JSON-safe copy: NaN and infinities become null (PostgreSQL's JSON refuses them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _owner(when: datetime, candidates: list[tuple[datetime, int]]) -> int | None:
    """The cohort a record made at ``when`` counts for: the latest candidate (created_at, cohort id) created
    at or before it, else the earliest."""
    if not candidates:
        return None
    ordered = sorted(candidates)
    before = [cid for created, cid in ordered if created <= when]
    return before[-1] if before else ordered[0][1]


class Store:
    """The drill results database. Thread-safe within a process; one connection per process."""

    def __init__(self, url: str | None = None, lang: str = "en"):
        self.url = url or default_url()
        self.lang = lang                  # language of error messages
        self._lock = threading.RLock()
        self._pid = -1
        self._engine: sa.Engine | None = None
        self._connect()
        try:
            self._write(metadata.create_all)
        except sa.exc.DBAPIError:         # another process created the tables at the same moment (PostgreSQL)
            self._write(metadata.create_all)

    # --- connection ------------------------------------------------------------------------
    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def _connect(self) -> sa.Engine:
        if self._engine is not None and self._pid == os.getpid():
            return self._engine
        if self._engine is not None:     # forked: never use the parent's connection
            self._engine.dispose(close=False)
        try:
            url = sa.make_url(self.url)
        except sa.exc.ArgumentError:
            raise StoreError(t("drill.store.bad_url", self.lang, url=self.url)) from None
        if url.get_backend_name() == "sqlite":
            engine = self._sqlite_engine(url)
        else:
            try:
                # One connection per process; a dropped one is replaced when a write is retried.
                engine = sa.create_engine(url, pool_size=1, max_overflow=2, pool_recycle=1800)
            except sa.exc.NoSuchModuleError:
                raise StoreError(t("drill.store.bad_url", self.lang, url=self.url)) from None
            except ImportError as exc:
                raise StoreError(t("drill.store.no_driver", self.lang, url=url.render_as_string(),
                                   error=exc)) from None
        self._engine, self._pid = engine, os.getpid()
        return engine

    def _sqlite_engine(self, url: sa.URL) -> sa.Engine:
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, poolclass=sa.pool.StaticPool,
                                  connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None      # the driver must not issue its own deferred BEGIN
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn):
            # Reads may share the database (WAL); writes take the lock up front, never mid-transaction.
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("drill_read") else "BEGIN IMMEDIATE")

        return engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _write(self, fn: Callable[[sa.Connection], R], *, read: bool = False) -> R:
        """Run ``fn`` in one committed transaction, retrying while SQLite reports it is busy."""
        delay = 0.05
        for attempt in range(WRITE_ATTEMPTS):
            with self._lock:
                try:
                    with self._connect().connect() as conn:
                        if read:
                            conn.execution_options(drill_read=True)
                        with conn.begin():
                            return fn(conn)
                except OperationalError as exc:
                    busy = any(w in str(exc.orig).lower() for w in ("locked", "busy"))
                    busy = busy or exc.connection_invalidated    # server restarted: reconnect and retry
                    if not busy:
                        raise StoreError(t("drill.store.failed", self.lang, error=exc.orig)) from exc
                    if attempt == WRITE_ATTEMPTS - 1:
                        raise StoreError(t("drill.store.busy", self.lang, url=self.url)) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    def _read(self, fn: Callable[[sa.Connection], R]) -> R:
        return self._write(fn, read=True)

    # --- trainees and cohorts ----------------------------------------------------------------
    def cohort(self, name: str, year: int | None = None, pass_mark: float | None = None) -> int:
        """The id of cohort ``name`` (``year``), created if new."""
        def run(conn):
            same_year = cohorts.c.year == year if year is not None else cohorts.c.year.is_(None)
            row = conn.execute(sa.select(cohorts.c.id).where(cohorts.c.name == name, same_year)).first()
            if row:
                return row.id
            return conn.execute(cohorts.insert().values(name=name, year=year, pass_mark=pass_mark,
                                                        created_at=_now())).inserted_primary_key[0]
        try:
            return self._write(run)
        except IntegrityError:      # created meanwhile by another process (PostgreSQL)
            return self._write(run)

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
                                                                   created_at=_now())).inserted_primary_key[0]
            if cohort_id is not None:
                self._join(conn, cohort_id, trainee_id, None, None, keep=True)
            return trainee_id
        try:
            return self._write(run)
        except IntegrityError:      # created meanwhile by another process (PostgreSQL)
            return self._write(run)

    # --- cohorts: members, assignments, which attempts count (the trainer's side) -------------------
    def cohorts(self) -> list[Cohort]:
        """Every cohort, oldest year first (then by creation)."""
        rows = self._read(lambda conn: conn.execute(sa.select(cohorts)).all())
        out = [Cohort(r.id, r.name, r.year, r.pass_mark, _utc(r.created_at)) for r in rows]
        return sorted(out, key=lambda c: (c.year if c.year is not None else -1, c.created_at, c.id))

    def get_cohort(self, cohort_id: int) -> Cohort:
        row = self._read(lambda conn: conn.execute(sa.select(cohorts).where(cohorts.c.id == cohort_id)).first())
        if row is None:
            raise StoreError(t("report.store.no_cohort", self.lang, id=cohort_id, url=self.url))
        return Cohort(row.id, row.name, row.year, row.pass_mark, _utc(row.created_at))

    def find_cohort(self, name: str, year: int | None = None) -> Cohort | None:
        """The cohort called ``name`` (in ``year``, if given; else the latest of that name), or None."""
        found = [c for c in self.cohorts() if c.name == name.strip() and (year is None or c.year == year)]
        return found[-1] if found else None

    def set_pass_mark(self, cohort_id: int, pass_mark: float | None) -> None:
        self.get_cohort(cohort_id)
        self._write(lambda conn: conn.execute(cohorts.update().where(cohorts.c.id == cohort_id)
                                              .values(pass_mark=pass_mark)))

    @staticmethod
    def _join(conn, cohort_id: int, trainee_id: int, team: str | None, role: str | None, keep: bool = False) -> str:
        """Put a trainee in a cohort (with team and role); 'new', 'updated' or 'same'."""
        row = conn.execute(sa.select(cohort_members).where(cohort_members.c.cohort_id == cohort_id,
                                                           cohort_members.c.trainee_id == trainee_id)).first()
        if row is None:
            conn.execute(cohort_members.insert().values(cohort_id=cohort_id, trainee_id=trainee_id, team=team,
                                                        role=role, added_at=_now()))
            return "new"
        if keep or (row.team, row.role) == (team, role):
            return "same"
        conn.execute(cohort_members.update().where(cohort_members.c.id == row.id).values(team=team, role=role))
        return "updated"

    def add_members(self, cohort_id: int, people) -> dict[str, int]:
        """Put trainees ``(name, team, role)`` in the cohort, in one transaction: all of them or none.
        Trainees are created if new; a member's team and role are updated. Counts of new / updated / same."""
        people = [(name.strip(), team or None, role or None) for name, team, role in people]
        if any(not name for name, _, _ in people):
            raise StoreError(t("drill.store.no_name", self.lang))
        self.get_cohort(cohort_id)

        def run(conn):
            counts = {"new": 0, "updated": 0, "same": 0}
            for name, team, role in people:
                row = conn.execute(sa.select(trainees.c.id).where(trainees.c.name == name)).first()
                if row is None:
                    trainee_id = conn.execute(trainees.insert().values(name=name, cohort_id=cohort_id,
                                                                       created_at=_now())).inserted_primary_key[0]
                else:
                    trainee_id = row.id
                    conn.execute(trainees.update().where(trainees.c.id == trainee_id).values(cohort_id=cohort_id))
                counts[self._join(conn, cohort_id, trainee_id, team, role)] += 1
            return counts
        try:
            return self._write(run)
        except IntegrityError:      # a concurrent import created one of them first (PostgreSQL)
            return self._write(run)

    def members(self, cohort_id: int) -> list[Member]:
        """The cohort's trainees in the order they joined (also trainees put in it by :meth:`trainee` before
        memberships were recorded)."""
        def run(conn):
            rows = conn.execute(sa.select(cohort_members, trainees.c.name).join(trainees)
                                .where(cohort_members.c.cohort_id == cohort_id)
                                .order_by(cohort_members.c.id)).all()
            legacy = conn.execute(sa.select(trainees).where(
                trainees.c.cohort_id == cohort_id,
                trainees.c.id.not_in(sa.select(cohort_members.c.trainee_id)
                                     .where(cohort_members.c.cohort_id == cohort_id)))
                .order_by(trainees.c.id)).all()
            return rows, legacy
        rows, legacy = self._read(run)
        out = [Member(cohort_id, r.trainee_id, r.name, r.team, r.role, _utc(r.added_at)) for r in rows]
        out += [Member(cohort_id, r.id, r.name, None, None, _utc(r.created_at)) for r in legacy]
        return out

    def assign(self, cohort_id: int, scenario_id: str, due: date | None = None) -> str:
        """Assign a scenario to the cohort (or change its due date): 'new' or 'updated'."""
        self.get_cohort(cohort_id)

        def run(conn):
            row = conn.execute(sa.select(assignments.c.id).where(assignments.c.cohort_id == cohort_id,
                                                                 assignments.c.scenario_id == scenario_id)).first()
            if row is None:
                conn.execute(assignments.insert().values(cohort_id=cohort_id, scenario_id=scenario_id, due=due,
                                                         assigned_at=_now()))
                return "new"
            conn.execute(assignments.update().where(assignments.c.id == row.id).values(due=due))
            return "updated"
        try:
            return self._write(run)
        except IntegrityError:
            return self._write(run)

    def assignments(self, cohort_id: int) -> list[Assignment]:
        rows = self._read(lambda conn: conn.execute(
            sa.select(assignments).where(assignments.c.cohort_id == cohort_id).order_by(assignments.c.id)).all())
        return [Assignment(r.cohort_id, r.scenario_id, r.due, _utc(r.assigned_at)) for r in rows]

    def _member_cohorts(self, conn, trainee_ids) -> dict[int, list[tuple[int, datetime]]]:
        """trainee id -> [(cohort id, cohort created_at)] for every cohort the trainee belongs to."""
        rows = conn.execute(sa.select(cohort_members.c.trainee_id, cohorts.c.id, cohorts.c.created_at)
                            .join(cohorts, cohorts.c.id == cohort_members.c.cohort_id)
                            .where(cohort_members.c.trainee_id.in_(trainee_ids))).all()
        legacy = conn.execute(sa.select(trainees.c.id.label("trainee_id"), cohorts.c.id, cohorts.c.created_at)
                              .join(cohorts, cohorts.c.id == trainees.c.cohort_id)
                              .where(trainees.c.id.in_(trainee_ids))).all()
        out: dict[int, list[tuple[int, datetime]]] = {}
        for r in list(rows) + list(legacy):
            pair = (r.id, _utc(r.created_at))
            if pair not in out.setdefault(r.trainee_id, []):
                out[r.trainee_id].append(pair)
        return out

    def cohort_attempts(self, cohort_id: int) -> list[Attempt]:
        """The attempts that count for the cohort (see the module docstring), newest first."""
        self.get_cohort(cohort_id)
        ids = [m.trainee_id for m in self.members(cohort_id)]
        if not ids:
            return []

        def run(conn):
            theirs = self._member_cohorts(conn, ids)
            assigned = conn.execute(sa.select(assignments.c.cohort_id, assignments.c.scenario_id).where(
                assignments.c.cohort_id.in_(sorted({cid for pairs in theirs.values() for cid, _ in pairs})))).all()
            rows = conn.execute(sa.select(attempts, trainees.c.name.label("trainee")).join(trainees)
                                .where(attempts.c.trainee_id.in_(ids)).order_by(attempts.c.id.desc())).all()
            return theirs, {(a.cohort_id, a.scenario_id) for a in assigned}, rows
        theirs, assigned, rows = self._read(run)
        out = []
        for r in rows:
            candidates = [(created, cid) for cid, created in theirs.get(r.trainee_id, [])
                          if (cid, r.scenario_id) in assigned]
            if _owner(_utc(r.started_at), candidates) == cohort_id:
                out.append(Attempt(r.id, r.trainee, r.scenario_id, r.content_hash, r.language, r.started_at,
                                   r.finished_at, r.status))
        return out

    # --- bulk reads for reports --------------------------------------------------------------
    def latest_scores(self, attempt_ids) -> dict[int, Score]:
        """attempt id -> its latest score (the one a re-score added last)."""
        ids = list(attempt_ids)
        if not ids:
            return {}
        rows = self._read(lambda conn: conn.execute(
            sa.select(scores).where(scores.c.attempt_id.in_(ids)).order_by(scores.c.id)).all())
        out: dict[int, Score] = {}
        for r in rows:
            out[r.attempt_id] = Score(r.id, r.attempt_id, r.content_hash, r.computed_at, r.points, r.max_points,
                                      r.total, bool(r.passed), r.detail)
        return out

    def answers_for(self, attempt_ids) -> dict[int, list[Answer]]:
        """attempt id -> its answers in the order given."""
        ids = list(attempt_ids)
        if not ids:
            return {}
        rows = self._read(lambda conn: conn.execute(
            sa.select(answers).where(answers.c.attempt_id.in_(ids)).order_by(answers.c.id)).all())
        out: dict[int, list[Answer]] = {i: [] for i in ids}
        for r in rows:
            out[r.attempt_id].append(Answer(r.id, r.attempt_id, r.prompt_id, r.value, r.elapsed, r.answered_at))
        return out

    # --- attempts ----------------------------------------------------------------------------
    def start_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str) -> int:
        trainee_id = self.trainee(trainee)
        return self._write(lambda conn: conn.execute(attempts.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            started_at=_now(), status="in_progress")).inserted_primary_key[0])

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
        query = (sa.select(attempts, trainees.c.name.label("trainee")).join(trainees)
                 .where(*where).order_by(attempts.c.id.desc()))
        rows = self._read(lambda conn: conn.execute(query).all())
        return [Attempt(r.id, r.trainee, r.scenario_id, r.content_hash, r.language, r.started_at, r.finished_at,
                        r.status) for r in rows]

    def finish_attempt(self, attempt_id: int) -> None:
        self._write(lambda conn: conn.execute(
            attempts.update().where(attempts.c.id == attempt_id, attempts.c.status != "finished")
            .values(status="finished", finished_at=_now())))

    # --- answers (append-only) ---------------------------------------------------------------
    def add_answer(self, attempt_id: int, prompt_id: str, value: Any, elapsed: float | None = None) -> Answer:
        """Store one answer; it is committed when this returns. A second answer to a prompt is refused."""
        payload = json.loads(json.dumps(value))    # what is stored is exactly what will be read back

        def run(conn):
            status = conn.execute(sa.select(attempts.c.status).where(attempts.c.id == attempt_id)).scalar()
            if status is None:
                raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
            if status == "finished":
                raise StoreError(t("drill.store.finished", self.lang, id=attempt_id))
            at = _now()     # a second answer to the prompt violates uq_answer_once: IntegrityError below
            new_id = conn.execute(answers.insert().values(attempt_id=attempt_id, prompt_id=prompt_id, value=payload,
                                                          elapsed=elapsed, answered_at=at)).inserted_primary_key[0]
            return Answer(new_id, attempt_id, prompt_id, payload, elapsed, at)
        try:
            return self._write(run)
        except IntegrityError:     # a concurrent writer stored it first (the unique constraint held)
            raise DuplicateAnswer(t("drill.err.answered", self.lang, prompt=prompt_id)) from None

    def answers(self, attempt_id: int) -> list[Answer]:
        """The attempt's answers in the order they were given."""
        rows = self._read(lambda conn: conn.execute(
            sa.select(answers).where(answers.c.attempt_id == attempt_id).order_by(answers.c.id)).all())
        return [Answer(r.id, r.attempt_id, r.prompt_id, r.value, r.elapsed, r.answered_at) for r in rows]

    def count_answers(self) -> int:
        return self._read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar())

    # --- drafts (unsubmitted input, upserted) ------------------------------------------------------
    def save_draft(self, attempt_id: int, prompt_id: str, value: Any) -> None:
        """Keep what the trainee has entered for a prompt but not submitted (replaces the previous draft)."""
        payload = _finite(json.loads(json.dumps(value)))
        row = {"attempt_id": attempt_id, "prompt_id": prompt_id, "value": payload, "saved_at": _now()}

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
        self._write(run)

    def drafts(self, attempt_id: int) -> dict[str, Any]:
        """The attempt's drafts by prompt id, leaving out prompts that have an answer by now."""
        answered = sa.select(answers.c.id).where(answers.c.attempt_id == drafts.c.attempt_id,
                                                 answers.c.prompt_id == drafts.c.prompt_id).exists()
        rows = self._read(lambda conn: conn.execute(
            sa.select(drafts.c.prompt_id, drafts.c.value)
            .where(drafts.c.attempt_id == attempt_id, ~answered).order_by(drafts.c.id)).all())
        return {r.prompt_id: r.value for r in rows}

    # --- live command drills -----------------------------------------------------------------
    def save_command_result(self, trainee: str, scenario_id: str, content_hash: str, language: str,
                            result: dict) -> int:
        """Store one command-drill result (``dataclasses.asdict(CommandResult)``); NaN is stored as null."""
        trainee_id = self.trainee(trainee)
        payload = _finite(json.loads(json.dumps(result, default=str)))
        score = float(payload.get("score") or 0.0)
        return self._write(lambda conn: conn.execute(command_results.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            created_at=_now(), score=score, result=payload)).inserted_primary_key[0])

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
        rows, theirs = self._read(run)
        out = []
        for r in rows:
            if cohort_id is not None:
                candidates = [(created, cid) for cid, created in theirs.get(r.trainee_id, [])]
                if _owner(_utc(r.created_at), candidates) != cohort_id:
                    continue
            out.append(CommandRecord(r.id, r.trainee, r.scenario_id, r.content_hash, r.language,
                                     _utc(r.created_at), r.score, r.result))
        return out

    # --- scores ------------------------------------------------------------------------------
    def save_score(self, attempt_id: int, card) -> int:
        """Add a score row for a :class:`~sim.drill.scorecard.Scorecard`; earlier rows are kept."""
        detail = card.to_dict()
        return self._write(lambda conn: conn.execute(scores.insert().values(
            attempt_id=attempt_id, content_hash=card.content_hash or "", computed_at=_now(), points=card.points,
            max_points=card.max_points, total=card.total, passed=card.passed,
            detail=detail)).inserted_primary_key[0])

    def scores(self, attempt_id: int) -> list[Score]:
        """Every score of the attempt, oldest first."""
        rows = self._read(lambda conn: conn.execute(
            sa.select(scores).where(scores.c.attempt_id == attempt_id).order_by(scores.c.id)).all())
        return [Score(r.id, r.attempt_id, r.content_hash, r.computed_at, r.points, r.max_points, r.total,
                      bool(r.passed), r.detail) for r in rows]

    def rescore(self, attempt_id: int, scenario):
        """Recompute the attempt's score from its stored answers against ``scenario`` (and store it)."""
        from sim.drill.session import rescore
        return rescore(attempt_id, scenario, store=self)


def open_store(url: str | None = None, lang: str = "en") -> Store:
    return Store(url, lang)
