"""First come, first served among the processes writing one SQLite file.

SQLite has one write lock and no queue: a writer that finds it taken sleeps and tries again, and its
own busy handler sleeps longer and longer (up to 100 ms a try), so under 20 writers one that has waited
a while keeps losing to newcomers. The issue measured a p99 of 2 s and a maximum of 8.7 s per answer.

This queue puts the writers of one machine in line before they ask SQLite for the lock. It is a queue
lock (Craig, Landin and Hagersten's) made of POSIX byte-range locks on a small file beside the database
(``drills.sqlite-queue``):

1. under a short lock on byte 0, a writer takes the next ticket *n* from the counter kept in bytes 0–7
   and locks byte ``BASE + n`` (its place in line) before letting go of byte 0;
2. it waits until byte ``BASE + n - 1`` (the writer before it) is free: that writer has committed;
3. it writes (``BEGIN IMMEDIATE`` then finds the database free) and unlocks its own byte, which lets the
   next one in.

Each writer waits only for the one before it, so the order is the order of arrival. Only the next in
line looks often (every :data:`POLL_S`); one further back sleeps about half the time the writers ahead
of it will take (bytes 8–15 hold the ticket of the writer now writing, which says how many there are;
bytes 16–23 how long the last writer took), so 20 waiting writers cost a few hundred looks a second. The operating system drops the
locks of a process that dies, so a killed writer never blocks the line. A writer gives up its place
after a timeout (one stopped in a debugger holds its place) and then polls SQLite's own lock, as it
does where the queue cannot be kept (no POSIX locks: Windows; a lock file it may not write or cannot read
as numbers).
"""
from __future__ import annotations

import errno
import os
import random
import time

try:
    import fcntl
except ImportError:  # Windows: no POSIX byte-range locks
    fcntl = None  # type: ignore[assignment]

BASE = 1 << 20           # places in line are bytes BASE + ticket (mod SPAN), well past the counter
SPAN = 1 << 40
TICKETS = 1 << 64        # the counter's range (8 bytes); a multiple of SPAN
POLL_S = 0.0002          # how often the next in line looks whether the writer before it has finished
TRANSACTION_S = 0.003    # one answer's transaction until a writer has said how long it took (bytes 16–23)
MAX_PAUSE_S = 0.05       # the longest a writer sleeps between looks


class WriteQueue:
    """The line of writers of one database file (one per process; reopened after a fork)."""

    def __init__(self, path: str):
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)    # as SQLite creates its files (umask applies)
        self.place: int | None = None
        self.entered = 0.0

    def join(self, timeout: float) -> bool:
        """Take a place in line and wait for the writer before to finish; False if it took over ``timeout``
        or the file cannot be locked (the place is then given up: the caller goes on without the queue)."""
        try:
            return self._join(time.monotonic() + timeout)
        except (OSError, ValueError, OverflowError):
            # ENOLCK on a network file system; a queue file someone wrote over (its numbers out of range)
            self.leave()
            return False
        except BaseException:        # Ctrl-C while waiting: the place must not stay taken
            self.leave()
            raise

    def _join(self, deadline: float) -> bool:
        fd = self.fd
        while not self._lock(0):     # the counter is held for microseconds
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)
        try:
            ticket = self._number(0, 0)
            # modulo 2**64, a multiple of SPAN: after the largest ticket the places go on from 0 in order
            os.pwrite(fd, ((ticket + 1) % TICKETS).to_bytes(8, "little"), 0)
            self.place = BASE + ticket % SPAN
            fcntl.lockf(fd, fcntl.LOCK_EX, 1, self.place)   # nobody else holds it: tickets are unique
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, 0)
        before = BASE + (ticket - 1) % SPAN
        while True:
            if self._lock(before):
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, before)
                os.pwrite(fd, ticket.to_bytes(8, "little"), 8)    # "now writing": a hint for those behind
                self.entered = time.monotonic()
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                self.leave()
                return False
            ahead = min(max(1, ticket - self._number(8, ticket - 1)), 1000)   # the one writing included
            took = min(self._number(16, 0), 1_000_000) / 1e6 or TRANSACTION_S   # the last writer's time
            # Sleep about half the time the writers ahead will take, then look again: the next in line looks
            # every POLL_S, those further back a few times in all.
            pause = min(POLL_S + (ahead - 1) * took / 2, MAX_PAUSE_S)
            time.sleep(min(pause * random.uniform(0.8, 1.2), left))

    def _number(self, offset: int, default: int) -> int:
        raw = os.pread(self.fd, 8, offset)
        return int.from_bytes(raw, "little") if len(raw) == 8 else default

    def _lock(self, byte: int) -> bool:
        """Lock ``byte`` if it is free (True), else False at once."""
        try:
            fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, byte)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def leave(self) -> None:
        """Give up the place in line (after the commit): the next writer goes."""
        if self.place is None:
            return
        place, self.place = self.place, None
        try:
            if self.entered:          # how long this writer took, in microseconds: for those waiting
                took = int((time.monotonic() - self.entered) * 1e6)
                os.pwrite(self.fd, min(took, 1_000_000).to_bytes(8, "little"), 16)
            fcntl.lockf(self.fd, fcntl.LOCK_UN, 1, place)
        except OSError:
            pass
        self.entered = 0.0

    def close(self) -> None:
        self.leave()
        os.close(self.fd)


def open_queue(path: str) -> WriteQueue | None:
    """The writers' queue kept in the file ``path`` (``drills.sqlite-queue``), or None where it cannot be kept
    (no POSIX locks, a folder that is read-only)."""
    if fcntl is None:
        return None
    try:
        return WriteQueue(path)
    except OSError:
        return None


__all__ = ["WriteQueue", "open_queue"]
