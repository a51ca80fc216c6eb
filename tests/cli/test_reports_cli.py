"""``python -m sim cohort create|import|assign|status|list`` and ``python -m sim report``: what a trainer types, and
one-line errors (exit 2) that lose nothing."""
import re
from datetime import date

import pytest
from support import run_cli

from sim.cli import main
from sim.store.results import Store


def sim(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'drills.sqlite'}"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_create_a_cohort_with_year_and_pass_mark(capsys, db):
    code, out, _ = sim(capsys, "cohort", "create", "Hotline team", "--year", "2026", "--pass-mark", "80", "--db", db)
    assert code == 0 and "Created cohort 1: Hotline team (2026); pass mark 80%." in out
    assert Store(db).get_cohort(1).pass_mark == pytest.approx(0.8)
    code, _, err = sim(capsys, "cohort", "create", "Hotline team", "--year", "2026", "--db", db)
    assert code == 2 and err.strip() == "error: cohort Hotline team (2026) already exists (number 1)"
    code, _, err = sim(capsys, "cohort", "create", "Other", "--pass-mark", "180", "--db", db)
    assert code == 2 and "--pass-mark" in err and len(Store(db).cohorts()) == 1
    code, out, _ = sim(capsys, "cohort", "create", "Chat team", "--year", "2026", "--pass-mark", "0.7", "--db", db)
    assert code == 0 and Store(db).find_cohort("Chat team").pass_mark == pytest.approx(0.7)


def test_import_trainees_from_csv(capsys, db, tmp_path):
    sim(capsys, "cohort", "create", "Hotline team", "--year", "2026", "--db", db)
    good = write(tmp_path / "t.csv", "name,team,role\nAnn Li,Hotline A,frontline\n王芳,热线二组,客诉处理专员\n"
                                     "Bo,,\n\n")
    code, out, _ = sim(capsys, "cohort", "import", "1", good, "--db", db)
    assert code == 0 and "Imported 3 trainees into Hotline team (2026): 3 new" in out
    members = {m.name: (m.team, m.role) for m in Store(db).members(1)}
    assert members == {"Ann Li": ("Hotline A", "frontline"), "王芳": ("热线二组", "specialist"), "Bo": (None, None)}
    # Chinese headers, a semicolon, a BOM (Excel's "CSV UTF-8"), by cohort name; Bo changes team
    (tmp_path / "zh.csv").write_bytes("\ufeff姓名;团队;角色\nBo;Hotline B;frontline\n".encode("utf-8"))
    code, out, _ = sim(capsys, "cohort", "import", "Hotline team", str(tmp_path / "zh.csv"), "--db", db)
    assert code == 0 and "1 updated" in out
    assert {m.name: m.team for m in Store(db).members(1)}["Bo"] == "Hotline B"


def test_an_import_with_a_bad_row_imports_nothing_and_names_the_row(capsys, db, tmp_path):
    sim(capsys, "cohort", "create", "Hotline team", "--year", "2026", "--db", db)
    bad = write(tmp_path / "bad.csv", "name,team,role\nAnn,A,frontline\nBo,B,chief\nCy,C\nAnn,A,frontline\n")
    code, out, err = sim(capsys, "cohort", "import", "1", bad, "--db", db)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"{bad}:3: role: unknown role 'chief'; the plan's roles: Customer service department "
                               "(frontline, agent")
    assert lines[1].startswith(f"{bad}:4: 2 fields where the header has 3")
    assert lines[2].startswith(f"{bad}:5: name: 'Ann' is listed twice (first on line 2); if they are two people")
    assert Store(db).members(1) == []
    missing = write(tmp_path / "missing.csv", "name,role\nAnn,frontline\n")
    code, _, err = sim(capsys, "cohort", "import", "1", missing, "--db", db)
    assert code == 2 and err.strip() == (f"{missing}:1: header: missing column 'team' (found: name, role); the "
                                         "header must name: name, team, role")
    (tmp_path / "latin1.csv").write_bytes("name,team,role\nJos\xe9,A,frontline\n".encode("latin-1"))
    code, _, err = sim(capsys, "cohort", "import", "1", str(tmp_path / "latin1.csv"), "--db", db)
    assert code == 2 and ":2: not UTF-8 text" in err
    code, _, err = sim(capsys, "cohort", "import", "7", missing, "--db", db)
    assert code == 2 and "no cohort '7'" in err and "1: Hotline team (2026)" in err
    assert Store(db).members(1) == []


def test_assign_scenarios_with_due_dates(capsys, db):
    sim(capsys, "cohort", "create", "Hotline team", "--year", "2026", "--db", db)
    code, out, _ = sim(capsys, "cohort", "assign", "1", "product_defect_surge", "customer-data-leak",
                       "--due", "2026-06-30", "--db", db)
    assert code == 0 and out.count("due 2026-06-30") == 2
    code, out, _ = sim(capsys, "cohort", "assign", "1", "product_defect_surge", "--due", "2026-07-15", "--db", db)
    assert code == 0 and "due date now 2026-07-15" in out
    assert [(a.scenario_id, a.due) for a in Store(db).assignments(1)] == [
        ("product-defect-surge", date(2026, 7, 15)), ("customer-data-leak", date(2026, 6, 30))]
    code, _, err = sim(capsys, "cohort", "assign", "1", "logistics_failure", "no_such_scenario", "--due",
                       "2026-06-30", "--db", db)
    assert code == 2 and "no_such_scenario: no such scenario" in err
    assert len(Store(db).assignments(1)) == 2                   # the good one was not assigned either
    code, _, err = sim(capsys, "cohort", "assign", "1", "logistics_failure", "--due", "30/06/2026", "--db", db)
    assert code == 2 and err.strip() == "error: --due: '30/06/2026' is not a date (YYYY-MM-DD)"


def test_assign_with_an_attempt_policy(capsys, db):
    from sim.drill.attempt_policy import AttemptPolicy
    sim(capsys, "cohort", "create", "Hotline team", "--year", "2026", "--db", db)
    code, out, _ = sim(capsys, "cohort", "assign", "1", "product_defect_surge", "customer-data-leak", "--due",
                       "2026-06-30", "--max-attempts", "2", "--counts", "first", "--key", "after-due", "--db", db)
    assert code == 0 and out.count("attempt policy for") == 2 and "note:" not in out
    assert "first finished attempt counts · at most 2 attempts · key shown after the due date (2026-06-30)" in out
    store = Store(db)
    assert store.policies(1) == {"product-defect-surge": AttemptPolicy(2, "first", "after_due"),
                                 "customer-data-leak": AttemptPolicy(2, "first", "after_due")}
    code, out, _ = sim(capsys, "cohort", "assign", "1", "product_defect_surge", "--due", "2026-07-15", "--counts",
                       "best", "--db", db)                   # what is not given is kept
    assert code == 0 and store.policy(1, "product-defect-surge") == AttemptPolicy(2, "best", "after_due")
    code, out, _ = sim(capsys, "cohort", "assign", "1", "product_defect_surge", "--due", "2026-07-15",
                       "--max-attempts", "unlimited", "--key", "after-attempt", "--db", db)
    assert store.policy(1, "product-defect-surge") == AttemptPolicy(None, "best", "after_attempt")
    assert "note: a trainee can read the key after an attempt, retake product-defect-surge" in out
    assert len(store.policy_history(1, "product-defect-surge")) == 3
    for args, message in ((["--max-attempts", "0"], "error: --max-attempts: '0' is not a whole number from 1 to 100"),
                          (["--max-attempts", "two"], "error: --max-attempts: 'two'"),
                          (["--key", "after-due"], "error: --key after-due needs a due date: give --due"),
                          ([], "error: --key after-due needs a due date")):   # re-assigning would clear it
        target = "customer-data-leak"
        code, out, err = sim(capsys, "cohort", "assign", "1", target, *args, "--db", db)
        assert code == 2 and out == "" and err.startswith(message) and len(err.strip().splitlines()) == 1, err
    assert [a.due for a in store.assignments(1)][1].isoformat() == "2026-06-30"   # nothing half-done
    assert len(store.policy_history(1, "customer-data-leak")) == 1
    code, _, err = sim(capsys, "cohort", "assign", "1", "customer-data-leak", "--max-attempts", "0", "--lang", "zh",
                       "--db", db)
    assert code == 2 and err.startswith("错误：--max-attempts：'0' 不是 1 到 100 之间的整数")


def test_the_cli_knows_the_policy_words_without_importing_the_drill_engine():
    from sim.cli import cohort
    from sim.drill import attempt_policy as P
    assert cohort.COUNTED == P.COUNTED and cohort.MAX_ATTEMPTS == P.MAX_ATTEMPTS
    assert tuple(k.replace("-", "_") for k in cohort.KEY_CHOICES) == P.KEY_SHOWN


def test_status_shows_started_finished_overdue(capsys, db):
    from sim.reports.demo import generate_cohort, load_demo_scenarios, scripted_trainees
    store = Store(db)
    [scenario] = load_demo_scenarios(["product_defect_surge"])
    people = scripted_trainees(3, seed=4)
    generate_cohort(store, "Hotline team", 2026, [scenario], people, due=date(2026, 5, 1), in_progress=1,
                    not_started=1)
    code, out, _ = sim(capsys, "cohort", "status", "Hotline team", "--today", "2026-05-02", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Cohort 1: Hotline team (2026) — 3 trainees, 1 scenarios (as of 2026-05-02)"
    row = {line.split("  ")[0]: line for line in lines[3:6]}
    assert re.search(r"\d+% (passed|not passed) · attempt 1 of 1", row[people[0].name])
    assert "last finished attempt counts · unlimited attempts · key shown after each attempt" in lines[1]
    assert "in progress · OVERDUE" in row[people[1].name] and "not started · OVERDUE" in row[people[2].name]
    assert lines[-1] == "3 trainees, 1 scenarios assigned: 2 have started, 1 have finished all, 2 are overdue."
    code, out, _ = sim(capsys, "cohort", "status", "1", "--today", "2026-04-30", "--db", db)
    assert "OVERDUE" not in out and out.splitlines()[-1].endswith("0 are overdue.")
    code, out, _ = sim(capsys, "cohort", "list", "--db", db)
    assert code == 0 and "Hotline team (2026)" in out and "product-defect-surge" in out
    code, out, _ = sim(capsys, "cohort", "status", "1", "--lang", "zh", "--today", "2026-05-02", "--db", db)
    assert "已逾期" in out and "学员组 1" in out


def test_report_command_writes_html_and_csv(tmp_path, db):
    from sim.reports.demo import generate_cohort, load_demo_scenarios, scripted_trainees
    store = Store(db)
    [scenario] = load_demo_scenarios(["customer_data_leak"])
    generate_cohort(store, "Hotline team", 2026, [scenario], scripted_trainees(3, seed=8), in_progress=0,
                    not_started=0)
    out = tmp_path / "aar.html"
    done = run_cli("report", "--cohort", "1", "--out", str(out), "--lang", "zh", "--anonymise",
                   "--csv", str(tmp_path / "csv"), "--db", db)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "演练总结报告 / 改进计划" in html and "<img src=\"data:image/png;base64," in html
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["answers.csv", "attempts.csv",
                                                                     "improvement_plan.csv", "scores.csv", "steps.csv"]
    bad = run_cli("report", "--cohort", "Nobody", "--out", str(tmp_path / "x.html"), "--db", db)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert "no cohort 'Nobody'" in bad.stderr and not (tmp_path / "x.html").exists()


def test_report_with_a_scenario_missing_from_the_library(capsys, db, tmp_path):
    store = Store(db)
    cid = store.cohort("Old", 2026)
    store.assign(cid, "a-scenario-that-was-deleted")
    code, _, err = sim(capsys, "report", "--cohort", str(cid), "--out", str(tmp_path / "r.html"), "--db", db)
    assert code == 2 and "a-scenario-that-was-deleted: no such scenario" in err
    assert not (tmp_path / "r.html").exists()


def test_override_a_reply_and_list_the_history(capsys, db, plan, monkeypatch):
    from support.overrides import GOOD_REPLY, finished_attempt, reply_scenario
    store = Store(db)
    scenario = reply_scenario(plan)
    attempt = finished_attempt(store, scenario, "Ann", {"grade": "major", "reply": GOOD_REPLY, "public": "Sorry."})
    import sim.reports.overrides as O
    real = O.load_scenarios                 # the scenario is not in the library: the command finds it all the same
    monkeypatch.setattr(O, "load_scenarios", lambda ids, scenarios=None, lang="en": real(ids, {scenario.id: scenario}, lang))
    base = ["cohort", "override", "--attempt", str(attempt), "--db", db]
    code, out, err = sim(capsys, *base, "--prompt", "reply", "--points", "3", "--comment", "Fine apology",
                         "--by", "Wang Fang")
    assert code == 0 and err == ""
    assert re.fullmatch(rf"Attempt {attempt} \(Ann\), reply: [\d.]+ → 3 points, overridden by Wang Fang\. "
                        r"The attempt now scores \d+%: (PASSED|NOT PASSED)\.\n", out)
    assert store.scores(attempt)[-1].detail["overrides"][0]["comment"] == "Fine apology"
    for args, message in ((["--prompt", "reply", "--points", "9"], "error: points: 9 is out of range: reply"),
                          (["--prompt", "grade", "--points", "1"], "error: prompt 'grade' is not a reply"),
                          (["--prompt", "reply", "--points", "x"], "error: points: 'x' is not a number"),
                          (["--prompt", "reply", "--points", "1", "--comment", ""], "error: comment: ")):
        full = base + ["--comment", "why", "--by", "Li"] + args
        code, out, err = sim(capsys, *full)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and err.startswith(message), err
    code, _, err = sim(capsys, "cohort", "override", "--attempt", "99", "--prompt", "reply", "--points", "1",
                       "--comment", "x", "--by", "Li", "--db", db)
    assert code == 2 and err.startswith("error: there is no attempt 99")
    code, _, err = sim(capsys, *base, "--prompt", "reply", "--points", "5", "--comment", "x", "--by", "李", "--lang",
                       "zh")
    assert code == 2 and err.strip() == "错误：分数：5 超出范围：reply 的得分应在 0 到 4 分之间"
    code, out, _ = sim(capsys, *base, "--prompt", "reply", "--points", "1.5", "--comment", "再听一遍录音",
                       "--by", "王芳", "--lang", "zh")
    assert code == 0 and "3 → 1.5 分，改分人 王芳" in out
    assert len(store.overrides(attempt)) == 2
    code, out, _ = sim(capsys, "cohort", "overrides", "--attempt", str(attempt), "--db", db)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3 and "overridden by Wang Fang on" in lines[1] and "→ 3 points" in lines[1]
    assert lines[2].endswith("counts") and not lines[1].endswith("counts")
    code, out, _ = sim(capsys, "cohort", "overrides", "--attempt", str(attempt), "--db", db, "--lang", "zh")
    assert "王芳 于" in out and out.splitlines()[2].endswith("生效")
    other = finished_attempt(store, scenario, "Bo", {"grade": "minor", "reply": "Sorry.", "public": "Sorry."})
    assert sim(capsys, "cohort", "overrides", "--attempt", str(other), "--db", db)[1] == \
        f"Attempt {other} has no overrides.\n"
