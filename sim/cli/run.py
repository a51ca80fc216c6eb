"""``python -m sim run SCENARIO``: simulate a scenario and compare its KPIs with the plan's targets.

    python -m sim run scenarios/product_defect_surge.yaml --reps 20 --out results/

Runs ``--reps`` independent replications (10 by default; seeds follow from ``--seed`` or the scenario's
own) and prints one line per KPI: its mean, 95% confidence interval, the n it rests on, the plan's target
and whether it is met (met / MISSED / no data), then how many targets are met. Every complaint arriving
within the horizon is counted (the centre drains after it; see :mod:`sim.simulation.metrics`), and a
share's interval stays within [0, 1] (:mod:`sim.simulation.intervals`). With ``--out`` it also writes the
first replication's event log, complaints, time series and plan activations, the KPI summary (CSV), and
plots of the backlog, of first response against the targets and of each team's utilisation (PNG).

The replications run one per free core (:func:`sim.simulation.replication.replicate`; the same seed gives
the same numbers on any number of cores), each exactly once: with ``--out``, replication 0 is run in full
and its KPIs are the first row.

Exit status: 0 done (whether or not the targets are met); 2 bad input (the scenario, ``--reps`` below 1,
an output folder that cannot be created).
"""
from __future__ import annotations

from pathlib import Path

from sim.cli.common import EXIT_OK, add_language_option, language, output_folder, pyplot, save_figures
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
    print(t("run.header", lang, title=scenario.title.get(lang), reps=args.reps, seed=seed), flush=True)
    # Replication 0 in full (its log and tables) only for --out; either way it is one of the --reps, run once.
    from sim.customers.kept import follows_customers, keep_run  # light: nothing heavy before the first run
    customers = follows_customers(scenario)
    if args.cheapest_care and not customers:
        raise UsageError(t("customers.cheapest_care_needs_incident", lang))
    result = replicate(scenario, n=args.reps, seed=seed, progress=not args.quiet, detail=out is not None,
                       keep=keep_run if customers else None)
    summary = result.summary
    from sim.reports.kpi_table import kpi_table, kpi_tally
    from sim.simulation.centre import drain_length

    text, met, judged = kpi_table(summary, scenario.plan, lang)
    print(text)
    none = kpi_tally(summary, scenario.plan)[2]
    print(t("run.summary_no_data", lang, met=met, total=judged, none=none) if none
          else t("run.summary", lang, met=met, total=judged))
    print(t("run.rule", lang, days=round(drain_length(scenario.plan) / 1440, 2)))
    print(t("run.legend", lang))
    if out is not None:
        print(t("run.wrote", lang, n=write_outputs(out, result.detail, summary, lang), out=out))
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


def write_outputs(out: Path, detail, summary, lang: str) -> int:
    """The first replication's records and the KPI summary as CSV, its plots as PNG; returns the file count."""
    pyplot()      # the file-only backend, chosen before the plots module draws anything
    from sim.reports import centre_plots as plots  # matplotlib, kept off the path of `check`
    from sim.reports.export import spreadsheet_safe
    tables = {"log.csv": detail.log, "complaints.csv": detail.complaints, "timeseries.csv": detail.timeseries,
              "activations.csv": detail.activations, "kpis.csv": summary}
    for name, table in tables.items():     # ids come from the scenario: "=..." must not run in a spreadsheet
        spreadsheet_safe(table).to_csv(out / name, index=False)
    figures = {"backlog.png": plots.backlog_and_queues(detail, lang),
               "first_response.png": plots.first_response_distribution(detail, lang),
               "utilisation.png": plots.utilisation(detail.kpis, lang, plan=detail.scenario.plan)}
    save_figures(figures, out)
    return len(tables) + len(figures)
