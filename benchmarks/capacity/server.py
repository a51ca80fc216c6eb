"""The Voila server under test: ``make drill``'s own command, with a short idle-kernel culling for the benchmark.

The command line is read from the Makefile (``make -s -n drill DRILL_KERNEL_IDLE=<s>``), so the benchmark
serves the drill exactly as a trainer does, culling options included; the culling interval is then
replaced by a shorter one so that culled kernels show within the run rather than after ``make drill``'s
60 s checks. Without ``make`` (or a recipe naming voila) the same options are used
from :data:`FALLBACK_OPTIONS`, and :attr:`VoilaServer.source` says so.

Everything the server writes stays in a temporary folder: the results store (``DRILL_DB``, SQLite), the
Jupyter runtime, config and data dirs. What the server costs is read from the process table with psutil:
the resident memory (RSS) and CPU time of the Voila process and every process under it (the kernels),
and how many kernels are alive.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import psutil

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/20_drill.ipynb"
# make drill's options when the Makefile cannot be read (keep in step with its `drill` recipe)
FALLBACK_OPTIONS = ["--no-browser", "--Voila.ip=127.0.0.1", "--strip_sources=True",
                    "--MappingKernelManager.cull_connected=True"]
CULL_IDLE = "--MappingKernelManager.cull_idle_timeout"
CULL_INTERVAL = "--MappingKernelManager.cull_interval"
CONNECTION_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")    # in a kernel's command line: its id


def raise_priority(nice: int = -10) -> bool:
    """Give this process (the trainees' clients) a higher CPU priority than the server, as browsers on the
    trainees' own machines are not slowed by the server's load; False if not permitted (not root)."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    except PermissionError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_drill_options(idle: int) -> tuple[list[str], str]:
    """Voila's options in ``make drill`` (with DRILL_KERNEL_IDLE=idle), and where they came from."""
    make = shutil.which("make")
    if make is not None:
        try:
            out = subprocess.run([make, "-s", "-n", "drill", f"DRILL_KERNEL_IDLE={idle}"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=30, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        for line in out.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            at = next((i for i, word in enumerate(words) if Path(word).name == "voila"), None)
            if at is not None and NOTEBOOK in words:
                options = [w for w in words[at + 1:] if w != NOTEBOOK]
                return options, "make -n drill (the Makefile's own options)"
    options = [*FALLBACK_OPTIONS, f"{CULL_IDLE}={idle}"]
    return options, "built-in copy of make drill's options (make or its drill recipe not found)"


@dataclass
class Usage:
    """What the server holds at one moment: memory (bytes, RSS summed), CPU seconds, the ids of the
    kernels alive."""
    rss: int
    cpu: float
    kernel_ids: set[str]

    @property
    def kernels(self) -> int:
        return len(self.kernel_ids)


class VoilaServer:
    """The drill notebook served by Voila on a free loopback port, in a temporary folder. ``cull_idle`` /
    ``cull_interval``: seconds; ``kernel_startup``: Python code every kernel runs when it starts (an IPython
    startup file; for a what-if, as the app does not do it). Use as a context manager; :meth:`usage` reads
    its cost."""

    def __init__(self, cull_idle: int, cull_interval: int, kernel_startup: str | None = None):
        self.workdir: Path | None = None          # a temporary folder while the server runs, removed after
        self.last_log = ""                         # Voila's output, kept when the folder is removed
        self.kernel_startup = kernel_startup
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        options, self.source = make_drill_options(cull_idle)
        if not any(o.startswith(CULL_IDLE) for o in options):     # the Makefile has no culling yet: add it
            options += [f"{CULL_IDLE}={cull_idle}", "--MappingKernelManager.cull_connected=True"]
            self.source += "; culling options added by the benchmark (not in make drill)"
        # (an option given twice is refused by traitlets: make drill's interval is replaced, not overridden)
        options = [o for o in options if not o.startswith((CULL_INTERVAL + "=", "--port="))]
        self.options = [*options, f"{CULL_INTERVAL}={cull_interval}", f"--port={self.port}"]
        self.command = [sys.executable, "-m", "voila", NOTEBOOK, *self.options]
        self.proc: subprocess.Popen | None = None
        self._ps: psutil.Process | None = None
        self._cpu_gone = 0.0                 # CPU seconds of kernels that exited (culled) since the start
        self._cpu_seen: dict[int, float] = {}

    def __enter__(self) -> Self:
        self._tmp = tempfile.TemporaryDirectory(prefix="drill-capacity-", ignore_cleanup_errors=True)
        w = self.workdir = Path(self._tmp.name)
        self.db, self.log_path = w / "drills.sqlite", w / "voila.log"
        env = dict(os.environ, DRILL_DB=f"sqlite:///{self.db}", TMPDIR=str(w), JUPYTER_RUNTIME_DIR=str(w / "runtime"),
                   JUPYTER_CONFIG_DIR=str(w / "config"), JUPYTER_DATA_DIR=str(w / "data"),
                   IPYTHONDIR=str(w / "ipython"), MPLCONFIGDIR=str(w / "mpl"), JUPYTER_PLATFORM_DIRS="1")
        for hub in ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL"):    # every kernel would be one hub user
            env.pop(hub, None)
        if self.kernel_startup:         # IPython runs the profile's startup files in every kernel it starts
            startup = w / "ipython" / "profile_default" / "startup"
            startup.mkdir(parents=True, exist_ok=True)
            (startup / "00-benchmark.py").write_text(self.kernel_startup)
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._ps = psutil.Process(self.proc.pid)
        self._ps.nice(0)        # the server at the normal priority (the benchmark may run above it); its
                                # kernels, started when pages are requested, inherit it
        deadline = time.monotonic() + 90
        while True:
            if self.proc.poll() is not None:
                self._fail(f"Voila exited with status {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    self._fail(f"Voila did not listen on {self.url} within 90 s")
                time.sleep(0.2)

    def _fail(self, what: str) -> None:
        """Stop, clean up and raise RuntimeError with the end of Voila's log (the folder is removed)."""
        self.__exit__()
        lines = [line.strip() for line in self.last_log.splitlines() if line.strip()]
        raise RuntimeError(f"{what}: {' | '.join(lines[-2:]) or 'no output'}")

    def __exit__(self, *exc) -> None:
        if self.workdir is None:
            return
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)     # Voila and its kernels (its own session)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        self._log.close()
        self.last_log = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        self._tmp.cleanup()
        self.workdir = None
    def _processes(self) -> list[psutil.Process]:
        try:
            return [self._ps, *self._ps.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def _kernel_id(self, p: psutil.Process) -> str | None:
        """The id of the kernel this process is (None if it is not a kernel)."""
        if p.pid == self._ps.pid:
            return None
        try:
            cmdline = p.cmdline()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None
        if not any("ipykernel" in part for part in cmdline):
            return None
        found = next((m for m in map(CONNECTION_FILE.search, cmdline) if m), None)
        return found.group(1) if found else f"pid-{p.pid}"

    def usage(self) -> Usage:
        """Memory (RSS), CPU seconds (kernels already gone included) and the kernels alive, now."""
        rss, alive, kernel_ids = 0, {}, set()
        for p in self._processes():
            try:
                with p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    alive[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                continue
            kernel = self._kernel_id(p)
            if kernel is not None:
                kernel_ids.add(kernel)
        for pid, seen in list(self._cpu_seen.items()):
            if pid not in alive:                  # exited: keep the CPU it had used when last seen
                self._cpu_gone += seen
                del self._cpu_seen[pid]
        self._cpu_seen.update(alive)
        cpu = self._cpu_gone + sum(alive.values())
        return Usage(rss, cpu, kernel_ids)

    def own_cpu(self) -> float:
        """CPU seconds of the Voila process itself (pages, static files, websocket traffic)."""
        t = self._ps.cpu_times()
        return t.user + t.system

    def kernel_cpu(self, kernel_id: str) -> float | None:
        """CPU seconds of the kernel with this id so far (None if it is not alive)."""
        for p in self._processes():
            if self._kernel_id(p) == kernel_id:
                try:
                    t = p.cpu_times()
                    return t.user + t.system
                except psutil.NoSuchProcess:
                    return None
        return None

    def kernel_rss(self) -> list[int]:
        """The RSS of each kernel alive, bytes."""
        out = []
        for p in self._processes():
            try:
                if self._kernel_id(p) is not None:
                    out.append(p.memory_info().rss)
            except psutil.NoSuchProcess:
                pass
        return out


__all__ = ["FALLBACK_OPTIONS", "Usage", "VoilaServer", "make_drill_options", "raise_priority"]
