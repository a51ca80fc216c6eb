"""``python -m sim calibrate EXPORT --map MAP --out scenario.yaml``: a scenario fitted to the centre's own history.

    python -m sim calibrate tickets.xlsx --map tickets --out our_centre.yaml --plots fit/ --backtest
    python -m sim calibrate calls.csv --map my_map.yaml --out replay.yaml --incident 2026-03-05T06:00 2026-03-07T06:00 --drill drill.yaml

Imports the export (:func:`sim.history.read.load_history`: every bad row is one problem line, and the
summary counts what was kept and skipped), fits every part of a scenario to it
(:func:`sim.history.calibrate.calibrate`), and writes a scenario whose comments cite the data; the file is
read back before the command says it wrote it. What the history cannot tell (the roster above all) comes
from ``--base`` (the library's baseline week by default), and the file says so.

Options: ``--plots DIR`` writes figures comparing data and fit; ``--backtest`` simulates the calibrated
scenario ``--reps`` times over the same period and prints its KPIs next to the history's
(:mod:`sim.history.backtest`); ``--incident START END`` replays a marked crisis as the scenario's incident
(:mod:`sim.history.incident`) and ``--drill FILE`` adds a drill skeleton for a trainer to finish;
``--triggers`` shows when the plan's activation triggers would have fired.

Exit status: 0 done; 2 bad input (the export, the mapping, the base, an option), one line each.
"""
from __future__ import annotations

import math
import zoneinfo

from sim.cli.common import EXIT_OK, add_language_option, language
from sim.format.errors import UsageError
from sim.i18n import STRINGS, counted, t

PROBLEMS_SHOWN = 10


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("calibrate", help=t("calibrate.help.command", lang))
    p.add_argument("export", help=t("calibrate.help.export", lang))
    p.add_argument("--map", required=True, help=t("calibrate.help.map", lang))
    p.add_argument("--out", required=True, help=t("calibrate.help.out", lang))
    p.add_argument("--plots", help=t("calibrate.help.plots", lang))
    p.add_argument("--base", help=t("calibrate.help.base", lang))
    p.add_argument("--tz", help=t("calibrate.help.tz", lang))
    p.add_argument("--backtest", action="store_true", help=t("calibrate.help.backtest", lang))
    p.add_argument("--reps", type=int, default=5, help=t("calibrate.help.reps", lang))
    p.add_argument("--incident", nargs=2, metavar=("START", "END"), help=t("calibrate.help.incident", lang))
    p.add_argument("--drill", help=t("calibrate.help.drill", lang))
    p.add_argument("--triggers", action="store_true", help=t("calibrate.help.triggers", lang))
    add_language_option(p, lang)
    p.set_defaults(func=cmd_calibrate)


def _window(values: list[str] | None, lang: str):
    """The --incident window as local, naive timestamps (UsageError for a bad or reversed pair)."""
    import pandas as pd
    if not values:
        return None
    out = []
    for value in values:
        try:
            stamp = pd.Timestamp(value)
        except ValueError:
            raise UsageError(t("calibrate.err.time", lang, value=value)) from None
        if pd.isna(stamp):
            raise UsageError(t("calibrate.err.time", lang, value=value))
        out.append(stamp.tz_localize(None) if stamp.tzinfo else stamp)
    if out[1] <= out[0]:
        raise UsageError(t("calibrate.err.order", lang, start=values[0], end=values[1]))
    return out[0], out[1]


def _check_options(args, lang: str) -> None:
    if args.reps < 2:
        raise UsageError(t("calibrate.err.reps", lang))
    if args.drill and not args.incident:
        raise UsageError(t("calibrate.err.drill", lang))
    if args.tz:
        try:
            zoneinfo.ZoneInfo(args.tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise UsageError(t("calibrate.err.zone", lang, zone=args.tz)) from None


def cmd_calibrate(args) -> int:
    lang = language(args)
    _check_options(args, lang)
    window = _window(args.incident, lang)
    # Imported here, not at the top: pandas, scipy and the simulator stay off the path of `sim check`.
    from sim.history.calibrate import calibrate, load_base
    from sim.history.calibrate_errors import CalibrationError
    from sim.history.incident import drill_skeleton, fit_incident
    from sim.history.read import load_history
    from sim.history.scenario_writer import write_scenario
    history = load_history(args.export, args.map, lang=lang)
    for line in history.summary_lines(lang):
        print(line)
    if history.problems:
        print(counted("calibrate.problems", lang, len(history.problems),
                      shown=min(PROBLEMS_SHOWN, len(history.problems))))
        for line in history.problems[:PROBLEMS_SHOWN]:
            print("  " + line)
    tz = args.tz or history.mapping.time.zone or "UTC"
    base = load_base(args.base)
    try:
        cal = calibrate(history.table, base, tz=tz, exclude=(window,) if window else ())
        incident = fit_incident(cal, *window) if window else None
    except ValueError as exc:
        problem = exc.text(lang) if isinstance(exc, CalibrationError) else str(exc)
        raise UsageError(t("calibrate.err.fit", lang, source=args.export, problem=problem)) from None
    print_fit(cal, lang)
    note: list[str] = []
    if window and incident is None:
        print(t("calibrate.incident.none", lang, start=window[0], end=window[1]))
    elif incident is not None:
        note = [t("calibrate.yaml.incident", lang, start=f"{window[0]:%Y-%m-%d %H:%M}", end=f"{window[1]:%Y-%m-%d %H:%M}",
                  excess=round(incident.excess), peak=f"{incident.peak_per_hour:.1f}", peak_at=_clock(cal, incident.peak_at))]
        print_incident(cal, incident, window, lang)
    inc_dict = incident.as_incident() if incident is not None else None
    scenario = write_scenario(cal, args.out, lang, inc_dict, note)
    print(t("calibrate.wrote", lang, out=args.out))
    if args.drill and incident is not None:
        write_scenario(cal, args.drill, lang, inc_dict, note, drill=drill_skeleton(cal, incident))
        print(t("calibrate.wrote_drill", lang, out=args.drill))
    if args.plots:
        from sim.history.calibrate_plots import write_plots
        print(t("calibrate.wrote_plots", lang, n=write_plots(cal, args.plots, lang, incident), out=args.plots))
    if args.triggers:
        print_triggers(cal, scenario, lang)
    if args.backtest:
        from sim.history.backtest import backtest
        print(backtest_text(backtest(history.table, scenario, tz, reps=args.reps), lang))
    return EXIT_OK


def _clock(cal, minutes: float) -> str:
    import pandas as pd
    return f"{pd.Timestamp(cal.start) + pd.Timedelta(minutes=minutes):%Y-%m-%d %H:%M}"


def print_fit(cal, lang: str) -> None:
    """The fit summary: period and counts, rates, holidays, service times, patience, satisfaction."""
    a = cal.arrivals
    print(t("calibrate.fit.period", lang, period=cal.period_text(), first=a.contacts, hours=round(a.exposure_hours),
            retries=int(cal.retries.retry_rows.sum())))
    for ch, (rate, low, high, _n) in a.per_hour.items():
        print(t("calibrate.fit.rate", lang, channel=ch, rate=f"{rate:.2f}", low=f"{low:.2f}", high=f"{high:.2f}"))
    if a.holidays:
        print(t("calibrate.fit.holidays", lang, days=", ".join(d for d, _, _ in a.holidays)))
    for fit in cal.service:
        print(t("calibrate.fit.service", lang, team=fit.team, activity=fit.activity,
                category=f" ({fit.category})" if fit.category else "", fit=fit.fit.describe(),
                estimator=t(f"calibrate.estimator.{fit.estimator}", lang)))
    for ch, fit in cal.patience.items():
        print(t("calibrate.fit.patience", lang, channel=ch, fit=fit.describe()))
    s = cal.satisfaction
    if s is not None:
        m = s.as_model()
        print(t("calibrate.fit.satisfaction", lang, on_time=m["on_time"], penalty=m["late_penalty"], floor=m["floor"],
                n=s.surveyed))


def print_incident(cal, inc, window, lang: str) -> None:
    from sim.format.units import format_duration
    print(t("calibrate.incident.summary", lang, start=f"{window[0]:%Y-%m-%d %H:%M}", end=f"{window[1]:%Y-%m-%d %H:%M}",
            excess=round(inc.excess), peak=f"{inc.peak_per_hour:.1f}", peak_at=_clock(cal, inc.peak_at),
            rise=format_duration(inc.rise), plateau=format_duration(inc.plateau), decay=format_duration(inc.decay),
            channels=", ".join(f"{c} {v:.0%}" for c, v in inc.channels.items()), category=inc.category))


def print_triggers(cal, scenario, lang: str) -> None:
    from sim.format.units import format_duration
    from sim.history.triggers_backtest import OBSERVABLE, trigger_backtest
    spells = trigger_backtest(cal.table, scenario, cal.tz)
    print(t("calibrate.triggers.header", lang, every=format_duration(scenario.plan.activation.check_every)))
    for name in type(scenario.plan.activation.triggers).model_fields:
        label = scenario.plan.activation.triggers.__getattribute__(name).name.get(lang)
        if name not in OBSERVABLE:
            print(t("calibrate.triggers.unobservable", lang, trigger=label))
        elif not spells[name]:
            print(t("calibrate.triggers.never", lang, trigger=label))
        for spell in spells.get(name, []):
            end = _clock(cal, spell.end) if not math.isnan(spell.end) else "…"
            print(t("calibrate.triggers.fired", lang, trigger=label, start=_clock(cal, spell.start), end=end))


def backtest_text(bt, lang: str) -> str:
    """The back-test as an aligned table (history, simulated mean, interval, difference, inside)."""
    from sim.i18n.columns import display_width
    head = t("calibrate.backtest.columns", lang).split("|")
    rows = [head]
    for r in bt.rows.itertuples():
        name = kpi_label(r.kpi, bt.within, lang)
        fmt = (lambda v: f"{v:.1%}") if not r.kpi.startswith("backlog") else (lambda v: f"{v:.0f}")
        inside = "" if not isinstance(r.inside, bool) else \
            t("calibrate.backtest.yes" if r.inside else "calibrate.backtest.no", lang)
        rows.append([name, _num(r.history, fmt), _num(r.mean, fmt),
                     f"[{_num(r.low, fmt)}, {_num(r.high, fmt)}]" if not math.isnan(r.low) else "",
                     _num(r.difference, fmt), inside])
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(head))]
    lines = [t("calibrate.backtest.header", lang, reps=bt.reps, rule=t("calibrate.backtest.rule", lang))]
    for row in rows:
        lines.append("  ".join(cell + " " * (w - display_width(cell)) for cell, w in zip(row, widths)).rstrip())
    lines.append(t("calibrate.backtest.summary", lang, inside=bt.inside, total=bt.judged))
    return "\n".join(lines)


def kpi_label(kpi: str, within: float, lang: str) -> str:
    """A compared KPI's name in ``lang`` ("First response on time (minor)"; grades by their plan ids)."""
    base, _, grade = kpi.partition(".")
    key = f"calibrate.kpi.{base}"
    if key not in STRINGS:
        return kpi
    name = t(key, lang, seconds=round(within * 60))
    return f"{name} ({grade})" if grade else name


def _num(value: float, fmt) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt(value)
