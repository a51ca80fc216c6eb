"""What every trainer command shares: the results-store options, the store opened from them, a cohort found
by number or name, and store failures as one line of bad input (``cohort`` and ``report`` use these)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sim.cli.common import add_language_option, as_usage_error, language
from sim.format.errors import UsageError
from sim.i18n import t


def add_store_options(p, lang: str) -> None:
    """``--db`` and ``--lang``, which every trainer command takes after its name."""
    p.add_argument("--db", default=None, help=t("cli.help.db", lang))
    add_language_option(p, lang)


@contextmanager
def store_errors() -> Iterator[None]:
    """A StoreError (the database or a CSV file is wrong) ends the command as bad input."""
    from sim.store.results import StoreError  # SQLAlchemy: kept off the path of `python -m sim check`
    with as_usage_error(StoreError):
        yield


def open_store(args):
    """The results store of ``--db`` (a URL or a SQLite file), else $DRILL_DB, else the user's file."""
    from sim.store.results import open_store as open_results  # SQLAlchemy, as above
    with store_errors():
        return open_results(args.db, lang=language(args))


def find_cohort(store, ref: str, lang: str = "en"):
    """A cohort by number, or by name (the latest year of that name); UsageError listing the cohorts."""
    from sim.store.results import StoreError  # SQLAlchemy, as above
    ref = str(ref).strip()
    if ref.isdigit():
        try:
            return store.get_cohort(int(ref))
        except StoreError:
            pass
    else:
        found = store.find_cohort(ref)
        if found is not None:
            return found
    known = "; ".join(f"{c.id}: {c.label}" for c in store.cohorts()) or t("report.cli.no_cohorts", lang)
    raise UsageError(t("report.cli.unknown_cohort", lang, ref=ref, known=known, url=store.url))


__all__ = ["add_store_options", "find_cohort", "open_store", "store_errors"]
