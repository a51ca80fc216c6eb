"""``python -m sim``: check, schema, and (in later modules) run, staff, drill, report.

Bad input ends with one line per problem (``file:line: field: what is wrong``) and exit status 2,
never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.errors import ScenarioError
from sim.i18n import t

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """A problem with what the user asked for (exit 2, one line)."""


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return [path]


def _is_plan(path: Path) -> bool:
    from sim.scenario import is_plan_document
    from sim.yamlio import read_yaml
    if "plans" in path.parts:
        return True
    try:
        return is_plan_document(read_yaml(path).data)
    except ScenarioError:
        return False


def cmd_check(args) -> int:
    from sim.scenario import load_plan, load_scenario
    from sim.units import format_duration
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
    from sim.scenario import Plan, Scenario
    model = Plan if args.plan else Scenario
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Complaint drill kit " + ("plan" if args.plan else "scenario")
    print(json.dumps(schema, indent=2, ensure_ascii=False))
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
    import importlib
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


# Modules that add subcommands: each has ``register(subparsers)``, setting ``func`` on its parsers.
# Their errors for bad input raise ScenarioError or UsageError, which main() turns into exit status 2.
COMMAND_MODULES: list[str] = [
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
