"""The after-action report of a cohort of 20 scripted trainees over three scenarios, checked against the store
(queried directly with sqlite3, not through the report code), escaping of trainee text, anonymising, the HSEEP
outline, last year's comparison, command drills, CSV exports and re-scoring after a rubric change."""
import base64
import json
import math
import re
import sqlite3
from collections import Counter
from datetime import timedelta

import pandas as pd
import pytest
import yaml
from support import ROOT
from support.reports import ESCAPED, N_SCRIPTED, SCRIPT, aar_file, cells, hostile_reply, load

from sim.i18n import t
from sim.reports import aar, export
from sim.reports import cohort as C


@pytest.fixture(scope="module")
def report_en(big, tmp_path_factory):
    out, csv_dir = aar_file(tmp_path_factory, "en")
    return out.read_text(encoding="utf-8"), csv_dir


@pytest.fixture(scope="module")
def report_zh_anon(big, tmp_path_factory):
    out, _ = aar_file(tmp_path_factory, "zh", anonymise=True)
    return out.read_text(encoding="utf-8")


def direct(big, cohort_id):
    """Latest score of every attempt of the cohort, straight from the SQLite file."""
    con = sqlite3.connect(big.path)
    try:
        created = con.execute("SELECT created_at FROM cohorts WHERE id = ?", (cohort_id,)).fetchone()[0]
        later = con.execute("SELECT min(created_at) FROM cohorts WHERE created_at > ?", (created,)).fetchone()[0]
        rows = con.execute(
            "SELECT a.id, a.scenario_id, a.status, t.name FROM attempts a JOIN trainees t ON t.id = a.trainee_id "
            "JOIN cohort_members m ON m.trainee_id = t.id AND m.cohort_id = ? "
            "WHERE a.started_at >= ? AND (? IS NULL OR a.started_at < ?)", (cohort_id, created, later, later)).fetchall()
        latest = {r[0]: (json.loads(r[1]), r[2], bool(r[3])) for r in con.execute(
            "SELECT attempt_id, detail, total, passed FROM scores WHERE id IN "
            "(SELECT max(id) FROM scores GROUP BY attempt_id)")}
    finally:
        con.close()
    return [(aid, sid, status, name) + (latest.get(aid) or (None, None, None)) for aid, sid, status, name in rows]


# --- numbers -----------------------------------------------------------------------------------------

def test_report_numbers_match_a_direct_store_query(big, report_en):
    html, _ = report_en
    rows = direct(big, big.cohort_id)
    finished = [r for r in rows if r[2] == "finished"]
    assert len({r[3] for r in rows}) == 20 and len(finished) == 20 * 3 - 2
    assert sum(r[2] == "in_progress" for r in rows) == 1
    # per plan step: how many results were rated P, S, M, U, N/A
    expected = Counter((step, s["rating"]) for r in finished for step, s in r[4]["steps"].items())
    steps = list(big.scenarios[0].plan.steps)
    for step in steps:
        for rating in ("P", "S", "M", "U", "N/A"):
            shown = cells(html, data_step=step, data_rating=rating)
            assert shown == [str(expected.get((step, rating), 0))], (step, rating, shown)
    assert sum(expected.values()) == len(finished) * len(steps)
    # per scenario: finished, passed, mean score
    for sc in big.scenarios:
        mine = [r for r in finished if r[1] == sc.id]
        assert cells(html, data_scenario=sc.id, data_key="finished") == [str(len(mine))]
        assert cells(html, data_scenario=sc.id, data_key="passed") == [str(sum(r[6] for r in mine))]
        mean = sum(100 * r[5] for r in mine) / len(mine)
        assert cells(html, data_scenario=sc.id, data_key="mean") == [f"{mean:.1f}"]
    # key figures
    assert cells(html, data_key="total_passed") == [str(sum(r[6] for r in finished))]
    assert cells(html, data_key="total_mean") == [f"{sum(100 * r[5] for r in finished) / len(finished):.1f}"]
    assert cells(html, data_key="total_participants") == ["20"]
    assert cells(html, data_key="total_overdue") == ["2"]
    # a realistic spread: some pass, some fail, some critical failures, and several ratings on most steps
    passed = sum(r[6] for r in finished)
    assert 0.2 * len(finished) < passed < 0.95 * len(finished)
    assert sum(1 for r in finished if r[4]["critical"]) >= N_SCRIPTED
    assert sum(1 for step in steps if len({k[1] for k in expected if k[0] == step and k[1] != "N/A"}) >= 3) >= 3


def test_report_progress_and_the_heatmap_numbers(big):
    data = C.load_cohort(big.store, big.cohort_id, today=big.today)
    s = C.progress_summary(data)
    assert (s["trainees"], s["started"], s["finished_all"], s["overdue"]) == (20, 20, 18, 2)
    assert (s["results_in_progress"], s["results_not_started"]) == (1, 1)
    m = C.score_matrix(data)
    assert m.shape == (20, 3) and int(m.isna().sum().sum()) == 2
    for aid, sid, status, name, detail, total, _ in direct(big, big.cohort_id):
        if status == "finished":
            assert m.loc[name, sid] == pytest.approx(100 * total)
    # tomorrow nothing more is overdue than today; before the due date nobody is
    early = C.load_cohort(big.store, big.cohort_id, today=big.today - timedelta(days=2))
    assert C.progress_summary(early)["overdue"] == 0


# --- escaping and anonymising ----------------------------------------------------------------------------

def test_trainee_text_is_escaped_in_the_report(report_en, report_zh_anon):
    html, _ = report_en
    for doc in (html, report_zh_anon):
        assert ESCAPED in doc, "the hostile replies should be quoted (escaped) in the analysis"
        assert "<script" not in doc.lower()
        assert "<b>Nothing</b>" not in doc and "&lt;b&gt;Nothing&lt;/b&gt; we can do &amp; that&#x27;s" in doc


def test_trainee_text_is_escaped_in_the_drill_down(big):
    from sim.reports.html import trainee_html
    data = C.load_cohort(big.store, big.cohort_id, today=big.today)
    name = big.trainees[0].name
    page = trainee_html(data, name)
    assert ESCAPED in page and "<script" not in page.lower()
    anon = trainee_html(data, name, anonymise=True)
    assert name not in anon and data.aliases[name] in anon and ESCAPED in anon


def test_anonymised_chinese_report_names_nobody(big, report_zh_anon):
    html = report_zh_anon
    for x in big.trainees:
        assert x.name not in html, x.name
    assert "学员 01" in html and t("report.title", "zh") in html and '<html lang="zh-CN">' in html
    assert t("report.h.ip", "zh") in html and t("report.col.owner", "zh") in html
    # the hostile replies named their writer: the alias stands in for the name inside the quote
    assert "This is 学员 01 speaking" in html


def test_report_is_one_self_contained_file(report_en):
    html, _ = report_en
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.IGNORECASE)
    assert "<link" not in html.lower() and "@import" not in html and "url(" not in html
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) >= 4       # heatmap, step ratings, command drill, comparison
    for src in images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


# --- the HSEEP outline ---------------------------------------------------------------------------------

def test_report_follows_the_aar_ip_outline(big, report_en):
    html, _ = report_en
    plan = big.scenarios[0].plan
    heads = [t(k, "en") for k in ("report.h.overview", "report.h.summary", "report.h.analysis", "report.h.conduct",
                                  "report.h.command", "report.h.comparison", "report.h.ip", "report.h.participants")]
    positions = [html.index(h) for h in heads]
    assert positions == sorted(positions)
    for label in ("report.ov.name", "report.ov.dates", "report.ov.scope", "report.ov.participants"):
        assert t(label, "en") in html
    for sc in big.scenarios:
        assert sc.title.get("en") in html
    for sid, step in plan.steps.items():
        assert f'id="step-{sid}"' in html and step.name.get("en") in html
    assert html.count(t("report.strengths", "en")) >= len(plan.steps)
    assert html.count(t("report.areas", "en")) >= len(plan.steps)
    # the improvement plan: issue, corrective action, owner role, start and completion dates
    table = html[html.index('data-table="improvement-plan"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]
    assert len(rows) >= 3
    role_names = {r.name.get("en") for r in plan.roles.values()}
    for row in rows:
        _capability, issue, action, owner, start, due = [re.sub(r"<[^>]+>", "", c) for c in
                                                        re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        assert issue and action
        assert set(owner.split(", ")) <= role_names and owner
        assert start == big.today.isoformat() and due == (big.today + timedelta(days=91)).isoformat()
    items = aar.improvement_items(C.load_cohort(big.store, big.cohort_id, today=big.today))
    assert {i.source for i in items} >= {"flag", "criterion", "command"}
    # corrective actions come from the plan: the conduct rule against blaming the customer is cited
    assert plan.conduct["apologise"].text.get("en") in html


def test_improvement_plan_owner_is_the_steps_roles(big):
    data = C.load_cohort(big.store, big.cohort_id, today=big.today)
    plan = data.plan
    for item in aar.improvement_items(data):
        if item.step in plan.steps:
            assert item.owner == ", ".join(plan.roles[r].name.get("en") for r in plan.steps[item.step].roles)


def test_comparison_with_last_year(big, report_en):
    html, _ = report_en
    assert f"Hotline team ({big.today.year - 1})" in html
    this = C.step_distribution(C.load_cohort(big.store, big.cohort_id, today=big.today))
    last_rows = [r for r in direct(big, big.last_id) if r[2] == "finished"]
    assert len(last_rows) == 18
    for step in this.step:
        pts = sum(r[4]["steps"][step]["points"] for r in last_rows)
        mx = sum(r[4]["steps"][step]["max_points"] for r in last_rows)
        share = float(this[this.step == step].share.iloc[0])
        shown = cells(html, data_step=step, data_key="change")
        if mx and not math.isnan(share):
            assert shown == [f"{100 * (share - pts / mx):+.0f} pp"]


def test_no_comparison_without_an_earlier_cohort(big, tmp_path):
    data = C.load_cohort(big.store, big.last_id, today=big.today)
    assert C.previous_cohort(big.store, data.cohort) is None
    assert t("report.no_previous", "en") in aar.build_aar(data)


# --- live command drills --------------------------------------------------------------------------------

def test_command_drills_appear_with_minutes_late(big, report_en):
    html, _ = report_en
    records = big.store.command_results(cohort_id=big.cohort_id)
    assert len(records) == 2 and big.store.command_results(cohort_id=big.last_id) == []
    assert {r.trainee for r in records} == {big.trainees[0].name, big.trainees[1].name}
    for rec in records:
        json.dumps(rec.result, allow_nan=False)          # NaN KPIs were stored as null
        first = min(rec.result["timeliness"], key=lambda r: r["held_min"])
        late = round(first["late_min"])
        assert f"{late} min late (trigger held at {first['held_clock']})" in html
        assert f"{rec.score:.0f}" in cells(html, data_key="command_score")
    lates = sorted(round(min(r.result["timeliness"], key=lambda x: x["held_min"])["late_min"]) for r in records)
    assert lates[0] == 0 and lates[1] >= 30
    by_name = {r.trainee: r for r in records}
    assert by_name[big.trainees[0].name].score > by_name[big.trainees[1].name].score


# --- CSV exports ----------------------------------------------------------------------------------------

def test_csv_exports_scores_and_answers(big, report_en):
    _, csv_dir = report_en
    scores = pd.read_csv(csv_dir / "scores.csv", encoding="utf-8-sig")
    assert len(scores) == 60 and set(scores.status) == {"finished", "in_progress", "not_started"}
    assert {f"step:{s}" for s in big.scenarios[0].plan.steps} <= set(scores.columns)
    rows = direct(big, big.cohort_id)
    con = sqlite3.connect(big.path)
    n_answers = con.execute(f"SELECT count(*) FROM answers WHERE attempt_id IN ({','.join(str(r[0]) for r in rows)})"
                            ).fetchone()[0]
    con.close()
    answers = pd.read_csv(csv_dir / "answers.csv", encoding="utf-8-sig")
    assert len(answers) == n_answers
    assert answers.answer.str.contains(SCRIPT, regex=False).sum() == N_SCRIPTED      # data, kept as written
    plan_rows = pd.read_csv(csv_dir / "improvement_plan.csv", encoding="utf-8-sig")
    assert list(plan_rows.columns)[:6] == ["capability", "issue", "corrective_action", "owner", "start", "completion"]
    assert (csv_dir / "command_drills.csv").exists() and (csv_dir / "steps.csv").exists()


def test_csv_cells_never_start_a_formula():
    assert export._cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert export._cell("+1") == "'+1" and export._cell("@SUM") == "'@SUM" and export._cell("ok") == "ok"
    assert export._cell(-3) == -3


# --- re-scoring -----------------------------------------------------------------------------------------

def test_rescore_after_a_rubric_change_keeps_the_earlier_scores(tmp_path):
    from sim.format.load import scenario_from_dict
    from sim.reports.demo import generate_cohort, scripted_trainees
    from sim.store.results import Store
    original = load("product_defect_surge")
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    people = scripted_trainees(4, seed=5)
    replies = {people[0].name: {"reply-li": "I'm so sorry. Please stop using it and unplug it. We will call you "
                                            "tomorrow about it, Ms Li."}}
    cid = generate_cohort(store, "Rescore", 2026, [original], people, in_progress=0, not_started=0, replies=replies)
    before = C.load_cohort(store, cid, {original.id: original})
    # the trainer changes the rubric: the 'recorded' criterion now weighs 5 (and is missed by the reply above)
    data = yaml.safe_load((ROOT / "scenarios" / "product_defect_surge.yaml").read_text())
    for inj in data["drill"]["injects"]:
        for p in inj.get("prompts", []):
            if p["id"] == "reply-li":
                next(c for c in p["rubric"] if c["id"] == "recorded")["weight"] = 5
    changed = scenario_from_dict(data, original.plan)
    assert changed.content_hash() != original.content_hash()
    done = C.rescore_cohort(store, cid, {original.id: changed})
    assert len(done) == 4 and C.rescore_cohort(store, cid, {original.id: changed}) == []    # nothing left to do
    first = next(r for r in done if r.trainee == people[0].name)
    assert first.after < first.before
    for r in done:
        history = store.scores(r.attempt_id)
        assert [s.content_hash for s in history] == [original.content_hash(), changed.content_hash()]
        assert history[0].total * 100 == pytest.approx(r.before) and history[1].total * 100 == pytest.approx(r.after)
    after = C.load_cohort(store, cid, {original.id: changed})
    assert not after.results.stale.any()
    old_view = C.load_cohort(store, cid, {original.id: original})
    assert old_view.results.stale.all()
    assert t("report.stale", "en", n=4) in aar.build_aar(old_view)
    assert after.results.percent.sum() != pytest.approx(before.results.percent.sum())
    # "all" re-scores again against the same version, and still keeps every earlier row
    again = C.rescore_cohort(store, cid, {original.id: changed}, only_changed=False)
    assert len(again) == 4 and len(store.scores(first.attempt_id)) == 3


# --- strings --------------------------------------------------------------------------------------------

def test_hostile_reply_helper_names_its_writer():
    assert SCRIPT in hostile_reply("Ann") and "Ann" in hostile_reply("Ann")


# --- overrides ------------------------------------------------------------------------------------------

def test_report_has_a_section_for_score_overrides_and_the_csv_their_columns(report_en):
    html, csv_dir = report_en
    positions = [html.index(f'id="{k}"') for k in ("conduct", "overrides", "command")]
    assert positions == sorted(positions)
    assert t("report.overrides.none", "en") in html            # nobody overrode a score in the scripted cohort
    answers = pd.read_csv(csv_dir / "answers.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(answers.columns)[-6:] == ["met_by", "overridden", "old_points", "override_by", "override_at",
                                          "override_comment"]
    assert not answers.overridden.any() and set(answers.override_comment) == {""}
