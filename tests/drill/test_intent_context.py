"""What the trainee was told, and what the words of a sentence do, decide whether a flag stands
(sim.drill.reply_context.told_before, sim.drill.intent: known causes in other words, empathy, declined
promises, approved offers in the offers' words, blame patterns overruled by meaning, safety instructions)."""
from __future__ import annotations

import pytest

from sim.drill.intent import excused, find_intents, overruled
from sim.drill.reply_context import reply_context, told_before
from sim.drill.scoring import score_reply
from sim.drill.sentences import units
from sim.drill.wording import covered, terms
from sim.format.library import find_scenario


def _reply(scenario: str, prompt_id: str):
    """The scenario, inject and prompt of a reply prompt of the library."""
    sc = find_scenario(scenario)
    inject = next(i for i in sc.drill.injects if any(p.id == prompt_id for p in i.prompts))
    prompt = next(p for p in inject.prompts if p.id == prompt_id)
    return sc, inject, prompt


def _lin():
    return _reply("logistics_failure", "reply-lin")


def test_the_briefing_is_told_before_the_first_inject_and_a_customers_message_is_not():
    sc, inject, _ = _lin()
    told = told_before(sc.plan, sc.drill, inject)
    assert sc.drill.briefing.en in told and sc.drill.briefing.zh in told
    assert inject.message.en not in told                   # the inject itself is hers, not a brief
    first = min(sc.drill.injects, key=lambda i: i.at)
    assert told_before(sc.plan, sc.drill, first) == [sc.drill.briefing.en, sc.drill.briefing.zh]


def test_the_brief_authorises_its_offers_and_makes_its_cause_known():
    sc, inject, _ = _lin()
    with_drill = reply_context(sc.plan, inject, None, sc.drill)     # no prompt: its good example states it too
    alone = reply_context(sc.plan, inject)
    offer = "另外送您一张20元优惠券，可以今天从华南仓为您免费补发。"
    args = (with_drill.goodwill_limit, with_drill.personal.own_text)
    assert excused("unauthorised_promise", offer, with_drill.authorised, *args)
    cause = "There's been flooding at the sorting centre."
    assert excused("speculation", cause, with_drill.authorised, *args)
    assert not excused("speculation", cause, alone.authorised, *args)      # nobody told the trainee


def test_a_guess_in_the_briefs_own_words_is_still_a_guess():
    sc, inject, prompt = _lin()
    ctx = reply_context(sc.plan, inject, prompt, sc.drill)
    args = (ctx.authorised, ctx.goodwill_limit, ctx.personal.own_text)
    assert excused("speculation", "The East China sorting hub was flooded overnight.", *args)
    assert not excused("speculation", "The hub flooded, and your parcel has most likely been soaked in the flood.", *args)
    assert not excused("speculation", "The flooding was caused by the carrier ignoring storm warnings.", *args)


def test_content_words_cover_a_cause_by_share():
    known = tuple(terms(u.text) for u in units("Our carrier's East China sorting hub was flooded overnight. Every order gets a coupon."))
    assert covered("The hub flooded.", known) == 1.0                # hub, flood
    assert covered("The hub is closed due to flooding.", known) == pytest.approx(2 / 3)   # closed is new
    assert covered("Flooding.", known) == 0.0                      # one word proves nothing
    assert covered("Every hub order gets flooded.", known) == pytest.approx(3 / 5)   # every order get: one sentence
    assert covered("华东分拣中心被淹", (terms("华东分拣中心昨夜被暴雨淹了"),)) == pytest.approx(5 / 7)


def test_an_offer_beyond_the_brief_is_not_covered_by_its_words():
    sc, inject, prompt = _lin()
    ctx = reply_context(sc.plan, inject, prompt, sc.drill)
    args = (ctx.authorised, ctx.goodwill_limit, ctx.personal.own_text)
    assert not excused("unauthorised_promise", "I'll re-ship it today, and your next three orders are free.", *args)
    assert not excused("unauthorised_promise", "We'll refund you double for the coupon order.", *args)


@pytest.mark.parametrize("text, excuse", [
    ("That must have been unsettling.", True),
    ("This must be very upsetting for you.", True),
    ("想必您很着急吧。", True),
    ("It must have been the new battery supplier that caused this.", False),
    ("That must have been frightening, and it was probably caused by the new cells.", False),
])
def test_a_feeling_read_into_the_customer_is_not_a_guess_at_the_cause(text, excuse):
    assert excused("speculation", text, "", 0.0, "") is excuse


@pytest.mark.parametrize("text, excuse", [
    ("免三个月月费我这里不能承诺，但已经帮您记录并反映给上级。", True),
    ("I can't promise a fee waiver, but I've passed your request to my manager.", True),
    ("I promise you a full refund plus three free months.", False),
    ("我保证给您免三个月月费。", False),
])
def test_a_promise_declined_is_not_a_promise(text, excuse):
    assert excused("unauthorised_promise", text, "", 0.0, "") is excuse


@pytest.mark.parametrize("reply, blamed", [
    ("I've looked at your order and you shouldn't have paid anything for delivery.", False),
    ("The delivery charge on your order was a mistake and we'll refund it to you.", False),
    ("You shouldn't have clicked that link in the first place.", True),
    ("Typing your card number into that page was a big mistake.", True),
])
def test_a_blame_pattern_stands_unless_the_sentence_plainly_means_none(reply, blamed):
    from sim.drill.conduct import find_conduct

    hits = [h for h in find_conduct(reply) if h.flag == "blame"]
    assert hits, "the word pattern matches in every case: the meaning decides"
    assert any(not overruled("blame", reply, h.start) for h in hits) is blamed


def test_only_blame_patterns_are_overruled():
    assert not overruled("unauthorised_promise", "We'll pay you 5,000 yuan.", 0)


def test_a_safety_instruction_to_owners_is_not_blame():
    sc = find_scenario("media_regulator_inquiry")
    inject = next(i for i in sc.drill.injects if any(p.id == "holding-statement" for p in i.prompts))
    prompt = next(p for p in inject.prompts if p.id == "holding-statement")
    text = "As a precaution, owners whose basket coating is flaking should stop using that basket."
    assert "blame" not in {h.flag for h in find_intents(text)}
    score = score_reply(prompt, text, sc.plan, "en", inject=inject, drill=sc.drill)
    assert "blame" not in score.flagged


@pytest.mark.parametrize("text, dismissive", [
    ("现在原因还不清楚，我不想随便猜。", False),        # care not to guess
    ("我们不会随便给您一个说法。", False),
    ("您爱怎么想随便吧。", True),
    ("随便您。", True),
    ("再给您张20元券，爱要不要。", True),              # 爱X不X: take it or leave it
    ("单号今天发，或者明天，看仓库心情。", True),
    ("行吧，对不起，是我们的责任。", True),              # a grudging opener
    ("您看这样行吧？", False),                          # asking whether she agrees
    ("这款产品很多客户爱不释手。", False),
    ("您心情不好我们完全理解。", False),
])
def test_a_shrug_is_dismissive_but_refusing_to_guess_is_not(text, dismissive):
    from sim.drill.conduct import find_conduct

    assert any(h.flag == "dismissive" for h in find_conduct(text)) is dismissive


def test_an_offer_the_example_reply_turns_down_is_no_authority_for_it():
    # the good example says "减免月费的要求我这里没办法答应": that refusal must not authorise a waiver
    from sim.drill.authority import _REFUSAL

    assert _REFUSAL.search("减免月费的要求我这里没办法答应")
    assert _REFUSAL.search("We are unable to waive the fee")
    sc, inject, prompt = _reply("mass_billing_error", "reply-he")
    waiver = "考虑到给您造成的麻烦，我这边再给您申请下个月宽带费全免，您放心。"
    approved = "银行收取的50元滞纳金，您把凭证发给我们，我们按政策报销。"
    assert "unauthorised_promise" in score_reply(prompt, waiver, sc.plan, "zh", inject=inject, drill=sc.drill).flagged
    assert "unauthorised_promise" not in score_reply(prompt, approved, sc.plan, "zh", inject=inject,
                                                     drill=sc.drill).flagged


def test_paying_back_what_nobody_approved_is_a_promise():
    from sim.drill.cues import cued

    assert cued("unauthorised_promise", "send us the receipt and we'll pay it back in full")
    assert not cued("unauthorised_promise", "we will never ask you to pay it back")


@pytest.mark.parametrize("text, flagged", [
    ("涉事员工已经停岗调查了，而且这个店员公司肯定不会再用了，您放心。", True),
    ("员工绝对不会再留在这个门店。", True),
    ("涉事员工已停岗，调查结果周五前告诉您。", False),
    ("我们不会再用这种包装了。", False),                    # not a person's job
])
def test_a_staff_outcome_promised_before_the_investigation(text, flagged):
    from sim.drill.conduct import find_conduct

    assert any(h.flag == "unauthorised_promise" for h in find_conduct(text)) is flagged


def test_a_known_cause_introduced_by_the_reason_is_no_guess():
    sc, inject, prompt = _lin()
    known = ("The honest reason is that a rainstorm flooded the East China sorting hub overnight, so your parcel "
             "cannot move before Sunday. I'm sorry.")
    hedged = "The reason is probably that a rainstorm flooded the East China sorting hub overnight."
    unknown = "The reason is that the driver took the wrong road on Tuesday."
    flagged = [("speculation" in score_reply(prompt, t, sc.plan, "en", inject=inject, drill=sc.drill).flagged)
               for t in (known, hedged, unknown)]
    assert flagged == [False, True, True]


def test_stated_known_needs_a_phrase_that_introduces_a_cause():
    from sim.drill.intent import stated_known

    known = "A rainstorm flooded the East China sorting hub overnight."
    reply = "It is the East China hub flooding that held your parcel."
    assert not stated_known(reply, 0, "It is the East China hub", known, "")
    plain = "The reason is that a rainstorm flooded the East China sorting hub overnight."
    assert stated_known(plain, 0, "The reason is ", known, "")
    assert stated_known(plain, 0, "The reason is ", "", known)              # known from the inject as well
    hedged = "The reason is most likely that a rainstorm flooded the East China sorting hub overnight."
    assert not stated_known(hedged, 0, "The reason is ", known, "")


@pytest.mark.parametrize("text, flagged", [
    ("We are sorry for the worry caused by reports of flaking coating on AF-550 baskets.", False),
    ("Lumi Home is sorry for the concern caused by reports about the AF-550.", False),
    ("The flaking was caused by a change of supplier in February.", True),     # a cause of the fault
    ("We are sorry for the worry caused by the coating supplier's change in February.", True),  # names a cause
])
def test_a_feeling_caused_by_reports_is_no_cause_of_the_fault(text, flagged):
    sc, inject, prompt = _reply("media_regulator_inquiry", "holding-statement")
    score = score_reply(prompt, text, sc.plan, "en", inject=inject, drill=sc.drill)
    assert ("speculation" in score.flagged) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("另外送您一张20元优惠券。", False),        # the approved coupon, its amount named
    ("另外送您一张50元优惠券。", True),         # more than approved
    ("另外送您一台新的。", True),               # a gift nobody approved
])
def test_an_extra_gift_is_judged_by_its_amount(text, flagged):
    from sim.drill.conduct import find_conduct

    authorised = "危机管理小组已批准：补发或退款，另送20元优惠券。"
    assert any(h.flag == "unauthorised_promise" for h in find_conduct(text, authorised)) is flagged


@pytest.mark.parametrize("text, is_guess", [
    ("The hub flooded, although it seems the courier ignored the storm warnings.", True),
    ("Chances are your parcel was mis-sorted before the flood anyway.", True),
    ("It looks as though these crooks got hold of our customer list.", True),
    ("这些短信估计就是上午那伙人发的。", True),
    ("We don't know the cause yet, so I won't guess.", False),          # a refusal to guess
    ("原因还在查，我就不乱猜了。", False),
    ("You might want to pay the rent by bank transfer for now.", False),  # a suggestion
    ("It will probably arrive on Monday.", False),                        # a forecast of our handling
    ("到账可能需要1到3个工作日。", False),
    ("That must have been frightening.", False),                          # a feeling, see _EMPATHY
    ("I want to hear from you what a credible plan looks like.", False),  # an indirect question
    ("That sounds like a frightening morning.", False),
    ("It looks like a courier error.", True),
    ("听说老人家回家饭都吃不下，我心里也很难受。", False),                     # what the customer told us
    # hearsay and first impressions put forward a cause nobody has established
    ("据说那个店员家里最近出了事，情绪一直不太稳定。", True),
    ("听说是快递公司暴雨预警时还没停工，才把包裹困在里面。", True),
    ("Reportedly the courier kept the hub open during the storm warning.", True),
    ("Early indications point to baskets from the run after our February change of coating.", True),
    ("We will share early results with you as soon as the laboratory has them.", False),
    ("Initial checks show no passwords, ID numbers or payment data were in the file.", False),   # a finding
    ("据说您昨天已经打过两次电话了，真抱歉让您久等。", False),                  # said of the customer
    ("网上有传言说是内部员工泄露的，这不是事实。", False),                      # a rumour denied
    ("据传是内部员工泄露的，这不是事实。", False),
    ("Rumours say it was a hack, but that is untrue.", False),
    ("Our final word is that the refund goes out tonight.", False),
])
def test_a_guess_worded_as_one(text, is_guess):
    from sim.drill.cues import guessed

    assert guessed(text) is is_guess


def test_a_hedged_guess_near_the_known_cause_is_still_a_guess():
    sc, inject, prompt = _lin()
    guess = "The East China hub flooded overnight, and your parcel has most likely been soaked in the flood."
    known_hedged = "The East China sorting hub was probably flooded overnight."      # nothing new in it
    flags = [("speculation" in score_reply(prompt, t, sc.plan, "en", inject=inject, drill=sc.drill).flagged)
             for t in (guess, known_hedged)]
    assert flags == [True, False]


def test_a_prompts_phrase_negated_is_not_the_failure():
    sc, inject, prompt = _reply("digital_service_outage", "reply-huang")
    told = "Please don't click the link again, and call your bank now to freeze the card."
    urged = "Please click the link again and log in so we can check."
    flags = [set(score_reply(prompt, t, sc.plan, "en", inject=inject, drill=sc.drill).flagged) for t in (told, urged)]
    assert "unsafe_advice" not in flags[0] and "unsafe_advice" in flags[1]


@pytest.mark.parametrize("text, blame", [
    ("Hi, sorry about that, the delivery fee shouldn't have been charged.", False),     # our error, passive
    ("It shouldn't have been charged overnight on the sofa.", True),                   # how she used it
    ("You should not have left it plugged in.", True),
])
def test_shouldnt_have_been_charged_is_blame_only_about_use(text, blame):
    from sim.drill.conduct import find_conduct

    assert any(h.flag == "blame" for h in find_conduct(text)) is blame


def test_speculation_needs_the_classifier_sure_unless_the_words_guess():
    from sim.drill.conduct_model import probabilities
    from sim.drill.intent import LIKELY, THRESHOLDS, _raised


    noted = "I have noted every detail, including the scorched table."
    unsure = (LIKELY["speculation"] + THRESHOLDS["speculation"]) / 2      # between the two: cue needed
    assert not _raised("speculation", unsure, noted) and _raised("speculation", THRESHOLDS["speculation"], noted)
    assert _raised("speculation", unsure, "The charger was probably faulty.")        # its words guess
    assert probabilities(noted)["speculation"] < THRESHOLDS["speculation"] and find_intents(noted) == ()
    assert [h.flag for h in find_intents("Honestly it looks like the new firmware broke the charging chip.")] \
        == ["speculation"]


@pytest.mark.parametrize("text, blamed", [
    ("Please also pass my thanks to your staff, who had to clear that batch at no notice.", False),
    ("Deliveries will arrive at your dock within the booked slot.", False),
    ("Two of the late drops followed slot changes made on your side at short notice.", True),
    ("To be fair, your receiving team changed the slots twice without telling us.", True),
])
def test_the_key_accounts_people_are_blamed_only_as_a_cause(text, blamed):
    sc, inject, prompt = _reply("key_account_churn", "reply-fang")
    score = score_reply(prompt, text, sc.plan, "en", inject=inject, drill=sc.drill)
    assert ("blame" in score.flagged) is blamed


def test_a_disclosure_is_one_however_it_is_introduced():
    sc, inject, prompt = _reply("digital_service_outage", "reply-huang")
    must = [c for c in prompt.must_not if c.flag == "privacy_leak"]
    assert must, "reply-huang has a privacy check of its own"
    text = "I'm afraid the caller was not us; your neighbour Mr Zhou Qiang, 139 1234 5678, had the same text."
    assert "privacy_leak" in score_reply(prompt, text, sc.plan, "en", inject=inject, drill=sc.drill).flagged


@pytest.mark.parametrize("text, shaped", [
    # the rules cited, what most customers do, hindsight, questions about how it was used: cues of blame
    ("As the manual says, it should never be left charging overnight, so please keep that in mind too.", True),
    ("Our delivery terms do explain the discount line, and most customers spot it missing before they confirm.", True),
    ("Had you gone along with him and installed the app, we'd be looking at something much more serious.", True),
    ("If it had been unplugged once it was full, it probably wouldn't have got that hot.", True),
    ("Can I ask, was it charging on something soft, like a sofa, or left plugged in overnight?", True),
    ("Did you get a chance to read the text message we sent every affected member this morning?", False),  # asks
    ("For future birthdays, ordering a week ahead gives you a bit more breathing room.", True),
    ("I know it doesn't help much, but the refund is on its way to your card.", False),
    ("You wouldn't have had any way of knowing the text was fake.", False),
    ("Most customers choose the re-ship, but I'm happy to cancel instead.", False),
    ("说明书上写得很清楚，充电宝不要整夜充电，请您也注意一下。", True),
    ("我们的会员协议里也提醒过，个人信息需要会员自己妥善保管。", True),
    ("一般用户交房租这种有固定日期的钱，都会在到期前几天就转过去。", True),
    ("Just for next time, it's safer not to confirm your name when an unknown number rings.", True),
    ("The step that let them in was typing the code into that page.", True),
    ("Most customers keep a backup payment method for rent days for exactly this reason.", True),
    ("As the manual sets out, the basket should only be cleaned by hand.", True),
    ("It's safest not to charge it on a wooden table; the manual does mention that.", True),
    ("下回先打我们热线问一下再操作，大部分老用户都知道这一点。", True),
    ("Next time you call, just quote your case reference.", False),
    # innocent look-alikes: no cue
    ("Most customers get the refund within a day.", False),
    ("Please keep it away from the children and stop using it.", False),
    ("Did you receive the text we sent this morning?", False),
    ("For the future, we are changing how our own team checks these files.", False),
    ("说明书我们会重新检查，有问题我们负责。", False),
])
def test_cues_of_blame_in_fresh_wording(text, shaped):
    from sim.drill.cues import cued

    assert cued("blame", text) is shaped


@pytest.mark.parametrize("text, shaped", [
    ("They'll reverse the 2,000 yuan payment for you, so that part will be taken care of.", True),
    ("It will be at your door by Saturday, you have my word.", True),
    ("It'll definitely be working again before lunchtime.", True),
    ("如果有会员因为这些诈骗电话造成了损失，我们全额兜底。", True),
    ("您放心，中午之前肯定能恢复，房租今天一定能扣成功。", True),
    ("不过我可以帮您把下个月的宽带费免了。", True),
    # a "never" empties its own clause, not the gift beside it
    ("For your trouble I've also added a 200-yuan voucher, and I can promise you won't get another call like this.",
     True),
    ("我先给您的会员账户送一张200元的优惠券，后续也不会再让您接到这类电话。", True),
    ("我这边先给您账户里打200块钱，算是我们的一点心意。", True),
    ("周日前送不到的话我们按订单金额的三倍赔您。", True),
    ("凡是一月份购买的这款产品，我们一律全额退款并额外赔偿500元。", True),
    ("We will never ask you to pay anything, and we won't call you for a code.", False),
    ("我们绝不会要求您转账，也不会索要验证码。", False),
    # no promise of value or outcome
    ("We will never ask you to reverse a payment.", False),
    ("Express from South China normally arrives within two days.", False),
    ("我们正在抢修，恢复后第一时间通知您。", False),
])
def test_cues_of_promises_in_fresh_wording(text, shaped):
    from sim.drill.cues import cued

    assert cued("unauthorised_promise", text) is shaped


@pytest.mark.parametrize("text, hedged", [
    ("质量部门尽量今天联系您吧，不行就明天，再不行再说。", True),
    ("我们会在规定时间内联系您。", True),
    ("Someone will contact you within the stipulated timeframe.", True),
    ("质量专员今晚9点前给您回电。", False),
    ("如果今天赶不上，我会在明天上午10点前再打给您确认。", False),      # a fallback with its own time is a plan
    ("我们会尽量让您少跑一趟，今天下午3点前给您回电。", False),
])
def test_a_commitment_emptied_by_a_fallback_or_a_vague_time_is_hedged(text, hedged):
    from sim.drill.conduct import find_conduct

    assert any(h.flag == "hedged" for h in find_conduct(text, "", 0)) is hedged


@pytest.mark.parametrize("text, flag", [
    ("哎呀，您也别太激动嘛，那种电话挂断就完了。", "dismissive"),
    ("技术团队正在处理了，催也没用。", "dismissive"),
    ("验证码别给别人，这都是常识了。", "dismissive"),
    ("所有用户都登不上，又不是只有您。", "dismissive"),
    ("链接别再点了，这个我们都说了八百遍了。", "dismissive"),
    ("I'm sorry, Ms Li. Just while I have you, would you like to hear about our extended warranty?", "dismissive"),
    ("At [Company Name], customer satisfaction is our highest priority.", "dismissive"),
    ("这个不算我们平台的问题，您得找银行。", "blame_third_party"),
    ("快递那边的分拣中心被淹了，跟我们关系也不大。", "blame_third_party"),
    ("Honestly, the flood is down to our delivery partner and the weather.", "blame_third_party"),
])
def test_talking_down_selling_templates_and_disowning(text, flag):
    from sim.drill.conduct import find_conduct

    assert flag in {h.flag for h in find_conduct(text, "", 0)}


@pytest.mark.parametrize("text", [
    "您别着急，我们已经在处理了，30分钟内给您同步进展。",
    "您做得很对，挂断电话是最安全的。",
    "The delay is down to us, and I'm sorry.",
    "这次延误和我们有直接关系，责任在我们。",
    "Please have your order number [on the receipt] ready.",
])
def test_care_and_owning_it_are_not_talking_down_or_disowning(text):
    from sim.drill.conduct import find_conduct

    assert not {h.flag for h in find_conduct(text, "", 0)} & {"dismissive", "blame_third_party"}


@pytest.mark.parametrize("text", [
    "You didn't do anything wrong: the 15-yuan fee should never have been charged.",
    "Right now I don't know how that caller got your details, and I'm not going to guess, or tell you it's impossible.",
    "I understand why you'd worry you were hacked, but every customer is getting the same message.",
    "请把充电宝放在瓷砖地面这类不会着火的地方，让孩子离它远一点。",
])
def test_exoneration_reported_worries_and_places_are_no_failures(text):
    from sim.drill.conduct import find_conduct

    assert not find_conduct(text, "", 0)


def test_no_answer_yet_on_compensation_is_no_promise_of_it():
    from sim.drill.intent import excused

    assert excused("unauthorised_promise", "桌子损坏的赔偿问题我今晚没法答复您，但两小时之内质量专员会给您回电。", "", 0, "")
    assert not excused("unauthorised_promise", "桌子损坏的赔偿我们今晚就给您答复：全额赔偿。", "", 0, "")


@pytest.mark.parametrize("text, flag", [
    ("You didn't read the warning before you typed the code in.", "blame"),
    ("I'm not going to guess, but it's the overnight security patch that broke the login.", "speculation"),
    ("放心，这个充电宝不会着火的。", "speculation"),
])
def test_the_failures_beside_them_still_count(text, flag):
    from sim.drill.conduct import find_conduct

    assert flag in {h.flag for h in find_conduct(text, "", 0)}


def test_the_handlers_own_direct_line_is_no_leak_but_a_colleagues_mobile_is():
    from sim.drill.personal_data import ReplyContext, disclosures

    ctx = ReplyContext(addressee=("Fang",))
    own = "I will be your one contact from here on (direct line 0571-8890 2214)."
    assert not disclosures(own, ctx)
    assert disclosures("You can also reach my colleague Wang Lei's mobile, 139 1234 5678.", ctx)
    assert not disclosures("我的直线电话是0571-88902214，有事随时找我。", ReplyContext(addressee=("方",)))


@pytest.mark.parametrize("text, blamed", [
    ("Had you contacted us while the order was still being placed, we could have removed the fee there and then.", True),
    ("Had you already contacted your bank when we spoke?", False),
    ("We had you down for a Tuesday delivery, so it would have been our job to call you first.", False),
    # the rules "written clearly" and what "most customers would first do" are cues only (see _CUES): as patterns
    # they flagged praise ("一般用户都会先打客服电话问一下，您这样做完全正确") and the company's own promise to word
    # its rules more clearly
    ("一般用户收到这种电话，都会先打我们客服电话问一下，您这样做完全正确。", False),
    ("我们会把扣费规则在页面上写得很清楚，避免再让大家误会。", False),
])
def test_counterfactuals_as_an_inversion_are_blame(text, blamed):
    from sim.drill.conduct import find_conduct

    assert ("blame" in {h.flag for h in find_conduct(text, "", 0)}) is blamed


@pytest.mark.parametrize("flag, text, excuse", [
    ("blame", "A call like that is unsettling, especially when they know your address.", True),
    ("blame", "Being called by someone who knows where you live is frightening, especially with a baby at home.", True),
    ("blame", "这种电话确实吓人，尤其对方还知道您的地址。", True),
    ("blame", "That was frightening, but you should have read the manual first.", False),     # a cue of blame
    ("blame", "这种电话确实吓人，但把验证码告诉陌生人，这一步确实是关键的失误。", False),          # it turns
    ("unauthorised_promise", "我已经立即冻结您的账户先帮您止损，被盗的钱我们全额赔给您。", False),
    ("unauthorised_promise", "减免月费确实没办法，不过我们可以给您送三个月会员，只是要等到月底才能生效。", False),
    ("blame", "Honestly, you should have hung up at once.", False),
    ("unauthorised_promise", "First, let's stop any more money going out: I'm freezing your account now.", True),
    ("unauthorised_promise", "减免月费这个确实没办法，抱歉。", True),
    ("unauthorised_promise", "Let's stop any more money going out, and we'll refund the 2,000 yuan today.", False),
    ("unauthorised_promise", "I can't offer cash compensation, but we'll pay you triple in vouchers.", False),
    ("unauthorised_promise", "I can't promise a waiver, but I've passed your request on to the team.", True),
    ("unauthorised_promise", "We'll refund the 2,000 yuan today.", False),
    ("unauthorised_promise", "减免月费没办法做到全免，但下个月我们给您免一半。", False),
])
def test_feelings_protection_and_bare_refusals_are_excused(flag, text, excuse):
    from sim.drill.intent import excused

    assert excused(flag, text, "", 0, "") is excuse


@pytest.mark.parametrize("clause, only", [
    ("费用全部由我们承担", True),
    ("you won't pay anything for it.", True),
    ("I'll re-ship it free of charge", True),
    ("and on top of that your next three orders are free.", False),     # more than the cost of what we do
    ("if it isn't, the whole order is free", False),
    ("运费我们出，另外再送您一张50元券", False),
    ("the next three months are on us", False),
])
def test_bearing_the_cost_of_an_approved_action_is_no_new_promise(clause, only):
    from sim.drill.authority import _only_at_our_cost

    assert _only_at_our_cost(clause) is only


def test_bearing_the_cost_is_covered_only_when_an_offer_is_free_or_at_our_cost():
    from sim.drill.authority import within_authority

    approved = "Urgent orders can be re-shipped from the South China warehouse with another carrier at our cost."
    assert within_authority("费用全部由我们承担。", approved, 0)
    assert not within_authority("费用全部由我们承担。", "Customers may cancel for a full refund.", 0)
