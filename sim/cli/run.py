"""``python -m sim run SCENARIO``: simulate a scenario and compare its KPIs with the plan's targets.

    python -m sim run scenarios/product_defect_surge.yaml --reps 20 --out results/

Runs ``--reps`` independent replications (10 by default; seeds follow from ``--seed`` or the scenario's
own) and prints one line per KPI: its mean, 95% confidence interval, the n it rests on, the plan's target
and whether it is met (met / MISSED / no data), then how many targets are met. Every complaint arriving
within the horizon is counted (the centre drains after it; see :mod:`sim.simulation.metrics`), and a
share's interval stays within [0, 1] (:mod:`sim.simulation.intervals`). In a terminal (and without
``$NO_COLOR``) *met* is green and *MISSED* red. In Chinese every KPI and team goes by its Chinese name.
With ``--out`` it also writes the first replication's event log, complaints, time series and plan
activations, the KPI summary (CSV), and plots of the backlog, of first response against the targets and of
each team's utilisation (PNG).

The CSV files are for a planner opening them in Excel: each starts with a ``replication`` column saying
which replication its rows come from (``1``, the first of the ``--reps``; in kpis.csv ``1 to N``, all of
them), times are clock times to the second (``2026-03-02 08:00:08``, which Excel reads as a date and time),
durations are minutes since the scenario's start rounded to a hundredth (columns named ``*_min`` and
``minutes_since_start``), and kpis.csv names each KPI in the chosen language beside its id. They are
UTF-8 with a byte-order mark, which Excel needs to show Chinese, and text that would run as a formula is not
(:func:`sim.reports.export.write_csv`).

The replications run one per free core (:func:`sim.simulation.replication.replicate`; the same seed gives
the same numbers on any number of cores), each exactly once: with ``--out``, replication 0 is run in full
and its KPIs are the first row.

Exit status: 0 done (whether or not the targets are met); 2 bad input (the scenario, ``--reps`` below 1,
an output folder that cannot be created).
"""
from __future__ import annotations

from pathlib import Path

from sim.cli.common import (
    EXIT_OK,
    add_language_option,
    counted,
    language,
    output_folder,
    pyplot,
    save_figures,
    use_colour,
)
from sim.format.errors import UsageError
from sim.format.load import load_scenario
from sim.i18n import t


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("run", help=t("cli.help.run", lang))
    p.add_argument("scenario", help=t("cli.help.scenario_file", lang))
    p.add_argument("--reps", type=int, default=10, help=t("cli.help.run.reps", lang))
    p.add_argument("--seed", type=int, default=None, help=t("cli.help.seed", lang))
    p.add_argument("--out", help=t("cli.help.run.out", lang))
    p.add_argument("--quiet", action="store_true", help=t("cli.help.quiet", lang))
    p.add_argument("--cheapest-care", choices=("plan", "baseline"), help=t("customers.help.cheapest_care", lang))
    add_language_option(p, lang)
    p.set_defaults(func=cmd_run)


def cmd_run(args) -> int:
    # The simulator is imported here, not at the top, so that `python -m sim check` does not wait for it; and
    # only what a replication needs (SimPy, NumPy) comes before the replications start: pandas and the
    # table's modules load while they run (see sim.simulation.replication).
    from sim.simulation.replication import replicate
    lang = language(args)
    if args.reps < 1:
        raise UsageError(t("run.err.reps", lang))
    scenario = load_scenario(args.scenario)
    out = output_folder(args.out, lang)
    seed = scenario.seed if args.seed is None else args.seed
    print(counted("run.header", lang, args.reps, title=scenario.title.get(lang), reps=args.reps, seed=seed),
          flush=True)
    # Replication 0 in full (its log and tables) only for --out; either way it is one of the --reps, run once.
    from sim.customers.kept import follows_customers, keep_run  # light: nothing heavy before the first run
    customers = follows_customers(scenario)
    if args.cheapest_care and not customers:
        raise UsageError(t("customers.cheapest_care_needs_incident", lang))
    result = replicate(scenario, n=args.reps, seed=seed, progress=t("run.progress", lang) if not args.quiet else False, detail=out is not None,
                       keep=keep_run if customers else None)
    summary = result.summary
    from sim.reports.kpi_table import kpi_table, kpi_tally
    from sim.simulation.centre import drain_length

    text, met, judged = kpi_table(summary, scenario.plan, lang, colour=use_colour())
    print(text)
    none = kpi_tally(summary, scenario.plan)[2]
    print(t("run.summary_no_data", lang, met=met, total=judged, none=none) if none
          else t("run.summary", lang, met=met, total=judged))
    print(t("run.rule", lang, days=round(drain_length(scenario.plan) / 1440, 2)))
    print(t("run.legend", lang))
    if out is not None:
        print(t("run.wrote", lang, n=write_outputs(out, result.detail, summary, lang, args.reps), out=out))
    # What the incident does to the customers over the following year (the plan's customer model), on the
    # same replications: the KPIs against the care programme's targets, the health report of the first
    # replication, customers.csv.
    if customers:
        from sim.customers.report import customer_section
        section = customer_section(scenario, args.reps, seed, lang, detail=result.detail, out=out,
                                   kept=result.kept)
        if section is not None:
            print("\n" + section[0])
            if out is not None:         # replication 0's customers week by week, beside the centre's plots
                from sim.reports.customer_plots import customers_weekly
                weekly = result.kept[0][0].outcome().weekly
                save_figures({"customers.png": customers_weekly(weekly, scenario.plan.satisfaction.target, lang)}, out)
        if args.cheapest_care:          # the planner's question, on the same replications (common random numbers)
            from sim.customers.replications import cheapest_mix, churn_target
            from sim.customers.report import mix_answer
            models = [model for model, _ in result.kept]
            best, closest = cheapest_mix(models, target=args.cheapest_care)
            print("\n" + mix_answer(best, closest, churn_target(models, args.cheapest_care), scenario.plan, lang))
    return EXIT_OK


def readable(table, replication: int | str):
    """``table`` as a planner reads it in a spreadsheet: a first ``replication`` column, clock times to the
    second, minutes rounded to a hundredth (a nanosecond's digits say nothing), the bare ``minute`` column
    renamed ``minutes_since_start``."""
    import pandas as pd
    out = table.rename(columns={"minute": "minutes_since_start"})
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d %H:%M:%S")       # NaT stays an empty cell
        elif (column.endswith("_min") or column == "minutes_since_start") and pd.api.types.is_float_dtype(values):
            out[column] = values.round(2)
    out.insert(0, "replication", replication)
    return out


def write_outputs(out: Path, detail, summary, lang: str, reps: int) -> int:
    """The first replication's records and the KPI summary as CSV, its plots as PNG; returns the file count."""
    pyplot()      # the file-only backend, chosen before the plots module draws anything
    from sim.reports import centre_plots as plots  # matplotlib, kept off the path of `check`
    from sim.reports.export import write_csv
    from sim.reports.kpi_table import kpi_name
    first = detail.replication + 1          # counted from 1, as a planner counts the --reps
    kpis = summary.copy()
    kpis.insert(1, "name", [kpi_name(kpi, detail.scenario.plan, lang) for kpi in kpis["kpi"]])
    tables = {"log.csv": readable(detail.log, first), "complaints.csv": readable(detail.complaints, first),
              "timeseries.csv": readable(detail.timeseries, first),
              "activations.csv": readable(detail.activations, first),
              "kpis.csv": readable(kpis, "1" if reps == 1 else f"1 to {reps}")}
    for name, table in tables.items():     # "=..." never runs as a formula; UTF-8 with a BOM: Excel reads 中文
        write_csv(table, out / name)
    figures = {"backlog.png": plots.backlog_and_queues(detail, lang),
               "first_response.png": plots.first_response_distribution(detail, lang),
               "utilisation.png": plots.utilisation(detail.kpis, lang, plan=detail.scenario.plan)}
    save_figures(figures, out)
    return len(tables) + len(figures)
