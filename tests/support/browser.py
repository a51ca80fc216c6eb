"""Debian's Chromium driven by Playwright, for the browser tests: where it is, how it is started, and what a
test does when it is missing (skips with the command that installs it; fails under CI, which must run them)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from support import free_port

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


@contextmanager
def voila_server(target: Path, base: Path, *args: str, cwd: Path | None = None, db: Path | None = None):
    """Voila serving ``target`` (a notebook or a folder) on a free port of 127.0.0.1, its Jupyter folders, temp
    files and log in ``base``, results in ``db`` (``$DRILL_DB``); yields the server's base URL once it listens.
    Stopped with the kernels it started (its own process group)."""
    port = free_port()
    env = dict(os.environ, TMPDIR=str(base), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
               IPYTHONDIR=str(base / "ipython"), MPLCONFIGDIR=str(base / "mpl"), JUPYTER_PLATFORM_DIRS="1")
    if db is not None:
        env["DRILL_DB"] = f"sqlite:///{db}"
    log_path = base / "voila.log"
    log = log_path.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "voila", str(target), "--no-browser", f"--port={port}",
                             "--Voila.ip=127.0.0.1", "--strip_sources=True", *args], cwd=cwd or target.parent,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Voila exited ({proc.returncode}):\n{log_path.read_text()}", pytrace=False)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Voila did not listen on {url}:\n{log_path.read_text()}", pytrace=False)
                time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)     # Voila and the kernels it started (its own session)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        log.close()
