"""The customer model on the library: with no incident churn sits at the plan's baseline, a slower and
worse-handled response raises it, win-back actions lower it; the planner's cheapest mix; the outputs a
manager reads, in both languages."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from sim.customers.outcomes import model_of_result
from sim.customers.replications import cheapest_mix, compare_mixes, replicate_customers, summarise_customers
from sim.customers.report import customer_kpi_text, health_report, mix_answer, write_customer_csv
from sim.customers.warning import warning_signals
from sim.simulation.centre import CentreOptions
from sim.simulation.replication import simulate

WIN_BACK = ("proactive_contact", "service_fix", "personalised_offer", "points_and_coupons")


@pytest.fixture(scope="module")
def quiet_model(library_runs):
    return model_of_result(library_runs[1][0])


@pytest.fixture(scope="module")
def flagship_models(library_runs):
    return [model_of_result(run) for run in library_runs[0][:2]]


@pytest.fixture(scope="module")
def worse_model(flagship):
    """The flagship with half the frontline and specialists and no plan activation: slower, worse handled."""
    opts = CentreOptions(record_log=False, auto_activate=False,
                         staffing_overrides={"frontline": [4, 3, 1], "specialist": [3, 1]})
    return model_of_result(simulate(flagship, replication=0, options=opts))


def test_with_no_incident_churn_sits_at_the_plan_baseline(quiet_model):
    k = quiet_model.kpis(())
    assert quiet_model.exposure == 0.0                                     # nothing went public enough
    assert k["churn_rate"] == pytest.approx(k["churn_baseline"], rel=1e-3)
    assert k["repurchase_rate"] == pytest.approx(k["repurchase_baseline"], rel=1e-3)
    assert k["churn_baseline"] == pytest.approx(0.2630, abs=1e-4)         # the default plan's segments


def test_a_slower_worse_handled_response_raises_churn(flagship_models, worse_model):
    good, bad = flagship_models[0].kpis(()), worse_model.kpis(())
    assert bad["churn_rate_complainants"] > good["churn_rate_complainants"] + 0.02
    assert bad["customers_at_risk"] > 2 * good["customers_at_risk"]
    assert bad["churn_rate"] > good["churn_rate"]
    assert bad["customers_lost"] > good["customers_lost"]


def test_the_incident_raises_churn_above_its_baseline(flagship_models):
    k = flagship_models[0].kpis(())
    assert k["churn_rate"] > k["churn_baseline"] * 1.02 and k["customers_lost"] > 1000


@pytest.mark.parametrize("action", WIN_BACK)
def test_each_win_back_action_lowers_churn_among_complainants(flagship_models, action):
    model = flagship_models[0]
    none, one = model.kpis(()), model.kpis((action,))
    assert one["churn_rate_complainants"] < none["churn_rate_complainants"]
    assert one["customers_retained"] > 0 and one["care_spend"] > 0


def test_the_plan_mix_lowers_churn_and_speeds_recovery(flagship_models):
    model = flagship_models[0]
    none, planned = model.outcome(()), model.outcome()
    assert planned.kpis["churn_rate"] < none.kpis["churn_rate"]
    assert planned.kpis["satisfaction_recovery_weeks"] <= none.kpis["satisfaction_recovery_weeks"]
    assert planned.kpis["care_spend"] == pytest.approx(sum(planned.spend_by_action.values()))
    assert set(planned.spend_by_action) == set(model.planned)


def test_the_cheapest_mix_is_the_cheapest_within_target(flagship_models):
    flagship_models = flagship_models[:1]                        # one replication is enough to check the search
    candidates = ("recovery_communication", "service_fix", "proactive_contact")
    none = flagship_models[0].kpis(())["churn_rate"]
    target = none - 0.004                                        # needs the crisis communication
    cheapest, lowest = cheapest_mix(flagship_models, candidates, target=target)
    table = compare_mixes(flagship_models, [(), ("service_fix",), ("recovery_communication",),
                                            ("recovery_communication", "service_fix")], target=target)
    assert cheapest is not None and cheapest.meets and "recovery_communication" in cheapest.actions
    within = table[table["meets_target"]]
    assert cheapest.spend == pytest.approx(within["care_spend"].min())
    assert lowest.churn <= cheapest.churn
    greedy, _ = cheapest_mix(flagship_models, candidates, target=target, exhaustive_up_to=0)
    assert greedy is not None and greedy.meets
    unreachable, closest = cheapest_mix(flagship_models, candidates, target="plan")
    assert unreachable is None and closest.churn == pytest.approx(lowest.churn)
    assert "No mix" in mix_answer(unreachable, closest, 0.2367, flagship_models[0].plan, "en")


def test_summary_over_replications(flagship, flagship_models):
    runs, summary = replicate_customers(flagship, models=flagship_models)
    assert len(runs) == 2
    row = summary.set_index("kpi").loc["churn_rate"]
    assert row["direction"] == "at_most" and row["ci_low"] <= row["mean"] <= row["ci_high"]
    assert bool(row["met"]) == bool(row["mean"] <= row["target"])
    budget = summary.set_index("kpi").loc["care_budget_used"]
    assert budget["target"] == 1.0


def test_met_at_the_target_boundary():
    runs = pd.DataFrame({"churn_rate": [0.2, 0.2], "churn_target": [0.2, 0.2], "repurchase_rate": [0.5, 0.5],
                         "repurchase_target": [0.5000001, 0.5000001], "care_budget_used": [1.0, 1.0]})
    met = summarise_customers(runs).set_index("kpi")["met"]
    assert met["churn_rate"] is True and met["repurchase_rate"] is False and met["care_budget_used"] is True


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def test_outputs_in_both_languages(flagship, flagship_models, library_runs, tmp_path):
    _, summary = replicate_customers(flagship, models=flagship_models)
    en, zh = (customer_kpi_text(summary, flagship.plan, lang, reps=2) for lang in ("en", "zh"))
    assert "Churn rate (whole base)" in en and "MISSED" in en
    assert "客户流失率" in zh and not LATIN_WORD.search(zh)
    result = library_runs[0][0]
    outcome = flagship_models[0].outcome()
    signals = warning_signals(result, weekly=outcome.weekly)
    report = health_report(result, signals, outcome.kpis, "zh")
    assert "预警" in report and not LATIN_WORD.search(report)
    assert "before the first trigger held" in health_report(result, signals, outcome.kpis, "en")
    path = write_customer_csv(summary, tmp_path / "customers.csv", flagship.plan, "zh")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back.set_index("kpi").loc["churn_rate", "name"] == "客户流失率（全部客户）"


def test_the_run_section_prints_and_writes(flagship, library_runs, tmp_path, plan):
    from sim.customers.report import customer_section
    text, summary = customer_section(flagship, reps=1, lang="en", detail=library_runs[0][0], out=tmp_path)
    assert text.startswith("Customers over 52 weeks") and "health report" in text
    assert (tmp_path / "customers.csv").exists() and len(summary) > 10
    bare = plan.model_copy(update={"churn": plan.churn.model_copy(update={"customers": None})})
    assert customer_section(flagship.with_plan(bare), reps=1) is None
