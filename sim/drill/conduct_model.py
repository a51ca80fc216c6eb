"""The conduct classifier: which of ``none``, ``blame``, ``unauthorised_promise`` or ``speculation`` a sentence is.

Each sentence of a reply is turned into its meaning vector (:mod:`sim.drill.semantic`) and hashed character
n-grams, and a small linear classifier (multinomial logistic regression) gives the probability of each class;
:mod:`sim.drill.intent` decides from it, with the word shapes of :mod:`sim.drill.cues`, which sentences are flagged.

The classifier is trained on a labelled set of sentences shipped with the kit (``sim/drill/data/conduct/*.yaml``:
for each flag and language, sentences that commit the failure and *hard negatives*, sentences a good handler writes
that look alike: "you must have had a fright", "we won't guess at the cause", "the duplicate charge will be
refunded"; ``none.yaml``: advice, praise and reassurance that are none of the failures; ``conduct/more/<flag>.<lang>.yaml``:
further sentences of each kind, mostly long multi-clause ones as real replies are written; ``more/<flag>.rated.yaml``:
the sentences of the dev split's replies labelled with that failure, each marked by a reader as carrying it or
not), plus the good and adequate example replies of the scenario library and the sentences of the good and
adequate replies in the dev split of the labelled corpora (``tests/data/replies*``; in a source checkout) as
``none``, except a sentence that offers something or gives a cause: that is fine only because the decision or the
brief said so, which :func:`sim.drill.intent.excused` judges. The weights are in ``conduct_model.npz`` next to the
data, with the digest of the data they came from; ``python -m sim.drill.conduct_model`` retrains them
(deterministic: L-BFGS from zero; from a source checkout) and a test checks they are not stale. The tone
classifier (:mod:`sim.drill.tone`) reuses the features and the trainer.

The labelled corpora's ``dev`` split lends its sentences to training, so false flags measured on it are in-sample;
their ``holdout`` split and the corpora that are all holdout (``tests/data/replies_fresh*``) were never trained on
or used to choose anything.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
import sys
import zlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml

from sim.drill.corpus import rated_fine_sentences
from sim.drill.cues import cued
from sim.drill.semantic import embed
from sim.drill.sentences import units
from sim.drill.text import to_simplified

__all__ = ["BUCKETS", "CLASSES", "MEANING", "data_dir", "digest", "features", "good_handler_sentences", "logits",
           "probabilities", "reload", "save_weights", "train"]

CLASSES = ("none", "blame", "unauthorised_promise", "speculation")
_FILES = {"blame": "blame.yaml", "unauthorised_promise": "promise.yaml", "speculation": "speculation.yaml"}
_NONE = "none.yaml"


_L2 = 1e-5          # weight decay (chosen by 3-fold cross-validation on the training sentences: log-loss)
_STEPS = 500        # L-BFGS iterations at most
BUCKETS = 1 << 14  # hashed n-gram columns
MEANING = 512      # the meaning vector's columns, before the grams


def data_dir() -> Path:
    return Path(str(resources.files("sim.drill") / "data"))


def _training_sentences() -> tuple[list[str], list[int]]:
    """The labelled sentences: each flag file's positives and hard negatives, then the library's good
    and adequate example replies and the dev split's good and adequate replies (sentence by sentence) as
    ``none``."""
    texts: list[str] = []
    labels: list[int] = []
    for flag, name in _FILES.items():
        data = yaml.safe_load((data_dir() / "conduct" / name).read_text(encoding="utf-8"))
        for lang in ("en", "zh"):
            for text in data[lang]["positive"]:
                texts.append(text)
                labels.append(CLASSES.index(flag))
            for text in data[lang]["negative"]:
                texts.append(text)
                labels.append(0)
    extra = data_dir() / "conduct" / _NONE
    if extra.exists():      # good-handler sentences that are none of the failures (advice, praise, reassurance)
        data = yaml.safe_load(extra.read_text(encoding="utf-8"))
        for lang in ("en", "zh"):
            texts += data[lang]["negative"]
            labels += [0] * len(data[lang]["negative"])
    for path in _more_files():     # further sentences, one file per flag and language (more/blame.zh.yaml)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        flag = path.name.split(".")[0]
        label = CLASSES.index(_FLAG_OF.get(flag, flag))
        repeat = int(data.get("repeat_positive", 1))   # sentences from real replies count more (*.rated)
        for lang in ("en", "zh"):
            for text in (data.get(lang) or {}).get("positive") or []:
                texts += [text] * repeat
                labels += [label] * repeat
            for text in (data.get(lang) or {}).get("negative") or []:
                texts.append(text)
                labels.append(0)
    for text in _library_examples():
        texts.append(text)
        labels.append(0)
    # a rated sentence that offers something or gives a cause is fine only because the decision authorised the
    # offer or the brief gave the cause, which a sentence alone does not show (excused() judges that): left out
    own = set(texts)
    rated = [t for t in dict.fromkeys(rated_fine_sentences())
             if t not in own and not cued("unauthorised_promise", t) and not cued("speculation", t)]
    return texts + rated, labels + [0] * len(rated)


_FLAG_OF = {"promise": "unauthorised_promise"}


def good_handler_sentences() -> list[str]:
    """The sentences the training set holds as fine (``none.yaml``, ``more/none*.yaml``) and the library's good and
    adequate example sentences: what a good handler writes, to teach :mod:`sim.drill.tone` what is no aside."""
    out: list[str] = []
    for path in (data_dir() / "conduct" / _NONE, *sorted((data_dir() / "conduct" / "more").glob("none*.yaml"))):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for lang in ("en", "zh"):
            out += (data.get(lang) or {}).get("negative") or []
    return out + _library_examples()


def _more_files() -> list[Path]:
    return sorted((data_dir() / "conduct" / "more").glob("*.yaml"))


def _library_examples() -> list[str]:
    from sim.format.library import scenario_files
    from sim.format.load import load_scenario

    out: list[str] = []
    for path in scenario_files():
        scenario = load_scenario(path)
        if scenario.drill is None:
            continue
        for inject in scenario.drill.injects:
            for p in inject.prompts:
                for e in p.examples:
                    if e.grade not in ("good", "adequate"):
                        continue
                    for text in (e.en, e.zh):
                        if text:
                            out += [u.text for u in units(text) if u.sentence]
    return sorted(dict.fromkeys(out))


def digest() -> str:
    """What the weights were trained on: every training sentence with its label, after the rated sentences are
    read, repeated and filtered (so that a change to a file, to the library's examples, to the rated corpora or
    to the cues that filter them stales the weights), and the feature layout."""
    h = hashlib.sha256()
    h.update(f"{BUCKETS}\0{'|'.join(CLASSES)}\0".encode())
    for text, label in zip(*_training_sentences(), strict=True):
        h.update(f"{label}\0{text}\0".encode())
    return h.hexdigest()[:16]


def features(texts: list[str]) -> sp.csr_matrix:
    """Each sentence as its meaning vector (MEANING numbers) followed by its hashed character 2-4-grams and
    English word pairs (unit length, BUCKETS columns): meaning generalises to fresh wording, the grams
    keep the small words that turn a sentence into blame ("you should have", "您自己")."""
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        c, v = _gram_row(text)
        rows += [r] * len(c)
        cols += c.tolist()
        vals += v.tolist()
    grams = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), BUCKETS))
    meaning = sp.csr_matrix(np.stack([embed(t) for t in texts]).astype(np.float64))
    return sp.hstack([meaning, grams]).tocsr()


@lru_cache(maxsize=1024)
def _gram_row(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The hashed grams of one sentence: their columns (ascending) and values (unit length), read-only and
    cached, since the conduct and tone classifiers and the clause checks read a reply's sentences in turn."""
    counts: dict[int, int] = {}
    for g in _grams(text):
        h = zlib.crc32(g.encode("utf-8")) % BUCKETS
        counts[h] = counts.get(h, 0) + 1
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    keys = sorted(counts)
    return (_read_only(np.asarray(keys, dtype=np.int32)),
            _read_only(np.asarray([counts[k] / norm for k in keys], dtype=np.float64)))


def _read_only(a: np.ndarray) -> np.ndarray:
    # a view of a read-only array cannot be made writable again: what the cache hands out stays as it was
    a.setflags(write=False)
    return a.view()


def logits(text: str, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``features([text]) @ w.T + b`` for one sentence without building a sparse matrix (a reply reads a
    dozen sentences through two classifiers: the matrices cost more than the arithmetic)."""
    cols, vals = _gram_row(text)
    meaning = embed(text).astype(np.float64)
    return w[:, :MEANING] @ meaning + w[:, MEANING + cols] @ vals + b


def _grams(text: str) -> list[str]:
    t = re.sub(r"\d+", "0", to_simplified(text).lower())
    padded = f" {t} "
    out = [padded[i:i + k] for k in (2, 3, 4) for i in range(len(padded) - k + 1)]
    words = re.findall(r"[a-z']+", t)
    return out + [f"w:{a} {b}" for a, b in itertools.pairwise(words)]


def train(texts: list[str], labels: list[int], classes: int = len(CLASSES)) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with an L2 penalty, classes weighted so that each counts as much as
    ``none``, fitted by L-BFGS from zero (deterministic: no sampling, no random start). ``classes``: how many
    (label 0 is the class of sentences that are fine; :mod:`sim.drill.tone` trains two)."""
    from scipy.optimize import minimize

    x = features(texts)
    y = np.asarray(labels)
    k = classes
    d = x.shape[1]
    onehot = np.eye(k)[y]
    counts = np.bincount(y, minlength=k).astype(np.float64)
    weight = (len(y) / (k * np.maximum(counts, 1.0)))[y]
    total = weight.sum()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:d * k].reshape(d, k), theta[d * k:]
        z = x @ w + b
        z = z - z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(z).sum(axis=1))
        p = np.exp(z - lse[:, None])
        value = -(weight * (z[np.arange(len(y)), y] - lse)).sum() / total + 0.5 * _L2 * float((w * w).sum())
        g = (p - onehot) * weight[:, None] / total
        grad_w = np.asarray(x.T @ g) + _L2 * w
        return value, np.concatenate([grad_w.ravel(), g.sum(axis=0)])

    fit = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": _STEPS})
    w, b = fit.x[:d * k].reshape(d, k), fit.x[d * k:]
    return w.T.astype(np.float32), b.astype(np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@lru_cache(maxsize=1)
def _model() -> tuple[np.ndarray, np.ndarray]:
    with np.load(data_dir() / "conduct_model.npz") as f:
        return f["w"], f["b"]


def probabilities(text: str) -> dict[str, float]:
    """The classifier's probability of each class for one sentence."""
    return dict(zip(CLASSES, _probabilities(text), strict=True))


def reload() -> None:
    """Read the weights again (after retraining in this process): every cache that holds what they gave."""
    _model.cache_clear()
    _probabilities.cache_clear()


@lru_cache(maxsize=8192)
def _probabilities(text: str) -> tuple[float, ...]:
    # cached: a reply's sentence and its clauses are read again by the excuse and authority checks
    w, b = _model()
    return tuple(round(float(v), 4) for v in _softmax(logits(text, w, b)))


def save_weights(name: str, w: np.ndarray, b: np.ndarray, data_digest: str) -> Path:
    """Write a classifier's weights, with the digest of the data they came from, next to the data."""
    out = data_dir() / name
    np.savez_compressed(out, w=w, b=b, digest=np.array(data_digest))
    return out


def main() -> int:
    if not rated_fine_sentences():      # an installed kit has no tests/: without them good replies get flagged
        print("sim.drill.conduct_model: tests/data/replies*/ not found: retrain the conduct model from a source checkout",
              file=sys.stderr)
        return 2
    texts, labels = _training_sentences()
    w, b = train(texts, labels)
    out = save_weights("conduct_model.npz", w, b, digest())
    reload()        # (a caller that keeps the process calls sim.drill.intent.reload(), which clears this and more)
    counts = np.bincount(labels, minlength=len(CLASSES))
    print(f"trained on {len(texts)} sentences ({dict(zip(CLASSES, counts.tolist(), strict=True))}) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
