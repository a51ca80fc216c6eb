"""Commitments hedged away: a sentence that stacks hedge upon hedge until it commits to nothing.

The plan asks for a next step with who and when (明确时限). A reply can name every step the rubric asks for
and still promise none of them:

    "We may be able to refund the 15-yuan charge, possibly today, or perhaps a bit longer, depending on how
    things go."  /  "进展的话，可能半小时，也可能一两个小时，说不好，有消息的话大概会通知您。"

One hedge is honest ("the refund may take 1-3 working days depending on your bank", "估计明天能到"); the word
patterns of :mod:`sim.drill.conduct` catch the set phrases of a shrug ("tomorrow, or the day after", "说不准").
This module counts the hedges of each sentence: :data:`STACKED` different ones in one sentence empty it. On the
dev corpora no sentence of a good or adequate reply holds more than one; stuffed replies' hedged sentences hold
three to five.

>>> [h.text for h in stacked_hedges("We may be able to refund it, possibly today, or perhaps a bit longer.")]
['may … possibly … perhaps']
>>> stacked_hedges("The refund may take 1-3 working days, depending on your bank.")
()
>>> [h.text for h in stacked_hedges("进展的话，可能半小时，也可能一两个小时，说不好，有消息的话大概会通知您。")]
['可能 … 说不好 … 大概']
"""
from __future__ import annotations

import re

from sim.drill.conduct import ConductHit, matchable
from sim.drill.sentences import units

__all__ = ["STACKED", "stacked_hedges"]

FLAG = "hedged"     # the tone flag a hit raises (sim.drill.conduct.TONE_FLAGS): it caps the reply's points
STACKED = 3         # different hedges in one sentence that empty it

# Each alternative is one hedge; the same hedge twice ("可能半小时，也可能一两个小时") counts once. "may" in lower case
# only: "her May order" is a month.
_HEDGES = re.compile(
    r"(?-i:\bmay\b)|\b(?:might|possibly|perhaps|maybe|probably|hopefully|presumably|roughly|sometime|"
    r"depending\s+on|assuming|or\s+so|or\s+thereabouts|more\s+or\s+less|with\s+(?:any\s+)?luck|if\s+all\s+goes\s+well|"
    r"fingers\s+crossed|in\s+theory|at\s+some\s+point|if\s+possible|should\s+be\s+able\s+to|try\s+to|"
    r"or\s+(?:a\s+(?:bit|little)\s+)?(?:longer|later))\b|"
    r"可能|或许|也许|兴许|没准|大概|应该|估计|说不好|说不准|不一定|尽量|差不多|看情况|如果顺利|争取",
    re.IGNORECASE)


def stacked_hedges(reply: str) -> tuple[ConductHit, ...]:
    """The sentences of ``reply`` with at least :data:`STACKED` different hedges, quoted by their hedges."""
    text = matchable(reply)
    hits = []
    for u in units(reply):
        if not u.sentence:
            continue
        found: dict[str, str] = {}
        for m in _HEDGES.finditer(text, u.start, u.end):
            found.setdefault(re.sub(r"\s+", " ", m.group(0).lower()), reply[m.start():m.end()])
        if len(found) >= STACKED:
            hits.append(ConductHit(FLAG, u.start, u.end, " … ".join(found.values())))
    return tuple(hits)
