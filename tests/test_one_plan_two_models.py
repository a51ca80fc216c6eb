"""One plan drives both the simulator and the staffing analytics: change a rule's parameter in the plan
and both move (each asks sim.rules; neither keeps its own copy of the rule)."""
import pytest

import sim
from sim.staffing import workload


def plan_with(plan, path, value):
    """A copy of the plan with one nested field replaced (``"activation.triggers.surge.window"``)."""
    data = plan.model_dump(mode="python", by_alias=True)
    node = data
    *head, last = path.split(".")
    for key in head:
        node = node[key]
    node[last] = value
    return type(plan).model_validate(data)


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
