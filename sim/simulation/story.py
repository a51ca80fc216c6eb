"""A complaint's story as a generator that SimPy events resume directly, without a ``simpy.Process``.

A SimPy process costs two scheduled events beyond the ones it waits for: one to start it and one to
mark its end. A complaint's story waits for two or three events in all (its service, perhaps a queue),
and nobody ever waits for the story itself to end, so those two bookkeeping events were a third of
the simulator's work. :func:`tell` runs a story at once up to its first ``yield`` and then resumes it
from the callback of each event it waits for, exactly as ``simpy.Process`` does: the value of the
event is what ``yield`` returns; an event already processed resumes the story at once; a failed event
is thrown into it.

The story still reads like the plan's steps (``yield sleep(intake)``, ``agent = yield request``);
only who turns the pages changes. Stories another waits for (the consults a complaint's handler
waits on) signal their end through :class:`Alongside`.

A story's waits are mostly plain delays. :func:`sleeper` gives a ``sleep(minutes)`` that puts a bare
:class:`Wake` on SimPy's calendar exactly as ``env.timeout(minutes)`` puts a ``Timeout`` there (same
time, same priority, the next number of the same counter: the order of events is unchanged), without a
``Timeout``'s checks and attributes: a delay is a third of a complaint's events.

    >>> import simpy
    >>> env = simpy.Environment()
    >>> seen = []
    >>> def walk():
    ...     seen.append(("start", env.now))
    ...     yield env.timeout(5)
    ...     value = yield env.timeout(2, value="done")
    ...     seen.append((value, env.now))
    >>> tell(walk())
    >>> seen                                  # started at once, no event needed
    [('start', 0)]
    >>> env.run()
    >>> seen, len(env._queue)
    ([('start', 0), ('done', 7)], 0)
"""
from __future__ import annotations

from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any, cast

from simpy.core import NORMAL, URGENT

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

    import simpy

    Process = Generator[simpy.Event, Any, None]


class _Story:
    """Turns the pages of one story: resumes the generator with each awaited event's value, and calls
    ``ended`` (if given) when it is over."""
    __slots__ = ("ended", "generator")

    def __init__(self, generator: Generator[simpy.Event, Any, Any], ended: Callable[[], None] | None = None):
        self.generator = generator
        self.ended = ended

    def resume(self, event: simpy.Event | None) -> None:
        generator = self.generator
        while True:
            try:
                if event is None:
                    waited = next(generator)
                elif event._ok:
                    waited = generator.send(event._value)
                else:                       # a failed event: the story may handle it (as in SimPy)
                    event._defused = True
                    waited = generator.throw(event._value)
            except StopIteration:
                if self.ended is not None:
                    self.ended()
                return
            if waited.callbacks is not None:        # not processed yet: resume when it is
                waited.callbacks.append(self.resume)
                return
            event = waited                  # already processed: go on at once


class Alongside:
    """Stories that go on alongside the main one, and what the main one waits for: in a complaint, the
    crisis group's review and the consults beside the handler's work (:mod:`sim.simulation.complaint`).

    Each piece is a story of its own, started by :meth:`begin` — which the handler's task calls just
    before it first waits: the moment at which SimPy would have started them as processes, so the order
    of events is the same. :meth:`finished` is None once all are done, else an event that succeeds when
    the last one ends.
    """
    __slots__ = ("done", "env", "pending", "waiting")

    def __init__(self, env: simpy.Environment):
        self.env = env
        self.waiting: list[Process] = []          # added, not begun
        self.pending = 0                            # begun or not, not yet finished
        self.done: simpy.Event | None = None

    def __bool__(self) -> bool:
        return self.pending > 0

    def add(self, work: Process) -> None:
        self.waiting.append(work)
        self.pending += 1

    def begin(self) -> None:
        waiting, self.waiting = self.waiting, []
        for work in waiting:
            tell(work, self._ended)

    def _ended(self) -> None:
        """One piece is over (told by its story as it ends: no wrapper around each piece)."""
        self.pending -= 1
        if not self.pending and self.done is not None:
            self.done.succeed()

    def finished(self) -> simpy.Event | None:
        if not self.pending:
            return None
        self.done = self.env.event()
        return self.done


class Wake:
    """An event that only happens: SimPy's loop needs its ``callbacks`` (set to None once processed),
    ``_ok`` and ``_value``; a story's ``yield`` resumes with its value, None. Whoever makes one gives it
    its ``callbacks`` list (no ``__init__``: a call fewer for a third of a run's events)."""
    __slots__ = ("callbacks",)
    _ok = True
    _value = None
    callbacks: list | None


def sleeper(env: simpy.Environment) -> Callable[[float], simpy.Event]:
    """``sleep(delay)``: a :class:`Wake` ``delay`` minutes from now on ``env``'s calendar, as
    ``env.timeout(delay)`` would schedule its ``Timeout`` (``delay`` >= 0, as the model's delays are).

    >>> import simpy
    >>> env = simpy.Environment()
    >>> sleep, seen = sleeper(env), []
    >>> sleep(3).callbacks.append(lambda _ev: seen.append(("wake", env.now)))
    >>> env.timeout(3).callbacks.append(lambda _ev: seen.append(("timeout", env.now)))
    >>> env.run()
    >>> seen                                  # same time: in the order they were scheduled
    [('wake', 3), ('timeout', 3)]
    """
    queue: list[Any] = env._queue
    eid = env._eid

    def sleep(delay: float) -> simpy.Event:
        wake = Wake()
        wake.callbacks = []
        heappush(queue, (env._now + delay, NORMAL, next(eid), wake))
        return cast("simpy.Event", wake)       # typed as the event it stands in for (what stories yield)
    return sleep


def tell(generator: Generator[simpy.Event, Any, Any], ended: Callable[[], None] | None = None) -> None:
    """Start a story now; it runs to its first wait and goes on as the events it waits for happen
    (``ended()`` is called when it is over)."""
    _Story(generator, ended).resume(None)


def begin_story(env: simpy.Environment, generator: Generator[simpy.Event, Any, Any]) -> None:
    """Start a story where ``env.process(generator)`` would start a process: at an urgent event scheduled
    now (after the urgent events already scheduled for now, before any other event), so the order of events
    is the same; no process, no event marking its end.

    >>> import simpy
    >>> env = simpy.Environment()
    >>> seen = []
    >>> def story(name):
    ...     seen.append(name)
    ...     yield env.timeout(1)
    >>> begin_story(env, story("story")); _ = env.process(story("process")); begin_story(env, story("after"))
    >>> seen                                  # nothing starts before the run
    []
    >>> env.run(); seen
    ['story', 'process', 'after']
    """
    soon(env, lambda _event: tell(generator))


def soon(env: simpy.Environment, callback: Callable[[Any], None]) -> None:
    """``callback(event)`` at an urgent event scheduled now: where SimPy would start a process."""
    wake = Wake()
    wake.callbacks = [callback]
    queue: list[Any] = env._queue           # (holds Wakes too: they are event enough for SimPy's loop)
    heappush(queue, (env._now, URGENT, next(env._eid), wake))


def run_until(env: simpy.Environment, until: float) -> None:
    """``env.run(until=until)`` (``until`` later than now), with SimPy's loop written out here.

    The same steps in the same order: the end of the run is an urgent event at ``until`` scheduled now,
    as ``env.run`` schedules it; each event is taken off the calendar, the clock set to its time, its
    callbacks called, and a failed event nobody handled raised. Only the call of ``env.step`` per event is
    saved: a run of the flagship processes some five events per complaint, and a call each was a twentieth
    of its time.

    >>> import simpy
    >>> env = simpy.Environment()
    >>> seen = []
    >>> for t in (1, 3, 3, 5):
    ...     env.timeout(t).callbacks.append(lambda _ev, t=t: seen.append((t, env.now)))
    >>> run_until(env, 3)
    >>> seen, env.now                         # an event at the end time waits for the next run
    ([(1, 1)], 3.0)
    >>> run_until(env, 10); seen[1:]
    [(3, 3), (3, 3), (5, 5)]
    """
    queue: list[Any] = env._queue
    end = Wake()
    end.callbacks = []
    heappush(queue, (env._now + (float(until) - env._now), URGENT, next(env._eid), end))
    while True:
        env._now, _, _, event = heappop(queue)
        if event is end:
            return
        callbacks, event.callbacks = event.callbacks, None
        for callback in callbacks:
            callback(event)
        if not event._ok and not hasattr(event, "_defused"):
            failure = event._value                  # as SimPy raises it: a copy, caused by the original
            exc = type(failure)(*failure.args)
            exc.__cause__ = failure
            raise exc
