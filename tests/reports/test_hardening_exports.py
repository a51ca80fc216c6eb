"""Spreadsheet exports against formula injection, and the report pages against raw control characters (issue 21).

Every text-like column (object, string — pandas 3 stores text as ``StringDtype`` by default — and category)
has its cells that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return prefixed with ``'``
(OWASP's CSV-injection guidance); numeric columns, negative numbers included, stay numbers. Checked on
the pandas version that installs (its version is in each test id), on hand-built frames and on every file
``export_csv`` writes for a cohort whose trainees have hostile names and replies. The same cohort's
after-action report and dashboard fragments hold no raw control character or bidi override.
"""
import csv
import re

import pandas as pd
import pytest
from support.reports import load

from sim.reports import aar, export
from sim.reports import cohort as C
from sim.reports import html as H

PANDAS = f"pandas-{pd.__version__}"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1+1"]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def read_cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# --- hand-built frames, each text dtype -----------------------------------------------------------------

def _text_column(values, kind):
    if kind == "inferred":                  # what pd.DataFrame makes of Python strings: StringDtype in pandas 3
        return pd.Series(values)
    return pd.Series(values, dtype={"object": object, "string": "string", "category": "category"}[kind])


@pytest.mark.parametrize("kind", ["object", "string", "inferred", "category"], ids=lambda k: f"{k}-{PANDAS}")
def test_every_text_like_column_is_neutralised_and_numbers_stay_numbers(kind, tmp_path):
    text = _text_column([*HOSTILE, "ok", "a=b", None], kind)
    if kind == "inferred" and int(pd.__version__.split(".")[0]) >= 3:
        assert isinstance(text.dtype, pd.StringDtype)           # the dtype the old guard (object only) missed
    frame = pd.DataFrame({"text": text, "negative": [-1.5, -2.0, -3.25, 0.0, 1.0, -7.0, 2.5, -0.5, None],
                          "count": [-1, -2, -3, 4, 5, 6, 7, 8, 9], "flag": [True] * 9})
    safe = export.spreadsheet_safe(frame)
    assert list(safe.dtypes.astype(str)[["negative", "count", "flag"]]) == ["float64", "int64", "bool"]
    assert list(safe.text[:6]) == ["'" + v for v in HOSTILE] and list(safe.text[6:8]) == ["ok", "a=b"]
    assert frame.text.iloc[0] == HOSTILE[0]                     # the caller's frame is left as it was
    rows = read_cells(export.write_csv(frame, tmp_path / "x.csv"))
    assert rows[0] == ["text", "negative", "count", "flag"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE] + ["ok", "a=b", ""]
    assert [r[1] for r in rows[1:4]] == ["-1.5", "-2.0", "-3.25"] and [r[2] for r in rows[1:4]] == ["-1", "-2", "-3"]


@pytest.mark.parametrize("kind", ["object", "string", "inferred"], ids=lambda k: f"{k}-{PANDAS}")
def test_column_names_and_mixed_object_columns(kind):
    frame = pd.DataFrame({"=cmd": _text_column(["-x", "y"], kind), "mixed": pd.Series([-4, "=1"], dtype=object)})
    safe = export.spreadsheet_safe(frame)
    assert list(safe.columns) == ["'=cmd", "mixed"]
    assert list(safe["'=cmd"]) == ["'-x", "y"] and list(safe.mixed) == [-4, "'=1"]     # a number in text: kept


# --- a cohort with hostile names and replies --------------------------------------------------------------

NAME = '=HYPERLINK("http://x","y")'
NAMES = [NAME, "@SUM(1+1)", "+cmd", "Ann\u202egnp.exe\x1b[31m"]
REPLY = "-2+3 Sorry\x07 for this, Ms Li. We will \u202eevil\u202c call you back today.\r\nPlease unplug it."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Four trainees with formula-like names (one also with a bidi override and an escape sequence), a team
    named like a formula, a reply starting with "-" and holding control characters, and a command drill.
    A store that refuses the control characters in a name (they are then kept out before any report) gets
    the three other trainees; the names the store took are returned."""
    from sim.reports.demo import Trainee, generate_cohort, run_command_drill
    from sim.store.results import Store, StoreError
    root = tmp_path_factory.mktemp("hostile")
    sc = load("product_defect_surge")
    for names in (NAMES, NAMES[:3]):
        store = Store(f"sqlite:///{root / f'h{len(names)}.sqlite'}")
        try:
            cid = generate_cohort(store, "Hostile", 2026, [sc], [Trainee(n, "=Hotline", "frontline", 0.7)
                                                                 for n in names],
                                  in_progress=0, not_started=0, replies={NAME: {"reply-li": REPLY}})
        except StoreError:
            continue
        break
    run_command_drill(store, sc, NAMES[1])
    data = C.load_cohort(store, cid, {sc.id: sc})
    return data, export.export_csv(data, root / "csv"), names


def test_every_export_file_is_written_and_none_starts_a_formula(hostile):
    _, paths, _ = hostile
    assert [p.name for p in paths] == ["scores.csv", "answers.csv", "steps.csv", "improvement_plan.csv",
                                       "attempts.csv", "command_drills.csv"]
    for path in paths:
        for row in read_cells(path):
            for cell in row:
                assert not cell.startswith(FORMULA_START) or is_number(cell), (path.name, cell)


def test_hostile_names_teams_and_replies_arrive_as_text(hostile):
    _, paths, names = hostile
    scores, answers, *_, commands = (read_cells(p) for p in paths)
    assert {r[0] for r in scores[1:]} == {"'" + NAME, "'@SUM(1+1)", "'+cmd", *names[3:]}
    assert {r[1] for r in scores[1:]} == {"'=Hotline"}
    head = answers[0]
    replies = [r for r in answers[1:] if r[head.index("prompt_id")] == "reply-li" and r[0] == "'" + NAME]
    assert len(replies) == 1 and replies[0][head.index("answer")].startswith("'-2+3 Sorry")
    assert sum(r[0] == "'" + NAME for r in answers[1:]) == sum(r[0] == "'+cmd" for r in answers[1:]) > 5
    assert [r[0] for r in commands[1:]] == ["'@SUM(1+1)"]
    score = head.index("points")
    assert all(is_number(r[score]) or r[score] == "" for r in answers[1:])


def test_report_and_dashboard_hold_no_control_character_or_bidi_override(hostile):
    data, _, names = hostile
    page = aar.build_aar(data)
    assert not UNSAFE.search(page)
    assert "&quot;" in page and NAME not in page                 # names escaped
    if len(names) == 4:                                         # the store kept the raw name: cleaned here
        assert "Anngnp.exe[31m" in page
    for fragment in (H.progress_html(data), H.score_table(data), *(H.trainee_html(data, n) for n in names),
                     H.overrides_html(data), H.command_html(data)):
        assert not UNSAFE.search(fragment)
    assert "evil" in H.trainee_html(data, NAME)
