"""A form letter strung from stock phrases (套话) earns no more than an adequate reply (sim.drill.stock_phrases)."""
from __future__ import annotations

import pytest

from sim.drill.scoring import FORM_LETTER_CAP, score_reply
from sim.drill.stock_phrases import FORM_LETTER, MARKERS, form_letter, stock_phrases
from sim.i18n import t

GOOD_EN = ("I'm so sorry, Ms Li, that you and your son had such a fright. Please unplug the power bank now, stop "
           "using it and keep it away from your son. I've logged this as urgent case PB-2001, and our quality "
           "specialist will call you tonight before 9 pm.")
GOOD_ZH = ("李女士，真的很抱歉，让您和孩子受惊了。请马上拔掉电源、停止使用，放到孩子够不着的地方。"
           "我已登记为紧急工单，编号PB-2001，质量专员今晚9点前给您回电。")


@pytest.mark.parametrize("text, found", [
    ("Dear Valued Customer, thank you for your patience and understanding.",
     ["Dear Valued Customer", "thank you for your patience"]),
    ("We take the security of our customers' information very seriously.", [("take the security of our customers' "
                                                                             "information very seriously")]),
    ("Protecting your privacy is our top priority.", ["is our top priority"]),
    ("尊敬的客户您好，对此我司高度重视，相关部门正在积极跟进。", ["尊敬的客户", "高度重视", "相关部门", "积极跟进", "我司"]),
    ("尊敬的客戶您好，感謝您的理解與支持。", ["尊敬的客戶", "感謝您的理解與支持"]),        # Traditional, as written
    ("Thank you, Ms Li. I'm sorry for the fright.", []),
    ("Please keep it somewhere your son can't reach; our quality team will call you tonight.", []),
    ("Dear Ms Fang, I take this very seriously, and I'm sorry.", ["take this very seriously"]),
    ("Thank you, Ms Li, and I take it nobody was seriously hurt.", []),
])
def test_stock_phrases_are_found_as_written(text, found):
    assert list(stock_phrases(text)) == found


def test_a_form_letter_takes_three_distinct_phrases_two_of_them_the_templates_own():
    assert (FORM_LETTER, MARKERS) == (3, 2)
    two = "Dear customer, we take your concern very seriously. Our team will call you tonight before 9 pm."
    assert len(stock_phrases(two)) == 2 and not form_letter(two)
    assert form_letter(two + " Thank you for your patience.")
    # the same phrase said twice is still one phrase
    assert not form_letter("Dear customer, dear customer, thank you for your patience.")
    # courtesies a good handler says are not a template on their own, nor beside one marker
    warm = ("Thank you for your patience on the phone, Ms Li. I've asked the relevant team to call you before 9, "
            "and I'm happy to assist with anything else.")
    assert len(stock_phrases(warm)) == 3 and not form_letter(warm)
    assert not form_letter("李女士，感谢您的耐心，我司已安排专人跟进，如有其他问题随时找我。")
    assert not form_letter("尊敬的客户，感谢您的耐心，我司已安排专人跟进，如有其他问题随时找我。")
    assert form_letter("尊敬的客户，我司高度重视，如有其他问题随时找我。")


def _reply_li(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    return inject, next(p for p in inject.prompts if p.id == "reply-li")


@pytest.mark.parametrize("lang, good, stock", [
    ("en", GOOD_EN, (" We take all reports very seriously; customer safety is our top priority. "
                    "Thank you for your patience and understanding.")),
    ("zh", GOOD_ZH, "我司高度重视产品安全，相关部门已介入，感谢您的理解与支持！"),
])
def test_a_full_reply_padded_into_a_form_letter_earns_three_quarters(flagship, lang, good, stock):
    inject, prompt = _reply_li(flagship)
    assert score_reply(prompt, good, flagship.plan, lang, inject=inject).share == 1.0
    scored = score_reply(prompt, good + stock, flagship.plan, lang, inject=inject)
    assert scored.share == FORM_LETTER_CAP == 0.75 and scored.caps == ("form_letter",)
    assert t("drill.fb.form_letter", lang, quote="” “".join(stock_phrases(good + stock))) in scored.feedback


def test_the_feedback_names_no_internal_id_in_chinese():
    text = t("drill.fb.form_letter", "zh", quote="高度重视")
    assert "form_letter" not in text and "高度重视" in text and not any("a" <= c.lower() <= "z" for c in text)
