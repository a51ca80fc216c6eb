"""``python -m sim cohort links|revoke`` (sim.cli.cohort_links): personal URLs printed or written to CSV,
reissued and revoked; bad input is one line with exit status 2; the secret is never printed.

The commands are parsed here by a ``cohort`` parser built as sim.cli.cohort builds it, with
:func:`add_parsers` adding ``links`` and ``revoke`` (the lead wires them into ``python -m sim``)."""
import argparse
import csv
from urllib.parse import parse_qs, urlsplit

import pytest

from sim.cli.cohort_links import DEFAULT_BASE_URL, add_parsers, issue_links
from sim.cli.common import run_command
from sim.store.results import Store

SECRET = "our-organisation-secret-0123456789"


def run(argv, capsys):
    parser = argparse.ArgumentParser(prog="python -m sim")
    parser.add_argument("--lang", default="en")
    cohort = parser.add_subparsers(dest="command", required=True).add_parser("cohort")
    add_parsers(cohort.add_subparsers(dest="cohort_command", required=True), "en")
    status = run_command(parser.parse_args(["cohort", *argv]))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_SECRET", SECRET)
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    store = Store(url)
    cohort = store.cohort("Hotline", 2026)
    store.add_members(cohort, [("Ann Lee", "hotline", None), ("=HYPERLINK(\"x\")", "social", None)])
    return url


def tokens_in(text: str) -> dict[str, str]:
    """name -> token, from the printed table (the URL is the last cell of a row)."""
    out = {}
    for line in text.splitlines()[1:]:
        url = line.split()[-1]
        out[line.split("  ")[0].strip()] = parse_qs(urlsplit(url).query)["token"][0]
    return out


def test_links_prints_each_trainees_personal_url_and_never_the_secret(db, capsys):
    status, out, err = run(["links", "1", "--db", db], capsys)
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["Name", "Team", "Personal", "link"]
    assert lines[1].startswith("Ann Lee") and f"{DEFAULT_BASE_URL}?token=1." in lines[1]
    assert SECRET not in out
    store = Store(db)
    assert all(store.verify_token(token).ok for token in tokens_in(out).values())
    status, again, _ = run(["links", "Hotline", "--db", db, "--base-url", "https://drill.example/app?lang=zh"],
                           capsys)
    assert status == 0 and "https://drill.example/app?lang=zh&token=1." in again
    assert tokens_in(again) == tokens_in(out)                           # the same links, not new ones


def test_links_to_csv_are_spreadsheet_safe(db, tmp_path, capsys):
    path = tmp_path / "links.csv"
    status, out, _ = run(["links", "1", "--db", db, "--csv", str(path)], capsys)
    assert status == 0 and "Wrote the personal links of 2 trainees of Hotline (2026)" in out
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["name"] for r in rows] == ["Ann Lee", "'=HYPERLINK(\"x\")"]      # text, not a formula
    assert [r["team"] for r in rows] == ["hotline", "social"]
    assert all(r["url"].startswith(DEFAULT_BASE_URL + "?token=") for r in rows)
    assert SECRET not in path.read_text(encoding="utf-8-sig")


def test_reissue_and_revoke(db, capsys):
    _, out, _ = run(["links", "1", "--db", db], capsys)
    old = tokens_in(out)["Ann Lee"]
    status, out, _ = run(["links", "1", "--db", db, "--reissue", "Ann Lee"], capsys)
    new = tokens_in(out.rsplit("\n", 2)[0])["Ann Lee"]
    assert status == 0 and new != old and "1 trainee has a new link" in out
    store = Store(db)
    assert store.verify_token(old).reason == "revoked" and store.verify_token(new).ok
    status, out, _ = run(["revoke", "1", "Ann Lee", "--db", db], capsys)
    assert status == 0 and "Revoked 1 personal link of Hotline (2026)." in out
    assert store.verify_token(new).reason == "revoked"


@pytest.mark.parametrize(("argv", "said"), [
    (["links", "9"], "error: "),
    (["links", "1", "--base-url", "ftp://x/"], "--base-url: 'ftp://x/' is not an http(s) address"),
    (["links", "1", "--base-url", "http://x/?token=abc"], "is not an http(s) address"),
    (["links", "1", "--reissue", "Carol"], "'Carol' is not a trainee of Hotline (2026)"),
    (["revoke", "1", "Carol"], "'Carol' is not a trainee of Hotline (2026)"),
    (["links", "1", "--csv", "/nonexistent-folder/links.csv"], "cannot write the file"),
])
def test_bad_input_is_one_line_and_exit_status_2(db, capsys, argv, said):
    status, _out, err = run([*argv, "--db", db], capsys)
    assert status == 2 and said in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert SECRET not in err


def test_a_too_short_secret_is_one_line_without_the_secret(db, capsys, monkeypatch):
    monkeypatch.setenv("DRILL_SECRET", "tiny-one")
    status, _, err = run(["links", "1", "--db", db], capsys)
    assert status == 2 and "DRILL_SECRET is too short" in err and "tiny-one" not in err


def test_import_issues_tokens_to_new_members(db):
    store = Store(db)
    assert issue_links(store, 1) == "Issued 2 new personal links; list them with: python -m sim cohort links 1"
    store.add_members(1, [("Bob", None, None)])
    assert issue_links(store, 1, "zh").startswith("已签发 1 个新的专属链接")
    assert [x.trainee for x in store.personal_links(1)] == ["Ann Lee", "=HYPERLINK(\"x\")", "Bob"]
