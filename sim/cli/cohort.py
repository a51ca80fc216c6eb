"""``python -m sim cohort create|import|assign|status|list|override|overrides|links|revoke``: the trainer's cohorts.

    python -m sim cohort create "Hotline team" --year 2026 --pass-mark 80
    python -m sim cohort import 3 trainees.csv            # name,team,role
    python -m sim cohort assign 3 product_defect_surge customer_data_leak --due 2026-06-30
    python -m sim cohort assign 3 product_defect_surge --due 2026-06-30 --max-attempts 2 --counts first --key after-due
    python -m sim cohort status 3 [--today 2026-07-01]
    python -m sim cohort list
    python -m sim cohort override --attempt 12 --prompt reply-li --points 3 --comment "Apologises in her own words" --by "Wang Fang"
    python -m sim cohort overrides --attempt 12
    python -m sim cohort links 3 [--base-url https://drill.example.com/] [--csv links.csv]
    python -m sim cohort revoke 3 "Ann Lee"

A cohort is a group of trainees drilled together in a year, with a pass mark (else each scenario's) and
scenarios assigned to it with due dates. It is named by its number or by its name (the latest year of
that name). ``import`` reads a CSV file with a header ``name,team,role`` (or 姓名,团队,角色; roles by id or
by the plan's label) and adds or updates trainees; ``status`` shows, per trainee and scenario, who has not
started, is in progress, passed or not (with the counted attempt's number and the number of attempts), and
who is overdue.

``assign`` may set the assignment's attempt policy (:mod:`sim.drill.attempt_policy`): ``--max-attempts``
(a number, or ``unlimited``), ``--counts first|best|last`` (which finished attempt counts) and ``--key
after-attempt|after-due|never`` (when trainees see the answer key: after each attempt, from the day after
the due date, or never; ``after-due`` needs ``--due``). An option not given keeps what was set before (a new
assignment: unlimited, the last attempt counts, the key after each attempt). Each change is kept beside the
earlier ones; attempts already taken stay stored, and the policy in force decides which one counts. When a
trainee could read the key and have a retake count, ``assign`` says so.

``import`` also gives each new member a personal link (a signed token: :mod:`sim.store.tokens`); ``links``
prints them (or writes a CSV) for the trainer to send, ``--reissue NAME`` replaces one, and ``revoke`` makes a
trainee's link refused (:mod:`sim.cli.cohort_links`).

``override`` sets the points of one reply of a finished attempt (the attempt number is in the trainer
dashboard and in answers.csv), with a comment saying why and the trainer's name: the override is kept with
the time and the points it had before, the attempt is scored again with it, and every later re-score keeps
it (:mod:`sim.reports.overrides`). Only a reply the attempt answered, and points from 0 to the prompt's
points. ``overrides`` lists an attempt's overrides, the whole history (the latest of a reply counts).

Results come from the drill database: ``--db`` (a URL or a SQLite file), else ``$DRILL_DB``, else a file
in the user data folder. A database that cannot be opened or reached is one line, its password masked.

Exit status: 0 done; 2 bad input (an unknown cohort, attempt or scenario, a bad date, pass mark or CSV row,
an override of something that is not an answered reply, points out of range, no comment), in which case
nothing is half-done: a CSV file with one bad row imports no row, and no scenario is assigned
unless all are found.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sim.cli.cohort_links import add_parsers as add_link_parsers
from sim.cli.cohort_links import issue_links
from sim.cli.common import EXIT_OK, as_usage_error, language
from sim.cli.trainer_args import add_store_options, find_cohort, open_store, store_errors
from sim.format.errors import UsageError
from sim.format.library import default_plan_path, find_scenario
from sim.format.load import load_plan
from sim.i18n import counted, t
from sim.i18n.columns import text_table

# The attempt policy's words (sim.drill.attempt_policy, which `check` must not import: the drill engine is
# heavy); a test checks they are the same. --key is typed with hyphens and stored with underscores.
COUNTED = ("first", "best", "last")
KEY_CHOICES = ("after-attempt", "after-due", "never")
MAX_ATTEMPTS = 100


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("cohort", help=t("cli.help.cohort", lang))
    sub = p.add_subparsers(dest="cohort_command", required=True)
    c = sub.add_parser("create", help=t("cli.help.cohort.create", lang))
    c.add_argument("name", help=t("cli.help.cohort.name", lang))
    c.add_argument("--year", type=int, default=None, help=t("cli.help.cohort.year", lang))
    c.add_argument("--pass-mark", default=None, help=t("cli.help.cohort.pass_mark", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_create)
    c = sub.add_parser("import", help=t("cli.help.cohort.import", lang))
    c.add_argument("cohort", help=t("cli.help.cohort.ref", lang))
    c.add_argument("csv", help=t("cli.help.cohort.csv", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_import)
    c = sub.add_parser("assign", help=t("cli.help.cohort.assign", lang))
    c.add_argument("cohort", help=t("cli.help.cohort.ref", lang))
    c.add_argument("scenarios", nargs="+", help=t("cli.help.cohort.scenarios", lang))
    c.add_argument("--due", default=None, help=t("cli.help.cohort.due", lang))
    c.add_argument("--max-attempts", default=None, help=t("cli.help.cohort.max_attempts", lang))
    c.add_argument("--counts", default=None, choices=COUNTED, help=t("cli.help.cohort.counts", lang))
    c.add_argument("--key", default=None, choices=KEY_CHOICES, help=t("cli.help.cohort.key", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_assign)
    c = sub.add_parser("status", help=t("cli.help.cohort.status", lang))
    c.add_argument("cohort", help=t("cli.help.cohort.ref", lang))
    c.add_argument("--today", default=None, help=t("cli.help.cohort.today", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_status)
    c = sub.add_parser("list", help=t("cli.help.cohort.list", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_list)
    c = sub.add_parser("override", help=t("cli.help.cohort.override", lang))
    c.add_argument("--attempt", type=int, required=True, help=t("cli.help.override.attempt", lang))
    c.add_argument("--prompt", required=True, help=t("cli.help.override.prompt", lang))
    c.add_argument("--points", required=True, help=t("cli.help.override.points", lang))
    c.add_argument("--comment", required=True, help=t("cli.help.override.comment", lang))
    c.add_argument("--by", required=True, help=t("cli.help.override.by", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_override)
    c = sub.add_parser("overrides", help=t("cli.help.cohort.overrides", lang))
    c.add_argument("--attempt", type=int, required=True, help=t("cli.help.override.attempt", lang))
    add_store_options(c, lang)
    c.set_defaults(func=cmd_overrides)
    add_link_parsers(sub, lang)          # links, revoke: the trainees' personal links (sim.cli.cohort_links)


# --- what a trainer types: the store, a cohort, a date, a pass mark -----------------------------------

def parse_date(value: str, option: str, lang: str) -> date:
    """An ISO date (YYYY-MM-DD) given to ``option``."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(t("report.cli.bad_date", lang, option=option, value=value)) from None


def parse_pass_mark(value: str | None, lang: str) -> float | None:
    """A pass mark as a share: ``80``, ``80%`` and ``0.8`` are all 0.8."""
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


def parse_max_attempts(value: str | None, lang: str) -> int | None | str:
    """``--max-attempts``: a whole number from 1 to MAX_ATTEMPTS, ``unlimited`` (None), or "keep" when not given."""
    if value is None:
        return "keep"
    text = value.strip().lower()
    if text in ("unlimited", "none", "不限"):
        return None
    if text.isdigit() and 1 <= int(text) <= MAX_ATTEMPTS:
        return int(text)
    raise UsageError(t("report.cli.bad_max_attempts", lang, value=value, high=MAX_ATTEMPTS))


def new_policy(args, current, lang: str):
    """The policy ``assign`` sets from ``--max-attempts``, ``--counts``, ``--key`` over ``current`` (what is
    not given is kept); None when none of them is given (nothing to store)."""
    from sim.drill.attempt_policy import AttemptPolicy, PolicyError
    limit = parse_max_attempts(args.max_attempts, lang)
    if limit == "keep" and args.counts is None and args.key is None:
        return None
    with as_usage_error(PolicyError):
        return AttemptPolicy.checked(current.max_attempts if limit == "keep" else limit,
                                     args.counts or current.counted,
                                     args.key.replace("-", "_") if args.key else current.key_shown, lang)


def cohort_plan(store, cohort_id: int, lang: str):
    """The plan of the cohort's scenarios (the default plan before any is assigned): it names the roles."""
    assigned = store.assignments(cohort_id)
    if assigned:
        from sim.reports.cohort import load_scenarios  # pandas: kept off the path of `check`
        return next(iter(load_scenarios([assigned[0].scenario_id], lang=lang).values())).plan
    return load_plan(default_plan_path())


# --- commands -----------------------------------------------------------------------------------------

def cmd_create(args) -> int:
    lang = language(args)
    name = args.name.strip()
    if not name:
        raise UsageError(t("report.cli.no_name", lang))
    year = args.year if args.year is not None else datetime.now(UTC).year
    if not 1900 <= year <= 9999:
        raise UsageError(t("report.cli.bad_year", lang, year=year))
    mark = parse_pass_mark(args.pass_mark, lang)
    store = open_store(args)
    existing = store.find_cohort(name, year)
    if existing is not None:
        raise UsageError(t("report.cli.exists", lang, label=existing.label, id=existing.id))
    cohort_id = store.cohort(name, year, pass_mark=mark)
    print(t("report.cli.created", lang, id=cohort_id, label=store.get_cohort(cohort_id).label,
            mark=f"{100 * mark:.0f}%" if mark is not None else t("report.cli.scenario_mark", lang)))
    return EXIT_OK


def cmd_import(args) -> int:
    lang = language(args)
    store = open_store(args)
    cohort = find_cohort(store, args.cohort, lang)
    if not Path(args.csv).is_file():
        raise UsageError(t("report.cli.no_file", lang, path=args.csv))
    with store_errors():
        from sim.store.roster import import_trainees  # pandas: only when a roster is imported

        counts = import_trainees(store, cohort.id, args.csv, cohort_plan(store, cohort.id, lang), lang)
    print(counted("report.cli.imported", lang, sum(counts.values()), label=cohort.label, new=counts["new"],
            updated=counts["updated"], same=counts["same"]))
    print(issue_links(store, cohort.id, lang))     # each new member's personal link (cohort links prints them)
    return EXIT_OK


def cmd_assign(args) -> int:
    # the drill engine and pandas: kept off the path of `check`
    from sim.drill.attempt_policy import AttemptPolicy
    from sim.reports.attempts import policy_text
    lang = language(args)
    due = parse_date(args.due, "--due", lang) if args.due else None
    parse_max_attempts(args.max_attempts, lang)             # bad input refused before the database is opened
    if args.key == "after-due" and due is None:
        raise UsageError(t("report.cli.key_needs_due", lang))
    store = open_store(args)
    cohort = find_cohort(store, args.cohort, lang)
    scenarios = [find_scenario(ref, lang) for ref in args.scenarios]     # all found before any is assigned
    for sc in scenarios:
        if sc.drill is None:
            raise UsageError(t("drill.err.no_drill", lang, scenario=sc.id))
    with store_errors():
        current = store.policies(cohort.id)
        policies = {sc.id: new_policy(args, current.get(sc.id, AttemptPolicy()), lang) for sc in scenarios}
        for sc in scenarios:
            if policies[sc.id] is None and due is None and current.get(sc.id, AttemptPolicy()).key_shown == "after_due":
                raise UsageError(t("report.cli.key_needs_due", lang))    # re-assigning would clear the due date
        for sc in scenarios:
            how = store.assign(cohort.id, sc.id, due)
            if policies[sc.id] is not None:
                store.set_policy(cohort.id, sc.id, policies[sc.id])
            print(t("report.cli.assigned" if how == "new" else "report.cli.reassigned", lang, scenario=sc.id,
                    title=sc.title.get(lang), label=cohort.label, due=due.isoformat() if due else "—"))
            policy = policies[sc.id] or current.get(sc.id, AttemptPolicy())
            print(t("report.cli.policy", lang, scenario=sc.id, policy=policy_text(policy, due, lang)))
            if policy.retake_can_use_key:
                print(t("report.cli.retake_warning", lang, scenario=sc.id))
    return EXIT_OK


def cmd_status(args) -> int:
    # pandas: kept off the path of `python -m sim check`
    from sim.reports.attempts import policy_text
    from sim.reports.cohort import load_cohort, progress_summary, status_line
    lang = language(args)
    store = open_store(args)
    cohort = find_cohort(store, args.cohort, lang)
    today = parse_date(args.today, "--today", lang) if args.today else None
    data = load_cohort(store, cohort.id, lang=lang, today=today)
    s = progress_summary(data)
    print(t("report.cli.status_head", lang, label=cohort.label, id=cohort.id, n=s["trainees"],
            scenarios=len(data.scenarios), date=data.today.isoformat()))
    if not data.members or not data.scenarios:
        print(t("report.cli.status_empty", lang))
        return EXIT_OK
    for sid, sc in data.scenarios.items():
        due = data.due.get(sid)
        print(f"  {sid}: {sc.title.get(lang)} — {t('report.col.due', lang)} {due.isoformat() if due else '—'}"
              f" — {policy_text(data.policies[sid], due, lang)}")
    rows = [[t("report.col.trainee", lang), t("table.team", lang), *data.scenarios]]
    for m in data.members:
        rows.append([m.name, m.team or "", *(status_line(data.cell(m.name, sid), lang) for sid in data.scenarios)])
    print(text_table(rows))
    print(t("report.progress.summary", lang, trainees=s["trainees"], started=s["started"], finished=s["finished_all"],
            overdue=s["overdue"], scenarios=s["scenarios"]))
    return EXIT_OK


def cmd_list(args) -> int:
    lang = language(args)
    store = open_store(args)
    found = store.cohorts()
    if not found:
        print(t("report.cli.no_cohorts", lang))
        return EXIT_OK
    rows = [[t("cli.col.id", lang), t("report.cli.col_cohort", lang), t("report.col.pass_mark", lang),
             t("report.participants", lang), t("report.cli.col_scenarios", lang)]]
    for c in found:
        rows.append([str(c.id), c.label, f"{100 * c.pass_mark:.0f}%" if c.pass_mark is not None else "—",
                     str(len(store.members(c.id))), ", ".join(a.scenario_id for a in store.assignments(c.id))])
    print(text_table(rows))
    return EXIT_OK


def cmd_override(args) -> int:
    # pandas, SQLAlchemy: kept off the path of `python -m sim check`
    from sim.drill.overrides import OverrideError
    from sim.reports.overrides import override_reply
    lang = language(args)
    store = open_store(args)
    with store_errors(), as_usage_error(OverrideError):
        override, card = override_reply(store, args.attempt, args.prompt.strip(), args.points, args.comment, args.by,
                                        lang=lang)
    old = "—" if override.old_points is None else f"{round(override.old_points, 2):g}"
    print(t("override.cli.done", lang, id=args.attempt, trainee=card.trainee, prompt=override.prompt_id, old=old,
            new=f"{round(card.prompt(override.prompt_id).points, 2):g}", by=override.by, percent=card.percent,
            result=t("drill.card.passed" if card.passed else "drill.card.failed", lang)))
    return EXIT_OK


def cmd_overrides(args) -> int:
    from sim.drill.overrides import latest, override_note  # SQLAlchemy below: kept off the path of `check`
    lang = language(args)
    store = open_store(args)
    with store_errors():
        store.attempt(args.attempt)
        history = store.overrides(args.attempt)
    if not history:
        print(t("override.cli.none", lang, id=args.attempt))
        return EXIT_OK
    counting = {o.id for o in latest(history).values()}
    rows = [[t("cli.col.id", lang), t("report.col.question", lang), t("report.col.override", lang), ""]]
    for o in history:
        rows.append([str(o.id), o.prompt_id, override_note(o, lang),
                     t("override.cli.counts", lang) if o.id in counting else ""])
    print(text_table(rows))
    return EXIT_OK
