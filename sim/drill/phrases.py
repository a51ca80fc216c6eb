"""Rubric phrases: how a phrase, a regular expression or a person's name is found in a reply.

A rubric criterion lists short phrases ("抱歉", "apologise", "any inconvenience"); a ``must_not``
check lists phrases, a regular expression or a customer's name. Each is compiled once into a
:class:`Matcher` that runs on the reply's normal form (:mod:`sim.drill.text`) and reports every match
as a span of the *original* reply, so feedback can quote it and rules can check order ("apologise
before you offer a solution").

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

    >>> reply = "We apologised for any   inconvenience. 對不起！"
    >>> [m.text for m in find_all(reply, ["apologise", "any inconvenience", "对不起"])]
    ['apologised', 'any   inconvenience', '對不起']
    >>> contains("We will recall the batch", "call")
    False

Regular expressions (:func:`compile_regex`) run on the normalised reply (lower case,
Simplified Chinese, punctuation as single spaces), case-insensitive; Han characters in the
pattern are converted to Simplified so authors may write either script.

Names (:func:`compile_name`) match a person's name in Chinese or English as an exact phrase.

Compiled phrases are cached, so scoring one reply against many phrases compiles each phrase once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from sim.drill.text import NormText, prepare, to_simplified
from sim.i18n.script import CJK_CHAR, CJK_RANGES

__all__ = [
    "Match",
    "Matcher",
    "comes_before",
    "compile_name",
    "compile_phrase",
    "compile_regex",
    "contains",
    "contains_any",
    "find",
    "find_all",
    "find_matches",
    "first_position",
    "merge_spans",
    "search",
]

# A "Latin" word character: a regex word character that is not CJK (letters of alphabetic
# scripts, digits).  After normalisation "_" never occurs (it is punctuation).
_LW = f"[^\\W{CJK_RANGES}]"
_STAR = "\ue000"  # private-use placeholder for a rubric author's "*" while a phrase is normalised


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
    f"(?P<sep> )|(?P<star>{_STAR})|(?P<cjk>[{CJK_RANGES}])"
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
    # (not cached: phrases must not evict replies from the cache)
    norm = prepare(phrase.replace("*", _STAR).replace("\uff0a", _STAR), cache=False).text
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
    converted = to_simplified(pattern)
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
        words = prepare(form, cache=False).text.split(" ")
        if either_order and len(words) == 2 and not any(CJK_CHAR.search(w) for w in words):
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
