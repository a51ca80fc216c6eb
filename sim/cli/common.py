"""What every command shares: exit codes, one-line errors, the language, output folders and figures.

A command never prints a traceback for bad input. It raises
:class:`~sim.format.errors.ScenarioError` (a plan or scenario file is wrong: one line per problem,
``file:line: field: what is wrong``) or :class:`~sim.format.errors.UsageError` (anything else the user
asked for: one line, ``error: …``), and :func:`run_command` prints it to stderr and returns
:data:`EXIT_BAD_INPUT`. Exceptions of the engine whose message is already such a line (a target that
cannot be parsed) are turned into UsageError with :func:`as_usage_error`. The results store's
:class:`~sim.store.errors.StoreError` (a database that cannot be opened or reached, a name it cannot
keep) is such a line wherever it is raised, and so is, as a last resort, any error of the database
libraries themselves: one line, its password masked, never a traceback.

Exit status of every command:

- ``0`` (:data:`EXIT_OK`): done;
- ``2`` (:data:`EXIT_BAD_INPUT`): bad input, nothing half-done;
- ``130`` (:data:`EXIT_INTERRUPTED`): Ctrl-C, or a drill paused to be resumed later.

A command run by a Python that lacks the kit's dependencies (``python3 -m sim run`` outside ``.venv``) ends
with one line saying to run ``make install`` and use ``.venv/bin/python`` (:func:`missing_dependency`),
exit status 2, not with ImportError's traceback.

The language, when no ``--lang`` is given, is :func:`environment_language`'s: ``$DRILL_LANG``, else a
Chinese locale (``$LC_ALL``, ``$LC_MESSAGES`` or ``$LANG`` starting with ``zh``), else English.

    >>> from argparse import Namespace
    >>> def cmd_fails(args):
    ...     raise UsageError("--reps must be at least 1")
    >>> import contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     status = run_command(Namespace(func=cmd_fails, lang="en"))
    >>> status, err.getvalue()
    (2, 'error: --reps must be at least 1\\n')
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.format.errors import ScenarioError, UsageError
from sim.i18n import (
    LANGUAGES,
    counted,  # noqa: F401  (re-exported: the commands say counts through it)
    t,
)
from sim.store.errors import StoreError, one_line  # no SQLAlchemy: `python -m sim check` stays light

# Where an exception from below the store comes from: the database libraries (the store turns theirs into
# StoreError; one that slips through still ends as one line).
DATABASE_LIBRARIES = ("sqlalchemy", "sqlite3", "_sqlite3", "psycopg", "psycopg2", "psycopg_binary")

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130     # as a shell reports a process ended by Ctrl-C (128 + SIGINT)


def add_language_option(parser, lang: str, help_key: str = "cli.help.language") -> None:
    """``--lang`` after the command name (``python -m sim staff X --lang zh``), as well as before it; every
    command's parser takes it, through this one definition, with its help in ``lang``."""
    # A dest of its own: a subparser's default would otherwise overwrite the top-level --lang.
    parser.add_argument("--lang", dest="command_lang", choices=LANGUAGES, default=None, help=t(help_key, lang))


def language(args) -> str:
    """The language the user chose: the command's ``--lang``, else the top-level one (whose default is
    :func:`environment_language`), else English."""
    return getattr(args, "command_lang", None) or getattr(args, "lang", None) or "en"


def environment_language(environ=None) -> str:
    """The language a command line without ``--lang`` speaks: ``$DRILL_LANG`` (en or zh), else Chinese for a
    Chinese locale (the first of ``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG`` that is set, as the C library
    reads them), else English.

    >>> environment_language({"LANG": "zh_CN.UTF-8"}), environment_language({"LANG": "C.UTF-8"})
    ('zh', 'en')
    >>> environment_language({"DRILL_LANG": "en", "LANG": "zh_CN.UTF-8"}), environment_language({})
    ('en', 'en')
    >>> environment_language({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_TW.UTF-8"})
    'en'
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get("DRILL_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def use_colour(stream=None) -> bool:
    """Whether to colour verdicts on ``stream`` (stdout): only a terminal, and only without ``$NO_COLOR``
    (https://no-color.org: set to anything but the empty string turns colour off)."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def default_database(lang: str) -> str:
    """Where results go when ``--db`` is not given, as ``--help`` shows it: ``$DRILL_DB`` (its password
    masked), else the SQLite file in the user data folder (:func:`sim.store.schema.default_url`'s choice,
    found here without importing SQLAlchemy)."""
    from sim.format.user_files import data_dir
    from sim.store.errors import mask_url
    env = os.environ.get("DRILL_DB", "").strip()
    if env:
        return t("cli.db_env", lang, url=mask_url(env))
    return t("cli.db_unset", lang, path=data_dir() / "drills.sqlite")


def missing_dependency(exc: BaseException) -> str | None:
    """The third-party module whose absence ``exc`` reports (``simpy``), else None: the kit's own modules
    missing, or any other error, are bugs to show in full.

    >>> missing_dependency(ModuleNotFoundError("No module named 'simpy'", name="simpy"))
    'simpy'
    >>> missing_dependency(ModuleNotFoundError("x", name="sim.nowhere")), missing_dependency(ValueError())
    (None, None)
    """
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    top = exc.name.split(".")[0]
    return None if top == "sim" else top


def print_problems(exc: ScenarioError, lang: str = "en") -> None:
    for problem in exc.problems:
        print(problem.text(lang), file=sys.stderr)


def run_command(args) -> int:
    """Run the parsed command (``args.func``); bad input and Ctrl-C become a message and an exit status."""
    lang = language(args)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print_problems(exc, lang)
        return EXIT_BAD_INPUT
    except UsageError as exc:
        print(t("cli.error", lang, message=exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as exc:
        print(t("cli.error", lang, message=one_line(exc)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(t("cli.interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    except ModuleNotFoundError as exc:      # commands import the simulator, pandas, ... when they run
        module = missing_dependency(exc)
        if module is None:
            raise
        print(t("cli.err.missing_dependency", lang, module=module), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        if type(exc).__module__.split(".")[0] not in DATABASE_LIBRARIES:
            raise
        print(t("cli.error", lang, message=t("drill.store.failed", lang, error=one_line(getattr(exc, "orig", exc)))),
              file=sys.stderr)
        return EXIT_BAD_INPUT


@contextmanager
def as_usage_error(*kinds: type[Exception]) -> Iterator[None]:
    """Re-raise ``kinds`` as UsageError: their message is already the one line the user should read."""
    try:
        yield
    except kinds as exc:
        raise UsageError(str(exc)) from None


def output_folder(out: str | None, lang: str) -> Path | None:
    """The ``--out`` folder, created before any work starts (None without ``--out``)."""
    if not out:
        return None
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(t("cli.err.out_folder", lang, out=folder, problem=exc.strerror)) from None
    return folder


def pyplot():
    """matplotlib's pyplot drawing to files only (the Agg backend: no display needed)."""
    # Imported on use: matplotlib must stay off the path of `python -m sim check`.
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save_figures(figures: dict, out: Path) -> None:
    """Write each figure to ``out/<name>`` and free it."""
    plt = pyplot()
    for name, fig in figures.items():
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
