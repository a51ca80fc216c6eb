"""The results store: append-only answers, durability under SIGKILL and many concurrent writers, on SQLite
and on a throwaway PostgreSQL server."""
import inspect
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from support import ROOT
from support.drill import yesno_scenario_file

from sim.drill.attempts import AttemptLog
from sim.store.results import DuplicateAnswer, Store, StoreError, default_url


def _python(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


# --- basics ---------------------------------------------------------------------------------------

def test_default_url_is_a_sqlite_file_in_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("DRILL_DB", raising=False)
    url = default_url()
    assert url.startswith("sqlite:///") and url.endswith("drills.sqlite")
    assert "complaint-drill-kit" in url
    monkeypatch.setenv("DRILL_DB", str(tmp_path / "x.sqlite"))
    assert default_url() == f"sqlite:///{tmp_path / 'x.sqlite'}"
    monkeypatch.setenv("DRILL_DB", "postgresql+psycopg://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"


def _parameters(fn) -> list[tuple]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


def test_the_store_is_an_attempt_log_method_for_method():
    """The drill talks to an AttemptLog; the kit hands it a Store: a method renamed or a parameter
    changed on either side fails here, not in a trainee's session."""
    methods = [name for name, fn in vars(AttemptLog).items() if inspect.isfunction(fn) and not name.startswith("_")]
    assert {"start_attempt", "attempt", "add_answer", "answers", "save_score", "finish_attempt"} <= set(methods)
    for name in methods:
        assert callable(getattr(Store, name, None)), f"Store has no {name}()"
        assert _parameters(getattr(Store, name)) == _parameters(getattr(AttemptLog, name)), name
    with pytest.raises(StoreError, match="no attempt 99"):          # what the protocol says attempt() raises
        Store("sqlite://").attempt(99)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    with store._connect().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_answers_are_append_only(db_url):
    store = Store(db_url)
    attempt = store.start_attempt("Ann", "sc", "hash", "en")
    first = store.add_answer(attempt, "q1", ["a", "b"], 3.5)
    assert store.answers(attempt)[0].value == ["a", "b"] and first.elapsed == 3.5
    with pytest.raises(DuplicateAnswer):
        store.add_answer(attempt, "q1", ["c"])
    assert [a.value for a in store.answers(attempt)] == [["a", "b"]]
    store.finish_attempt(attempt)
    with pytest.raises(StoreError, match="finished"):
        store.add_answer(attempt, "q2", "x")
    assert store.attempt(attempt).status == "finished"
    with pytest.raises(StoreError, match="no attempt 999"):
        store.attempt(999)


def test_trainees_cohorts_and_attempt_listing(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    cohort = store.cohort("Hotline 2026", 2026, pass_mark=0.8)
    assert store.cohort("Hotline 2026", 2026) == cohort
    ann = store.trainee("Ann", cohort)
    assert store.trainee(" Ann ") == ann
    a1 = store.start_attempt("Ann", "s1", "h", "en")
    a2 = store.start_attempt("Ann", "s2", "h", "zh")
    store.start_attempt("Bo", "s1", "h", "en")
    assert [a.id for a in store.attempts(trainee="Ann")] == [a2, a1]
    assert [a.id for a in store.attempts(trainee="Ann", scenario_id="s1")] == [a1]
    assert store.attempt(a2).language == "zh"
    with pytest.raises(StoreError):
        store.trainee("  ")


def test_a_bad_database_url_is_one_clear_error():
    with pytest.raises(StoreError, match="not a database URL"):
        Store("not a url://")


# --- durability -----------------------------------------------------------------------------------

KILLED_DRILL = """
    import sys
    from sim import load_scenario
    from sim.drill.session import DrillSession
    from sim.store.results import Store
    session = DrillSession(load_scenario(sys.argv[1]), "Kim", "en", Store(sys.argv[2]))
    print("ATTEMPT", session.attempt_id, flush=True)
    while (prompt := session.next_prompt()) is not None:
        session.answer(prompt.id, "yes")
        print("ACK", prompt.id, flush=True)     # only after answer() returned: acknowledged
    print("DONE", flush=True)
"""


def test_sigkill_mid_drill_loses_no_acknowledged_answer(db_url, tmp_path):
    from sim import load_scenario
    from sim.drill.session import DrillSession
    scenario_file = yesno_scenario_file(tmp_path / "many.yaml", 300)
    child = _python(KILLED_DRILL, str(scenario_file), db_url)
    acked: list[str] = []
    attempt = None
    deadline = time.monotonic() + 60
    while len(acked) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        kind, _, value = line.strip().partition(" ")
        if kind == "ATTEMPT":
            attempt = int(value)
        elif kind == "ACK":
            acked.append(value)
    os.kill(child.pid, signal.SIGKILL)
    rest, err = child.communicate(timeout=30)
    acked += [line.split()[1] for line in rest.splitlines() if line.startswith("ACK ")]
    assert child.returncode == -signal.SIGKILL, err
    assert "DONE" not in rest, "the drill finished before it was killed; the test proves nothing"
    assert attempt is not None and len(acked) >= 40, err

    store = Store(db_url)
    stored = [a.prompt_id for a in store.answers(attempt)]
    assert set(acked) <= set(stored)
    assert len(stored) < 300
    # The attempt continues where it stopped.
    session = DrillSession.resume(load_scenario(scenario_file), attempt, store=store)
    assert list(session.answers) == stored
    assert session.next_prompt().id == f"q{len(stored):03d}"


def _writer(url: str, worker: int, n: int, go, results) -> None:
    """One trainee's process: its own store connection (opened after the fork), n answers."""
    try:
        store = Store(url)
        attempt = store.start_attempt(f"trainee-{worker}", "load-test", "hash", "en")
        go.wait(60)                 # start together: the most contention
        for i in range(n):
            store.add_answer(attempt, f"p{i:03d}", {"worker": worker, "i": i}, 0.1)
        results.put((worker, attempt, None))
    except BaseException as exc:    # noqa: BLE001 - whatever reached the user is the test's finding
        results.put((worker, None, f"{type(exc).__name__}: {exc}"))


def test_twenty_processes_write_two_hundred_answers_each(db_url):
    import multiprocessing
    workers, per_worker = 20, 200
    Store(db_url).close()        # the schema exists before the workers start, as in a real deployment
    ctx = multiprocessing.get_context("fork")     # forked workers skip re-importing the kit
    go, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db_url, w, per_worker, go, results)) for w in range(workers)]
    for p in procs:
        p.start()
    go.set()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(60)
    errors = [err for _, _, err in outcomes if err]
    assert not errors, errors[:3]
    assert all(p.exitcode == 0 for p in procs)
    store = Store(db_url)
    assert store.count_answers() == workers * per_worker
    for _, attempt, _ in outcomes:
        assert len(store.answers(attempt)) == per_worker
