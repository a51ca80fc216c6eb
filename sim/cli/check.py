"""``python -m sim check PATH...``: validate plan and scenario files, or every YAML file in folders.

    python -m sim check scenarios/                      # the whole library, plans included
    python -m sim --lang zh check my_scenario.yaml

Each valid file gets one line on stdout saying what it holds: for a scenario its title, horizon, teams,
expected complaints (in all and per day) and the size of its drill; for a plan its roles, categories,
activation triggers and actions. Each problem gets one line on stderr, ``file:line: field: what is
wrong``, and every problem of a file is reported at once, so a trainer can fix them in one pass.

A file is read as a plan when it lies in a ``plans`` folder or looks like one (it has the sections only a
plan has); anything else is a scenario, validated against the plan it names.

Every file is read within the format's limits (:mod:`sim.format.limits`): a folder, a device such as
``/dev/zero`` or a named pipe given as a file, a file over 512 KiB, an alias bomb, nesting deeper than 50
levels, ``.inf``, a 5 000-digit number or a horizon of a million weeks each get their one line, quickly and
without reading more than the limit. With ``--lang zh`` the lines of these checks are in Chinese.

Scenario ids are unique across the files checked together: attempts and scores are stored by id, so a
second file with an id already seen (a copy, say) gets one line naming both files.

Exit status: 0 when every file is valid; 2 when any file has problems, shares its scenario id with an
earlier file, a path does not exist or a folder holds no YAML file (a summary line counts them).

This command stays light: it needs only the format (pydantic and YAML), never the simulator's pandas or
SimPy, so that checking a file in an editor's save hook is quick.
"""
from __future__ import annotations

import sys
from pathlib import Path

from sim.cli.common import EXIT_BAD_INPUT, EXIT_OK, add_language_option, language
from sim.format.errors import ScenarioError
from sim.format.load import is_plan_document, load_plan, load_scenario
from sim.format.units import format_duration
from sim.format.vocabulary import ACTION_KINDS, TRIGGER_KINDS
from sim.format.yamlio import read_yaml
from sim.i18n import t


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("check", help=t("cli.help.check", lang))
    p.add_argument("paths", nargs="+", help=t("cli.help.check.paths", lang))
    add_language_option(p, lang)
    p.set_defaults(func=cmd_check)


def yaml_files(path: Path) -> list[Path]:
    """``path`` itself, or every ``*.yaml``/``*.yml`` file under the folder ``path``, sorted."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return [path]


def is_plan_file(path: Path) -> bool:
    """True for a file in a ``plans`` folder or one whose content is a plan (False if it cannot be read)."""
    if "plans" in path.parts:
        return True
    try:
        return is_plan_document(read_yaml(path).data)
    except ScenarioError:
        return False     # load_scenario will report why it cannot be read


def checked(path: Path, lang: str) -> tuple[str, str | None]:
    """The one line a valid file gets and, for a scenario, its id (ScenarioError if it is not valid)."""
    if is_plan_file(path):
        plan = load_plan(path)
        return t("check.plan_ok", lang, path=path, title=plan.title.get(lang), roles=len(plan.roles),
                 categories=len(plan.categories), triggers=len(TRIGGER_KINDS), actions=len(ACTION_KINDS)), None
    sc = load_scenario(path)
    arrivals = sc.expected_arrivals()
    drill = sc.drill
    # English lists the team ids a scenario file is written with; other languages the plan's role names.
    teams = sc.teams if lang == "en" else [sc.plan.label("roles", team, lang) for team in sc.teams]
    return t("check.ok", lang, path=path, title=sc.title.get(lang), horizon=format_duration(sc.horizon),
             teams=t("drill.list_sep", lang).join(teams), arrivals=arrivals, per_day=arrivals / (sc.horizon / 1440),
             injects=len(drill.injects) if drill else 0, prompts=len(drill.prompts()) if drill else 0), sc.id


def duplicate_line(path: Path, scenario_id: str, first: Path, lang: str) -> str:
    """``path:line: id: …`` for a scenario whose id an earlier file already has (results are stored by id,
    so two files with one id would mix their attempts; the picker would list the same drill twice)."""
    try:
        line = read_yaml(path, quick=True).line_of(("id",))
    except ScenarioError:
        line = None
    where = f"{path}:{line}" if line else str(path)
    return t("check.duplicate_id", lang, where=where, id=scenario_id, other=first)


def cmd_check(args) -> int:
    lang = language(args)
    total = bad = 0
    owners: dict[str, Path] = {}       # scenario id -> the first file that has it
    for target in map(Path, args.paths):
        if not target.exists():
            print(t("check.missing", lang, path=target), file=sys.stderr)
            bad += 1
            total += 1
            continue
        files = yaml_files(target)
        if not files:
            print(t("check.none", lang, path=target), file=sys.stderr)
            bad += 1
            total += 1       # counted as one bad path, like a missing one: never "1 of 0 files"
            continue
        for path in files:
            total += 1
            try:
                line, scenario_id = checked(path, lang)
            except ScenarioError as exc:
                bad += 1
                print(exc.text(lang), file=sys.stderr)     # in Chinese where the format has the wording
                continue
            first = owners.setdefault(scenario_id, path) if scenario_id is not None else path
            if first.resolve() != path.resolve():
                bad += 1
                print(duplicate_line(path, scenario_id, first, lang), file=sys.stderr)
            else:                      # the first file with this id (or the same file named twice)
                print(line)
    if bad:
        print(t("check.summary_bad", lang, bad=bad, total=total), file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK
