"""User-facing strings in English and Simplified Chinese, and localised text from scenario files.

Every label the kit shows goes through :func:`t`; scenario text goes through :class:`sim.format.base.Text`.
A test checks that every key has both languages and the same ``{placeholders}``.

Each part of the kit keeps its strings in a catalogue module beside this one (``core``, ``planner``,
``drill``, ``drill_app``, ``reports``, ``history``, ``calibrate``, ``customers`` and the ``finish_*`` parts); this package merges them once, when it is first imported, so
``t()`` finds every key whatever else has been imported. A key defined in two catalogues is an error.
"""
from __future__ import annotations

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}

from sim.i18n.calibrate import CALIBRATE_STRINGS
from sim.i18n.core import CORE_STRINGS
from sim.i18n.customers import CUSTOMER_STRINGS
from sim.i18n.drill import DRILL_STRINGS
from sim.i18n.drill_app import APP_STRINGS
from sim.i18n.finish_cli import FINISH_CLI_STRINGS
from sim.i18n.finish_command import FINISH_COMMAND_STRINGS
from sim.i18n.finish_format import FINISH_FORMAT_STRINGS
from sim.i18n.finish_trainee import FINISH_TRAINEE_STRINGS
from sim.i18n.finish_trainer import FINISH_TRAINER_STRINGS
from sim.i18n.finish_zh import FINISH_ZH_STRINGS
from sim.i18n.history import HISTORY_STRINGS
from sim.i18n.planner import STAFFING_STRINGS
from sim.i18n.reports import REPORT_STRINGS

CATALOGUES: dict[str, dict[str, dict[str, str]]] = {
    "core": CORE_STRINGS, "planner": STAFFING_STRINGS, "drill": DRILL_STRINGS, "drill_app": APP_STRINGS,
    "reports": REPORT_STRINGS, "history": HISTORY_STRINGS, "calibrate": CALIBRATE_STRINGS,
    "customers": CUSTOMER_STRINGS, "finish_cli": FINISH_CLI_STRINGS, "finish_format": FINISH_FORMAT_STRINGS,
    "finish_zh": FINISH_ZH_STRINGS, "finish_trainee": FINISH_TRAINEE_STRINGS,
    "finish_trainer": FINISH_TRAINER_STRINGS, "finish_command": FINISH_COMMAND_STRINGS,
}


def _merge(catalogues: dict[str, dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for name, catalogue in catalogues.items():
        for key, entry in catalogue.items():
            if key in merged:
                raise RuntimeError(f"i18n key {key!r} is defined in both the {owner[key]} and {name} catalogues")
            merged[key], owner[key] = entry, name
    return merged


STRINGS: dict[str, dict[str, str]] = _merge(CATALOGUES)


def t(key: str, lang: str = "en", /, **kwargs) -> str:
    """The user-facing string ``key`` in ``lang`` (falls back to English), formatted with ``kwargs``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


def counted(key: str, lang: str, n: int, **kwargs) -> str:
    """``t(key, ...)`` for a count ``n``: the key's ``.one`` wording when ``n`` is 1 and there is one
    ("1 trainee", not "1 trainees"; Chinese has no plural and says the same either way).

    >>> counted("link.cli.revoked", "en", 1, label="Hotline"), counted("link.cli.revoked", "en", 2, label="Hotline")
    ('Revoked 1 personal link of Hotline.', 'Revoked 2 personal links of Hotline.')
    >>> counted("drill.cli.resumed", "en", 1), counted("drill.cli.resumed", "zh", 1)
    ('Resuming: 1 answer already saved.', '继续演练：已保存 1 个答案。')
    """
    one = f"{key}.one"
    return t(one if n == 1 and one in STRINGS else key, lang, n=n, **kwargs)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return lang
