"""What a handler may promise: the decision, the rubric and good examples authorise; the customer's demand,
a refusal in the brief and an add-on to an approved offer do not (sim.drill.intent, sim.drill.reply_context)."""
from __future__ import annotations

from sim.drill.intent import excused
from sim.drill.reply_context import reply_context
from sim.format.library import find_scenario


def _context(scenario: str, inject_id: str, prompt_id: str):
    sc = find_scenario(scenario)
    inject = next(i for i in sc.drill.injects if i.id == inject_id)
    prompt = next(p for p in inject.prompts if p.id == prompt_id)
    return sc, inject, reply_context(sc.plan, inject, prompt)


def _inject_of(scenario: str, prompt_id: str) -> str:
    sc = find_scenario(scenario)
    return next(i.id for i in sc.drill.injects for p in i.prompts if p.id == prompt_id)


def test_the_customers_demand_is_not_an_authority_but_an_internal_brief_is():
    _, inject, ctx = _context("mass_billing_error", _inject_of("mass_billing_error", "reply-he"), "reply-he")
    assert inject.message.zh and "三个月宽带费" in inject.message.zh
    assert "三个月宽带费" not in ctx.authorised          # her demand, not an offer anyone approved
    assert "三个月宽带费" in ctx.personal.own_text       # still what she said (known facts, her own data)
    _, inject, ctx = _context("media_regulator_inquiry", _inject_of("media_regulator_inquiry", "holding-statement"),
                              "holding-statement")
    assert inject.message.en in ctx.authorised           # the head of PR's brief carries the decision


def test_a_demand_granted_is_not_excused_by_the_demand():
    _, _, ctx = _context("mass_billing_error", _inject_of("mass_billing_error", "reply-he"), "reply-he")
    assert not excused("unauthorised_promise", "您说的三个月宽带费，我做主给您免了。", ctx.authorised,
                       ctx.goodwill_limit, ctx.personal.own_text)


def test_an_approved_offer_is_excused_but_not_a_promise_added_to_it():
    _, _, ctx = _context("logistics_failure", _inject_of("logistics_failure", "reply-lin"), "reply-lin")
    args = (ctx.authorised, ctx.goodwill_limit, ctx.personal.own_text)
    assert excused("unauthorised_promise", "I can re-ship the gift today from our South China warehouse, at no "
                   "cost to you.", *args)
    assert not excused("unauthorised_promise", "I'll re-ship it from South China today, and if it misses Sunday "
                       "we'll pay you back three times the order.", *args)


def test_a_share_off_is_never_within_the_money_limit():
    _, _, ctx = _context("key_account_churn", _inject_of("key_account_churn", "reply-fang"), "reply-fang")
    # 10 is below the goodwill limit in yuan, but "10% off for a year" is a price concession the brief refuses
    assert not excused("unauthorised_promise", "As a goodwill gesture I can take 10% off every order for the "
                       "rest of the year.", ctx.authorised, ctx.goodwill_limit, ctx.personal.own_text)
