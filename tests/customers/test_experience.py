"""Each complaint folded over its contacts, and the damage the response model gives it, at the boundaries."""
from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import complaints

from sim.customers.experience import complaint_chains, complaint_damage
from sim.format.care import ResponseModel

# Default plan targets: minor first response 24 h, resolution 5 d; major 1 h and 24 h.
H = 60.0


def test_a_retry_and_a_repeat_fold_into_their_first_contact(plan):
    frame = complaints(plan, [
        {"arrival_min": 0.0, "channel": "hotline", "sync": True, "outcome": "abandoned", "end_min": 6.0},
        {"arrival_min": 30.0, "kind": "retry", "parent": 0, "channel": "hotline", "sync": True,
         "intake_min": 40.0, "satisfied": False},
        {"arrival_min": 100.0, "kind": "repeat", "parent": 1, "satisfied": True},
        {"arrival_min": 5.0},
    ])
    chains = complaint_chains(frame, plan)
    assert chains["root"].tolist() == [0, 3]
    first = chains.iloc[0]
    assert first["extra_contacts"] == 2
    assert first["wait_hours"] == pytest.approx((6.0 + 10.0) / 60)    # 6 min before hanging up, 10 before intake
    assert not first["abandoned"] and not first["unresolved"]          # the retry got through and was resolved
    assert first["satisfied"] == 1.0                                   # the last survey: the repeat's


def test_abandoned_means_never_got_through(plan):
    frame = complaints(plan, [{"channel": "hotline", "sync": True, "outcome": "abandoned", "end_min": 4.0}])
    chain = complaint_chains(frame, plan).iloc[0]
    assert chain["abandoned"] and not chain["unresolved"] and math.isnan(chain["satisfied"])


def test_unresolved_means_answered_but_still_open(plan):
    frame = complaints(plan, [{"outcome": "open", "intake_min": 1.0, "first_response_min": 1.0}])
    chain = complaint_chains(frame, plan).iloc[0]
    assert chain["unresolved"] and not chain["abandoned"]


@pytest.mark.parametrize("elapsed, late", [(1 * H, 0.0), (1 * H + 6, 0.1), (2 * H, 1.0), (0.5 * H, 0.0)])
def test_lateness_is_counted_in_multiples_of_the_target(plan, elapsed, late):
    frame = complaints(plan, [{"severity": "major", "first_response_min": elapsed, "resolved_min": elapsed}])
    chain = complaint_chains(frame, plan).iloc[0]
    assert chain["first_late"] == pytest.approx(late)          # major: 1 h target
    assert chain["resolution_late"] == 0.0                     # within 24 h


def test_damage_of_each_factor():
    r = ResponseModel()
    base = {"first_late": 0.0, "resolution_late": 0.0, "wait_hours": 0.0, "abandoned": False,
            "unresolved": False, "satisfied": math.nan, "extra_contacts": 0, "public": False, "major": False}
    import pandas as pd
    cases = [({}, 0.0), ({"satisfied": 1.0}, 0.0), ({"satisfied": 0.0}, r.dissatisfied),
             ({"abandoned": True}, r.abandoned), ({"unresolved": True}, r.unresolved),
             ({"first_late": 1.0}, r.late_first_response), ({"resolution_late": 2.0}, 2 * r.late_resolution),
             ({"resolution_late": 10.0}, r.lateness_cap * r.late_resolution),     # capped at 3 multiples
             ({"wait_hours": 0.25}, 0.25 * r.wait_per_hour), ({"extra_contacts": 2}, 2 * r.extra_contact),
             ({"public": True}, r.public_complaint), ({"major": True}, r.major)]
    chains = pd.DataFrame([{**base, **change} for change, _ in cases])
    assert complaint_damage(chains, r) == pytest.approx(np.array([want for _, want in cases]))


def test_a_satisfied_customer_can_be_won_over_when_the_plan_says_so():
    import pandas as pd
    chains = pd.DataFrame([{"first_late": 0.0, "resolution_late": 0.0, "wait_hours": 0.0, "abandoned": False,
                            "unresolved": False, "satisfied": 1.0, "extra_contacts": 0, "public": False,
                            "major": False}])
    assert complaint_damage(chains, ResponseModel(satisfied=0.2)) == pytest.approx([-0.2])
