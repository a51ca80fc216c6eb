"""``python -m sim`` (also installed as ``drill-kit``): the kit's command line, one module per command.

    python -m sim check scenarios/                  validate plans and scenarios       sim.cli.check
    python -m sim schema [--plan]                   the format's JSON Schema           sim.cli.schema
    python -m sim run SCENARIO                      simulate; KPIs against targets     sim.cli.run
    python -m sim drill SCENARIO --trainee NAME     a trainee's drill in the terminal  sim.cli.drill
    python -m sim staff SCENARIO                    the cheapest roster for targets    sim.cli.staff
    python -m sim cohort create|import|assign|...   a trainer's cohorts                sim.cli.cohort
    python -m sim report --cohort C --out FILE      a cohort's after-action report     sim.cli.report

``--lang zh`` (before the command, or after it for drill, staff, cohort and report) switches messages to
Simplified Chinese. Each command module teaches its command and contributes ``add_parser(subparsers)``,
which sets ``func`` to its ``cmd_*`` function; this package only assembles the parser and runs the
command. What commands share (exit codes, one-line errors, the language, output folders) is in
:mod:`sim.cli.common`. Every command module is imported to build the parser, so
each imports at its top only what is light; the simulator, the store and the plots (SimPy, pandas,
SQLAlchemy, matplotlib) are imported when a command runs them.

Exit status: 0 done; 2 bad input, reported in one line per problem on stderr and never as a traceback;
130 interrupted (Ctrl-C), or a drill paused to be resumed.

    >>> import contextlib, io
    >>> from sim.format.library import scenarios_dir
    >>> mmc = scenarios_dir() / "validation" / "mmc.yaml"
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["check", str(mmc)])
    >>> status
    0
    >>> print(out.getvalue().partition(": ")[2])
    OK — Validation: M/M/c queue; horizon 30d; teams: frontline; expected arrivals 17,280 (576/day); drill: 0 injects, 0 prompts
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     status = main(["check", "no/such/file.yaml"])
    >>> status, err.getvalue()
    (2, 'no/such/file.yaml: no such file or folder\\n1 of 1 files have problems\\n')
"""
from __future__ import annotations

import argparse

from sim.cli import check, cohort, drill, report, run, schema, staff
from sim.cli.common import run_command
from sim.i18n import LANGUAGES, t

# The commands, in the order `python -m sim --help` lists them.
COMMANDS = (check, schema, run, drill, staff, cohort, report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sim", description=t("cli.description", "en"))
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help=t("cli.help.lang", "en"))
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m sim`` with ``argv`` (default: the process's arguments); returns the exit status."""
    return run_command(build_parser().parse_args(argv))
