"""Importing a cohort's trainees from a CSV file: ``name, team, role`` (a header line first), and an
optional ``id`` column (an employee number or an email address).

The header may use English or Chinese column names (``name``/``姓名``, ``team``/``团队``,
``role``/``角色``, ``id``/``employee number``/``email``/``工号``/``邮箱``), in any order; a comma, semicolon
or tab separates fields; UTF-8 with or without a BOM (what spreadsheets write as "CSV UTF-8").

``role`` is written as people write it, in either language and any case (:func:`role_lookup`): the plan's
role id (``frontline``, ``crisis group``), its name (``Customer service department``, ``客户服务部``, or
one half of a name such as ``客诉处理小组 / 危机管理小组``), or a common synonym of the shipped plan's roles
(:data:`ROLE_SYNONYMS`: ``Agent``, ``坐席`` and ``客服`` are the frontline's). It and ``team`` may be left
empty; an unknown role is one line naming the file, the line and the names that are accepted.

Two people with the same name: trainees are known by name across the kit (the store keeps one trainee per
name), so the file must tell them apart with an ``id`` column. A name listed once is imported as it is
written; a name listed on several lines with different ids becomes ``name (id)`` on each of them
(``王小明 (E1024)``, ``王小明 (E2048)``), which is how the dashboard, the report and the exports then show
them. The same name twice without an id column (or with the same id) is refused, naming both lines.

Every problem is reported as ``file:line: field: what is wrong`` (``file: what is wrong`` for the file as
a whole) and the import is all or nothing: a file with one bad row imports nobody.

Careless or hostile files are bounded before any work is done on them: only a regular file is read (a
folder, a pipe or ``/dev/zero`` is refused without reading a byte), at most :data:`MAX_BYTES` of it, at
most :data:`MAX_ROWS` rows, and at most :data:`MAX_PROBLEMS` problems are listed. A name, team, role or id
holding a control character or a bidi override (which would reorder the name wherever it is shown) is
refused. A roster of 20 000 trainees — far more than one drill's cohort — is read in about a tenth of a
second and written in one transaction of a few statements (:func:`add_members_at_once`), not four
statements per trainee.

    >>> role_key("  Crisis-Group ") == role_key("crisis_group") == "crisis group"
    True
    >>> role_key("ＡＧＥＮＴ")          # full-width letters, as a Chinese input method may type them
    'agent'
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
from collections import Counter
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
# The optional column that tells two people of the same name apart (the first of these the header names).
ID_COLUMN = ("id", "employee id", "employee_id", "employee number", "employee no", "employee no.", "staff id",
             "staff number", "personnel number", "email", "e-mail", "email address", "工号", "员工编号", "员工号",
             "编号", "邮箱", "电子邮件", "电子邮箱")
# How people write the shipped plan's roles (scenarios/plans/default.yaml), besides its ids and names. Used
# only for a role id the plan defines; a plan's own names win over a synonym.
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "frontline": ("agent", "call centre agent", "call center agent", "customer service", "customer service agent",
                  "customer service representative", "csr", "front line", "operator", "坐席", "客服", "客服代表",
                  "一线客服", "一线", "话务员", "接线员", "客户服务"),
    "specialist": ("complaint specialist", "complaints specialist", "complaint handler", "specialist",
                   "客诉专员", "投诉专员", "投诉处理专员", "专员"),
    "crisis_group": ("crisis team", "crisis management team", "crisis management group", "complaint handling group",
                     "危机小组", "应急小组", "客诉小组", "危机管理小组"),
    "tech_support": ("technical support", "it support", "support engineer", "技术支持", "技术部", "技术"),
    "marketing_pr": ("marketing", "pr", "public relations", "communications", "市场营销", "市场部", "公关", "公关部"),
    "production": ("production", "quality", "生产", "生产部", "质检"),
    "logistics": ("logistics", "delivery", "物流", "物流部", "配送"),
}
MAX_FIELD = 200             # characters in a name, team or role (the database's column width)
MAX_BYTES = 10_000_000      # 10 MB: some 150 000 rows of real names; a 20 000-trainee roster is about 1 MB
MAX_ROWS = 50_000           # rows under the header, blank ones included
MAX_PROBLEMS = 50           # problems listed before the reader stops (a wrong file would give one per row)
_CHUNK = 500                # names per IN (...) query: well under every database's limit on parameters

# C0 and C1 control characters (tab and newline included: neither belongs in a name), and the bidi
# embeddings, overrides and isolates, which make a name read differently from what it is.


def role_key(text: str) -> str:
    """A role as compared: full-width letters made plain (NFKC), case folded, and runs of spaces, ``-``
    and ``_`` made one space, so ``Crisis-Group``, ``crisis_group`` and ``CRISIS GROUP`` are the same."""
    return re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def role_lookup(plan: Plan) -> dict[str, str]:
    """Every way of writing a role of ``plan`` (as :func:`role_key`) -> its role id: the id, the names in
    both languages and each half of a name written ``A / B``, then :data:`ROLE_SYNONYMS` where free."""
    out: dict[str, str] = {}
    for rid, role in plan.roles.items():
        out.setdefault(role_key(rid), rid)
        for name in (role.name.en, role.name.zh):
            if name:
                out.setdefault(role_key(name), rid)
                for part in re.split("[/／]", name):
                    if part.strip():
                        out.setdefault(role_key(part), rid)
    for rid, words in ROLE_SYNONYMS.items():
        if rid in plan.roles:
            for word in words:
                out.setdefault(role_key(word), rid)
    return out


def accepted_roles(plan: Plan, lang: str) -> str:
    """The roles an import accepts, for a message: each role's name in ``lang`` with a few other ways of
    writing it (the id in English only: a Chinese message shows no internal id)."""
    parts = []
    for rid, role in plan.roles.items():
        words = ROLE_SYNONYMS.get(rid, ())
        latin, chinese = [w for w in words if w.isascii()], [w for w in words if not w.isascii()]
        others = [rid, *latin[:2], *chinese[:2]] if lang != "zh" else [*chinese[:3], *latin[:1]]
        name = role.name.get(lang)
        seen = {role_key(name)}
        shown = [w for w in others if not (role_key(w) in seen or seen.add(role_key(w)))]
        parts.append(f"{name} (" + ", ".join(shown) + ")" if lang != "zh" else f"{name}（" + "、".join(shown) + "）")
    return ("; " if lang != "zh" else "；").join(parts)


# Field names as a Chinese message shows them (the columns' Chinese header names).
_FIELD_ZH = {"name": "姓名", "team": "团队", "role": "角色", "header": "表头"}


def _problem(path: str, line: int | None, field: str, message: str, lang: str) -> Problem:
    """One problem in ``lang``: in Chinese the field by its Chinese column name, with Chinese punctuation."""
    if lang == "zh":
        return Problem(path, line, _FIELD_ZH.get(field, field), message, zh=message)
    return Problem(path, line, field, message)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read_bounded(path: Path, shown: str, lang: str, max_bytes: int) -> bytes:
    """The file's bytes, if it is a regular file of at most ``max_bytes``; ScenarioError otherwise."""
    def refuse(message: str) -> ScenarioError:
        return ScenarioError([_problem(shown, None, "", message, lang)])
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
        raise ScenarioError([_problem(shown, line, "", t("report.csv.not_utf8", lang), lang)]) from None
    if not text.strip():
        raise ScenarioError([_problem(shown, 1, "", t("report.csv.empty", lang), lang)])
    first = re.split("[\r\n]", text, maxsplit=1)[0]     # the header line only (not a list of every line)
    delimiter = max((",", ";", "\t"), key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    wanted = {alias.lower(): col for col, aliases in COLUMNS.items() for alias in aliases}
    ids = {alias.lower() for alias in ID_COLUMN}
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for i, cell in enumerate(header):
        key = cell.strip().lower()
        if key in ids:
            index.setdefault("id", i)          # the first id-like column; an email beside an id is left alone
            continue
        col = wanted.get(key)
        if col is None:
            continue
        if col in index:
            problems.append(_problem(shown, 1, "header", t("report.csv.twice", lang, column=cell.strip()), lang))
        index[col] = i
    for col in COLUMNS:
        if col not in index:
            problems.append(_problem(shown, 1, "header", t("report.csv.missing_column", lang, column=col,
                                                           found=", ".join(h.strip() for h in header) or "—"), lang))
    if problems:
        raise ScenarioError(problems)
    roles = role_lookup(plan)
    has_id = "id" in index
    id_column = header[index["id"]].strip() if has_id else ""
    rows_read: list[tuple[int, str, str | None, str | None, str]] = []     # line, name, team, role id, id
    rows = 0
    while len(problems) <= max_problems:      # one more than are listed: then the reader says it stopped
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_problem(shown, reader.line_num, "", t("report.csv.malformed", lang, error=exc), lang))
            break
        line = reader.line_num
        rows += 1
        if rows > max_rows:
            problems.append(_problem(shown, line, "", t("report.csv.too_many_rows", lang, max=max_rows), lang))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(_problem(shown, line, "", t("report.csv.fields", lang, n=len(row), expected=len(header),
                                                       columns=delimiter.join(h.strip() for h in header)), lang))
            continue
        name, team, role = (row[index[c]].strip() for c in ("name", "team", "role"))
        person = row[index["id"]].strip() if has_id else ""
        bad = False
        for col, value in (("name", name), ("team", team), ("role", role), (id_column, person)):
            if len(value) > MAX_FIELD:
                problems.append(_problem(shown, line, col, t("report.csv.too_long", lang, max=MAX_FIELD), lang))
                bad = True
            elif (char := _unsafe(value)) is not None:
                problems.append(_problem(shown, line, col, t("report.csv.control", lang, char=char), lang))
                bad = True
        if not name:
            problems.append(_problem(shown, line, "name", t("report.csv.no_name", lang), lang))
            bad = True
        role_id = None
        if role:
            role_id = roles.get(role_key(role))
            if role_id is None:
                problems.append(_problem(shown, line, "role", t("report.csv.role", lang, role=role,
                                                               known=accepted_roles(plan, lang)), lang))
                bad = True
        if not bad:
            rows_read.append((line, name, team or None, role_id, person))
    if len(problems) <= max_problems:
        problems += _same_names(rows_read, shown, lang, id_column)
        problems.sort(key=lambda p: p.line or 0)     # in file order (the same-name check runs last)
    if len(problems) > max_problems:
        problems = problems[:max_problems]
        problems.append(_problem(shown, None, "", t("report.csv.more_problems", lang, n=max_problems), lang))
    if problems:
        raise ScenarioError(problems)
    if not rows_read:
        raise ScenarioError([_problem(shown, 2, "", t("report.csv.no_rows", lang), lang)])
    shared = Counter(name for _, name, _, _, _ in rows_read)
    return [(f"{name} ({person})" if shared[name] > 1 else name, team, role_id)
            for _, name, team, role_id, person in rows_read]


def _same_names(rows, shown: str, lang: str, id_column: str) -> list[Problem]:
    """A name on several lines must be several people, told apart by the id column: without one, or with an
    id missing or repeated, each later line is a problem naming the first; so is a ``name (id)`` that is
    also a name listed on its own (``王小明 (E1)`` beside ``王小明``, ``E1``)."""
    problems = []
    first: dict[str, int] = {}
    first_id: dict[tuple[str, str], int] = {}
    shared = Counter(name for _, name, _, _, _ in rows)
    single = {name: line for line, name, _, _, _ in rows if shared[name] == 1}
    for line, name, _, _, person in rows:
        if name not in first:
            first[name] = line
        if shared[name] == 1:
            continue
        if not id_column:
            if first[name] != line:
                problems.append(_problem(shown, line, "name", t("report.csv.duplicate_no_id", lang, name=name,
                                                               line=first[name]), lang))
        elif not person:
            problems.append(_problem(shown, line, id_column, t("report.csv.same_name_no_id", lang, name=name,
                                                              column=id_column), lang))
        elif (name, person) in first_id:
            problems.append(_problem(shown, line, "name", t("report.csv.duplicate", lang, name=f"{name} ({person})",
                                                           line=first_id[(name, person)]), lang))
        else:
            first_id[(name, person)] = line
            combined = f"{name} ({person})"
            if len(combined) > MAX_FIELD:
                problems.append(_problem(shown, line, "name", t("report.csv.too_long", lang, max=MAX_FIELD), lang))
            elif combined in single:
                problems.append(_problem(shown, line, "name", t("report.csv.duplicate", lang, name=combined,
                                                               line=single[combined]), lang))
    return problems


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


__all__ = ["COLUMNS", "ID_COLUMN", "MAX_BYTES", "MAX_PROBLEMS", "MAX_ROWS", "ROLE_SYNONYMS", "accepted_roles",
           "add_members_at_once", "import_trainees", "read_roster", "role_key", "role_lookup"]
