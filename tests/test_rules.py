"""The plan's rules on small hand-built cases, at their boundaries (sim.rules)."""
import itertools

import pytest
from support import plan_with

from sim import rules
from sim.rules import MAJOR, MINOR, MODERATE


def test_priority_serves_major_first_and_follow_up_last():
    assert [rules.priority(g) for g in (MAJOR, MODERATE, MINOR)] == [0, 1, 2]
    assert rules.FOLLOW_UP_PRIORITY == 3


def test_escalation_time_is_the_plans_share_of_the_target(plan):
    assert plan.escalation.at_share_of_target == 0.8
    assert rules.escalation_after(plan, 60.0) == pytest.approx(48.0)
    assert rules.escalation_after(plan_with(plan, "escalation.at_share_of_target", 0.5), 60.0) == 30.0


def test_escalated_priority_bumps_by_the_plan_and_stops_at_zero(plan):
    assert rules.escalated_priority(plan, 2) == 1
    assert rules.escalated_priority(plan, 0) == 0
    two = plan_with(plan, "escalation.priority_bump", 2)
    assert rules.escalated_priority(two, 2) == 0
    assert rules.escalated_priority(two, 1) == 0


def test_only_moderate_cases_escalate_to_the_crisis_group_and_only_when_the_plan_says(plan):
    assert rules.escalates_to_crisis_group(plan, MODERATE)
    assert not rules.escalates_to_crisis_group(plan, MINOR)
    assert not rules.escalates_to_crisis_group(plan, MAJOR)
    assert not rules.escalates_to_crisis_group(plan_with(plan, "escalation.moderate_to_next_tier", False),
                                               MODERATE)


def test_surge_needs_both_the_multiple_and_the_minimum(plan):
    trig = plan.activation.triggers.surge            # 3x baseline, at least 20 complaints
    assert trig.multiple_of_baseline == 3 and trig.minimum_complaints == 20
    assert not rules.surge_holds(30, 10.0, trig)     # exactly 3x is not "more than" 3x
    assert rules.surge_holds(31, 10.0, trig)
    assert not rules.surge_holds(19, 1.0, trig)      # far above baseline but under the minimum
    assert rules.surge_holds(20, 1.0, trig)


def test_surge_expectation_is_scaled_up_only_in_the_first_window():
    assert rules.surge_expected(10.0, now=15.0, window=60.0) == pytest.approx(40.0)
    assert rules.surge_expected(10.0, now=60.0, window=60.0) == 10.0
    assert rules.surge_expected(10.0, now=600.0, window=60.0) == 10.0


def test_surge_counts_only_its_categories_and_grades():
    class Trigger:
        categories, minimum_severity = ("product_quality",), "moderate"
    assert rules.surge_qualifies(Trigger, "product_quality", MODERATE)
    assert rules.surge_qualifies(Trigger, "product_quality", MAJOR)
    assert not rules.surge_qualifies(Trigger, "product_quality", MINOR)
    assert not rules.surge_qualifies(Trigger, "billing", MAJOR)
    Trigger.categories = ()                                    # no list: every category counts
    assert rules.surge_qualifies(Trigger, "billing", MODERATE)


def test_outage_holds_from_its_start_until_it_ends():
    class Inc:
        def __init__(self, at, outage):
            self.at, self.outage = at, outage
    incs = [Inc(100.0, 30.0), Inc(50.0, 0.0)]
    assert not rules.outage_holds(incs, 99.9)
    assert rules.outage_holds(incs, 100.0)
    assert rules.outage_holds(incs, 129.9)
    assert not rules.outage_holds(incs, 130.0)


def test_attention_threshold_is_inclusive_and_the_index_halves_every_half_life(plan):
    threshold = plan.activation.triggers.public_attention.threshold
    assert rules.attention_holds(threshold, plan)
    assert not rules.attention_holds(threshold - 1e-9, plan)
    half_life = plan.activation.triggers.public_attention.half_life
    index = rules.AttentionIndex(half_life)
    index.add(0.0, 80.0)
    assert index.at(half_life) == pytest.approx(40.0)
    assert rules.attention_decay_per_minute(plan) ** half_life == pytest.approx(0.5)


def test_relationship_trigger_holds_from_the_plans_minimum_of_complaints(plan):
    trig = plan.activation.triggers.other               # the default plan: 5 complaints about the incident
    assert trig.minimum_complaints == 5
    assert not rules.relationship_holds(4, trig)
    assert rules.relationship_holds(5, trig)
    assert not rules.relationship_holds(4.99, trig)     # the staffing analytics pass an expected count
    one = plan_with(plan, "activation.triggers.other.minimum_complaints", 1).activation.triggers.other
    assert not rules.relationship_holds(0, one) and rules.relationship_holds(1, one)


def test_first_trigger_follows_the_plans_order():
    assert rules.first_trigger({"surge": False, "outage": True, "public_attention": True}) == "outage"
    assert rules.first_trigger({"surge": False}) is None


def test_reserve_call_in_takes_the_plans_share_and_never_more_than_is_left(plan):
    full = plan_with(plan, "activation.actions.reserve_call_in.share_of_reserve", 0.5)
    assert rules.reserve_called_in(full, 12) == 6
    assert rules.reserve_called_in(full, 12, reserve_left=4) == 4
    assert rules.reserve_called_in(full, 0) == 0
    assert rules.reserve_called_in(plan, 12) == 12            # the default plan calls the whole reserve


def test_self_service_answers_only_minor_complaints(plan):
    share = plan.activation.actions.self_service.deflect_share
    assert share == 0.25
    assert rules.self_service_deflects(plan, MINOR) == 0.25
    assert rules.self_service_deflects(plan, MODERATE) == 0.0
    assert rules.self_service_deflects(plan, MAJOR) == 0.0


def test_lateness_counts_multiples_of_the_target():
    assert rules.lateness(60.0, 60.0) == 0.0                  # on time exactly
    assert rules.lateness(90.0, 60.0) == pytest.approx(0.5)
    assert rules.lateness(180.0, 60.0) == pytest.approx(2.0)
    assert rules.lateness(30.0, 60.0) == 0.0
    assert rules.lateness(30.0, 0.0) == 0.0


def test_case_lateness_is_the_worse_of_first_response_and_resolution(plan):
    fr = rules.first_response_target(plan, MAJOR)
    res = rules.resolution_target(plan, MAJOR)
    assert rules.case_lateness(fr, res, fr, res) == 0.0
    assert rules.case_lateness(2 * fr, res, fr, res) == pytest.approx(1.0)
    assert rules.case_lateness(fr, 3 * res, fr, res) == pytest.approx(2.0)


def test_satisfaction_falls_with_lateness_down_to_the_floor():
    class Model:
        on_time, late_penalty, floor = 0.9, 0.3, 0.2
    assert rules.satisfaction_probability(Model, 0.0) == pytest.approx(0.9)
    assert rules.satisfaction_probability(Model, 1.0) == pytest.approx(0.6)
    assert rules.satisfaction_probability(Model, 10.0) == pytest.approx(0.2)


def test_category_floor_raises_the_grade(plan):
    floors = {cid: c.minimum_severity for cid, c in plan.categories.items() if c.minimum_severity}
    assert floors, "the default plan sets a minimum grade for some category (a data leak is always major)"
    cid, floor = next(iter(floors.items()))
    assert rules.effective_grade(plan, MINOR, cid) == rules.SEVERITY_IDS.index(floor)
    other = next(c for c in plan.categories if c not in floors)
    assert rules.effective_grade(plan, MINOR, other) == MINOR


def test_route_adds_the_categorys_departments_and_notifies_the_crisis_group_for_major(plan):
    cat = next(c for c, spec in plan.categories.items() if spec.consult)
    major = rules.route(plan, MAJOR, cat)
    assert major.notify_crisis_group
    for dept in plan.categories[cat].consult:
        assert dept in major.consult
    assert major.handled_by == plan.routing["major"].handled_by
    minor = rules.route(plan, MINOR, cat)
    assert minor.handled_by == plan.routing["minor"].handled_by


def test_frontline_resolves_at_first_contact_only_when_the_crisis_group_is_not_told(plan):
    cat = next(c for c, spec in plan.categories.items() if not spec.notify and not spec.minimum_severity)
    assert plan.routing["minor"].handled_by == "frontline"
    assert rules.route(plan, MINOR, cat).first_contact
    told = plan_with(plan, "routing.minor.notify", ["crisis_group"])
    assert not rules.route(told, MINOR, cat).first_contact
    moderate = rules.route(plan, MODERATE, cat)               # a specialist handles it, nobody is told
    assert moderate.handled_by != "frontline" and not moderate.notify_crisis_group
    assert not moderate.first_contact


def test_a_post_weighs_its_incidents_attention_and_one_without_an_incident():
    class Inc:
        public_attention = 30.0
    assert rules.post_weight(Inc) == 30.0
    assert rules.post_weight(None) == 1.0


def test_on_call_is_called_only_when_nobody_is_on_duty_or_on_the_way():
    assert rules.on_call_needed(0, 0)
    assert not rules.on_call_needed(1, 0)
    assert not rules.on_call_needed(0, 2)


def test_extended_hours_keep_only_frontline_on_for_the_plans_extension(plan):
    extend_by = plan.activation.actions.extended_hours.extend_by
    assert extend_by > 0
    assert rules.shift_extended_by(plan, "frontline") == extend_by
    assert rules.shift_extended_by(plan, "specialist") == 0.0
    longer = plan_with(plan, "activation.actions.extended_hours.extend_by", f"{2 * extend_by}min")
    assert rules.shift_extended_by(longer, "frontline") == 2 * extend_by


def test_surge_expectation_scales_by_the_window_factor_first():
    # (the models computed window / now first; the rule keeps that order so seeded runs stay bit-identical)
    assert rules.surge_expected(0.1, now=7.0, window=60.0) == 0.1 * (60.0 / 7.0)


@pytest.mark.parametrize("row", [[1.0, 1.0, 1.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0], [0.6, 0.9, 1.0],
                                 [0.0, 0.8, 1.0], [0.3, 0.3, 1.0], [0.5, 0.5, 0.9]])
@pytest.mark.parametrize("floored", [[MINOR, MODERATE, MAJOR], [MAJOR, MAJOR, MAJOR], [MODERATE, MODERATE, MAJOR]])
def test_grade_steps_give_the_grade_the_two_rules_give(row, floored):
    # what the simulator reads per complaint: the same grade as assign_grade then the category's floor
    steps = rules.grade_steps(row, floored)
    draws = [0.0, 0.29999, 0.3, 0.5, 0.59999, 0.6, 0.8, 0.89999, 0.9, 0.95, 0.999999] + \
        [k / 997 for k in range(997)]
    for u in draws:
        got = next(grade for below, grade in steps if u < below)
        assert got == floored[rules.assign_grade(row, u)], (row, floored, u)
    assert all(a[1] != b[1] for a, b in itertools.pairwise(steps))        # neighbours with one grade are merged


@pytest.mark.parametrize("targets", [(60.0, 1440.0), (0.0, 1440.0), (60.0, 0.0), (7.0, 3.0)])
def test_satisfaction_chance_is_the_two_rules_to_the_bit(targets):
    from sim.format.customers import SatisfactionModel
    model = SatisfactionModel(on_time=0.93, late_penalty=0.25, floor=0.2)
    chance = rules.satisfaction_chance(model, *targets)
    for first in [0.0, 0.5, 7.0, 59.9, 60.0, 61.3, 140.0, 1e4]:
        for resolved in [1.0, 3.0, 1439.0, 1441.7, 3000.0, 1e6]:
            want = rules.satisfaction_probability(model, rules.case_lateness(first, resolved, *targets))
            assert chance(first, resolved) == want
