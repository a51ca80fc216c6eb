"""The plan's customer sections: the default plan carries them, older plans stay valid, mistakes are
refused at their key with a "did you mean"."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from sim.format.care import CareProgramme, CustomerBase, EarlyWarning
from sim.format.errors import ScenarioError
from sim.format.load import validate_document
from sim.format.plan import Plan
from sim.format.yamlio import LinedDocument

ACTION = {"name": "Call", "kind": "win_back", "who": "at_risk", "line": "win_back"}
BUDGET = {"win_back": {"name": "Win-back", "amount": 100}}


def test_default_plan_has_the_customer_sections(plan):
    assert plan.churn.customers.weeks == 52
    assert set(plan.care.planned) <= set(plan.care.actions)
    assert {a.kind for a in plan.care.actions.values()} == {"win_back", "care"}
    assert plan.early_warning.complaint_rate.activates is True


def _problems(plan, **changes) -> list[str]:
    data = plan.model_dump(mode="json", by_alias=True)
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[key]
        if value is None:
            node.pop(keys[-1])
        else:
            node[keys[-1]] = value
    try:
        validate_document(Plan, LinedDocument("plan.yaml", data, {}))
    except ScenarioError as exc:
        return [f"{p.field}: {p.message}" for p in exc.problems]
    return []


def test_a_plan_without_the_new_sections_stays_valid(plan):
    assert _problems(plan, care=None, early_warning=None, churn__customers=None, churn__response=None) == []


def test_unknown_names_are_refused_at_their_key(plan):
    assert _problems(plan, care__actions__service_fix__line="winback") == [
        "care.actions.service_fix.line: unknown budget line 'winback'; did you mean 'win_back'?"]
    assert _problems(plan, care__actions__personalised_offer__segments=["key_acount"]) == [
        "care.actions.personalised_offer.segments[0]: unknown segment 'key_acount'; did you mean 'key_account'?"]
    assert _problems(plan, care__planned=["service_fx"]) == [
        "care.planned[0]: unknown care action 'service_fx'; did you mean 'service_fix'?"]
    found = _problems(plan, early_warning__complaint_rates={"name": "x"})
    assert found and "unknown key 'complaint_rates'; did you mean 'complaint_rate'?" in found[0]
    found = _problems(plan, churn__response__late_resolutoin=0.5)
    assert found and "did you mean 'late_resolution'?" in found[0]


def test_an_audience_and_a_kind_outside_the_vocabulary_are_refused():
    with pytest.raises(ValidationError):
        CareProgramme.model_validate({"budget": BUDGET, "actions": {"a": {**ACTION, "who": "vips"}}})
    with pytest.raises(ValidationError):
        CareProgramme.model_validate({"budget": BUDGET, "actions": {"a": {**ACTION, "kind": "promo"}}})


def test_a_repeated_action_needs_its_interval():
    with pytest.raises(ValidationError, match="every"):
        CareProgramme.model_validate({"budget": BUDGET, "actions": {"a": {**ACTION, "times": 2}}})
    ok = CareProgramme.model_validate({"budget": BUDGET, "actions": {"a": {**ACTION, "times": 2, "every": "13w"}}})
    assert ok.actions["a"].every == 13 * 7 * 1440


def test_the_follow_window_is_at_least_a_week():
    seg = {"s": {"name": "S", "customers": 1, "revenue_per_year": 0, "churn_per_year": 0.1, "repurchase_per_year": 0.1}}
    with pytest.raises(ValidationError, match="at least a week"):
        CustomerBase.model_validate({"segments": seg, "follow": "6d"})
    assert CustomerBase.model_validate({"segments": seg, "follow": "7d"}).weeks == 1


def test_the_false_alarm_chance_is_small():
    with pytest.raises(ValidationError, match="small chance"):
        EarlyWarning.model_validate({"complaint_rate": {"name": "x", "false_alarm": 0.5}})
    EarlyWarning.model_validate({"complaint_rate": {"name": "x", "false_alarm": 0.49}})
