"""Strings of the kit's history part, in English and Simplified Chinese (merged by :mod:`sim.i18n`)."""
from __future__ import annotations

HISTORY_STRINGS: dict[str, dict[str, str]] = {
}
