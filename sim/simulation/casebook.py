"""The case book and the event log: what happens to every complaint, written straight into columns.

A run of a year sees half a million complaints and several million steps. Kept as one Python object per
complaint (with its times as float objects) and one tuple per step, they cost 1.7-2.8 KB per complaint,
and the garbage collector walked them all again and again. Here each field is a numpy column with
integer codes for names, and a complaint is a row number:

* :class:`CaseBook` — one row per contact (the fields of :data:`CASE_FIELDS`), in arrival order; the
  row number is the case id. The model writes a field as ``book.intake_min[case] = now``.
* :class:`EventLog` — one row per step of a complaint: case, activity code (:data:`ACTIVITIES`),
  minute, team code (0 = none) and agent number (:data:`NO_AGENT`, :data:`SELF_SERVICE` or the agent's
  number within the team).

Both are :class:`Columns`: numpy arrays with room to spare, doubled when full. The model reads and writes
single values through a ``memoryview`` of each array (plain Python floats and ints, several times faster
than indexing numpy), and rows not yet reached are never touched, so spare room costs address space, not
memory. :meth:`Columns.arrays` hands the filled rows over as numpy arrays for the records.

The live command drill reads the book while the run goes on: ``book[i]`` is a :class:`CaseView` with the
familiar names (``t_arrive``, ``outcome``, ``t_intake``...), and ``book[-5000:]`` / ``reversed(book)``
work as on a list.

    >>> book = CaseBook(capacity=2)
    >>> for t in (1.0, 2.5, 4.0):                       # the third contact doubles the room
    ...     i = book.admit(t, channel=0, category=1, severity=2, incident=-1, kind=0, parent=-1, sync=True)
    >>> book.intake_min[1] = 3.0
    >>> len(book), book[1].t_intake, book[2].grade, [c.t_arrive for c in reversed(book)]
    (3, 3.0, -1, [4.0, 2.5, 1.0])
    >>> cols = book.arrays()
    >>> cols["case_id"].tolist(), cols["intake_min"][:2].tolist(), str(cols["severity"].dtype)
    ([0, 1, 2], [nan, 3.0], 'int8')
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterator

# (column, dtype, value before it happens), in the order of the complaints table.
CASE_FIELDS: tuple[tuple[str, Any, Any], ...] = (
    ("arrival_min", np.float64, math.nan),
    ("channel", np.int16, 0),
    ("category", np.int16, 0),
    ("severity", np.int8, 0),               # the customer's true grade
    ("grade", np.int8, -1),                 # the grade frontline assigned at intake (-1 before)
    ("incident", np.int16, -1),             # index into the scenario's incidents (-1: baseline)
    ("kind", np.int8, 0),                   # FIRST, RETRY or REPEAT
    ("parent", np.int64, -1),               # the contact a retry or repeat follows (-1: none)
    ("sync", np.bool_, False),
    ("waited", np.bool_, False),            # could not start intake on arrival
    ("intake_min", np.float64, math.nan),
    ("first_response_min", np.float64, math.nan),
    ("crisis_notified_min", np.float64, math.nan),
    ("crisis_review_min", np.float64, math.nan),
    ("resolved_min", np.float64, math.nan),
    ("end_min", np.float64, math.nan),
    ("outcome", np.int8, 0),                # OPEN, RESOLVED or ABANDONED
    ("escalations", np.int16, 0),
    ("satisfied", np.int8, -1),             # -1 not surveyed, 0 no, 1 yes
    ("deflected", np.bool_, False),
)

# The steps of the event log; a team's piece of work is logged as "<activity>_start" / "<activity>_end".
WORK = ("intake", "review", "consult", "resolve", "resolve_minor")
ACTIVITIES: tuple[str, ...] = ("arrive", "recorded", "crisis_notified", "resolved", "deflected", "abandoned",
                               "went_public", "escalated", "follow_up") + \
    tuple(f"{w}_{edge}" for w in WORK for edge in ("start", "end"))
ACTIVITY = {name: code for code, name in enumerate(ACTIVITIES)}
LOG_FIELDS_CODED: tuple[tuple[str, Any, Any], ...] = (
    ("case_id", np.int32, 0), ("activity", np.int8, 0), ("minute", np.float64, math.nan),
    ("team", np.int8, 0), ("agent", np.int32, 0))
NO_AGENT, SELF_SERVICE = 0, -1              # agent numbers that are not an agent (agents count from 1)
CHUNK = 4096                                # rows given their "before it happens" values at a time
# A column as the model reads and writes it: a memoryview of its numpy array. (Typed Any: typeshed's
# memoryview knows bytes items only, not the floats and ints a typed array's view holds.)
Column = Any


class Columns:
    """Numpy columns with room to spare, doubled when full; each column is also an attribute holding a
    ``memoryview`` of its array, for fast single-value reads and writes by row number."""

    def __init__(self, fields: tuple[tuple[str, Any, Any], ...], capacity: int):
        self.fields = fields
        self.n = 0
        self._ready = 0                     # rows given their "before" values so far
        self._arrays = {name: np.empty(max(1, capacity), dtype) for name, dtype, _ in fields}
        self._bind()

    def __len__(self) -> int:
        return self.n

    @property
    def capacity(self) -> int:
        return len(next(iter(self._arrays.values())))

    def _bind(self) -> None:
        for name, array in self._arrays.items():
            setattr(self, name, memoryview(array))  # type: ignore[arg-type]  # (ndarray is a buffer)

    def new_row(self) -> int:
        """The next row's number, making room first if needed."""
        i = self.n
        if i >= self._ready:
            self._prepare(i)
        self.n = i + 1
        return i

    def _prepare(self, i: int) -> None:
        if i >= self.capacity:              # double: copy the filled rows into arrays twice the size
            for name, old in list(self._arrays.items()):
                new = np.empty(2 * len(old), old.dtype)
                new[:self.n] = old[:self.n]
                self._arrays[name] = new
            self._bind()
        end = min(self.capacity, i + CHUNK)
        for name, _, before in self.fields:
            self._arrays[name][i:end] = before
        self._ready = end

    def arrays(self, copy: bool = True) -> dict[str, np.ndarray]:
        """The filled rows as numpy arrays (``copy=False``: views, for a run that writes no more)."""
        n = self.n
        return {name: (a[:n].copy() if copy else a[:n]) for name, a in self._arrays.items()}


class CaseBook(Columns):
    """One row per complaint contact, in arrival order (the row number is the case id)."""
    arrival_min: Column
    channel: Column
    category: Column
    severity: Column
    grade: Column
    incident: Column
    kind: Column
    parent: Column
    sync: Column
    waited: Column
    intake_min: Column
    first_response_min: Column
    crisis_notified_min: Column
    crisis_review_min: Column
    resolved_min: Column
    end_min: Column
    outcome: Column
    escalations: Column
    satisfied: Column
    deflected: Column

    def __init__(self, capacity: int = 1024):
        super().__init__(CASE_FIELDS, capacity)

    def admit(self, t: float, channel: int, category: int, severity: int, incident: int, kind: int,
              parent: int, sync: bool) -> int:
        """A contact arrives: its row, with what is known on arrival."""
        i = self.new_row()
        self.arrival_min[i] = t
        self.channel[i] = channel
        self.category[i] = category
        self.severity[i] = severity
        self.incident[i] = incident
        self.kind[i] = kind
        self.parent[i] = parent
        self.sync[i] = sync
        return i

    def arrays(self, copy: bool = True) -> dict[str, np.ndarray]:
        """The complaints' columns (``case_id`` first), as the records hold them."""
        return {"case_id": np.arange(self.n, dtype=np.int64), **super().arrays(copy)}

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            return [CaseView(self, i) for i in range(*key.indices(self.n))]
        i = key + self.n if key < 0 else key
        if not 0 <= i < self.n:
            raise IndexError(key)
        return CaseView(self, i)

    def __iter__(self) -> Iterator[CaseView]:
        return (CaseView(self, i) for i in range(self.n))

    def __reversed__(self) -> Iterator[CaseView]:
        return (CaseView(self, i) for i in range(self.n - 1, -1, -1))


# CaseView's attribute names (those of the former per-complaint objects) and the columns they read.
VIEW_NAMES = {"t_arrive": "arrival_min", "t_intake": "intake_min", "t_first": "first_response_min",
              "t_notified": "crisis_notified_min", "t_review": "crisis_review_min",
              "t_resolved": "resolved_min", "t_end": "end_min"}


class CaseView:
    """One row of the book, read by name as it stands now (``view.t_arrive``, ``view.outcome``...)."""
    __slots__ = ("book", "id")

    def __init__(self, book: CaseBook, i: int):
        self.book = book
        self.id = i

    def __getattr__(self, name: str) -> Any:
        column = getattr(self.book, VIEW_NAMES.get(name, name), None)
        if isinstance(column, memoryview):
            return column[self.id]
        raise AttributeError(name)


class EventLog(Columns):
    """One row per step of a complaint: case, activity code, minute, team code, agent number."""
    case_id: Column
    activity: Column
    minute: Column
    team: Column
    agent: Column

    def __init__(self, capacity: int = 4096):
        super().__init__(LOG_FIELDS_CODED, capacity)

    def add(self, case: int, activity: int, minute: float, team: int = 0, agent: int = NO_AGENT) -> None:
        """A step of complaint ``case`` at ``minute`` (by ``agent`` of ``team``, if any)."""
        i = self.n
        if i >= self._ready:
            self._prepare(i)
        self.n = i + 1
        self.case_id[i] = case
        self.activity[i] = activity
        self.minute[i] = minute
        self.team[i] = team
        self.agent[i] = agent
