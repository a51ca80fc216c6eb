"""What text the results store accepts: the same on SQLite and PostgreSQL.

SQLite stores whatever it is given (a 1 MB name, a NUL byte); PostgreSQL refuses a NUL byte in text,
an unpaired surrogate, a string longer than its column (``StringDataRightTruncation``), and NaN in JSON.
So that both backends keep and refuse the same things, every text the store writes passes through
here first, and every refusal is one line naming the field:

*labels* (a trainee's, cohort's or trainer's name, a team, a role, a scenario or prompt id, a language)
    are one line: leading and trailing spaces are dropped; a control character (tab and newline
    included) or a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069: they make a
    name read differently from what it is) is refused; so is a label longer than its column
    (:func:`limit`, 200 characters for names and ids).
*free text* (an answer, a draft, a trainer's comment) may run over several lines: tab and newline
    stay (``\\r\\n`` and ``\\r`` become ``\\n``), other control characters and the bidi controls are
    removed, an unpaired surrogate becomes U+FFFD, NaN and infinities become null; the whole value,
    as JSON, may hold at most :data:`ANSWER_CHARS` characters (a reply of many pages).

    >>> label("  Ann Lee ", "trainee")
    'Ann Lee'
    >>> label("Ann\\x00", "trainee")
    Traceback (most recent call last):
    sim.store.errors.StoreError: trainee name: contains the control character U+0000, which cannot be stored
    >>> free({"reply": "Dear Ms Li,\\r\\nsorry\\x00\\u202e."}, "answer")
    {'reply': 'Dear Ms Li,\\nsorry.'}
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

import sqlalchemy as sa

from sim.i18n import t
from sim.i18n.script import UNSAFE_IN_LABEL
from sim.i18n.script import clean_text as clean_script_text
from sim.store.errors import StoreError

ANSWER_CHARS = 100_000      # one answer or draft as JSON: some 40 pages of reply; no trainee comes near it
COMMENT_CHARS = 10_000      # a trainer's comment on an override
LABEL_CHARS = 200           # a label whose column has no width of its own

_SURROGATE = re.compile("[\ud800-\udfff]")


def limit(column: sa.Column) -> int:
    """The width of a text column (the longest label it keeps): one number for the schema and the checks."""
    return getattr(column.type, "length", None) or LABEL_CHARS


def field_name(field: str, lang: str) -> str:
    """The field as the user knows it ("trainee name"), from the ``drill.store.field.*`` keys."""
    return t(f"drill.store.field.{field}", lang)


def label(value: Any, field: str, lang: str = "en", size: int = LABEL_CHARS) -> str:
    """A one-line label, stripped; StoreError (one line, naming the field) if it cannot be stored as it is."""
    if not isinstance(value, str):
        raise StoreError(t("drill.store.not_text", lang, field=field_name(field, lang), type=type(value).__name__))
    text = value.strip()
    bad = UNSAFE_IN_LABEL.search(text) or _SURROGATE.search(text)
    if bad:
        raise StoreError(t("drill.store.control", lang, field=field_name(field, lang), code=f"{ord(bad.group()):04X}"))
    if len(text) > size:
        raise StoreError(t("drill.store.too_long", lang, field=field_name(field, lang), n=len(text), limit=size))
    return text


def optional_label(value: Any, field: str, lang: str = "en", size: int = LABEL_CHARS) -> str | None:
    """A label that may be left out: None and blank text are None."""
    if value is None:
        return None
    text = label(value, field, lang, size)
    return text or None


def findable(value: Any, size: int = LABEL_CHARS) -> str | None:
    """A label to look up, or None if no stored label can equal it (so the lookup finds nothing, on every
    backend, instead of PostgreSQL refusing the query)."""
    try:
        return label(value, "trainee", "en", size)
    except StoreError:
        return None


def clean_text(text: str) -> str:
    """Free text as it is stored: newlines as ``\\n``; control and bidi characters out; surrogates U+FFFD."""
    return _SURROGATE.sub("\ufffd", clean_script_text(text))


def clean_json(value: Any) -> Any:
    """A JSON-ready copy of ``value`` with every string (keys too) cleaned and NaN/infinities as null."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    return value


def free(value: Any, field: str, lang: str = "en", size: int = ANSWER_CHARS) -> Any:
    """Free text, or a JSON value holding it (an answer), cleaned; StoreError if its JSON is over ``size``."""
    try:
        # through JSON and back: what is stored is exactly what will be read back (tuples become lists)
        cleaned = clean_json(json.loads(json.dumps(value, default=str)))
    except (TypeError, ValueError, RecursionError):
        raise StoreError(t("drill.store.not_json", lang, field=field_name(field, lang))) from None
    n = len(json.dumps(cleaned, ensure_ascii=False))
    if n > size:
        raise StoreError(t("drill.store.too_long", lang, field=field_name(field, lang), n=n, limit=size))
    return cleaned


def finite_or_none(value: float | None) -> float | None:
    """A number as both backends keep it: SQLite reads NaN back as NULL, PostgreSQL keeps it; so NULL."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


__all__ = ["ANSWER_CHARS", "COMMENT_CHARS", "LABEL_CHARS", "clean_json", "clean_text", "field_name", "findable",
           "finite_or_none", "free", "label", "limit", "optional_label"]
