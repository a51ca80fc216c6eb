"""The plan's rules as pure functions: grading, routing, queue priority, escalation, activation triggers,
action effects and satisfaction.

Every plan question the kit asks is answered here, once: the SimPy model (:mod:`sim.simulation.centre`),
the staffing analytics (:mod:`sim.staffing`) and the live command drill call these functions and never
encode a rule themselves, so a planner who edits the plan file changes all of them without touching code.

Grades are codes: ``MINOR, MODERATE, MAJOR = 0, 1, 2`` (the order of :data:`SEVERITY_IDS`), and
:data:`GRADES` lists them in that order (tables per grade are indexed by them).

    >>> priority(MAJOR), priority(MINOR)       # a lower number is served first
    (0, 2)
    >>> surge_expected(12.0, now=30.0, window=60.0)   # half the first window seen: expect the whole window's
    24.0
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.format.vocabulary import SEVERITY_IDS

if TYPE_CHECKING:   # type names only: this module reads plan and scenario objects, it never builds them
    from collections.abc import Iterable

    from sim.format.activation import OtherTrigger, SurgeTrigger
    from sim.format.customers import SatisfactionModel
    from sim.format.demand import Incident
    from sim.format.plan import Plan
    from sim.format.scenario import Scenario

MINOR, MODERATE, MAJOR = 0, 1, 2
GRADES = (MINOR, MODERATE, MAJOR)


# --- grading and routing ------------------------------------------------------------------------

def grading_matrix(scenario: Scenario) -> list[list[float]]:
    """Cumulative probabilities of the assigned grade for each true grade (identity where not given)."""
    rows = []
    for true in SEVERITY_IDS:
        mix = scenario.grading.accuracy.get(true, {true: 1.0})
        acc, cum = 0.0, []
        for assigned in SEVERITY_IDS:
            acc += mix.get(assigned, 0.0)
            cum.append(acc)
        rows.append([c / acc for c in cum])
    return rows


def assign_grade(cumulative_row: list[float], u: float) -> int:
    """The grade frontline assigns, from the true grade's cumulative row and a uniform draw."""
    for grade, c in enumerate(cumulative_row):
        if u < c:
            return grade
    return MAJOR


def grade_steps(cumulative_row: list[float], floored: list[int]) -> tuple[tuple[float, int], ...]:
    """:func:`assign_grade` then the category's floor (``floored[grade]``, :func:`effective_grade`), as
    steps to read per complaint: the grade is that of the first step whose bound is above the draw.

    Asked once per category and true grade, not per complaint: grades no draw can reach are left out, and
    neighbours that end in the same grade are one step, so a grade that is certain (the usual case) is a
    single step. Same draw, same grade as asking the two rules.

    >>> grade_steps([0.0, 0.0, 1.0], [0, 1, 2]), grade_steps([0.7, 1.0, 1.0], [2, 2, 2])
    (((inf, 2),), ((inf, 2),))
    >>> grade_steps([0.25, 0.75, 1.0], [0, 1, 2])
    ((0.25, 0), (0.75, 1), (inf, 2))
    """
    steps: list[list] = []
    below = 0.0
    for grade, bound in enumerate(cumulative_row):
        if bound > below:                   # a draw can land here (none lands below 0 or twice)
            if steps and steps[-1][1] == floored[grade]:
                steps[-1][0] = bound
            else:
                steps.append([bound, floored[grade]])
            below = bound
    # past the last bound assign_grade says MAJOR (a draw is below 1, so only a row short of 1 gets there)
    if steps and steps[-1][1] == floored[MAJOR]:
        steps[-1][0] = math.inf
    else:
        steps.append([math.inf, floored[MAJOR]])
    return tuple((bound, grade) for bound, grade in steps)


def severity_floor(plan: Plan, category: str) -> int:
    """The lowest grade a category may have (a data leak is always major); MINOR when it sets none."""
    floor = plan.categories[category].minimum_severity
    return SEVERITY_IDS.index(floor) if floor else MINOR


def effective_grade(plan: Plan, grade: int, category: str) -> int:
    """A category can set a minimum grade (a data leak is always major)."""
    return max(grade, severity_floor(plan, category))


@dataclass(frozen=True)
class CaseRoute:
    """Where one complaint goes: who handles it, who is consulted, who is notified.

    ``first_contact``: frontline resolves it in the same contact as intake (first-contact resolution),
    which it does when it handles the complaint and the crisis group need not be told.
    """
    handled_by: str
    consult: tuple[str, ...]
    notify_crisis_group: bool
    notify: tuple[str, ...]
    first_contact: bool


def route_for(plan: Plan, severity: str, category: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(handled_by, consulted roles, notified roles) for a complaint of this grade and category.

    The grade's routing row names the handler; the category adds the departments it must consult (before
    the row's own, when the row says so) and the roles it must notify.
    """
    row = plan.routing[severity]
    cat = plan.categories.get(category)
    consult = list(row.consult)
    if row.consult_category_departments and cat is not None:
        consult = list(dict.fromkeys(list(cat.consult) + consult))
    notify = list(dict.fromkeys(list(row.notify) + (list(cat.notify) if cat else [])))
    return row.handled_by, tuple(consult), tuple(notify)


def route(plan: Plan, grade: int, category: str) -> CaseRoute:
    """Who handles, who is consulted and who is notified, per the plan's routing and category rules."""
    handled_by, consult, notify = route_for(plan, SEVERITY_IDS[grade], category)
    crisis_group = "crisis_group" in notify
    return CaseRoute(handled_by, consult, crisis_group, notify,
                     first_contact=handled_by == "frontline" and not crisis_group)


# --- targets, queue priority and escalation -----------------------------------------------------

def first_response_target(plan: Plan, severity: int) -> float:
    """Minutes within which a complaint of this grade must get its first response."""
    return plan.targets.first_response[SEVERITY_IDS[severity]]


def resolution_target(plan: Plan, severity: int) -> float:
    """Minutes within which a complaint of this grade must be resolved."""
    return plan.targets.resolution[SEVERITY_IDS[severity]]


def priority(grade: int) -> int:
    """Queue priority: lower is served first (major 0, moderate 1, minor 2)."""
    return 2 - grade


# A follow-up call waits behind every complaint still waiting for its first response.
FOLLOW_UP_PRIORITY = priority(MINOR) + 1


def escalation_after(plan: Plan, target: float) -> float:
    """Minutes after arrival at which a case still short of its target escalates."""
    return plan.escalation.at_share_of_target * target


def escalated_priority(plan: Plan, current: int) -> int:
    """The queue priority of a waiting case once it escalates (raised by the plan's bump, never below 0)."""
    return max(0, current - plan.escalation.priority_bump)


def escalates_to_crisis_group(plan: Plan, grade: int) -> bool:
    """Whether a case of this grade about to breach its resolution target goes up a tier to the crisis group."""
    return grade == MODERATE and plan.escalation.moderate_to_next_tier


# --- activation triggers ------------------------------------------------------------------------

def surge_holds(count: float, baseline_expected: float, trigger: SurgeTrigger) -> bool:
    """Trigger 1: complaints in the window exceed the multiple of what the baseline would bring."""
    return count >= trigger.minimum_complaints and count > trigger.multiple_of_baseline * baseline_expected


def surge_expected(expected_so_far: float, now: float, window: float) -> float:
    """What the baseline brings in a whole surge window, from what it brought in the part seen so far.

    Before one window has passed only ``now`` minutes were seen: the expectation is scaled up to the full
    window, so an early surge is compared with a window's worth of baseline, not with a sliver of it.
    (The factor is computed first, as the models always did, so their seeded results stay bit-identical.)
    """
    if now < window:
        return expected_so_far * (window / max(now, 1e-9))
    return expected_so_far


def surge_qualifies(trigger: SurgeTrigger, category: str, severity: int) -> bool:
    """Whether a complaint of this category and true grade counts towards the surge trigger."""
    return (not trigger.categories or category in trigger.categories) and \
        severity >= SEVERITY_IDS.index(trigger.minimum_severity)


def surge_share(scenario: Scenario, trigger: SurgeTrigger) -> float:
    """Share of baseline complaints that count towards the surge trigger (its categories and grades)."""
    share = 0.0
    floor = SEVERITY_IDS.index(trigger.minimum_severity)
    for cat, p in scenario.arrivals.categories.items():
        if trigger.categories and cat not in trigger.categories:
            continue
        mix = scenario.arrivals.severity_mix(cat)
        share += p * sum(mix.get(s, 0.0) for s in SEVERITY_IDS[floor:])
    return share


def outage_holds(incidents: Iterable[Incident], now: float) -> bool:
    """Trigger 2: a service outage or major failure is under way."""
    return any(inc.outage and inc.at <= now < inc.at + inc.outage for inc in incidents)


def attention_holds(level: float, plan: Plan) -> bool:
    """Trigger 3: public attention (the decaying attention index) has reached the plan's threshold."""
    return level >= plan.activation.triggers.public_attention.threshold


def attention_decay_per_minute(plan: Plan) -> float:
    """Factor by which the attention index shrinks each minute (it halves every half-life)."""
    return 0.5 ** (1.0 / plan.activation.triggers.public_attention.half_life)


def post_weight(incident: Incident | None) -> float:
    """What one public post adds to the attention index: the attention weight of the incident it is about
    (how far posts about it spread), 1 for a post about no incident."""
    return incident.public_attention if incident is not None else 1.0


class AttentionIndex:
    """Public attention: each public post adds its weight; the total halves every ``half_life`` minutes."""

    __slots__ = ("rate", "updated", "value")

    def __init__(self, half_life: float):
        self.rate = math.log(2) / half_life
        self.value = 0.0
        self.updated = 0.0

    def at(self, t: float) -> float:
        return self.value * math.exp(-self.rate * (t - self.updated))

    def add(self, t: float, weight: float) -> None:
        self.value = self.at(t) + weight
        self.updated = t


def relationship_holds(complaints: float, trigger: OtherTrigger) -> bool:
    """Trigger 4: first contacts about an incident the scenario marks ``relationship_at_risk`` have reached
    the plan's minimum (the crisis group has seen enough to judge the relationship at risk)."""
    return complaints >= trigger.minimum_complaints


def first_trigger(held: dict[str, bool]) -> str | None:
    """The trigger that activates the plan when several hold at one check: the first in the plan's order."""
    return next((name for name, holds in held.items() if holds), None)


# --- activation actions -------------------------------------------------------------------------

def reserve_called_in(plan: Plan, reserve: int, reserve_left: int | None = None) -> int:
    """Reserve staff of a team that the reserve call-in action brings: the plan's share of the team's
    reserve, rounded, never more than the reserve still at home."""
    share = plan.activation.actions.reserve_call_in.share_of_reserve
    left = reserve if reserve_left is None else reserve_left
    return max(0, min(left, round(share * reserve)))


def self_service_deflects(plan: Plan, severity: int) -> float:
    """Share of complaints of this true grade that self-service answers once it is in effect (minor only)."""
    return plan.activation.actions.self_service.deflect_share if severity == MINOR else 0.0


def notice_prevents(plan: Plan) -> float:
    """Share of incident-related repeat contacts the proactive notice answers before the customer calls."""
    return plan.activation.actions.proactive_notice.repeat_contact_reduction


def on_call_joins_after(plan: Plan, mobilise: float) -> float:
    """Minutes from the crisis-command action to a team's on-call members being at work."""
    return plan.activation.actions.crisis_command.delay + mobilise


def on_call_needed(on_duty: int, mobilising: int) -> bool:
    """Whether work reaching a team calls its on-call members (outside the plan's activation): nobody of
    the team is on duty and nobody is already on the way."""
    return on_duty == 0 and mobilising == 0


def shift_extended_by(plan: Plan, team: str) -> float:
    """Minutes a team's shift stays on past its planned end once extended hours are in effect: the plan's
    ``extend_by`` for frontline (the emergency hotline stays open), nothing for other teams."""
    return plan.activation.actions.extended_hours.extend_by if team == "frontline" else 0.0


# --- satisfaction -------------------------------------------------------------------------------

def lateness(actual: float, target: float) -> float:
    """How many multiples of its target a duration overran (0 when on time)."""
    return max(0.0, (actual - target) / target) if target > 0 else 0.0


def case_lateness(first_response: float, resolution: float, fr_target: float, res_target: float) -> float:
    """The worse overrun of a case's first response and resolution, in multiples of their targets (the
    plan's targets for its grade, :func:`first_response_target` and :func:`resolution_target`, which the
    caller has looked up once)."""
    return max(lateness(first_response, fr_target), lateness(resolution, res_target))


def satisfaction_chance(model: SatisfactionModel, fr_target: float, res_target: float):
    """:func:`case_lateness` then :func:`satisfaction_probability` for one grade's targets, as one function
    of the elapsed first response and resolution: what the follow-up of every surveyed complaint asks,
    built once per grade (the same arithmetic in the same order, so the same chance to the bit).

    >>> from sim.format.customers import SatisfactionModel
    >>> m = SatisfactionModel(on_time=0.9, late_penalty=0.2, floor=0.3)
    >>> chance = satisfaction_chance(m, 60.0, 1440.0)
    >>> chance(30.0, 600.0), chance(120.0, 600.0) == satisfaction_probability(m, case_lateness(120.0, 600.0, 60.0, 1440.0))
    (0.9, True)
    """
    floor, on_time, penalty = model.floor, model.on_time, model.late_penalty
    fr_timed, res_timed = fr_target > 0, res_target > 0

    def chance(first_response: float, resolution: float) -> float:
        late = max(max(0.0, (first_response - fr_target) / fr_target) if fr_timed else 0.0,
                   max(0.0, (resolution - res_target) / res_target) if res_timed else 0.0)
        return max(floor, on_time - penalty * max(0.0, late))
    return chance


def satisfaction_probability(model: SatisfactionModel, lateness: float) -> float:
    """Chance the customer says they are satisfied at follow-up.

    ``lateness`` is how many multiples of its target the worse of first response and resolution
    overran (0 when both were on time). Each multiple costs ``late_penalty``, down to ``floor``: a reply
    twice as late as promised loses twice the goodwill, but some customers are content with any fix.
    """
    return max(model.floor, model.on_time - model.late_penalty * max(0.0, lateness))
