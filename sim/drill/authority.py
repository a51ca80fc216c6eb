"""A promise within authority, or no promise at all: what excuses a sentence the classifier read as a promise.

The plan lets a handler offer only what the crisis group decided (the decision, the prompt's rubric and its good
examples: ``authorised``) and goodwill within the plan's limit (``goodwill_limit``); anything more (a multiple, a
waiver, "free for N months", money nobody approved, a guaranteed outcome) is an unauthorised promise. A flagged
sentence is excused when each part of it that reads as a promise says what an approved offer says, in its meaning or
its words, or names only amounts within the limit; or when it promises nothing: it turns a request down
("减免月费这个确实没办法"), stops the loss ("I freeze your account now, so nothing more can be paid"), or names the
customer's own request before refusing it ("您提到的三个月免费，…我这边不能承诺").
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from sim.drill.conduct import amounts_in
from sim.drill.conduct_model import probabilities
from sim.drill.cues import CUES, cued, size
from sim.drill.semantic import embed
from sim.drill.sentences import units
from sim.drill.text import to_simplified
from sim.drill.wording import SAME_AS_DECISION, covered, meanings, terms

__all__ = ["promise_excused", "within_authority"]


def promise_excused(sentence: str, authorised: str, goodwill_limit: float) -> bool:
    """Whether a sentence flagged as an unauthorised promise promises only what it may: an offer the decision, rubric
    or a good example makes (``authorised``) or amounts within the plan's goodwill limit, or nothing at all (a
    refusal, the loss stopped, the customer's own request turned down)."""
    # stopping the loss ("let's stop any more money going out") or a refusal ("减免月费这个确实没办法") excuses
    # the parts it is in, or the part it follows, not a promise beside it ("先帮您止损，被盗的钱我们全额赔给您")
    clauses = [u.text for u in units(sentence) if not u.sentence] or [sentence]
    guarded = [bool(_DECLINED.search(to_simplified(c))) or _protects(c) for c in clauses]
    if any(guarded):
        # the request she made, named before the refusal, is hers, not a promise ("您提到的三个月免费，…我这边不能
        # 承诺"; not "您提到的三倍赔偿我们给您办，别的不能承诺")
        guarded = [g or (bool(_ASKED_FOR.search(to_simplified(c))) and _refused_next(i, guarded, clauses))
                   for i, (g, c) in enumerate(zip(guarded, clauses, strict=True))]
        promising = [i for i, c in enumerate(clauses)
                     if size(c) >= 2 and (probabilities(c)["unauthorised_promise"] >= _PROMISING_CLAUSE or cued("unauthorised_promise", c))]
        if not promising:   # no clause alone reads as the promise: the others commit to nothing but a call
            return all(g or not _COMMITS.search(to_simplified(c)) or _CONTACT.search(to_simplified(c))
                       or _NOT_COMMITTED.search(to_simplified(c)) for g, c in zip(guarded, clauses, strict=True))
        # a refusal covers the part before it when that part only names the thing ("三个月免费，我这边确实没办法做"),
        # not when it commits to something ("我们赔您三倍，别的不能承诺")
        return all(guarded[i] or (i + 1 < len(clauses) and guarded[i + 1]
                                  and not _COMMITS.search(to_simplified(clauses[i])))
                   or within_authority(clauses[i], authorised, goodwill_limit) for i in promising)
    return within_authority(sentence, authorised, goodwill_limit)


# Stopping the loss now is protection, not a gift: "let's stop any more money going out", "先止损，防止再被扣款".
_PROTECTS = re.compile(r"\b(?:stop|block|prevent|halt)\s+(?:any\s+)?(?:more|further)\s+(?:money|payments?|loss(?:es)?|"
                       r"charges?|transfers?)\b|止损|防止(?:再|继续)(?:被)?(?:扣|转|盗|损失)|"
                       # the account frozen so nothing more goes out: "I freeze your HuiTong account now", "先帮您冻结账户"
                       r"\bfreez\w*\s+(?:\w+\s+){0,3}?(?:account|card)s?\b(?!\s+(?:fees?|charges?|prices?|rates?)\b)|"
                       r"冻结(?:了)?(?:您的)?(?:\w{0,4})?(?:账户|账号|银行卡|卡)(?!费|的?(?:费用|价格|年费|月费))|"
                       r"\bnothing\s+(?:more|else)\s+can\s+be\s+(?:paid|taken|charged|spent|transferred)\b", re.IGNORECASE)
# A clause that gives or commits to something ("三个月月费已经为您免掉了", "I've refunded the 2,000 yuan", "you'll get a
# full refund"): a refusal after it does not cover it.
_COMMITS = re.compile(r"我们|我(?:会|给|帮|来)|给您|为您|帮您|已(?:经)?|批|办好|\bwe\b|\bwe'll\b|\bI(?:'ll|\s+will|\s+can(?!'t|not))\b|"
                      r"\bI(?:'ve|\s+have)\b|\byou(?:'ll|\s+will)\s+(?:get|receive|have)\b|\b(?:approved|done|refunded|credited)\b",
                      re.IGNORECASE)


# A commitment turned down in its own clause: "也不想给您空头支票", "we won't pretend otherwise".
_NOT_COMMITTED = re.compile(r"不(?:想|能|会|愿|敢)|没(?:有|法|办法)|\b(?:won't|can't|cannot|will\s+not|not)\b", re.IGNORECASE)
# A next step of contact, which the agent controls: "质量专员会给您回电", "I'll call you back by 6".
_CONTACT = re.compile(r"(?:给|跟|和)?(?:您|你)(?:回电|回个?电话|打(?:个)?电话|回复|答复|发(?:个)?(?:消息|短信))|联系(?:您|你)|"
                      r"\b(?:call|ring|phone|text|message|email|e-mail|contact|update)\s+you\b|\bget\s+back\s+to\s+you\b",
                      re.IGNORECASE)


def _refused_next(i: int, guarded: list[bool], clauses: list[str]) -> bool:
    """Whether a refusal follows clause ``i`` with nothing committed to between them (not "您提到的三倍赔偿，已经
    批下来了，别的我不能承诺")."""
    for j in range(i, len(clauses)):
        if j > i and guarded[j]:
            return True
        if _COMMITS.search(to_simplified(clauses[j])):
            return False
    return False


def _protects(clause: str) -> bool:
    """Whether the clause stops the loss and offers nothing besides ("I freeze your account now, so nothing more can
    be paid"; not "I'll freeze your account and refund the 2,000 yuan in full today")."""
    plain = to_simplified(clause)
    if not _PROTECTS.search(plain):
        return False
    rest = _PROTECTS.sub(" ", plain)
    return not CUES["unauthorised_promise"].search(rest) and \
        probabilities(rest)["unauthorised_promise"] < _PROMISING_CLAUSE


# The customer's own request named before it is turned down: "您提到的三个月免费，…我这边不能承诺".
_ASKED_FOR = re.compile(r"^\s*(?:(?:至于|关于)?(?:您|你)(?:刚才)?(?:提到|说|要求|希望|想要|问|提出)的)|"
                        r"^\s*(?:as\s+for\s+)?(?:the\s+\w+\s+)?(?:you\s+(?:asked|mentioned|suggested|requested|raised)|"
                        r"you've\s+(?:asked|mentioned|suggested|requested|raised))\b", re.IGNORECASE)


# A promise declined or passed up ("免三个月月费我这里不能承诺", "I can't promise a waiver, but I've passed it on").
_DECLINED = re.compile(r"\b(?:can(?:'t|not|\s+not)|am\s+not\s+able\s+to|'m\s+not\s+able\s+to|am\s+not\s+in\s+a\s+position\s+to|"
                       r"won't\s+be\s+able\s+to)\s+(?:promise|guarantee|commit\s+to|agree\s+to|offer)\b|"
                       r"(?:不能|无法|没法|没办法|不敢|不便|不想|不愿)(?:随便|轻易|百分之百|百分百|完全|绝对)?(?:向您|给您|跟您)?(?:承诺|保证|答应|做主)|"
                       # turned down after it is named: "减免月费这个我们做不了", "三个月免费我这边确实没办法做"
                       r"(?:做不了|做不到|办不了|办不到|没办法(?:做|办|替您办|给您办)|没法(?:做|办)|不在[^。！？]{0,12}范围|"
                       r"没有(?:安排|决定|批准)[^。！？]{0,8}(?:补偿|赔偿)|没法再?(?:额外)?(?:赔|补偿)|"
                       # no answer given on it yet: "桌子损坏的赔偿问题我今晚没法答复您"
                       r"(?:没法|无法|没办法|暂时不能)(?:马上|现在|今晚|今天)?(?:答复|回答|给您答复)|"
                       # a bare refusal after the request is named: "减免月费这个确实没办法，抱歉"
                       r"(?:确实|真的|实在)?没(?:有)?办法(?=[，。！？,.!?\s]|$))", re.IGNORECASE)


def within_authority(sentence: str, authorised: str, goodwill_limit: float) -> bool:
    """Whether a promise the classifier found is one the handler may make: each of its parts that reads as a
    promise says what an offer of the decision, rubric or good example says, or names only amounts within
    the goodwill limit. An amount is not authorised because the inject mentions it (the customer's loss is
    not an offer), only by the goodwill limit; and a part that adds to an approved offer ("re-ship today,
    and if it is late we pay you three times") is judged on its own, not excused by its neighbour."""
    offers = _offers(authorised)
    if _gives_unoffered(sentence, offers[1], goodwill_limit):
        return False            # "don't worry about the 2,000 yuan: we'll put it back", whichever clause says it
    clauses = [u.text for u in units(sentence) if not u.sentence]
    promising = [c for c in clauses if size(c) >= 2 and
                 probabilities(c)["unauthorised_promise"] >= _PROMISING_CLAUSE] or [sentence]
    free = bool(_AT_OUR_COST.search(to_simplified(authorised)))
    return all(_offered(c, offers, goodwill_limit) or (free and _only_at_our_cost(c)) for c in promising)


# Doing it at the company's cost, in any words: "at our cost", "free", "费用全部由我们承担", "you won't pay anything".
_AT_OUR_COST = re.compile(r"\bat\s+(?:our|no)\s+(?:own\s+)?cost\b|\bno\s+charge\b|"
                          r"\b(?:re-?ship\w*|send\w*|sent|deliver\w*|replac\w*|repair\w*|collect\w*)\b[^.!?,;]{0,30}\bfree"
                          r"(?:\s+of\s+charge)?\b|\bfree\s+(?:of\s+charge\s+)?(?:re-?ship\w*|delivery|replacement|repair|"
                          r"collection|shipping)\b|\bwon't\s+(?:have\s+to\s+)?pay\s+(?:anything|a\s+(?:cent|thing|penny))\b|"
                          r"免费(?:补发|重发|寄|发货|送货|配送|上门|取件|更换|维修|换)|费用(?:全部|都)?(?:由)?我们(?:来)?(?:承担|出|负责)|运费(?:由)?我们(?:来)?(?:出|承担)|"
                          r"不用(?:您)?(?:付|出|掏)(?:钱|费用|运费)|不收(?:您)?(?:任何)?(?:费用|钱)", re.IGNORECASE)
# ... and nothing else of value beside it (not "the next three months are free").
_MORE_THAN_COST = re.compile(r"\b(?:months?|years?|weeks?|orders?|voucher|coupon|refund\w*|compensat\w*|cash|credit|times|"
                             r"double|triple|waive\w*|next|all|whole|every)\b|\d|个月|年|周|券|退|赔|补偿|倍|现金|红包|减免|整单|这单|下(?:一|几|三|两)?单",
                             re.IGNORECASE)


def _only_at_our_cost(clause: str) -> bool:
    """Whether the clause's promise is only that the company bears the cost of what it does (an approved offer
    "at our cost" says the same): "费用全部由我们承担", "you won't pay anything for it"."""
    plain = to_simplified(clause)
    return bool(_AT_OUR_COST.search(plain)) and not _MORE_THAN_COST.search(plain)


# A promise in the offers' own words: this share of its content words are theirs (stricter than a known cause:
# "and your next three orders are free" is made of common words too).
_OFFER_WORDS = 0.75
_SHARE = re.compile(r"\d\s*%|\bper\s*cent\b|percent|[一二两三四五六七八九]折|\d折|倍|\btimes\b|\bdouble\b|\btriple\b", re.IGNORECASE)
# A clause of a flagged sentence reads as a promise of its own from this probability.
_PROMISING_CLAUSE = 0.5
# Words that make a sentence of the authority a refusal or a limit, not an offer ("nothing on price may be
# offered", "不减免月费", "没有决定任何金钱补偿", "减免月费的要求我这里没办法答应").
_REFUSAL = re.compile(r"\b(?:no|not|nothing|never|none|without|cannot|can't|won't|unable|refuse[sd]?|declined?)\b|"
                      r"不|没有|没办法|没法|无|未|禁止|不得|拒绝", re.IGNORECASE)


@lru_cache(maxsize=256)
def _offers(authorised: str) -> tuple[np.ndarray, frozenset[str], tuple[frozenset[str], ...]]:
    """The meaning vectors of the sentences and clauses of the authority that offer something, the amounts
    they name and their content words."""
    texts = [u.text for u in units(authorised) if not _REFUSAL.search(u.text)]
    vectors = meanings(tuple(texts))
    # an amount is offered where the sentence gives it ("the 129 yuan will be refunded tonight"), not where it is
    # only the subject ("our fraud team will call you about the 2,000 yuan payment")
    giving = [t for t in texts if cued("unauthorised_promise", t)]
    shares = {"inf"} if any(_SHARE.search(t) for t in giving) else set()
    return (vectors, frozenset(a for t in giving for a in amounts_in(to_simplified(t))) | shares,
            tuple(terms(t) for t in texts))


def _gives_unoffered(text: str, offered: frozenset[str], goodwill_limit: float) -> bool:
    """Whether ``text`` gives an amount over the goodwill limit that no offer gives ("I've noted the 2,000 yuan
    payment" gives nothing; "we'll put the 2,000 yuan back" does)."""
    named = amounts_in(to_simplified(text))
    return (any(_number(a) > goodwill_limit and a not in offered for a in named)
            and cued("unauthorised_promise", text))


def _offered(clause: str, offers: tuple[np.ndarray, frozenset[str], tuple[frozenset[str], ...]],
             goodwill_limit: float) -> bool:
    """Whether one promising part is covered: every amount it names is within the goodwill limit, or it says
    what an approved offer says (the same meaning or the offers' own words, and no amount, share or multiple
    that no offer names)."""
    vectors, amounts, offer_words = offers
    named = amounts_in(to_simplified(clause))
    if _SHARE.search(clause):
        named.add("inf")        # "10% off", "打五折", "three times": a share or multiple, never within a money limit
        if "inf" not in amounts:
            return False        # ... and never offered unless an offer names one
    if named and all(_number(a) <= goodwill_limit for a in named):
        return True
    if _gives_unoffered(clause, amounts, goodwill_limit):
        return False
    if vectors.shape[0] == 0:
        return False
    return (float((vectors @ embed(to_simplified(clause))).max()) >= SAME_AS_DECISION
            or (not _SHARE.search(clause) and _parts_covered(clause, offer_words)))


def _parts_covered(text: str, offers: tuple[frozenset[str], ...]) -> bool:
    """Whether each part of ``text`` (its clauses) is made of the words of one offer: "I can re-ship it today,
    free, or cancel and refund you" joins two approved offers; "and your next three orders are free" is made of
    words found here and there, in no one offer."""
    parts = [u.text for u in units(text) if not u.sentence] or [text]
    judged = [p for p in parts if len(terms(p)) >= 2]
    return bool(judged) and all(covered(p, offers) >= _OFFER_WORDS for p in judged)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")     # a Chinese numeral ("三" of 三倍): a multiple, never within a money limit
