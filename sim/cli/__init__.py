"""``python -m sim`` (also installed as ``drill-kit``): the kit's command line, one module per command.

    python -m sim check scenarios/                  validate plans and scenarios       sim.cli.check
    python -m sim schema [--plan]                   the format's JSON Schema           sim.cli.schema
    python -m sim run SCENARIO                      simulate; KPIs against targets     sim.cli.run
    python -m sim drill SCENARIO --trainee NAME     a trainee's drill in the terminal  sim.cli.drill
    python -m sim staff SCENARIO                    the cheapest roster for targets    sim.cli.staff
    python -m sim cohort create|import|assign|...   a trainer's cohorts                sim.cli.cohort
    python -m sim report --cohort C --out FILE      a cohort's after-action report     sim.cli.report
    python -m sim calibrate EXPORT --map M --out F  a scenario fitted to our history    sim.cli.calibrate

``--lang zh``, before the command or after it, switches messages and ``--help`` to Simplified Chinese;
without ``--lang``, ``$DRILL_LANG`` decides, else a Chinese locale (:func:`~sim.cli.common.environment_language`).
:func:`main` reads the language first, then builds the parser in it: every command's description and
options, and argparse's own words ("usage:", "error:", "the following arguments are required"), which
:func:`argparse_words` hands argparse in Chinese while the command line is built and parsed. Every command
and subcommand takes ``--lang`` and opens its ``--help`` with a description (:func:`finish_parsers`), and
an option ``--db`` shows where results go without it. ``--version`` prints the installed version. Each command
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
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sim.cli.common import add_language_option, default_database, environment_language, run_command
from sim.i18n import LANGUAGES, STRINGS, t

# The commands, in the order `python -m sim --help` lists them: each name is its module, sim.cli.<name>.
COMMANDS = ("check", "schema", "run", "drill", "staff", "cohort", "report", "calibrate")
DISTRIBUTION = "complaint-drill-kit"        # pyproject.toml's [project] name, for --version


def program_name() -> str:
    """How the user started the kit, for "usage:": ``drill-kit`` (the installed command) or ``python -m sim``."""
    return "drill-kit" if os.path.basename(sys.argv[0] or "") == "drill-kit" else "python -m sim"


def kit_version() -> str:
    """The installed version (package metadata), else the source tree's ``sim.__version__``."""
    # Read on --version only: start-up stays quick.
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        import sim
        return getattr(sim, "__version__", "unknown")


class VersionAction(argparse.Action):
    """``--version``: prints ``complaint-drill-kit 0.1.0`` and exits 0 (argparse's own version action needs
    the text when the parser is built; this reads the metadata only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{DISTRIBUTION} {kit_version()}")      # on stdout, as argparse's own version action
        parser.exit()


# A line of Chinese help may break after any character, but not before closing punctuation.
_CLOSING = set("，。；：、）」』！？》")


def wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, a Chinese character counting two: argparse's
    textwrap counts one and breaks only at spaces, so Chinese help ran past the edge or split an English
    word in the middle. Breaks between Chinese characters and at spaces, never inside a word.

    >>> wrap_wide("成绩数据库 URL 或 SQLite 文件（默认：用户数据文件夹中的文件）", 24)
    ['成绩数据库 URL 或 SQLite', '文件（默认：用户数据文件', '夹中的文件）']
    """
    from sim.i18n.columns import display_width
    lines: list[str] = []
    line, used = "", 0
    for token in re.findall(r"\s+|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|.", " ".join(text.split())):
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        size = display_width(token)
        if used + size > width and line.strip() and token not in _CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class WideHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, its paragraphs wrapped by :func:`wrap_wide` (for Chinese help)."""

    def _split_lines(self, text, width):
        return wrap_wide(text, width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap_wide(text, width - len(indent)))


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words in ``lang`` while the block runs. argparse looks each of its messages up through
    gettext (module-level ``_`` and ``ngettext``) when it builds a parser, formats help or reports an error;
    the kit ships no gettext catalogue, so for Chinese those two lookups are replaced for the block and put
    back after it (an English block leaves argparse alone)."""
    if lang != "zh":
        yield
        return
    from sim.i18n.finish_cli import ARGPARSE_ZH, ARGPARSE_ZH_PLURAL
    saved = argparse._, argparse.ngettext

    def gettext(message):
        return ARGPARSE_ZH.get(message, message)

    def ngettext(singular, plural, n):
        return ARGPARSE_ZH_PLURAL.get((singular, plural)) or (singular if n == 1 else plural)
    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def build_parser(lang: str = "en", command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``python -m sim`` and its commands, with every help text in ``lang``; with ``command``,
    of that command alone (all a run of it needs: the other command modules are not even imported).
    ``lang`` is also the language a command speaks when its line has no ``--lang``."""
    parser = argparse.ArgumentParser(prog=program_name(), formatter_class=formatter_for(lang),
                                     description=t("cli.about.top", lang, name=t("cli.description", lang)))
    parser.add_argument("--lang", choices=LANGUAGES, default=lang, help=t("cli.help.lang", lang))
    parser.add_argument("--version", action=VersionAction, help=t("cli.help.version", lang))
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        if command in (None, name):
            importlib.import_module(f"sim.cli.{name}").add_parser(subparsers, lang)
    finish_parsers(parser, lang)
    return parser


def formatter_for(lang: str) -> type[argparse.HelpFormatter]:
    return WideHelpFormatter if lang == "zh" else argparse.HelpFormatter


def finish_parsers(parser: argparse.ArgumentParser, lang: str, path: tuple[str, ...] = ()) -> None:
    """What every command and subcommand gets, whichever module added it: a description opening its
    ``--help`` (``cli.about.<command>``, else its one-line help), ``--lang``, help wrapped for its language,
    and, on ``--db``, where results go without it (:func:`~sim.cli.common.default_database`)."""
    parser.formatter_class = formatter_for(lang)      # read when help is printed, so it may be set now
    for action in parser._actions:             # argparse keeps no public list of options and subparsers
        if action.dest == "db" and action.help:
            where = t("cli.help.db_here", lang, where=default_database(lang)).replace("%", "%%")
            action.help = (action.help + where) if where not in action.help else action.help
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, sub in action.choices.items():
            key = "cli.about." + ".".join((*path, name))
            if not sub.description:
                help_text = helps.get(name) or ""
                sub.description = t(key, lang) if key in STRINGS else help_text[:1].upper() + help_text[1:]
            if "--lang" not in sub._option_string_actions:
                add_language_option(sub, lang)
            finish_parsers(sub, lang, (*path, name))


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


def chosen_language(argv: list[str], environ=None) -> str:
    """The ``--lang`` given anywhere in ``argv``, before the command or after it (the last one wins, as in
    :func:`~sim.cli.common.language`); without one, or with one the parser will refuse, the environment's
    (:func:`~sim.cli.common.environment_language`: ``$DRILL_LANG``, else the locale, else English).

    Read before the parser is built, so that ``--help`` and argparse's errors are written in that language.

    >>> chosen_language(["check", "x.yaml", "--lang", "zh"], {}), chosen_language(["--lang=zh", "run", "x"], {})
    ('zh', 'zh')
    >>> chosen_language(["check", "x.yaml"], {}), chosen_language(["--lang", "fr"], {}), chosen_language(["--lang"], {})
    ('en', 'en', 'en')
    >>> chosen_language(["check", "x.yaml"], {"DRILL_LANG": "zh"}), chosen_language(["--lang", "en"], {"LANG": "zh_CN"})
    ('zh', 'en')
    """
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--lang")
    try:
        lang = pre.parse_known_args(argv)[0].lang
    except argparse.ArgumentError:    # `--lang` without a value: the full parser reports it
        lang = None
    return lang if lang in LANGUAGES else environment_language(environ)


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m sim`` with ``argv`` (default: the process's arguments); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = chosen_language(argv)
    with argparse_words(lang):
        args = build_parser(lang, chosen_command(argv)).parse_args(argv)
    return run_command(args)
