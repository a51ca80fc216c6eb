"""Strings for Chinese plots, fonts and plain-language names on scorecards and the terminal drill (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_ZH_STRINGS: dict[str, dict[str, str]] = {}
