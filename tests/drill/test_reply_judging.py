"""The plan-level reply judges: personal data, conduct by intent, coherence and tone, meaning, context."""
from __future__ import annotations

import math

import pytest
from support import ROOT

from sim.drill.authority import within_authority
from sim.drill.conduct import amounts_in, find_conduct
from sim.drill.personal_data import ReplyContext, disclosures, find_personal_data, luhn_ok, resident_id_ok
from sim.drill.reply_context import addressee_names, reply_context
from sim.drill.scoring import TONE_CAP, score_reply
from sim.drill.sentences import coherence, units
from sim.drill.validity import evaluate, load_corpus

PRIVATE = ReplyContext(addressee=("Li", "李"), own_text="我的电话是138-1234-5678", company=("400-820-1234",))
PUBLIC = ReplyContext(addressee=("Wang Fang",), handles=("@Wang_Fang88", "@王芳88"), public=True,
                      own_text="My number is 138-1234-5678", company=("400-820-1234", "@BrightHome"))


def kinds(text, ctx=PRIVATE):
    return [(d.kind, d.text) for d in disclosures(text, ctx)]


# --- personal data --------------------------------------------------------------------------------

@pytest.mark.parametrize("number, ok", [("11010519491231002X", True), ("110105194912310021", False),
                                        ("11010519491331002X", False), ("1101051949123100", False)])
def test_resident_id_check_digit_and_date(number, ok):
    assert resident_id_ok(number) is ok


@pytest.mark.parametrize("digits, ok", [("4111111111111111", True), ("4111111111111112", False),
                                        ("6222021234567890128", True), ("79927398713", True), ("12a4", False)])
def test_luhn(digits, ok):
    assert luhn_ok(digits) is ok


@pytest.mark.parametrize("text, kind", [
    ("Mr Tao Ran, 139 6644 2087", "phone"), ("+86 139-6644-2087", "phone"), ("方莉阿姨（13970125538）", "phone"),
    ("身份证号11010519491231002X", "id_card"), ("card 4111 1111 1111 1111", "bank_card"),
    ("email tao.ran@qq.com please", "email"), ("朝阳区建国路88号3栋1202室", "address"),
    ("5 Willow Road, Flat 12", "address"), ("order 20261012-8841", "account"), ("订单号20261012884", "account"),
])
def test_each_kind_of_personal_data_is_found(text, kind):
    assert kind in [d.kind for d in find_personal_data(text)]


def test_another_customers_name_and_phone_are_disclosed_on_a_private_channel():
    assert kinds("Ms Li, Mr Tao Ran (139 6644 2087) had the same fault.") == \
        [("name", "Mr Tao Ran"), ("phone", "139 6644 2087")]
    assert kinds("李女士，方莉阿姨（13970125538）也遇到了。") == [("name", "方莉阿姨"), ("phone", "13970125538")]


def test_what_may_legitimately_be_said():
    assert kinds("Ms Li, call us on 400-820-1234 any time.") == []                 # the company's hotline
    assert kinds("李女士，我会打 138 1234 5678 联系您。") == []                      # her own number, privately
    assert kinds("Your case reference is PB-1187; our engineer Mr Chen will call.") == []
    assert kinds("工单编号PB-1187，我们的工程师陈师傅会联系您。") == []


def test_public_channel_own_data_and_real_name_are_disclosures_but_the_handle_is_not():
    assert kinds("@Wang_Fang88 please DM us.", PUBLIC) == []
    assert kinds("@王芳88 请私信我们。", PUBLIC) == []
    assert ("phone", "138-1234-5678") in kinds("@Wang_Fang88 we'll call 138-1234-5678.", PUBLIC)
    assert [k for k, _ in kinds("Dear Wang Fang, please DM us.", PUBLIC)] == ["name"]


@pytest.mark.parametrize("text, names", [
    ("网点负责人明天会当面向老先生道歉。", []),                     # 向 is "to", 老先生 "the old gentleman"
    ("我们向方莉阿姨致歉。", ["方莉阿姨"]),                           # the name after the preposition
    ("向东先生和王老先生都来过。", ["向东先生", "王老先生"]),          # 和 is "and"
    ("向先生您好。", ["向先生"]),                                    # Mr Xiang
])
def test_a_surname_that_is_also_a_preposition(text, names):
    assert [d.text for d in find_personal_data(text) if d.kind == "name"] == names


def test_a_nickname_handle_names_no_one():
    public = ReplyContext(addressee=(), handles=("@小鱼妈妈",), public=True)
    assert kinds("小鱼妈妈，您好，请私信我们。", public) == []
    assert kinds("王芳，您好，请私信我们。", PUBLIC) == [("name", "王芳")]


def test_an_unknown_addressee_makes_names_unjudgeable_but_data_still_counts():
    ctx = ReplyContext(judge_names=False)
    assert kinds("Dear Mr Qian, sorry.", ctx) == []
    assert kinds("Mr Tao's email is tao@qq.com", ctx) == [("email", "tao@qq.com")]


# --- conduct by intent ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, flag", [
    ("You probably used it wrong.", "blame"),
    ("Typing your card number into a link was a big mistake.", "blame"),
    ("您自己没看清楚规则。", "blame"),
    ("我们一定赔您三倍。", "unauthorised_promise"),
    ("The next three months are on us.", "unauthorised_promise"),
    ("We'll give you a 300-yuan voucher for the trouble.", "unauthorised_promise"),
    ("It's the overnight security patch that broke the login.", "speculation"),
    ("我估计是仓库有人把名单卖了。", "speculation"),
    ("Please keep using it until we call.", "unsafe_advice"),
    ("Sorry if you feel let down.", "non_apology"),
    ("It's the courier's fault, not ours.", "blame_third_party"),
    ("Recorded, reference whatever.", "dismissive"),
    ("Someone will call tomorrow, or the day after.", "hedged"),
])
def test_failures_are_recognised_by_intent(text, flag):
    assert flag in {h.flag for h in find_conduct(text)}


@pytest.mark.parametrize("text", [
    "It is not your fault at all.", "这不是您的错。", "We don't yet know what caused it and won't guess.",
    "原因还在调查，我们不做猜测。", "I've refunded the 15-yuan delivery charge today.",
    "I'm so sorry, Ms Li. Please unplug it and keep it away from your son. We'll call you tonight before 9.",
    "非常抱歉，请您马上拔掉电源、停止使用，我们今晚9点前给您回电。",
])
def test_good_sentences_raise_nothing(text):
    assert [h for h in find_conduct(text, "Refund the 15-yuan delivery charge")] == []


def test_an_amount_is_authorised_by_the_decision_or_the_goodwill_limit():
    promise = "We'll give you a 300-yuan voucher."
    assert {h.flag for h in find_conduct(promise)} == {"unauthorised_promise"}
    assert find_conduct(promise, "The crisis group approved a 300-yuan voucher.") == ()
    assert find_conduct(promise, "", goodwill_limit=300) == ()
    assert {h.flag for h in find_conduct(promise, "", goodwill_limit=299)} == {"unauthorised_promise"}
    assert sorted(amounts_in("refund 15 yuan and ¥1,200")) == ["1200", "15"]


def test_the_goodwill_limit_covers_amounts_not_a_free_year_beside_them():
    assert within_authority("为了表示歉意，外加50元现金红包。", "", 50)
    assert not within_authority("为了表示歉意，外加50元现金红包。", "", 49)
    assert not within_authority("为了表示歉意，再给您免一年运费，外加50元现金红包。", "", 50)


# --- sentences, coherence, tone --------------------------------------------------------------------

def test_units_are_sentences_then_clauses_with_their_place():
    reply = "Sorry. Please unplug it, and call us."
    us = units(reply)
    assert [u.text for u in us if u.sentence] == ["Sorry.", "Please unplug it, and call us."]
    assert all(reply[u.start:u.end] == u.text for u in us)


@pytest.mark.parametrize("text, low", [
    ("sorry apologise stop using unplug away from logged case number reference call you tonight", True),
    ("抱歉 道歉 对不起 停止使用 拔掉电源 不要使用 远离孩子 登记 记录 工单 编号 今晚 回电", True),
    ("I'm so sorry. Please unplug it now and keep it away from your son.", False),
    ("李女士，非常抱歉。请您马上拔掉电源，让孩子远离它。", False),
])
def test_coherence_tells_a_message_from_a_keyword_list(text, low):
    assert (coherence(text) < 0.5) is low


def test_keyword_lists_and_dismissive_replies_score_below_an_adequate_reply(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    prompt = next(p for p in inject.prompts if p.id == "reply-li")
    adequate = score_reply(prompt, "I'm sorry to hear that. I've noted your complaint and someone from our "
                                   "quality team will contact you.", flagship.plan, inject=inject)
    stuffed = score_reply(prompt, "sorry apologise stop using unplug away from logged case number reference "
                                  "call you tonight", flagship.plan, inject=inject)
    hedged = score_reply(prompt, "Sorry. Stop using it. Recorded, reference whatever. Someone will call you "
                                 "tomorrow, or the day after... Next caller.", flagship.plan, inject=inject)
    assert stuffed.share <= TONE_CAP < adequate.share
    assert hedged.share <= TONE_CAP < adequate.share


def test_the_marking_guide_pasted_back_scores_below_an_adequate_reply(flagship):
    from sim.drill.scoring import ECHO_SHARE
    from sim.drill.sentences import echo_share

    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    prompt = next(p for p in inject.prompts if p.id == "reply-li")
    guide = "\n".join(c.expects.zh for c in prompt.rubric if c.expects and c.expects.zh)
    pasted = score_reply(prompt, guide, flagship.plan, "zh", inject=inject)
    assert pasted.share <= TONE_CAP and any("评分要点" in f for f in pasted.feedback)
    good = ("李女士，真的很抱歉，让您和孩子受惊了。请马上拔掉电源、停止使用，放到孩子够不着的地方。"
            "我已登记为紧急工单，编号PB-2001，质量专员今晚9点前给您回电。")
    assert echo_share(good, guide) < ECHO_SHARE and score_reply(prompt, good, flagship.plan, "zh",
                                                               inject=inject).share == 1.0
    # the boundary: half the reply's three-character runs are the guide's
    assert echo_share("先真诚道歉再谈", "先真诚道歉") == 0.6 and echo_share("先真诚道歉再谈解决", "先真诚道歉") == 3 / 7


def test_the_guide_pasted_back_in_the_first_person_is_still_the_guide(flagship):
    from sim.drill.scoring import ECHO_SHARE
    from sim.drill.sentences import echo_share

    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    prompt = next(p for p in inject.prompts if p.id == "reply-li")
    guide = "\n".join(c.expects.en for c in prompt.rubric if c.expects and c.expects.en)
    first_person = " ".join("We " + line[0].lower() + line[1:] for line in guide.splitlines())
    assert echo_share(first_person, guide) >= ECHO_SHARE
    assert score_reply(prompt, first_person, flagship.plan, "en", inject=inject).share <= TONE_CAP
    # English runs are pairs of content words: "we", "the", "to" do not count, "apologise sincerely" does
    assert echo_share("We will apologise sincerely.", "Apologise sincerely.") == 1.0
    assert echo_share("We will apologise sincerely to her today.", "Apologise sincerely.") == 0.5
    assert echo_share("I'm so sorry, Ms Li. Please unplug it now.", guide) < ECHO_SHARE


def test_plain_words_meet_criteria_by_meaning_and_name_the_sentence(flagship):
    inject = next(i for i in flagship.drill.injects if i.id == "first-call")
    prompt = next(p for p in inject.prompts if p.id == "reply-li")
    reply = ("My apologies, Ms Li, that must have been frightening. Please don't plug it in again and keep it "
             "away from your little one. I've opened an urgent case, PB-2001, and I'll phone you tonight before 9.")
    score = score_reply(prompt, reply, flagship.plan, inject=inject)
    # None of the rubric's phrases ("sorry", "stop using", "unplug") is in the first two sentences.
    assert {"apology", "safety_first"} <= set(score.hit) and not score.flags
    assert dict(score.met_by)["safety_first"].startswith("Please don't plug it in again")
    zh = score_reply(prompt, "我们郑重致歉，这一定吓坏您了。请千万别再给它通电，也别让孩子靠近。", flagship.plan, "zh",
                     inject=inject)
    assert {"apology", "safety_first"} <= set(zh.hit)


# --- context ---------------------------------------------------------------------------------------

def test_addressee_from_the_sender_or_the_question(flagship):
    assert addressee_names("Ms Li, customer") == ("Li",)
    assert addressee_names("刘女士，视频发布者") == ("刘",)
    inject = next(i for i in flagship.drill.injects if i.id == "public-reply")
    ctx = reply_context(flagship.plan, inject, inject.prompts[0])
    assert ctx.personal.public and "@Wang_Fang88" in ctx.personal.handles
    assert "400-820-1234" in ctx.personal.company


def test_a_prompt_judged_without_its_inject_still_authorises_what_it_asks_for(flagship):
    from sim.format.library import find_scenario

    sc = find_scenario("post_crisis_review")
    prompt = next(p for p in sc.drill.prompts() if p.id == "reply-deng")
    alone, full = reply_context(sc.plan, None, prompt), reply_context(sc.plan, *_inject_of(sc, prompt))
    good = next(e.en for e in prompt.examples if e.grade == "good" and e.en)
    assert good in alone.authorised and good in full.authorised
    assert reply_context(sc.plan, None).authorised == ""              # nothing to go on
    promise = "We will reimburse the clinic costs in full: please send me the receipt by reply."
    assert not score_reply(prompt, promise, sc.plan, "en").flags      # what its good example offers


def _inject_of(sc, prompt):
    return next(i for i in sc.drill.injects if prompt in i.prompts), prompt


# --- the corpus: a regression guard on both splits (figures in benchmarks/scoring_validity.py) --------

CORPUS = ROOT / "tests" / "data" / "replies"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


def test_corpus_is_well_formed(corpus):
    assert len(corpus) >= 300
    for r in corpus:
        assert r.split in ("dev", "holdout") and r.lang in ("en", "zh")
    ids = [(r.scenario, r.prompt, r.id) for r in corpus]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("folder, split", [("replies_fresh", "holdout"), ("replies_fresh2", "holdout"),
                                           ("replies_fresh3", "holdout"), ("replies_fresh4", "holdout"),
                                           ("replies_fresh5", "holdout"), ("replies_fresh6", "holdout"),
                                           ("replies_fresh7", "holdout"), ("replies_fresh8", "holdout"),
                                           ("replies_fresh9", "holdout"), ("replies_fresh10", "holdout"),
                                           ("replies_dev5", "dev"), ("replies_dev6", "dev"),
                                           ("replies_dev7", "dev"), ("replies_dev8", "dev"),
                                           ("replies_dev9", "dev"), ("replies_dev10", "dev"),
                                           ("replies_dev11", "dev"), ("replies_dev12", "dev"),
                                           ("replies_dev13", "dev"), ("replies_dev14", "dev"),
                                           ("replies_dev15", "dev"), ("replies_dev16", "dev"),
                                           ("replies_dev17", "dev")])
def test_the_other_corpora_are_well_formed_and_in_one_split(folder, split):
    from sim.drill.validity import FLAG_LABELS

    replies = load_corpus(ROOT / "tests" / "data" / folder)
    # dev12: blame and look-alikes only; dev17: speculation and look-alikes only
    assert len(replies) >= (100 if folder in ("replies_dev12", "replies_dev17") else 150)
    if folder == "replies_dev14":           # good and adequate look-alikes beside subtle failures: no poor or stuffed
        assert {r.label for r in replies} == {"good", "adequate", "leak", "blame", "promise", "speculation"}
    if folder == "replies_dev15":           # subtle failures in fresh words, each rated sentence by sentence
        assert {r.label for r in replies} == {"good", "adequate", "blame", "promise", "speculation"}
    if folder == "replies_dev17":           # speculation of four kinds beside good look-alikes
        assert {r.label for r in replies} == {"good", "speculation"}
    if folder == "replies_dev16":           # ordering and gaming: no conduct failure
        assert {r.label for r in replies} == {"good", "adequate", "poor", "stuffed"}
    assert {r.split for r in replies} == {split}
    assert {r.lang for r in replies} == {"en", "zh"}
    ids = [(r.scenario, r.prompt, r.id) for r in replies]
    assert len(ids) == len(set(ids))
    for r in replies:                      # a flag label carries its flag and nothing else; the others none
        assert r.flags == ((FLAG_LABELS[r.label],) if r.label in FLAG_LABELS else ()), r.id


def test_ordering_and_stuffing_are_judged_on_the_pairs_that_have_them():
    from sim.drill.validity import Reply

    def reply(label, text):
        return Reply("product_defect_surge", "reply-li", label, "en", label, "dev", (), text)

    v = evaluate([reply("good", "I'm so sorry, Ms Li. Please unplug it and stop using it now. I've logged this as "
                                "case PB-1187, and our quality team will call you tonight before 9 pm."),
                  reply("adequate", "Sorry about that. Please stop using it. We'll be in touch."),
                  reply("poor", "Thank you for your feedback.")])
    assert (v.pairs, v.graded_pairs, v.stuffed_pairs) == (1, 1, 0)
    assert v.ordered and math.isnan(v.share(v.beats_stuffed, v.stuffed_pairs))      # no stuffed reply: no verdict
    assert v.share(v.ordered, v.graded_pairs) == 1.0
    assert v.tone_caps == (0, 2) and v.quarter_caps == (0, 2)
    assert v.impersonal_caps == (1, 2)          # the adequate reply never names Ms Li
    assert any("impersonal cap" in m and "adequate" in m for m in v.misses)


def test_a_good_reply_heard_as_dismissive_counts_as_a_tone_cap():
    from sim.drill.validity import Reply

    good = ("I'm so sorry, Ms Li. Please unplug it and stop using it now. I've logged this as case PB-1187, "
            "and our quality team will call you tonight before 9 pm.")
    aside = " Look, I've got a queue of people, so let's wrap this up."
    v = evaluate([Reply("product_defect_surge", "reply-li", "a", "en", "good", "dev", (), good),
                  Reply("product_defect_surge", "reply-li", "b", "en", "adequate", "dev", (), good + aside),
                  Reply("product_defect_surge", "reply-li", "c", "en", "poor", "dev", (), aside)])
    assert v.tone_caps == (1, 2) and any("tone cap" in m and "queue" in m for m in v.misses)
    assert v.quarter_caps == (0, 2)


def test_a_reply_held_to_a_quarter_counts_as_a_quarter_cap():
    from sim.drill.validity import Reply

    good = ("I'm so sorry, Ms Li. Please unplug it and stop using it now. I've logged this as case PB-1187, "
            "and our quality team will call you tonight before 9 pm.")
    v = evaluate([Reply("product_defect_surge", "reply-li", "a", "en", "good", "dev", (), good),
                  Reply("product_defect_surge", "reply-li", "b", "en", "adequate", "dev", (), good + " Whatever, next caller."),
                  Reply("product_defect_surge", "reply-li", "c", "en", "good", "dev", (), "sorry unplug logged call tonight")])
    assert v.quarter_caps == (2, 3) and v.tone_caps == (0, 3)
    assert sum("quarter cap" in m for m in v.misses) == 2


def test_dev_split_validity_does_not_regress(corpus):
    v = evaluate(corpus, "dev")
    assert v.share(v.ordered, v.graded_pairs) >= 0.9
    assert v.share(v.beats_stuffed, v.stuffed_pairs) >= 0.9
    raised, labelled = v.recall["privacy_leak"]
    assert raised == labelled
    for flag in ("blame", "unauthorised_promise", "speculation"):     # patterns and classifier together
        raised, labelled = v.recall[flag]
        assert raised / labelled >= 0.6, flag
    flagged, total = v.false_flags
    assert flagged / total <= 0.05
