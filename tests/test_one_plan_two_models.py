"""One plan drives both the simulator and the staffing analytics: change a rule's parameter in the plan
and both move (each asks sim.rules; neither keeps its own copy of the rule). A parameter only the simulator
uses (escalation: the staffing analytics ignore it) moves the simulator and leaves the analytics alone."""
import math

import numpy as np
import pytest
from support import plan_with

import sim
from sim.rules import MINOR
from sim.staffing import workload

WORKLOAD_ARRAYS = ("lam", "sync", "theta", "work", "follow")


def reserve_joined(result, team):
    rows = result.activations[result.activations.event == "reserve_joined"]
    return sum(int(d.split("+")[1]) for d in rows.detail if d.startswith(f"{team}+"))


@pytest.fixture(scope="module")
def base(flagship):
    return sim.simulate(flagship), workload(flagship)


def test_the_reserve_share_moves_the_simulated_call_in_and_the_analytic_extra_staff(flagship, base):
    result, wl = base
    assert flagship.plan.activation.actions.reserve_call_in.share_of_reserve == 1.0
    reserve = flagship.staffing["frontline"].reserve
    assert reserve_joined(result, "frontline") == reserve
    half = flagship.with_plan(plan_with(flagship.plan, "activation.actions.reserve_call_in.share_of_reserve", 0.5))
    assert reserve_joined(sim.simulate(half), "frontline") == round(reserve / 2)
    assert workload(half).extra["frontline"].sum() == pytest.approx(wl.extra["frontline"].sum() / 2)


def test_raising_the_trigger_thresholds_stops_activation_in_both(flagship, base):
    result, wl = base
    assert result.trigger_first_held and wl.activation_at is not None
    quiet = flagship.plan
    quiet = plan_with(quiet, "activation.triggers.surge.multiple_of_baseline", 1e6)
    quiet = plan_with(quiet, "activation.triggers.public_attention.threshold", 1e9)
    scenario = flagship.with_plan(quiet)
    assert not sim.simulate(scenario).trigger_first_held
    assert workload(scenario).activation_at is None


def test_a_longer_surge_window_moves_the_surge_trigger_in_both(flagship):
    # Public attention is silenced so that the analytic activation is the surge trigger's.
    quiet = plan_with(flagship.plan, "activation.triggers.public_attention.threshold", 1e9)
    assert quiet.activation.triggers.surge.window == 60
    hour, four = flagship.with_plan(quiet), flagship.with_plan(plan_with(quiet, "activation.triggers.surge.window", "4h"))
    held_hour, held_four = sim.simulate(hour).trigger_first_held["surge"], sim.simulate(four).trigger_first_held["surge"]
    at_hour, at_four = workload(hour).activation_at, workload(four).activation_at
    assert at_hour is not None and at_four is not None
    assert held_four > held_hour and at_four > at_hour


def test_the_self_service_share_moves_simulated_deflections_and_the_analytic_minor_arrivals(flagship, base):
    result, wl = base
    plan = flagship.plan
    assert plan.activation.actions.self_service.deflect_share == 0.25 and result.kpis["deflected"] > 0
    half = flagship.with_plan(plan_with(plan, "activation.actions.self_service.deflect_share", 0.5))
    assert sim.simulate(half).kpis["deflected"] > 1.5 * result.kpis["deflected"]
    # Analytically: the same activation; once self-service is open, minor arrivals keep 0.5 instead of 0.75.
    wl_half = workload(half)
    assert wl_half.activation_at == wl.activation_at
    open_from = math.ceil((wl.activation_at + plan.activation.actions.self_service.delay) / 60)
    assert np.array_equal(wl_half.lam[:open_from - 1], wl.lam[:open_from - 1])
    assert wl_half.lam[open_from:, MINOR] == pytest.approx(wl.lam[open_from:, MINOR] * 0.5 / 0.75)
    assert np.array_equal(wl_half.lam[:, MINOR + 1:], wl.lam[:, MINOR + 1:])


def test_escalating_earlier_moves_the_simulator_only(flagship, base):
    result, wl = base
    assert flagship.plan.escalation.at_share_of_target == 0.8
    early = flagship.with_plan(plan_with(flagship.plan, "escalation.at_share_of_target", 0.3))
    assert sim.simulate(early).kpis["escalations"] > result.kpis["escalations"]
    wl_early = workload(early)        # the analytics ignore escalation (sim.staffing.workload's approximations)
    assert all(np.array_equal(getattr(wl_early, name), getattr(wl, name)) for name in WORKLOAD_ARRAYS)
