"""``python -m sim``: check, schema, and (in later modules) run, staff, drill, report.

Bad input ends with one line per problem (``file:line: field: what is wrong``) and exit status 2,
never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.format.errors import ScenarioError, UsageError
from sim.i18n import t
from sim.reports.kpi_table import kpi_table

EXIT_BAD_INPUT = 2


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return [path]


def _is_plan(path: Path) -> bool:
    from sim.format.scenario import is_plan_document
    from sim.format.yamlio import read_yaml
    if "plans" in path.parts:
        return True
    try:
        return is_plan_document(read_yaml(path).data)
    except ScenarioError:
        return False


def cmd_check(args) -> int:
    from sim.format.scenario import load_plan, load_scenario
    from sim.format.units import format_duration
    lang = args.lang
    total = bad = 0
    for target in args.paths:
        target = Path(target)
        if not target.exists():
            print(f"{target}: no such file or folder", file=sys.stderr)
            bad += 1
            total += 1
            continue
        files = _yaml_files(target)
        if not files:
            print(t("check.none", lang, path=target), file=sys.stderr)
            bad += 1
            continue
        for path in files:
            total += 1
            try:
                if _is_plan(path):
                    plan = load_plan(path)
                    print(t("check.plan_ok", lang, path=path, title=plan.title.get(lang), roles=len(plan.roles),
                            categories=len(plan.categories), triggers=4, actions=5))
                else:
                    sc = load_scenario(path)
                    arrivals = sc.expected_arrivals()
                    drill = sc.drill
                    print(t("check.ok", lang, path=path, title=sc.title.get(lang),
                            horizon=format_duration(sc.horizon), teams=", ".join(sc.teams),
                            arrivals=arrivals, per_day=arrivals / (sc.horizon / 1440),
                            injects=len(drill.injects) if drill else 0,
                            prompts=len(drill.prompts()) if drill else 0))
            except ScenarioError as exc:
                bad += 1
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
    if bad:
        print(t("check.summary_bad", lang, bad=bad, total=total), file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def cmd_schema(args) -> int:
    from sim.format.scenario import Plan, Scenario
    model = Plan if args.plan else Scenario
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Complaint drill kit " + ("plan" if args.plan else "scenario")
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def cmd_run(args) -> int:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.format.scenario import load_scenario
    from sim.reports import centre_plots as plots
    from sim.simulation.replication import replicate, simulate
    lang = args.lang
    if args.reps < 1:
        raise UsageError("--reps must be at least 1")
    scenario = load_scenario(args.scenario)
    out = Path(args.out) if args.out else None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    seed = scenario.seed if args.seed is None else args.seed
    print(t("run.header", lang, title=scenario.title.get(lang), reps=args.reps, seed=seed))
    detail = simulate(scenario, seed=seed, replication=0)
    if args.reps > 1:
        summary = replicate(scenario, n=args.reps, seed=seed, progress=not args.quiet).summary
    else:
        import pandas as pd

        from sim.simulation.metrics import summarise
        summary = summarise(pd.DataFrame([detail.kpis]), scenario.plan)
    text, met, total = kpi_table(summary, scenario.plan, lang)
    print(text)
    print(t("run.summary", lang, met=met, total=total))
    if out is not None:
        detail.log.to_csv(out / "log.csv", index=False)
        detail.complaints.to_csv(out / "complaints.csv", index=False)
        detail.timeseries.to_csv(out / "timeseries.csv", index=False)
        detail.activations.to_csv(out / "activations.csv", index=False)
        summary.to_csv(out / "kpis.csv", index=False)
        figures = {"backlog.png": plots.backlog_and_queues(detail, lang),
                   "first_response.png": plots.first_response_distribution(detail, lang),
                   "utilisation.png": plots.utilisation(detail.kpis, lang)}
        for name, fig in figures.items():
            fig.savefig(out / name, dpi=110)
            plt.close(fig)
        print(t("run.wrote", lang, n=5 + len(figures), out=out))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sim", description="Complaint-response drill kit")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages (en, zh)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate scenario and plan files or folders")
    p.add_argument("paths", nargs="+", help="YAML files or folders")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("schema", help="print the JSON Schema of the scenario (or --plan) format")
    p.add_argument("--plan", action="store_true", help="print the plan's schema instead")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("run", help="simulate a scenario and print its KPIs against the plan's targets")
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--reps", type=int, default=10, help="independent replications (default 10)")
    p.add_argument("--seed", type=int, default=None, help="base seed (default: the scenario's)")
    p.add_argument("--out", help="folder for CSVs (log, complaints, kpis, time series) and PNG plots")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_run)
    import importlib
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


# Modules that add subcommands: each has ``register(subparsers)``, setting ``func`` on its parsers.
# Their errors for bad input raise ScenarioError or UsageError, which main() turns into exit status 2.
COMMAND_MODULES: list[str] = [
    "sim.cli.drill",
    "sim.cli.staff",
    "sim.cli.report",
]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
