"""Where a reply's sentences end (sim.drill.sentences.units): at an ellipsis too, unless it is inside a quotation
or the next word goes on in lower case, and never at a decimal point."""
from __future__ import annotations

import pytest

from sim.drill.sentences import coherence, units


def _sentences(text: str) -> list[str]:
    return [u.text for u in units(text) if u.sentence]


@pytest.mark.parametrize(("text", "sentences"), [
    ("Someone will call you tomorrow, or the day after… Next caller.",
     ["Someone will call you tomorrow, or the day after…", "Next caller."]),
    ("停止使用、拔掉电源……您自己看着办吧。", ["停止使用、拔掉电源……", "您自己看着办吧。"]),
    ("好的⋯⋯再說吧。", ["好的⋯⋯", "再說吧。"]),                                  # the Taiwanese input methods' ⋯
    ("We'll call you… tonight before 9 pm. Thanks.", ["We'll call you… tonight before 9 pm.", "Thanks."]),
    ("I'm sorry our agent told you “whatever… Next caller”, that was wrong.",
     ["I'm sorry our agent told you “whatever… Next caller”, that was wrong."]),
    ("您说客服回了一句“爱找谁找谁……别来烦我”，这是我们的错。", ["您说客服回了一句“爱找谁找谁……别来烦我”，这是我们的错。"]),
    ("It has a 4.8-star rating. 退款 2.5 元。", ["It has a 4.8-star rating.", "退款 2.5 元。"]),
    ("Call 110. 5 minutes later.", ["Call 110.", "5 minutes later."]),
    # chat writing: a tilde, emoji, a space between Chinese characters end a sentence; "~20 yuan" is a number
    ("亲~抱歉哦！是我们的责任呢~分拣中心被淹~", ["亲~", "抱歉哦！", "是我们的责任呢~", "分拣中心被淹~"]),
    ("理解您的担心😥 遇到这种情况谁都会紧张的呢", ["理解您的担心😥", "遇到这种情况谁都会紧张的呢"]),
    ("暂时不要充电哦🔌相关情况正在排查中", ["暂时不要充电哦🔌", "相关情况正在排查中"]),
    ("宝子别慌 咱们先把充电宝放一边", ["宝子别慌", "咱们先把充电宝放一边"]),
    ("@小鱼妈妈 您好，非常抱歉。", ["@小鱼妈妈 您好，非常抱歉。"]),            # the handle opens the greeting
    ("Hi dear~ So sorry about this. Thanks 😊 See you.", ["Hi dear~", "So sorry about this.", "Thanks 😊", "See you."]),
    ("The refund is ~20 yuan. 退款 2.5 元已到账。", ["The refund is ~20 yuan.", "退款 2.5 元已到账。"]),
    ("Please DM us so we can help! 💙", ["Please DM us so we can help!", "💙"]),
    # ... but not a range, a tilde before a stop or closing mark, nor an emoji inside an English sentence
    ("三~五个工作日到账，周一~周五、早上九点~晚上六点都可以。", ["三~五个工作日到账，周一~周五、早上九点~晚上六点都可以。"]),
    ("Open Mon~Fri.", ["Open Mon~Fri."]),
    ("亲~，非常抱歉。", ["亲~，非常抱歉。"]),
    ("He said “sorry~” and left.", ["He said “sorry~” and left."]),
    ("Hi Ms Li~! I'm so sorry~!", ["Hi Ms Li~!", "I'm so sorry~!"]),
    ("Sorry, I can't promise 😔 we'll refund you today.", ["Sorry, I can't promise 😔 we'll refund you today."]),
])
def test_where_sentences_end(text, sentences):
    assert _sentences(text) == sentences


def test_the_highlighted_sentence_keeps_what_follows_a_lower_case_ellipsis():
    reply = "I'm so sorry. Our specialist will call you… tonight before 9 pm."
    last = [u for u in units(reply) if u.sentence][-1]
    assert reply[last.start:last.end] == last.text == "Our specialist will call you… tonight before 9 pm."


def test_decimals_are_not_pieces_of_a_list():
    prose = "The fee was 3.5 yuan, then 4.5 yuan, then 2.5 yuan. We refunded 1.5 yuan. It is 4.8 stars. We are sorry."
    assert coherence(prose) == coherence(prose.replace(".5", "5").replace("4.8", "48")) == 1.0
