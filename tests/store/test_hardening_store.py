"""Issue 21, the results database: it opens or says why in one line, never shows a password, refuses an
in-memory database, keeps and refuses the same text on SQLite and PostgreSQL, scores a finish from
what is stored, and starts one attempt per trainee and scenario however many start at once."""
import multiprocessing
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.drill import small_scenario

from sim.drill.session import DrillSession, SessionError, rescore
from sim.store.errors import mask_url, one_line
from sim.store.results import Store, StoreError, open_store
from sim.store.schema import as_url, in_memory
from sim.store.text import ANSWER_CHARS

SECRET = "S3cretPW"


def with_password(url: str) -> str:
    """The same database with a password in its URL (the test server trusts every connection)."""
    return url.replace("postgresql+psycopg://drill@", f"postgresql+psycopg://drill:{SECRET}@")


# --- URLs shown without their password ----------------------------------------------------------------

@pytest.mark.parametrize("url, shown", [
    ("postgresql+psycopg://drill:S3cretPW@db.example:5432/drills", "postgresql+psycopg://drill:***@db.example:5432/drills"),
    ("postgresql://drill@db.example/drills", "postgresql://drill@db.example/drills"),          # none to mask
    ("postgresql://u:p%40ss@h/db", "postgresql://u:***@h/db"),
    ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),            # an unescaped @: masked up to the last
    ("postgresql://h/db?user=u&password=S3cretPW&sslmode=require", "postgresql://h/db?user=u&password=***&sslmode=require"),
    ("postgres://drill:S3cretPW@h/db", "postgres://drill:***@h/db"),    # a URL SQLAlchemy refuses: masked all the same
    ("postgresql+psycopg:/drill:S3cretPW@db/drills", "postgresql+psycopg:/drill:***@db/drills"),    # a slash short
    ("postgresql:drill:S3cretPW@db/drills", "postgresql:drill:***@db/drills"),                       # none at all
    ("sqlite:////tmp/drills.sqlite", "sqlite:////tmp/drills.sqlite"),
])
def test_a_url_is_shown_with_its_password_masked(url, shown):
    assert mask_url(url) == shown


def test_a_driver_message_is_one_line_with_the_password_masked():
    message = 'connection to "h" failed: password S3cretPW rejected\n\tIs the server running?\n' \
              "(Background on this error at: https://sqlalche.me/e/21/e3q8)"
    assert one_line(message, "postgresql://drill:S3cretPW@h/db") == \
        'connection to "h" failed: password *** rejected Is the server running?'


def test_no_attempt_and_no_cohort_name_the_database_without_its_password(pg_server):
    from support.drill import fresh_database
    store = Store(with_password(fresh_database(pg_server)))
    assert SECRET not in store.url and "drill:***@" in store.url
    for call in (lambda: store.attempt(999), lambda: store.get_cohort(42),
                 lambda: store.add_override(999, "q", 1, None, "why", "Wang")):
        with pytest.raises(StoreError) as err:
            call()
        assert SECRET not in str(err.value) and "drill:***@127.0.0.1" in str(err.value)


# --- opening: one line, or refused -------------------------------------------------------------------

@pytest.mark.parametrize("given", ["sqlite://", "sqlite:///:memory:", ":memory:", "sqlite:///file:x?mode=memory&uri=true",
                                   "sqlite:///file::memory:?uri=true", "sqlite:///file::memory:?cache=shared&uri=true"])
def test_an_in_memory_database_is_refused_for_results(given, monkeypatch):
    assert in_memory(as_url(given))
    with pytest.raises(StoreError, match="in-memory database: the results would be lost"):
        open_store(given)
    monkeypatch.setenv("DRILL_DB", given)
    with pytest.raises(StoreError, match="in-memory"):
        open_store()
    with pytest.raises(StoreError, match="内存数据库"):
        Store(lang="zh")


def test_a_plain_path_is_a_sqlite_file(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "drills.sqlite"
    store = open_store(str(path))
    store.cohort("Hotline", 2026)
    assert path.is_file() and store.url == f"sqlite:///{path}"
    monkeypatch.chdir(tmp_path)
    assert open_store("sub/drills.sqlite").cohorts()[0].name == "Hotline"      # relative: from where it runs


def _open_error(url: str, lang: str = "en") -> str:
    with pytest.raises(StoreError) as err:
        open_store(url, lang)
    message = str(err.value)
    assert "\n" not in message and SECRET not in message
    return message


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path):
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("these are my notes, not a database\n" * 20)
    assert _open_error(str(not_a_db)) == f"cannot open the results database sqlite:///{not_a_db}: file is not a database"
    assert not_a_db.read_text().startswith("these are my notes")             # and it is left as it was
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert _open_error(str(a_file / "sub" / "d.sqlite")).startswith(f"cannot create the folder {a_file / 'sub'} ")
    assert _open_error(str(tmp_path)) == f"cannot open the results database sqlite:///{tmp_path}: it is a folder, not a file"
    assert _open_error(str(tmp_path), "zh").endswith("这是一个文件夹，不是文件")
    assert "is not a database URL" in _open_error(f"postgres://drill:{SECRET}@h/db")      # the scheme is postgresql
    assert "is not a database URL" in _open_error("postgresql://h:port/db")


@pytest.mark.parametrize("given", ["postgresql+psycopg:/drill:S3cretPW@db/drills", "postgresql:/drill:S3cretPW@db/x",
                                   "postgresql+psycopg:drill:S3cretPW@db/drills"])
def test_a_mistyped_url_is_refused_as_a_url_not_taken_for_a_file(given, tmp_path, monkeypatch):
    """With one slash it was a relative file path: folders named after the server, the password shown."""
    monkeypatch.chdir(tmp_path)
    assert as_url(given) == given
    assert _open_error(given).endswith("is not a database URL (e.g. sqlite:///drills.sqlite)")
    assert "drill:***@db" in _open_error(given, "zh") and list(tmp_path.iterdir()) == []     # nothing created
    assert as_url("C:/drills/d.sqlite").startswith("sqlite:///")          # a drive letter: a path all the same


def test_what_is_not_a_regular_file_is_refused_in_one_line(tmp_path):
    """SQLite would hang on a FIFO, and read /dev/null as an empty database (creating /dev/null-journal)."""
    import os
    import threading

    from sim.store.schema import _not_a_file
    assert _not_a_file(Path("/dev/null")) and _not_a_file(Path("/dev/zero"))   # looked at, never opened
    assert not _not_a_file(tmp_path / "missing.sqlite")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    said = {}
    opener = threading.Thread(target=lambda: said.update(en=_open_error(str(fifo)), zh=_open_error(str(fifo), "zh")),
                              daemon=True)       # without the check it blocks for ever, opening the FIFO
    opener.start()
    opener.join(10)
    assert said.get("en") == f"cannot open the results database sqlite:///{fifo}: it is not a regular file " \
                              "(a device or a pipe)"
    assert said["zh"] == f"无法打开结果数据库 sqlite:///{fifo}：这不是普通文件（而是设备或管道）"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]        # no journal, no queue file beside it


def test_an_unreachable_server_is_one_line_at_once():
    from support import free_port
    message = _open_error(f"postgresql+psycopg://drill:{SECRET}@127.0.0.1:{free_port()}/drills")
    assert message.startswith("cannot open the results database postgresql+psycopg://drill:***@127.0.0.1:")
    assert "Connection refused" in message


# --- text: the same on both backends ------------------------------------------------------------------

def test_names_up_to_their_width_are_kept_and_longer_ones_refused_on_both_backends(db_url):
    store = Store(db_url)
    store.trainee("A" * 200)
    with pytest.raises(StoreError, match=r"^trainee name: 201 characters, at most 200 allowed$"):
        store.trainee("A" * 201)
    with pytest.raises(StoreError, match="^学员姓名：共 201 个字符，最多允许 200 个$"):
        Store(db_url, lang="zh").trainee("A" * 201)
    with pytest.raises(StoreError, match="^cohort name: 201 characters"):
        store.cohort("C" * 201, 2026)
    cohort = store.cohort("C" * 200, 2026)
    with pytest.raises(StoreError, match="^team: 201 characters"):
        store.add_members(cohort, [("Ann", "T" * 201, None)])
    with pytest.raises(StoreError, match="^role: 101 characters, at most 100 allowed"):
        store.add_members(cohort, [("Ann", None, "r" * 101)])
    with pytest.raises(StoreError, match="^scenario id: 201 characters"):
        store.start_attempt("Ann", "s" * 201, "h", "en")
    attempt = store.start_attempt("Ann", "s", "h", "en")
    with pytest.raises(StoreError, match="^prompt id: 201 characters"):
        store.add_answer(attempt, "p" * 201, "yes")
    assert store.members(cohort) == [] and store.answers(attempt) == []       # nothing half-stored


@pytest.mark.parametrize("name, code", [("Ann\x00Lee", "0000"), ("Ann\tLee", "0009"), ("Ann\nLee", "000A"),
                                        ("Ann\u202eeeL", "202E"), ("An\x85n", "0085"), ("Ann\ud800", "D800")])
def test_a_name_with_a_control_character_is_refused_on_both_backends(db_url, name, code):
    store = Store(db_url)
    with pytest.raises(StoreError, match=rf"^trainee name: contains the control character U\+{code}, which cannot be stored$"):
        store.trainee(name)
    with pytest.raises(StoreError, match=rf"^cohort name: contains the control character U\+{code}"):
        store.cohort(name)
    # looking such a name up finds nothing (PostgreSQL would refuse a NUL in the query)
    assert store.attempts(trainee=name) == [] and store.find_cohort(name) is None
    assert store.command_results(trainee=name) == []


def test_answers_are_cleaned_the_same_way_on_both_backends(db_url):
    store = Store(db_url)
    attempt = store.start_attempt("Ann", "s", "h", "en")
    reply = "Dear Ms Li,\r\n\tsorry\x00 for the \x1b[31mdelay\u202e.\rRegards\ud800"
    stored = store.add_answer(attempt, "reply", reply, float("nan"))
    expected = "Dear Ms Li,\n\tsorry for the [31mdelay.\nRegards\ufffd"
    assert stored.value == expected and stored.elapsed is None
    back = store.answers(attempt)[0]
    assert (back.value, back.elapsed) == (expected, None)                    # what was acknowledged is what is read
    assert store.add_answer(attempt, "many", {"x\x00": [1.5, float("inf"), "a\x07b"]}).value == {"x": [1.5, None, "ab"]}
    store.save_draft(attempt, "next", "half\x00 typed")
    assert store.drafts(attempt) == {"next": "half typed"}


def test_an_answer_has_a_generous_bound(db_url):
    store = Store(db_url)
    attempt = store.start_attempt("Ann", "s", "h", "en")
    store.add_answer(attempt, "long", "x" * (ANSWER_CHARS - 2))               # two quotes make it ANSWER_CHARS
    with pytest.raises(StoreError, match=rf"^answer: {ANSWER_CHARS + 1} characters, at most {ANSWER_CHARS} allowed$"):
        store.add_answer(attempt, "too-long", "x" * (ANSWER_CHARS - 1))
    with pytest.raises(StoreError, match="^draft: "):
        store.save_draft(attempt, "too-long", "x" * ANSWER_CHARS)
    assert [a.prompt_id for a in store.answers(attempt)] == ["long"]


def test_an_override_comment_keeps_its_lines_and_loses_control_characters(db_url):
    store = Store(db_url)
    attempt = store.start_attempt("Ann", "s", "h", "en")
    done = store.add_override(attempt, "reply", 2, 1, "Good apology.\r\nBut\x00 late.", "  Wang Fang ")
    assert (done.comment, done.by) == ("Good apology.\nBut late.", "Wang Fang")
    assert store.overrides(attempt)[0].comment == "Good apology.\nBut late."
    with pytest.raises(StoreError, match="^trainer name: contains the control character U\\+0000"):
        store.add_override(attempt, "reply", 2, 1, "x", "Wang\x00")
    with pytest.raises(StoreError, match="^comment: 10003 characters, at most 10000 allowed"):
        store.add_override(attempt, "reply", 2, 1, "c" * 10_001, "Wang")


# --- finishing from what is stored --------------------------------------------------------------------

@dataclass
class Card:
    """The fields of a Scorecard the store keeps."""
    points: float
    max_points: float = 6.0
    content_hash: str = "h"

    @property
    def total(self):
        return self.points / self.max_points

    @property
    def passed(self):
        return self.points >= 4

    def to_dict(self):
        return {"points": self.points}


def test_a_finish_is_scored_from_the_answers_stored_when_it_commits(db_url):
    store, other = Store(db_url), Store(db_url)          # two kernels on one attempt
    attempt = store.start_attempt("Ann", "s", "h", "en")
    store.add_answer(attempt, "q1", "yes")
    seen = []

    def score(stored, overrides):
        seen.append(len(stored))
        if len(seen) == 1:        # while the first scoring runs, the other kernel stores two more answers
            other.add_answer(attempt, "q2", "yes")
            other.add_answer(attempt, "q3", "yes")
        return Card(len(stored))
    card, finished_now = store.finish_scored(attempt, score)
    assert seen == [1, 3] and finished_now and card.points == 3               # scored again, from the three
    assert [s.points for s in store.scores(attempt)] == [3]
    assert store.attempt(attempt).status == "finished"
    with pytest.raises(StoreError, match="finished"):
        other.add_answer(attempt, "q4", "yes")
    card, finished_now = other.finish_scored(attempt, lambda stored, _o: Card(len(stored)))
    assert (card.points, finished_now) == (3, False) and len(store.scores(attempt)) == 1     # nothing stored twice


def _six_yes_no(plan):
    prompts = [{"id": f"q{i}", "kind": "yesno", "step": "emergency_handling", "question": {"en": f"Q{i}?"},
                "answer": "yes"} for i in range(6)]
    return small_scenario(plan, [{"id": "all", "at": "T+00:01", "channel": "internal",
                                  "message": {"en": "Answer.", "zh": "作答。"}, "prompts": prompts}])


def test_a_stale_tab_ending_the_drill_stores_the_score_of_every_stored_answer(plan, db_url):
    """The issue: a stale tab's End stored 1/6 while 4 answers were stored (a re-score gave 4/6)."""
    scenario = _six_yes_no(plan)
    store = Store(db_url)
    stale = DrillSession(scenario, "Ann", store=store)
    stale.answer("q0", "yes")
    live = DrillSession.resume(scenario, stale.attempt_id, store=Store(db_url))
    for pid in ("q1", "q2", "q3"):
        live.answer(pid, "yes")
    assert stale.answers == {"q0": "yes"}                  # the stale tab has seen one answer
    card = stale.finish()
    assert (card.points, card.max_points) == (4, 6) and not stale.finished_elsewhere
    assert [s.points for s in store.scores(stale.attempt_id)] == [4]
    assert rescore(stale.attempt_id, scenario, store=store).points == 4
    assert stale.answers == {f"q{i}": "yes" for i in range(4)}            # it now shows what it scored
    again = live.finish()                                  # the live tab's End: the same score, nothing stored
    assert again.points == 4 and live.finished_elsewhere and len(store.scores(stale.attempt_id)) == 2


# --- one attempt per trainee and scenario -------------------------------------------------------------

def test_starting_twice_gives_the_attempt_in_progress_and_start_afresh_replaces_only_it(db_url):
    store = Store(db_url)
    first = store.open_attempt("Ann", "s", "h", "en")
    assert store.open_attempt(" Ann ", "s", "h", "en") == first
    assert store.open_attempt("Ann", "other", "h", "en") != first            # per scenario
    fresh = store.open_attempt("Ann", "s", "h", "en", instead_of=first)
    assert fresh != first
    assert store.open_attempt("Ann", "s", "h", "en", instead_of=first) == fresh   # a second click: the same one
    store.finish_attempt(fresh)
    assert store.open_attempt("Ann", "s", "h", "en") == first               # the older one still in progress


def test_a_second_session_joins_the_attempt_and_sees_its_answers(plan, tmp_path):
    scenario = _six_yes_no(plan)
    store = Store(f"sqlite:///{tmp_path / 'd.sqlite'}")
    one = DrillSession(scenario, "Ann", store=store)
    one.answer("q0", "yes")
    two = DrillSession(scenario, "Ann", store=store)
    assert two.attempt_id == one.attempt_id and two.answers == {"q0": "yes"} and two.next_prompt().id == "q1"


def _version(plan, *prompt_ids):
    """A version of one scenario that has these yes/no prompts (its content hash differs with them)."""
    prompts = [{"id": pid, "kind": "yesno", "step": "emergency_handling", "question": {"en": f"{pid}?"},
                "answer": "yes"} for pid in prompt_ids]
    return small_scenario(plan, [{"id": "all", "at": "T+00:01", "channel": "internal",
                                  "message": {"en": "Answer.", "zh": "作答。"}, "prompts": prompts}])


def test_an_attempt_of_an_edited_scenario_that_lost_a_prompt_does_not_lock_the_trainee_out(plan, db_url):
    """Its stored answer to the removed prompt made every start fail ("a stored answer is for prompt...")."""
    old, new = _version(plan, "removed_prompt", "q1"), _version(plan, "q1", "q2")
    store = Store(db_url)
    before = DrillSession(old, "Ann", store=store)
    before.answer("removed_prompt", "yes")
    now = DrillSession(new, "Ann", store=store)           # a new attempt in place of the one it cannot continue
    assert now.attempt_id != before.attempt_id and now.answers == {} and now.next_prompt().id == "q1"
    assert store.attempt(now.attempt_id).content_hash == new.content_hash()
    kept = store.attempt(before.attempt_id)               # the old one is kept, closed (it could not go on)
    assert kept.status == "superseded" and [a.prompt_id for a in store.answers(kept.id)] == ["removed_prompt"]
    with pytest.raises(SessionError, match="replaced by a new one"):
        DrillSession.resume(old, before.attempt_id, store=store)
    now.answer("q1", "yes")
    again = DrillSession(new, "Ann", store=Store(db_url))  # the next start joins the new one: one per trainee
    assert again.attempt_id == now.attempt_id and again.answers == {"q1": "yes"} and not again.scenario_changed
    edited = DrillSession(_version(plan, "q1", "q2", "q3"), "Ann", store=store)   # an edit that kept q1: joined
    assert edited.attempt_id == now.attempt_id and edited.answers == {"q1": "yes"} and edited.scenario_changed
    assert len(store.attempts(trainee="Ann")) == 2


def _start(url, go, results):
    try:
        store = Store(url)
        go.wait(60)
        results.put(store.open_attempt("Ann", "surge", "h", "en"))
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        results.put(f"{type(exc).__name__}: {exc}")


def _attempts_of_ann(url):
    return [a.id for a in Store(url).attempts(trainee="Ann", scenario_id="surge")]


def test_processes_starting_the_same_trainee_at_once_get_one_attempt(db_url):
    Store(db_url).trainee("Ann")                           # as when the trainee has typed their name
    ctx = multiprocessing.get_context("fork")
    go, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_start, args=(db_url, go, results)) for _ in range(6)]
    for p in procs:
        p.start()
    go.set()
    got = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert len(set(got)) == 1 and isinstance(got[0], int), got
    assert _attempts_of_ann(db_url) == got[:1]


def test_threads_starting_the_same_trainee_at_once_get_one_attempt(db_url):
    stores = [Store(db_url) for _ in range(6)]            # a connection each, as separate kernels have
    barrier = threading.Barrier(len(stores))
    got = []

    def start(store):
        barrier.wait(30)
        got.append(store.open_attempt("Ann", "surge", "h", "en"))
    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert len(got) == 6 and len(set(got)) == 1
    assert _attempts_of_ann(db_url) == got[:1]
