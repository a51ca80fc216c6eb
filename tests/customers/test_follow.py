"""Following customers week by week: the baselines reproduced exactly, damage and actions by hand."""
from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ONE_SEGMENT, complaints, with_customers
from scipy.special import expit, logit

from sim.customers.follow import weekly_hazard, weekly_purchase
from sim.customers.outcomes import CustomerModel, NoCustomerModel, recovery_weeks
from sim.customers.population import assign_customers, customer_rng

WEEK = 7 * 1440.0


def model(plan, rows=(), **kw) -> CustomerModel:
    return CustomerModel(plan, complaints(plan, list(rows)), seed=1, replication=0, **kw)


def test_the_weekly_chances_give_the_yearly_baselines():
    h = weekly_hazard(0.2)
    assert 1 - (1 - h) ** 52 == pytest.approx(0.2, abs=1e-12)
    r = weekly_purchase(0.5, h)
    x = (1 - h) * (1 - r)
    assert (1 - h) * r * (1 - x ** 52) / (1 - x) == pytest.approx(0.5, abs=1e-9)
    assert weekly_purchase(0.0, h) == 0.0
    assert weekly_purchase(0.9999999, 0.5) == 1.0          # more than staying allows: every week


def test_with_no_complaint_churn_and_repurchase_sit_at_the_plan_baseline(plan, small_plan):
    k = model(small_plan).kpis(())
    assert k["churn_rate"] == pytest.approx(0.2, abs=1e-12)
    assert k["repurchase_rate"] == pytest.approx(0.5, abs=1e-9)
    assert k["churn_target"] == pytest.approx(0.2 * 0.9)                   # the plan's 10 % cut
    assert k["repurchase_target"] == pytest.approx(0.5 * 1.2)              # the plan's 20 % uplift
    assert k["customers_lost"] == pytest.approx(0.0, abs=1e-9)
    assert k["care_spend"] == 0.0 and math.isnan(k["cost_per_retained_customer"])
    segs = plan.churn.customers.segments.values()
    default = model(plan).kpis(())
    assert default["churn_rate"] == pytest.approx(sum(s.customers * s.churn_per_year for s in segs)
                                                 / sum(s.customers for s in segs), abs=1e-12)


def test_one_week_of_damage_by_hand(small_plan):
    one_week = with_customers(small_plan, follow="1w")
    abandoned = [{"channel": "hotline", "sync": True, "outcome": "abandoned", "end_min": 0.0}]
    k = model(one_week, abandoned).kpis(())
    h0 = weekly_hazard(0.2)
    d = one_week.churn.response.abandoned
    assert k["complainants"] == 1
    assert k["churn_rate"] == pytest.approx((99 * h0 + expit(logit(h0) + d)) / 100)
    assert k["customers_at_risk"] == 1 and k["revenue_at_risk"] == 1000      # 1.2 >= 0.7


def test_the_at_risk_boundary(small_plan):
    at = small_plan.churn.response.abandoned      # an abandoned complaint's damage
    just = model(with_customers(small_plan, response={"at_risk": at}),
                 [{"channel": "hotline", "sync": True, "outcome": "abandoned", "end_min": 0.0}])
    above = model(with_customers(small_plan, response={"at_risk": at + 1e-9}),
                  [{"channel": "hotline", "sync": True, "outcome": "abandoned", "end_min": 0.0}])
    assert just.kpis(())["customers_at_risk"] == 1 and above.kpis(())["customers_at_risk"] == 0


def test_damage_decays_with_its_half_life(small_plan):
    two_weeks = with_customers(small_plan, follow="2w", response={"half_life": "1w"})
    m = model(two_weeks, [{"outcome": "abandoned", "sync": True, "channel": "hotline", "end_min": 0.0}])
    row = np.flatnonzero(m.customers.complained)[0]
    d = two_weeks.churn.response.abandoned
    assert m.no_action.damage[row].tolist() == pytest.approx([d, d / 2])


def test_a_care_action_by_hand(small_plan):
    care = {"budget": {"care": {"name": "Care", "amount": 52_000}},
            "actions": {"visit": {"name": "Visit", "kind": "care", "who": "everyone", "reach": 1.0,
                                  "cost_per_delivery": 100, "cost_per_customer": 2, "churn_effect": 0.5,
                                  "half_life": "1w", "line": "care"}},
            "planned": ["visit"]}
    one_week = with_customers(small_plan, follow="1w", care=care)
    k = model(one_week).kpis(None)
    h0 = weekly_hazard(0.2)
    assert k["churn_rate"] == pytest.approx(expit(logit(h0) - 0.5))
    assert k["care_spend"] == pytest.approx(100 + 2 * 100)                     # delivered in week 0 to all 100
    assert k["care_budget"] == pytest.approx(52_000 / 52)                      # the budget of one week
    assert k["care_budget_used"] == pytest.approx(300 / 1000)
    assert k["customers_retained"] == pytest.approx(100 * (h0 - expit(logit(h0) - 0.5)))
    assert k["cost_per_retained_customer"] == pytest.approx(300 / k["customers_retained"])
    late = with_customers(small_plan, follow="1w", care={**care, "actions": {"visit": {
        **care["actions"]["visit"], "after": "1w"}}})
    assert model(late).kpis(None)["care_spend"] == 0.0          # delivered after the window: never
    # care that keeps everyone below the no-incident level is retention, not a negative loss
    assert k["customers_lost"] == 0.0 and k["revenue_lost"] == 0.0
    abandoned = [{"channel": "hotline", "sync": True, "outcome": "abandoned", "end_min": 0.0}]
    hurt = model(one_week, abandoned).kpis(None)           # one complainant hurt more than the visit helps
    d = one_week.churn.response.abandoned
    assert d > 0.5 and hurt["customers_lost"] == pytest.approx(expit(logit(h0) + d - 0.5) - h0)


def test_an_unknown_action_in_a_mix_is_refused(small_plan):
    with pytest.raises(ValueError, match="unknown care action 'coupons'"):
        model(small_plan).kpis(("coupons",))


def test_a_plan_without_a_customer_model_says_so(plan):
    bare = plan.model_copy(update={"churn": plan.churn.model_copy(update={"customers": None})})
    with pytest.raises(NoCustomerModel):
        model(bare)


def test_customers_are_drawn_by_size_and_propensity(plan):
    base = with_customers(plan, segments={
        "a": {**ONE_SEGMENT["all"], "customers": 10, "complaint_propensity": 3.0},
        "b": {**ONE_SEGMENT["all"], "customers": 30, "complaint_propensity": 1.0},
        "c": {**ONE_SEGMENT["all"], "customers": 50, "complaint_propensity": 0.0}}).churn.customers
    seg, member = assign_customers(20_000, base, customer_rng(3, 0))
    assert np.bincount(seg, minlength=3)[2] == 0                              # propensity 0: never
    assert (seg == 0).mean() == pytest.approx(0.5, abs=0.02)                  # 10 x 3 against 30 x 1
    assert member[seg == 0].max() == 9 and member[seg == 1].max() == 29
    again, _ = assign_customers(20_000, base, customer_rng(3, 0))
    assert np.array_equal(seg, again)                                          # reproducible


@pytest.mark.parametrize("series, want", [
    ([0.9, 0.9, 0.9], 0.0),                    # never fell
    ([0.9, 0.87, 0.88, 0.9], 2.0),             # 0.88 is within 0.02 of 0.90: recovered at week 2
    ([0.9, 0.87, 0.8799, 0.9], 3.0),
    ([0.9, 0.7, 0.95, 0.7, 0.9], 4.0),         # for good: the last dip counts
    ([0.9, 0.7, 0.8], math.nan),               # not within the window
])
def test_recovery_weeks_at_the_boundaries(series, want):
    got = recovery_weeks(np.array(series), 0, 0.9, 0.02)
    assert (math.isnan(got) and math.isnan(want)) or got == want

