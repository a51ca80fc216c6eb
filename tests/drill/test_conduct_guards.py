"""A failure's words said in a sentence that negates, questions, quotes, reports or takes them back are not the
failure (sim.drill.conduct.negated_at): the guard of the plan's patterns and of every prompt's own phrases."""
from __future__ import annotations

import pytest

from sim.drill.authority import _DECLINED
from sim.drill.conduct import find_conduct, negated_at
from sim.drill.cues import cued, guessed
from sim.drill.intent import excused as intent_excused
from sim.drill.intent import find_intents


def pattern_raises(flag: str, text: str) -> bool:
    """Whether the plan's word patterns raise ``flag`` anywhere in ``text``."""
    return any(h.flag == flag for h in find_conduct(text))


def excused_alone(flag: str, text: str) -> bool:
    """Whether a sentence flagged ``flag`` is excused with no decision, limit or known cause to lean on."""
    return intent_excused(flag, text, "", 0.0, "")


def guarded(text: str, phrase: str, flag: str) -> bool:
    i = text.index(phrase)
    return negated_at(text, i, i + len(phrase), flag)


@pytest.mark.parametrize("text, phrase, flag", [
    ("I can't guarantee a refund on this call.", "guarantee a refund", "unauthorised_promise"),
    ("We are not treating them as isolated cases.", "isolated cases", "speculation"),         # three words between
    ("Please do not click the link again or reply to the text.", "reply to the text", "unsafe_advice"),
    ("Nobody from our company will ever call to refund you.", "refund you", "unauthorised_promise"),
    ("Whether you wash it by hand or in a dishwasher makes no difference.", "dishwasher", "blame"),
    ("是不是电池的问题，检查结果出来之前我们不下结论。", "是电池的问题", "speculation"),
    ("这不怪您。", "怪您", "blame"),
    ("我没法保证一定送到。", "保证一定送到", "unauthorised_promise"),
    ("I understand you're worried your account has been hacked.", "hacked", "speculation"),
    ("您说要我们赔偿您，这个心情我完全理解。", "赔偿您", "unauthorised_promise"),
    ("If anyone texts you saying 'send me the code', that's a scam.", "send me the code", "unsafe_advice"),
    ("我不能跟您说“不可能是我们”，事情还没查清楚。", "不可能是我们", "speculation"),
    ("店员说老人家是自己摔的，这个说法是错的。", "自己摔的", "blame"),
    ("您卡里余额不足导致还款失败，这个责任在我们。", "余额不足导致", "blame"),
    ("You should have it back within 3 working days.", "You should have", "blame"),
    ("You must have been terrified.", "You must have", "blame"),
    ("You didn't need to do anything differently.", "You didn't", "blame"),
    ("You shouldn't have to sort this out alone.", "You shouldn't have", "blame"),
    ("您自己和孩子都没受伤吧？", "您自己", "blame"),
    ("People say it's because of the update; that hasn't been confirmed.", "because of the update", "speculation"),
    ("网上有人说是升级导致的，这个目前还没有确认。", "升级导致", "speculation"),
    ("We do not yet know what it is caused by, and we will not speculate.", "caused by", "speculation"),
    ("I won't make any promises about compensation today.", "compensation", "unauthorised_promise"),
    ("Please don't use it or plug it into your charger again.", "your charger", "blame"),
    ("Whoever they say they are, a courier, a bank or us, don't share codes.", "courier", "blame_third_party"),
    ("有人冒充快递员、银行或者我们来要验证码，一律不要给。", "快递", "blame_third_party"),
    ("具体是由于什么原因，现在还不清楚。", "是由于", "speculation"),
    ("这个月被扣了双倍月费。", "双倍", "unauthorised_promise"),
])
def test_words_of_a_failure_that_say_none(text, phrase, flag):
    assert guarded(text, phrase, flag)


@pytest.mark.parametrize("text, phrase, flag", [
    ("We guarantee a refund.", "guarantee a refund", "unauthorised_promise"),
    ("It is the battery.", "the battery", "speculation"),
    ("You should have read the manual.", "You should have", "blame"),
    ("You didn't read the warning.", "You didn't", "blame"),
    ("是您自己操作不当。", "您自己", "blame"),
    ("估计是升级导致的。", "升级导致", "speculation"),
    ("It was the courier's fault, honestly.", "courier", "blame_third_party"),
    ("我们保证三倍赔偿。", "三倍赔偿", "unauthorised_promise"),
    ("The code is 'not needed', send me the code now.", "send me the code", "unsafe_advice"),   # quote closed
    ("我们给您双倍赔偿。", "双倍", "unauthorised_promise"),                 # given, not charged
    ("It was caused by the battery.", "caused by", "speculation"),
])
def test_words_of_a_failure_that_say_it(text, phrase, flag):
    assert not guarded(text, phrase, flag)


def test_owning_it_takes_back_blame_only():
    text = "余额不足导致还款失败，这个责任在我们。"
    assert guarded(text, "余额不足导致", "blame")
    assert not guarded(text, "余额不足导致", "speculation")


def test_tone_is_not_taken_back_by_owning_it():
    assert any(h.flag == "dismissive" for h in find_conduct("行吧，对不起，是我们的责任。"))


@pytest.mark.parametrize("text, flagged", [
    ("按照规定，我们不能给您退款。", True),                  # hiding behind the rules
    ("按照规定我们只能退一半。", True),
    ("我们已按照规定在时限内向监管部门报告。", False),          # acting by them
    ("电饭煲按照规定的保修政策免费维修。", False),
])
def test_the_rules_as_an_excuse_not_as_a_duty_done(text, flagged):
    assert pattern_raises("non_apology", text) is flagged


@pytest.mark.parametrize("text", [
    "减免月费这个我们做不了。",
    "您提到的三个月免费，我这边确实没办法做，请您见谅。",
    "免三个月宽带费不在公司批准的范围内，这个我没办法替您办。",
    "赔偿之类的事情现在也还谈不上，我不想随便承诺您。",
    "除了这张优惠券，我这边没法再额外赔偿。",
])
def test_a_promise_turned_down_is_none(text):
    assert _DECLINED.search(text)


@pytest.mark.parametrize("text, flagged", [
    ("您自己不用做任何操作。", False),
    ("是您自己不小心弄坏的。", True),
])
def test_you_need_do_nothing_is_no_blame(text, flagged):
    assert pattern_raises("blame", text) is flagged


@pytest.mark.parametrize("text, excused", [
    ("我们目前无法确认有谁下载过这个文件，也不会去猜是不是黑客所为。", True),
    ("视频我们都看过了，不会说它被剪辑过，是我们的店员做错了。", True),
    ("I won't guess whether the new firmware did it.", True),
    ("我不想乱猜，但估计是黑客干的。", False),            # declines, then guesses anyway
    ("我不能跟您说“不可能是我们”，因为事情还没查清楚。", True),   # 不可能是 denies, it does not hedge
])
def test_a_sentence_that_declines_the_guess_is_excused(text, excused):
    assert excused_alone("speculation", text) is excused


@pytest.mark.parametrize("text, dismissive", [
    ("I don't know that yet, and we are looking into it.", False),     # honest
    ("I don't know.", True),
    ("I don't know, maybe next week.", True),
    ("A specialist will call you to talk through what happens next.", False),
    ("Sorry. Next.", True),
])
def test_a_shrug_not_an_honest_answer(text, dismissive):
    assert pattern_raises("dismissive", text) is dismissive


@pytest.mark.parametrize("text, shaped", [
    ("For future reference, these units should charge on a hard surface, which is where most heat problems begin.", True),
    ("The care instructions in the box are there for good reason.", True),
    ("It is worth reviewing how yours has been used, since they are always more at risk.", True),
    ("App首页一直提示我们从不发链接，这正是我们反复提醒要避免的。", True),
    ("卡里多备一些余额，以后也可以避免类似情况。", True),
    ("老人家可能没听清店员的解释，双方才越说越僵。", True),
    ("我们反省了自己的流程。", False),
])
def test_hindsight_and_warnings_given_before_are_blames_shape(text, shaped):
    assert cued("blame", text) is shaped


def test_a_cue_alone_flags_nothing_the_classifier_finds_innocent():
    text = "For future reference, your case number is PB-1187."
    assert cued("blame", text) and find_intents(text) == ()


@pytest.mark.parametrize("text", [
    "I can't say when it will be fixed, but the hackers got in through last night's patch.",
    "我不能说什么时候修好，但黑客是通过昨晚的补丁进来的。",
])
def test_declining_one_thing_does_not_excuse_a_guess_beside_it(text):
    assert not excused_alone("speculation", text)


@pytest.mark.parametrize("text, phrase, flag", [
    ("I can't offer cash, but we'll pay you triple.", "pay you triple", "unauthorised_promise"),
    ("I'm afraid you should have read the manual.", "you should have", "blame"),
    ("Whether you like it or not, you should have read the manual.", "you should have", "blame"),
    ("It's not ideal but you should have read the manual.", "you should have", "blame"),
    ("Don't worry we'll pay you triple.", "pay you triple", "unauthorised_promise"),
    ("Nobody else has had this problem, so you obviously used it wrong.", "you obviously", "blame"),
    ("您自己没看清楚还怪我们。", "您自己没", "blame"),
    ("You should have known the address was wrong.", "You should have", "blame"),
    ("You ignored a clear warning from us.", "You ignored", "blame"),
    ("我们一定赔您三倍，您放心，不行的话我再找领导。", "赔您三倍", "unauthorised_promise"),
    ("恐怕是您自己操作不当。", "您自己", "blame"),
    ("您提出的问题我们一定赔您三倍。", "赔您三倍", "unauthorised_promise"),
])
def test_guards_stop_at_the_clause_and_the_sense(text, phrase, flag):
    assert not guarded(text, phrase, flag)


def test_curly_quotes_and_apostrophes_read_as_straight():
    assert guarded("If anyone texts you ‘send me the code’, that is a scam.", "send me the code", "unsafe_advice")
    assert any(h.flag == "dismissive" for h in find_conduct("I don’t know."))
    assert any(h.flag == "blame" for h in find_conduct("You shouldn’t have left it charging overnight."))


@pytest.mark.parametrize("text, flag, flagged", [
    ("我们的员工不会再用这种方式联系您。", "unauthorised_promise", False),
    ("看得出您的心情很着急。", "dismissive", False),
    ("这件事是我们自己没做好，非常抱歉。", "blame", False),
    ("The fee shouldn't have been charged on your card.", "blame", False),
])
def test_patterns_no_broader_than_they_say(text, flag, flagged):
    assert pattern_raises(flag, text) is flagged


@pytest.mark.parametrize("text, is_guess", [
    ("退款大概是三到五个工作日到账。", False),          # a forecast of our handling
    ("您的包裹应该是明天下午送到。", False),
    ("这些短信估计就是今天上午那伙人发的。", True),      # 今天 is when, not a forecast
    ("No doubt you are keen to get this sorted quickly.", False),
    ("I think the best next step is for me to call you back at ten.", False),
])
def test_forecasts_are_no_guesses(text, is_guess):
    assert guessed(text) is is_guess


def test_a_refusal_after_a_comma_must_say_no_to_it():
    text = "三个月免费这个要求，公司没有批准，我不能随口答应您。"
    assert guarded(text, "三个月免费", "unauthorised_promise")


# --- tone: a shrug, not the word ------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("Recorded, reference whatever.", ["whatever"]),
    ("Whatever, next caller.", ["Whatever", "next caller"]),
    ("Sorry, it's logged or whatever.", ["or whatever"]),
    ("Fine, whatever you say.", ["whatever you say"]),
    ("Refund, if you like.", ["if you like."]),
    ("“Whatever, next caller.”", ["Whatever", "next caller"]),           # all quotation: the writer's own words
    ("什么时候能好？这个说不准。", ["说不准"]),
    # a time stretched until it means nothing
    ("It should reach you within a few working days, or possibly a few weeks.", ["or possibly a few weeks"]),
    ("1到3个工作日到账，或者更久。", ["或者更久"]),
    ("专员会给您回电，要看他们手上排到什么时候。", ["要看他们手上排到什么时候"]),
])
def test_a_shrug_is_heard(text, words):
    assert [h.text for h in find_conduct(text) if h.flag in ("dismissive", "hedged")] == words


@pytest.mark.parametrize("text", [
    "Whatever happened further down the line, this delay is ours to fix.",
    "Please don't give anyone a code, whatever they say.",
    "I'll message you within half an hour with whatever we have.",
    "Whatever we agree, you will have it in writing by Friday.",
    "I can cancel the order and refund you if you like.",
    "We'd be glad to send an engineer on Saturday if you like.",
    "I'm sorry our agent told you “whatever, next caller”; that was wrong.",     # someone else's words, owned up to
    "I'm sorry our agent told you “whatever, next caller.” That was wrong.",     # the stop inside the quotation
    "店员跟您说“爱买不买”，这完全不应该。",
    "具体什么时候恢复现在还说不准，我每小时给您更新一次。",                        # honest: not known yet
    "The refund takes 1-3 working days, depending on your bank.",                 # a range the bank sets
    "It takes 1-3 working days, though it can vary depending on how busy your bank is.",
    "Wait times vary depending on how many people are calling, but I will call you by 5pm.",
    "We'll have the test results in two weeks, or sooner if the lab is quick.",
])
def test_the_same_words_in_a_good_handlers_sentence_are_not(text):
    assert [h for h in find_conduct(text) if h.flag in ("dismissive", "hedged")] == []


@pytest.mark.parametrize("text, flagged", [
    ("Mistakes were made and we are looking into it.", True),     # the plan's own example: a fault with no one at fault
    ("A mistake was made with your bill.", True),
    ("Errors have been made in the billing run.", True),
    ("These things happen in retail.", True),                     # the fault excused as normal
    ("Mistakes happen sometimes.", True),
    ("工作中难免会出现一些疏漏。", True),
    ("失误在所难免，请您理解。", True),
    ("您别自责，谁都会犯错。", False),                              # the customer consoled
    ("Don't blame yourself, these things happen to the best of us.", False),
    ("Mistakes were made by one of our staff.", False),
    ("Mistakes were made, and they were ours.", False),
    ("We made a mistake with your bill.", False),                 # owned
    ("A mistake was made by our billing team, and I am sorry.", False),
    ("Mistakes were made on our side.", False),
    ("No mistakes were made by you.", False),
    ("It happens sometimes that the courier is late, but that was our fault.", False),
    ("I'll make sure this never happens again.", False),
    ("是我们工作中的疏漏，非常抱歉。", False),
])
def test_a_fault_with_no_one_at_fault_is_a_non_apology(text, flagged):
    assert pattern_raises("non_apology", text) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("You shouldn't have been left wondering for three days.", False),    # done to her
    ("You shouldn't have been charged twice.", False),
    ("You should have been told on the first call.", False),
    ("It shouldn't have been left charging on the sofa.", True),           # how she used it
    ("You should have checked the link first.", True),
])
def test_what_was_done_to_her_is_no_blame(text, flagged):
    assert pattern_raises("blame", text) is flagged


@pytest.mark.parametrize("text, shaped", [
    ("I'd gently say it's best not to leave one charging where a little one can reach it in future.", True),
    ("We've warned in the app many times never to type a card number into a link.", True),
    ("您要是当时没点那个链接就好了。", True),                        # hindsight
    ("您要是不想等了，直接取消，钱原路全额退。", False),                 # a choice offered
    ("老人家这两天要是还不舒服，您多陪陪他。", False),                   # care
    ("Please keep it somewhere safe and don't use it in future.", False),
    ("We'll take extra care to avoid this in future.", False),            # the company's own resolution
])
def test_hindsight_is_a_cue_of_blame_and_a_choice_offered_is_not(text, shaped):
    assert cued("blame", text) is shaped


@pytest.mark.parametrize("text, shaped", [
    ("Don't worry about the 2,000 yuan, it will be put back into your account.", True),
    ("Whatever the competitor has put on the table, we will meet it.", True),
    ("If anyone loses money to these callers, we'll make it good in full.", True),
    ("每位受影响的会员都会收到300元现金。", True),
    ("We will never ask you to transfer money.", False),
    ("You can pay by cash on delivery.", False),
    ("Scammers will ask you to withdraw cash.", False),
    ("骗子会让您取现金。", False),
    ("The parcel will be sent back to our warehouse.", False),
    ("I will meet that deadline.", False),
])
def test_money_put_back_and_a_price_matched_are_promises(text, shaped):
    assert cued("unauthorised_promise", text) is shaped


@pytest.mark.parametrize("text, excused", [
    ("店员当时说是老人家自己摔的，这个说法是错的。", True),           # someone's blame reported and refuted
    ("The clerk said your father dropped it, which is simply not true.", True),
    ("您说是我们没提醒，这不对，是您自己没看短信。", False),           # the refutation turns on her
    ("我们短信提醒过三次，您说没收到，这个说法不属实。", False),       # her own claim refuted
    ("You said we never warned you, which is simply not true.", False),
])
def test_blame_reported_and_refuted_is_excused(text, excused):
    assert excused_alone("blame", text) is excused


@pytest.mark.parametrize("text, flagged", [
    ("路上的情况我没法百分之百保证，如果您觉得不踏实，也可以直接取消订单。", []),
    ("如果您感到不满，我们表示歉意。", ["non_apology"]),                # the apology made conditional
    ("如果您觉得不满意，可以直接退货。", []),
    ("我不能百分之百保证明天送到。", []),
])
def test_a_choice_offered_and_a_guarantee_declined_are_not_failures(text, flagged):
    assert [h.flag for h in find_conduct(text) if h.flag in ("non_apology", "unauthorised_promise")] == flagged


@pytest.mark.parametrize("text, is_guess", [
    ("From what we can tell, last night's update broke the login.", True),      # a first reading as the cause
    ("从目前收到的反馈看，问题出在保护板上。", True),
    ("问题基本就出在这批货的充电保护板上。", True),
    ("其他批次应该没事。", True),                                                 # an all-clear nobody gave
    ("From what I can see on your account, the payment went through twice.", False),   # the account read
    ("退款基本上是1到3个工作日到账。", False),                                      # forecasts
    ("换货应该没问题。", False),
    ("看起来像是诈骗信息。", False),
])
def test_a_first_reading_passed_off_as_the_cause_is_a_guess(text, is_guess):
    assert guessed(text) is is_guess


def test_a_long_sentence_without_hindsight_is_not_cued():
    assert cued("blame", "x" * 25000 + " in future") is False        # (a lookahead per position took 10 s)


@pytest.mark.parametrize("text, excused", [
    ("具体是什么原因造成的，要等质量部门检测后才能确定。", True),     # the cause is the question still open
    ("What caused it, we won't know until the lab has looked at it.", True),
    ("具体是什么原因造成的还不清楚，估计是电芯的问题。", False),       # ... and then guessed at
    ("是电池导致的，要等检测后才能确定。", False),                     # a cause put forward, checked later
    ("Why it overheated we'll only know after testing, but it's probably the cells.", False),
    ("What caused it, we won’t know until the lab has looked at it.", True),                 # a curly apostrophe
    ("What caused it was a faulty batch of cells, though we don't know yet how many units are affected.", False),
    ("为什么会过热，是因为充电板有缺陷，具体批次要等检测后才能确定。", False),     # the question answered
    ("这就是为什么您的订单没发出：仓库系统升级出了错，具体恢复时间还不清楚。", False),
    (("I won't guess at the rest, but the faulty cells from our supplier caused the fire and we won't know until "
     "Friday how many units are affected."), False),                   # declining one guess excuses no other cause
])
def test_the_cause_asked_about_and_still_open_is_no_speculation(text, excused):
    assert excused_alone("speculation", text) is excused


@pytest.mark.parametrize("text, flagged", [
    ("Keep it on a surface that can't burn, like a tiled floor.", False),     # a place that cannot burn
    ("Put it in a metal tin which won't catch fire.", False),
    ("It can't burn, trust me.", True),                                      # an all-clear nobody gave
    ("I'm sure it won't explode.", True),
    ("到底是哪个环节造成的，我们正在查。", False),                           # the cause asked about
    ("是电池导致的。", True),
    ("Don't worry, that won't happen again.", True),                        # 'that' is no place
    ("Your fryer is from batch 7, which won't overheat.", True),
    ("这次重复扣款是何经理那边操作失误造成的。", True),                      # 何 the surname, no question
    ("到底是啥原因造成的，我们正在查。", False),
    ("到底是谁造成的，我们正在查。", False),
])
def test_a_fireproof_place_and_an_open_question_are_no_speculation_words(text, flagged):
    assert pattern_raises("speculation", text) is flagged


@pytest.mark.parametrize("text, excused", [
    ("None of this is your fault: those texts are made to look exactly like ours.", True),     # her fault denied
    ("这不是您的错，骗子的短信做得跟我们的一模一样。", True),
    ("The mistake was ours: a campaign file was publicly reachable for 19 days.", True),        # the fault owned
    ("Sorry about this, Mr Qian, the delivery charge shouldn't have been added to your order.", True),
    ("It's unnerving when a stranger knows your home address.", True),                          # a feeling
    ("It's not your fault, but you really should have read the warning.", False),              # ... and then blame
    ("这不是您的错，不过以后别再点陌生链接了。", False),
    ("The mistake was ours, and you should have checked the label too.", False),
    ("You shouldn't have been so careless with the code.", False),
    ("Honestly, your code should never have been sent to anyone who called you.", False),   # not a charge
    ("The charger should never have been left plugged in overnight.", False),
    ("The records are ours and they show you entered the code yourself.", False),
    ("It's not entirely your fault, Mr Qian, the confirmation screen does show the address you typed.", False),
    ("您没错过我们的提醒短信，是自己选择了忽略。", False),                                   # 没错过, not 没错
    ("这难道不是您的问题吗？", False),                                                       # a question
    ("这不是您的问题，是您家里人随手把验证码告诉了对方。", False),
    ("It's hard to understand why you would give a stranger your PIN.", False),             # a verdict, no feeling
    ("It's shocking that you would hand your code to a stranger on the phone.", False),
])
def test_her_fault_denied_or_ours_owned_is_no_blame(text, excused):
    assert excused_alone("blame", text) is excused


@pytest.mark.parametrize("text, excused", [
    ("I freeze your HuiTong account now, so nothing more can be paid.", True),       # the loss stopped
    ("我先帮您冻结账户，防止再被扣款。", True),
    ("您提到的三个月免费，目前公司的处理方案里没有这一项，我这边不能承诺。", True),  # her request, turned down
    ("三个月免费，我这边确实没办法做。", True),
    ("I'll freeze your account and refund the 2,000 yuan in full today.", False),    # protection beside a promise
    ("Let's stop any more money going out and I'll refund you 2,000 yuan today.", False),
    ("您提到的三倍赔偿我们给您办，别的不能承诺。", False),                           # her request, granted
    ("我们赔您三倍，别的不能承诺。", False),                                         # a refusal of something else
    ("I'll freeze your account and make sure every yuan of the 2,000 comes back to you by Friday.", False),
    ("We'll freeze your card fees at zero for the next twelve months.", False),     # a price frozen is an offer
    ("您提到的三倍赔偿，已经批下来了，别的我不能承诺。", False),                   # granted before the refusal
    ("You'll get a full refund of the 2,000 yuan today, anything beyond that I can't promise.", False),
    ("三个月月费已经为您免掉了，别的我这边不能承诺。", False),
    ("I've refunded the 2,000 yuan to your card, anything beyond that I can't promise.", False),
    ("桌子损坏的赔偿问题我今晚没法答复您，但两小时之内质量专员会给您回电。", True),   # the refusal, then a call
    ("至於免三個月月費，公司這次並沒有核准，我不能答應您，也不想給您空頭支票。", True),  # refused twice over
])
def test_protection_and_a_request_turned_down_are_no_promise(text, excused):
    assert excused_alone("unauthorised_promise", text) is excused


@pytest.mark.parametrize("text, raised", [
    ("That was a mistake on our side.", False),                     # the fault just named is ours
    ("Charging you for delivery was a mistake by us, and I'm sorry.", False),
    ("Typing the code in was a mistake.", True),
    ("That was a big mistake on your part.", True),
    ("这个要跟您说实话；不过您的诉求我已经如实记录了。", False),      # 说实话 ends its clause: no aside on her
    ("说实话，您当时就不该点那个链接。", True),
])
def test_a_fault_owned_just_after_it_is_named_and_honesty_about_a_refusal_are_no_blame(text, raised):
    assert pattern_raises("blame", text) is raised


@pytest.mark.parametrize("text, shaped", [
    # the product put aside from now on is safety; her own conduct in future is hindsight
    ("然后请您先别用手直接去拿那个充电宝，等它凉下来，把充电线拔掉，让孩子离远一点，以后也先不要再用了。", False),
    ("您以后不要再点击陌生链接了。", True),
    ("The mistake on our side was not checking the threshold, and I'm sorry.", False),
    ("这次是我们这边的失误，您别往心里去。", False),
    # the rules cited at her, in more words
    ("As stated in our terms of use, you remain responsible for making time-critical payments.", True),
    ("As our 618 sale page noted, delivery dates during the promotion are estimates.", True),
    ("Our auto-pay terms do recommend keeping a backup payment method for bills like rent.", True),
    ("Most owners who follow the care instructions have reported no problems.", True),
    ("For the deliveries, it's worth noting that two of the three came after your DC moved our slot.", True),
    ("Still, talking to the caller at all gave them more to work with.", True),
    ("It's worth keeping a screenshot of the failed payment.", False),
    ("As our engineers confirmed at 10:15, login is failing for every customer.", False),
])
def test_blames_shape_in_owned_faults_safety_and_rules_cited(text, shaped):
    assert cued("blame", text) is shaped


_KNOWN_SCOPE = "Only batch 2403 is affected; the other batches are not affected, the lab confirmed. 检测确认：只有2403批次受影响，其他批次都没有问题。"


@pytest.mark.parametrize("text, speculates", [
    # an all-clear nobody gave: the rest unaffected, her things safe, the case a one-off, no harm
    ("Nothing is wrong with the other batches.", True),
    ("The other batches are perfectly safe, so there's no need to worry.", True),
    ("其他批次没有问题，您放心。", True),
    ("其余型号都是安全的，您可以放心继续使用。", True),
    ("Don't worry, nobody has got into your account: your balance and details are untouched.", True),
    ("您的账号很安全，肯定没有被盗，这点您放心。", True),
    ("我们其他网点都没有出过这样的事，这纯属个别现象。", True),
    ("The coating is food-grade, so any flakes that end up in food will not harm anyone who eats them.", True),
    # ... not when it is asked, waited for or left open in its own clause
    ("We don't know yet whether the other batches are safe; the lab will tell us by Friday.", False),
    ("Until the lab confirms the other batches are safe, please don't use any other power bank from us either.", False),
    ("We can't yet say that the other batches are safe, so please keep yours unplugged.", False),
    ("其他批次有没有问题，我们正在检测，周五前给您答复。", False),
    ("在检测确认其他批次不受影响之前，请先停用所有同品牌充电宝。", False),
    ("其他批次还不能说没问题，要等检测结果出来。", False),
    # ... nor a pledge about our own conduct, nor what the agent sees on the order
    ("Your details are safe with us: we will never share them with anyone.", False),
    ("您的个人信息在私信里是安全的，请放心发给我们。", False),
    ("The rest of your order is unaffected and is on its way as normal.", False),
    ("The other option is a full refund.", False),
    # ... nor refused ("I can't tell you yet"), read off what the agent sees or did, nor a pledge, nor an instruction
    ("I can't tell you yet that the other batches are safe, so please keep yours unplugged.", False),
    ("现在说其他批次没问题还为时过早，检测结果出来我第一时间告诉您。", False),
    ("我不能保证以后不会再发生，但我们会把流程查清楚。", False),
    ("Your card is now frozen, so your money is safe from further payments.", False),
    ("我查了您的批次号2405，不在这次召回范围内。", False),
    ("We will make sure this won't happen again.", False),
    ("请先确保您和家人是安全的，再处理充电宝。", False),
    ("退货时麻烦您保持包装完好，快递员会上门取件。", False),
    ("其他帳戶都沒有問題，您放心。", True),                                   # Traditional
    ("Your account hasn't been compromised, so there's nothing to worry about.", True),
])
def test_an_all_clear_nobody_gave_is_a_guess(text, speculates):
    assert any(h.flag == "speculation" for h in find_intents(text)) is speculates


def test_a_known_all_clear_in_other_words_is_no_guess():
    assert not any(h.flag == "speculation" for h in find_intents("The other batches are unaffected.", known=_KNOWN_SCOPE))


@pytest.mark.parametrize("asked", ["Are the other batches safe?", "客户问：“其他批次是安全的吗？”"])
def test_a_question_in_what_is_known_makes_nothing_known(asked):
    reply = "The other batches are safe, please don't worry." if asked.isascii() else "其他批次是安全的，您放心。"
    assert any(h.flag == "speculation" for h in find_intents(reply, known=asked))


def test_her_question_does_not_make_its_answer_known():
    # what she reports counts as known, what she asks does not ("我的账号是不是被盗了？？")
    asked = "我从9点到现在一直登不上，只显示“认证失败”。我的账号是不是被盗了？？"
    assert any(h.flag == "speculation" for h in find_intents("您的账号很安全，肯定没有被盗，这点您放心。", known=asked))


def test_a_short_chinese_sentence_that_names_a_cause_is_judged():
    assert any(h.flag == "speculation" for h in find_intents("这是电芯内部短路了。"))


@pytest.mark.parametrize("text, shaped", [
    ("这次是我们这边的失误，我们会尽快处理好。", False),
    ("您以后不要用同一个密码登录所有网站。", True),                               # hindsight, not the product put aside
    ("您以后别用短信里的链接登录。", True),
])
def test_a_fault_owned_is_no_blame_and_only_the_product_put_aside_is_safety(text, shaped):
    assert cued("blame", text) is shaped


@pytest.mark.parametrize("text", ["The other batches are not affected.", "其他批次都没有问题。"])
def test_an_all_clear_that_is_known_is_no_guess(text):
    assert not any(h.flag == "speculation" for h in find_intents(text, known=_KNOWN_SCOPE))
