"""The drill picker's list: what a trainee is shown of each drill in the library before choosing one.

A :class:`DrillChoice` holds only what the picker shows (title, role, difficulty, duration, languages,
summary) and where the scenario is; nothing of its answer key. The library's files are found through
:func:`sim.format.library.scenario_files`, the one way to list the library, and read cheaply: the chosen
scenario is loaded and validated in full when its drill starts.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.format.base import Text, _duration
from sim.format.library import scenario_files
from sim.format.vocabulary import DIFFICULTIES
from sim.i18n import LANGUAGES, t

log = logging.getLogger(__name__)

DIFFICULTY_ORDER = {d: i for i, d in enumerate(DIFFICULTIES)}     # easiest first
# The C loader when PyYAML has it: listing the library is the app's first wait.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """The picker entry of a scenario file, read without validating the whole scenario and its plan (None
    if the file has no drill or cannot be read).

    Validating every scenario of the library (and its plan) takes about 0.3 s each; the picker needs only
    the title, role, difficulty and duration. The chosen scenario is loaded and validated in full when
    the drill starts, and a broken file is reported then.
    """
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LOADER)
        drill = data.get("drill") if isinstance(data, dict) else None
        if not isinstance(drill, dict):
            return None
        title = Text.model_validate(data["title"])
        role = Text.model_validate(drill["role"])
        summary = Text.model_validate(data["summary"]) if data.get("summary") else None
        difficulty = drill.get("difficulty", "intermediate")
        if difficulty not in DIFFICULTY_ORDER:
            return None
        duration = _duration(drill.get("duration", "30min"))
        texts = [title, role] + [Text.model_validate(inj["message"]) for inj in drill.get("injects") or ()]
        languages = tuple(lang for lang in LANGUAGES if all(x.has(lang) for x in texts))
        return DrillChoice(str(data["id"]), title, role, difficulty, duration, languages, summary, path)
    except Exception:   # a broken file in the library is not this trainee's problem; it is left out
        log.warning("drill app: cannot read %s for the picker", path, exc_info=True)
        return None


def library_choices(folder: Path) -> list[DrillChoice]:
    """The drills of a scenario folder, easiest first."""
    found = [c for c in (choice_from_file(p) for p in scenario_files(folder)) if c is not None]
    return sorted(found, key=lambda c: (DIFFICULTY_ORDER[c.difficulty], c.duration, c.title.get("en")))


__all__ = ["DIFFICULTY_ORDER", "DrillChoice", "choice_from_file", "choice_from_view", "library_choices"]
