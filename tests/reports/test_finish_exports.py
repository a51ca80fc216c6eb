"""Results and the improvement plan as an Excel workbook (issue 20): three sheets with headers, scenario
titles and step names in the report's language (no internal ids in Chinese), one row per trainee and
scenario with numbers as numbers, formula-like text stored as text; from Python and from ``python -m sim
report --xlsx``. Every check reads the file back with openpyxl."""
from datetime import date

import openpyxl
import pytest
from support.reports import load

from sim.i18n import t
from sim.reports import cohort as C
from sim.reports.demo import Trainee, generate_cohort
from sim.reports.export import export_xlsx
from sim.reports.improvement import improvement_items
from sim.store.results import Store

AS_OF = date(2026, 6, 1)
PEOPLE = [Trainee("=1+1 Ann", "Hotline A", "frontline", 0.9), Trainee("王小明", "热线二组", "specialist", 0.2),
          Trainee("Bo", "", "frontline", 0.5)]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "x.sqlite"
    store = Store(f"sqlite:///{path}")
    scenario = load("customer_data_leak")
    cid = generate_cohort(store, "Hotline team", 2026, [scenario], PEOPLE, due=date(2026, 5, 1), seed=4,
                          in_progress=0, not_started=1)
    return store, cid, scenario, f"sqlite:///{path}"


def book(cohort, lang, tmp_path):
    store, cid, scenario, _ = cohort
    data = C.load_cohort(store, cid, {scenario.id: scenario}, lang=lang, today=AS_OF)
    return data, openpyxl.load_workbook(export_xlsx(data, tmp_path / f"r_{lang}.xlsx", as_of=AS_OF))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_workbook_has_three_localised_sheets(cohort, tmp_path, lang):
    data, wb = book(cohort, lang, tmp_path)
    assert wb.sheetnames == [t("report.xlsx.sheet.results", lang), t("report.xlsx.sheet.steps", lang),
                             t("report.xlsx.sheet.plan", lang)]
    results, steps, plan = wb.worksheets
    header = [c.value for c in results[1]]
    step_names = [s.name.get(lang) for s in data.plan.steps.values()]
    assert header[:4] == [t("report.col.trainee", lang), t("table.team", lang), t("table.role", lang),
                          t("report.col.scenario", lang)]
    assert header[11:] == step_names and results.freeze_panes == "A2"
    rows = list(results.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(PEOPLE)                          # one scenario: one row per trainee
    assert [r[0] for r in rows] == [p.name for p in PEOPLE]
    title = data.scenarios["customer-data-leak"].title.get(lang)
    assert {r[3] for r in rows} == {title}
    finished = [r for r in rows if r[4] == t("report.xlsx.finished", lang)]
    assert len(finished) == 2 and all(isinstance(r[5], (int, float)) and 0 <= r[5] <= 100 for r in finished)
    not_started = rows[2]
    assert not_started[4] == t("report.status.not_started", lang) and not_started[5] is None
    assert not_started[10] == t("report.xlsx.yes", lang)          # overdue: due 1 May, report on 1 June
    assert [c.value for c in steps["A"][1:]] == step_names
    assert plan.max_row - 1 == len(improvement_items(data, AS_OF))
    assert plan["E2"].value.date() == AS_OF if plan.max_row > 1 else True


def test_formula_like_text_stays_text(cohort, tmp_path):
    _, wb = book(cohort, "en", tmp_path)
    cell = wb.worksheets[0]["A2"]
    assert cell.value == "=1+1 Ann" and cell.data_type == "s"


def test_a_chinese_workbook_shows_no_internal_id(cohort, tmp_path):
    data, wb = book(cohort, "zh", tmp_path)
    ids = {*data.plan.steps, *data.plan.roles, "customer-data-leak", "finished", "not_started", "in_progress"}
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert not [i for i in ids if i in text]
    assert "客户服务部" in text and "客诉处理专员" in text


def test_the_report_command_writes_the_workbook(cohort, tmp_path, capsys):
    from sim.cli import main
    db = cohort[3]
    out = tmp_path / "aar.html"
    code = main(["report", "--cohort", "1", "--out", str(out), "--xlsx", str(tmp_path / "r.xlsx"), "--lang", "zh",
                 "--db", db])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"已写入 Excel 工作簿 {tmp_path / 'r.xlsx'}。" in printed.out
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "成绩"
    code = main(["report", "--cohort", "1", "--out", str(out), "--xlsx", str(tmp_path / "r.csv"), "--db", db])
    printed = capsys.readouterr()
    assert code == 2 and printed.err.strip().endswith(f"--xlsx {tmp_path / 'r.csv'}: give a file name ending in .xlsx")
