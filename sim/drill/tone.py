"""The tone that empties a reply, recognised by what a sentence does rather than by its words.

A trainee can type every act a rubric asks for (apology, safety advice, "recorded", "we'll call you") and
still not have written the sincere, respectful reply the plan's conduct rules (注意事项) ask for:

    "Sorry and all that. Stop using it, obviously. Recorded. Someone will ring you, maybe."

The word patterns of :mod:`sim.drill.conduct` (``TONE_FLAGS``) catch the common shapes ("whatever", "next
caller", "行了吧", "tomorrow, or the day after"); this module catches the rest by meaning: sarcasm and mock
politeness, impatience and brushing off, talking down, minimising the harm or the feelings ("不就是晚了两天嘛"),
a perfunctory act ("Consider yourself apologised to"), commitments hedged away, passing the buck, selling in
the middle of a complaint, rudeness.

Each sentence of a reply is read by a small logistic regression over the same features as the conduct
classifier (:func:`sim.drill.conduct_model.features`: the sentence's meaning vector and hashed character n-grams),
trained on ``data/tone/dismissive.<lang>.yaml`` (for each language, dismissive sentences and the hard
negatives a good handler writes with the same words: firm but polite limits, honest uncertainty with a time,
a terse senior agent's complete sentences) and on every sentence the conduct training set holds as fine, with
the library's good and adequate examples, and every sentence of the replies rated good or adequate in the
``dev`` split of the labelled corpora (``tests/data/replies*``); and on ``data/tone/dismissive.rated.yaml``, the
sentences of that split's stuffed replies that read as prose, each marked by a reader as dismissive or not (a
marked one counts three times). The weights are in ``tone_model.npz`` with the
digest of the data they came from; ``python -m sim.drill.tone`` retrains them (deterministic; it needs a source
checkout, for the corpora) and a test checks they are not stale.

Words in quotation marks are read as a placeholder (:func:`own_words`): a trainee who apologises for what a
colleague said quotes dismissive words without saying them.

A hit holds the reply to three quarters of its points (:data:`sim.drill.scoring.HEARD_TONE_CAP`: no more than
an adequate reply; a pattern's hit holds it to a quarter), and the threshold is set high, chosen on the dev
corpora so that good and adequate replies are almost never capped.

    >>> [h.text for h in find_tone("I'm so sorry, Ms Li. Please unplug it now and keep it away from your son.")]
    []
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from sim.drill.conduct import ConductHit
from sim.drill.conduct_model import BUCKETS, data_dir, good_handler_sentences, logits, save_weights, train
from sim.drill.corpus import rated_fine_sentences
from sim.drill.sentences import units
from sim.drill.text import quoted_aside

__all__ = ["THRESHOLD", "digest", "dismissive", "find_tone", "own_words", "train_tone"]

FLAG = "dismissive"             # the tone flag a hit raises (sim.drill.conduct.TONE_FLAGS)
THRESHOLD = 0.9                 # probability of "dismissive" that caps a reply (see module doc)


def _files() -> list[Path]:
    return sorted((data_dir() / "tone").glob("*.yaml"))


def _training_sentences() -> tuple[list[str], list[int]]:
    """Dismissive sentences (label 1) and fine ones (label 0): the tone files' own, then a good handler's."""
    texts: list[str] = []
    labels: list[int] = []
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        repeat = int(data.get("repeat_positive", 1))     # sentences from real replies count more (*.rated)
        for part in (data.get(lang) or {} for lang in ("en", "zh")):
            texts += [t for t in part.get("positive") or [] for _ in range(repeat)]
            labels += [1] * repeat * len(part.get("positive") or [])
            texts += part.get("negative") or []
            labels += [0] * len(part.get("negative") or [])
    own = set(texts)
    fine = [s for s in dict.fromkeys([*good_handler_sentences(), *rated_fine_sentences()]) if s not in own]
    return texts + fine, labels + [0] * len(fine)


def digest() -> str:
    """What the weights were trained on, and how a sentence is read (so that a change to either stales them)."""
    h = hashlib.sha256()
    h.update(f"{BUCKETS}\0{own_words('She said “whatever” to you, and I am sorry.')}\0".encode())
    for text, label in zip(*_training_sentences(), strict=True):
        h.update(f"{label}\0{text}\0".encode())
    return h.hexdigest()[:16]


def train_tone() -> tuple[np.ndarray, np.ndarray]:
    texts, labels = _training_sentences()
    return train([own_words(t) for t in texts], labels, classes=2)


@lru_cache(maxsize=1)
def _model() -> tuple[np.ndarray, np.ndarray]:
    with np.load(data_dir() / "tone_model.npz") as f:
        return f["w"], f["b"]


def own_words(sentence: str) -> str:
    """``sentence`` as the classifier reads it: what it quotes is someone else's ("I'm sorry our agent told you
    “not my problem”" apologises for the words, it does not say them), read as a placeholder, unless the
    sentence is nothing but the quotation (:func:`sim.drill.text.quoted_aside`).

    >>> own_words("I'm sorry our agent told you “not my problem”; that was wrong.")
    "I'm sorry our agent told you “…”; that was wrong."
    >>> own_words("“Whatever, next caller.”")
    '“Whatever, next caller.”'
    """
    return quoted_aside(sentence) or sentence


def dismissive(sentence: str) -> float:
    """The classifier's probability that ``sentence`` is dismissive in tone (0..1)."""
    w, b = _model()
    z = logits(own_words(sentence), w, b)
    return round(float(1.0 / (1.0 + np.exp(z[0] - z[1]))), 4)


@lru_cache(maxsize=4096)
def find_tone(reply: str) -> tuple[ConductHit, ...]:
    """The sentences of ``reply`` read as dismissive with at least :data:`THRESHOLD` probability."""
    return tuple(ConductHit(FLAG, u.start, u.end, u.text) for u in units(reply)
                 if u.sentence and u.text.strip() and dismissive(u.text) >= THRESHOLD)


def main() -> int:
    if not rated_fine_sentences():       # an installed kit has no tests/: retraining without them caps good replies
        print("sim.drill.tone: tests/data/replies*/ not found: retrain the tone model from a source checkout",
              file=sys.stderr)
        return 2
    w, b = train_tone()
    out = save_weights("tone_model.npz", w, b, digest())
    _model.cache_clear()
    find_tone.cache_clear()
    labels = _training_sentences()[1]
    print(f"trained on {len(labels)} sentences ({sum(labels)} dismissive) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
