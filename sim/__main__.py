"""``python -m sim``: the command line (:mod:`sim.cli`).

Run by a Python that lacks the kit's dependencies (``python3 -m sim`` outside ``.venv``, before
``make install``), it says so in one line and how to run the kit instead, exit status 2, rather than
ending in ImportError's traceback: here for what :mod:`sim.cli` needs to start and to build its parser
(``import sim`` itself needs only the standard library: its API is imported on first use), and in
:func:`sim.cli.common.run_command` for what a command imports when it runs (SimPy, pandas, ...).
"""
from __future__ import annotations

import sys

EXIT_BAD_INPUT = 2          # as sim.cli.common's, which may be what could not be imported
FALLBACK = ("error: this Python lacks the kit's dependencies (no module named '{module}'): run `make install`, "
            "then use .venv/bin/python -m sim … or .venv/bin/drill-kit …")


def language(argv: list[str], environ) -> str:
    """The language sim.cli would choose (--lang anywhere, else $DRILL_LANG, else the locale), read without it.

    >>> language(["run", "x", "--lang", "zh"], {}), language(["--lang=zh"], {}), language([], {"LANG": "zh_CN"})
    ('zh', 'zh', 'zh')
    >>> language(["--lang", "en"], {"LANG": "zh_CN"}), language([], {"DRILL_LANG": "en", "LANG": "zh_CN"})
    ('en', 'en')
    """
    for i, word in enumerate(argv):
        if word.startswith("--lang="):
            return word.partition("=")[2]
        if word == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    if environ.get("DRILL_LANG"):
        return environ["DRILL_LANG"]
    locale = environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def start() -> int:
    try:
        from sim.cli import main
        return main()        # (building the parser imports every command's module: the format needs pydantic)
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if not top or top == "sim":
            raise                           # the kit itself is broken: show it all
        import os
        try:                                # the catalogues need nothing outside the standard library
            from sim.i18n import t
            line = t("cli.err.missing_dependency", language(sys.argv[1:], os.environ), module=top)
        except ImportError:
            line = FALLBACK.format(module=top)
        print(line, file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(start())
