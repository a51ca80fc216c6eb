"""Trigger 4, "any other situation that could break customer relationships", in the model: it holds from
the plan's minimum of first contacts about an incident the scenario marks ``relationship_at_risk``, and
the key-account scenario activates the plan on it, as its text says."""
import math

import pytest
from support import SCENARIOS, plan_with

from sim import load_scenario
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.records import FIRST
from sim.simulation.triggers import TriggerWatch
from sim.staffing.workload import workload


@pytest.fixture(scope="module")
def key_account():
    return load_scenario(SCENARIOS / "key_account_churn.yaml")


def _marked(scenario, marked=True):
    """The scenario with its first incident marked (or not) as putting a relationship at risk."""
    first, *rest = scenario.incidents
    incidents = (first.model_copy(update={"relationship_at_risk": marked}), *rest)
    return scenario.model_copy(update={"incidents": incidents}).with_plan(scenario.plan)


def _watch_after(scenario, arrivals):
    """The watch's "other" after first contacts about the given incidents (-1: a retry or no incident)."""
    watch = TriggerWatch(scenario, scenario.horizon)
    for k, incident in enumerate(arrivals):
        watch.arrival(0, 0, float(k), incident)
    return watch.held(len(arrivals) + 1.0)["other"]


def test_other_holds_from_the_plans_minimum_of_complaints_about_a_marked_incident(flagship):
    marked = _marked(flagship)
    assert marked.plan.activation.triggers.other.minimum_complaints == 5
    assert not _watch_after(marked, [0] * 4)
    assert _watch_after(marked, [0] * 5)
    assert not _watch_after(marked, [0] * 4 + [-1] * 50)   # retries and baseline complaints do not count
    three = marked.with_plan(plan_with(marked.plan, "activation.triggers.other.minimum_complaints", 3))
    assert not _watch_after(three, [0] * 2) and _watch_after(three, [0] * 3)


def test_other_never_holds_for_an_incident_the_scenario_does_not_mark(flagship):
    assert not flagship.incidents[0].relationship_at_risk
    assert not _watch_after(flagship, [0] * 500)


def _run(scenario):
    centre = Centre(scenario, options=CentreOptions(record_log=False))
    centre.run()
    return centre


def test_the_key_account_scenario_activates_the_plan_on_trigger_4_as_its_text_says(key_account):
    assert key_account.incidents[0].relationship_at_risk
    centre = _run(key_account)
    # None of the first three triggers fires (no surge, no outage, nothing public): only "other" held.
    assert set(centre.trigger_first_held) == {"other"}
    assert centre.activation is not None and centre.activation.trigger == "other"
    # The monitor activates at its first check after the plan's minimum-th complaint about the incident.
    about = sorted(c.t_arrive for c in centre.cases if c.incident == 0 and c.kind == FIRST)
    minimum = key_account.plan.activation.triggers.other.minimum_complaints
    every = key_account.plan.activation.check_every
    assert centre.activation.at == math.ceil(about[minimum - 1] / every) * every
    # The drill's trigger question expects the trigger the model activates on.
    prompts = {p.id: p for inj in key_account.drill.injects for p in inj.prompts}
    assert prompts["trigger"].answer == centre.activation.trigger


def test_without_trigger_4_nothing_activates_the_key_account_scenario(key_account):
    plan = plan_with(key_account.plan, "activation.triggers.other.minimum_complaints", 10**6)
    quiet = key_account.with_plan(plan)
    centre = _run(quiet)
    assert centre.trigger_first_held == {} and centre.activation is None
    assert workload(quiet).activation_at is None


def test_the_staffing_analytics_expect_the_same_activation(key_account):
    simulated = _run(key_account).activation.at
    expected = workload(key_account).activation_at
    assert expected is not None and abs(expected - simulated) <= 3 * key_account.plan.activation.check_every


def test_the_plan_needs_at_least_one_complaint_for_trigger_4(plan):
    with pytest.raises(ValueError, match="minimum_complaints"):
        plan_with(plan, "activation.triggers.other.minimum_complaints", 0)
