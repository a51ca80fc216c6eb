"""The plan's activation in expectation: when it would launch, and what its actions then change.

In a simulation run the plan's monitor looks every ``activation.check_every`` minutes and launches the
plan at the first check at which one of its triggers holds; each of the plan's default actions then takes
effect after its own delay. The staffing analytics have no run to watch, so they put the *expected*
arrivals through the same rules (:mod:`sim.rules`, shared with the simulator):

* **surge**: the qualifying complaints expected in the last window against what the baseline brings
  in one (:func:`sim.rules.surge_expected` scales a partial first window up) and
  :func:`sim.rules.surge_holds`;
* **outage**: the first check at which an outage is under way (:func:`sim.rules.outage_holds`);
* **public attention**: the expected public posts (weighted by how far they spread) added to an index
  that decays every minute (:func:`sim.rules.attention_decay_per_minute`) and compared with the
  threshold (:func:`sim.rules.attention_holds`);
* **other** (trigger 4): the expected first contacts about each incident the scenario marks
  ``relationship_at_risk``, counted from its start, against the plan's minimum
  (:func:`sim.rules.relationship_holds`).

The earliest of these, plus the options' activation delay, is the expected activation. From then on
(:func:`action_effects`): self-service answers its share of minor complaints, the proactive notice
prevents its share of repeat contacts, the reserve called in and the on-call members join the teams'
agents, and frontline shifts ending after the extension starts run on.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import rules
from sim.rules import GRADES
from sim.simulation.arrivals import baseline_expected

if TYPE_CHECKING:   # type names only
    from sim.format.scenario import Scenario
    from sim.simulation.centre import CentreOptions


def expected_activation(scenario: Scenario, options: CentreOptions | None, qualifying: np.ndarray,
                        posts: np.ndarray) -> float | None:
    """When the plan activates in expectation: the first monitor check at which a trigger holds, plus the
    options' activation delay. None if no trigger holds, auto-activation is off, or it falls past the horizon.

    ``qualifying``: complaints per minute that count towards the surge trigger; ``posts``: attention
    weight of the public posts per minute (both over the horizon, minute by minute).
    """
    if options is not None and not options.auto_activate:
        return None
    every = scenario.plan.activation.check_every
    surge = float(options.surge_multiplier) if options is not None else 1.0
    held = [_surge_first_holds(scenario, qualifying, every), _outage_first_holds(scenario, every),
            _attention_first_holds(scenario, posts, every), _relationship_first_holds(scenario, every, surge)]
    times = [x for x in held if x is not None]
    if not times:
        return None
    at = min(times) + (options.activation_delay if options is not None else 0.0)
    return at if at < scenario.horizon else None


def _first_check(holds: Callable[[float], bool], every: float, horizon: float) -> float | None:
    """The first monitor check (at 0, every, 2 every, ...) within the horizon at which ``holds``."""
    k = 0
    while k * every <= horizon:
        if holds(k * every):
            return k * every
        k += 1
    return None


def _surge_first_holds(scenario: Scenario, qualifying: np.ndarray, every: float) -> float | None:
    trigger = scenario.plan.activation.triggers.surge
    n_min = len(qualifying)
    cum = np.concatenate([[0.0], np.cumsum(qualifying)])
    share = rules.surge_share(scenario, trigger)

    def holds(now: float) -> bool:
        lo = max(0.0, now - trigger.window)
        count = cum[min(n_min, int(now))] - cum[min(n_min, int(lo))]
        expected = rules.surge_expected(baseline_expected(scenario, lo, now) * share, now, trigger.window)
        return rules.surge_holds(count, expected, trigger)

    return _first_check(holds, every, scenario.horizon)


def _outage_first_holds(scenario: Scenario, every: float) -> float | None:
    return _first_check(lambda now: rules.outage_holds(scenario.incidents, now), every, scenario.horizon)


def _attention_first_holds(scenario: Scenario, posts: np.ndarray, every: float) -> float | None:
    plan = scenario.plan
    n_min = len(posts)
    decay = rules.attention_decay_per_minute(plan)
    attention = np.zeros(n_min)
    level = 0.0
    for i, x in enumerate(np.asarray(posts, dtype=float).tolist()):   # the index decays, posts add to it
        level = level * decay + x
        attention[i] = level
    return _first_check(lambda now: now >= 1 and rules.attention_holds(attention[min(n_min, int(now)) - 1], plan),
                        every, scenario.horizon)


def _relationship_first_holds(scenario: Scenario, every: float, surge: float) -> float | None:
    trigger = scenario.plan.activation.triggers.other
    marked = [inc for inc in scenario.incidents if inc.relationship_at_risk]
    if not marked:
        return None
    # Expected first contacts about each marked incident by each whole minute (its rate at mid-minute).
    t = np.arange(math.ceil(scenario.horizon)) + 0.5
    so_far = [np.concatenate([[0.0], np.cumsum([inc.peak_per_hour / 60.0 * surge * inc.rate_multiplier(x)
                                                 for x in t])]) for inc in marked]
    return _first_check(lambda now: any(rules.relationship_holds(c[min(len(t), int(now))], trigger)
                                        for c in so_far), every, scenario.horizon)


@dataclass
class ActionEffects:
    """What the activated plan's default actions change, minute by minute over the horizon.

    ``kept``: (minutes, grades) share of complaints of each true grade left for agents (self-service
    answers the rest); ``notice``: share of repeat contacts the proactive notice prevents; ``extra``: team
    -> reserve and on-call members on duty; ``extend``: (from, minutes) the extension of frontline shifts
    ending after ``from``, or None.
    """
    kept: np.ndarray
    notice: np.ndarray
    extra: dict[str, np.ndarray]
    extend: tuple[float, float] | None


def action_effects(scenario: Scenario, at: float | None, t: np.ndarray) -> ActionEffects:
    """The effects of the plan's default actions when it activates at ``at`` (none if ``at`` is None);
    ``t`` are the minutes of the horizon."""
    plan = scenario.plan
    actions = plan.activation.actions
    chosen = set(plan.activation.default_actions) if at is not None else set()
    n_min = len(t)

    def after(delay: float) -> np.ndarray:
        return (t >= at + delay).astype(float) if at is not None else np.zeros(n_min)

    kept = np.ones((n_min, len(GRADES)))
    if "self_service" in chosen:
        since = after(actions.self_service.delay)
        for s in GRADES:
            kept[:, s] = 1.0 - since * rules.self_service_deflects(plan, s)
    notice = (after(actions.proactive_notice.delay) * rules.notice_prevents(plan)
              if "proactive_notice" in chosen else np.zeros(n_min))
    extra: dict[str, np.ndarray] = {}
    if "reserve_call_in" in chosen:
        rc = actions.reserve_call_in
        for team, spec in scenario.staffing.items():
            n = rules.reserve_called_in(plan, spec.reserve)
            if n > 0:
                extra[team] = extra.get(team, 0.0) + n * (after(rc.delay) - after(rc.delay + rc.stay))
    if "crisis_command" in chosen:
        for team, spec in scenario.staffing.items():
            if spec.on_call > 0:
                joined = after(rules.on_call_joins_after(plan, spec.mobilise))
                extra[team] = extra.get(team, 0.0) + spec.on_call * joined
    extend = None
    if "extended_hours" in chosen and at is not None:
        extend = (at + actions.extended_hours.delay, rules.shift_extended_by(plan, "frontline"))
    return ActionEffects(kept=kept, notice=notice, extra=extra, extend=extend)
