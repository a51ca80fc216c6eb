"""What a run of the centre leaves behind: plain records, the only thing the KPIs and tables are built from.

While the model runs, each complaint contact is a :class:`Case`: a slotted record the complaint's process
fills in as it walks the plan's steps (when intake started, when the first response went out, when the
crisis group was told, how it ended...). Around the cases the centre keeps three event records, each a
list of plain tuples appended at the simulation clock (so they are already in time order):

* the *event log*, one row per step of a complaint (:data:`LOG_FIELDS`; only when ``record_log`` is on);
* the *centre events*: triggers holding, the plan's activation, actions taking effect, call-ins
  (:data:`EVENT_FIELDS`);
* the *samples*: backlog, public attention and each team's queue, headcount and busy agents on a fixed
  cadence (:data:`SAMPLE_FIELDS`).

:class:`RunRecords` bundles them with per-team accounting once a run (or part of one) is over — the way
ciw hands ``get_all_records()`` to whoever wants them. :mod:`sim.simulation.metrics` computes KPIs and
tables from a ``RunRecords`` and never looks at the live model.

Codes, not strings, keep millions of records small: ``OUTCOMES[case.outcome]`` and ``KINDS[case.kind]``
name them, and a case's pre-drawn uniforms are indexed by the ``U_*`` columns.

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
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
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

# The plain tuples of the three event records.
LOG_FIELDS = ("case_id", "activity", "minute", "resource", "team")
EVENT_FIELDS = ("minute", "event", "detail")
SAMPLE_FIELDS = ("minute", "backlog", "public_attention", "queues", "on_duty", "busy")   # last three per team


class Case:
    """One complaint contact and what happened to it (times are simulation minutes, NaN until they happen).

    ``severity`` is the customer's true grade, ``grade`` the one frontline assigned at intake (-1 before);
    ``channel``, ``category`` and ``incident`` are indices into the plan's channels, categories and the
    scenario's incidents (-1: a baseline complaint). ``req`` is the queue request escalation may raise.
    """
    __slots__ = (
        "category",
        "channel",
        "deflected",
        "escalations",
        "grade",
        "handled_by",
        "id",
        "incident",
        "kind",
        "outcome",
        "parent",
        "req",
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
        self.req: Any = None                # the handling request waiting in a team's queue, if any
        self.handled_by = ""


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
    log: list[tuple] = field(default_factory=list)        # LOG_FIELDS rows
    events: list[tuple] = field(default_factory=list)     # EVENT_FIELDS rows
    samples: list[tuple] = field(default_factory=list)    # SAMPLE_FIELDS rows
    teams: dict[str, TeamRecord] = field(default_factory=dict)
    activated_at: float = math.nan              # when the plan was launched (NaN: never)
    trigger_first_held: dict[str, float] = field(default_factory=dict)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self.scenario.plan.channels)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.scenario.plan.categories)

    @classmethod
    def before_run(cls, scenario: Scenario) -> RunRecords:
        """The records of a run that has not started: no cases, every team idle (the KPIs' names are known)."""
        return cls(scenario, 0.0, case_arrays([]),
                   teams={name: TeamRecord(0.0, 0.0, 0.0, spec.cost_per_hour)
                          for name, spec in scenario.staffing.items()})


def case_arrays(cases: list[Case]) -> dict[str, np.ndarray]:
    """Column arrays of the case records (built once, at the end of a run)."""
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
