"""A cause put forward, or not: what excuses a sentence the classifier read as speculation.

The plan's conduct rules forbid guessing at the cause of a crisis before it is established (不猜测原因), but a reply
may say what is known ("the East China hub was flooded overnight", in the brief's words or its own), decline to
guess ("我不会乱猜是不是黑客所为"), leave the cause an open question ("具体是什么原因造成的，要等检测后才能确定"), or
guess at how the customer feels ("that must have been unsettling"). Each of these excuses only the clauses that do
it: "the hub flooded, and your parcel has most likely been soaked" still guesses in its second clause. An all-clear
(:func:`sim.drill.cues.all_clear`: "the other batches are safe", "您的账号很安全") is excused only when what is known says
it, in most of its words; the customer's questions in the inject ("我的账号是不是被盗了？") are not known facts.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from sim.drill.conduct import matchable
from sim.drill.conduct_model import probabilities
from sim.drill.cues import CUES, EMPATHY, HEDGE, OWNED, REFUSES_TO_GUESS, all_clear, cued, guessed, size
from sim.drill.semantic import embed
from sim.drill.sentences import units
from sim.drill.text import to_simplified
from sim.drill.wording import SAME_AS_DECISION, covered, meanings, terms

__all__ = ["cause_excused", "stated_known"]


def cause_excused(sentence: str, authorised: str, known: str) -> bool:
    """Whether a sentence flagged as speculation only declines to guess, leaves the cause an open question, guesses at
    the customer's feelings, or says again what is known (``known``: the inject and the brief; ``authorised``: the
    decision, rubric and good examples)."""
    if _declines_guess(sentence):
        return True         # "也不会去猜是不是黑客所为", "I won't say it was edited": it declines the guess
    if _open_question(sentence):
        return True         # "具体是什么原因造成的，要等检测后才能确定": the cause is the question still open
    if EMPATHY.search(sentence) and not CUES["speculation"].search(EMPATHY.sub(" ", to_simplified(sentence))):
        return True         # "that must have been unsettling": a guess at her feelings, not at the cause
    return _said_before(sentence, known + "\n" + authorised)


# A pattern that only introduces a cause ("the reason is", "what happened is", "是…导致的") is no guess when the
# cause it introduces is what the trainee was told, in the brief's words or meaning, and nothing in the sentence
# hedges: "the honest reason is that a rainstorm flooded the East China hub overnight".
_INTRODUCES_CAUSE = re.compile(r"\b(?:cause|reason|culprit|what\s+happened)\b|\bbecause\b|\bdue\s+to\b|"
                               r"原因|因为|由于|导致|引起|造成", re.IGNORECASE)


def stated_known(reply: str, start: int, hit: str, authorised: str, known: str) -> bool:
    """Whether a speculation pattern's hit ``hit`` at ``start`` in ``reply`` introduces a known cause (see
    _INTRODUCES_CAUSE): its sentence says what ``known`` or ``authorised`` say, and hedges nothing."""
    if not _INTRODUCES_CAUSE.search(to_simplified(hit)):
        return False
    sentence = next((u.text for u in units(reply) if u.sentence and u.start <= start < u.end), None)
    if sentence is None or HEDGE.search(to_simplified(sentence)):
        return False
    return _said_before(sentence, known + "\n" + authorised)


def _declines_guess(sentence: str) -> bool:
    """Whether the sentence declines to guess, and each of its clauses that puts a cause forward is the one that
    declines: not "I can't say when it will be fixed, but the hackers got in through last night's patch"."""
    if not REFUSES_TO_GUESS.search(to_simplified(sentence)) or guessed(sentence):
        return False
    clauses = [u.text for u in units(sentence) if not u.sentence] or [sentence]
    return all(REFUSES_TO_GUESS.search(to_simplified(c)) or _UNKNOWN.search(to_simplified(c))
               or OWNED.search(to_simplified(c)) for c in clauses
               if size(c) >= 3 and (probabilities(c)["speculation"] >= _GUESSING_CLAUSE or cued("speculation", c)))


# A clause that says the cause is not known yet ("因为事情还没查清楚", "because we don't know yet").
_UNKNOWN = re.compile(r"\b(?:don't|do\s+not|doesn't)\s+(?:yet\s+)?know\b|\bnot\s+(?:yet\s+)?(?:known|clear|confirmed)\b|"
                      r"还没(?:有)?(?:查清|查明|确认|结论)|尚未(?:查明|确认)|还不清楚|仍在(?:调查|核实)", re.IGNORECASE)
# The cause asked about, not put forward ("具体是什么原因造成的", "what caused it", "why it overheated"; not "what
# caused it was...", "that's why", "这就是为什么", "I understand why you're upset"), and known only later ("要等检测后
# 才能确定", "we won't know until the lab has looked at it"): see _open_question.
_ASKS_CAUSE = re.compile(r"什么原因|啥原因|哪个环节|哪里出|(?<!就是)(?<!这是)(?<!所以)为什么|(?<!是)怎么回事|"
                         r"\bwhat\s+(?:caused|made|went\s+wrong)\b(?![^.!?,;:]{0,40}\b(?:is|was)\b)|"
                         r"(?<!that's\s)(?<!is\s)(?<!understand\s)(?<!see\s)(?<!here's\s)\bwhy\b(?!\s+(?:you|i|we)\b)",
                         re.IGNORECASE)
_KNOWN_LATER = re.compile(r"(?:要|得|需要)等[^。！？]{0,20}(?:才能|才可以|再)(?:确定|知道|判断|下结论|确认)|"
                          r"\bwon't\s+know\s+(?:until|before)\b|\b(?:we|i)(?:'ll|\s+will)\s+only\s+know\b",
                          re.IGNORECASE)


def _open_question(sentence: str) -> bool:
    """Whether the sentence leaves the cause an open question, and each of its clauses that reads as putting a
    cause forward is the one that asks or defers it: not "为什么会过热，是因为充电板有缺陷，具体批次要等检测后才能确定"."""
    plain = matchable(sentence)
    if not (_ASKS_CAUSE.search(plain) and (_UNKNOWN.search(plain) or _KNOWN_LATER.search(plain))) \
            or guessed(sentence):
        return False
    clauses = [matchable(u.text) for u in units(sentence) if not u.sentence] or [plain]
    return all(_ASKS_CAUSE.search(c) or _UNKNOWN.search(c) or _KNOWN_LATER.search(c) for c in clauses
               if size(c) >= 3 and (probabilities(c)["speculation"] >= _GUESSING_CLAUSE or cued("speculation", c)))


def _said_before(sentence: str, known: str) -> bool:
    """Whether the sentence repeats what is known, and each part of it that guesses ("most likely", "估计",
    "because") does too: "the hub was flooded overnight" is known, "and your parcel has most likely been
    soaked" beside it is a guess of its own. A question in what is known ("我的账号是不是被盗了？") is no fact: its
    answer is not known because it was asked."""
    known = _facts(known)
    vectors = _known(known)
    if vectors.shape[0] == 0:
        return False
    clauses = [u.text for u in units(sentence) if not u.sentence]
    guessing = [c for c in clauses if size(c) >= 4 and (guessed(c) or (
                probabilities(c)["speculation"] >= _GUESSING_CLAUSE and cued("speculation", c)))] or [sentence]
    told = (terms(known),)           # a cause's words may come from anywhere in what is known
    return all(_clause_known(c, vectors, told) for c in guessing)


def _clause_known(clause: str, vectors: np.ndarray, told: tuple[frozenset[str], ...]) -> bool:
    """Whether one guessing part of a sentence says what is known (``vectors``: its meaning, ``told``: its words)."""
    hedged = bool(HEDGE.search(clause))
    if all_clear(clause) and not hedged:
        # in most of its words ("the other batches are unaffected" for "...not affected, the lab confirmed"); not by
        # meaning alone: "the other batches are safe" is near "the other batches are being tested"
        return covered(clause, told) >= _KNOWN_WORDS
    if guessed(clause):
        # only when all it says is known ("the hub was probably flooded"): "your parcel has most likely been soaked"
        # is near "the hub was flooded" in meaning
        return covered(_unhedged(clause), told) >= _ALL_KNOWN
    return (float((vectors @ embed(to_simplified(clause))).max()) >= SAME_AS_DECISION
            or (not hedged and covered(clause, told) >= _KNOWN_WORDS))


def _unhedged(clause: str) -> str:
    """The clause without its hedge ("华东分拨中心估计是昨晚被淹了" -> "华东分拨中心 昨晚被淹了"), so that its
    words can be compared with what is known (English hedges are stop words already)."""
    return re.sub(r"\s是", " ", HEDGE.sub(" ", to_simplified(clause)))


# A cause said in other words than the brief's ("there's been flooding at the sorting centre" for "the sorting hub
# was flooded overnight") is far in meaning from the brief's long sentence but made of its words: known when this
# share of its content words (Chinese: character pairs) are the brief's.
_KNOWN_WORDS = 0.6
_ALL_KNOWN = 0.999      # ... and a hedged one only when every content word of it is known


_GUESSING_CLAUSE = 0.5      # a clause of a flagged sentence puts a cause forward of its own from this probability


_QUESTION_END = re.compile(r"[?？]+[”\"」』’)）]*\s*$")


@lru_cache(maxsize=256)
def _facts(known: str) -> str:
    """What is known, without its questions (the customer's "Has my account been hacked??")."""
    return "\n".join(u.text for u in units(known) if u.sentence and not _QUESTION_END.search(u.text))


@lru_cache(maxsize=256)
def _known(known: str) -> np.ndarray:
    return meanings(tuple(u.text for u in units(known)))
