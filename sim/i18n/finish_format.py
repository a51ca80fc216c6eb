"""Strings for scenario checks, the JSON schema and the scenario picker (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_FORMAT_STRINGS: dict[str, dict[str, str]] = {}
