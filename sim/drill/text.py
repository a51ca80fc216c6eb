"""Text normalisation and rubric phrase matching for English and Chinese replies.

Trainees answer in English, Simplified or Traditional Chinese (often mixed), with full-width
characters, curly quotes and stray spaces.  Rubrics list short phrases ("抱歉", "apologise",
"any inconvenience").  This module makes the two meet, and reports every match as a span of the
*original* reply so feedback can highlight it and rules can check order ("apologise before you
offer a solution").

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
    span of original characters it came from.

Phrase semantics (:func:`compile_phrase`) — a phrase is normalised exactly like a reply, then:
    * **Chinese (any Han/kana character)**: plain substring match, no word splitting.  Whitespace
      that the trainee typed between a Chinese character and its neighbour is ignored
      (``非常 抱歉`` matches ``非常抱歉``) but punctuation is not (``不，知道`` does *not* match
      ``不知道``).
    * **Latin words** match whole words only (``call`` does not match ``recall``).  Only the
      LAST word takes inflections: ``-s -es -ed -ing``, ``-d``/``-ing`` with a dropped final
      ``e`` (apologise → apologised, apologising), ``-ies/-ied`` for a consonant + ``y``
      (reply → replies, replied), a doubled final consonant (ship → shipped) and a possessive
      ``'s``.  Inflections are only added, never removed: ``refunded`` does not match ``refund``.
      Words shorter than three letters, non-ASCII words and words containing digits or
      apostrophes are exact.  Use ``*`` on any word for more (``call* back`` → called back).
    * British/American ``-ise/-ize`` and ``-yse/-yze`` (with their inflections, and
      ``-isation/-ization``) are the same word in every position.
    * A space (any number of spaces) between two words in the phrase matches any run of
      whitespace and punctuation in the reply: ``any inconvenience`` matches
      ``any   inconvenience,`` and ``follow-up`` matches ``follow up``.
    * A trailing ``*`` after a Latin word makes that word a prefix (``apologi*`` matches
      ``apologise``, ``apology``, ``apologies``); no inflection is added to it.  After a
      Chinese character ``*`` is redundant and ignored; any other ``*`` is punctuation.
    * Trailing whitespace (``"by "``) means "this exact word, followed by more text": the last
      word gets no inflections and must be followed by a separator and something else.
      Leading whitespace is ignored.
    * A phrase that normalises to nothing (``""``, ``"  "``, ``"!!"``) raises ``ValueError``.

Regular expressions (:func:`compile_regex`) run on the normalised reply (lower case,
Simplified Chinese, punctuation as single spaces), case-insensitive; Han characters in the
pattern are converted to Simplified so authors may write either script.

Privacy: :func:`find_phone` compares digit sequences ignoring separators, full-width digits and
country codes, so ``138-1234-5678`` is caught in ``13812345678``, ``138 1234 5678``,
``+86 138 1234 5678`` or ``１３８１２３４５６７８``; :func:`compile_name` matches a person's
name in Chinese or English as an exact phrase.

Everything is pure Python plus OpenCC, with no network access.  OpenCC is imported lazily,
only when a text actually contains Han characters.  Normalised replies and compiled phrases are
cached, so scoring one reply against many phrases normalises it once.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Match",
    "Matcher",
    "NormText",
    "PhoneNumber",
    "cjk_share",
    "comes_before",
    "compile_name",
    "compile_phrase",
    "compile_regex",
    "contains",
    "contains_any",
    "contains_phone",
    "extract_phone_numbers",
    "find",
    "find_all",
    "find_matches",
    "find_phone",
    "first_position",
    "language_of",
    "merge_spans",
    "normalise",
    "normalise_phone",
    "prepare",
    "search",
]

# --------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------

# Scripts written without spaces between words: Han (incl. extensions and compatibility
# ideographs), kana, bopomofo and the ideographic iteration/number marks.
_CJK_RANGES = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
_HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_CHAR_RE = re.compile(f"[{_CJK_RANGES}]")
_HAN_RUN_RE = re.compile(f"[{_HAN_RANGES}]+")
# A "Latin" word character: a regex word character that is not CJK (letters of alphabetic
# scripts, digits).  After normalisation "_" never occurs (it is punctuation).
_LW = f"[^\\W{_CJK_RANGES}]"
_LATIN_LETTER_RE = re.compile(f"[^\\W\\d_{_CJK_RANGES}]")

_STAR = "\ue000"  # private-use placeholder for a rubric author's "*" while a phrase is normalised

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
    return ch.isalnum() and not _CJK_CHAR_RE.match(ch)


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


def _t2s(s: str) -> str:
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
    inter = _t2s(inter)
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


def prepare(text: str | NormText) -> NormText:
    """Normalise ``text`` once, keeping the position map (cached; passing a NormText is free)."""
    if isinstance(text, NormText):
        return text
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _prepare_cached(text)


def normalise(text: str) -> str:
    """NFKC, casefold, Traditional→Simplified, punctuation and whitespace as single spaces."""
    return prepare(text).text


# --------------------------------------------------------------------------------------------
# Matchers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One match: ``start``/``end`` index the ORIGINAL text; ``text`` is that slice."""

    start: int
    end: int
    text: str
    phrase: str
    norm_start: int
    norm_end: int

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True, eq=False)
class Matcher:
    """A compiled phrase, name or regular expression, applied to normalised text."""

    source: str
    regex: re.Pattern[str]
    kind: str  # "phrase", "name" or "regex"
    check_gaps: bool = False  # capturing groups are "typed whitespace only" gaps

    def finditer(self, text: str | NormText) -> Iterator[Match]:
        nt = prepare(text)
        s = nt.text
        search = self.regex.search
        pos = 0
        n = len(s)
        while pos <= n:
            m = search(s, pos)
            if m is None:
                return
            a, b = m.span()
            if a == b:  # empty regex match: useless for highlighting
                pos = b + 1
                continue
            if self.check_gaps and not _gaps_ok(m, nt.soft):
                pos = a + 1
                continue
            start, end = nt.span(a, b)
            yield Match(start, end, nt.original[start:end], self.source, a, b)
            pos = b

    def find(self, text: str | NormText) -> list[tuple[int, int]]:
        return [m.span for m in self.finditer(text)]

    def search(self, text: str | NormText) -> Match | None:
        return next(self.finditer(text), None)

    def __repr__(self) -> str:
        return f"Matcher({self.kind}: {self.source!r} -> {self.regex.pattern!r})"


def _gaps_ok(m: re.Match[str], soft: frozenset[int]) -> bool:
    for g in range(1, m.re.groups + 1):
        st = m.start(g)
        if st != -1 and st not in soft:
            return False
    return True


_TOKEN_RE = re.compile(
    f"(?P<sep> )|(?P<star>{_STAR})|(?P<cjk>[{_CJK_RANGES}])"
    f"|(?P<word>{_LW}+(?:'{_LW}+)*)|(?P<other>.)",
    re.DOTALL,
)
_FLEX_RE = re.compile(r"(?<=[a-z]{2})([iy])[sz](e|es|ed|ing|ation|ations|er|ers)$")
_VOWELS = frozenset("aeiou")
_RIGHT_EDGE = f"(?!{_LW}|')"
_PREFIX_TAIL = f"{_LW}*(?:'{_LW}+)*"


def _word_regex(word: str) -> str:
    """A word as a regex, with -ise/-ize (and -yse/-yze) spelled either way."""
    m = _FLEX_RE.search(word)
    if m is None:
        return re.escape(word)
    return re.escape(word[: m.start()]) + m.group(1) + "[sz]" + m.group(2)


def _inflections(word: str) -> list[str]:
    forms = {word}
    last = word[-1]
    if last == "e":
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
        if word[-2] in "eoy":  # agree -> agreeing, see -> seeing
            forms.add(word + "ing")
    elif last == "y" and word[-2] not in _VOWELS:
        forms |= {word + "s", word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "s", word + "es", word + "ed", word + "ing"}
        if last not in _VOWELS and last not in "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS:
            forms |= {word + last + "ed", word + last + "ing"}
    return sorted(forms, key=lambda f: (-len(f), f))


def _inflectable(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word.isascii()


def _phrase_regex(phrase: str, *, inflect: bool, name: bool = False) -> tuple[str, bool]:
    """Regex source for one phrase and whether it contains soft-gap groups."""
    trailing = phrase.rstrip() != phrase
    # (_build, not prepare: phrases must not evict replies from the cache)
    norm = _build(phrase.replace("*", _STAR).replace("\uff0a", _STAR)).text
    tokens: list[tuple[str, str]] = []  # (kind, text); kinds: sep, cjk, word, prefix, other
    for m in _TOKEN_RE.finditer(norm):
        kind = m.lastgroup
        tok = m.group()
        if kind == "star":
            if tokens and tokens[-1][0] == "word":
                tokens[-1] = ("prefix", tokens[-1][1])
                continue
            if tokens and tokens[-1][0] == "cjk":
                continue
            kind, tok = "sep", " "
        if kind == "sep":
            if tokens and tokens[-1][0] != "sep":
                tokens.append(("sep", " "))
            continue
        tokens.append((kind, tok))
    while tokens and tokens[-1][0] == "sep":
        tokens.pop()
    if not tokens:
        raise ValueError(f"phrase {phrase!r} is empty after normalisation")

    last_word = max((i for i, (k, _) in enumerate(tokens) if k != "sep"), default=-1)
    parts: list[str] = []
    has_gap = False
    prev_kind: str | None = None
    pending_sep = False
    for i, (kind, tok) in enumerate(tokens):
        if kind == "sep":
            pending_sep = True
            continue
        if prev_kind is not None:
            cjk_edge = prev_kind == "cjk" or kind == "cjk"
            if pending_sep:
                parts.append("(?: )?" if cjk_edge else (" ?" if name else " "))
            elif cjk_edge:
                parts.append("( )?")
                has_gap = True
        pending_sep = False
        if kind == "word":
            if i == last_word and inflect and not trailing and _inflectable(tok):
                # every form starts with the word's first letter: keep it outside the group
                forms = dict.fromkeys(_word_regex(f)[1:] for f in _inflections(tok))
                rx = tok[0] + "(?:" + "|".join(forms) + ")(?:'s)?"
            else:
                rx = _word_regex(tok)
            if i == last_word:
                rx += _RIGHT_EDGE
        elif kind == "prefix":
            rx = _word_regex(tok)
            if len(tok) >= 4 and tok.endswith("i") and tok.isalpha():
                rx = rx[:-1] + "[iy]"  # Porter-style stems: apologi* -> apology, repli* -> reply
            rx += _PREFIX_TAIL
        else:
            rx = re.escape(tok)
        if prev_kind is None and kind in ("word", "prefix"):
            # Left word boundary, written after the first (literal) character so that the
            # regex engine can still scan for that literal: much faster than a leading
            # look-behind.
            first = re.escape(tok[0])
            assert rx.startswith(first)
            rx = f"{first}(?<!{_LW}{first}|'{first})" + rx[len(first):]
        parts.append(rx)
        prev_kind = kind
    if trailing:
        parts.append("(?= )")
    return "".join(parts), has_gap


@lru_cache(maxsize=4096)
def compile_phrase(phrase: str) -> Matcher:
    """Compile a rubric phrase (see the module docstring for the rules).  Cached."""
    if isinstance(phrase, Matcher):  # type: ignore[unreachable]
        return phrase
    if not isinstance(phrase, str):
        raise TypeError(f"phrase must be a str, got {type(phrase).__name__}")
    source, has_gap = _phrase_regex(phrase, inflect=True)
    return Matcher(phrase, re.compile(source), "phrase", has_gap)


@lru_cache(maxsize=1024)
def compile_regex(pattern: str, flags: int = 0) -> Matcher:
    """A regular expression applied to the NORMALISED text (lower case, Simplified Chinese,
    punctuation as single spaces), case-insensitive.  Han characters in the pattern are
    converted to Simplified."""
    if not isinstance(pattern, str):
        raise TypeError(f"pattern must be a str, got {type(pattern).__name__}")
    converted = _t2s(pattern)
    return Matcher(pattern, re.compile(converted, re.IGNORECASE | re.UNICODE | flags), "regex")


def compile_name(*forms: str, either_order: bool = True) -> Matcher:
    """Match a person's name given in one or more forms (``"王芳"``, ``"Wang Fang"``,
    ``"Ms Wang"``): exact words, no inflections, case/width/script-insensitive; the space
    between Latin name words is optional (``WangFang``, ``Wang-Fang``) and, with
    ``either_order``, a two-word Latin name also matches reversed (``Fang Wang``)."""
    return _compile_name(tuple(forms), either_order)


@lru_cache(maxsize=512)
def _compile_name(forms: tuple[str, ...], either_order: bool) -> Matcher:
    if not forms:
        raise ValueError("compile_name needs at least one form of the name")
    alts: list[str] = []
    has_gap = False
    for form in forms:
        if not isinstance(form, str):
            raise TypeError(f"name must be a str, got {type(form).__name__}")
        variants = [form.strip()]
        words = _build(form).text.split(" ")
        if either_order and len(words) == 2 and not any(_CJK_CHAR_RE.search(w) for w in words):
            variants.append(f"{words[1]} {words[0]}")
        for v in variants:
            src, gap = _phrase_regex(v, inflect=False, name=True)
            has_gap |= gap
            alts.append(f"(?:{src})")
    alts = list(dict.fromkeys(alts))
    return Matcher(" | ".join(forms), re.compile("|".join(alts)), "name", has_gap)


def _matcher(phrase: str | Matcher) -> Matcher:
    return phrase if isinstance(phrase, Matcher) else compile_phrase(phrase)


# --------------------------------------------------------------------------------------------
# Convenience functions
# --------------------------------------------------------------------------------------------


def find_matches(text: str | NormText, phrase: str | Matcher) -> list[Match]:
    """All non-overlapping matches of ``phrase`` in ``text``, in order."""
    return list(_matcher(phrase).finditer(text))


def find(text: str | NormText, phrase: str | Matcher) -> list[tuple[int, int]]:
    """``(start, end)`` spans in the ORIGINAL text of every match of ``phrase``."""
    return _matcher(phrase).find(text)


def search(text: str | NormText, phrase: str | Matcher) -> Match | None:
    """The first match of ``phrase`` in ``text``, or None."""
    return _matcher(phrase).search(text)


def contains(text: str | NormText, phrase: str | Matcher) -> bool:
    return _matcher(phrase).search(text) is not None


def contains_any(text: str | NormText, phrases: Iterable[str | Matcher]) -> Match | None:
    """The EARLIEST match in ``text`` of any of ``phrases`` (ties: the longer match, then the
    phrase listed first), or None.  Use it for "X before Y" rules."""
    if isinstance(phrases, (str, Matcher)):
        phrases = [phrases]
    nt = prepare(text)
    best: Match | None = None
    for p in phrases:
        m = _matcher(p).search(nt)
        if m is not None and (best is None or (m.start, -m.end) < (best.start, -best.end)):
            best = m
    return best


def first_position(text: str | NormText, phrases: Iterable[str | Matcher]) -> int | None:
    """Start (in the original text) of the earliest match of any phrase, or None."""
    m = contains_any(text, phrases)
    return None if m is None else m.start


def comes_before(
    text: str | NormText, first: Iterable[str | Matcher], then: Iterable[str | Matcher]
) -> bool | None:
    """Whether the earliest ``first`` phrase starts before the earliest ``then`` phrase.
    None when either group does not occur at all (the rubric decides what that means)."""
    nt = prepare(text)
    a = first_position(nt, first)
    b = first_position(nt, then)
    if a is None or b is None:
        return None
    return a < b


def find_all(text: str | NormText, phrases: Iterable[str | Matcher]) -> list[Match]:
    """Every match of every phrase, sorted by position (may overlap; see merge_spans)."""
    if isinstance(phrases, (str, Matcher)):
        phrases = [phrases]
    nt = prepare(text)
    out = [m for p in phrases for m in _matcher(p).finditer(nt)]
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def merge_spans(spans: Iterable[tuple[int, int] | Match]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or touching spans (for highlighting)."""
    pairs = sorted((s.span if isinstance(s, Match) else (s[0], s[1])) for s in spans)
    merged: list[tuple[int, int]] = []
    for a, b in pairs:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------


def _original(text: str | NormText) -> str:
    if isinstance(text, NormText):
        return text.original
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return text


def cjk_share(text: str | NormText) -> float:
    """Share of CJK characters among CJK characters and Latin-script letters (0.0 if none)."""
    text = _original(text)
    cjk = len(_CJK_CHAR_RE.findall(text))
    latin = len(_LATIN_LETTER_RE.findall(text))
    total = cjk + latin
    return cjk / total if total else 0.0


def language_of(text: str | NormText, *, threshold: float = 0.3, default: str = "en") -> str:
    """``"zh"`` or ``"en"``.  One Chinese character carries about as much as a short English
    word, so a reply counts as Chinese once CJK characters are ``threshold`` (30 %) of all
    letters: "非常抱歉，我们会 refund" is zh, "Dear 王芳, we will refund you today" is en.
    ``default`` is returned for text with no letters at all."""
    text = _original(text)
    cjk = len(_CJK_CHAR_RE.findall(text))
    latin = len(_LATIN_LETTER_RE.findall(text))
    if cjk + latin == 0:
        return default
    return "zh" if cjk / (cjk + latin) >= threshold else "en"


# --------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------

# Characters allowed between the digits of one phone number (after NFKC), at most
# _MAX_SEP_RUN in a row: "138 - 1234 - 5678", "(010) 1234-5678", "138.1234.5678".
_PHONE_SEPS = frozenset(" -.()/\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00b7\u30fb")
_MAX_SEP_RUN = 3
# Country calling codes stripped from a rubric's number given as +CC / 00CC (longest first).
_COUNTRY_CODES = ("852", "853", "886", "86", "1", "44", "61", "65", "60", "81", "82", "64", "66", "91",
                  "49", "33")


@dataclass(frozen=True)
class PhoneNumber:
    """A run of digits in a text; ``start``/``end`` index the original text."""

    digits: str
    start: int
    end: int
    raw: str


def _digit(ch: str) -> int:
    return unicodedata.decimal(ch, -1) if not ("0" <= ch <= "9") else ord(ch) - 48


def _is_phone_sep(ch: str) -> bool:
    if ch.isspace() or ch in _PHONE_SEPS:
        return True
    if ch.isascii():
        return False
    folded = unicodedata.normalize("NFKC", ch)
    return len(folded) == 1 and (folded.isspace() or folded in _PHONE_SEPS)


def _digit_runs(text: str) -> list[tuple[str, list[int]]]:
    """Runs of digits separated only by short runs of phone separators, with the position of
    every digit."""
    runs: list[tuple[str, list[int]]] = []
    digits: list[str] = []
    positions: list[int] = []
    seps = 0
    for i, ch in enumerate(text):
        d = _digit(ch)
        if d >= 0:
            digits.append(chr(48 + d))
            positions.append(i)
            seps = 0
        elif digits and seps < _MAX_SEP_RUN and _is_phone_sep(ch):
            seps += 1
        elif digits:
            runs.append(("".join(digits), positions))
            digits, positions, seps = [], [], 0
    if digits:
        runs.append(("".join(digits), positions))
    return runs


def normalise_phone(s: str) -> str:
    """The digits of a phone number, ASCII, without separators: "１３８-1234 5678" → "13812345678"."""
    return "".join(chr(48 + d) for ch in s if (d := _digit(ch)) >= 0)


def _phone_core(number: str) -> str:
    """The part of a number that must appear in a leak: without +CC/00CC and the trunk 0."""
    digits = normalise_phone(number)
    stripped = unicodedata.normalize("NFKC", number).strip()
    international = stripped.startswith("+") or digits.startswith("00")
    digits = digits.removeprefix("00")
    if international:
        for cc in _COUNTRY_CODES:
            if digits.startswith(cc) and len(digits) - len(cc) >= 6:
                digits = digits[len(cc):]
                break
    elif digits.startswith("86") and len(digits) == 13 and digits[2] == "1":  # 86 + CN mobile
        digits = digits[2:]
    core = digits.lstrip("0")
    return core if len(core) >= 5 else digits


def extract_phone_numbers(text: str | NormText, *, min_digits: int = 7) -> list[PhoneNumber]:
    """Phone-like digit runs (at least ``min_digits`` digits; separators allowed between)."""
    text = _original(text)
    out = []
    for digits, positions in _digit_runs(text):
        if len(digits) >= min_digits:
            start, end = positions[0], positions[-1] + 1
            if start > 0 and text[start - 1] in "+\uff0b":
                start -= 1
            out.append(PhoneNumber(digits, start, end, text[start:end]))
    return out


def find_phone(text: str | NormText, number: str) -> list[tuple[int, int]]:
    """Spans of ``text`` where the phone ``number`` appears, whatever the separators, digit
    width or country prefix.  Masked numbers ("138****5678") do not match."""
    text = _original(text)
    core = _phone_core(number)
    if not core:
        raise ValueError(f"{number!r} contains no digits")
    spans = []
    for digits, positions in _digit_runs(text):
        i = digits.find(core)
        while i >= 0:
            spans.append((positions[i], positions[i + len(core) - 1] + 1))
            i = digits.find(core, i + len(core))
    return spans


def contains_phone(text: str | NormText, number: str) -> bool:
    return bool(find_phone(text, number))
