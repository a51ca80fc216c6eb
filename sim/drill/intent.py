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
sentences of each kind, mostly long multi-clause ones as real replies are written; ``more/<flag>.rated.yaml``:
the sentences of the dev split's replies labelled with that failure, each marked by a reader as carrying it or
not), plus the good and adequate example replies of the scenario library and the sentences of the good and
adequate replies in the dev split of the labelled corpora (``tests/data/replies*``; in a source checkout) as
``none``, except a sentence that offers something or gives a cause: that is fine only because the decision or the
brief said so, which :func:`excused` judges. The weights are in
``conduct_model.npz`` next to the data, with the digest of the data they came from; ``python -m sim.drill.intent``
retrains them (deterministic: L-BFGS from zero; from a source checkout) and a test checks they are not stale.

The labelled corpora's ``dev`` split chose the thresholds below and lends its sentences to training, so false
flags measured on it are in-sample; their ``holdout`` split and the corpora that are all holdout
(``tests/data/replies_fresh*``) were never trained on or used to choose anything.
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

from sim.drill.conduct import amounts_in, matchable
from sim.drill.corpus import rated_fine_sentences
from sim.drill.semantic import embed
from sim.drill.sentences import units
from sim.drill.text import to_simplified
from sim.i18n.script import CJK_CHAR

CJK_CHAR_RUN = re.compile(f"(?:{CJK_CHAR.pattern})+")

__all__ = ["CLASSES", "IntentHit", "excused", "features", "find_intents", "good_handler_sentences", "logits",
           "overruled", "reload", "stated_known", "train"]

CLASSES = ("none", "blame", "unauthorised_promise", "speculation")
_FILES = {"blame": "blame.yaml", "unauthorised_promise": "promise.yaml", "speculation": "speculation.yaml"}
_NONE = "none.yaml"

# A sentence is flagged when the classifier gives its failure at least this probability (chosen on the
# dev splits; see benchmarks/scoring_validity.py). Speculation went from 0.5 to 0.6 once guesses worded as
# such were caught by their words (_guessed): on replies_dev6 and dev8 it spared "I have noted every detail"
# and "这是全体用户的登录问题" and lost no true flag on the dev corpora.
THRESHOLDS = {"blame": 0.9, "unauthorised_promise": 0.9, "speculation": 0.6}

_L2 = 1e-5          # weight decay (chosen by 3-fold cross-validation on the training sentences: log-loss)
_STEPS = 500        # L-BFGS iterations at most
_BUCKETS = 1 << 14  # hashed n-gram columns
_MEANING = 512      # the meaning vector's columns, before the grams


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
             if t not in own and not _cued("unauthorised_promise", t) and not _cued("speculation", t)]
    return texts + rated, labels + [0] * len(rated)


_FLAG_OF = {"promise": "unauthorised_promise"}


def good_handler_sentences() -> list[str]:
    """The sentences the training set holds as fine (``none.yaml``, ``more/none.yaml``) and the library's good and
    adequate example sentences: what a good handler writes, to teach :mod:`sim.drill.tone` what is no aside."""
    out: list[str] = []
    for path in (data_dir() / "conduct" / _NONE, data_dir() / "conduct" / "more" / _NONE):
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
    h.update(f"{_BUCKETS}\0{'|'.join(CLASSES)}\0".encode())
    for text, label in zip(*_training_sentences(), strict=True):
        h.update(f"{label}\0{text}\0".encode())
    return h.hexdigest()[:16]


def features(texts: list[str]) -> sp.csr_matrix:
    """Each sentence as its meaning vector (_MEANING numbers) followed by its hashed character 2-4-grams and
    English word pairs (unit length, _BUCKETS columns): meaning generalises to fresh wording, the grams
    keep the small words that turn a sentence into blame ("you should have", "您自己")."""
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        c, v = _gram_row(text)
        rows += [r] * len(c)
        cols += c.tolist()
        vals += v.tolist()
    grams = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), _BUCKETS))
    meaning = sp.csr_matrix(np.stack([embed(t) for t in texts]).astype(np.float64))
    return sp.hstack([meaning, grams]).tocsr()


@lru_cache(maxsize=1024)
def _gram_row(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The hashed grams of one sentence: their columns (ascending) and values (unit length), read-only and
    cached, since the conduct and tone classifiers and the clause checks read a reply's sentences in turn."""
    counts: dict[int, int] = {}
    for g in _grams(text):
        h = zlib.crc32(g.encode("utf-8")) % _BUCKETS
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
    return w[:, :_MEANING] @ meaning + w[:, _MEANING + cols] @ vals + b


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
    find_intents.cache_clear()


@lru_cache(maxsize=8192)
def _probabilities(text: str) -> tuple[float, ...]:
    # cached: a reply's sentence and its clauses are read again by the excuse and authority checks
    w, b = _model()
    return tuple(round(float(v), 4) for v in _softmax(logits(text, w, b)))


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
        for flag in THRESHOLDS:
            if not _raised(flag, probs[flag], u.text):
                continue
            if excused(flag, u.text, authorised, goodwill_limit, known):
                continue
            hits.append(IntentHit(flag, u.start, u.end, u.text, probs[flag]))
    return tuple(hits)


def _raised(flag: str, p: float, text: str) -> bool:
    """Whether a sentence the classifier gives ``p`` of ``flag`` is a candidate for it (then excused or not)."""
    return (p >= THRESHOLDS[flag] or (p >= LIKELY[flag] and _cued(flag, text))
            or (flag == "speculation" and _guessed(text)))


# A refusal to guess at or to assert a cause, in the sentence the classifier flagged.
_REFUSES_TO_GUESS = re.compile(r"\b(?:won't|will\s+not|not\s+going\s+to|don't\s+want\s+to|can't|cannot|rather\s+not|"
                               r"refuse\s+to)\s+(?:\w+\s+){0,2}(?:guess|speculate|say|tell\s+you|claim|pretend)\b|"
                               r"不(?:会|想|能|愿|敢|便)?(?:去)?(?:乱|随便|胡乱)?猜(?:测)?|不下结论|不(?:能|会|想)(?:跟您|向您|对您)?说|"
                               r"不作猜测|不做猜测",
                               re.IGNORECASE)

# A first reading of the facts: a guess only when a cause follows it (see _GUESS).
_FIRST_READING_EN = r"\b(?:from\s+what|as\s+far\s+as)\s+(?:we|i)\s+can\s+(?:tell|see)\b"
_FIRST_READING_ZH = r"从目前(?:收到的|掌握的)?(?:反馈|情况|信息)(?:来)?看|初步看"

# A guess worded as one ("it seems the courier ignored the warnings", "估计是那伙人发的"), whatever the classifier
# reads: on the dev corpora such a hedge is in half the speculating replies and, once refusals to guess ("we
# won't guess"), suggestions ("you might want to pay by transfer") and forecasts ("it should arrive in 3 days")
# are set aside, in none of the good ones. A guess that only repeats what is known is excused afterwards.
_GUESS = re.compile(r"\b(?:probably|most\s+likely|(?:is|was|are|were)\s+likely|chances\s+are|presumably|i\s+suspect|"
                    r"we\s+suspect|i\s+think|we\s+think|i\s+reckon|i\s+guess|my\s+guess|i\s+bet|it\s+seems|seems\s+to|"
                    r"appears?\s+to|it\s+appears|looks\s+(?:like|as\s+(?:though|if))|sounds\s+like|odds\s+are)\b|"
                    r"估计|八成|多半|大概是|(?<![不没])可能是|(?<!不)应该是|好像|似乎|怀疑|看样子|十有八九|恐怕|我猜|猜是|"
                    # hearsay and first impressions are guesses too: "据说那个店员家里出了事", "听说是快递公司没停工",
                    # "reportedly the courier kept working", "early indications point to the February batch" (none in
                    # a good dev reply); not what is said of the customer ("据说您昨天打过电话")
                    r"据说(?![您你])|据传|听说是|\breportedly\b|\brumou?rs?\s+(?:has\s+it|say)|"
                    r"\b(?:early|initial|first|preliminary)\s+(?:indications?|signs)\s+(?:point|suggest|indicate)|"
                    # a first reading passed off as the answer, and an all-clear nobody gave: "from what we can tell,
                    # last night's update broke the login", "从目前的反馈看，问题基本就出在保护板上，其他批次应该没事"
                    # (a cause must follow: "from what I can see on your account, the payment went through twice" reads
                    # the account, "退款基本上是1到3个工作日到账" and "换货应该没问题" are forecasts)
                    rf"(?:{_FIRST_READING_EN})(?=[^.!?]{{0,120}}\b(?:caus\w*|broke|broken|because|due\s+to|fault\w*|went\s+wrong|"
                    r"behind|triggered|responsible)\b)|\bour\s+(?:best|first)\s+guess\b|基本(?:上)?(?:就)?出在|"
                    rf"(?:{_FIRST_READING_ZH})(?=[^。！？]{{0,30}}(?:出在|导致|原因|造成|引起))|"
                    r"(?:批次?|产品|型号|其他的?|别的)[^。！？，]{0,4}应该(?:没事|没问题|是安全的|不会(?:有事|有问题|有危险))",
                    re.IGNORECASE)
_NOT_A_GUESS = re.compile(_REFUSES_TO_GUESS.pattern + r"|\bmight\s+want\s+to\b|"
                          # a rumour denied: "据传是内部员工泄露的，这不是事实", "rumours say it was a hack: that is untrue"
                          r"(?:据说|据传|听说是|传言|谣言|网传|\breportedly\b|\brumou?rs?\b)[^。！？.!?]*?"
                          r"(?:不是事实|不属实|不实|谣言|没有根据|并非如此|\buntrue\b|\bnot\s+true\b|\bunfounded\b|\bfalse\b)|"
                          r"\b(?:will|'ll|should|would)\s+(?:probably|most\s+likely|likely)\b|"
                          r"\blikely\s+to\s+(?:be\s+)?(?:arrive|receive|get|hear|contact|call|take|need)|"
                          # an indirect question or a feeling, not a guess: "what a credible plan looks like",
                          # "that sounds like a frightening morning"
                          r"\b(?:what|how)\b[^.!?]{0,40}\b(?:looks|sounds|seems)\s+like\b|"
                          r"\b(?:sounds|looks)\s+like\s+(?:a|an|such\s+an?)\s+(?:\w+\s+){0,2}(?:experience|ordeal|fright|shock|"
                          r"worry|day|morning|evening|night|nightmare|time)\b|"
                          r"可能(?:需要|要|会)|大概(?:需要|要|会)|"
                          # a forecast of delivery or payment, or the agent's own plan: "您的包裹应该是明天下午送到",
                          # "退款大概是三到五个工作日到账", "I think the best next step is for me to call you"
                          r"(?:大概|应该|估计)(?:是)?[^，。！？]{0,10}(?:明天|后天|今晚|下周|周[一二三四五六日末]|几天|"
                          r"[\d一二两三四五六七八九十]+(?:个)?(?:工作)?(?:天|日|小时)|到账|送到|送达|到货|能到|恢复)|"
                          r"\bi\s+think\s+(?:the\s+best|we\s+(?:should|can|will)|i\s+(?:should|can|will))\b",
                          re.IGNORECASE)


def _guessed(text: str) -> bool:
    """Whether the sentence guesses in so many words, once its refusals, suggestions, forecasts and feelings
    are set aside ("我不想乱猜，但估计是黑客干的" still guesses)."""
    text = _EMPATHY.sub(" ", _NOT_A_GUESS.sub(" ", to_simplified(text)))
    return bool(_GUESS.search(text))


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
    if sentence is None or _HEDGE.search(to_simplified(sentence)):
        return False
    return _said_before(sentence, known + "\n" + authorised)


# Between LIKELY and THRESHOLDS the classifier is unsure: the sentence is flagged only when it also has the
# shape of the failure (its cue below). The cues are plan-level word classes, not a scenario's words.
LIKELY = {"blame": 0.4, "unauthorised_promise": 0.5, "speculation": 0.25}

_CUES = {
    # the customer as the one who did (or failed to do) something, hindsight, or a verdict on what they did
    "blame": re.compile(
        r"^(?=.*\b(?:you|your|yours|you'd|you've|you're|yourself|customers?|people|anyone|those|owners?|users?|members?)\b)(?=.*\b(?:"
        r"should(?:n't)?\s+have|ought|next\s+time(?!\s+you\s+(?:call|contact|ring|write|message|visit|get\s+in\s+touch))|in\s+future|in\s+the\s+future|for\s+(?:the\s+)?future|"
        r"(?:would|could)\s+have|if\s+only|"
        r"mistake|careless|risk\w*|gamble|wise\w*|didn't|did\s+not|forgot|ignored|without\s+(?:checking|reading|looking)|"
        r"instead\s+of|(?:only|always)\s+\w+|makes?\s+(?:it|this|things)|more\s+likely|cutting\s+it|"
        r"habit|take\s+care\s+how|contribut\w*|not\s+help|did(?:n't)?\s+help|help\s+to|who\s+(?:click|type|leave|post|share)|"
        r"harder|worse|comes?\s+from|(?:filling|clicking|typing|using|leaving|posting|choosing|picking)\b|pick(?:ed)?|chose|"
        r"best\s+(?:not|to\s+avoid)|shame|pity|warn(?:ed|ing|s)?|we\s+(?:always|do)\s+(?:tell|advise|warn|remind))\b)|"
        r"\b(?:on\s+you|your\s+(?:own\s+)?(?:doing|part|fault)|asking\s+for\s+(?:it|trouble)|down\s+to\s+(?:you|how)|"
        r"against\s+the\s+(?:instructions|advice|manual|guidance)|to\s+be\s+(?:fair|frank|honest)|in\s+fairness|honestly|frankly|"
        r"in\s+all\s+honesty|mind\s+you|truth\s+be\s+told|between\s+(?:us|you\s+and\s+me)|let's\s+face\s+it|admittedly|"
        r"that\s+said|^\s*still,|both\s+sides|it\s+takes\s+two|"
        r"(?:usually|typically|normally|often|generally)\s+(?:what|the\s+reason|why|happens\s+when|caused\s+by|down\s+to)|"
        r"part\s+of\s+the\s+(?:problem|reason)|where\s+it\s+went\s+wrong|"
        # advice from hindsight and warnings given before: "for future reference", "the instructions are there for
        # good reason", "which is where most heat problems begin", "as we have repeatedly warned"
        r"for\s+future\s+reference|on\s+future\s+(?:orders|purchases|bookings)|there\s+for\s+(?:a|good)\s+reason|"
        r"(?:is|are)\s+where\s+(?:most|many)\s+(?:\w+\s+)?problems\s+(?:begin|start|come\s+from)|"
        r"we\s+(?:have\s+)?(?:repeatedly|constantly|always|keep|kept)\s+(?:warn|remind|tell|advis)\w*|"
        # the rules cited, what "most customers" do, what would have been had they done otherwise, questions about
        # how it was used: "as the manual says", "most customers spot it", "had you gone along", "was it left
        # charging overnight?", "did you get a chance to read the text we sent?"
        r"as\s+(?:the|our)\s+(?:manual|instructions|terms|guidance|leaflet|label|notice|warning)s?\s+(?:says?|states?|"
        r"explains?|warns?|makes\s+clear|clearly|sets?\s+out|specifies|recommends|advises|instructs|notes|mentions)|"
        r"(?:manual|instructions|terms|guidance|leaflet|notice|warning)s?\s+(?:do|does|clearly|already)\s+(?:\w+\s+)?"
        r"(?:explain|say|state|warn|tell|mention|cover|note|specify)|"
        r"most\s+(?:customers|people|users|members|owners|buyers)\s+(?:\w+\s+)?(?:spot|know|read|check|notice|call|ring|"
        r"contact|would|do|don't|never|already|keep|set|use|remember|avoid|save)|(?:^|[.!?,;:]\s*)had\s+you\b|"
        r"if\s+(?:it|you|they|he|she)\s+had|"
        # hindsight offered as advice, and the customer's own step named as the way in: "just for next time, it's
        # safer not to ...", "the step that let them in was typing the code"
        r"for\s+next\s+time|(?:was|is)\s+(?:typing|clicking|entering|sharing|giving\s+out|answering|confirming|posting)|"
        # warnings given before, said without "you": "we've warned in the app many times never to..." (hindsight put as
        # the future is _FUTURE_HINDSIGHT)
        r"(?:warned|reminded|told\s+(?:customers|people|everyone|users))\s+(?:\w+\s+){0,5}(?:many|several|countless|numerous|"
        r"so\s+many)\s+times|"
        r"(?:was|were)\s+(?:it|they)\s+(?:being\s+)?(?:charg|left|plugg|kept|plac|stor)\w*)\b|"
        r"(?:您|你|老人家|您家|贵司|你们那边|您那边)[^。！？]*(?:应该|本来|早[点些就该]|当时|自己|下次|以后|怎么|为什么|风险|大意|粗心|"
        r"习惯|毛病|才会|导致|造成|引起|责任|有关|关系|没(?:有)?(?:看|注意|仔细|检查|按|及时|留意|核对)|不注意|不小心|晚了|太[晚迟急紧]|用法|"
        # ("要是/如果" as hindsight, not an option offered: "您要是不想等了，直接取消", "要是还不舒服，您多陪陪他")
        r"最好(?:别|不要|不|还是)|(?:要是|如果|假如)(?!(?:您|你)?(?:还|仍然|再|实在)?(?:不)?(?:想|需要|愿意|方便|觉得|希望|同意|选择|"
        r"更|着急|等不及|有|舒服|身体|介意|急))|选的|选了|图便宜|非要|偏要|卡着|是不是|有没有)|"
        r"说实话|说句|其实|坦白|老实说|一般(?:都)?(?:是|跟|和|与)|很多人|有的人|谁让|难怪|怪不得|本身就|也不能全|才会|"
        r"反复提醒|一再提醒|多次提醒|一直提示|早就提醒|早就说过|避免类似|以后也(?:可以|能)避免|没听清|双方才|"
        r"就不会|也不至于|不至于|不会上当|双方都|都有(?:点)?(?:责任|情绪|问题)|(?:也|都)(?:比较|有点|挺)(?:冲|急|激动)|"
        r"客户自己|用户自己|出在(?:客户|用户|您|你)|"
        # the rules cited and warnings given before, what most customers do: "说明书上写得很清楚", "协议里也提醒过",
        # "一般用户都会先打客服电话问一下"
        r"(?:说明书|协议|条款|短信|通知|公告|页面|提示)(?:上|里|中)?(?:其实|也|都|早就|已经)*(?:写|说|标|提示|注明|提醒)(?:得很清楚|过|着|了)|"
        r"写得很清楚|提醒过|(?:一般|大多数|大部分|多数)[^。！？]{0,3}(?:用户|客户|会员|人|顾客)[^。！？]{0,24}(?:都|一般)(?:会|是|知道|懂)",
        re.IGNORECASE),
    # a commitment of the company and something of value given, waived or done beyond the plan
    "unauthorised_promise": re.compile(
        r"\b(?:will|'ll|can|guarantee\w*|promise\w*|assure|confirm|going\s+to|get|receive|offer|added|credited|issued)\b[^.!?]*"
        r"\b(?:refund\w*|money\s+back|free|\d+\s*%\s*off|discount\w*|compensat\w*|cover\w*|pay\s+(?:you|for|back|your)|"
        r"reimburs\w*|pay\s+(?:it|that|this|them)\s+back|waive\w*|voucher|credit|gift|bonus|"
        r"cash\s+(?:compensation|payment|refund|bonus)|(?:yuan|rmb)\s+(?:in\s+)?cash|fired|dismiss\w*|sack\w*|let\s+go|price\w*|upgrade|match|on\s+us|"
        r"reverse\w*|return\s+(?:the|your)\s+(?:money|\d[\d,]*)|"
        r"(?:put|give|send)\s+(?:it|the\s+\w+|your\s+\w+)\s+back|be\s+(?:put|paid|given|credited)\s+back\s+(?:in)?to\s+your|"
        r"make\s+(?:it|this|that|them|the\s+loss)\s+good|(?:meet|beat)\s+(?:their|the\s+competitor'?s?|that|his|her)\s+"
        r"(?:price|offer|quote)|(?:meet|beat)\s+it)\b|"
        r"^(?=.*(?:会|给|保证|一定|肯定|承诺|负责|由我们|我们来|做主|包|帮您|帮你))"
        r"(?=.*(?:赔|退|免|送|补|报销|承担|垫付|打折|降价|处理掉|调走|奖励|红包|券|返还|包了))|"
        r"(?:给|赔|补|送|打|收到)[^。！？，]{0,8}\d+\s*元?现金|现金(?:补偿|赔偿|红包)|"
        # money paid in, or compensation on top: "先给您账户里打200块钱", "我们按订单金额的三倍赔您", "一律全额退款并额外赔偿500元"
        r"打[^，。！？]{0,6}(?:块钱|元)|(?:额外|另外|再)(?:赔偿|补偿|赔)|按[^，。！？]{0,10}倍赔|一律(?:全额)?(?:退款|赔偿)|"
        r"开除|辞退|走人|卷铺盖|不会再(?:让)?(?:他|她)?(?:在|来)|兜底|"
        # an outcome guaranteed: "中午之前肯定能恢复", "it will be at your door by Saturday, you have my word"
        r"(?:肯定|一定|保证)(?:能|会|可以)?(?:恢复|修好|送到|到货|到账|成功|赶上|赶得上)|\byou\s+have\s+my\s+word\b|"
        r"\b(?:definitely|guaranteed|for\s+sure|without\s+fail)\b[^.!?]*\b(?:arrive|working|fixed|restored|delivered|at\s+your\s+door)\b|"
        r"\b(?:arrive|be\s+working|be\s+fixed|be\s+restored|be\s+delivered|be\s+at\s+your\s+door)\b[^.!?]*\b(?:definitely|guaranteed|for\s+sure|without\s+fail)\b",
        re.IGNORECASE),
    # a cause put forward: because / caused by / behind it, or a guess, belief or hearsay
    "speculation": re.compile(
        r"\b(?:because\s+(?!of\s+(?:our|my|us))|(?<!worry\s)(?<!concern\s)(?<!stress\s)(?<!distress\s)(?<!inconvenience\s)caused\s+by|"
        r"due\s+to|behind\s+(?:it|this|the)|root|reason\s+(?:is|was)|result\s+of|down\s+to|"
        r"probably|likely|must\s+be|suspect|believe|i\s+think|we\s+think|reckon|guess|bet|seems?|appears?|looks?\s+like|"
        r"sounds?\s+like|apparently|heard|rumou?r|early\s+view|assume|presum\w*|harmless|perfectly\s+safe|no\s+(?:risk|danger))\b|"
        r"因为|由于|导致|引起|造成|原因是|所以才|才会|估计|应该是|可能是|八成|多半|大概|听说|据说|看样子|好像|似乎|怀疑|猜|判断|"
        r"认为|觉得是|感觉是|无害|不会有(?:事|问题|危险)",
        re.IGNORECASE),
}
# A commitment that is a "never" ("we will never ask for your code") promises nothing of value.
_NEVER = re.compile(r"\b(?:never|won't|will\s+not|not\s+going\s+to)\b|绝不|从不|不会", re.IGNORECASE)


# A negated phrase carries no cue: "this one is on us, not on you", "not the experience anyone should have".
_NEGATED = re.compile(r"\b(?:(?<!did\s)(?<!do\s)(?<!does\s)not|never|no|isn't|wasn't|nothing)\s+(?:[\w']+\s+){0,4}[\w']+|"
                      r"(?:(?<!是)不是|并非|绝非|不怪|不在)[^，。！？,]{0,8}", re.IGNORECASE)


# The company owning the failure in the same sentence: no cue of blame.
_OWNED = re.compile(r"\b(?:our|my)\s+(?:own\s+)?(?:responsibility|fault|mistake|error|failure)\b|\b(?:on|down\s+to)\s+us\b|"
                    r"\bwe\s+(?:failed|missed|got\s+it\s+wrong|let\s+(?:you|them|her|him)\s+down|should\s+have)\b|"
                    r"我们的(?:责任|错|失误|过失|问题)|(?:是|怪)我们(?:的|没|不)|责任在我们", re.IGNORECASE)
# ... and, for excused() only, the fault named as ours or a charge that should not have been made: "the mistake was
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


def _cued(flag: str, text: str) -> bool:
    text = matchable(text)
    if flag == "unauthorised_promise" and _NEVER.search(text):
        # a "never" empties its own clause only: "we will never ask you to pay" promises nothing, but "I've added a
        # 200-yuan voucher, and you won't get another call like this" still gives the voucher
        clauses = [u.text for u in units(text) if not u.sentence]
        return len(clauses) > 1 and any(not _NEVER.search(c) and _CUES[flag].search(c) for c in clauses)
    if flag == "blame":
        if _OWNED.search(text):
            return False        # "the filter changes we missed at your buildings... are our responsibility"
        if _FUTURE_HINDSIGHT.search(text) and not _OUR_RESOLVE.search(text):
            return True         # "it's best not to leave one charging where a little one can reach it in future"
        text = _INSTRUCTED.sub(" ", _NEGATED.sub(" ", text))
    return bool(_CUES[flag].search(text))


# Hindsight advice put as the future, said without "you" ("it's best not to ... in future"), unless it is the company's
# own resolution ("we'll take extra care to avoid this in future").
_FUTURE_HINDSIGHT = re.compile(r"\b(?:in|for)\s+(?:the\s+)?future\b[^.!?]{0,80}\b(?:best|safer|wiser|careful|avoid)|"
                               r"\b(?:best|safer|wiser|careful|avoid)\b[^.!?]{0,80}\b(?:in|for)\s+(?:the\s+)?future\b", re.IGNORECASE)
_OUR_RESOLVE = re.compile(r"\b(?:we|i)(?:\s+will|'ll|\s+shall|\s+are\s+going\s+to|'re\s+going\s+to)\b", re.IGNORECASE)


# Safety instructions for now carry no cue of blame: "owners whose basket is flaking should stop using it".
_INSTRUCTED = re.compile(r"\b(?:stop|avoid|keep\s+from|refrain\s+from|cease)\s+(?:using|charging|plugging|clicking|"
                         r"answering|typing)\b|(?:停止|暂停|不要再|别再)(?:使用|充电|点击|接听)", re.IGNORECASE)


_SHORTEST = 5       # words (Chinese: characters / 2) a sentence needs before its intent is judged


def _size(text: str) -> int:
    return max(len(re.findall(r"[A-Za-z0-9]+", text)), len(CJK_CHAR.findall(text)) // 2)


def excused(flag: str, sentence: str, authorised: str, goodwill_limit: float, known: str) -> bool:
    """Whether a sentence flagged (by the classifier or a word pattern) says only what it may: a promise
    within authority, a cause already given (see :func:`find_intents`)."""
    if flag == "unauthorised_promise":
        # stopping the loss ("let's stop any more money going out") or a refusal ("减免月费这个确实没办法") excuses
        # the parts it is in, or the part it follows, not a promise beside it ("先帮您止损，被盗的钱我们全额赔给您")
        clauses = [u.text for u in units(sentence) if not u.sentence] or [sentence]
        guarded = [bool(_DECLINED.search(to_simplified(c))) or _protects(c) for c in clauses]
        if any(guarded):
            # the request she made, named before the refusal, is hers, not a promise ("您提到的三个月免费，…我这边不能
            # 承诺"; not "您提到的三倍赔偿我们给您办，别的不能承诺")
            guarded = [g or (bool(_ASKED_FOR.search(to_simplified(c))) and _refused_next(i, guarded, clauses))
                       for i, (g, c) in enumerate(zip(guarded, clauses, strict=True))]
            promising = [i for i, c in enumerate(clauses)
                         if _size(c) >= 2 and (probabilities(c)[flag] >= _PROMISING_CLAUSE or _cued(flag, c))]
            if not promising:   # no clause alone reads as the promise: the others commit to nothing but a call
                return all(g or not _COMMITS.search(to_simplified(c)) or _CONTACT.search(to_simplified(c))
                           or _NOT_COMMITTED.search(to_simplified(c)) for g, c in zip(guarded, clauses, strict=True))
            # a refusal covers the part before it when that part only names the thing ("三个月免费，我这边确实没办法做"),
            # not when it commits to something ("我们赔您三倍，别的不能承诺")
            return all(guarded[i] or (i + 1 < len(clauses) and guarded[i + 1]
                                      and not _COMMITS.search(to_simplified(clauses[i])))
                       or _within_authority(clauses[i], authorised, goodwill_limit) for i in promising)
        return _within_authority(sentence, authorised, goodwill_limit)
    if flag == "blame":
        if _REPORTED_AND_REFUTED.search(to_simplified(sentence)):
            return True         # "店员当时说是老人家自己摔的，这个说法是错的": someone's blame reported and refuted
        # how frightening the experience was, when nothing in it cues blame and it does not turn to something else
        # ("这种电话确实吓人，但把验证码告诉陌生人是关键的失误"): "a call like that is unsettling, especially when they
        # know your address"
        plain = matchable(sentence)
        if (_EXONERATED.search(plain) or _OWNED.search(plain) or _OURS.search(plain)) and not _TURNS.search(plain) \
                and not _QUESTION.search(plain):
            rest = _OURS.sub(" ", _OWNED.sub(" ", _EXONERATED.sub(" ", plain)))
            if not _CUES["blame"].search(rest) and probabilities(rest)["blame"] < LIKELY["blame"]:
                return True     # "none of this is your fault: those texts are made to look like ours", "the
                #                 mistake was ours", "the fee shouldn't have been added to your order"
        return bool(_FELT.search(plain)) and not _cued("blame", sentence) and not _TURNS.search(plain)
    if flag == "speculation":
        if _declines_guess(sentence):
            return True         # "也不会去猜是不是黑客所为", "I won't say it was edited": it declines the guess
        if _open_question(sentence):
            return True         # "具体是什么原因造成的，要等检测后才能确定": the cause is the question still open
        if _EMPATHY.search(sentence) and not _CUES["speculation"].search(_EMPATHY.sub(" ", to_simplified(sentence))):
            return True         # "that must have been unsettling": a guess at her feelings, not at the cause
        return _said_before(sentence, known + "\n" + authorised)
    return False




def _declines_guess(sentence: str) -> bool:
    """Whether the sentence declines to guess, and each of its clauses that puts a cause forward is the one that
    declines: not "I can't say when it will be fixed, but the hackers got in through last night's patch"."""
    if not _REFUSES_TO_GUESS.search(to_simplified(sentence)) or _guessed(sentence):
        return False
    clauses = [u.text for u in units(sentence) if not u.sentence] or [sentence]
    return all(_REFUSES_TO_GUESS.search(to_simplified(c)) or _UNKNOWN.search(to_simplified(c))
               or _OWNED.search(to_simplified(c)) for c in clauses
               if _size(c) >= 3 and (probabilities(c)["speculation"] >= _GUESSING_CLAUSE or _cued("speculation", c)))


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
            or _guessed(sentence):
        return False
    clauses = [matchable(u.text) for u in units(sentence) if not u.sentence] or [plain]
    return all(_ASKS_CAUSE.search(c) or _UNKNOWN.search(c) or _KNOWN_LATER.search(c) for c in clauses
               if _size(c) >= 3 and (probabilities(c)["speculation"] >= _GUESSING_CLAUSE or _cued("speculation", c)))


# Feelings read into the customer's experience ("that must have been unsettling", "想必您很着急").
_FEELING_EN = (r"upsetting|frightening|alarming|unsettling|distressing|frustrating|worrying|stressful|scary|awful|"
               r"horrible|terrifying|annoying|exhausting|infuriating|disappointing|hard|difficult|tough|worrying|"
               r"nerve-?wracking|unnerving|shocking|traumatic|heartbreaking|"
               r"a\s+(?:shock|fright|worry|nightmare)")
_EMPATHY = re.compile(rf"\b(?:must|can\s+only|will)\s+(?:have\s+been|be)\s+(?:(?:so|very|really|quite|truly|incredibly|"
                      rf"deeply|extremely|such)\s+)*(?:{_FEELING_EN})\b|"
                      r"(?:一定|肯定|想必|想来|必定)[^，。！？,]{0,6}(?:吓|着急|担心|难受|委屈|生气|不安|心疼|焦虑|崩溃|烦|累|害怕|"
                      r"不好受|难过|气愤|心急|慌)", re.IGNORECASE)
_TURNS = re.compile(r"\b(?:but|however|though|yet|still)\b|但|不过|可是|然而|只是", re.IGNORECASE)
# Stopping the loss now is protection, not a gift: "let's stop any more money going out", "先止损，防止再被扣款".
_PROTECTS = re.compile(r"\b(?:stop|block|prevent|halt)\s+(?:any\s+)?(?:more|further)\s+(?:money|payments?|loss(?:es)?|"
                       r"charges?|transfers?)\b|止损|防止(?:再|继续)(?:被)?(?:扣|转|盗|损失)|"
                       # the account frozen so nothing more goes out: "I freeze your HuiTong account now", "先帮您冻结账户"
                       r"\bfreez\w*\s+(?:\w+\s+){0,3}?(?:account|card)s?\b(?!\s+(?:fees?|charges?|prices?|rates?)\b)|"
                       r"冻结(?:了)?(?:您的)?(?:\w{0,4})?(?:账户|账号|银行卡|卡)(?!费|的?(?:费用|价格|年费|月费))|"
                       r"\bnothing\s+(?:more|else)\s+can\s+be\s+(?:paid|taken|charged|spent|transferred)\b", re.IGNORECASE)
# A clause that gives or commits to something ("三个月月费已经为您免掉了", "I've refunded the 2,000 yuan", "you'll get a
# full refund"): a refusal after it does not cover it.
_COMMITS = re.compile(r"我们|我(?:会|给|帮|来)|给您|为您|帮您|已(?:经)?|批|办好|\bwe\b|\bwe'll\b|\bI(?:'ll|\s+will|\s+can(?!'t|not))\b|"
                      r"\bI(?:'ve|\s+have)\b|\byou(?:'ll|\s+will)\s+(?:get|receive|have)\b|\b(?:approved|done|refunded|credited)\b",
                      re.IGNORECASE)


# A commitment turned down in its own clause: "也不想给您空头支票", "we won't pretend otherwise".
_NOT_COMMITTED = re.compile(r"不(?:想|能|会|愿|敢)|没(?:有|法|办法)|\b(?:won't|can't|cannot|will\s+not|not)\b", re.IGNORECASE)
# A next step of contact, which the agent controls: "质量专员会给您回电", "I'll call you back by 6".
_CONTACT = re.compile(r"(?:给|跟|和)?(?:您|你)(?:回电|回个?电话|打(?:个)?电话|回复|答复|发(?:个)?(?:消息|短信))|联系(?:您|你)|"
                      r"\b(?:call|ring|phone|text|message|email|e-mail|contact|update)\s+you\b|\bget\s+back\s+to\s+you\b",
                      re.IGNORECASE)


def _refused_next(i: int, guarded: list[bool], clauses: list[str]) -> bool:
    """Whether a refusal follows clause ``i`` with nothing committed to between them (not "您提到的三倍赔偿，已经
    批下来了，别的我不能承诺")."""
    for j in range(i, len(clauses)):
        if j > i and guarded[j]:
            return True
        if _COMMITS.search(to_simplified(clauses[j])):
            return False
    return False


def _protects(clause: str) -> bool:
    """Whether the clause stops the loss and offers nothing besides ("I freeze your account now, so nothing more can
    be paid"; not "I'll freeze your account and refund the 2,000 yuan in full today")."""
    plain = to_simplified(clause)
    if not _PROTECTS.search(plain):
        return False
    rest = _PROTECTS.sub(" ", plain)
    return not _CUES["unauthorised_promise"].search(rest) and \
        probabilities(rest)["unauthorised_promise"] < _PROMISING_CLAUSE


# The customer's own request named before it is turned down: "您提到的三个月免费，…我这边不能承诺".
_ASKED_FOR = re.compile(r"^\s*(?:(?:至于|关于)?(?:您|你)(?:刚才)?(?:提到|说|要求|希望|想要|问|提出)的)|"
                        r"^\s*(?:as\s+for\s+)?(?:the\s+\w+\s+)?(?:you\s+(?:asked|mentioned|suggested|requested|raised)|"
                        r"you've\s+(?:asked|mentioned|suggested|requested|raised))\b", re.IGNORECASE)
# Someone else's claim reported, then refuted to end the sentence (not "这不对，是您自己没看短信", nor the customer's own
# claim refuted: "您说没收到，这个说法不属实").
_REPORTED_AND_REFUTED = re.compile(
    r"(?<![您你])(?:说是|说|声称|认为|以为)[^。！？]{0,40}(?:这个说法|这种说法|这话|这)(?:是|就是)?(?:错的|不对|不成立|不是事实|不属实)[。！？!]*$|"
    r"(?<!\byou\s)\b(?:said|claimed|told\s+(?:you|her|him))\b[^.!?]{0,80}\b(?:that's|that\s+is|which\s+is|which\s+was|that\s+was)\s+"
    r"(?:simply\s+|just\s+)?(?:wrong|not\s+true|untrue|false)[.!]*$", re.IGNORECASE)
# The experience said to be frightening ("that call is unsettling", "这种电话确实吓人").
_FELT = re.compile(rf"(?:\b(?:is|was|are|were|must\s+(?:have\s+been|be)|can\s+be|sounds?)|(?<=\w)'s)\s+(?:(?:so|very|really|deeply|truly|"
                   rf"incredibly|extremely|such|quite)\s+)*(?:{_FEELING_EN})\b"
                   # not a verdict on what she did: "it's hard to understand why you would give a stranger your PIN"
                   r"(?!\s+(?:to\s+(?:us\s+)?)?(?:that|why|how)\s+(?:you|customers|people|anyone|someone)\b|"
                   r"\s+to\s+(?:understand|see|believe|accept)\b)|"
                   r"(?:真|很|太|确实|一定|肯定|真的)(?:吓人|可怕|让人(?:害怕|不安|担心|心慌|后怕))|吓坏", re.IGNORECASE)
# A promise declined or passed up ("免三个月月费我这里不能承诺", "I can't promise a waiver, but I've passed it on").
_DECLINED = re.compile(r"\b(?:can(?:'t|not|\s+not)|am\s+not\s+able\s+to|'m\s+not\s+able\s+to|am\s+not\s+in\s+a\s+position\s+to|"
                       r"won't\s+be\s+able\s+to)\s+(?:promise|guarantee|commit\s+to|agree\s+to|offer)\b|"
                       r"(?:不能|无法|没法|没办法|不敢|不便|不想|不愿)(?:随便|轻易|百分之百|百分百|完全|绝对)?(?:向您|给您|跟您)?(?:承诺|保证|答应|做主)|"
                       # turned down after it is named: "减免月费这个我们做不了", "三个月免费我这边确实没办法做"
                       r"(?:做不了|做不到|办不了|办不到|没办法(?:做|办|替您办|给您办)|没法(?:做|办)|不在[^。！？]{0,12}范围|"
                       r"没有(?:安排|决定|批准)[^。！？]{0,8}(?:补偿|赔偿)|没法再?(?:额外)?(?:赔|补偿)|"
                       # no answer given on it yet: "桌子损坏的赔偿问题我今晚没法答复您"
                       r"(?:没法|无法|没办法|暂时不能)(?:马上|现在|今晚|今天)?(?:答复|回答|给您答复)|"
                       # a bare refusal after the request is named: "减免月费这个确实没办法，抱歉"
                       r"(?:确实|真的|实在)?没(?:有)?办法(?=[，。！？,.!?\s]|$))", re.IGNORECASE)


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
    if _gives_unoffered(sentence, offers[1], goodwill_limit):
        return False            # "don't worry about the 2,000 yuan: we'll put it back", whichever clause says it
    clauses = [u.text for u in units(sentence) if not u.sentence]
    promising = [c for c in clauses if _size(c) >= 2 and
                 probabilities(c)["unauthorised_promise"] >= _PROMISING_CLAUSE] or [sentence]
    free = bool(_AT_OUR_COST.search(to_simplified(authorised)))
    return all(_offered(c, offers, goodwill_limit) or (free and _only_at_our_cost(c)) for c in promising)


# Doing it at the company's cost, in any words: "at our cost", "free", "费用全部由我们承担", "you won't pay anything".
_AT_OUR_COST = re.compile(r"\bat\s+(?:our|no)\s+(?:own\s+)?cost\b|\bno\s+charge\b|"
                          r"\b(?:re-?ship\w*|send\w*|sent|deliver\w*|replac\w*|repair\w*|collect\w*)\b[^.!?,;]{0,30}\bfree"
                          r"(?:\s+of\s+charge)?\b|\bfree\s+(?:of\s+charge\s+)?(?:re-?ship\w*|delivery|replacement|repair|"
                          r"collection|shipping)\b|\bwon't\s+(?:have\s+to\s+)?pay\s+(?:anything|a\s+(?:cent|thing|penny))\b|"
                          r"免费(?:补发|重发|寄|发货|送货|配送|上门|取件|更换|维修|换)|费用(?:全部|都)?(?:由)?我们(?:来)?(?:承担|出|负责)|运费(?:由)?我们(?:来)?(?:出|承担)|"
                          r"不用(?:您)?(?:付|出|掏)(?:钱|费用|运费)|不收(?:您)?(?:任何)?(?:费用|钱)", re.IGNORECASE)
# ... and nothing else of value beside it (not "the next three months are free").
_MORE_THAN_COST = re.compile(r"\b(?:months?|years?|weeks?|orders?|voucher|coupon|refund\w*|compensat\w*|cash|credit|times|"
                             r"double|triple|waive\w*|next|all|whole|every)\b|\d|个月|年|周|券|退|赔|补偿|倍|现金|红包|减免|整单|这单|下(?:一|几|三|两)?单",
                             re.IGNORECASE)


def _only_at_our_cost(clause: str) -> bool:
    """Whether the clause's promise is only that the company bears the cost of what it does (an approved offer
    "at our cost" says the same): "费用全部由我们承担", "you won't pay anything for it"."""
    plain = to_simplified(clause)
    return bool(_AT_OUR_COST.search(plain)) and not _MORE_THAN_COST.search(plain)


# A promise in the offers' own words: this share of its content words are theirs (stricter than a known cause:
# "and your next three orders are free" is made of common words too).
_OFFER_WORDS = 0.75
_SHARE = re.compile(r"\d\s*%|\bper\s*cent\b|percent|[一二两三四五六七八九]折|\d折|倍|\btimes\b|\bdouble\b|\btriple\b", re.IGNORECASE)
# A clause of a flagged sentence reads as a promise of its own from this probability.
_PROMISING_CLAUSE = 0.5
# Words that make a sentence of the authority a refusal or a limit, not an offer ("nothing on price may be
# offered", "不减免月费", "没有决定任何金钱补偿", "减免月费的要求我这里没办法答应").
_REFUSAL = re.compile(r"\b(?:no|not|nothing|never|none|without|cannot|can't|won't|unable|refuse[sd]?|declined?)\b|"
                      r"不|没有|没办法|没法|无|未|禁止|不得|拒绝", re.IGNORECASE)


@lru_cache(maxsize=256)
def _offers(authorised: str) -> tuple[np.ndarray, frozenset[str], tuple[frozenset[str], ...]]:
    """The meaning vectors of the sentences and clauses of the authority that offer something, the amounts
    they name and their content words."""
    texts = [u.text for u in units(authorised) if not _REFUSAL.search(u.text)]
    vectors = np.stack([embed(to_simplified(t)) for t in texts]) if texts else np.zeros((0, _MEANING), dtype=np.float32)
    # an amount is offered where the sentence gives it ("the 129 yuan will be refunded tonight"), not where it is
    # only the subject ("our fraud team will call you about the 2,000 yuan payment")
    giving = [t for t in texts if _cued("unauthorised_promise", t)]
    shares = {"inf"} if any(_SHARE.search(t) for t in giving) else set()
    return (vectors, frozenset(a for t in giving for a in amounts_in(to_simplified(t))) | shares,
            tuple(_terms(t) for t in texts))


def _gives_unoffered(text: str, offered: frozenset[str], goodwill_limit: float) -> bool:
    """Whether ``text`` gives an amount over the goodwill limit that no offer gives ("I've noted the 2,000 yuan
    payment" gives nothing; "we'll put the 2,000 yuan back" does)."""
    named = amounts_in(to_simplified(text))
    return (any(_number(a) > goodwill_limit and a not in offered for a in named)
            and _cued("unauthorised_promise", text))


def _offered(clause: str, offers: tuple[np.ndarray, frozenset[str], tuple[frozenset[str], ...]],
             goodwill_limit: float) -> bool:
    """Whether one promising part is covered: every amount it names is within the goodwill limit, or it says
    what an approved offer says (the same meaning or the offers' own words, and no amount, share or multiple
    that no offer names)."""
    vectors, amounts, terms = offers
    named = amounts_in(to_simplified(clause))
    if _SHARE.search(clause):
        named.add("inf")        # "10% off", "打五折", "three times": a share or multiple, never within a money limit
        if "inf" not in amounts:
            return False        # ... and never offered unless an offer names one
    if named and all(_number(a) <= goodwill_limit for a in named):
        return True
    if _gives_unoffered(clause, amounts, goodwill_limit):
        return False
    if vectors.shape[0] == 0:
        return False
    return (float((vectors @ embed(to_simplified(clause))).max()) >= _SAME_AS_DECISION
            or (not _SHARE.search(clause) and _parts_covered(clause, terms)))


def _said_before(sentence: str, known: str) -> bool:
    """Whether the sentence repeats what is known, and each part of it that guesses ("most likely", "估计",
    "because") does too: "the hub was flooded overnight" is known, "and your parcel has most likely been
    soaked" beside it is a guess of its own."""
    vectors = _known(known)
    if vectors.shape[0] == 0:
        return False
    clauses = [u.text for u in units(sentence) if not u.sentence]
    guessing = [c for c in clauses if _size(c) >= 4 and (_guessed(c) or (
                probabilities(c)["speculation"] >= _GUESSING_CLAUSE and _cued("speculation", c)))] or [sentence]
    terms = (_terms(known),)          # a cause's words may come from anywhere in what is known
    # a hedged clause is known only when all it says is known ("the hub was probably flooded"): near in meaning
    # is not enough, "your parcel has most likely been soaked" is near "the hub was flooded"
    return all(_covered(_unhedged(c), terms) >= _ALL_KNOWN if _guessed(c)
               else float((vectors @ embed(to_simplified(c))).max()) >= _SAME_AS_DECISION
               or (not _HEDGE.search(c) and _covered(c, terms) >= _KNOWN_WORDS) for c in guessing)


def _unhedged(clause: str) -> str:
    """The clause without its hedge ("华东分拨中心估计是昨晚被淹了" -> "华东分拨中心 昨晚被淹了"), so that its
    words can be compared with what is known (English hedges are stop words already)."""
    return re.sub(r"\s是", " ", _HEDGE.sub(" ", to_simplified(clause)))


# A cause said in other words than the brief's ("there's been flooding at the sorting centre" for "the sorting hub
# was flooded overnight") is far in meaning from the brief's long sentence but made of its words: known when this
# share of its content words (Chinese: character pairs) are the brief's.
_KNOWN_WORDS = 0.6
_ALL_KNOWN = 0.999      # ... and a hedged one only when every content word of it is known
_STOP = frozenset("""the and for that this with was were are is been has have had there their they them our we you your
from into onto over under about after before because due reason reasons cause caused causing why what which who will would
could should can may might must its it's there's here all any some one very really just also honest honestly truth fact
likely probably possibly perhaps seems seem appears appear looks look think believe guess suspect sure say said told
until least most more than then when while where how not no yes but yet still even only""".split())  # noqa: SIM905 (a word list reads best as words)


# A guess stays a guess in the brief's own words: "the hub flooded, and your parcel has most likely been soaked".
_HEDGE = re.compile(r"\b(?:probably|likely|may\s+have|might|maybe|perhaps|appears?|seems?|looks?\s+like|suspect\w*|"
                    r"i\s+think|we\s+think|guess|reckon|presumably|odds\s+are)\b|估计|八成|多半|大概|(?<![不没])可能|(?<!不)应该是|好像|似乎|"
                    rf"怀疑|猜|看样子|十有八九|恐怕|听说|据说|据传|\breportedly\b|{_FIRST_READING_EN}|基本(?:上)?(?:就)?出在|{_FIRST_READING_ZH}",
                    re.IGNORECASE)


def _stem(word: str) -> str:
    for end in ("ing", "ed", "es", "s", "e"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word


@lru_cache(maxsize=256)
def _terms(text: str) -> frozenset[str]:
    """The content words of ``text``: English words (stemmed, not in _STOP) and pairs of Chinese characters."""
    t = to_simplified(text).lower()
    words = {_stem(w) for w in re.findall(r"[a-z]+", t) if len(w) >= 3 and w not in _STOP}
    pairs = {a + b for run in CJK_CHAR_RUN.findall(t) for a, b in itertools.pairwise(run)}
    return frozenset(words | pairs)


@lru_cache(maxsize=256)
def _unit_terms(text: str) -> tuple[frozenset[str], ...]:
    """The content words of each sentence and clause of ``text``."""
    return tuple(_terms(u.text) for u in units(text))


def _parts_covered(text: str, offers: tuple[frozenset[str], ...]) -> bool:
    """Whether each part of ``text`` (its clauses) is made of the words of one offer: "I can re-ship it today,
    free, or cancel and refund you" joins two approved offers; "and your next three orders are free" is made of
    words found here and there, in no one offer."""
    parts = [u.text for u in units(text) if not u.sentence] or [text]
    judged = [p for p in parts if len(_terms(p)) >= 2]
    return bool(judged) and all(_covered(p, offers) >= _OFFER_WORDS for p in judged)


def _covered(clause: str, known: tuple[frozenset[str], ...]) -> float:
    """The largest share of the clause's content words found in one of ``known`` (0 under two words)."""
    own = _terms(clause)
    if len(own) < 2:
        return 0.0
    return max((len(own & k) / len(own) for k in known), default=0.0)


_GUESSING_CLAUSE = 0.5      # a clause of a flagged sentence puts a cause forward of its own from this probability


@lru_cache(maxsize=256)
def _known(known: str) -> np.ndarray:
    texts = [u.text for u in units(known)]
    return np.stack([embed(to_simplified(t)) for t in texts]) if texts else np.zeros((0, _MEANING), dtype=np.float32)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")     # a Chinese numeral ("三" of 三倍): a multiple, never within a money limit


def main() -> int:
    if not rated_fine_sentences():      # an installed kit has no tests/: without them good replies get flagged
        print("sim.drill.intent: tests/data/replies*/ not found: retrain the conduct model from a source checkout",
              file=sys.stderr)
        return 2
    texts, labels = _training_sentences()
    w, b = train(texts, labels)
    out = data_dir() / "conduct_model.npz"
    np.savez_compressed(out, w=w, b=b, digest=np.array(digest()))
    reload()
    counts = np.bincount(labels, minlength=len(CLASSES))
    print(f"trained on {len(texts)} sentences ({dict(zip(CLASSES, counts.tolist(), strict=True))}) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
