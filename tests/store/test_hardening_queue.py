"""Issue 21, SQLite writers: the writers' queue (sim.store.queue) lets them in in the order they came,
is not blocked by a writer that died, gives up after a timeout, survives a queue file written over; the
store writes with or without it, and one write waits one deadline in all (queue, lock and retries).
(Latency under 20 writers is measured by benchmarks/sqlite_writers.py.)"""
import multiprocessing
import os
import signal
import sqlite3
import threading
import time

import pytest

from sim.store import queue as Q
from sim.store import schema
from sim.store.results import Store, StoreError

pytestmark = pytest.mark.skipif(Q.fcntl is None, reason="no POSIX locks on this system")
ctx = multiprocessing.get_context("fork")


def _tickets(path) -> int:
    """Tickets taken so far. (Not while this process holds a place: closing any descriptor of the file would
    drop its POSIX locks; :func:`_wait_for_tickets` reads through the queue's own descriptor.)"""
    with open(path, "rb") as f:
        return int.from_bytes(f.read(8), "little")


def _wait_for_tickets(line, n, timeout=20):
    def taken():
        return int.from_bytes(os.pread(line.fd, 8, 0), "little")
    deadline = time.monotonic() + timeout
    while taken() < n:
        assert time.monotonic() < deadline, f"only {taken()} tickets taken"
        time.sleep(0.005)


def _writer(path, who, log, hold):
    line = Q.WriteQueue(path)
    entered = line.join(30)
    # Written while the place is held (O_APPEND: each line lands whole, at the end): the file's order is the
    # order in which the writers were let in, whatever the scheduler does after.
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    os.write(fd, f"{who if entered else 'timed out'}\n".encode())
    os.close(fd)
    time.sleep(hold)
    line.leave()


def test_writers_go_in_the_order_they_came(tmp_path):
    path, log = str(tmp_path / "d.sqlite-queue"), tmp_path / "entered.log"
    log.write_text("")
    first = Q.WriteQueue(path)
    assert first.join(1)                       # the line is empty: in at once
    procs = []
    for who in range(1, 6):                     # each takes its ticket before the next one starts
        p = ctx.Process(target=_writer, args=(path, who, str(log), 0.01))
        p.start()
        procs.append(p)
        _wait_for_tickets(first, who + 1)
    time.sleep(0.05)                            # all five are waiting behind the first
    assert log.read_text() == ""                # none got in past it
    first.leave()
    for p in procs:
        p.join(30)
    assert log.read_text().split() == ["1", "2", "3", "4", "5"]


def _hold_forever(path, ready):
    line = Q.WriteQueue(path)
    line.join(5)
    ready.set()
    time.sleep(60)


def _holder(path):
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_forever, args=(path, ready))
    holder.start()
    assert ready.wait(20)
    return holder


def test_a_writer_gives_up_its_place_after_its_timeout(tmp_path):
    path = str(tmp_path / "d.sqlite-queue")
    holder = _holder(path)
    try:
        line = Q.WriteQueue(path)
        started = time.monotonic()
        assert not line.join(0.3)                   # a live holder: the wait times out...
        assert 0.25 <= time.monotonic() - started < 5 and line.place is None     # ...and the place is given up
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)


def test_a_writer_that_died_in_its_place_does_not_block_the_line(tmp_path):
    path = str(tmp_path / "d.sqlite-queue")
    holder = _holder(path)
    killer = threading.Timer(0.5, os.kill, (holder.pid, signal.SIGKILL))   # dies while the writer waits behind it
    line = Q.WriteQueue(path)
    started = time.monotonic()
    killer.start()
    try:
        assert line.join(10)                        # let in: the dead holder's lock went with it...
        waited = time.monotonic() - started
    finally:
        killer.cancel()
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)
    assert 0.4 <= waited < 5                        # ...not before it died, and long before the timeout
    line.leave()


def test_a_queue_file_that_was_written_over_is_no_traceback(tmp_path):
    """Eight bytes of 0xff made the next ticket too big for its 8 bytes: OverflowError out of every write."""
    queue_file = tmp_path / "d.sqlite-queue"
    queue_file.write_bytes(b"\xff" * 24)
    line = Q.WriteQueue(str(queue_file))
    assert line.join(1) and _tickets(queue_file) == 0       # the counter goes on from 0, the places in order
    line.leave()
    queue_file.write_bytes(b"\xff" * 8)
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    store.add_answer(store.start_attempt("Ann", "s", "h", "en"), "q1", "yes")
    assert [a.value for a in store.answers(1)] == ["yes"]


class Broken(Q.WriteQueue):
    def _number(self, offset, default):
        raise ValueError("garbage")


def test_a_queue_that_cannot_be_read_is_given_up_for_the_write(tmp_path):
    line = Broken(str(tmp_path / "d.sqlite-queue"))
    assert not line.join(1) and line.place is None


# --- one deadline per write ---------------------------------------------------------------------------

def _hold_the_database(db_file, queue_too, ready, stop):
    conn = sqlite3.connect(db_file, isolation_level=None)
    if queue_too:
        line = Q.WriteQueue(db_file + "-queue")
        line.join(5)
    else:
        conn.execute("BEGIN IMMEDIATE")          # SQLite's write lock, the queue left free
    ready.set()
    stop.wait(60)
    conn.close()


@pytest.mark.parametrize("held", ["queue", "lock"])
def test_a_write_waits_one_deadline_in_all(tmp_path, monkeypatch, held):
    """The queue's wait (up to 30 s), then the lock's (30 s), then 8 retries stacked up to minutes."""
    db_file = str(tmp_path / "d.sqlite")
    store = Store(f"sqlite:///{db_file}")
    attempt = store.start_attempt("Ann", "s", "h", "en")
    begins = []
    real_begin = schema._begin_immediate
    monkeypatch.setattr(schema, "_begin_immediate", lambda conn, deadline=None: (begins.append(deadline),
                                                                                 real_begin(conn, deadline))[1])
    store.busy_timeout = 0.5
    ready, stop = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_the_database, args=(db_file, held == "queue", ready, stop))
    holder.start()
    outcome = {}

    def write():
        started = time.monotonic()
        try:
            store.add_answer(attempt, "q1", "yes")
            outcome["done"] = "stored"
        except StoreError as exc:
            outcome["done"] = str(exc)
        outcome["took"] = time.monotonic() - started
    try:
        assert ready.wait(20)
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        writer.join(5)                            # without one deadline: 30 s or more
        assert not writer.is_alive()
    finally:
        stop.set()
        holder.join(10)
    assert 0.45 <= outcome["took"] < 2.5
    assert len(begins) == 1                        # no retry once the deadline has passed
    if held == "queue":      # the queue's whole wait spent: SQLite's lock, free, is taken at the first look
        assert outcome["done"] == "stored"
    else:
        assert outcome["done"].startswith("the results database sqlite:///") and "stayed busy" in outcome["done"]


def test_the_store_writes_with_its_queue_and_without_one(tmp_path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    attempt = store.start_attempt("Ann", "s", "h", "en")
    store.add_answer(attempt, "q1", "yes")
    assert (tmp_path / "d.sqlite-queue").is_file() and _tickets(tmp_path / "d.sqlite-queue") >= 3
    monkeypatch.setattr("sim.store.schema.open_queue", lambda path: None)    # Windows; a lock file it may not write
    plain = Store(f"sqlite:///{tmp_path / 'e.sqlite'}")
    plain.add_answer(plain.start_attempt("Ann", "s", "h", "en"), "q1", "yes")
    assert [a.value for a in plain.answers(1)] == ["yes"] and not (tmp_path / "e.sqlite-queue").exists()
