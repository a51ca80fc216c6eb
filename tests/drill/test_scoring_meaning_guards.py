"""What meaning may not stand in for: a time, a greeting, and what the author's poor example says
(sim.drill.meaning)."""
from __future__ import annotations

from sim.drill.meaning import _poor_sentences, _too_short, meet
from sim.drill.text import prepare
from sim.drill.validity import _prompt
from sim.format.library import find_scenario


def _criterion(scenario: str, prompt_id: str, criterion: str):
    sc = find_scenario(scenario)
    _, prompt = _prompt(sc, prompt_id)
    c = next(c for c in prompt.rubric if c.id == criterion)
    return c, prompt


def _met(scenario: str, prompt_id: str, criterion: str, reply: str, lang: str = "en") -> bool:
    c, prompt = _criterion(scenario, prompt_id, criterion)
    rivals = tuple(r for r in prompt.rubric if r is not c)
    return meet(c, reply, prepare(reply), lang, prompt.examples, rivals) is not None


def test_a_time_criterion_needs_a_time():
    assert not _met("busy_week_baseline", "reply-qian", "when", "The delivery fee will be given back to you.")
    assert _met("busy_week_baseline", "reply-qian", "when", "The money should reach your card in two to three "
                "working days.")


def test_a_greeting_performs_no_act():
    assert _too_short("Hi") and _too_short("好的") and not _too_short("Thanks so much for writing.")
    assert not _met("busy_week_baseline", "reply-qian", "thanks", "Hi")


def test_the_poor_examples_are_anti_prototypes():
    _, prompt = _criterion("key_account_churn", "reply-fang", "apology")
    assert _poor_sentences(prompt.examples).shape[0] >= 1
    assert _met("key_account_churn", "reply-fang", "apology", "Dear Ms Fang, please accept my apology for the late "
                "deliveries.")


def test_an_apology_in_words_the_author_did_not_list_meets_it():
    assert _met("logistics_failure", "reply-lin", "apology", "林先生，给您赔个不是，答应您昨天送到却没做到。", "zh")
    assert _met("mass_billing_error", "reply-he", "apology", "何女士，先给您郑重道个歉，这是我们的错误。", "zh")


def test_words_near_an_apology_that_apologise_for_nothing_do_not_meet_it():
    assert not _met("key_account_churn", "reply-fang", "apology", "Dear Ms Fang, we note your concerns.")
    assert not _met("staff_misconduct_viral", "reply-liu", "apology", "店员的处理结果属于内部事务，不方便告诉您。", "zh")


def test_a_carrier_named_as_responsible_is_blamed():
    from sim.drill.conduct import find_conduct

    assert [h.flag for h in find_conduct("The courier is responsible for the delay, so contact them.")] == [
        "blame_third_party"]
    assert find_conduct("The courier is not responsible; the delay is ours.") == ()
