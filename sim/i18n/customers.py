"""Strings of the kit's customers part, in English and Simplified Chinese (merged by :mod:`sim.i18n`)."""
from __future__ import annotations

CUSTOMER_STRINGS: dict[str, dict[str, str]] = {
}
