"""Strings for the command drill (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_COMMAND_STRINGS: dict[str, dict[str, str]] = {}
