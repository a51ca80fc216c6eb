"""Strings of the kit's calibrate part, in English and Simplified Chinese (merged by :mod:`sim.i18n`)."""
from __future__ import annotations

CALIBRATE_STRINGS: dict[str, dict[str, str]] = {
}
