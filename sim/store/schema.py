"""The results database: its tables (SQLAlchemy Core) and how the kit connects to it.

One database holds every drill result of an organisation: SQLite by default (a file in the user's
data directory), or PostgreSQL for an organisation-wide drill on a shared JupyterHub. The URL comes
from ``DRILL_DB`` (a SQLAlchemy URL, or a plain path to a SQLite file).

Tables
    ``trainees``; ``attempts`` (one trainee's run at one scenario version); ``answers`` (append-only:
    one per prompt per attempt, enforced by a unique constraint); ``drafts`` (what a trainee has typed
    but not submitted: the one mutable table); ``scores`` (a row per scoring, never replaced);
    ``cohorts``, ``cohort_members``, ``assignments`` (the trainer's side); ``command_results`` (one
    row per live command-drill run); ``overrides`` (append-only: a trainer's override of a reply's
    points, with the old points, a comment, who and when; the latest per prompt wins).

Migration
    Tables are created when a database is opened (``metadata.create_all`` creates only the tables that
    are missing), so a database made by an earlier version of the kit gains the tables added since
    (``overrides``) and keeps every row it had. Columns are never changed in place.

Durability (:class:`Database`)
    SQLite runs in WAL mode with a busy timeout, ``synchronous=FULL`` (a commit survives a crash) and
    every writing transaction starts with ``BEGIN IMMEDIATE`` (a deferred read-then-write transaction
    fails with "database is locked" under concurrent writers; reads use a plain ``BEGIN`` and share the
    database). One connection per process, reopened after a fork; a write that still finds the
    database busy (or a PostgreSQL connection that dropped) is retried, so the lock never reaches the
    user.

    >>> db = Database("sqlite://")                      # in memory
    >>> db.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar())
    0
"""
from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
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


def _key() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _ref(table: str, *, nullable: bool = False) -> sa.Column:
    """A foreign key to ``table``.id, named ``<table without s>_id`` (indexed unless it may be empty)."""
    return sa.Column(f"{table[:-1]}_id", sa.Integer, sa.ForeignKey(f"{table}.id"), nullable=nullable,
                     index=not nullable)


def _at(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, size: int = 200, *, nullable: bool = False, **kw) -> sa.Column:
    return sa.Column(name, sa.String(size), nullable=nullable, **kw)


def _number(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Float, nullable=nullable)


def _json(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.JSON, nullable=nullable)


def _once(*columns: str, name: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=name)


cohorts = sa.Table(
    "cohorts", metadata, _key(), _text("name"), sa.Column("year", sa.Integer, nullable=True),
    _number("pass_mark", nullable=True),                    # overrides the scenario's pass mark for the cohort
    _at("created_at"), _once("name", "year", name="uq_cohort_name_year"),
)

trainees = sa.Table(
    "trainees", metadata, _key(), _text("name", unique=True),
    _ref("cohorts", nullable=True),                         # the cohort joined last (see cohort_members)
    _at("created_at"),
)

attempts = sa.Table(
    "attempts", metadata, _key(), _ref("trainees"), _text("scenario_id", index=True),
    _text("content_hash", 64),                              # the scenario version the attempt started with
    _text("language", 8), _at("started_at"), _at("finished_at", nullable=True),
    _text("status", 20),                                    # in_progress | finished
)

# Answers are append-only: one per prompt per attempt, never updated or deleted.
answers = sa.Table(
    "answers", metadata, _key(), _ref("attempts"), _text("prompt_id"), _json("value", nullable=True),
    _number("elapsed", nullable=True),                      # real seconds from showing the prompt to answering
    _at("answered_at"), _once("attempt_id", "prompt_id", name="uq_answer_once"),
)

# Drafts are the one mutable table: what the trainee has typed into the open prompt, upserted.
drafts = sa.Table(
    "drafts", metadata, _key(), _ref("attempts"), _text("prompt_id"), _json("value", nullable=True),
    _at("saved_at"), _once("attempt_id", "prompt_id", name="uq_draft_per_prompt"),
)

scores = sa.Table(
    "scores", metadata, _key(), _ref("attempts"),
    _text("content_hash", 64),                              # the scenario version scored against
    _at("computed_at"), _number("points"), _number("max_points"), _number("total"),
    sa.Column("passed", sa.Boolean, nullable=False),
    _json("detail"),                                        # the scorecard, Scorecard.to_dict()
)

cohort_members = sa.Table(
    "cohort_members", metadata, _key(), _ref("cohorts"), _ref("trainees"), _text("team", nullable=True),
    _text("role", 100, nullable=True),                      # a role id of the plan (frontline, specialist...)
    _at("added_at"), _once("cohort_id", "trainee_id", name="uq_member_once"),
)

assignments = sa.Table(
    "assignments", metadata, _key(), _ref("cohorts"), _text("scenario_id"),
    sa.Column("due", sa.Date, nullable=True), _at("assigned_at"),
    _once("cohort_id", "scenario_id", name="uq_assignment_once"),
)

command_results = sa.Table(
    "command_results", metadata, _key(), _ref("trainees"), _text("scenario_id", index=True),
    _text("content_hash", 64), _text("language", 8), _at("created_at"), _number("score"),
    _json("result"),                                        # dataclasses.asdict(CommandResult)
)

# Overrides are append-only: a trainer's override of one reply's points; the latest per prompt counts.
overrides = sa.Table(
    "overrides", metadata, _key(), _ref("attempts"), _text("prompt_id"), _number("points"),
    _number("old_points", nullable=True),                   # what the prompt scored just before
    sa.Column("comment", sa.Text, nullable=False), _text("by"),   # why, and the trainer's name
    _at("at"),
)


class StoreError(RuntimeError):
    """The results store cannot do what was asked (message for the user, one line)."""


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


def now() -> datetime:
    return datetime.now(UTC)


def utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def finite(value: Any) -> Any:
    """JSON-safe copy: NaN and infinities become null (PostgreSQL's JSON refuses them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


class Database:
    """A connection to the results database, its tables created. Thread-safe within a process."""

    def __init__(self, url: str | None = None, lang: str = "en"):
        self.url = url or default_url()
        self.lang = lang                  # language of error messages
        self._lock = threading.RLock()
        self._pid = -1
        self._engine: sa.Engine | None = None
        self._connect()
        try:
            self.write(metadata.create_all)
        except sa.exc.DBAPIError:         # another process created the tables at the same moment (PostgreSQL)
            self.write(metadata.create_all)

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
            engine = _sqlite_engine(url)
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

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def write(self, fn: Callable[[sa.Connection], R], *, read: bool = False) -> R:
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

    def write_or_adopt(self, fn: Callable[[sa.Connection], R]) -> R:
        """A get-or-create write: if another process created the same row meanwhile (a unique constraint
        failed, PostgreSQL), run it once more, now finding that row."""
        try:
            return self.write(fn)
        except IntegrityError:
            return self.write(fn)

    def read(self, fn: Callable[[sa.Connection], R]) -> R:
        return self.write(fn, read=True)


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, poolclass=sa.pool.StaticPool,
                              connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None      # the driver must not issue its own deferred BEGIN: _on_begin does
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


__all__ = ["APP_NAME", "Database", "StoreError", "answers", "assignments", "attempts", "cohort_members", "cohorts",
           "command_results", "data_dir", "default_url", "drafts", "metadata", "overrides", "scores", "trainees"]
