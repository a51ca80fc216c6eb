"""Hostile and careless files: each is refused with one line naming the file (and the line and field
where there is one), exit status 2, no traceback, quickly and in bounded memory.

The corpus is ``tests/data/bad/hostile/*.yaml.bad`` (the suffix keeps them out of ``check tests/data/bad``,
whose file count another test fixes); what is too big to keep is generated here: deep nesting, a 60 MB
file, a file of 3 000 injects just under the size limit, ``/dev/zero`` and a named pipe.

Each check runs in a process of its own, as ``python -m sim check FILE`` does (``sim.cli.main``), under
a memory cap (``RLIMIT_AS``: the address space a check of a small valid scenario reaches, plus 300 MB) and
a timeout; the process measures the check itself, apart from the interpreter's start-up (importing the
kit), and each run prints its time and memory. One run of ``python -m sim check`` over the whole corpus
checks the command as a user types it.
"""
import json
import os
import sys

import pytest
from support import DATA, ROOT

from sim.cli import main

HOSTILE = DATA / "bad" / "hostile"
BUDGET_SECONDS = 5.0
BUDGET_BYTES = 300 * 1024 * 1024

# file -> (line, field, words the message must contain); line None: a message about the whole file
EXPECTED = {
    "alias_bomb": (8, "lol5[0]", "more than 100,000 values, each alias counted as the values it stands for"),
    "alias_recursive": (2, "id[0]", "alias *a is used inside the value it names"),
    "before_cycle": (72, "drill.injects[1].prompts[1].rubric[0].before",
                     "circle: apologise → explain → solve → apologise"),
    "branch_cycle": (57, "drill.injects[1].when", "in a circle: follow → reminder → follow"),
    "complaints_huge": (2, "", "the scenario expects 648,384,132 complaints; the limit is 1,000,000"),
    "control_character": (58, "drill.injects[1].message.en", "control character U+202E"),
    "cv_nan": (32, "service_times.specialist.resolve.lognormal.cv", "'.nan' is not a finite number"),
    "horizon_huge": (6, "horizon", "'99999999w' is longer than the limit of 366d"),
    "lognormal_cv_huge": (32, "service_times.specialist.resolve.lognormal.cv", "1e+308 is above the limit of 100"),
    "plan_dev_zero": (4, "plan", "plan file '/dev/zero' is outside the scenario's folder"),
    "plan_outside": (4, "plan", "is outside the scenario's folder and the kit's plans folder"),
    "points_inf": (49, "drill.injects[0].prompts[0].points", "'.inf' is not a finite number"),
    "points_quoted_inf": (49, "drill.injects[0].prompts[0].points", "'inf' is not a finite number"),
    "rate_huge": (18, "incidents[0].peak_per_hour", "1e+308 is above the limit of 100,000"),
    "seed_5000_digits": (7, "seed", "an integer of 5,000 digits; the limit is 30"),
    "staff_huge": (25, "staffing.frontline.shifts[0].staff", "1e+30 is above the limit of 10,000"),
    "truncated_drill": (36, "drill", "no value after the key"),
    "truncated_inject": (54, "drill.injects[1]", "an empty list entry"),
}

# `python -m sim check ARGS` in a process of its own, measuring the check apart from importing the kit.
_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from sim.cli import main                       # what `python -m sim` runs
imported = time.perf_counter()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = main(["check", *sys.argv[1:]])
seconds = time.perf_counter() - imported
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
vm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmPeak:"))
print(json.dumps({"startup": imported - started, "seconds": seconds, "growth": (peak - before) * 1024,
                  "peak": peak * 1024, "address_space": vm * 1024}))
sys.exit(status)
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc are Linux's")


def capped_check(path, cap: int) -> dict:
    """Check ``path`` in a child process whose address space is capped at ``cap`` bytes (0: no cap)."""
    import resource
    import subprocess

    def limit():
        if cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=False, capture_output=True, text=True, cwd=ROOT,
                         preexec_fn=limit, timeout=120)
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    measured = json.loads(last) if last.startswith("{") else {}
    return {"rc": run.returncode, "err": run.stderr, **measured}


@pytest.fixture(scope="module")
def baseline():
    """What checking a small valid scenario costs; the memory cap is its address space plus 300 MB."""
    run = capped_check(DATA / "good_small.yaml", 0)
    assert run["rc"] == 0, run["err"]
    return run


def assert_refused(run: dict, baseline: dict, shown: str, prefix: str, words: str) -> None:
    """Exit 2, no traceback, one line starting ``prefix`` with ``words``, within the time and memory budget."""
    assert run["rc"] == 2, run["err"]
    print(f"{shown}: check {run['seconds']:.3f} s (start-up {run['startup']:.1f} s), memory +{run['growth'] / 2**20:.0f} MB"
          f" (peak {run['peak'] / 2**20:.0f} MB; a valid small scenario: {baseline['seconds']:.3f} s, "
          f"+{baseline['growth'] / 2**20:.0f} MB)")
    assert "Traceback" not in run["err"] and "Error:" not in run["err"], run["err"]
    lines = run["err"].strip().splitlines()
    assert len(lines) == 2 and lines[-1] == "1 of 1 files have problems", run["err"]
    assert lines[0].startswith(prefix) and words in lines[0], lines[0]
    assert run["seconds"] < BUDGET_SECONDS
    assert run["growth"] < BUDGET_BYTES


def prefix_of(path, line, field) -> str:
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {field}: " if field else f"{where}: "


# --- the corpus, in process: the message of each ------------------------------------------------------

def test_every_hostile_file_has_an_expectation():
    assert {p.name.removesuffix(".yaml.bad") for p in HOSTILE.glob("*.yaml.bad")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_message(name, capsys):
    line, field, words = EXPECTED[name]
    path = f"tests/data/bad/hostile/{name}.yaml.bad"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["check", path]) == 2
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err                      # one problem, then the summary
    assert lines[0].startswith(prefix_of(path, line, field)), lines[0]
    assert words in lines[0], lines[0]


def test_hostile_messages_in_chinese(capsys):
    for name, words in [("horizon_huge", "超过时长上限 366d"), ("branch_cycle", "follow → reminder → follow"),
                        ("alias_bomb", "取值超过 100,000 个"), ("truncated_drill", "文件可能被截断")]:
        assert main(["--lang", "zh", "check", str(HOSTILE / f"{name}.yaml.bad")]) == 2
        assert words in capsys.readouterr().err


# --- the CLI under a memory cap -------------------------------------------------------------------------

@linux_only
@pytest.mark.parametrize("name", ["alias_bomb", "alias_recursive", "horizon_huge", "staff_huge", "rate_huge",
                                  "points_inf", "seed_5000_digits", "branch_cycle", "before_cycle", "plan_dev_zero",
                                  "complaints_huge"])
def test_cli_refuses_hostile_file_quickly_in_bounded_memory(name, baseline):
    path = HOSTILE / f"{name}.yaml.bad"
    line, field, words = EXPECTED[name]
    run = capped_check(path.relative_to(ROOT), baseline["address_space"] + BUDGET_BYTES)
    assert_refused(run, baseline, name, prefix_of(path.relative_to(ROOT), line, field), words)


@linux_only
def test_the_command_refuses_the_whole_corpus_under_a_cap(baseline):
    """``python -m sim check`` as typed, every hostile file at once: one line each, exit 2, no traceback."""
    import resource
    import subprocess
    files = sorted(str(p.relative_to(ROOT)) for p in HOSTILE.glob("*.yaml.bad"))
    cap = baseline["address_space"] + BUDGET_BYTES
    run = subprocess.run([sys.executable, "-m", "sim", "check", *files, "/dev/zero"], check=False, capture_output=True,
                         text=True,
                         cwd=ROOT, timeout=120, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines[-1] == f"{len(files) + 1} of {len(files) + 1} files have problems"
    assert sorted(line.partition(":")[0] for line in lines[:-1]) == sorted([*files, "/dev/zero"])


@linux_only
@pytest.mark.parametrize("levels", [60, 1_000, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(levels, baseline, tmp_path):
    block = min(levels, 1_000)        # indented one space a level: 1 000 levels are half a megabyte
    for name, text in [("flow", "a: " + "[" * levels + "]" * levels + "\n"),
                       ("block", "".join(" " * i + "k:\n" for i in range(block)) + " " * block + "v\n")]:
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        run = capped_check(path, baseline["address_space"] + BUDGET_BYTES)
        assert_refused(run, baseline, f"{name} nesting {levels}", f"{path}:", "nested more than 50 levels deep")


@linux_only
def test_dev_zero_and_a_named_pipe_are_not_read(baseline, tmp_path):
    run = capped_check("/dev/zero", baseline["address_space"] + BUDGET_BYTES)
    assert_refused(run, baseline, "/dev/zero", "/dev/zero: ", "not a regular file (a device)")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)                                  # nobody writes to it: reading it would wait for ever
    run = capped_check(pipe, baseline["address_space"] + BUDGET_BYTES)
    assert_refused(run, baseline, "named pipe", f"{pipe}: ", "not a regular file (a named pipe)")


@linux_only
def test_a_60_mb_file_is_refused_before_it_is_read(baseline, tmp_path):
    path = tmp_path / "big.yaml"
    inject = '  - {id: i%d, at: "T+00:05", channel: hotline, message: "%s"}\n'
    with path.open("w") as f:
        f.write("id: big\ndrill:\n injects:\n")
        n = 0
        while f.tell() < 60 * 2**20:
            f.write(inject % (n, "x" * 200))
            n += 1
    run = capped_check(path, baseline["address_space"] + BUDGET_BYTES)
    assert_refused(run, baseline, "60 MB", f"{path}: ", "bytes; the limit is 524,288 bytes")


@linux_only
def test_thousands_of_injects_under_the_size_limit_are_refused_quickly(baseline, tmp_path):
    text = (DATA / "good_small.yaml").read_text().replace("plan: ../../scenarios", f"plan: {ROOT}/scenarios")
    text = text[: text.index("  injects:")] + "  injects:\n"
    n = 0
    while len(text) < 500_000:
        text += f'    - {{id: i{n}, at: "T+00:05", channel: hotline, message: "{n} {"hello " * 15}"}}\n'
        n += 1
    path = tmp_path / "many.yaml"
    path.write_text(text)
    run = capped_check(path, baseline["address_space"] + BUDGET_BYTES)
    assert_refused(run, baseline, f"{n} injects", f"{path}:37: drill.injects: ", f"{n:,} entries; at most 500")
