"""Debian's Chromium driven by Playwright, for the browser tests: where it is, how it is started, and what a
test does when it is missing (skips with the command that installs it; fails under CI, which must run them)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# No sandbox (containers run as root), no GPU, and nothing the browser would fetch on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_browser(what: str = "the browser test") -> None:
    """Skip (fail under CI=true) unless Chromium and Playwright for Python are installed."""
    problem = None
    if not Path(CHROMIUM).exists():
        problem = f"Debian Chromium not found at {CHROMIUM}; install with: apt-get install chromium"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright for Python is missing; install with: pip install playwright"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem} (CI must run {what})", pytrace=False)
        pytest.skip(problem)
