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

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.format.errors import ScenarioError, UsageError
from sim.i18n import LANGUAGES, t
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
    """The language the user chose: the command's ``--lang``, else the top-level one, else English."""
    return getattr(args, "command_lang", None) or getattr(args, "lang", None) or "en"


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
