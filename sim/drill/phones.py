"""Phone numbers in a reply: the privacy check that a customer's number is not repeated back.

A ``must_not`` check may name the customer's phone number. :func:`find_phone` compares digit sequences
ignoring separators, full-width digits and country codes, so ``138-1234-5678`` is caught in
``13812345678``, ``138 1234 5678``, ``+86 138 1234 5678`` or ``１３８１２３４５６７８``; a masked
number (``138****5678``) is not a leak.

    >>> find_phone("Call me on +86 138 1234 5678", "138-1234-5678")
    [(15, 28)]
    >>> contains_phone("Call me on 138****5678", "13812345678")
    False
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sim.drill.text import NormText, original_text

__all__ = ["PhoneNumber", "contains_phone", "extract_phone_numbers", "find_phone", "normalise_phone"]


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
    text = original_text(text)
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
    text = original_text(text)
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
