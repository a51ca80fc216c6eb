"""What the drill engine raises when it is asked for something it cannot do, in the asker's language.

A :class:`SessionError` is a ``ValueError`` whose message is for the user (the apps and the CLI show it
as it is). The one check every part of the engine makes first is that the scenario still has a drill
(an author may have removed it since an attempt was made): :func:`drill_of`.

    >>> from sim.format.library import cached_scenario
    >>> drill_of(cached_scenario("product_defect_surge")).pass_mark
    0.75
"""
from __future__ import annotations

from sim.format.drill_script import Drill
from sim.format.scenario import Scenario
from sim.i18n import t


class SessionError(ValueError):
    """The session cannot do what was asked (the message says why, in the session language)."""


def drill_of(scenario: Scenario, lang: str = "en") -> Drill:
    """The scenario's drill, or a SessionError saying it has none (in ``lang``)."""
    if scenario.drill is None:
        raise SessionError(t("drill.err.no_drill", lang, scenario=scenario.id))
    return scenario.drill


__all__ = ["SessionError", "drill_of"]
