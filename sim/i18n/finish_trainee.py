"""Strings for the trainee drill app (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_TRAINEE_STRINGS: dict[str, dict[str, str]] = {}
