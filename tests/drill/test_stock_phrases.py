"""A form letter strung from stock phrases (套话) earns no more than an adequate reply (sim.drill.stock_phrases)."""
from __future__ import annotations

import pytest

from sim.drill.scoring import FORM_LETTER_CAP, score_reply
from sim.drill.stock_phrases import FORM_LETTER, form_letter, stock_phrases
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
    ("Dear Ms Fang, I take this seriously, and I'm sorry.", ["take this seriously"]),     # one phrase is politeness
])
def test_stock_phrases_are_found_as_written(text, found):
    assert list(stock_phrases(text)) == found


def test_a_form_letter_takes_three_distinct_phrases():
    assert FORM_LETTER == 3
    two = "Dear customer, we take your concern very seriously. Our team will call you tonight before 9 pm."
    assert len(stock_phrases(two)) == 2 and not form_letter(two)
    assert form_letter(two + " Thank you for your patience.")
    # the same phrase said twice is still one phrase
    assert not form_letter("Dear customer, dear customer, thank you for your patience.")


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
