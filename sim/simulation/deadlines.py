"""Deadlines that mostly pass unnoticed: escalation checks and callers' patience, off SimPy's calendar.

Every complaint still short of a target is escalated at the plan's share of it, and every caller who
waits for intake hangs up when their patience runs out. Scheduled as SimPy events, each such check is an
event on the calendar — a tenth of all of them on the flagship — and nearly every one finds nothing to
do: the case was resolved long before its escalation point, the caller was answered before they lost
patience (2 of some 1,500 escalation checks on the flagship escalate anything). Worse, the escalation
points lie days ahead, so thousands of them sit in the calendar's heap and every other event pays for a
deeper heap.

:class:`Deadlines` keeps them in a heap of its own and puts **one** entry on the calendar, at the earliest
deadline that can still matter (a :class:`~sim.simulation.story.Wake`, as a delay would). When it wakes,
the deadlines due fire, and the ones ahead that can no longer matter are dropped without ever reaching
the calendar. Each deadline comes with ``pending(case, arg)``: whether it still matters. Being no longer
pending must be for good (a resolved case stays resolved, an answered caller stays answered): a deadline
dropped early would only have found, at its time, nothing to do.

The order of events is unchanged: a deadline fires at the very time its own calendar entry would have
(``now + delay``, the same float sum), after the events scheduled before it was set. (Only an event at
exactly the same instant, scheduled between the deadline being set and the wake being put on the
calendar, could now come first; with continuous times that does not happen, and the library scenarios'
results are bit-identical.)

    >>> import simpy
    >>> env = simpy.Environment()
    >>> deadlines, seen, answered = Deadlines(env), [], set()
    >>> def pending(name, _):
    ...     return name not in answered
    >>> def fire(name, _):
    ...     if pending(name, _):
    ...         seen.append((name, env.now))
    >>> for name, patience in (("ann", 5.0), ("bob", 3.0), ("cy", 9.0)):
    ...     deadlines.add(patience, pending, fire, name, None)
    >>> answered.add("cy")                              # answered: its deadline never reaches the calendar
    >>> env.run()
    >>> seen, len(deadlines)
    ([('bob', 3.0), ('ann', 5.0)], 0)
"""
from __future__ import annotations

from heapq import heappop, heappush
from itertools import count
from typing import TYPE_CHECKING, Any

from simpy.core import NORMAL

from sim.simulation.story import Wake

if TYPE_CHECKING:
    from collections.abc import Callable

    import simpy

    Check = Callable[[Any, Any], bool]
    Fire = Callable[[Any, Any], None]


class Deadlines:
    """Deadlines kept off the calendar but for the earliest that may still matter (see the module)."""
    __slots__ = ("_armed", "_eid", "_heap", "_seq", "env", "queue")

    def __init__(self, env: simpy.Environment):
        self.env = env
        self.queue: list[Any] = env._queue
        self._eid = env._eid
        self._heap: list[tuple[float, int, Check, Fire, Any, Any]] = []
        self._seq = count()                 # ties in time fire in the order set, as on the calendar
        self._armed: list[float] = []       # times of this watch's wakes on the calendar

    def __len__(self) -> int:
        """Deadlines set and neither fired nor dropped yet."""
        return len(self._heap)

    def add(self, delay: float, pending: Check, fire: Fire, case: Any, arg: Any) -> None:
        """In ``delay`` minutes (>= 0), ``fire(case, arg)``, unless ``pending(case, arg)`` has turned false
        by then (``fire`` is called when it is due all the same if it still held when last looked at: it
        checks again)."""
        when = self.env._now + delay
        heappush(self._heap, (when, next(self._seq), pending, fire, case, arg))
        armed = self._armed
        if not armed or when < armed[0]:
            self._arm(when)

    def _arm(self, when: float) -> None:
        wake = Wake()
        wake.callbacks = [self._wake]
        heappush(self.queue, (when, NORMAL, next(self._eid), wake))
        heappush(self._armed, when)

    def _wake(self, _event: object) -> None:
        now = self.env._now
        heappop(self._armed)                # this wake: the earliest one
        heap = self._heap
        newer = next(self._seq)             # deadlines set while these fire wait for a wake of their own
        while heap:
            when, seq, pending, fire, case, arg = heap[0]
            if when <= now and seq < newer:
                heappop(heap)
                fire(case, arg)
            elif when > now and not pending(case, arg):     # would find nothing to do: dropped
                heappop(heap)
            else:
                break
        armed = self._armed
        if heap and (not armed or heap[0][0] < armed[0]):
            self._arm(heap[0][0])
