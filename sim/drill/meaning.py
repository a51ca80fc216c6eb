"""Whether a reply performs the act a rubric criterion asks for, whatever its wording.

A criterion ("apologise before the solution", "tell her to stop using it", "say who calls and by when")
is met when one sentence or clause of the reply (:mod:`sim.drill.sentences`) *does* it. Two kinds of
evidence count, and the first found wins:

1. **The author's phrases** (``any``/``all``/``regex`` in the rubric, matched by :mod:`sim.drill.phrases`):
   exact, explainable, and what authors have always written. They stay as extra evidence.
2. **Meaning** (:mod:`sim.drill.semantic`): the unit's sentence embedding is compared with the
   criterion's *prototypes* — what the plan expects (``expects`` in both languages), the author's
   phrases in context, and the sentences of the author's good examples that meet the criterion — and
   the criterion is met when the closest prototype is near enough. A multilingual model puts "My
   apologies", "我们郑重致歉" and "I'm so sorry" near each other, so a Chinese reply meets a rubric
   written in English and the other way round.

:func:`meet` returns where the criterion is first met and the unit (sentence or clause) that met it, so
the scorecard can highlight it and ``before`` rules can compare positions.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sim.drill import phrases as P
from sim.drill.semantic import embed
from sim.drill.sentences import units
from sim.drill.slots import find_slot, slot_of
from sim.drill.text import NormText, prepare, to_simplified
from sim.format.prompts import Criterion, Example
from sim.i18n.script import CJK_CHAR

# A unit meets a criterion when its cosine with the nearest prototype reaches this (tuned on the dev split
# of tests/data/replies; see benchmarks/scoring_validity.py).
MEANING_THRESHOLD = float(os.environ.get("DRILL_MEANING_THRESHOLD", "0.5"))
# Between the two, the sentence must also be nearer this criterion than any other of the prompt's.
MEANING_SURE = float(os.environ.get("DRILL_MEANING_SURE", "0.6"))

__all__ = ["Found", "meet"]


@dataclass(frozen=True)
class Found:
    start: int          # index in the reply where the criterion is first met
    text: str           # the sentence (or clause) that met it


def meet(c: Criterion, reply: str, nt: NormText, reply_lang: str,
         examples: tuple[Example, ...] = (), rivals: tuple[Criterion, ...] = ()) -> Found | None:
    """Where and by which sentence ``reply`` meets criterion ``c`` (None: not met). ``rivals``: the
    prompt's other criteria; a sentence that is closer to one of them than to ``c`` is that act, not this."""
    pos = _criterion_position(c, nt, reply_lang)
    if pos is not None:
        return Found(pos, _unit_at(reply, pos))
    protos = prototypes(c, examples)
    if protos.shape[0] == 0:
        return None
    time_only = c.all is None and c.any is not None and slot_of(tuple(_phrases(c.any.en) + _phrases(c.any.zh))) == "time"
    act = _closed_act(c)
    if act is not None:     # "给您赔个不是", "we're grateful": the act's own words, whichever the author listed
        for u in units(reply):
            if u.sentence and _ACTS[act][2].search(to_simplified(u.text)):
                return Found(u.start, u.text)
    for u in units(reply):
        if c.all is not None and not _all_but_one(c, u.text, reply_lang):
            continue    # "who and when": meaning may stand in for one part, never for all of them
        if _too_short(u.text):
            continue    # "Hi", "好的": too little to perform an act by meaning
        if time_only and find_slot("time", u.text) is None:
            continue    # "say when the money arrives" is met by a time, never by a sentence that only sounds like it
        if act is not None and not _ACTS[act][1].search(to_simplified(u.text)):
            continue    # an apology or a thanks is said in words of its own: "we note your concerns" is neither
        v = embed(u.text)
        near = float((protos @ v).max())
        if near < MEANING_THRESHOLD:
            continue
        if near < MEANING_SURE and any(float((prototypes(r, examples) @ v).max(initial=-1.0)) > near for r in rivals):
            continue
        if near < MEANING_SURE and float((_poor_sentences(examples) @ v).max(initial=-1.0)) > near:
            continue    # nearer what the author's poor example says ("we note your concerns") than to the act
        return Found(u.start, u.text)
    return None


# Acts said in a closed set of words in any wording (an apology, a thanks): a criterion whose own phrases are
# mostly such words is met by a sentence that says one of the act's own words (the third pattern), and by
# meaning only in a unit that says one of the wider set (the second). The lists are of the plan's
# acts in both languages, not of a scenario: "my apologies", "we regret", "我们郑重致歉", "赔个不是", "多谢".
_ACTS = {
    "apology": (re.compile(r"sorry|apolog|抱歉|对不起|道歉|致歉", re.IGNORECASE),
                re.compile(r"\b(?:sorry|apolog\w*|regret\w*|forgive|pardon|excuse\s+us)\b|抱歉|对不起|道歉|致歉|歉意|"
                           r"不好意思|对不住|赔(?:个)?不是|赔罪|见谅|原谅|遗憾|过意不去|失礼|惭愧|愧疚", re.IGNORECASE),
                # the words that perform it on their own ("we regret that..." and "很遗憾" also open refusals)
                re.compile(r"\b(?:sorry|apologi[sz]e|apologies|apology)\b|抱歉|对不起|道(?:个)?歉|致歉|歉意|不好意思|对不住|"
                           r"赔(?:个)?不是|赔罪", re.IGNORECASE)),
    "thanks": (re.compile(r"thank|感谢|谢谢", re.IGNORECASE),
               re.compile(r"\b(?:thank\w*|grateful|gratitude|appreciat\w*|cheers)\b|谢|感激|辛苦(?:您|你)", re.IGNORECASE),
               re.compile(r"\b(?:thank\s+you|thanks|grateful|appreciate)\b|谢谢|感谢|多谢|感激", re.IGNORECASE)),
}


def _closed_act(c: Criterion) -> str | None:
    """The closed-class act a criterion asks for, when most of its ``any`` phrases name it."""
    if c.any is None or c.all is not None:
        return None
    phrases = _phrases(c.any.en) + _phrases(c.any.zh)
    for act, (names, _, _) in _ACTS.items():
        if phrases and sum(1 for p in phrases if names.search(p)) * 2 > len(phrases):
            return act
    return None


_SHORTEST_ACT = 3     # words (Chinese: characters) a unit needs before it can meet a criterion by meaning


def _too_short(text: str) -> bool:
    words = len(re.findall(r"[A-Za-z0-9]+", text))
    return max(words, len(CJK_CHAR.findall(text))) < _SHORTEST_ACT


def _all_but_one(c: Criterion, text: str, reply_lang: str) -> bool:
    """Whether every phrase group of ``c.all`` but at most one, and that one neither a time nor a contact, is
    found in ``text`` (in either language)."""
    assert c.all is not None
    for lang in (reply_lang, "zh" if reply_lang == "en" else "en"):
        groups = c.all.groups(lang)
        if not groups or len(groups) < 2:
            continue
        absent = [g for g in groups if not _group_in(g, text)]
        # a time or a contact is said or not: meaning stands in only for a part that is neither
        if len(absent) <= 1 and not any(slot_of(g) for g in absent):
            return True
    return False


@lru_cache(maxsize=512)
def prototypes(c: Criterion, examples: tuple[Example, ...]) -> np.ndarray:
    """The criterion's prototypes as a matrix of unit vectors: what the plan expects (both languages),
    the author's phrases, and each sentence of a good example that meets the criterion by its phrases."""
    texts: list[str] = []
    if c.expects is not None:
        texts += [v for v in (c.expects.en, c.expects.zh) if v]
    if c.any is not None:   # an ``all`` group's phrase is only part of the act: not a prototype of it
        texts += [p.replace("*", "").strip() for group in c.any.en + c.any.zh for p in group]
    for e in examples:
        if e.grade != "good":
            continue
        for text, lang in ((e.en, "en"), (e.zh, "zh")):
            if not text:
                continue
            for u in units(text):
                if _criterion_position(c, prepare(u.text), lang) is not None:
                    texts.append(u.text)
    texts = list(dict.fromkeys(t for t in texts if len(t) >= 2))
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.stack([embed(t) for t in texts])


@lru_cache(maxsize=512)
def _poor_sentences(examples: tuple[Example, ...]) -> np.ndarray:
    """The sentences of the prompt's poor examples: what a poor reply says instead of the act (anti-prototypes,
    used only where a unit's nearest prototype is below MEANING_SURE)."""
    texts = [u.text for e in examples if e.grade == "poor" for text in (e.en, e.zh) if text
             for u in units(text) if u.sentence]
    texts = [t for t in dict.fromkeys(texts) if len(t) >= 2]
    return np.stack([embed(t) for t in texts]) if texts else np.zeros((0, 512), dtype=np.float32)


def _unit_at(reply: str, pos: int) -> str:
    """The sentence of the reply containing position ``pos``."""
    for u in units(reply):
        if u.sentence and u.start <= pos < max(u.end, u.start + 1):
            return u.text
    return reply.strip()


def _phrases(groups: tuple[tuple[str, ...], ...]) -> list[str]:
    return [p for group in groups for p in group]


def _criterion_position(c: Criterion, nt: NormText, reply_lang: str) -> int | None:
    """Where the criterion is first met in the reply (original index), or None."""
    found: list[int] = []
    phrase_ok = c.any is not None or c.all is not None
    if c.any is not None:
        m = P.contains_any(nt, _phrases(c.any.en) + _phrases(c.any.zh))
        if m is None:
            phrase_ok = False
        else:
            found.append(m.start)
    if c.all is not None and phrase_ok:
        pos = _all_position(c.all, nt, reply_lang)
        if pos is None:
            phrase_ok = False
        else:
            found.append(pos)
    if phrase_ok:
        return min(found)
    if c.all is not None and (c.any is None or found):
        pos = _slotted_position(c.all, nt, reply_lang)
        if pos is not None:
            return min([pos, *found])
    if c.regex is not None:
        m = P.compile_regex(c.regex).search(nt)
        if m is not None:
            return m.start
    return None


def _slotted_position(phrases, nt: NormText, reply_lang: str) -> int | None:
    """Where one sentence holds every group, a time or contact group being met by any time or contact
    expression (:mod:`sim.drill.slots`): "someone will ring you back before 5 o'clock this afternoon"."""
    reply = nt.original
    for lang in (reply_lang, "zh" if reply_lang == "en" else "en"):
        groups = phrases.groups(lang)
        if not groups or not any(slot_of(g) for g in groups):
            continue
        for u in units(reply):
            if not u.sentence:
                continue
            if all(_group_in(g, u.text) for g in groups):
                return u.start
    return None


def _group_in(group: tuple[str, ...], text: str) -> bool:
    if P.contains_any(prepare(text), group) is not None:
        return True
    slot = slot_of(group)
    return slot is not None and find_slot(slot, text) is not None


def _all_position(phrases, nt: NormText, reply_lang: str) -> int | None:
    """Every group found in one language (the reply's first, then the other): earliest start."""
    other = "zh" if reply_lang == "en" else "en"
    for lang in (reply_lang, other):
        groups = phrases.groups(lang)
        if not groups:
            continue
        starts = []
        for group in groups:
            m = P.contains_any(nt, group)
            if m is None:
                break
            starts.append(m.start)
        else:
            return min(starts)
    return None



