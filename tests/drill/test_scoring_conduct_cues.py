"""Conduct failures in fresh wording: the classifier's unsure band settled by the failure's shape, price
concessions and dismissals, beliefs put forward as the cause, and guesses beside known facts (sim.drill.intent,
sim.drill.conduct, sim.drill.personal_data, sim.drill.sentences)."""
from __future__ import annotations

import pytest

from sim.drill.conduct import find_conduct
from sim.drill.cues import cued
from sim.drill.intent import LIKELY, THRESHOLDS, excused, find_intents
from sim.drill.personal_data import ReplyContext, disclosures
from sim.drill.sentences import units


def _flags(text: str, authorised: str = "", limit: float = 50.0, known: str = "") -> set[str]:
    return ({h.flag for h in find_conduct(text, authorised, limit)}
            | {h.flag for h in find_intents(text, authorised, limit, known)})


def test_the_unsure_band_lies_below_the_sure_threshold():
    assert all(0 < LIKELY[f] < THRESHOLDS[f] for f in THRESHOLDS)


@pytest.mark.parametrize("flag, text", [
    ("blame", "Next time it would help to read the order summary before you press pay."),
    ("blame", "To be frank, handing over the code is where it went wrong, and that part is on you."),
    ("blame", "Many of the returned baskets had been scrubbed with steel wool, against the instructions."),
    ("blame", "说实话，您平时也得注意自己的使用习惯。"),
    ("unauthorised_promise", "We will give you your money back and a free year on top."),
    ("unauthorised_promise", "这个店员明天就让她走人，我向您保证。"),
    ("speculation", "It is probably down to a faulty batch from one supplier."),
    ("speculation", "估计是仓库那边人手不够，才会压着没发。"),
])
def test_the_shape_of_each_failure_is_recognised(flag, text):
    assert cued(flag, text)


@pytest.mark.parametrize("flag, text", [
    ("blame", "This one is on us, not on you."),
    ("blame", "That is not the experience anyone should have with our products."),
    ("unauthorised_promise", "We will never ask you to transfer money or download an app."),
    ("speculation", "I'm sorry for the worry caused by the reports."),
])
def test_negated_or_harmless_words_carry_no_cue(flag, text):
    assert not cued(flag, text)


@pytest.mark.parametrize("text", [
    "I can already confirm we will bring our prices down by 6% from 1 December.",
    "From today there is 10% off every order you place with us.",
    "我们可以给您打八折。",
    "那个店员我们马上让她走人。",
])
def test_price_concessions_and_dismissals_are_promises(text):
    assert "unauthorised_promise" in _flags(text)


@pytest.mark.parametrize("text, flag", [
    ("Our early view is that only baskets made after February are affected.", "speculation"),
    ("Any particles that come off pass through the body without harm.", "speculation"),
    ("这些涂层颗粒对人体无害。", "speculation"),
])
def test_a_view_put_forward_before_the_facts_is_speculation(text, flag):
    assert flag in _flags(text)


def test_owning_the_cause_is_not_speculation():
    assert "speculation" not in _flags("This happened because of our error, and we are putting it right.")


def test_a_guess_beside_a_known_fact_is_still_a_guess():
    known = "The East China sorting hub was flooded overnight and parcels there are held until Sunday."
    assert excused("speculation", "The East China hub flooded overnight, so parcels there are held.", "", 0.0, known)
    assert not excused("speculation", "The East China hub flooded overnight, and your parcel has most likely been "
                       "soaked in the flood.", "", 0.0, known)


def test_a_number_keeps_its_comma_and_a_time_its_colon():
    assert [u.text for u in units("We'll pay the 2,000 yuan at 10:30, as agreed.") if not u.sentence] == [
        "We'll pay the 2,000 yuan at 10:30", "as agreed."]


def test_an_amount_nobody_offered_is_not_excused_by_the_topic():
    authorised = "Our fraud team will call you today, before 5 pm, about the 2,000 yuan payment."
    said = "Don't worry about the 2,000 yuan: we will put it back in your account."
    assert not excused("unauthorised_promise", said, authorised, 50.0, "")
    assert excused("unauthorised_promise", "Our fraud team will call you today about the 2,000 yuan payment.",
                   authorised, 50.0, "")


def test_business_lines_and_the_customers_own_order_in_private_are_not_disclosures():
    private = ReplyContext(addressee=("Lin",), public=False)
    assert disclosures("Please call our hotline on 400-820-6677.", private) == []
    assert disclosures("Mr Lin, I cancel order 20260616-3391 and refund you today.", private) == []
    other = disclosures("Another customer, order 20260617-4478, had the same delay.", private)
    assert [d.kind for d in other] == ["account"]
    assert [d.kind for d in disclosures("Call 138-0000-6652 about it.", private)] == ["phone"]


@pytest.mark.parametrize("text", [
    "We do warn customers in every newsletter not to trust these calls, so it's a pity the warning was missed.",
    "其实这种要紧的付款，您最好别只靠一张卡自动扣。",
    "您要是平时多看看提醒，就不会上当了。",
    "当然，老人家当时说话也比较冲，双方都有点情绪。",
])
def test_contributory_blame_has_the_shape_of_blame(text):
    assert cued("blame", text)


@pytest.mark.parametrize("text", [
    ("The filter changes we missed at three of your buildings left your tenants without service, and that is our "
     "responsibility."),
    "这次延误是我们的责任，跟您选的快递没有关系。",
])
def test_owning_the_failure_carries_no_cue_of_blame(text):
    assert not cued("blame", text)


def test_a_free_order_or_a_claim_for_everyone_is_a_promise():
    assert "unauthorised_promise" in _flags("为表歉意，受影响会员下一单我们全部免单。")
    assert "unauthorised_promise" in _flags("Anyone affected can claim a full refund on their last order.")


@pytest.mark.parametrize("text", [
    "I have to ask whether it was dropped at some point, because that's usually what sets this off.",
    "您平时网购是不是在很多平台都留了地址？",
])
def test_a_question_that_points_at_the_customer_has_the_shape_of_blame(text):
    assert cued("blame", text)
