"""``python -m sim report --cohort C --out FILE``: the after-action report of a cohort, in one HTML file.

    python -m sim report --cohort 3 --out aar.html
    python -m sim report --cohort "Hotline team" --out aar.html --lang zh --anonymise --csv aar_csv/
    python -m sim report --cohort 3 --out aar.html --xlsx results.xlsx

The report follows HSEEP's after-action report and improvement plan (:mod:`sim.reports.aar`): an
overview of the drill, the results with the major strengths and primary areas for improvement, each
step of the plan with its rating (P, S, M, U) backed by numbers and quoted replies, conduct flags and
timeliness, a comparison with another cohort (``--compare``, else last year's), and the improvement plan:
corrective actions with owner roles and dates (from ``--as-of``, default today). Plots are embedded, so
the one file can be mailed as it is. ``--anonymise`` turns trainee names into Trainee 01, 02… everywhere,
quoted replies included; ``--csv DIR`` also writes the scores, answers, step ratings and improvement plan
as CSV files; ``--xlsx FILE`` writes the results, the plan steps and the improvement plan as one Excel
workbook with headers in the report's language (:func:`sim.reports.export.export_xlsx`). A cohort is named as for ``python -m sim cohort`` (:mod:`sim.cli.cohort`), and results come
from the same database.

Exit status: 0 written; 2 bad input (an unknown cohort, a bad date, an output path that is a folder or
cannot be written, an assigned scenario no longer in the library).
"""
from __future__ import annotations

import sys
from pathlib import Path

from sim.cli.cohort import add_store_options, find_cohort, open_store, parse_date, store_errors
from sim.cli.common import EXIT_OK, language
from sim.format.errors import UsageError
from sim.i18n import t


def add_parser(subparsers, lang: str) -> None:
    r = subparsers.add_parser("report", help=t("cli.help.report", lang))
    r.add_argument("--cohort", required=True, help=t("cli.help.cohort.ref", lang))
    r.add_argument("--out", required=True, help=t("cli.help.report.out", lang))
    r.add_argument("--anonymise", "--anonymize", action="store_true", help=t("cli.help.report.anonymise", lang))
    r.add_argument("--csv", default=None, metavar="DIR", help=t("cli.help.report.csv", lang))
    r.add_argument("--xlsx", default=None, metavar="FILE", help=t("report.cli.help_xlsx", lang))
    r.add_argument("--compare", default=None, help=t("cli.help.report.compare", lang))
    r.add_argument("--as-of", default=None, help=t("cli.help.report.as_of", lang))
    add_store_options(r, lang)
    r.set_defaults(func=cmd_report)


def cmd_report(args) -> int:
    from sim.reports.aar import report  # pandas, matplotlib: kept off the path of `python -m sim check`
    lang = language(args)
    store = open_store(args)
    cohort = find_cohort(store, args.cohort, lang)
    compare = find_cohort(store, args.compare, lang).id if args.compare else None
    as_of = parse_date(args.as_of, "--as-of", lang) if args.as_of else None
    out = Path(args.out)
    if out.is_dir():
        raise UsageError(t("report.cli.out_is_dir", lang, path=out))
    xlsx = Path(args.xlsx) if args.xlsx else None
    if xlsx is not None and (xlsx.is_dir() or xlsx.suffix.lower() != ".xlsx"):
        raise UsageError(t("report.cli.xlsx_name", lang, path=xlsx))
    try:
        with store_errors():
            path = report(store, cohort.id, out, lang=lang, anonymise=args.anonymise, compare_to=compare,
                          as_of=as_of, csv_dir=args.csv, xlsx=xlsx)
    except OSError as exc:
        raise UsageError(t("report.cli.cannot_write", lang, path=exc.filename or out, error=exc.strerror)) from None
    print(t("report.cli.wrote", lang, path=path, kb=path.stat().st_size / 1024, label=cohort.label))
    if args.csv:
        print(t("report.cli.wrote_csv", lang, path=args.csv))
    if xlsx is not None:
        print(t("report.cli.wrote_xlsx", lang, path=xlsx))
    sys.stdout.flush()
    return EXIT_OK
