"""Chinese and English text as the drill compares it: which characters are Chinese, which language a
reply is in, and the *normal form* every reply and rubric phrase is reduced to before matching.

Trainees answer in English, Simplified or Traditional Chinese (often mixed), with full-width
characters, curly quotes and stray spaces. Rubrics list short phrases ("抱歉", "apologise", "any
inconvenience"). Both are normalised the same way, so they meet; phrase matching itself is
:mod:`sim.drill.phrases`, phone numbers :mod:`sim.drill.phones`.

Chinese characters
    Which characters are Chinese is the kit's one definition in :mod:`sim.i18n.script` (``CJK_RANGES``:
    Han with its extensions and compatibility ideographs, kana, bopomofo, the ideographic iteration and
    number marks, the scripts written without spaces between words; ``CJK_CHAR`` matches one). Here it
    decides a reply's language, and its Han part which characters are converted to Simplified.

Language (:func:`language_of`)
    ``"zh"`` once CJK characters are 30 % of all letters (one Chinese character carries about as
    much as a short English word), else ``"en"``.

Normalisation (:func:`normalise`)
    1. Unicode NFKC (folds full-width ASCII ``ＳＯＲＲＹ`` → ``SORRY``, ``①`` → ``1``), then
       case folding, then NFKC again.
    2. Traditional → Simplified Chinese with OpenCC ``t2s`` (``對不起`` → ``对不起``).
    3. Apostrophe look-alikes (``’ ‘ ʼ ` ´ ＇``) become ``'``.  An apostrophe is kept only
       *between two letters/digits* (``don't``, ``we're``, ``customer's``); anywhere else it is a
       quote mark and becomes a separator.
    4. Whitespace, Chinese and ASCII punctuation and symbols become one separator, a single
       space; runs collapse and the ends are trimmed.  Kept as characters: letters, digits,
       marks, ``%`` and currency signs (``$ ¥ €`` …).  Invisible format characters (soft hyphen,
       zero-width joiner, BOM) are dropped; a zero-width space is whitespace.

    ``normalise`` is idempotent, and :func:`prepare` keeps, for every normalised character, the
    span of original characters it came from, so a match is reported (and highlighted) in the reply
    as the trainee typed it.

    >>> normalise("非常抱歉，我們會盡快回覆您！")
    '非常抱歉 我们会尽快回复您'
    >>> normalise("We’re SORRY for any   inconvenience…")
    "we're sorry for any inconvenience"
    >>> language_of("非常抱歉，我们会 refund"), language_of("Dear 王芳, we will refund you today")
    ('zh', 'en')

Everything is pure Python plus OpenCC, with no network access.  OpenCC is imported lazily,
only when a text actually contains Han characters.  Normalised replies are cached, so scoring
one reply against many phrases normalises it once.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sim.i18n.script import CJK_CHAR, CJK_RANGES, HAN_RANGES

__all__ = [
    "NormText",
    "language_of",
    "normalise",
    "original_text",
    "prepare",
    "quotation_spans",
    "quoted_aside",
    "to_simplified",
]

# --------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------

_HAN_RUN_RE = re.compile(f"[{HAN_RANGES}]+")
_LATIN_LETTER_RE = re.compile(f"[^\\W\\d_{CJK_RANGES}]")

_APOSTROPHES = {ord(c): "'" for c in "\u2019\u2018\u201b\u02bc\u2032`\u00b4\uff07"}
_KEEP_PUNCT = frozenset("%\u2030")  # per cent and per mille carry meaning ("10%")

# Character classes used while building the normalised text.
_KEEP, _SEP, _SPACE, _DROP, _APOS = range(5)
_CLASS_CACHE: dict[str, int] = {}


def _classify(ch: str) -> int:
    cls = _CLASS_CACHE.get(ch)
    if cls is not None:
        return cls
    if ch == "'":
        cls = _APOS
    elif ch.isspace() or ch == "\u200b":
        cls = _SPACE
    else:
        cat = unicodedata.category(ch)
        if cat[0] == "P":
            cls = _KEEP if ch in _KEEP_PUNCT else _SEP
        elif cat[0] == "S":
            cls = _KEEP if cat == "Sc" else _SEP
        elif cat == "Cc":
            cls = _SEP
        elif cat == "Cf":
            cls = _DROP
        else:
            cls = _KEEP
    _CLASS_CACHE[ch] = cls
    return cls


def _is_lw(ch: str) -> bool:
    return ch.isalnum() and not CJK_CHAR.match(ch)


# Characters for which a single NFKC/casefold pass is known to be final (no composition with
# neighbours, no output that a second pass would change).  Text containing anything else is
# normalised again until it stops changing.
_SIMPLE_RE = re.compile(
    "[\x00-\u00ff\u2000-\u206f\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
    "\ufe00-\ufe0f\uff01-\uff5e\U0001f000-\U0001faff]*"
)

# --------------------------------------------------------------------------------------------
# Traditional -> Simplified
# --------------------------------------------------------------------------------------------

_converter = None
_converter_lock = threading.Lock()


def _t2s_converter():
    global _converter
    if _converter is None:
        with _converter_lock:
            if _converter is None:
                try:
                    import opencc
                except ImportError as exc:  # pragma: no cover - opencc is a hard dependency
                    raise ImportError(
                        "sim.drill.text needs the 'opencc' package (pip install 'opencc>=1.1.9') "
                        "to compare Traditional and Simplified Chinese"
                    ) from exc
                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(s: str) -> str:
    """Traditional → Simplified, guaranteed to keep the length (so position maps stay valid)."""
    if not _HAN_RUN_RE.search(s):
        return s
    convert = _t2s_converter().convert
    out = convert(s)
    if len(out) != len(s):  # never seen with OpenCC's t2s, but positions must stay aligned
        parts = []
        last = 0
        for m in _HAN_RUN_RE.finditer(s):
            parts.append(s[last:m.start()])
            run = m.group()
            conv = convert(run)
            if len(conv) != len(run):
                conv = "".join(c2 if len(c2 := convert(c)) == 1 else c for c in run)
            parts.append(conv)
            last = m.end()
        parts.append(s[last:])
        out = "".join(parts)
    # t2s is not always idempotent (OpenCC 1.4.2: 薴 -> 苧 -> 苎); convert until it is, so that
    # normalise(normalise(x)) == normalise(x).  Costs one more C call (~50 us per 1000 chars).
    for _ in range(3):
        again = convert(out)
        if again == out or len(again) != len(out):
            break
        out = again
    return out


# --------------------------------------------------------------------------------------------
# Normalisation with a position map
# --------------------------------------------------------------------------------------------

def _fold(cluster: str) -> str:
    out = unicodedata.normalize("NFKC", cluster.translate(_APOSTROPHES)).casefold()
    if not out.isascii():
        out = unicodedata.normalize("NFKC", out)
    return out


class _FoldTable(dict):
    """``str.translate`` table: code point -> NFKC + casefold of that single character."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _fold(chr(code))
        return out


_FOLD_TABLE = _FoldTable()


class _WidthTable(dict):
    """``str.translate`` table: code point -> chr(length of its fold)."""

    def __missing__(self, code: int) -> str:
        out = self[code] = chr(len(_FOLD_TABLE[code]))
        return out


_WIDTH_TABLE = _WidthTable()
_WIDE_RE = re.compile("[^\x01]")

# Characters that never combine with the character before them under NFKC (ccc 0, not the
# second half of a canonical composition, no decomposition starting with a combining mark).
# Anything else is checked with _needs_join.  (A wrong entry here could only make a rare text
# need a second pass: _build repeats normalisation until it reaches a fixed point.)
_SAFE_NEXT = (
    "\x00-\u02ff\u0370-\u0482\u048a-\u0590\u2000-\u20cf\u2100-\u2bff\u3000-\u3029"
    "\u3030-\u3098\u309b-\u9fff\ua000-\ua66e\uac00-\ud7a3\ue000-\ufb1c\ufe30-\ufe4f"
    "\uff01-\uff9d\uffa0-\uffef\U0001f000-\U0001faff\U00020000-\U0003ffff"
)
_UNSAFE_RE = re.compile(f"[^{_SAFE_NEXT}]")


def _needs_join(cluster: str, ch: str) -> bool:
    """Whether ``ch`` must be normalised together with the preceding ``cluster``."""
    if unicodedata.combining(ch):
        return True
    nfkc = unicodedata.normalize
    return nfkc("NFKC", cluster + ch) != nfkc("NFKC", cluster) + nfkc("NFKC", ch)


def _fold_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """NFKC + casefold, cluster by cluster (a cluster is a character and whatever composes with
    it).  Output character ``k`` came from ``text[starts[k]:ends[k]]``."""
    n = len(text)
    if text.isascii():
        return text.lower().replace("`", "'"), list(range(n)), list(range(1, n + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    table = _FOLD_TABLE

    def singles(a: int, b: int) -> None:  # every character of text[a:b] is its own cluster
        if a >= b:
            return
        seg = text[a:b]
        folded = seg.translate(table)
        if len(folded) == b - a:
            pieces.append(folded)
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:  # some characters expand ("…" -> "...", "ß" -> "ss")
            pieces.append(folded)
            at = a
            for w in _WIDE_RE.finditer(seg.translate(_WIDTH_TABLE)):
                i = a + w.start()
                width = ord(w.group())
                starts.extend(range(at, i))
                ends.extend(range(at + 1, i + 1))
                starts.extend([i] * width)
                ends.extend([i + 1] * width)
                at = i + 1
            starts.extend(range(at, b))
            ends.extend(range(at + 1, b + 1))

    def cluster(a: int, b: int) -> None:
        f = _fold(text[a:b])
        pieces.append(f)
        starts.extend([a] * len(f))
        ends.extend([b] * len(f))

    done = 0  # text[:done] has been emitted
    for m in _UNSAFE_RE.finditer(text):
        p = m.start()
        if p < done:
            continue
        if p > done:
            singles(done, p - 1)
            cs = p - 1
        else:
            cs = p
        while True:
            j = cs + 1
            while j < n and _needs_join(text[cs:j], text[j]):
                j += 1
            cluster(cs, j)
            if j > p or j >= n:
                break
            cs = j
        done = j
    singles(done, n)
    return "".join(pieces), starts, ends


class _ClassTable(dict):
    """``str.translate`` table: code point -> one class letter (see _classify)."""

    def __missing__(self, code: int) -> str:
        out = self[code] = "kswda"[_classify(chr(code))]
        return out


_CLASS_TABLE = _ClassTable()
_SEP_RUN_RE = re.compile("[swd]*[sw][swd]*|d+")


def _one_pass(text: str) -> tuple[str, list[int], list[int], frozenset[int]]:
    """Normalise once.  Returns (normalised, starts, ends, soft) where normalised character ``k``
    came from ``text[starts[k]:ends[k]]`` and ``soft`` holds the indices of separators that
    came from whitespace only."""
    # 1. NFKC + casefold.  2. Traditional -> Simplified (length preserving).
    inter, starts, ends = _fold_with_map(text)
    inter = to_simplified(inter)
    # 3. Separators, apostrophes, dropped characters.
    codes = inter.translate(_CLASS_TABLE)
    m = len(inter)
    if "a" in codes:
        code_list = list(codes)
        k = codes.find("a")
        while k >= 0:
            keep = 0 < k < m - 1 and _is_lw(inter[k - 1]) and _is_lw(inter[k + 1])
            code_list[k] = "k" if keep else "s"
            k = codes.find("a", k + 1)
        codes = "".join(code_list)
    pieces: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    soft: set[int] = set()
    size = 0
    last = 0
    for run in _SEP_RUN_RE.finditer(codes):
        a, b = run.span()
        if a > last:
            pieces.append(inter[last:a])
            o_starts.extend(starts[last:a])
            o_ends.extend(ends[last:a])
            size += a - last
        last = b
        if b < m and size and ("s" in run.group() or "w" in run.group()):
            if "s" not in run.group():
                soft.add(size)
            pieces.append(" ")
            o_starts.append(starts[a])
            o_ends.append(ends[b - 1])
            size += 1
    if last < m:
        pieces.append(inter[last:])
        o_starts.extend(starts[last:])
        o_ends.extend(ends[last:])
    return "".join(pieces), o_starts, o_ends, frozenset(soft)


@dataclass(frozen=True, eq=False)
class NormText:
    """A reply prepared for matching: the original, its normalised form and the position map."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    soft: frozenset[int]

    def span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised slice ``text[norm_start:norm_end]``."""
        if norm_end <= norm_start:
            pos = self.starts[norm_start] if norm_start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[norm_start], self.ends[norm_end - 1]

    def __len__(self) -> int:
        return len(self.text)


def _build(text: str) -> NormText:
    norm, starts, ends, soft = _one_pass(text)
    if not _SIMPLE_RE.fullmatch(text):
        # Exotic characters (combining marks, compatibility forms, Greek final forms …): repeat
        # until a fixed point so that normalise(normalise(x)) == normalise(x).
        for _ in range(4):
            norm2, starts2, ends2, soft2 = _one_pass(norm)
            if norm2 == norm:
                break
            # A separator is soft only if every separator it was made from was soft.
            soft = frozenset(
                k for k in soft2
                if all(i in soft for i in range(starts2[k], ends2[k]) if norm[i] == " ")
            )
            starts = [starts[s] for s in starts2]
            ends = [ends[e - 1] for e in ends2]
            norm = norm2
    return NormText(text, norm, tuple(starts), tuple(ends), soft)


@lru_cache(maxsize=256)
def _prepare_cached(text: str) -> NormText:
    return _build(text)


def prepare(text: str | NormText, *, cache: bool = True) -> NormText:
    """Normalise ``text`` once, keeping the position map (passing a NormText is free).

    Replies are cached; ``cache=False`` for text that must not evict them (rubric phrases)."""
    if isinstance(text, NormText):
        return text
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _prepare_cached(text) if cache else _build(text)


def normalise(text: str) -> str:
    """NFKC, casefold, Traditional→Simplified, punctuation and whitespace as single spaces."""
    return prepare(text).text


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------


def original_text(text: str | NormText) -> str:
    if isinstance(text, NormText):
        return text.original
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return text


def language_of(text: str | NormText, *, threshold: float = 0.3, default: str = "en") -> str:
    """``"zh"`` or ``"en"``.  One Chinese character carries about as much as a short English
    word, so a reply counts as Chinese once CJK characters are ``threshold`` (30 %) of all
    letters: "非常抱歉，我们会 refund" is zh, "Dear 王芳, we will refund you today" is en.
    ``default`` is returned for text with no letters at all."""
    text = original_text(text)
    cjk = len(CJK_CHAR.findall(text))
    latin = len(_LATIN_LETTER_RE.findall(text))
    if cjk + latin == 0:
        return default
    return "zh" if cjk / (cjk + latin) >= threshold else "en"


# --------------------------------------------------------------------------------------------
# Quotations
# --------------------------------------------------------------------------------------------

# What a sentence quotes: “…” "…" 「…」 『…』 ‘…’ (a quotation cut off by the sentence's end counts; ’ inside a
# word, "don’t", is an apostrophe). Straight single quotes are left alone: in English they are mostly apostrophes
# and scare quotes ("yet another 'urgent' email"), which are the writer's own words.
_QUOTATION = re.compile(r"“[^“”]*(?:”|$)|\"[^\"]*(?:\"|$)|「[^「」]*(?:」|$)|『[^『』]*(?:』|$)|"
                        r"‘[^‘]*?(?:’(?![A-Za-z])|$)")
_OWN_WORDS = 6          # word characters a sentence needs outside its quotations for them to be someone else's


def quotation_spans(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` quotes someone else (start, end), when it says enough of its own besides (see
    :func:`quoted_aside`); none when it quotes nothing or is nothing but the quotation.

    >>> quotation_spans("I'm sorry she told you “maybe Friday”; that was wrong.")
    [(23, 37)]
    >>> quotation_spans("“Maybe Friday, maybe not.”")
    []
    """
    if quoted_aside(sentence) is None:
        return []
    return [m.span() for m in _QUOTATION.finditer(sentence)]


def quoted_aside(sentence: str, placeholder: str = "“…”") -> str | None:
    """``sentence`` with what it quotes replaced by ``placeholder``, when it says enough of its own besides
    ("I'm sorry our agent told you “not my problem”"); None when it quotes nothing or is nothing but the
    quotation (“Whatever, next caller.” is the writer's own words in quotation marks).

    >>> quoted_aside("I'm sorry our agent told you “not my problem”; that was wrong.")
    "I'm sorry our agent told you “…”; that was wrong."
    >>> quoted_aside("It isn’t ‘policy’, it’s our mistake."), quoted_aside("“Whatever, next caller.”")
    ('It isn’t “…”, it’s our mistake.', None)
    >>> quoted_aside("I'm sorry she told you “whatever, next caller.")         # cut off by the sentence's end
    "I'm sorry she told you “…”"
    """
    masked = _QUOTATION.sub(placeholder, sentence)
    if masked == sentence or len(re.findall(r"\w", masked)) < _OWN_WORDS:
        return None
    return masked
