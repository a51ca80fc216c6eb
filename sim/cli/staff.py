"""``python -m sim staff SCENARIO``: the cheapest roster whose confidence bounds meet the plan's targets.

    python -m sim staff scenarios/product_defect_surge.yaml --horizon 2d --hourly --out staffing/
    python -m sim staff scenarios/validation/mmc.yaml --target first_response_on_time.major=0.95

Searches the headcount of each team and shift (``sim.staffing.find_staffing``: an Erlang warm start, then
simulation) for the cheapest roster whose confidence bounds, over ``--reps`` replications, meet every
target; then checks it on ``--verify-reps`` fresh replications. The targets are the plan's
``kpi_targets``, or those given with ``--target`` (repeatable: ``KPI=VALUE``, ``KPI>=VALUE``,
``KPI<=VALUE``). ``--horizon`` searches over the first part of the scenario only, ``--hourly`` splits the
searched teams' shifts into one-hour shifts, ``--teams`` limits the search. ``--strategy hourly`` runs the
search from the hour-by-hour warm start (the slower search it replaced, for comparison).

Prints the roster (headcount per team and shift, paid hours, cost, and what holds each headcount: the
target missed with one person fewer, or the floor of one person on a shift during which work arrives), its
cost beside the warm start's and the scenario's own, targets no staffing can reach, the KPI table of the
verifying replications, the target closest to failing there (its mean and confidence bound) and search
statistics. With ``--out`` it writes roster.csv, kpis.csv, trace.csv and staffing_curve.png (staff
against share on time for the frontline, Erlang overlaid). ``--dask ADDRESS`` runs the replications on a
Dask cluster (``--dask local`` starts one on this machine).

Exit status: 0 a roster was found; 2 bad input (the scenario, an option, a target, no team to search,
a Dask scheduler that cannot be reached).
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

from sim.cli.common import (
    EXIT_OK,
    add_language_option,
    as_usage_error,
    counted,
    language,
    output_folder,
    pyplot,
    save_figures,
    use_colour,
)
from sim.format.errors import UsageError
from sim.format.load import load_scenario
from sim.format.units import format_duration, parse_duration
from sim.i18n import t
from sim.i18n.columns import text_table


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("staff", help=t("cli.help.staff", lang))
    p.add_argument("scenario", help=t("cli.help.scenario_file", lang))
    p.add_argument("--target", action="append", default=[], metavar="KPI=VALUE", help=t("cli.help.staff.target", lang))
    p.add_argument("--reps", type=int, default=4, help=t("cli.help.staff.reps", lang))
    p.add_argument("--verify-reps", type=int, default=8, help=t("cli.help.staff.verify_reps", lang))
    p.add_argument("--confidence", type=float, default=0.95, help=t("cli.help.staff.confidence", lang))
    p.add_argument("--seed", type=int, default=None, help=t("cli.help.seed", lang))
    p.add_argument("--horizon", default=None, help=t("cli.help.staff.horizon", lang))
    p.add_argument("--hourly", action="store_true", help=t("cli.help.staff.hourly", lang))
    p.add_argument("--teams", default=None, help=t("cli.help.staff.teams", lang))
    p.add_argument("--strategy", default="plan", metavar="{plan,hourly}", help=t("staff.help.strategy", lang))
    p.add_argument("--dask", metavar="ADDRESS", default=None, help=t("cli.help.staff.dask", lang))
    p.add_argument("--out", default=None, help=t("cli.help.staff.out", lang))
    p.add_argument("--quiet", action="store_true", help=t("cli.help.quiet", lang))
    add_language_option(p, lang)
    p.set_defaults(func=cmd_staff)


def _horizon(text: str | None, lang: str) -> float | None:
    """``--horizon`` in minutes (None without it)."""
    if text is None:
        return None
    try:
        horizon = parse_duration(text)
    except ValueError as exc:
        raise UsageError(t("staff.err.horizon", lang, value=text, problem=exc)) from None
    if horizon <= 0:
        raise UsageError(t("staff.err.horizon", lang, value=text, problem=t("cli.err.not_positive", lang)))
    return horizon


def team_name(team: str, plan, lang: str) -> str:
    """A team as a planner reads it: its id in English (what --teams takes), the plan's role name otherwise."""
    role = plan.roles.get(team)
    return team if lang == "en" or role is None else role.name.get(lang)


def kpi_name(kpi: str, plan, lang: str) -> str:
    """A KPI as a planner reads it: its id in English (what --target takes), its name otherwise (the plan's
    name for its target, else the catalogue's: a target given with --target, ``utilisation.frontline``,
    is 利用率：客户服务部 in Chinese, not its id)."""
    if lang == "en":
        return kpi
    from sim.reports.kpi_table import kpi_name as name_of  # see cmd_staff: loaded when a roster is printed
    return name_of(kpi, plan, lang)


def binds_text(binds: str, plan, lang: str) -> str:
    """What holds a shift's headcount, as the terminal shows it (KPI ids stay in English)."""
    from sim.staffing.result import (
        binds_text as words,  # see cmd_staff: the search's modules load on first use
    )
    return words(binds, lang, lambda kpi: kpi_name(kpi, plan, lang))


def _brute(n: int) -> str:
    """How many rosters a brute-force search would try, written so a person can read it."""
    return f"{n:,}" if n < 10**9 else f"~10^{len(str(n)) - 1}"


def _executor(address: str | None, lang: str):
    """(executor or Client, closer) for --dask; (None, None) without it."""
    if address is None:
        return None, None
    try:
        from distributed import Client, LocalCluster  # optional: the `scale` extra
    except ImportError:
        raise UsageError(t("staff.err.no_dask", lang)) from None
    try:
        if address == "local" or address.startswith("local:"):
            from sim.simulation.replication import default_workers  # SimPy, pandas: off the path of `check`
            workers = int(address.split(":", 1)[1]) if ":" in address else default_workers()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)

            def close():
                client.close()
                cluster.close()
            return client, close
        client = Client(address, timeout="10s")
        return client, client.close
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(t("staff.err.dask_connect", lang, address=address, problem=str(exc) or type(exc).__name__)) \
            from None


def cmd_staff(args) -> int:
    # Imported here, not at the top: the staffing search brings pandas, SciPy and the simulator (SimPy),
    # which `python -m sim check` should not wait for.
    from sim.staffing import (
        StaffingError,
        TargetError,
        derive_scenario,
        find_staffing,
        kpi_names,
        parse_target,
        roster_cost,
        unstaffed_teams,
    )
    lang = language(args)
    if args.reps < 2 or args.verify_reps < 2:
        raise UsageError(t("staff.err.reps", lang))
    if not 0 < args.confidence < 1:
        raise UsageError(t("staff.err.confidence", lang))
    if args.strategy not in ("plan", "hourly"):
        raise UsageError(t("staff.err.strategy", lang, value=args.strategy))
    horizon = _horizon(args.horizon, lang)
    scenario = load_scenario(args.scenario)
    with_shifts = [name for name, spec in scenario.staffing.items() if spec.shifts]
    teams = None
    if args.teams:
        teams = [x.strip() for x in args.teams.split(",") if x.strip()]
        for name in teams:
            if name not in with_shifts:
                raise UsageError(t("staff.err.unknown_team", lang, team=name, known=", ".join(with_shifts)))
    targets = None
    if args.target:
        names = kpi_names(scenario)
        with as_usage_error(TargetError):
            parsed = [parse_target(text, names, scenario.plan, lang) for text in args.target]
        targets = {tgt.kpi: tgt for tgt in parsed}
    if horizon is not None or args.hourly:
        scenario = derive_scenario(scenario, horizon=horizon, hourly=(teams or with_shifts) if args.hourly else None)
    out = output_folder(args.out, lang)
    seed = scenario.seed if args.seed is None else args.seed
    executor, close = _executor(args.dask, lang)
    try:
        n_targets = len(targets) if targets else len(scenario.plan.kpi_targets)
        print(counted("staff.header", lang, n_targets, title=scenario.title.get(lang), targets=n_targets,
                      reps=args.reps, verify=args.verify_reps, seed=seed)
              + (f" · {format_duration(scenario.horizon)}" if horizon is not None else ""))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with as_usage_error(StaffingError, TargetError):
                result = find_staffing(scenario, targets, confidence=args.confidence, reps=args.reps,
                                       verify_reps=args.verify_reps, executor=executor,
                                       progress=True if not args.quiet else None, seed=seed, teams=teams,
                                       lang=lang, strategy=args.strategy)
        plan = scenario.plan
        print(t("staff.teams", lang, teams=", ".join(team_name(x, plan, lang) for x in result.searched)))
        header = tuple(t(f"staff.col.{c}", lang) for c in ("team", "shift", "headcount", "hours", "cost", "warm",
                                                             "scenario", "binds"))
        rows = [header] + [(team_name(r.team, plan, lang), r.shift, str(r.headcount), f"{r.hours:g}",
                            f"{r.cost:,.0f}", str(r.warm_start), str(r.scenario), binds_text(r.binds, plan, lang))
                           for r in result.roster.itertuples()]
        print(text_table(rows))
        print(t("staff.binds.legend", lang))
        print(t("staff.cost", lang, cost=result.cost, hours=float((result.roster["headcount"]
                                                                  * result.roster["hours"]).sum()),
                warm=roster_cost(scenario, result.warm.roster), base=roster_cost(scenario)))
        for r in result.unreachable.itertuples():
            key = "staff.unreachable_noise" if r.limited_by == "replications" else "staff.unreachable"
            print(t(key, lang, target=f"{kpi_name(r.kpi, plan, lang)} {r.direction} {r.target:g}", mean=r.best_mean,
                    bound=r.best_bound, reps=args.reps))
        for kpi in result.not_applicable:
            print(t("staff.not_applicable", lang, kpi=kpi_name(kpi, plan, lang)))
        from sim.reports.kpi_table import kpi_table  # scipy and pandas: only when a roster is printed

        text, _, _ = kpi_table(result.summary, scenario.plan, lang, only_targets=True, colour=use_colour())
        print(text)
        searched = result.summary[result.summary["kpi"].isin(list(result.targets))]
        print(t("staff.met_ci", lang, met=int(searched["met_ci"].astype(bool).sum()), total=len(searched),
                conf=args.confidence, n=len(result.verify_reps)))
        if result.worst is not None:
            w = result.worst
            print(t("staff.worst", lang, n=w["n"], kpi=kpi_name(w["kpi"], plan, lang), direction=w["direction"],
                    target=w["target"], mean=w["mean"], conf=args.confidence, bound=w["bound"]))
        for team, tasks in unstaffed_teams(result):
            print(t("staff.unstaffed", lang, team=team_name(team, plan, lang), tasks=tasks))
        for w in caught:
            print(t("staff.warning", lang, message=str(w.message)), file=sys.stderr)
        print(t("staff.stats", lang, candidates=result.candidates, runs=result.runs, seconds=result.seconds,
                brute=_brute(result.brute_force)))
        if out is not None:
            print(t("staff.wrote", lang, n=write_outputs(out, result, scenario, args, executor, lang), out=out))
    finally:
        if close is not None:
            close()
    return EXIT_OK


def write_outputs(out: Path, result, scenario, args, executor, lang: str) -> int:
    """roster.csv, kpis.csv, trace.csv and the staffing curve (more replications, around the roster found);
    returns the file count."""
    from sim.staffing import staffing_curve  # pandas, SciPy: see cmd_staff
    pyplot()      # the file-only backend, chosen before the plots module draws anything
    from sim.reports import centre_plots as plots  # matplotlib, kept off the path of `check`
    from sim.reports.export import write_csv
    tables = {"roster.csv": result.roster, "kpis.csv": result.summary, "trace.csv": result.trace}
    for name, table in tables.items():     # "=..." never runs as a formula; UTF-8 with a BOM: Excel reads 中文
        write_csv(table, out / name)
    curve = staffing_curve(scenario, result.headcounts, reps=args.reps, seed=result.seed, executor=executor,
                           options=result.options, confidence=args.confidence)
    figures = {"staffing_curve.png": plots.staffing_curve(curve, lang, warm=result.warm, scenario=scenario,
                                                                 roster=result.headcounts)}
    save_figures(figures, out)
    return len(tables) + len(figures)
