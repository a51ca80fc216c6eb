"""Conduct failures recognised by what a sentence *does*: blaming the customer, promising what nobody
authorised, guessing at a cause.

The plan's conduct rules (注意事项) forbid the same failures in every reply, and trainees word them in
endless ways: "you really should have stopped using it at the first sign", "是您自己没及时更新", "what's
happened is the charging circuit has failed", "I can promise you 1,000 yuan on top". Word patterns
(:mod:`sim.drill.conduct`) catch the common shapes; this module catches the rest by meaning.

Each sentence of a reply is turned into its meaning vector (:mod:`sim.drill.semantic`) and a small linear
classifier (multinomial logistic regression over the meaning vector and hashed character n-grams) says
which of ``none``, ``blame``, ``unauthorised_promise`` or ``speculation`` it is. The classifier is trained on a labelled set of
sentences shipped with the kit (``sim/drill/data/conduct/*.yaml``: for each flag and language, sentences
that commit the failure and *hard negatives*, sentences a good handler writes that look alike: "you must
have had a fright", "we won't guess at the cause", "the duplicate charge will be refunded"; ``none.yaml``:
advice, praise and reassurance that are none of the failures; ``conduct/more/<flag>.<lang>.yaml``: further
sentences of each kind, mostly long multi-clause ones as real replies are written), plus the good and adequate
example replies of the scenario library. The weights are in ``conduct_model.npz`` next to the data, with the
digest of the data they came from; ``python -m sim.drill.intent`` retrains them (deterministic: L-BFGS from
zero) and a test checks they are not stale.

The labelled reply corpus in ``tests/data/replies`` is *not* training data: its ``dev`` split chose the
thresholds below, its ``holdout`` split and ``tests/data/replies_fresh`` were never used to choose them.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml

from sim.drill.conduct import amounts_in
from sim.drill.semantic import embed
from sim.drill.sentences import units
from sim.drill.text import to_simplified
from sim.i18n.script import CJK_CHAR

__all__ = ["CLASSES", "IntentHit", "excused", "find_intents", "train"]

CLASSES = ("none", "blame", "unauthorised_promise", "speculation")
_FILES = {"blame": "blame.yaml", "unauthorised_promise": "promise.yaml", "speculation": "speculation.yaml"}
_NONE = "none.yaml"

# A sentence is flagged when the classifier gives its failure at least this probability (chosen on the
# dev split of tests/data/replies; see benchmarks/scoring_validity.py).
THRESHOLDS = {"blame": 0.9, "unauthorised_promise": 0.9, "speculation": 0.5}

_L2 = 1e-5          # weight decay (chosen by 3-fold cross-validation on the training sentences: log-loss)
_STEPS = 500        # L-BFGS iterations at most
_BUCKETS = 1 << 14  # hashed n-gram columns


@dataclass(frozen=True)
class IntentHit:
    flag: str
    start: int
    end: int
    text: str
    probability: float


def data_dir() -> Path:
    return Path(str(resources.files("sim.drill") / "data"))


def _training_sentences() -> tuple[list[str], list[int]]:
    """The labelled sentences: each flag file's positives and hard negatives, then the library's good
    and adequate example replies (sentence by sentence) as ``none``."""
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
        for lang in ("en", "zh"):
            for text in (data.get(lang) or {}).get("positive") or []:
                texts.append(text)
                labels.append(label)
            for text in (data.get(lang) or {}).get("negative") or []:
                texts.append(text)
                labels.append(0)
    for text in _library_examples():
        texts.append(text)
        labels.append(0)
    return texts, labels


_FLAG_OF = {"promise": "unauthorised_promise"}


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
    """What the weights were trained on: the training files and the library's example sentences."""
    h = hashlib.sha256()
    for name in sorted([*_FILES.values(), _NONE]):
        path = data_dir() / "conduct" / name
        if path.exists():
            h.update(path.read_bytes())
    for path in _more_files():
        h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    for text in _library_examples():
        h.update(text.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


def features(texts: list[str]) -> sp.csr_matrix:
    """Each sentence as its meaning vector (512 numbers) followed by its hashed character 2-4-grams and
    English word pairs (unit length, _BUCKETS columns): meaning generalises to fresh wording, the grams
    keep the small words that turn a sentence into blame ("you should have", "您自己")."""
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        counts: dict[int, int] = {}
        for g in _grams(text):
            h = zlib.crc32(g.encode("utf-8")) % _BUCKETS
            counts[h] = counts.get(h, 0) + 1
        norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
        for h, v in sorted(counts.items()):
            rows.append(r)
            cols.append(h)
            vals.append(v / norm)
    grams = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), _BUCKETS))
    meaning = sp.csr_matrix(np.stack([embed(t) for t in texts]).astype(np.float64))
    return sp.hstack([meaning, grams]).tocsr()


def _grams(text: str) -> list[str]:
    t = re.sub(r"\d+", "0", to_simplified(text).lower())
    padded = f" {t} "
    out = [padded[i:i + k] for k in (2, 3, 4) for i in range(len(padded) - k + 1)]
    words = re.findall(r"[a-z']+", t)
    return out + [f"w:{a} {b}" for a, b in itertools.pairwise(words)]


def train(texts: list[str], labels: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with an L2 penalty, classes weighted so that each counts as much as
    ``none``, fitted by L-BFGS from zero (deterministic: no sampling, no random start)."""
    from scipy.optimize import minimize

    x = features(texts)
    y = np.asarray(labels)
    k = len(CLASSES)
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
    w, b = _model()
    p = _softmax(np.asarray(features([text]) @ w.T).ravel() + b)
    return {c: round(float(v), 4) for c, v in zip(CLASSES, p, strict=True)}


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
        if not u.sentence or _size(u.text) < _SHORTEST:
            continue        # "to go through each failure with you.": too little to judge an intent by
        probs = probabilities(u.text)
        for flag, threshold in THRESHOLDS.items():
            if probs[flag] < threshold:
                continue
            if excused(flag, u.text, authorised, goodwill_limit, known):
                continue
            hits.append(IntentHit(flag, u.start, u.end, u.text, probs[flag]))
    return tuple(hits)


_SHORTEST = 5       # words (Chinese: characters / 2) a sentence needs before its intent is judged


def _size(text: str) -> int:
    return max(len(re.findall(r"[A-Za-z0-9]+", text)), len(CJK_CHAR.findall(text)) // 2)


def excused(flag: str, sentence: str, authorised: str, goodwill_limit: float, known: str) -> bool:
    """Whether a sentence flagged (by the classifier or a word pattern) says only what it may: a promise
    within authority, a cause already given (see :func:`find_intents`)."""
    if flag == "unauthorised_promise":
        return _within_authority(sentence, authorised, goodwill_limit)
    if flag == "speculation":
        return _said_before(sentence, known + "\n" + authorised)
    return False


# A promise that says what the decision, the rubric or a good example says, in other words (cosine with
# one of their sentences or clauses).
_SAME_AS_DECISION = 0.55


def _within_authority(sentence: str, authorised: str, goodwill_limit: float) -> bool:
    """Whether a promise the classifier found is one the handler may make: each of its parts that reads as a
    promise says what an offer of the decision, rubric or good example says, or names only amounts within
    the goodwill limit. An amount is not authorised because the inject mentions it (the customer's loss is
    not an offer), only by the goodwill limit; and a part that adds to an approved offer ("re-ship today,
    and if it is late we pay you three times") is judged on its own, not excused by its neighbour."""
    offers = _offers(authorised)
    clauses = [u.text for u in units(sentence) if not u.sentence]
    promising = [c for c in clauses if _size(c) >= 2 and
                 probabilities(c)["unauthorised_promise"] >= _PROMISING_CLAUSE] or [sentence]
    return all(_offered(c, offers, goodwill_limit) for c in promising)


_SHARE = re.compile(r"\d\s*%|\bper\s*cent\b|percent|[一二两三四五六七八九]折|\d折|倍|\btimes\b|\bdouble\b|\btriple\b", re.I)
# A clause of a flagged sentence reads as a promise of its own from this probability.
_PROMISING_CLAUSE = 0.5
# Words that make a sentence of the authority a refusal or a limit, not an offer ("nothing on price may be
# offered", "不减免月费", "没有决定任何金钱补偿").
_REFUSAL = re.compile(r"\b(?:no|not|nothing|never|none|without|cannot|can't|won't)\b|不|没有|无|未|禁止|不得", re.I)


@lru_cache(maxsize=256)
def _offers(authorised: str) -> tuple[np.ndarray, frozenset[str]]:
    """The meaning vectors of the sentences and clauses of the authority that offer something, and the
    amounts they name."""
    texts = [u.text for u in units(authorised) if not _REFUSAL.search(u.text)]
    vectors = np.stack([embed(t) for t in texts]) if texts else np.zeros((0, 512), dtype=np.float32)
    return vectors, frozenset(a for t in texts for a in amounts_in(to_simplified(t)))


def _offered(clause: str, offers: tuple[np.ndarray, frozenset[str]], goodwill_limit: float) -> bool:
    """Whether one promising part is covered: every amount it names is within the goodwill limit, or it says
    what an approved offer says (the same meaning, and no amount that offer does not name)."""
    vectors, amounts = offers
    named = amounts_in(to_simplified(clause))
    if _SHARE.search(clause):
        named.add("inf")        # "10% off", "打五折", "three times": a share or multiple, never within a money limit
    if named and all(_number(a) <= goodwill_limit for a in named):
        return True
    if any(_number(a) > goodwill_limit and a not in amounts for a in named):
        return False
    return vectors.shape[0] > 0 and float((vectors @ embed(clause)).max()) >= _SAME_AS_DECISION


def _said_before(sentence: str, known: str) -> bool:
    v = embed(sentence)
    return any(float(embed(u.text) @ v) >= _SAME_AS_DECISION for u in units(known))


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")     # a Chinese numeral ("三" of 三倍): a multiple, never within a money limit


def main() -> int:
    texts, labels = _training_sentences()
    w, b = train(texts, labels)
    out = data_dir() / "conduct_model.npz"
    np.savez_compressed(out, w=w, b=b, digest=np.array(digest()))
    counts = np.bincount(labels, minlength=len(CLASSES))
    print(f"trained on {len(texts)} sentences ({dict(zip(CLASSES, counts.tolist(), strict=True))}) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
