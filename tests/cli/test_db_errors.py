"""Issue 21: every database failure reaches the user as one line, exit 2, no traceback and no password,
whether the database comes from ``--db`` or ``DRILL_DB``; ``--db`` takes a URL or a SQLite file."""
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
    }


CASES = ["not a database", "folder under a file", "a folder", "in memory", "in memory, named", "unreachable server",
         "bad URL"]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_db_option_is_one_line_for_every_trainer_command(capsys, bad, tmp_path, case):
    db, said = bad[case]
    for args in (["cohort", "list"], ["cohort", "create", "Hotline"], ["cohort", "status", "1"],
                 ["cohort", "overrides", "--attempt", "1"],
                 ["report", "--cohort", "1", "--out", str(tmp_path / "aar.html")]):
        code, out, err = sim(capsys, *args, "--db", db)
        assert code == 2 and out == ""
        assert one_error_line(err).startswith(said), (args, err)


@pytest.mark.parametrize("case", CASES)
def test_a_bad_drill_db_is_one_line_for_the_drill(capsys, bad, case, monkeypatch):
    db, said = bad[case]
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
