"""A reply of bare pieces between commas and stops is a list, however it is punctuated
(sim.drill.sentences._bare_pieces), and prose with short pieces is not."""
from __future__ import annotations

import pytest

from sim.drill.sentences import _BARE_PIECES, _bare_pieces, _unglued, coherence


@pytest.mark.parametrize("text", [
    ("Sorry, apologize. Recorded, escalated, security team, seriously. Never ask, don't download, don't share, "
     "hang up. Call you today, within, before. Investigating, looking into, checking how."),
    "抱歉，道歉，对不起。停止使用，拔掉，远离。已登记，工单，编号。今晚联系您，小时内回电。",
    "抱歉，对不起。我们的责任。水淹，分拣中心。华南仓补发，取消，全额退款，优惠券。快递单号，6点之前，通知您。",
])
def test_a_list_punctuated_as_sentences_is_not_coherent(text):
    assert _bare_pieces(text)
    assert coherence(text) == 0.0


@pytest.mark.parametrize("text", [
    ("林先生，实在抱歉，孩子生日前三天礼物还卡在路上，换谁都着急。这次延误是我们的责任，华东分拣中心昨晚被淹了。"
     "我今天可以从华南仓为您免费补发，或者取消订单全额退款，另外给您发了一张20元优惠券。今天下午6点前我把新单号发给您。"),
    ("Ms Xu, I'm so sorry. Thank you for calling. Please don't install anything, and don't share any code. "
     "I've logged it, passed it to our security team, and they are looking into it. Someone will call you by 5 pm."),
])
def test_prose_with_short_pieces_is_coherent(text):
    assert not _bare_pieces(text)
    assert coherence(text) > 0.5


def test_too_few_pieces_or_sentences_are_not_judged():
    few = "Sorry, apologise, unplug, recorded, reference, tonight"          # six pieces: the other rules judge it
    assert len(few.split(",")) < _BARE_PIECES
    assert not _bare_pieces(few)
    eight = ["sorry", "apologise", "unplug", "away", "recorded", "reference", "tonight", "nine"]
    assert not _bare_pieces(", ".join(eight))                           # one sentence listing things
    assert _bare_pieces(". ".join(", ".join(eight[i:i + 3]) for i in (0, 3, 6)) + ".")   # three sentences of it
    assert not _bare_pieces(". ".join(["we will call you back tonight before nine"] * 4
                                      + ["sorry, unplug, recorded, tonight"]))            # 4/8 bare, long pieces


def three(pieces: list[str], sep: str = ", ", stop: str = ". ") -> str:
    """The pieces as three sentences."""
    k = -(-len(pieces) // 3)
    return stop.join(sep.join(pieces[i:i + k]) for i in range(0, len(pieces), k)) + stop.strip()


def test_pieces_short_on_average_are_a_list_even_with_function_words():
    # nine pieces, none bare (each has "we" / "you"): judged by their average length, 3.5 words
    assert not _bare_pieces(three(["we call you"] * 4 + ["we will call you"] * 4 + ["we call you back"]))  # 3.56
    assert _bare_pieces(three(["we call you"] * 5 + ["we will call you"] * 4))                             # 3.44
    assert _bare_pieces("Sorry, apologise. Freeze, block your card. Don't click, never ask. Police, call you today, "
                        "before 5 pm. Other customers, he can call us.")


def test_chinese_pieces_are_measured_in_characters():
    assert not _bare_pieces(three(["我们给您打"] * 4 + ["我们给您"] * 4 + ["我们给您打"], "，", "。"))   # 41/9 = 4.56
    assert _bare_pieces(three(["我们给您打"] * 4 + ["我们给您"] * 5, "，", "。"))                          # 40/9 < 4.5
    assert not _bare_pieces(three(["110"] * 4 + ["我们给您打电话"] * 5, "，", "。"))  # digits are no words


def test_one_sentence_that_lists_things_is_prose():
    ready = ("Please have your order number, postcode, full name, email, phone, card type, date and amount ready, "
             "and we will call you back today.")
    assert not _bare_pieces(ready) and coherence(ready) == 1.0          # the list is introduced by a clause
    assert coherence("Thank you, sorry, apologise, late deliveries, allergen label, call you today, single point "
                     "of contact, plan by Friday.") == 0.0             # nothing introduces these
    listing = "请不要向任何人透露身份证、银行卡、密码、验证码、短信、手机号、住址等信息，我们会尽快为您处理。"
    assert not _bare_pieces(listing) and coherence(listing) > 0.5


def test_a_run_of_keywords_ending_in_a_full_stop_is_still_a_list():
    # 15 words and more with no article, preposition or conjunction every 15 words, and hardly a subject
    assert coherence("Sorry apologise freeze block your card don't click don't share never ask police 110 call you "
                     "today before 5 pm other customers can call us himself.") == 0.0
    assert coherence("Sorry apologise stop using unplug do not use away from recorded logged reference call you "
                     "tonight within 2 hours.") == 0.0                 # one "from" in 18 words
    # the boundary: one glue word in 15 words is prose, in 16 a list
    assert not _unglued(["sorry"] * 14) and _unglued(["sorry"] * 15)
    assert not _unglued(["sorry"] * 14 + ["the"]) and _unglued(["sorry"] * 15 + ["the"])
    # prose, short of glue but with its subjects, is prose
    assert coherence("Please disconnect it now, don't use it again, and put it somewhere your child can't "
                     "reach.") == 1.0
    assert coherence("I'm freezing your HuiTong account right now, while we're talking, so nothing else can go "
                     "out.") == 1.0


def test_a_chain_of_eight_clipped_chinese_clauses_is_a_list():
    # eight comma clauses averaging under six characters; 、 joins one list's items and is not counted
    chain = "深表歉意，责任在我，姓名手机号收货地址，不含密码，绝不会要求，不要下载，不要转账，私信专线热线，高度重视，持续跟进。"
    assert coherence(chain) == 0.0
    seven = "何女士，抱歉，确实重复扣了129元，今晚原路退回，1到3个工作日到账，会短信通知您。"     # six clauses, 5.2 a clause
    assert coherence(seven) == 1.0
    assert coherence("抱歉，已核实，重复扣费，原路退回，三个工作日，滞纳金报销，短信通知，您看行吗。") == 0.0   # 8, 4.4
    assert coherence("我们已经核实，的确重复扣了款，今晚原路退回给您，一到三个工作日到账，滞纳金凭凭证报销，"
                     "到账时短信通知您，有问题随时找我，再次向您道歉。") == 1.0                      # 8 clauses, 6.6
    listed = "涉及会员的姓名、会员手机号、详细收货地址、所购买商品、订单的编号、会员的等级、积分的余额、会员的生日，不含密码。"
    assert coherence(listed) == 1.0                      # the items of one list, joined by 、
    assert coherence("亲~抱歉哦~是我们的责任呢~补发华南仓~取消订单退款~优惠券~单号通知您~么么哒~就这样~") == 0.0  # ~ splits too
