"""What a part of a reply shares with what the trainee was told, in words and in meaning.

A cause the brief gives, or an offer the decision approves, may be said again in a reply in other words: "there's
been flooding at the sorting centre" for "the sorting hub was flooded overnight". Two measures decide whether it is
the same thing said: the cosine of the meaning vectors (:mod:`sim.drill.semantic`) of a clause and of one sentence
of the brief, at least :data:`SAME_AS_DECISION`; or the share of the clause's content words (English words,
stemmed, without the small words; Chinese: pairs of characters) found in what was told (:func:`covered`).

>>> sorted(terms("The hub flooded overnight"))
['flood', 'hub', 'overnight']
>>> covered("The hub flooded.", (terms("Our East China sorting hub was flooded overnight."),))
1.0
>>> covered("华东分拣中心被淹", (terms("华东分拣中心昨夜被暴雨淹了"),)) == 5 / 7
True
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

import numpy as np

from sim.drill.conduct_model import MEANING
from sim.drill.semantic import embed
from sim.drill.text import to_simplified
from sim.i18n.script import CJK_CHAR

__all__ = ["SAME_AS_DECISION", "covered", "meanings", "terms"]

CJK_CHAR_RUN = re.compile(f"(?:{CJK_CHAR.pattern})+")

# A part of a reply says what the decision, the rubric, a good example or the brief says, in other words, from this
# cosine with one of their sentences or clauses.
SAME_AS_DECISION = 0.55

_STOP = frozenset("""the and for that this with was were are is been has have had there their they them our we you your
from into onto over under about after before because due reason reasons cause caused causing why what which who will would
could should can may might must its it's there's here all any some one very really just also honest honestly truth fact
likely probably possibly perhaps seems seem appears appear looks look think believe guess suspect sure say said told
until least most more than then when while where how not no yes but yet still even only""".split())  # noqa: SIM905 (a word list reads best as words)


def _stem(word: str) -> str:
    for end in ("ing", "ed", "es", "s", "e"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word


@lru_cache(maxsize=256)
def terms(text: str) -> frozenset[str]:
    """The content words of ``text``: English words (stemmed, not in _STOP) and pairs of Chinese characters."""
    t = to_simplified(text).lower()
    words = {_stem(w) for w in re.findall(r"[a-z]+", t) if len(w) >= 3 and w not in _STOP}
    pairs = {a + b for run in CJK_CHAR_RUN.findall(t) for a, b in itertools.pairwise(run)}
    return frozenset(words | pairs)


def covered(clause: str, known: tuple[frozenset[str], ...]) -> float:
    """The largest share of the clause's content words found in one of ``known`` (0 under two words)."""
    own = terms(clause)
    if len(own) < 2:
        return 0.0
    return max((len(own & k) / len(own) for k in known), default=0.0)


@lru_cache(maxsize=256)
def meanings(texts: tuple[str, ...]) -> np.ndarray:
    """The meaning vectors of ``texts``, one row each (no rows for none), to compare a clause with by cosine."""
    if not texts:
        return np.zeros((0, MEANING), dtype=np.float32)
    return np.stack([embed(to_simplified(t)) for t in texts])
