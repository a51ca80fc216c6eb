"""The plan's rules as pure functions: grading, routing, targets, escalation, triggers, satisfaction.

The SimPy model (sim.simulation.centre) asks these questions; it never encodes a rule itself, so a planner who
edits the plan file changes the simulation without touching code.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from sim.format.scenario import SEVERITY_IDS, Dist, Plan, SatisfactionModel, Scenario, SurgeTrigger

MINOR, MODERATE, MAJOR = 0, 1, 2
_INV_NORMAL = NormalDist().inv_cdf


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


@dataclass(frozen=True)
class Route:
    handled_by: str
    consult: tuple[str, ...]
    notify_crisis_group: bool
    notify: tuple[str, ...]


def route(plan: Plan, grade: int, category: str) -> Route:
    """Who handles, who is consulted and who is notified, per the plan's routing and category rules."""
    handled_by, consult, notify = plan.route_for(SEVERITY_IDS[grade], category)
    return Route(handled_by, consult, "crisis_group" in notify, notify)


def effective_grade(plan: Plan, grade: int, category: str) -> int:
    """A category can set a minimum grade (a data leak is always major)."""
    floor = plan.categories[category].minimum_severity
    return max(grade, SEVERITY_IDS.index(floor)) if floor else grade


# --- targets and escalation ---------------------------------------------------------------------

def first_response_target(plan: Plan, severity: int) -> float:
    return plan.targets.first_response[SEVERITY_IDS[severity]]


def resolution_target(plan: Plan, severity: int) -> float:
    return plan.targets.resolution[SEVERITY_IDS[severity]]


def escalation_after(plan: Plan, target: float) -> float:
    """Minutes after arrival at which a case still short of its target escalates."""
    return plan.escalation.at_share_of_target * target


def priority(grade: int) -> int:
    """Queue priority: lower is served first (major 0, moderate 1, minor 2)."""
    return 2 - grade


# --- activation triggers ------------------------------------------------------------------------

def surge_holds(count: int, baseline_expected: float, trigger: SurgeTrigger) -> bool:
    """Trigger 1: complaints in the window exceed the multiple of what the baseline would bring."""
    return count >= trigger.minimum_complaints and count > trigger.multiple_of_baseline * baseline_expected


def surge_qualifies(trigger: SurgeTrigger, category: str, severity: int) -> bool:
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


# --- satisfaction -------------------------------------------------------------------------------

def satisfaction_probability(model: SatisfactionModel, lateness: float) -> float:
    """Chance the customer says they are satisfied at follow-up.

    ``lateness`` is how many multiples of its target the worse of first response and resolution
    overran (0 when both were on time). Each multiple costs ``late_penalty``, down to ``floor``: a reply
    twice as late as promised loses twice the goodwill, but some customers are content with any fix.
    """
    return max(model.floor, model.on_time - model.late_penalty * max(0.0, lateness))


def lateness(actual: float, target: float) -> float:
    return max(0.0, (actual - target) / target) if target > 0 else 0.0


# --- service-time distributions -----------------------------------------------------------------

def sampler(dist: Dist):
    """A function u -> duration (minutes) by inverse transform, so one uniform per need gives CRN."""
    kind = dist.kind
    if kind == "exponential":
        mean = dist.exponential.mean
        return lambda u: -mean * math.log1p(-u)
    if kind == "lognormal":
        mean, cv = dist.lognormal.mean, dist.lognormal.cv
        sigma = math.sqrt(math.log1p(cv * cv))
        mu = math.log(mean) - sigma * sigma / 2
        return lambda u: math.exp(mu + sigma * _INV_NORMAL(min(max(u, 1e-12), 1 - 1e-12)))
    if kind == "fixed":
        value = dist.fixed
        return lambda u: value
    values = tuple(dist.empirical)
    n = len(values)
    return lambda u: values[min(int(u * n), n - 1)]
