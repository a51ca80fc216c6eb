"""What a run of the centre leaves behind: plain records, the only thing the KPIs and tables are built from.

While the model runs, the complaints are rows of a :class:`~sim.simulation.casebook.CaseBook` (numpy
columns: when intake started, when the first response went out, when the crisis group was told, how it
ended...) and their steps rows of an :class:`~sim.simulation.casebook.EventLog`. Around them the centre
keeps two lists of plain tuples appended at the simulation clock (so already in time order):

* the *centre events*: triggers holding, the plan's activation, actions taking effect, call-ins
  (:data:`EVENT_FIELDS`);
* the *samples*: backlog, public attention and each team's queue, headcount and busy agents on a fixed
  cadence (:data:`SAMPLE_FIELDS`).

:class:`RunRecords` bundles them with per-team accounting once a run (or part of one) is over — the way
ciw hands ``get_all_records()`` to whoever wants them: ``cases`` and ``log`` as dicts of column arrays.
:mod:`sim.simulation.metrics` computes KPIs and tables from a ``RunRecords`` and never looks at the live
model.

Codes, not strings, keep millions of records small: ``OUTCOMES[outcome]``, ``KINDS[kind]``,
``ACTIVITIES[activity]``; a complaint's pre-drawn uniforms are indexed by the ``U_*`` columns.

Records can also be written by hand (tests, examples): a :class:`Case` per contact, then
:func:`case_arrays`.

    >>> case = Case(0, 12.5, channel=0, category=1, severity=2, incident=-1, kind=FIRST, parent=-1,
    ...             u=[0.5] * N_UNIFORMS, sync=True)
    >>> OUTCOMES[case.outcome], KINDS[case.kind], case.u[U_PATIENCE]
    ('open', 'first', 0.5)
    >>> cols = case_arrays([case])
    >>> float(cols["arrival_min"][0]), int(cols["severity"][0]), bool(np.isnan(cols["first_response_min"][0]))
    (12.5, 2, True)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from sim.format.scenario import Scenario

# Outcomes: every complaint ends in exactly one (open ones at the horizon stay OPEN).
OPEN, RESOLVED, ABANDONED = 0, 1, 2
OUTCOMES = ("open", "resolved", "abandoned")
# Kinds of contact: a first contact, a retry after hanging up, a repeat contact about an incident.
FIRST, RETRY, REPEAT = 0, 1, 2
KINDS = ("first", "retry", "repeat")

# Columns of a complaint's pre-drawn uniforms (common random numbers across staffing variants).
U_INTAKE, U_RESOLVE, U_CONSULT, U_REVIEW, U_FOLLOW, U_PATIENCE, U_GRADE, U_SATISFY, U_DEFLECT, \
    U_FOLLOW_DECIDE, U_RETRY, U_PUBLIC, U_REPEAT, U_REPEAT_DELAY, U_NOTICE, U_RETRY_DELAY = range(16)
N_UNIFORMS = 16

# The event log's columns (see sim.simulation.casebook: activity and team codes, agent numbers), and the
# plain tuples of the two other event records.
LOG_FIELDS = ("case_id", "activity", "minute", "team", "agent")
EVENT_FIELDS = ("minute", "event", "detail")
SAMPLE_FIELDS = ("minute", "backlog", "public_attention", "queues", "on_duty", "busy")   # last three per team


class Case:
    """One complaint contact and what happened to it, written by hand (times are simulation minutes, NaN
    until they happen); :func:`case_arrays` turns a list of them into the records' columns.

    ``severity`` is the customer's true grade, ``grade`` the one frontline assigned at intake (-1 before);
    ``channel``, ``category`` and ``incident`` are indices into the plan's channels, categories and the
    scenario's incidents (-1: a baseline complaint).
    """
    __slots__ = (
        "category",
        "channel",
        "deflected",
        "escalations",
        "grade",
        "id",
        "incident",
        "kind",
        "outcome",
        "parent",
        "satisfied",
        "severity",
        "sync",
        "t_arrive",
        "t_end",
        "t_first",
        "t_intake",
        "t_notified",
        "t_resolved",
        "t_review",
        "u",
        "waited",
    )

    def __init__(self, case_id: int, t: float, channel: int, category: int, severity: int, incident: int,
                 kind: int, parent: int, u: list[float], sync: bool):
        self.id = case_id
        self.t_arrive = t
        self.channel = channel
        self.category = category
        self.severity = severity
        self.grade = -1
        self.incident = incident
        self.kind = kind
        self.parent = parent
        self.u = u
        self.sync = sync
        self.waited = False
        self.t_intake = math.nan
        self.t_first = math.nan
        self.t_notified = math.nan
        self.t_review = math.nan
        self.t_resolved = math.nan
        self.t_end = math.nan
        self.outcome = OPEN
        self.escalations = 0
        self.satisfied = -1                 # -1 not surveyed, 0 no, 1 yes
        self.deflected = False


@dataclass(frozen=True)
class SampleTable:
    """The observer's samples as columns: ``minute``, ``backlog`` and ``public_attention`` (a value per
    sample) and ``queues``, ``on_duty`` and ``busy`` (a row per sample, a column per team). Iterating
    gives the :data:`SAMPLE_FIELDS` tuples, as a list of samples would.

        >>> table = SampleTable.from_rows([(0.0, 2, 0.5, (1,), (3,), (2,)), (15.0, 4, 0.25, (0,), (3,), (3,))], 1)
        >>> len(table), table.columns["backlog"].tolist(), list(table)[1]
        (2, [2, 4], (15.0, 4, 0.25, (0,), (3,), (3,)))
    """
    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.columns["minute"])

    def __iter__(self) -> Iterator[tuple]:
        c = self.columns
        for i in range(len(self)):
            yield (float(c["minute"][i]), int(c["backlog"][i]), float(c["public_attention"][i]),
                   *(tuple(c[name][i].tolist()) for name in SAMPLE_FIELDS[3:]))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple], teams: int) -> SampleTable:
        """The columns of :data:`SAMPLE_FIELDS` rows (a list of samples, hand-written or saved)."""
        if isinstance(rows, SampleTable):
            return rows
        rows = list(rows)
        sampled = dict(zip(SAMPLE_FIELDS, zip(*rows))) if rows else {name: () for name in SAMPLE_FIELDS}
        cols = {"minute": np.asarray(sampled["minute"], dtype=float),
                "backlog": np.asarray(sampled["backlog"], dtype=np.int64),
                "public_attention": np.asarray(sampled["public_attention"], dtype=float)}
        for name in SAMPLE_FIELDS[3:]:       # (rows written without the teams' figures have none)
            cols[name] = np.asarray(sampled[name], dtype=np.int64).reshape(len(rows), -1) if rows \
                else np.zeros((0, teams), dtype=np.int64)
        return cls(cols)


@dataclass
class PlanActivation:
    """When the plan was launched, on which trigger, with which actions, and by whom."""
    at: float
    trigger: str
    actions: tuple[str, ...]
    by: str = "plan"            # 'plan' (the monitor), 'manual' or 'trainee'


@dataclass(frozen=True)
class TeamRecord:
    """One team's accounting over a run, in agent-minutes."""
    duty_min: float             # on duty (present, busy or idle)
    busy_min: float             # at work on a case, work still in hand included
    overtime_min: float         # past the end of their shift, finishing the case in hand
    cost_per_hour: float


@dataclass
class RunRecords:
    """Everything a run left behind, as plain data: the input to every KPI and table."""
    scenario: Scenario
    now: float                                  # how far the run got (minutes)
    cases: dict[str, np.ndarray]                # column arrays, one row per contact (see case_arrays)
    log: dict[str, np.ndarray] = field(default_factory=lambda: empty_log())   # LOG_FIELDS columns
    events: list[tuple] = field(default_factory=list)     # EVENT_FIELDS rows
    samples: Sequence[tuple] | SampleTable = field(default_factory=list)    # SAMPLE_FIELDS rows
    teams: dict[str, TeamRecord] = field(default_factory=dict)
    activated_at: float = math.nan              # when the plan was launched (NaN: never)
    trigger_first_held: dict[str, float] = field(default_factory=dict)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self.scenario.plan.channels)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.scenario.plan.categories)

    @property
    def team_names(self) -> tuple[str, ...]:
        """The log's team codes: 0 is no team, then the scenario's teams in order."""
        return ("", *self.scenario.staffing)

    @classmethod
    def before_run(cls, scenario: Scenario) -> RunRecords:
        """The records of a run that has not started: no cases, every team idle (the KPIs' names are known)."""
        return cls(scenario, 0.0, case_arrays([]),
                   teams={name: TeamRecord(0.0, 0.0, 0.0, spec.cost_per_hour)
                          for name, spec in scenario.staffing.items()})


def empty_log() -> dict[str, np.ndarray]:
    """An event log with no rows."""
    return {"case_id": np.zeros(0, np.int32), "activity": np.zeros(0, np.int8), "minute": np.zeros(0),
            "team": np.zeros(0, np.int8), "agent": np.zeros(0, np.int32)}


def case_arrays(cases: list[Case]) -> dict[str, np.ndarray]:
    """Column arrays of hand-written case records (the same columns as a run's)."""
    n = len(cases)
    return {
        "case_id": np.fromiter((c.id for c in cases), dtype=np.int64, count=n),
        "arrival_min": np.fromiter((c.t_arrive for c in cases), dtype=float, count=n),
        "channel": np.fromiter((c.channel for c in cases), dtype=np.int16, count=n),
        "category": np.fromiter((c.category for c in cases), dtype=np.int16, count=n),
        "severity": np.fromiter((c.severity for c in cases), dtype=np.int8, count=n),
        "grade": np.fromiter((c.grade for c in cases), dtype=np.int8, count=n),
        "incident": np.fromiter((c.incident for c in cases), dtype=np.int16, count=n),
        "kind": np.fromiter((c.kind for c in cases), dtype=np.int8, count=n),
        "parent": np.fromiter((c.parent for c in cases), dtype=np.int64, count=n),
        "sync": np.fromiter((c.sync for c in cases), dtype=bool, count=n),
        "waited": np.fromiter((c.waited for c in cases), dtype=bool, count=n),
        "intake_min": np.fromiter((c.t_intake for c in cases), dtype=float, count=n),
        "first_response_min": np.fromiter((c.t_first for c in cases), dtype=float, count=n),
        "crisis_notified_min": np.fromiter((c.t_notified for c in cases), dtype=float, count=n),
        "crisis_review_min": np.fromiter((c.t_review for c in cases), dtype=float, count=n),
        "resolved_min": np.fromiter((c.t_resolved for c in cases), dtype=float, count=n),
        "end_min": np.fromiter((c.t_end for c in cases), dtype=float, count=n),
        "outcome": np.fromiter((c.outcome for c in cases), dtype=np.int8, count=n),
        "escalations": np.fromiter((c.escalations for c in cases), dtype=np.int16, count=n),
        "satisfied": np.fromiter((c.satisfied for c in cases), dtype=np.int8, count=n),
        "deflected": np.fromiter((c.deflected for c in cases), dtype=bool, count=n),
    }
