"""Importing a cohort's trainees from a CSV file: ``name, team, role`` (a header line first).

The header may use English or Chinese column names (``name``/``姓名``, ``team``/``团队``,
``role``/``角色``), in any order; a comma, semicolon or tab separates fields; UTF-8 with or without a
BOM (what spreadsheets write as "CSV UTF-8"). ``role`` is a role of the plan, by id (``frontline``) or
by name in either language (``客户服务部``); it and ``team`` may be left empty.

Every problem is reported as ``file:line: field: what is wrong`` (``file: what is wrong`` for the file as
a whole) and the import is all or nothing: a file with one bad row imports nobody.

Careless or hostile files are bounded before any work is done on them: only a regular file is read (a
folder, a pipe or ``/dev/zero`` is refused without reading a byte), at most :data:`MAX_BYTES` of it, at
most :data:`MAX_ROWS` rows, and at most :data:`MAX_PROBLEMS` problems are listed. A name, team or role
holding a control character or a bidi override (which would reorder the name wherever it is shown) is
refused. A roster of 20 000 trainees — far more than one drill's cohort — is read in about a tenth of a
second and written in one transaction of a few statements (:func:`add_members_at_once`), not four
statements per trainee.
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

from sim.format.errors import Problem, ScenarioError
from sim.format.plan import Plan
from sim.i18n import t
from sim.i18n.script import UNSAFE_IN_LABEL
from sim.store.schema import StoreError, cohort_members, now, trainees

COLUMNS = {"name": ("name", "trainee", "姓名", "学员", "名字"), "team": ("team", "团队", "小组", "班组"),
           "role": ("role", "角色", "岗位")}
MAX_FIELD = 200             # characters in a name, team or role (the database's column width)
MAX_BYTES = 10_000_000      # 10 MB: some 150 000 rows of real names; a 20 000-trainee roster is about 1 MB
MAX_ROWS = 50_000           # rows under the header, blank ones included
MAX_PROBLEMS = 50           # problems listed before the reader stops (a wrong file would give one per row)
_CHUNK = 500                # names per IN (...) query: well under every database's limit on parameters

# C0 and C1 control characters (tab and newline included: neither belongs in a name), and the bidi
# embeddings, overrides and isolates, which make a name read differently from what it is.


def _role_lookup(plan: Plan) -> dict[str, str]:
    out = {}
    for rid, role in plan.roles.items():
        out[rid.lower()] = rid
        for name in (role.name.en, role.name.zh):
            if name:
                out[name.strip().lower()] = rid
    return out


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read_bounded(path: Path, shown: str, lang: str, max_bytes: int) -> bytes:
    """The file's bytes, if it is a regular file of at most ``max_bytes``; ScenarioError otherwise."""
    def refuse(message: str) -> ScenarioError:
        return ScenarioError([Problem(shown, None, "", message)])
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; the type is checked on what was opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise refuse(t("report.csv.unreadable", lang, error=exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(t("report.csv.not_regular", lang))
        if info.st_size > max_bytes:
            raise refuse(t("report.csv.too_big", lang, size=_megabytes(info.st_size), max=_megabytes(max_bytes)))
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(max_bytes + 1)         # the file may have grown since fstat
        if len(raw) > max_bytes:
            size = max(os.fstat(fd).st_size, len(raw))
            raise refuse(t("report.csv.too_big", lang, size=_megabytes(size), max=_megabytes(max_bytes)))
    except OSError as exc:
        raise refuse(t("report.csv.unreadable", lang, error=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    return raw


def _unsafe(value: str) -> str | None:
    """The first control character or bidi override in ``value``, as U+XXXX (None if there is none)."""
    found = UNSAFE_IN_LABEL.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def read_roster(path: str | Path, plan: Plan, lang: str = "en", *, max_bytes: int = MAX_BYTES,
                max_rows: int = MAX_ROWS, max_problems: int = MAX_PROBLEMS,
                ) -> list[tuple[str, str | None, str | None]]:
    """The trainees listed in the file as (name, team, role id); ScenarioError listing every problem (up
    to ``max_problems``). Files over ``max_bytes`` or ``max_rows`` rows are refused."""
    path = Path(path)
    shown = str(path)
    raw = _read_bounded(path, shown, lang, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(shown, line, "", t("report.csv.not_utf8", lang))]) from None
    if not text.strip():
        raise ScenarioError([Problem(shown, 1, "", t("report.csv.empty", lang))])
    first = re.split("[\r\n]", text, maxsplit=1)[0]     # the header line only (not a list of every line)
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
    rows = 0
    while len(problems) <= max_problems:      # one more than are listed: then the reader says it stopped
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(shown, reader.line_num, "", t("report.csv.malformed", lang, error=exc)))
            break
        line = reader.line_num
        rows += 1
        if rows > max_rows:
            problems.append(Problem(shown, line, "", t("report.csv.too_many_rows", lang, max=max_rows)))
            break
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
            elif (char := _unsafe(value)) is not None:
                problems.append(Problem(shown, line, col, t("report.csv.control", lang, char=char)))
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
    if len(problems) > max_problems:
        problems = problems[:max_problems]
        problems.append(Problem(shown, None, "", t("report.csv.more_problems", lang, n=max_problems)))
    if problems:
        raise ScenarioError(problems)
    if not out:
        raise ScenarioError([Problem(shown, 2, "", t("report.csv.no_rows", lang))])
    return out


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _trainee_ids(conn, names: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(names):
        ids.update((r.name, r.id) for r in conn.execute(
            sa.select(trainees.c.id, trainees.c.name).where(trainees.c.name.in_(chunk))))
    return ids


def add_members_at_once(store, cohort_id: int, people) -> dict[str, int]:
    """What :meth:`~sim.store.cohorts.Cohorts.add_members` does — trainees created if new and put in the
    cohort, a member's team and role updated; counts of new / updated / same; one transaction, all or
    nothing — in a few statements per 500 trainees instead of four per trainee. Names must be unique
    (:func:`read_roster` sees to it)."""
    people = [(name.strip(), team or None, role or None) for name, team, role in people]
    if any(not name for name, _, _ in people):
        raise StoreError(t("drill.store.no_name", store.lang))
    store.get_cohort(cohort_id)
    names = [name for name, _, _ in people]

    def run(conn):
        stamp = now()
        ids = _trainee_ids(conn, names)
        known = set(ids)
        new = [n for n in names if n not in known]
        if new:
            conn.execute(trainees.insert(), [{"name": n, "cohort_id": cohort_id, "created_at": stamp} for n in new])
            ids.update(_trainee_ids(conn, new))
        for chunk in _chunks([ids[n] for n in names if n in known]):     # "the cohort joined last"
            conn.execute(trainees.update().where(trainees.c.id.in_(chunk)).values(cohort_id=cohort_id))
        current = {r.trainee_id: r for r in conn.execute(
            sa.select(cohort_members.c.id, cohort_members.c.trainee_id, cohort_members.c.team, cohort_members.c.role)
            .where(cohort_members.c.cohort_id == cohort_id))}
        counts = {"new": 0, "updated": 0, "same": 0}
        joins, changes = [], []
        for name, team, role in people:
            member = current.get(ids[name])
            if member is None:
                joins.append({"cohort_id": cohort_id, "trainee_id": ids[name], "team": team, "role": role,
                              "added_at": stamp})
                counts["new"] += 1
            elif (member.team, member.role) == (team, role):
                counts["same"] += 1
            else:
                changes.append({"member": member.id, "new_team": team, "new_role": role})
                counts["updated"] += 1
        if joins:
            conn.execute(cohort_members.insert(), joins)      # in roster order: members() lists them so
        if changes:
            conn.execute(cohort_members.update().where(cohort_members.c.id == sa.bindparam("member"))
                         .values(team=sa.bindparam("new_team"), role=sa.bindparam("new_role")), changes)
        return counts
    return store.write_or_adopt(run)      # a concurrent import may create one of them first


def import_trainees(store, cohort_id: int, path: str | Path, plan: Plan, lang: str = "en") -> dict[str, int]:
    """Read the roster (every row checked first) and put everyone in the cohort in one transaction."""
    people = read_roster(path, plan, lang)
    return add_members_at_once(store, cohort_id, people)


__all__ = ["COLUMNS", "MAX_BYTES", "MAX_PROBLEMS", "MAX_ROWS", "add_members_at_once", "import_trainees",
           "read_roster"]
