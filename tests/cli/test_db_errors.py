"""Issue 21: every database failure reaches the user as one line, exit 2, no traceback and no password,
whether the database comes from ``--db`` or ``DRILL_DB``; ``--db`` takes a URL or a SQLite file; the pause
message masks the password too; an attempt of an earlier version of a drill does not lock its trainee out."""
import pytest
from support import SCENARIOS, free_port, run_cli

from sim.cli import main
from sim.store.results import Store

SECRET = "S3cretPW"
FLAGSHIP = SCENARIOS / "product_defect_surge.yaml"


def sim(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and SECRET not in err
    assert lines[0].startswith(("error: ", "错误："))
    return lines[0]


@pytest.fixture
def bad(tmp_path):
    """What a careless DRILL_DB or --db may name, and the start of what the user is told about it."""
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("not a database\n" * 50)
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    return {
        "not a database": (str(not_a_db),
                           f"error: cannot open the results database sqlite:///{not_a_db}: file is not a database"),
        "folder under a file": (str(a_file / "drills" / "d.sqlite"), f"error: cannot create the folder {a_file / 'drills'}"),
        "a folder": (str(tmp_path), "error: cannot open the results database"),
        "in memory": ("sqlite://", "error: sqlite:// is an in-memory database"),
        "in memory, named": ("sqlite:///:memory:", "error: sqlite:///:memory: is an in-memory database"),
        "unreachable server": (f"postgresql+psycopg://drill:{SECRET}@127.0.0.1:{free_port()}/drills",
                               "error: cannot open the results database postgresql+psycopg://drill:***@127.0.0.1:"),
        "bad URL": (f"postgres://drill:{SECRET}@host/db",
                    "error: DRILL_DB / --db 'postgres://drill:***@host/db' is not a database URL"),
        # one slash: it was a file path, and "cannot create the folder .../postgresql+psycopg:/drill:S3cretPW@db"
        "a slash short": (f"postgresql+psycopg:/drill:{SECRET}@db/drills",
                          "error: DRILL_DB / --db 'postgresql+psycopg:/drill:***@db/drills' is not a database URL"),
        "in memory, as a URI": ("sqlite:///file::memory:?uri=true",
                                "error: sqlite:///file::memory:?uri=true is an in-memory database"),
    }


CASES = ["not a database", "folder under a file", "a folder", "in memory", "in memory, named", "unreachable server",
         "bad URL", "a slash short", "in memory, as a URI"]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_db_option_is_one_line_for_every_trainer_command(capsys, bad, tmp_path, case, monkeypatch):
    db, said = bad[case]
    monkeypatch.chdir(tmp_path)           # where a URL taken for a relative path would create its folders
    for args in (["cohort", "list"], ["cohort", "create", "Hotline"], ["cohort", "status", "1"],
                 ["cohort", "overrides", "--attempt", "1"],
                 ["report", "--cohort", "1", "--out", str(tmp_path / "aar.html")]):
        code, out, err = sim(capsys, *args, "--db", db)
        assert code == 2 and out == ""
        assert one_error_line(err).startswith(said), (args, err)
    assert not (tmp_path / "postgresql+psycopg:").exists()


@pytest.mark.parametrize("case", CASES)
def test_a_bad_drill_db_is_one_line_for_the_drill(capsys, bad, case, monkeypatch, tmp_path):
    db, said = bad[case]
    monkeypatch.chdir(tmp_path)           # where a URL taken for a relative path would create its folders
    monkeypatch.setenv("DRILL_DB", db)
    code, _, err = sim(capsys, "drill", str(FLAGSHIP), "--trainee", "Ann")
    assert code == 2 and one_error_line(err).startswith(said)


def test_in_a_subprocess_too_no_traceback_reaches_the_user(bad):
    for case in ("not a database", "unreachable server"):
        db, said = bad[case]
        done = run_cli("cohort", "list", "--db", db)
        assert done.returncode == 2 and one_error_line(done.stderr).startswith(said)
        done = run_cli("cohort", "list", "--db", db, "--lang", "zh")
        assert done.returncode == 2 and one_error_line(done.stderr).startswith("错误：")


def test_db_takes_a_plain_sqlite_file_as_its_help_says(capsys, tmp_path, monkeypatch):
    path = tmp_path / "results" / "drills.sqlite"
    code, out, err = sim(capsys, "cohort", "create", "Hotline", "--year", "2026", "--db", str(path))
    assert code == 0 and "Created cohort 1" in out, err
    code, out, _ = sim(capsys, "cohort", "list", "--db", f"sqlite:///{path}")
    assert code == 0 and "Hotline (2026)" in out
    monkeypatch.chdir(tmp_path)
    code, out, _ = sim(capsys, "cohort", "list", "--db", "results/drills.sqlite")
    assert code == 0 and "Hotline (2026)" in out


def test_unknown_attempt_and_cohort_name_the_database_with_its_password_masked(capsys, pg_server):
    from support.drill import fresh_database
    url = fresh_database(pg_server).replace("drill@", f"drill:{SECRET}@")
    Store(url).cohort("Hotline", 2026)
    code, _, err = sim(capsys, "cohort", "overrides", "--attempt", "999", "--db", url)
    line = one_error_line(err)
    assert code == 2 and line.startswith("error: there is no attempt 999 in postgresql+psycopg://drill:***@127.0.0.1:")
    code, _, err = sim(capsys, "cohort", "status", "Nope", "--db", url)
    line = one_error_line(err)
    assert code == 2 and "no cohort 'Nope' in postgresql+psycopg://drill:***@" in line and "1: Hotline (2026)" in line
    code, _, err = sim(capsys, "report", "--cohort", "42", "--out", "x.html", "--db", url)
    assert code == 2 and "drill:***@" in one_error_line(err)


def test_a_name_the_database_cannot_keep_is_one_line_on_postgresql(capsys, pg_server):
    """A 201-character name ended in StringDataRightTruncation on PostgreSQL; SQLite kept it."""
    from support.drill import fresh_database
    url = fresh_database(pg_server)
    code, _, err = sim(capsys, "cohort", "create", "C" * 201, "--db", url)
    assert code == 2 and one_error_line(err) == "error: cohort name: 201 characters, at most 200 allowed"
    code, _, err = sim(capsys, "drill", str(FLAGSHIP), "--trainee", "T" * 201, "--db", url)
    assert code == 2 and one_error_line(err) == "error: trainee name: 201 characters, at most 200 allowed"
    code, _, err = sim(capsys, "drill", str(FLAGSHIP), "--trainee", "Ann\x00", "--db", url, "--lang", "zh")
    assert code == 2 and one_error_line(err) == "错误：学员姓名：含有无法保存的控制字符 U+0000"


# --- the drill's pause message ------------------------------------------------------------------------

def test_the_command_to_resume_shows_the_database_with_its_password_masked():
    from argparse import Namespace

    from sim.cli.drill import _resume_command
    args = Namespace(scenario="surge", trainee="Ann Lee", command_lang="zh",
                     db=f"postgresql+psycopg://drill:{SECRET}@db.example/drills")
    assert _resume_command(args) == ("python -m sim drill surge --trainee 'Ann Lee' --resume --lang zh "
                                     "--db 'postgresql+psycopg://drill:***@db.example/drills'")
    assert _resume_command(Namespace(scenario="surge", trainee="Ann", command_lang=None, db="/data/d.sqlite")) \
        == "python -m sim drill surge --trainee Ann --resume --db /data/d.sqlite"


def test_a_paused_drill_does_not_print_the_password(capsys, pg_server, monkeypatch):
    import io

    from support.drill import fresh_database
    url = fresh_database(pg_server).replace("drill@", f"drill:{SECRET}@")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))           # Ctrl-D at the first prompt: paused
    code, out, err = sim(capsys, "drill", str(FLAGSHIP), "--trainee", "Ann", "--db", url)
    assert code == 130 and SECRET not in out + err
    assert "--resume --db 'postgresql+psycopg://drill:***@127.0.0.1:" in out


# --- an attempt of an earlier version of the scenario ---------------------------------------------------

def _scenario_file(path, *prompt_ids):
    import yaml
    from support.drill import small_data
    prompts = [{"id": pid, "kind": "yesno", "step": "emergency_handling", "question": {"en": f"{pid}?"},
                "answer": "yes"} for pid in prompt_ids]
    path.write_text(yaml.safe_dump(small_data([{"id": "all", "at": "T+00:01", "channel": "internal",
                                                "message": {"en": "Answer.", "zh": "作答。"}, "prompts": prompts}])))
    return str(path)


def test_a_drill_edited_since_the_attempt_started_can_be_taken(capsys, tmp_path, monkeypatch):
    """The attempt in progress had answered a prompt the edited file lacks: exit 2 at every start, for good."""
    import io
    db = str(tmp_path / "d.sqlite")
    scenario = tmp_path / "drill.yaml"
    _scenario_file(scenario, "removed_prompt", "q1")
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))      # answers removed_prompt, then Ctrl-D: paused
    code, out, err = sim(capsys, "drill", str(scenario), "--trainee", "Ann", "--db", db)
    assert code == 130 and "✓" in out, err
    _scenario_file(scenario, "q1", "q2")                           # the trainer edits the drill
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\nyes\n"))
    code, out, err = sim(capsys, "drill", str(scenario), "--trainee", "Ann", "--db", db)
    assert code == 0 and err == "" and "q2?" in out                # a new attempt, taken to the end
    attempts = Store(f"sqlite:///{db}").attempts(trainee="Ann")
    assert [a.status for a in attempts] == ["finished", "superseded"]      # the old one kept, closed
