"""Strings for the trainer dashboard, the AAR and the exports (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_TRAINER_STRINGS: dict[str, dict[str, str]] = {}
