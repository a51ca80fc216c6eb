"""Plain-text tables that line up in a terminal in both languages.

A Chinese character takes two terminal columns, so ``len()`` cannot align columns that mix scripts;
:func:`display_width` counts columns the way terminals draw them (East Asian Wide and Fullwidth count 2).

    >>> display_width("KPI"), display_width("首次响应")
    (3, 8)
    >>> print(text_table([("a", "首次"), ("bbbb", "x")]))
    a     首次
    bbbb  x
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` terminal columns."""
    return text + " " * (width - display_width(text))


def text_table(rows: Sequence[Sequence[str]], gap: str = "  ") -> str:
    """Rows of cells as aligned lines (trailing spaces stripped)."""
    if not rows:
        return ""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(gap.join(pad(cell, widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows)
