"""``python -m sim cohort create|import|assign|status|list`` and ``python -m sim report``.

    python -m sim cohort create "Hotline team" --year 2026 --pass-mark 80
    python -m sim cohort import 3 trainees.csv            # name,team,role
    python -m sim cohort assign 3 product_defect_surge customer_data_leak --due 2026-06-30
    python -m sim cohort status 3
    python -m sim report --cohort 3 --out aar.html [--lang zh] [--anonymise] [--csv DIR]

A cohort is named by its number or its name (the latest year of that name). Results come from the
drill database (``--db``, else ``$DRILL_DB``, else a file in the user data folder). Bad input ends with
one line naming the file, line or option and the problem, exit status 2; nothing is half-done.
"""
from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sim.format.errors import UsageError
from sim.i18n import t


def _common(p) -> None:
    p.add_argument("--db", default=None, help="results database URL or SQLite file (default: $DRILL_DB or a file "
                                              "in the user data folder)")
    p.add_argument("--lang", dest="sub_lang", choices=("en", "zh"), default=None, help="language (en, zh)")


def register(subparsers) -> None:
    p = subparsers.add_parser("cohort", help="trainer: cohorts of trainees, scenario assignments, progress")
    sub = p.add_subparsers(dest="cohort_command", required=True)
    c = sub.add_parser("create", help="create a cohort (name, year, pass mark)")
    c.add_argument("name", help="cohort name, e.g. 'Hotline team'")
    c.add_argument("--year", type=int, default=None, help="year of the drill (default: this year)")
    c.add_argument("--pass-mark", default=None, help="pass mark for the cohort, e.g. 80 or 0.8 (default: each "
                                                     "scenario's)")
    _common(c)
    c.set_defaults(func=cmd_create)
    c = sub.add_parser("import", help="import trainees from a CSV file with columns name, team, role")
    c.add_argument("cohort", help="cohort number or name")
    c.add_argument("csv", help="CSV file (UTF-8) with a header line: name,team,role")
    _common(c)
    c.set_defaults(func=cmd_import)
    c = sub.add_parser("assign", help="assign scenarios to a cohort, with a due date")
    c.add_argument("cohort", help="cohort number or name")
    c.add_argument("scenarios", nargs="+", help="scenario files, or names/ids from the scenario library")
    c.add_argument("--due", default=None, help="due date, YYYY-MM-DD")
    _common(c)
    c.set_defaults(func=cmd_assign)
    c = sub.add_parser("status", help="who has started, finished, is overdue")
    c.add_argument("cohort", help="cohort number or name")
    c.add_argument("--today", default=None, help="judge overdue as of this date (YYYY-MM-DD; default today)")
    _common(c)
    c.set_defaults(func=cmd_status)
    c = sub.add_parser("list", help="list the cohorts")
    _common(c)
    c.set_defaults(func=cmd_list)

    r = subparsers.add_parser("report", help="trainer: after-action report / improvement plan (one HTML file)")
    r.add_argument("--cohort", required=True, help="cohort number or name")
    r.add_argument("--out", required=True, help="HTML file to write")
    r.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="replace trainee names by Trainee 01, 02… (also inside quoted replies)")
    r.add_argument("--csv", default=None, metavar="DIR", help="also write scores, answers, step ratings and the "
                                                              "improvement plan as CSV files to DIR")
    r.add_argument("--compare", default=None, help="cohort to compare with (default: last year's, if any)")
    r.add_argument("--as-of", default=None, help="report date (YYYY-MM-DD; default today): overdue and action dates")
    _common(r)
    r.set_defaults(func=cmd_report)


# --- helpers ----------------------------------------------------------------------------------------

def _lang(args) -> str:
    return getattr(args, "sub_lang", None) or getattr(args, "lang", "en") or "en"


def _store(args):
    from sim.store.results import Store, StoreError
    try:
        return Store(args.db, lang=_lang(args))
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def find_cohort(store, ref: str, lang: str = "en"):
    """A cohort by number, or by name (the latest year of that name); UsageError listing the cohorts."""
    from sim.store.results import StoreError
    ref = str(ref).strip()
    if ref.isdigit():
        try:
            return store.get_cohort(int(ref))
        except StoreError:
            pass
    else:
        found = store.find_cohort(ref)
        if found is not None:
            return found
    known = "; ".join(f"{c.id}: {c.label}" for c in store.cohorts()) or t("report.cli.no_cohorts", lang)
    raise UsageError(t("report.cli.unknown_cohort", lang, ref=ref, known=known, url=store.url))


def _date(value: str, option: str, lang: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(t("report.cli.bad_date", lang, option=option, value=value)) from None


def _pass_mark(value: str | None, lang: str) -> float | None:
    if value is None:
        return None
    text = value.strip().rstrip("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise UsageError(t("report.cli.bad_pass_mark", lang, value=value)) from None
    share = number / 100 if number > 1 else number
    if not 0 < share <= 1:
        raise UsageError(t("report.cli.bad_pass_mark", lang, value=value))
    return share


def _plan(store, cohort_id: int, lang: str):
    """The plan of the cohort's scenarios (the default plan before any is assigned)."""
    from sim.format.library import default_plan_path
    from sim.format.scenario import load_plan
    from sim.reports.cohort import load_scenarios
    assigned = store.assignments(cohort_id)
    if assigned:
        return next(iter(load_scenarios([assigned[0].scenario_id], lang=lang).values())).plan
    return load_plan(default_plan_path())


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(r)).rstrip() for r in rows)


# --- commands -----------------------------------------------------------------------------------------

def cmd_create(args) -> int:
    lang = _lang(args)
    name = args.name.strip()
    if not name:
        raise UsageError(t("report.cli.no_name", lang))
    year = args.year if args.year is not None else datetime.now(UTC).year
    if not 1900 <= year <= 9999:
        raise UsageError(t("report.cli.bad_year", lang, year=year))
    mark = _pass_mark(args.pass_mark, lang)
    store = _store(args)
    existing = store.find_cohort(name, year)
    if existing is not None:
        raise UsageError(t("report.cli.exists", lang, label=existing.label, id=existing.id))
    cohort_id = store.cohort(name, year, pass_mark=mark)
    print(t("report.cli.created", lang, id=cohort_id, label=store.get_cohort(cohort_id).label,
            mark=f"{100 * mark:.0f}%" if mark is not None else t("report.cli.scenario_mark", lang)))
    return 0


def cmd_import(args) -> int:
    from sim.store.results import StoreError
    from sim.store.roster import import_trainees
    lang = _lang(args)
    store = _store(args)
    cohort = find_cohort(store, args.cohort, lang)
    if not Path(args.csv).is_file():
        raise UsageError(t("report.cli.no_file", lang, path=args.csv))
    try:
        counts = import_trainees(store, cohort.id, args.csv, _plan(store, cohort.id, lang), lang)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    print(t("report.cli.imported", lang, n=sum(counts.values()), label=cohort.label, new=counts["new"],
            updated=counts["updated"], same=counts["same"]))
    return 0


def cmd_assign(args) -> int:
    from sim.format.library import find_scenario
    lang = _lang(args)
    due = _date(args.due, "--due", lang) if args.due else None
    store = _store(args)
    cohort = find_cohort(store, args.cohort, lang)
    scenarios = [find_scenario(ref, lang) for ref in args.scenarios]     # all found before any is assigned
    for ref, sc in zip(args.scenarios, scenarios):
        if sc.drill is None:
            raise UsageError(t("drill.err.no_drill", lang, scenario=sc.id))
    for sc in scenarios:
        how = store.assign(cohort.id, sc.id, due)
        print(t("report.cli.assigned" if how == "new" else "report.cli.reassigned", lang, scenario=sc.id,
                title=sc.title.get(lang), label=cohort.label, due=due.isoformat() if due else "—"))
    return 0


def cmd_status(args) -> int:
    from sim.reports.cohort import load_cohort, progress_summary, status_line
    lang = _lang(args)
    store = _store(args)
    cohort = find_cohort(store, args.cohort, lang)
    today = _date(args.today, "--today", lang) if args.today else None
    data = load_cohort(store, cohort.id, lang=lang, today=today)
    s = progress_summary(data)
    print(t("report.cli.status_head", lang, label=cohort.label, id=cohort.id, n=s["trainees"],
            scenarios=len(data.scenarios), date=data.today.isoformat()))
    if not data.members or not data.scenarios:
        print(t("report.cli.status_empty", lang))
        return 0
    for sid, sc in data.scenarios.items():
        due = data.due.get(sid)
        print(f"  {sid}: {sc.title.get(lang)} — {t('report.col.due', lang)} {due.isoformat() if due else '—'}")
    header = [t("report.col.trainee", lang), t("table.team", lang)] + list(data.scenarios)
    rows = [header]
    for m in data.members:
        line = [m.name, m.team or ""]
        for sid in data.scenarios:
            line.append(status_line(data.cell(m.name, sid), lang))
        rows.append(line)
    print(_columns(rows))
    print(t("report.progress.summary", lang, trainees=s["trainees"], started=s["started"], finished=s["finished_all"],
            overdue=s["overdue"], scenarios=s["scenarios"]))
    return 0


def cmd_list(args) -> int:
    lang = _lang(args)
    store = _store(args)
    found = store.cohorts()
    if not found:
        print(t("report.cli.no_cohorts", lang))
        return 0
    rows = [["id", t("report.cli.col_cohort", lang), t("report.col.pass_mark", lang), t("report.participants", lang),
             t("report.cli.col_scenarios", lang)]]
    for c in found:
        rows.append([str(c.id), c.label, f"{100 * c.pass_mark:.0f}%" if c.pass_mark is not None else "—",
                     str(len(store.members(c.id))), ", ".join(a.scenario_id for a in store.assignments(c.id))])
    print(_columns(rows))
    return 0


def cmd_report(args) -> int:
    from sim.reports.aar import report
    from sim.store.results import StoreError
    lang = _lang(args)
    store = _store(args)
    cohort = find_cohort(store, args.cohort, lang)
    compare = find_cohort(store, args.compare, lang).id if args.compare else None
    as_of = _date(args.as_of, "--as-of", lang) if args.as_of else None
    out = Path(args.out)
    if out.is_dir():
        raise UsageError(t("report.cli.out_is_dir", lang, path=out))
    try:
        path = report(store, cohort.id, out, lang=lang, anonymise=args.anonymise, compare_to=compare, as_of=as_of,
                      csv_dir=args.csv)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(t("report.cli.cannot_write", lang, path=exc.filename or out, error=exc.strerror)) from None
    print(t("report.cli.wrote", lang, path=path, kb=path.stat().st_size / 1024, label=cohort.label))
    if args.csv:
        print(t("report.cli.wrote_csv", lang, path=args.csv))
    sys.stdout.flush()
    return 0
