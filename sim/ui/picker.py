"""The drill picker's list: what a trainee is shown of each drill in the library before choosing one.

A :class:`DrillChoice` holds only what the picker shows (title, role, difficulty, duration, languages,
summary) and where the scenario is; nothing of its answer key. The library's files are found through
:func:`sim.format.library.scenario_files`, the one way to list the library, and read cheaply by
:func:`sim.format.library.scenario_header`: the chosen scenario is loaded and validated in full when its
drill starts.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sim.format.base import Text
from sim.format.errors import ScenarioError
from sim.format.library import scenario_files, scenario_header
from sim.format.vocabulary import DIFFICULTIES
from sim.i18n import t

log = logging.getLogger(__name__)

DIFFICULTY_ORDER = {d: i for i, d in enumerate(DIFFICULTIES)}     # easiest first


@dataclass(frozen=True)
class DrillChoice:
    """What the picker shows of one scenario (nothing of its key)."""
    id: str
    title: Text
    role: Text
    difficulty: str
    duration: float                 # minutes
    languages: tuple[str, ...]
    summary: Text | None = None
    path: Path | None = None

    def label(self, lang: str) -> str:
        return t("app.picker_item", lang, title=self.title.get(lang),
                 duration=t("app.minutes", lang, minutes=round(self.duration)),
                 difficulty=t(f"app.difficulty.{self.difficulty}", lang))


def choice_from_view(view, path: Path | None = None) -> DrillChoice:
    """The picker entry of a loaded scenario, from its trainee view."""
    return DrillChoice(view.id, view.title, view.role, view.difficulty, view.duration, tuple(view.languages),
                       view.summary, path)


def choice_from_file(path: Path) -> DrillChoice | None:
    """The picker entry of a scenario file, from its header (None if the file has no drill or cannot be
    read).

    Validating every scenario of the library (and its plan) takes about 0.3 s each; the picker needs only
    the title, role, difficulty and duration. The chosen scenario is loaded and validated in full when
    the drill starts, and a broken file is reported then.
    """
    try:
        header = scenario_header(path)
    except ScenarioError:   # a broken file in the library is not this trainee's problem; it is left out
        log.warning("drill app: cannot read %s for the picker", path, exc_info=True)
        return None
    drill = header.drill
    if drill is None:
        return None
    return DrillChoice(header.id, header.title, drill.role, drill.difficulty, drill.duration, header.languages(),
                       header.summary, header.path)


def library_choices(folder: Path) -> list[DrillChoice]:
    """The drills of a scenario folder, easiest first."""
    found = [c for c in (choice_from_file(p) for p in scenario_files(folder)) if c is not None]
    return sorted(found, key=lambda c: (DIFFICULTY_ORDER[c.difficulty], c.duration, c.title.get("en")))


__all__ = ["DIFFICULTY_ORDER", "DrillChoice", "choice_from_file", "choice_from_view", "library_choices"]
