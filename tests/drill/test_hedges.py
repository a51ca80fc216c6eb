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
    ("We may be able to refund it, possibly today, or perhaps not.", None),
    ("We may be able to refund it, possibly today, or perhaps a bit longer.", "possibly … perhaps … a bit longer"),
    ("Someone might call, maybe tonight, or later, hard to say.", "maybe … or later … hard to say"),
    ("Someone could call you back, not sure when exactly, hard to say, it depends on the queue.",
     "not sure … hard to say … it depends"),
    # the same hedge said again is one hedge
    ("Maybe tonight, maybe tomorrow, maybe Friday.", None),
    ("进展的话，可能半小时，也可能一两个小时。", None),
    ("进展的话，可能半小时，也可能一两个小时，说不好，有消息的话大概会通知您。", "也可能 … 说不好 … 大概"),
    ("回访的话说不定明天，也不好说，得看排队情况。", "说不定 … 不好说 … 得看"),
    ("退款或許今晚會退，也可能要等幾天，說不準。", "或許 … 也可能 … 說不準"),       # Traditional, quoted as written
    # each sentence is judged on its own
    ("It might be late. Possibly Friday. Perhaps Monday, hard to say.", None),
    # an honest forecast, effort and duty are no hedges
    (("The lab test may take roughly two to three days, depending on how many units they receive, and I'll call you "
      "with the result."), None),
    ("If you prefer, we may also collect it from you, perhaps tomorrow morning, depending on what suits you.", None),
    ("Please don't try to charge it again: it might overheat, so if possible keep it outside on a non-flammable surface.",
     None),
    ("这是我们应该做的，我会尽可能在今晚9点前给您回电，争取今天把退款办好。", None),
    ("检测结果大概需要两到三天，具体可能要看实验室排期，我们争取周五前给您答复。", None),
    # words in quotation marks are someone else's
    ("I'm sorry you were told \"maybe tomorrow, possibly Friday, who knows\" by our hotline: that wasn't good enough.",
     None),
    ("很抱歉之前客服跟您说“说不定明天，也可能后天，说不好”，这样答复是不对的。", None),
    # ... but scare quotes around the writer's own hedges are hers
    ('We\'ll refund it "possibly today, perhaps tomorrow, or a bit longer", so please bear with us.',
     "possibly … perhaps … a bit longer"),
    # a forecasting hedge on a number is a forecast
    ("退款大概三到五个工作日到账，估计周五前能到，具体得看银行处理速度。", None),
    ("The lab will probably need about a week, maybe a bit longer if the samples are delayed.", None),
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
