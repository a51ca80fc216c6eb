"""A sentence that stacks hedges until it commits to nothing caps the reply like a shrug (sim.drill.hedges)."""
from __future__ import annotations

import pytest

from sim.drill.hedges import STACKED, stacked_hedges
from sim.drill.scoring import TONE_CAP, score_reply
from sim.i18n import t

GOOD_EN = ("I'm so sorry, Ms Li, that you and your son had such a fright. Please unplug the power bank now, stop "
           "using it and keep it away from your son. I've logged this as urgent case PB-2001, and our quality "
           "specialist will call you tonight before 9 pm.")
GOOD_ZH = ("李女士，真的很抱歉，让您和孩子受惊了。请马上拔掉电源、停止使用，放到孩子够不着的地方。"
           "我已登记为紧急工单，编号PB-2001，质量专员今晚9点前给您回电。")


@pytest.mark.parametrize("text, hedges", [
    # at the boundary: two hedges are honest, three empty the sentence
    ("The refund may take 1-3 working days, depending on your bank.", None),
    ("We may be able to refund it, possibly today.", None),
    ("We may be able to refund it, possibly today, or perhaps a bit longer.", "may … possibly … perhaps"),
    ("Someone might call, maybe tonight, or later, depending on the queue.", "might … maybe … or later … depending on"),
    # the same hedge said again is one hedge
    ("Maybe tonight, maybe tomorrow, maybe Friday.", None),
    ("进展的话，可能半小时，也可能一两个小时。", None),
    ("进展的话，可能半小时，也可能一两个小时，说不好，有消息的话大概会通知您。", "可能 … 说不好 … 大概"),
    ("退款應該今晚會退，也可能要等幾天，說不準。", "應該 … 可能 … 說不準"),       # Traditional, quoted as written
    # "May" the month is no hedge
    ("About your May order: it might arrive late, possibly Friday.", None),
    # each sentence is judged on its own
    ("It might be late. Possibly Friday. Perhaps Monday.", None),
])
def test_three_different_hedges_in_one_sentence_empty_it(text, hedges):
    hits = stacked_hedges(text)
    assert STACKED == 3
    assert [h.text for h in hits] == ([hedges] if hedges else [])
    assert all(h.flag == "hedged" for h in hits)


def _reply_li(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    return inject, next(p for p in inject.prompts if p.id == "reply-li")


@pytest.mark.parametrize("lang, good, hedged", [
    ("en", GOOD_EN, " Someone may ring you back, possibly tomorrow, or perhaps a bit later, depending on the queue."),
    ("zh", GOOD_ZH, "回访的话可能明天，也可能更晚，说不好，大概会有人联系您。"),
])
def test_a_full_reply_with_its_commitment_hedged_away_earns_a_quarter(flagship, lang, good, hedged):
    inject, prompt = _reply_li(flagship)
    assert score_reply(prompt, good, flagship.plan, lang, inject=inject).share == 1.0
    scored = score_reply(prompt, good + hedged, flagship.plan, lang, inject=inject)
    assert scored.share == TONE_CAP == 0.25 and "tone" in scored.caps
    quote = stacked_hedges(good + hedged)[0].text
    assert t("drill.fb.tone", lang, quote=quote) in scored.feedback
