"""The drill capacity benchmark, run small: two trainees drill on a real Voila server over the widget protocol.

A smoke test of ``benchmarks/drill_capacity.py`` (about 30 s on a quiet machine): both trainees get from the
page request to the scorecard, every submit is timed, the server's memory is read, both kernels are alive
when the drill ends (the pages stay open) and culled within the short idle timeout given. Latency targets
are not checked here: they depend on the machine (the full benchmark prints them).
"""
import json
import subprocess
import sys

from support import ROOT

BENCHMARK = ROOT / "benchmarks" / "drill_capacity.py"


def test_two_trainees_drill_and_their_idle_kernels_are_culled(tmp_path):
    out = tmp_path / "figures.json"
    run = subprocess.run([sys.executable, str(BENCHMARK), "--trainees", "2", "--join-rate", "60", "--overlap", "5",
                          "--min-drill", "5", "--cull-idle", "5", "--cull-interval", "1", "--no-browser",
                          "--json", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)
    assert run.returncode in (0, 1), run.stdout + run.stderr        # 1: a latency target missed, not a failure
    assert "Traceback" not in run.stderr, run.stderr
    (f,) = json.loads(out.read_text())["rounds"]
    assert f["errors"] == [] and f["finished"] == 2 and f["peak_in_drill"] == 2, f
    assert f["submits"] >= 14                                     # the shortest drill has 7 prompts each
    assert 0 < f["submit_p50_s"] <= f["submit_p95_s"] <= f["submit_max_s"]
    to_kernel, in_kernel, back = f["split_median_s"]               # the kernel's own timestamps were read
    assert 0 <= to_kernel < f["submit_p50_s"] and 0 < in_kernel <= f["submit_max_s"] and back >= 0
    assert f["alive_at_scorecard"] == 2 and f["kernels_at_end"] == 2 and f["kernels_after_cull"] == 0, f
    assert 5 <= f["culled_min_s"] <= f["culled_max_s"] <= 5 + 1 + 20      # idle timeout, check interval, margin
    assert 50 < f["mib_per_trainee"] < 2000 and f["server_cpu_per_trainee_s"] > 0
    assert "N = 2" in run.stdout and "2 when the last trainee finished (+0 s), 0 still alive 26 s later" in run.stdout


def test_bad_options_are_refused_in_one_line():
    run = subprocess.run([sys.executable, str(BENCHMARK), "--drill", "no-such-drill", "--no-browser"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2
    assert run.stdout.strip().splitlines()[-1] == "drill_capacity: --drill: no drill 'no-such-drill' in the library " \
        f"({ROOT / 'scenarios'})"
    assert "Traceback" not in run.stderr


def test_the_benchmark_helpers_examples(monkeypatch):
    """The examples in the docstrings of the arrival schedule, the percentiles and the pacing."""
    import doctest
    import importlib
    monkeypatch.syspath_prepend(str(ROOT))
    for name in ("benchmarks.drill_capacity", "benchmarks.capacity.trainee"):
        result = doctest.testmod(importlib.import_module(name))
        assert result.attempted >= 1 and result.failed == 0, (name, result)
