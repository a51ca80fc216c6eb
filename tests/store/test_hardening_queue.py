"""Issue 21, SQLite writers: the writers' queue (sim.store.queue) lets them in in the order they came,
is not blocked by a writer that died, and gives up after a timeout; the store writes with or without
it. (Latency under 20 writers is measured by benchmarks/sqlite_writers.py.)"""
import multiprocessing
import os
import signal
import time

import pytest

from sim.store import queue as Q
from sim.store.results import Store

pytestmark = pytest.mark.skipif(Q.fcntl is None, reason="no POSIX locks on this system")
ctx = multiprocessing.get_context("fork")


def _tickets(path) -> int:
    with open(path, "rb") as f:
        return int.from_bytes(f.read(8), "little")


def _wait_for_tickets(path, n, timeout=20):
    deadline = time.monotonic() + timeout
    while _tickets(path) < n:
        assert time.monotonic() < deadline, f"only {_tickets(path)} tickets taken"
        time.sleep(0.005)


def _writer(path, who, entered, hold):
    line = Q.WriteQueue(path)
    assert line.join(30)
    entered.put(who)
    time.sleep(hold)
    line.leave()


def test_writers_go_in_the_order_they_came(tmp_path):
    path = str(tmp_path / "d.sqlite-queue")
    first = Q.WriteQueue(path)
    assert first.join(1)                       # the line is empty: in at once
    entered = ctx.Queue()
    procs = []
    for who in range(1, 6):                     # each takes its ticket before the next one starts
        p = ctx.Process(target=_writer, args=(path, who, entered, 0.01))
        p.start()
        procs.append(p)
        _wait_for_tickets(path, who + 1)
    time.sleep(0.05)                            # all five are waiting behind the first
    first.leave()
    order = [entered.get(timeout=30) for _ in procs]
    for p in procs:
        p.join(10)
    assert order == [1, 2, 3, 4, 5]


def _hold_forever(path, ready):
    line = Q.WriteQueue(path)
    line.join(5)
    ready.set()
    time.sleep(60)


def test_a_writer_that_died_in_its_place_does_not_block_the_line(tmp_path):
    path = str(tmp_path / "d.sqlite-queue")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_forever, args=(path, ready))
    holder.start()
    assert ready.wait(20)
    line = Q.WriteQueue(path)
    started = time.monotonic()
    assert not line.join(0.3)                   # a live holder: the wait times out...
    assert 0.25 <= time.monotonic() - started < 5 and line.place is None     # ...and the place is given up
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(10)
    started = time.monotonic()
    assert line.join(10)                        # the dead holder's lock went with it
    assert time.monotonic() - started < 1
    line.leave()


def test_the_store_writes_with_its_queue_and_without_one(tmp_path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    attempt = store.start_attempt("Ann", "s", "h", "en")
    store.add_answer(attempt, "q1", "yes")
    assert (tmp_path / "d.sqlite-queue").is_file() and _tickets(tmp_path / "d.sqlite-queue") >= 3
    monkeypatch.setattr("sim.store.schema.open_queue", lambda path: None)    # Windows; a lock file it may not write
    plain = Store(f"sqlite:///{tmp_path / 'e.sqlite'}")
    plain.add_answer(plain.start_attempt("Ann", "s", "h", "en"), "q1", "yes")
    assert [a.value for a in plain.answers(1)] == ["yes"] and not (tmp_path / "e.sqlite-queue").exists()
