"""Conduct failures recognised by what a sentence *does*: blaming the customer, promising what nobody
authorised, guessing at a cause.

The plan's conduct rules (注意事项) forbid the same failures in every reply, and trainees word them in
endless ways: "you really should have stopped using it at the first sign", "是您自己没及时更新", "what's
happened is the charging circuit has failed", "I can promise you 1,000 yuan on top". Word patterns
(:mod:`sim.drill.conduct`) catch the common shapes; this module catches the rest by meaning.

A sentence is flagged in three steps:

1. the classifier (:mod:`sim.drill.conduct_model`) gives the probability that it is ``blame``,
   ``unauthorised_promise`` or ``speculation``;
2. it is a candidate from :data:`THRESHOLDS`, or from :data:`LIKELY` when it also has the failure's shape in words
   (:mod:`sim.drill.cues`), or, for speculation, whenever it guesses in so many words ("估计是…", "it seems…");
3. a candidate is excused when it says only what it may (:func:`excused`): a promise within authority
   (:mod:`sim.drill.authority`), a cause already known, declined or left open (:mod:`sim.drill.causes`), her fault
   denied, ours owned, someone else's blame refuted, or how frightening it was (here).

The labelled corpora's ``dev`` split chose the thresholds below; their ``holdout`` split and the corpora that are all
holdout (``tests/data/replies_fresh*``) were never used to choose anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sim.drill import conduct_model
from sim.drill.authority import promise_excused
from sim.drill.causes import cause_excused, stated_known
from sim.drill.conduct import matchable
from sim.drill.conduct_model import probabilities
from sim.drill.cues import CUES, FEELING_EN, OWNED, TURNS, cued, guessed, size
from sim.drill.sentences import units
from sim.drill.text import to_simplified
from sim.i18n.script import CJK_CHAR

__all__ = ["LIKELY", "THRESHOLDS", "IntentHit", "excused", "find_intents", "overruled", "reload", "stated_known"]

# A sentence is flagged when the classifier gives its failure at least this probability (chosen on the
# dev splits; see benchmarks/scoring_validity.py). Speculation went from 0.5 to 0.6 once guesses worded as
# such were caught by their words (guessed): on replies_dev6 and dev8 it spared "I have noted every detail"
# and "这是全体用户的登录问题" and lost no true flag on the dev corpora.
THRESHOLDS = {"blame": 0.9, "unauthorised_promise": 0.9, "speculation": 0.6}

_SHORTEST = 5       # words (Chinese: characters / 2) a sentence needs before its intent is judged
_SHORTEST_ZH = 8    # ... or Chinese characters: "这是电芯内部短路了" says a cause in nine


@dataclass(frozen=True)
class IntentHit:
    """A sentence flagged by meaning: the flag, where the sentence is in the reply, its text and the probability the
    classifier gave the flag."""
    flag: str
    start: int
    end: int
    text: str
    probability: float


@lru_cache(maxsize=4096)
def find_intents(reply: str, authorised: str = "", goodwill_limit: float = 0.0,
                 known: str = "") -> tuple[IntentHit, ...]:
    """The sentences of ``reply`` that the classifier reads as a conduct failure, with its probability.

    A promise is not unauthorised when it says what the crisis group's decision, the rubric or a good
    example says (``authorised``; its meaning is close to one of their sentences or clauses), or when every
    amount it names is within the plan's goodwill limit. A cause is not speculation when it repeats what the
    inject reports (``known``) or the decision and rubric state ("the hub was flooded overnight")."""
    hits = []
    for u in units(reply):
        if not u.sentence or (size(u.text) < _SHORTEST and len(CJK_CHAR.findall(u.text)) < _SHORTEST_ZH):
            continue        # "to go through each failure with you.": too little to judge an intent by
        probs = probabilities(u.text)
        for flag in THRESHOLDS:
            if not _raised(flag, probs[flag], u.text):
                continue
            if excused(flag, u.text, authorised, goodwill_limit, known):
                continue
            hits.append(IntentHit(flag, u.start, u.end, u.text, probs[flag]))
    return tuple(hits)


def _raised(flag: str, p: float, text: str) -> bool:
    """Whether a sentence the classifier gives ``p`` of ``flag`` is a candidate for it (then excused or not)."""
    return (p >= THRESHOLDS[flag] or (p >= LIKELY[flag] and cued(flag, text))
            or (flag == "speculation" and guessed(text)))


# A word pattern of blame ("you shouldn't have", "was a mistake") is overruled when the classifier reads the
# sentence it is in as plainly none of it: "you shouldn't have paid anything for delivery", "the delivery charge
# on your order was a mistake". (On the dev splits the patterns' true hits read 0.35 and more.)
_PATTERN_FLOOR = {"blame": 0.05}


def overruled(flag: str, reply: str, start: int) -> bool:
    """Whether a word pattern's hit of ``flag`` at ``start`` in ``reply`` is overruled by the meaning of its
    sentence (see _PATTERN_FLOOR). Promises and causes found by a pattern are not excused as the classifier's
    are: on the dev splits that lost more true flags than it spared good replies."""
    floor = _PATTERN_FLOOR.get(flag)
    if floor is None:
        return False
    sentence = next((u.text for u in units(reply) if u.sentence and u.start <= start < u.end), None)
    return sentence is not None and probabilities(sentence)[flag] < floor


# Between LIKELY and THRESHOLDS the classifier is unsure: the sentence is flagged only when it also has the
# shape of the failure (sim.drill.cues: plan-level word classes, not a scenario's words).
LIKELY = {"blame": 0.4, "unauthorised_promise": 0.5, "speculation": 0.25}


# The fault named as ours or a charge that should not have been made: "the mistake was
# ours", "the fee shouldn't have been added to your order" (not "your code should never have been sent to anyone")
_OURS = re.compile(r"\bthe\s+(?:mistake|error|fault|failure)\s+(?:was|is)\s+(?:all\s+|entirely\s+)?ours\b|"
                   r"\b(?:fee|charge|amount|payment)s?\s+(?:shouldn't|should\s+not|should\s+never)\s+have\s+been\s+"
                   r"(?:added|charged|applied|deducted|billed|debited|taken|there)\b", re.IGNORECASE)
# Her fault denied in so many words: "none of this is your fault", "这不是您的错", "您没有做错什么".
_EXONERATED = re.compile(r"\b(?:not|n't)\s+(?!(?:entirely|only|just|all|completely|wholly|solely|totally|really|"
                         r"exactly|simply)\b)(?:\w+\s+)?(?:your|the\s+customer's)\s+fault\b|"
                         r"\bnone\s+of\s+(?:this|it)\s+(?:is|was)\s+(?:on\s+you|your\s+fault)\b|"
                         r"\byou\s+(?:did|have\s+done|'ve\s+done)\s+nothing\s+wrong\b|"
                         r"(?:不是|并非|不)(?:您|你)的(?:错(?!过)|责任|问题)|不怪(?:您|你)|(?:您|你)(?:并)?没(?:有)?(?:做)?错(?!过)",
                         re.IGNORECASE)
# A question is no denial: "这难道不是您的问题吗？", "isn't that your fault?"
_QUESTION = re.compile(r"难道|吗[？?]?\s*$|[？?]\s*$")


def excused(flag: str, sentence: str, authorised: str, goodwill_limit: float, known: str) -> bool:
    """Whether a sentence flagged (by the classifier or a word pattern) says only what it may: a promise
    within authority, a cause already given (see :func:`find_intents`)."""
    if flag == "unauthorised_promise":
        return promise_excused(sentence, authorised, goodwill_limit)
    if flag == "speculation":
        return cause_excused(sentence, authorised, known)
    if flag == "blame":
        if _REPORTED_AND_REFUTED.search(to_simplified(sentence)):
            return True         # "店员当时说是老人家自己摔的，这个说法是错的": someone's blame reported and refuted
        # how frightening the experience was, when nothing in it cues blame and it does not turn to something else
        # ("这种电话确实吓人，但把验证码告诉陌生人是关键的失误"): "a call like that is unsettling, especially when they
        # know your address"
        plain = matchable(sentence)
        if (_EXONERATED.search(plain) or OWNED.search(plain) or _OURS.search(plain)) and not TURNS.search(plain) \
                and not _QUESTION.search(plain):
            rest = _OURS.sub(" ", OWNED.sub(" ", _EXONERATED.sub(" ", plain)))
            if not CUES["blame"].search(rest) and probabilities(rest)["blame"] < LIKELY["blame"]:
                return True     # "none of this is your fault: those texts are made to look like ours", "the
                #                 mistake was ours", "the fee shouldn't have been added to your order"
        return bool(_FELT.search(plain)) and not cued("blame", sentence) and not TURNS.search(plain)
    return False




# Someone else's claim reported, then refuted to end the sentence (not "这不对，是您自己没看短信", nor the customer's own
# claim refuted: "您说没收到，这个说法不属实").
_REPORTED_AND_REFUTED = re.compile(
    r"(?<![您你])(?:说是|说|声称|认为|以为)[^。！？]{0,40}(?:这个说法|这种说法|这话|这)(?:是|就是)?(?:错的|不对|不成立|不是事实|不属实)[。！？!]*$|"
    r"(?<!\byou\s)\b(?:said|claimed|told\s+(?:you|her|him))\b[^.!?]{0,80}\b(?:that's|that\s+is|which\s+is|which\s+was|that\s+was)\s+"
    r"(?:simply\s+|just\s+)?(?:wrong|not\s+true|untrue|false)[.!]*$", re.IGNORECASE)
# The experience said to be frightening ("that call is unsettling", "这种电话确实吓人").
_FELT = re.compile(rf"(?:\b(?:is|was|are|were|must\s+(?:have\s+been|be)|can\s+be|sounds?)|(?<=\w)'s)\s+(?:(?:so|very|really|deeply|truly|"
                   rf"incredibly|extremely|such|quite)\s+)*(?:{FEELING_EN})\b"
                   # not a verdict on what she did: "it's hard to understand why you would give a stranger your PIN"
                   r"(?!\s+(?:to\s+(?:us\s+)?)?(?:that|why|how)\s+(?:you|customers|people|anyone|someone)\b|"
                   r"\s+to\s+(?:understand|see|believe|accept)\b)|"
                   r"(?:真|很|太|确实|一定|肯定|真的)(?:吓人|可怕|让人(?:害怕|不安|担心|心慌|后怕))|吓坏", re.IGNORECASE)


def reload() -> None:
    """Read the classifier's weights again (after retraining in this process): every cache that holds what they gave."""
    conduct_model.reload()
    find_intents.cache_clear()
