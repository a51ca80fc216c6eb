"""Importing a cohort's trainees from a CSV file: ``name, team, role`` (a header line first).

The header may use English or Chinese column names (``name``/``姓名``, ``team``/``团队``,
``role``/``角色``), in any order; a comma, semicolon or tab separates fields; UTF-8 with or without a
BOM (what spreadsheets write as "CSV UTF-8"). ``role`` is a role of the plan, by id (``frontline``) or
by name in either language (``客户服务部``); it and ``team`` may be left empty.

Every problem is reported as ``file:line: field: what is wrong`` and the import is all or nothing: a
file with one bad row imports nobody.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from sim.format.errors import Problem, ScenarioError
from sim.format.plan import Plan
from sim.i18n import t

COLUMNS = {"name": ("name", "trainee", "姓名", "学员", "名字"), "team": ("team", "团队", "小组", "班组"),
           "role": ("role", "角色", "岗位")}
MAX_FIELD = 200


def _role_lookup(plan: Plan) -> dict[str, str]:
    out = {}
    for rid, role in plan.roles.items():
        out[rid.lower()] = rid
        for name in (role.name.en, role.name.zh):
            if name:
                out[name.strip().lower()] = rid
    return out


def read_roster(path: str | Path, plan: Plan, lang: str = "en") -> list[tuple[str, str | None, str | None]]:
    """The trainees listed in the file as (name, team, role id); ScenarioError listing every problem."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(shown, None, "", t("report.csv.unreadable", lang, error=exc.strerror))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(shown, line, "", t("report.csv.not_utf8", lang))]) from None
    if not text.strip():
        raise ScenarioError([Problem(shown, 1, "", t("report.csv.empty", lang))])
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    wanted = {alias.lower(): col for col, aliases in COLUMNS.items() for alias in aliases}
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for i, cell in enumerate(header):
        col = wanted.get(cell.strip().lower())
        if col is None:
            continue
        if col in index:
            problems.append(Problem(shown, 1, "header", t("report.csv.twice", lang, column=cell.strip())))
        index[col] = i
    for col in COLUMNS:
        if col not in index:
            problems.append(Problem(shown, 1, "header", t("report.csv.missing_column", lang, column=col,
                                                           found=", ".join(h.strip() for h in header) or "—")))
    if problems:
        raise ScenarioError(problems)
    roles = _role_lookup(plan)
    known = ", ".join(f"{rid} ({r.name.get(lang)})" for rid, r in plan.roles.items())
    seen: dict[str, int] = {}
    out = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(shown, reader.line_num, "", t("report.csv.malformed", lang, error=exc)))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(shown, line, "", t("report.csv.fields", lang, n=len(row), expected=len(header),
                                                       columns=delimiter.join(h.strip() for h in header))))
            continue
        name, team, role = (row[index[c]].strip() for c in ("name", "team", "role"))
        bad = False
        for col, value in (("name", name), ("team", team), ("role", role)):
            if len(value) > MAX_FIELD:
                problems.append(Problem(shown, line, col, t("report.csv.too_long", lang, max=MAX_FIELD)))
                bad = True
        if not name:
            problems.append(Problem(shown, line, "name", t("report.csv.no_name", lang)))
            bad = True
        elif name in seen:
            problems.append(Problem(shown, line, "name", t("report.csv.duplicate", lang, name=name, line=seen[name])))
            bad = True
        role_id = None
        if role:
            role_id = roles.get(role.lower())
            if role_id is None:
                problems.append(Problem(shown, line, "role", t("report.csv.role", lang, role=role, known=known)))
                bad = True
        if not bad:
            seen[name] = line
            out.append((name, team or None, role_id))
    if problems:
        raise ScenarioError(problems)
    if not out:
        raise ScenarioError([Problem(shown, 2, "", t("report.csv.no_rows", lang))])
    return out


def import_trainees(store, cohort_id: int, path: str | Path, plan: Plan, lang: str = "en") -> dict[str, int]:
    """Read the roster (every row checked first) and put everyone in the cohort in one transaction."""
    people = read_roster(path, plan, lang)
    return store.add_members(cohort_id, people)


__all__ = ["COLUMNS", "import_trainees", "read_roster"]
