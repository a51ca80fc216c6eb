"""``python -m sim staff SCENARIO``: the cheapest roster meeting the plan's targets (or ``--target`` ones).

Prints the roster (headcount per team and shift, paid hours, cost), its cost, targets that staffing cannot
reach, the KPI table over fresh replications and search statistics; with ``--out`` writes roster.csv,
kpis.csv, trace.csv and staffing_curve.png (staff vs share on time for frontline, Erlang overlaid).
``--dask ADDRESS`` runs the replications on a Dask cluster (``--dask local`` starts one on this machine).
Bad input exits with status 2 and one line.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from sim.i18n import t


def register(subparsers) -> None:
    p = subparsers.add_parser("staff", help="find the cheapest roster whose confidence bounds meet the targets")
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--target", action="append", default=[], metavar="KPI=VALUE",
                   help="a target replacing the plan's (repeatable): KPI=VALUE, KPI>=VALUE or KPI<=VALUE, "
                        "e.g. first_response_on_time.major=0.95 (default: the plan's kpi_targets)")
    p.add_argument("--reps", type=int, default=4, help="replications per candidate roster (default 4)")
    p.add_argument("--verify-reps", type=int, default=8,
                   help="fresh replications the roster found must pass too (default 8)")
    p.add_argument("--confidence", type=float, default=0.95, help="confidence level (default 0.95)")
    p.add_argument("--seed", type=int, default=None, help="base seed (default: the scenario's)")
    p.add_argument("--horizon", default=None, help="search over the first part only, e.g. 1d")
    p.add_argument("--hourly", action="store_true", help="split the searched teams' shifts into one-hour shifts")
    p.add_argument("--teams", default=None, help="comma-separated teams to search (default: all that matter)")
    p.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="Dask scheduler address (tcp://host:8786), or 'local' for a local cluster")
    p.add_argument("--out", default=None, help="folder for roster.csv, kpis.csv, trace.csv, staffing_curve.png")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--lang", dest="staff_lang", choices=("en", "zh"), default=None, help="language (en, zh)")
    p.set_defaults(func=cmd_staff)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(r)).rstrip()
                     for r in rows)


def _brute(n: int) -> str:
    return f"{n:,}" if n < 10**9 else f"~10^{len(str(n)) - 1}"


def _executor(address: str | None, lang: str):
    """(executor or Client, closer) for --dask; (None, None) without it."""
    from sim.format.errors import UsageError
    if address is None:
        return None, None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(t("staff.err.no_dask", lang)) from None
    try:
        if address == "local" or address.startswith("local:"):
            from sim.simulation.replication import default_workers
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
    import warnings

    from sim.reports.kpi_table import kpi_table
    from sim.format.errors import UsageError
    from sim.format.scenario import load_scenario
    from sim.format.units import format_duration, parse_duration
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
    lang = args.staff_lang or args.lang
    if args.reps < 2 or args.verify_reps < 2:
        raise UsageError(t("staff.err.reps", lang))
    if not 0 < args.confidence < 1:
        raise UsageError(t("staff.err.confidence", lang))
    horizon = None
    if args.horizon is not None:
        try:
            horizon = parse_duration(args.horizon)
            if horizon <= 0:
                raise ValueError("must be longer than 0")
        except ValueError as exc:
            raise UsageError(t("staff.err.horizon", lang, value=args.horizon, problem=exc)) from None
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
        try:
            parsed = [parse_target(text, names, scenario.plan, lang) for text in args.target]
        except TargetError as exc:
            raise UsageError(str(exc)) from None
        targets = {tgt.kpi: tgt for tgt in parsed}
    if horizon is not None or args.hourly:
        scenario = derive_scenario(scenario, horizon=horizon, hourly=(teams or with_shifts) if args.hourly else None)
    out = Path(args.out) if args.out else None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(t("staff.err.out", lang, out=out, problem=exc.strerror)) from None
    seed = scenario.seed if args.seed is None else args.seed
    executor, close = _executor(args.dask, lang)
    try:
        n_targets = len(targets) if targets else len(scenario.plan.kpi_targets)
        print(t("staff.header", lang, title=scenario.title.get(lang), targets=n_targets, reps=args.reps,
                verify=args.verify_reps, seed=seed)
              + (f" · {format_duration(scenario.horizon)}" if horizon is not None else ""))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = find_staffing(scenario, targets, confidence=args.confidence, reps=args.reps,
                                       verify_reps=args.verify_reps, executor=executor, progress=not args.quiet,
                                       seed=seed, teams=teams, lang=lang)
            except (StaffingError, TargetError) as exc:
                raise UsageError(str(exc)) from None
        print(t("staff.teams", lang, teams=", ".join(result.searched)))
        header = tuple(t(f"staff.col.{c}", lang) for c in ("team", "shift", "headcount", "hours", "cost", "warm",
                                                             "scenario"))
        rows = [header] + [(r.team, r.shift, str(r.headcount), f"{r.hours:g}", f"{r.cost:,.0f}", str(r.warm_start),
                            str(r.scenario)) for r in result.roster.itertuples()]
        print(_table(rows))
        print(t("staff.cost", lang, cost=result.cost, hours=float((result.roster["headcount"]
                                                                  * result.roster["hours"]).sum()),
                warm=roster_cost(scenario, result.warm.roster), base=roster_cost(scenario)))
        for r in result.unreachable.itertuples():
            print(t("staff.unreachable", lang, target=f"{r.kpi} {r.direction} {r.target:g}", mean=r.best_mean,
                    bound=r.best_bound))
        for kpi in result.not_applicable:
            print(t("staff.not_applicable", lang, kpi=kpi))
        text, _, _ = kpi_table(result.summary, scenario.plan, lang, only_targets=True)
        print(text)
        searched = result.summary[result.summary["kpi"].isin(list(result.targets))]
        print(t("staff.met_ci", lang, met=int(searched["met_ci"].astype(bool).sum()), total=len(searched),
                conf=args.confidence, n=len(result.verify_reps)))
        for team, tasks in unstaffed_teams(result):
            print(t("staff.unstaffed", lang, team=team, tasks=tasks))
        for w in caught:
            print(t("staff.warning", lang, message=str(w.message)), file=sys.stderr)
        print(t("staff.stats", lang, candidates=result.candidates, runs=result.runs, seconds=result.seconds,
                brute=_brute(result.brute_force)))
        if out is not None:
            _write(out, result, scenario, args, executor, lang)
    finally:
        if close is not None:
            close()
    return 0


def _write(out: Path, result, scenario, args, executor, lang: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.reports import centre_plots as plots
    from sim.staffing import staffing_curve
    result.roster.to_csv(out / "roster.csv", index=False)
    result.summary.to_csv(out / "kpis.csv", index=False)
    result.trace.to_csv(out / "trace.csv", index=False)
    curve = staffing_curve(scenario, result.headcounts, reps=args.reps, seed=result.seed, executor=executor,
                           options=result.options, confidence=args.confidence)
    fig = plots.staffing_curve(curve, lang, warm=result.warm)
    fig.savefig(out / "staffing_curve.png", dpi=110)
    plt.close(fig)
    print(t("staff.wrote", lang, n=4, out=out))
