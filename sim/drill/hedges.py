"""Commitments hedged away: a sentence that stacks hedge upon hedge until it commits to nothing.

The plan asks for a next step with who and when (明确时限). A reply can name every step the rubric asks for
and still promise none of them:

    "We may be able to refund the 15-yuan charge, possibly today, or perhaps a bit longer, depending on how
    things go."  /  "进展的话，可能半小时，也可能一两个小时，说不好，有消息的话大概会通知您。"

An honest forecast is not counted ("the lab test may take roughly two to three days, depending on how many units
they receive", "检测结果大概需要两到三天"), nor effort or duty ("I'll try to", 尽量, 争取, 应该做的): only the words
that widen a time or an outcome until it means nothing ("possibly", "or a bit longer", "hard to say", 也可能, 说不好,
不一定). The word patterns of :mod:`sim.drill.conduct` catch the set phrases of a shrug ("tomorrow, or the day
after", "说不准"); this module counts the emptying hedges of each sentence: :data:`STACKED` different ones in one
sentence empty it. Words in quotation marks are someone else's ("I'm sorry you were told “maybe Friday, possibly
later, who knows”"). On the dev corpora no sentence of a good or adequate reply holds more than one.

>>> [h.text for h in stacked_hedges("We may be able to refund it, possibly today, or perhaps a bit longer.")]
['possibly … perhaps … a bit longer']
>>> stacked_hedges("The lab test may take roughly two to three days, depending on how many units they receive.")
()
>>> [h.text for h in stacked_hedges("进展的话，可能半小时，也可能一两个小时，说不好，有消息的话大概会通知您。")]
['也可能 … 说不好 … 大概']
"""
from __future__ import annotations

import re

from sim.drill.conduct import ConductHit, matchable
from sim.drill.sentences import units
from sim.drill.text import quotation_spans

__all__ = ["STACKED", "stacked_hedges"]

FLAG = "hedged"     # the tone flag a hit raises (sim.drill.conduct.TONE_FLAGS): it caps the reply's points
STACKED = 3         # different emptying hedges in one sentence that empty it

# Each alternative is one hedge; the same hedge twice ("maybe tonight, maybe tomorrow") counts once.
_HEDGES = re.compile(
    r"\b(?:possibly|perhaps|maybe|probably|hopefully|sometime|at\s+some\s+point|or\s+so|or\s+thereabouts|"
    r"more\s+or\s+less|with\s+(?:any\s+)?luck|if\s+all\s+goes\s+well|fingers\s+crossed|in\s+theory|hard\s+to\s+say|"
    r"not\s+sure|who\s+knows|can't\s+say\s+when|(?:a\s+(?:bit|little)|much)\s+(?:longer|later)|or\s+(?:even\s+)?(?:longer|later)|"
    r"it\s+depends)\b|"
    r"也可能|或许|也许|兴许|没准|说不定|大概|估计|说不好|说不准|不好说|不一定|看情况|得看|(?:或者|或)更久",
    re.IGNORECASE)


# A forecasting hedge on a number is a forecast ("大概三到五个工作日", "probably about a week"), not an emptied
# commitment ("也可能一两个小时" still stretches the first time).
_FORECASTS = frozenset({"大概", "估计", "probably", "hopefully"})
_ON_A_NUMBER = re.compile(r"^\s*(?:(?:need|take|be|in|within|about|around|roughly|another|[a-z]+s?)\s+){0,2}(?:\d|a\s+(?:few\s+|couple\s+of\s+)?"
                          r"(?:minute|hour|day|week|month)|(?:one|two|three|four|five|six|seven|ten|a\s+few|several)\s+"
                          r"(?:more\s+)?(?:working\s+)?(?:minutes?|hours?|days?|weeks?|months?))|"
                          r"^(?:需要|要|在)?[\d一二两三四五六七八九十几半]", re.IGNORECASE)
# Quotation marks hold someone else's words when a saying comes before them ("you were told “maybe Friday”",
# "客服跟您说“说不定明天”"); scare quotes around the writer's own hedges are still hers.
_SAID_BEFORE = re.compile(r"(?:\b(?:told|said|says|saying|say|called|wrote|replied|answered)\b|说|讲|告诉|答复|回复|称)\W{0,3}$",
                          re.IGNORECASE)


def stacked_hedges(reply: str) -> tuple[ConductHit, ...]:
    """The sentences of ``reply`` with at least :data:`STACKED` different emptying hedges of the writer's own,
    quoted by their hedges as written."""
    text = matchable(reply)
    hits = []
    for u in units(reply):
        if not u.sentence:
            continue
        quoted = [(u.start + a, u.start + b) for a, b in quotation_spans(u.text)
                  if _SAID_BEFORE.search(text[u.start:u.start + a])]
        found: dict[str, str] = {}
        for m in _HEDGES.finditer(text, u.start, u.end):
            if any(a <= m.start() < b for a, b in quoted) or (
                    m.group(0).lower() in _FORECASTS and _ON_A_NUMBER.search(text[m.end():u.end])):
                continue
            found.setdefault(re.sub(r"\s+", " ", m.group(0).lower()), reply[m.start():m.end()])
        if len(found) >= STACKED:
            hits.append(ConductHit(FLAG, u.start, u.end, " … ".join(found.values())))
    return tuple(hits)
