"""``python -m sim cohort links|revoke``: each trainee's personal link to the drill app, and taking one back.

    python -m sim cohort links 3                                  # print name, team, personal URL
    python -m sim cohort links 3 --base-url https://drill.example.org/voila/render/20_drill.ipynb
    python -m sim cohort links 3 --csv links.csv                  # name,team,url for a mail merge
    python -m sim cohort links 3 --reissue "Li Ming"              # a lost link: the old one stops working
    python -m sim cohort revoke 3 "Li Ming" "Wang Fang"           # they can no longer open the app

A personal link is the drill app's URL with ``?token=...`` (:mod:`sim.store.tokens`: the token row's id, a
random nonce and a signature with the organisation's secret). Opened with it, the app knows the trainee and
their cohort and asks for no name (:mod:`sim.ui.identity`). ``cohort import`` gives every new member a
token; ``links`` gives one to any member still without, then lists them all. The URL is, by default, the
local Voila page of ``make drill`` (:data:`DEFAULT_BASE_URL`); give ``--base-url`` for a server or a hub.

``--reissue NAME...`` revokes those members' links and issues new ones (a link sent to the wrong address);
``revoke`` only revokes (a trainee who left). Revoked tokens stay stored, refused with a message saying so.

The secret signing the tokens is ``$DRILL_SECRET``, else a key file made once beside the SQLite database
(or in the user data folder); it is never printed. The CSV file's cells go through the kit's spreadsheet
neutraliser (a name starting with ``=`` is text, not a formula).

Exit status: 0 done; 2 bad input (an unknown cohort, a name that is not a member, a base URL that is not
http(s), a CSV file that cannot be written), nothing half-done.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sim.cli.common import EXIT_OK, as_usage_error
from sim.cli.common import language as language_of
from sim.cli.trainer_args import add_store_options, find_cohort, open_store, store_errors
from sim.format.errors import UsageError
from sim.i18n import counted, t
from sim.i18n.columns import text_table

DEFAULT_BASE_URL = "http://127.0.0.1:8866/"     # `make drill`: Voila's own port, on this machine only


def add_parsers(sub, lang: str) -> None:
    """Add ``links`` and ``revoke`` to the ``cohort`` subcommands (``sub``: its subparsers)."""
    p = sub.add_parser("links", help=t("cli.help.cohort.links", lang))
    p.add_argument("cohort", help=t("cli.help.cohort.ref", lang))
    p.add_argument("--base-url", default=DEFAULT_BASE_URL, help=t("cli.help.links.base_url", lang))
    p.add_argument("--csv", default=None, help=t("cli.help.links.csv", lang))
    p.add_argument("--reissue", nargs="+", default=None, metavar="NAME", help=t("cli.help.links.reissue", lang))
    add_store_options(p, lang)
    p.set_defaults(func=cmd_links)
    p = sub.add_parser("revoke", help=t("cli.help.cohort.revoke", lang))
    p.add_argument("cohort", help=t("cli.help.cohort.ref", lang))
    p.add_argument("names", nargs="+", metavar="NAME", help=t("cli.help.links.names", lang))
    add_store_options(p, lang)
    p.set_defaults(func=cmd_revoke)


def personal_url(base_url: str, token: str) -> str:
    """``base_url`` with ``token=<token>`` added to its query (kept, if it has one).

    >>> personal_url("http://127.0.0.1:8866/", "7.n.s")
    'http://127.0.0.1:8866/?token=7.n.s'
    >>> personal_url("https://hub.example/voila/render/20_drill.ipynb?lang=zh", "7.n.s")
    'https://hub.example/voila/render/20_drill.ipynb?lang=zh&token=7.n.s'
    """
    parts = urlsplit(base_url)
    query = f"{parts.query}&token={token}" if parts.query else f"token={token}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def check_base_url(base_url: str, lang: str) -> str:
    """The base URL as given, or UsageError (one line) if it is not an http(s) URL with a host and no token."""
    url = (base_url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or "token=" in parts.query or " " in url:
        raise UsageError(t("link.cli.bad_base_url", lang, url=base_url))
    return url


def issue_links(store, cohort_id: int, lang: str = "en") -> str:
    """Give each member of the cohort without a live token one (``cohort import`` calls this after importing);
    the line to print: how many were issued and how to list them."""
    from sim.store.results import StoreError
    with as_usage_error(StoreError):
        issued = store.issue_tokens(cohort_id)
    return counted("link.cli.issued", lang, issued, cohort=cohort_id)


def cmd_links(args) -> int:
    lang = language_of(args)
    base = check_base_url(args.base_url, lang)
    store = open_store(args)
    cohort = find_cohort(store, args.cohort, lang)
    with store_errors():
        if args.reissue:
            store.issue_tokens(cohort.id, args.reissue, reissue=True)
        store.issue_tokens(cohort.id)            # members added since, if any
        links = store.personal_links(cohort.id)
    if not links:
        print(t("link.cli.no_members", lang, label=cohort.label))
        return EXIT_OK
    rows = [(link.trainee, link.team or "", personal_url(base, link.token)) for link in links]
    if args.csv:
        _write_csv(Path(args.csv), rows, lang)
        print(counted("link.cli.written", lang, len(rows), label=cohort.label, path=args.csv))
    else:
        header = (t("link.cli.col.name", lang), t("link.cli.col.team", lang), t("link.cli.col.url", lang))
        print(text_table([header, *rows]))
    if args.reissue:
        print(counted("link.cli.reissued", lang, len(args.reissue)))
    return EXIT_OK


def _write_csv(path: Path, rows: list[tuple[str, str, str]], lang: str) -> None:
    import pandas as pd

    from sim.reports.export import write_csv  # the spreadsheet neutraliser, UTF-8 with a BOM
    try:
        write_csv(pd.DataFrame(rows, columns=["name", "team", "url"]), path)
    except OSError as exc:
        raise UsageError(t("link.cli.cannot_write", lang, path=path, error=exc.strerror or type(exc).__name__)) from None


def cmd_revoke(args) -> int:
    lang = language_of(args)
    store = open_store(args)
    cohort = find_cohort(store, args.cohort, lang)
    with store_errors():
        n = store.revoke_tokens(cohort.id, args.names)
    print(counted("link.cli.revoked", lang, n, label=cohort.label))
    return EXIT_OK


__all__ = ["DEFAULT_BASE_URL", "add_parsers", "check_base_url", "cmd_links", "cmd_revoke", "issue_links",
           "personal_url"]
