"""``python -m sim`` (also installed as ``drill-kit``): the kit's command line, one module per command.

    python -m sim check scenarios/                  validate plans and scenarios       sim.cli.check
    python -m sim schema [--plan]                   the format's JSON Schema           sim.cli.schema
    python -m sim run SCENARIO                      simulate; KPIs against targets     sim.cli.run
    python -m sim drill SCENARIO --trainee NAME     a trainee's drill in the terminal  sim.cli.drill
    python -m sim staff SCENARIO                    the cheapest roster for targets    sim.cli.staff
    python -m sim cohort create|import|assign|...   a trainer's cohorts                sim.cli.cohort
    python -m sim report --cohort C --out FILE      a cohort's after-action report     sim.cli.report
    python -m sim calibrate EXPORT --map M --out F  a scenario fitted to our history    sim.cli.calibrate

``--lang zh``, before the command or after it, switches messages and ``--help`` to Simplified Chinese:
:func:`main` reads ``--lang`` first, wherever it is, then builds the parser in that language. Each command
module teaches its command and contributes ``add_parser(subparsers, lang)``, which sets ``func`` to its
``cmd_*`` function; this package only assembles the parser and runs the command, and :data:`COMMANDS`
lists the modules by name (a new command is one more name there). What commands share (exit codes,
one-line errors, the language, output folders) is in :mod:`sim.cli.common`. Every command module is
imported to build the parser, so each imports at its top only what is light; the simulator, the store
and the plots (SimPy, pandas, SQLAlchemy, matplotlib) are imported when a command runs them
(``tests/cli/test_cli_startup.py`` holds every listed command to that).

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
import importlib
import sys

from sim.cli.common import run_command
from sim.i18n import LANGUAGES, t

# The commands, in the order `python -m sim --help` lists them: each name is its module, sim.cli.<name>.
COMMANDS = ("check", "schema", "run", "drill", "staff", "cohort", "report", "calibrate")


def build_parser(lang: str = "en", command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``python -m sim`` and its commands, with every help text in ``lang``; with ``command``,
    of that command alone (all a run of it needs: the other command modules are not even imported)."""
    parser = argparse.ArgumentParser(prog="python -m sim", description=t("cli.description", lang))
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help=t("cli.help.lang", lang))
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        if command in (None, name):
            importlib.import_module(f"sim.cli.{name}").add_parser(subparsers, lang)
    return parser


def chosen_command(argv: list[str]) -> str | None:
    """The command ``argv`` runs, when that is certain before parsing: its first word other than the
    top-level ``--lang`` and its value. None when that word is not a command or is another option
    (``-h``, a typo): the full parser then answers, listing every command.

    >>> chosen_command(["--lang", "zh", "run", "x.yaml"]), chosen_command(["--lang=zh", "check", "--lang", "en"])
    ('run', 'check')
    >>> chosen_command(["-h", "run"]), chosen_command(["rnu", "x"]), chosen_command(["--la", "zh", "run"])
    (None, None, None)
    """
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("--lang="):
            return word if word in COMMANDS else None
    return None


def chosen_language(argv: list[str]) -> str:
    """The ``--lang`` given anywhere in ``argv``, before the command or after it (the last one wins, as in
    :func:`~sim.cli.common.language`); English without one, or with one the parser will refuse.

    Read before the parser is built, so that ``--help`` is written in that language.

    >>> chosen_language(["check", "x.yaml", "--lang", "zh"]), chosen_language(["--lang=zh", "run", "x"])
    ('zh', 'zh')
    >>> chosen_language(["check", "x.yaml"]), chosen_language(["--lang", "fr"]), chosen_language(["--lang"])
    ('en', 'en', 'en')
    """
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--lang")
    try:
        lang = pre.parse_known_args(argv)[0].lang
    except argparse.ArgumentError:    # `--lang` without a value: the full parser reports it
        return "en"
    return lang if lang in LANGUAGES else "en"


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m sim`` with ``argv`` (default: the process's arguments); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    return run_command(build_parser(chosen_language(argv), chosen_command(argv)).parse_args(argv))
