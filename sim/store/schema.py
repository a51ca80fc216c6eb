"""The results database: its tables (SQLAlchemy Core) and how the kit connects to it.

One database holds every drill result of an organisation: SQLite by default (a file in the user's
data directory), or PostgreSQL for an organisation-wide drill on a shared JupyterHub. The URL comes
from ``--db`` or ``DRILL_DB`` (a SQLAlchemy URL, or a plain path to a SQLite file; :func:`resolve_url`).
An in-memory SQLite database (``sqlite://``, ``sqlite:///:memory:``) is refused there: results would
vanish when the process ends. (``Database("sqlite://")`` in code, as the examples and tests below do, is a
throwaway database on purpose.) Where a URL is shown, in any message, its password is masked
(``postgresql+psycopg://drill:***@host/db``; :func:`sim.store.errors.mask_url`).

Tables
    ``trainees``; ``attempts`` (one trainee's run at one scenario version); ``answers`` (append-only:
    one per prompt per attempt, enforced by a unique constraint); ``drafts`` (what a trainee has typed
    but not submitted: the one mutable table); ``scores`` (a row per scoring, never replaced);
    ``cohorts``, ``cohort_members``, ``assignments`` (the trainer's side); ``command_results`` (one
    row per live command-drill run); ``assignment_policies`` (append-only: the trainer's attempt policy per
    assignment, the latest wins); ``tokens`` (personal links, revoked but never deleted); ``attempt_context``
    (how an attempt was started: by link, hub user or typed name, and whether it is practice); ``overrides`` (append-only: a trainer's override of a reply's
    points, with the old points, a comment, who and when; the latest per prompt wins). Text is checked
    against the column widths before it gets here (:mod:`sim.store.text`), so SQLite and PostgreSQL
    keep and refuse the same things.

Migration
    Tables are created when a database is opened (``metadata.create_all`` creates only the tables that
    are missing), so a database made by an earlier version of the kit gains the tables added since
    (``overrides``, ``assignment_policies``, ``tokens``, ``attempt_context``) and keeps every row it had. Columns are never changed in place.

Durability and concurrency (:class:`Database`)
    SQLite runs in WAL mode, ``synchronous=FULL`` (a commit survives a crash) and every writing
    transaction starts with ``BEGIN IMMEDIATE`` (a deferred read-then-write transaction fails with
    "database is locked" under concurrent writers; reads use a plain ``BEGIN`` and share the database).
    Transactions are short: a few statements, never a scoring. The write lock is waited for by
    :func:`_begin_immediate`, whose polls favour the writers that have waited longest (SQLite's own busy
    handler starves them: seconds of tail latency under 20 writers; ``benchmarks/sqlite_writers.py``).
    One connection per process, reopened after a fork; a write that still finds the database busy (or
    a PostgreSQL connection that dropped) is retried with jittered backoff, so the lock never reaches
    the user. All of one write's waiting ends at one deadline (:data:`BUSY_TIMEOUT_S`): the queue, the
    lock and the retries share it, so their waits never add up.

    >>> db = Database("sqlite://")                      # in memory
    >>> db.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar())
    0
"""
from __future__ import annotations

import math
import os
import random
import re
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from sim.format.user_files import APP_NAME, data_dir
from sim.i18n import t
from sim.store.errors import StoreError, mask_url, one_line
from sim.store.queue import WriteQueue, open_queue

R = TypeVar("R")
BUSY_TIMEOUT_S = 30.0           # the longest one write waits in all (queue, lock, retries): Database.busy_timeout
READ_BUSY_MS = int(BUSY_TIMEOUT_S * 1000)  # the driver's own wait: for reads (WAL: rarely busy) and opening
POLL_FIRST_S = 0.004            # a new writer's pause between polls of the write lock...
POLL_AGE_S = 0.025              # ...shrinking as the writer waits: 1/(1 + (waited/POLL_AGE_S)^2)...
POLL_MIN_S = 0.0003             # ...to this
WRITE_ATTEMPTS = 8              # runs of a transaction that failed busy or on a dropped connection
RETRY_FIRST_S, RETRY_MAX_S = 0.05, 2.0  # backoff between those runs (jittered)
CONNECT_TIMEOUT_S = 10          # seconds to reach a PostgreSQL server before saying it cannot be reached

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

# The trainer's attempt policy for one assignment (issue 16), append-only: the latest row per assignment
# is the policy in force; an assignment without one keeps the old behaviour (unlimited, last attempt counts,
# key shown after each attempt).
assignment_policies = sa.Table(
    "assignment_policies", metadata, _key(), _ref("assignments"),
    sa.Column("max_attempts", sa.Integer, nullable=True),    # None: unlimited
    _text("counted", 10),                                   # first | best | last
    _text("key_shown", 20),                                 # after_attempt | after_due | never
    _at("set_at"),
)

# Personal links: a trainee's token for one cohort. The URL carries the token (the row id, a random
# nonce and a signature made with the organisation's secret); revoking sets revoked_at, never deletes.
tokens = sa.Table(
    "tokens", metadata, _key(), _ref("trainees"), _ref("cohorts"), _text("nonce", 64, unique=True),
    _at("issued_at"), _at("revoked_at", nullable=True),
)

# How an attempt was started: who vouched for the trainee (a personal link, the hub, or a typed name) and
# whether it counts (a typed name is practice). An attempt without a row predates this table and counts.
attempt_context = sa.Table(
    "attempt_context", metadata, _key(), _ref("attempts"), _text("identity", 10),   # token | hub | typed
    sa.Column("practice", sa.Boolean, nullable=False), _ref("tokens", nullable=True),
    _once("attempt_id", name="uq_attempt_context_once"),
)


def default_url() -> str:
    """``DRILL_DB`` if set (a URL or a SQLite file path), else a SQLite file in the user data dir."""
    env = os.environ.get("DRILL_DB", "").strip()
    if env:
        return as_url(env)
    return f"sqlite:///{data_dir() / 'drills.sqlite'}"


# What is meant as a URL, even a mistyped one: "scheme:/..." (``postgresql+psycopg:/drill:pw@db/x``, one slash
# short), or a database's scheme and a colon (``postgresql:drill@db``). Taken as a file path, it would create
# folders named after the server and show the password as part of the file's name. (``C:/x``: one letter, a
# Windows drive, stays a path.)
_URL_LIKE = re.compile(r"^[A-Za-z][\w+.-]+:/")
_BACKEND = re.compile(r"^(?:sqlite|postgres(?:ql)?|mysql|mariadb|oracle|mssql)(?:\+\w+)?:", re.IGNORECASE)


def as_url(given: str) -> str:
    """A database URL from what a user typed: a URL as it is (a malformed one too: it is then refused as not a
    database URL), a plain path as the URL of that SQLite file."""
    given = given.strip()
    if "://" in given or _URL_LIKE.match(given) or _BACKEND.match(given):
        return given
    if given in ("", ":memory:"):
        return "sqlite:///:memory:"
    return f"sqlite:///{Path(given).expanduser().resolve()}"


def in_memory(url: str) -> bool:
    """Whether ``url`` is a SQLite database that lives in memory only (gone when the process ends)."""
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        return False
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    modes = parsed.query.get("mode", ())
    modes = (modes,) if isinstance(modes, str) else modes
    # ":memory:" anywhere: SQLite's URI form "file::memory:?uri=true" is in memory too (and "mode=memory")
    return not database or ":memory:" in database or "memory" in modes or "mode=memory" in database


def resolve_url(given: str | None = None, lang: str = "en") -> str:
    """The results database a user named: ``given`` (``--db``: a URL or a SQLite file), else ``DRILL_DB``,
    else the file in the user data folder. StoreError for an in-memory SQLite database, whose results would
    vanish when the process ends."""
    url = as_url(given) if given and given.strip() else default_url()
    if in_memory(url):
        raise StoreError(t("drill.store.in_memory", lang, url=mask_url(url)))
    return url


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
    """A connection to the results database, its tables created. Thread-safe within a process.

    ``url``: a SQLAlchemy URL or a SQLite file path; None for :func:`resolve_url` (``DRILL_DB``, else the user's
    file). ``store.url`` is the URL as it may be shown, its password masked; the real one stays private.
    Opening fails with one line (StoreError) for a URL that cannot be read, a missing driver, a folder that
    cannot be created, a file that is not a SQLite database, a server that cannot be reached.
    """

    busy_timeout: float = BUSY_TIMEOUT_S   # seconds one write may wait in all, then "busy" (see write)

    def __init__(self, url: str | None = None, lang: str = "en"):
        self.lang = lang                  # language of error messages
        self._url = as_url(url) if url else resolve_url(None, lang)
        self.url = mask_url(self._url)    # what messages show
        self._lock = threading.RLock()
        self._pid = -1
        self._engine: sa.Engine | None = None
        self._queue: WriteQueue | None = None   # SQLite: the line of writers (sim.store.queue), per process
        self._queue_pid = -1
        self._queue_file: str | None = None
        engine = self._connect()
        self._create_tables()
        if engine.dialect.name == "sqlite":      # a database now: its writers may queue beside it
            path = _sqlite_file(engine.url)
            self._queue_file = str(path) + "-queue" if path is not None else None

    def _create_tables(self) -> None:
        """Create the missing tables; a database that cannot be opened is one line, at once (no retries)."""
        for attempt in range(2):
            try:
                self._run(metadata.create_all, read=False, tries=2)
                return
            except (IntegrityError, sa.exc.ProgrammingError) as exc:
                # PostgreSQL: another process created the same tables at the same moment; the second run finds them
                if attempt == 1:
                    raise self._cannot_open(exc) from None
            except sa.exc.DBAPIError as exc:
                raise self._cannot_open(exc) from None

    def _cannot_open(self, exc: sa.exc.DBAPIError) -> StoreError:
        return StoreError(t("drill.store.cannot_open", self.lang, url=self.url,
                            error=one_line(exc.orig, self._url)))

    def _connect(self) -> sa.Engine:
        if self._engine is not None and self._pid == os.getpid():
            return self._engine
        if self._engine is not None:     # forked: never use the parent's connection
            self._engine.dispose(close=False)
        try:
            url = sa.make_url(self._url)
            backend = url.get_backend_name()
        except (sa.exc.ArgumentError, ValueError):
            raise StoreError(t("drill.store.bad_url", self.lang, url=self.url)) from None
        try:
            if backend == "sqlite":
                engine = _sqlite_engine(url, self.lang, self.url)
            else:
                # One connection per process; a dropped one is replaced when a write is retried. A server that
                # does not answer is reported after CONNECT_TIMEOUT_S, not after the driver's default (none).
                libpq = backend == "postgresql" and url.get_driver_name() in ("psycopg", "psycopg2")
                args = {"connect_timeout": CONNECT_TIMEOUT_S} if libpq and "connect_timeout" not in url.query else {}
                engine = sa.create_engine(url, pool_size=1, max_overflow=2, pool_recycle=1800, connect_args=args)
        except (sa.exc.NoSuchModuleError, sa.exc.ArgumentError, ValueError):
            raise StoreError(t("drill.store.bad_url", self.lang, url=self.url)) from None
        except ImportError as exc:
            raise StoreError(t("drill.store.no_driver", self.lang, url=self.url, error=one_line(exc, self._url))) \
                from None
        self._engine, self._pid = engine, os.getpid()
        return engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._queue is not None:
            self._queue.close()
            self._queue, self._queue_pid = None, -1

    def write(self, fn: Callable[[sa.Connection], R], *, read: bool = False) -> R:
        """Run ``fn`` in one committed transaction. SQLite's write lock is waited for as :func:`_begin_immediate`
        says; a PostgreSQL connection that dropped is replaced and the transaction run again. All the waiting
        of one write (for this process's other threads, the writers' queue, the lock, the retries) ends at one
        deadline, ``busy_timeout`` seconds after it began: then it is "busy", one line. Every other database
        failure is a StoreError of one line too (an IntegrityError is left to the caller: it means a
        concurrent writer got there first)."""
        try:
            return self._run(fn, read=read, tries=WRITE_ATTEMPTS)
        except IntegrityError:
            raise
        except OperationalError as exc:
            if _busy(exc):
                raise StoreError(t("drill.store.busy", self.lang, url=self.url)) from exc
            raise StoreError(t("drill.store.failed", self.lang, url=self.url, error=one_line(exc.orig, self._url))) \
                from exc
        except sa.exc.DBAPIError as exc:
            raise StoreError(t("drill.store.failed", self.lang, url=self.url, error=one_line(exc.orig, self._url))) \
                from exc

    def _run(self, fn: Callable[[sa.Connection], R], *, read: bool, tries: int) -> R:
        deadline = time.monotonic() + self.busy_timeout     # one for the whole write: waits never stack up
        delay = RETRY_FIRST_S
        for attempt in range(tries):
            if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                raise StoreError(t("drill.store.busy", self.lang, url=self.url))   # a thread of ours held it
            try:
                engine = self._connect()
                # A SQLite writer queues for the write lock (first come, first served); the queue gives up at
                # the deadline, and then SQLite's lock is polled as without it, until the same deadline.
                queue = None if read else self._line()
                queued = queue is not None and queue.join(max(0.0, deadline - time.monotonic()))
                try:
                    with engine.connect() as conn:
                        conn.execution_options(drill_read=read, drill_deadline=deadline)
                        with conn.begin():
                            return fn(conn)
                except OperationalError as exc:
                    # busy: another process held SQLite past the lock wait; invalidated: the server restarted
                    retry = _busy(exc) or exc.connection_invalidated
                    if not retry or attempt == tries - 1 or time.monotonic() >= deadline:
                        raise
                finally:
                    if queued and queue is not None:
                        queue.leave()
            finally:
                self._lock.release()
            # jitter: retries of many processes spread out; never past the deadline (one more try then)
            time.sleep(max(0.0, min(delay * random.uniform(0.5, 1.5), deadline - time.monotonic())))
            delay = min(delay * 2, RETRY_MAX_S)
        raise AssertionError("unreachable")

    def _line(self) -> WriteQueue | None:
        """This process's place-taker in the SQLite writers' queue (opened after a fork anew), if any."""
        if self._queue_file is None:
            return None
        if self._queue_pid != os.getpid():      # first write of this process (or it cannot be kept: None)
            if self._queue is not None:
                self._queue.close()      # the parent's descriptor: its places are the parent's, not ours
            self._queue, self._queue_pid = open_queue(self._queue_file), os.getpid()
        return self._queue

    def write_or_adopt(self, fn: Callable[[sa.Connection], R]) -> R:
        """A get-or-create write: if another process created the same row meanwhile (a unique constraint
        failed, PostgreSQL), run it once more, now finding that row."""
        try:
            return self.write(fn)
        except IntegrityError:
            try:
                return self.write(fn)
            except IntegrityError as exc:
                raise StoreError(t("drill.store.failed", self.lang, url=self.url,
                                   error=one_line(exc.orig, self._url))) from exc

    def read(self, fn: Callable[[sa.Connection], R]) -> R:
        return self.write(fn, read=True)


def _busy(exc: OperationalError) -> bool:
    return any(w in str(exc.orig).lower() for w in ("locked", "busy"))


def _sqlite_file(url: sa.URL) -> Path | None:
    """The file of a SQLite URL (None in memory, or for a ``file:`` URI, which SQLite itself interprets)."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(database).expanduser()


def _not_a_file(path: Path) -> bool:
    """Whether ``path`` exists as something other than a regular file (a folder is told apart before)."""
    try:
        mode = path.stat().st_mode
    except OSError:          # missing (SQLite creates it), or not reachable: SQLite's own message says why
        return False
    return not stat.S_ISREG(mode)


def _sqlite_engine(url: sa.URL, lang: str, shown: str) -> sa.Engine:
    path = _sqlite_file(url)
    if path is not None:
        if path.is_dir():
            raise StoreError(t("drill.store.is_folder", lang, url=shown))
        if _not_a_file(path):
            # /dev/null, /dev/zero, a FIFO: SQLite would read nothing, hang, or create /dev/null-journal
            raise StoreError(t("drill.store.not_a_file", lang, url=shown))
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(t("drill.store.no_folder", lang, folder=folder, url=shown,
                               error=exc.strerror or exc)) from None
    # Writers wait for the lock in _begin_immediate, fairly; the driver's wait is for reads (and opening).
    engine = sa.create_engine(url, poolclass=sa.pool.StaticPool,
                              connect_args={"timeout": READ_BUSY_MS / 1000, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None      # the driver must not issue its own deferred BEGIN: _on_begin does
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")   # switching a new file to WAL waits for others
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Reads may share the database (WAL); writes take the lock up front, never mid-transaction.
        options = conn.get_execution_options()
        if options.get("drill_read"):
            conn.exec_driver_sql("BEGIN")
            return
        try:
            _begin_immediate(conn.connection.driver_connection, options.get("drill_deadline"))
        except sqlite3.Error as exc:
            # Raised from an event, the driver's error is not wrapped by SQLAlchemy: wrap it as a statement's would
            # be, so that a busy lock is retried (or reported busy) and any other failure is one line (write).
            raise sa.exc.DBAPIError.instance("BEGIN IMMEDIATE", None, exc, sqlite3.Error) from exc

    return engine


def _begin_immediate(dbapi_conn, deadline: float | None = None) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock with short, jittered polls that grow *more* frequent
    the longer this writer has waited.

    SQLite's own busy handler sleeps longer and longer (up to 100 ms a poll), so under 20 writers a writer
    that has waited a while keeps losing the lock to newcomers polling every millisecond: the issue measured
    p99 2 s and a maximum of 8.7 s. Here the oldest waiters poll most often and so take the lock next
    (close to first come, first served), and jitter keeps processes from polling in step. At ``deadline``
    (``time.monotonic()``; the write's, else :data:`BUSY_TIMEOUT_S` from now) the driver's "database is
    locked" error is raised (and reported as busy); the lock is polled at least once, however late.
    """
    started = time.monotonic()
    if deadline is None:
        deadline = started + BUSY_TIMEOUT_S
    dbapi_conn.execute("PRAGMA busy_timeout = 0")       # each poll returns at once; the pauses are ours
    try:
        while True:
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                message = str(exc).lower()
                if "locked" not in message and "busy" not in message:
                    raise
                waited = time.monotonic() - started
                if started + waited >= deadline:
                    raise
            pause = max(POLL_MIN_S, POLL_FIRST_S / (1.0 + (waited / POLL_AGE_S) ** 2))
            time.sleep(min(pause * random.uniform(0.5, 1.5), max(0.0, deadline - time.monotonic())))
    finally:
        dbapi_conn.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")


__all__ = ["APP_NAME", "Database", "StoreError", "answers", "as_url", "assignments", "attempts", "cohort_members",
           "cohorts", "command_results", "data_dir", "default_url", "drafts", "in_memory", "mask_url", "metadata",
           "overrides", "resolve_url", "scores", "trainees"]
