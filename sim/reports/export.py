r"""CSV exports of a cohort's drill: scores, every answer, step ratings, the improvement plan, every attempt,
command drills.

scores.csv has one row per trainee and assigned scenario: the **counted attempt** under the assignment's
attempt policy (``attempt_id``, its number ``attempt_number``: 1 for the attempt the trainee started first),
the number of attempts (``attempts``) and the policy (``counts``: first, best or last; ``max_attempts``,
empty for unlimited). attempts.csv lists every attempt, counted or not (``counted``), with its number and
score: earlier attempts stay stored and are exported. Practice attempts are in neither: they never count.

In answers.csv a reply lists the sentence that met each criterion (``met_by``: ``criterion: sentence``,
separated by `` | ``) and, when a trainer overrode its points, ``overridden`` is true with the points it
had before (``old_points``), who (``override_by``), when (``override_at``) and why (``override_comment``);
``points`` is then the trainer's.

The files open in a spreadsheet: UTF-8 with a BOM (so Chinese reads correctly), and text that starts
like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return: OWASP's list for CSV injection) is
prefixed with ``'`` so the spreadsheet shows it as text and never runs it. Every text-like column is
guarded whatever its dtype — ``object``, ``string`` (pandas 3 stores text as ``StringDtype``, which a
guard of ``object`` columns alone misses), ``category`` — and the column names too; numbers are left
alone, so a column of negative numbers stays numeric. With ``anonymise``, trainee names become their
aliases, inside replies too.

For trainers who live in Excel, :func:`export_xlsx` writes one workbook (openpyxl) with three sheets in the
report's language — the results (one row per trainee and scenario, with each plan step's rating), the plan
steps (ratings counted, share of points) and the improvement plan — with localised headers, scenario
titles and step names (no internal ids), numbers as numbers and dates as dates. Text that looks like a
formula is stored as text (never run), and characters a workbook cannot hold are dropped.

    >>> _cell("=SUM(A1:A9)"), _cell("@mention"), _cell("\tx"), _cell("ok"), _cell(-3)
    ("'=SUM(A1:A9)", "'@mention", "'\tx", 'ok', -3)
"""
from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd

from sim.drill.scorecard import RATINGS
from sim.i18n import t
from sim.reports import cohort as C
from sim.reports.html import late_text, role_name
from sim.reports.improvement import improvement_items

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (trainee text is data)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _text_like(column: pd.Series) -> bool:
    """Whether a column may hold text: object (anything), any string dtype (pandas 3's default ``str``,
    ``string``, pyarrow strings) or category (whose categories may be text)."""
    dtype = column.dtype
    return (dtype == object or isinstance(dtype, pd.CategoricalDtype)
            or pd.api.types.is_string_dtype(dtype))


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) a spreadsheet cannot run as formulas; numbers,
    booleans and dates keep their dtype."""
    out = df.copy()
    for i in range(out.shape[1]):          # by position: column names may repeat
        column = out.iloc[:, i]
        if _text_like(column):
            # as object first: a category maps its categories, not its cells, and the result stays text
            out.isetitem(i, column.astype(object).map(_cell))
    out.columns = [_cell(c) for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """``df`` as a CSV file a spreadsheet opens safely: formula-like text neutralised, UTF-8 with a BOM,
    rows ended by CRLF (RFC 4180), which also makes the writer quote a cell holding a lone carriage return:
    with a bare newline it would not, and a reply typed with one would split its row in two."""
    spreadsheet_safe(df).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return path


def export_csv(data, out_dir: str | Path, *, anonymise: bool = False, as_of: date | None = None) -> list[Path]:
    """scores.csv (trainee × scenario: the counted attempt, its number, the number of attempts, with step
    ratings), answers.csv (every answer of the counted attempts, with points, rating, criteria and flags),
    steps.csv, improvement_plan.csv, attempts.csv (every attempt, counted or not) and, when there are any,
    command_drills.csv. UTF-8 with a BOM (spreadsheets then read Chinese correctly)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lang = data.lang
    name = lambda n: data.name(n, anonymise)
    r = data.results.copy()
    r["trainee"] = r.trainee.map(name)
    step_ratings: dict[tuple[str, str], dict] = {}
    for s in data.steps.itertuples(index=False):
        step_ratings.setdefault((s.trainee, s.scenario_id), {})[f"step:{s.step}"] = s.rating
    extra = pd.DataFrame([step_ratings.get((tr, sid), {}) for tr, sid in
                          zip(data.results.trainee, data.results.scenario_id)],
                         columns=[f"step:{k}" for k in data.plan.steps])
    scores = pd.concat([r.reset_index(drop=True), extra], axis=1)
    scores["percent"] = scores.percent.round(2)
    paths = [out / "scores.csv", out / "answers.csv", out / "steps.csv", out / "improvement_plan.csv"]
    write_csv(scores, paths[0])

    chosen = [int(a) for a in data.results.attempt_id.dropna()]
    answers = data.store.answers_for(chosen)
    detail, overridden = {}, {}
    for aid in chosen:
        if aid in data.scores:
            for p in data.scores[aid].detail.get("prompts", []):
                detail[(aid, p["prompt_id"])] = p
            for o in data.scores[aid].detail.get("overrides", []):
                overridden[(aid, o["prompt_id"])] = o
    rows = []
    for res in data.results.itertuples(index=False):
        if res.attempt_id is None or pd.isna(res.attempt_id):
            continue
        sc = data.scenarios[res.scenario_id]
        for a in answers.get(int(res.attempt_id), []):
            prompt = C.prompt_of(sc, a.prompt_id)
            d = detail.get((int(res.attempt_id), a.prompt_id), {})
            o = overridden.get((int(res.attempt_id), a.prompt_id))
            value = a.value
            text = C.stored_answer_text(sc, prompt, value, lang)
            if prompt is not None and prompt.kind == "reply":
                text = data.scrub(text, anonymise)
                value = text
            rows.append({"trainee": name(res.trainee), "scenario_id": res.scenario_id, "attempt_id": a.attempt_id,
                         "attempt_number": res.attempt_number, "status": res.status, "prompt_id": a.prompt_id, "step": prompt.step if prompt else "",
                         "kind": prompt.kind if prompt else "",
                         "question": C.question_text(sc, prompt, lang) if prompt else "",
                         "answer": text, "value": json.dumps(value, ensure_ascii=False),
                         "points": d.get("points"), "max_points": d.get("max_points"), "rating": d.get("rating"),
                         "hit": ";".join(d.get("hit", [])), "missed": ";".join(d.get("missed", [])),
                         "flags": ";".join(f["flag"] for f in d.get("flags", [])),
                         "elapsed_s": None if a.elapsed is None else round(a.elapsed, 1),
                         "par_s": d.get("par"), "answered_at": a.answered_at.isoformat(),
                         "met_by": " | ".join(f"{c}: {data.scrub(x, anonymise)}" for c, x in d.get("met_by") or ()),
                         "overridden": o is not None, "old_points": o["old_points"] if o else None,
                         "override_by": o["by"] if o else "", "override_at": o["at"] if o else "",
                         "override_comment": data.scrub(o["comment"], anonymise) if o else ""})
    columns = ["trainee", "scenario_id", "attempt_id", "attempt_number", "status", "prompt_id", "step", "kind", "question", "answer",
               "value", "points", "max_points", "rating", "hit", "missed", "flags", "elapsed_s", "par_s",
               "answered_at", "met_by", "overridden", "old_points", "override_by", "override_at", "override_comment"]
    write_csv(pd.DataFrame(rows, columns=columns), paths[1])
    write_csv(C.step_distribution(data), paths[2])      # step names come from the plan file: guarded too
    items = improvement_items(data, as_of)
    write_csv(pd.DataFrame([{"capability": i.capability, "issue": i.issue, "corrective_action": i.action,
                             "owner": i.owner, "start": i.start.isoformat(), "completion": i.due.isoformat(),
                             "source": i.source} for i in items],
                           columns=["capability", "issue", "corrective_action", "owner", "start", "completion",
                                    "source"]), paths[3])
    tries = data.tries.copy()
    tries["trainee"] = tries.trainee.map(name)
    tries["percent"] = tries.percent.round(2)
    paths.append(write_csv(tries, out / "attempts.csv"))
    if data.commands:
        rows = [{"trainee": name(c.trainee), "scenario_id": c.scenario_id, "created_at": c.created_at.isoformat(),
                 "score": c.score, **{f"part:{k}": v for k, v in c.result.get("parts", {}).items()},
                 "activation": late_text(c.result, lang),
                 "reserve_called": c.result.get("reserve_called"),
                 "reserve_suggested": c.result.get("reserve_suggested"),
                 **{f"targets_met:{k}": v for k, v in c.result.get("targets_met", {}).items()}}
                for c in data.commands]
        path = out / "command_drills.csv"
        paths.append(write_csv(pd.DataFrame(rows), path))
    return paths


# --- the Excel workbook ---------------------------------------------------------------------------------

def _xlsx_value(value):
    """A cell value openpyxl stores as it is: missing numbers empty, text without the control characters a
    workbook cannot hold (openpyxl would refuse the whole file)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet(book, title: str, headers: list[str], rows: list[list], widths: dict[int, int] | None = None):
    """A sheet with a bold, frozen, filterable header row; text is stored as text even when it starts with
    ``=`` (openpyxl would otherwise write a formula that the spreadsheet runs)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    sheet = book.create_sheet(title[:31])
    sheet.append([_xlsx_value(h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for i, header in enumerate(headers, 1):
        longest = max([len(str(header))] + [len(str(r[i - 1])) for r in rows[:200] if r[i - 1] is not None])
        sheet.column_dimensions[get_column_letter(i)].width = (widths or {}).get(i, min(60, max(8, longest + 2)))
    return sheet


def _status(row, lang: str) -> str:
    if row.status == "finished":
        return t("report.xlsx.finished", lang)
    return t(f"report.status.{row.status}", lang)


def export_xlsx(data, out: str | Path, *, anonymise: bool = False, as_of: date | None = None) -> Path:
    """The cohort's results, plan steps and improvement plan as one ``.xlsx`` workbook in ``data.lang``."""
    from openpyxl import Workbook
    lang = data.lang
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plan = data.plan
    yes, no = t("report.xlsx.yes", lang), t("report.xlsx.no", lang)
    ratings: dict[tuple[str, str], dict[str, str]] = {}
    for s in data.steps.itertuples(index=False):
        ratings.setdefault((s.trainee, s.scenario_id), {})[s.step] = s.rating
    members = {m.name: m for m in data.members}
    results = []
    for r in data.results.itertuples(index=False):
        m = members.get(r.trainee)
        finished = r.status == "finished"
        mine = ratings.get((r.trainee, r.scenario_id), {})
        results.append([data.name(r.trainee, anonymise), (m.team if m else None) or "",
                        role_name(data, m.role if m else None), data.scenarios[r.scenario_id].title.get(lang),
                        _status(r, lang), round(float(r.percent), 1) if finished else None,
                        (yes if r.passed else no) if finished else "",
                        None if pd.isna(r.attempt_number) else int(r.attempt_number), int(r.attempts or 0),
                        r.due if isinstance(r.due, date) else None, yes if r.overdue else "",
                        *[mine.get(step, "") for step in plan.steps]])
    step_names = [step.name.get(lang) for step in plan.steps.values()]
    book = Workbook()
    book.remove(book.active)
    _sheet(book, t("report.xlsx.sheet.results", lang),
           [t("report.col.trainee", lang), t("table.team", lang), t("table.role", lang), t("report.col.scenario", lang),
            t("report.xlsx.status", lang), t("report.xlsx.score", lang), t("report.col.passed", lang),
            t("report.col.counted", lang), t("report.col.attempts", lang),
            t("report.col.due", lang), t("report.col.overdue", lang), *step_names], results)
    dist = C.step_distribution(data)
    steps = [[r["name"], r["rating"], *[int(r[k]) for k in RATINGS],
              None if math.isnan(r["share"]) else round(100 * r["share"], 1), int(r["critical"])]
             for r in dist.to_dict("records")]
    _sheet(book, t("report.xlsx.sheet.steps", lang),
           [t("table.step", lang), t("report.col.rating", lang), *RATINGS, t("report.xlsx.share", lang),
            t("report.col.critical", lang)], steps)
    items = improvement_items(data, as_of)
    _sheet(book, t("report.xlsx.sheet.plan", lang),
           [t("report.col.capability", lang), t("report.col.issue", lang), t("report.col.action", lang),
            t("report.col.owner", lang), t("report.col.start", lang), t("report.col.completion", lang)],
           [[i.capability, i.issue, i.action, i.owner, i.start, i.due] for i in items],
           widths={2: 50, 3: 60})
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    book.save(out)
    return out


__all__ = ["export_csv", "export_xlsx", "spreadsheet_safe", "write_csv"]
