"""Strings for the command line (help, --version, run output) (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_CLI_STRINGS: dict[str, dict[str, str]] = {}
