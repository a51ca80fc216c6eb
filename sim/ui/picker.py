"""The drill picker's list: what a trainee is shown of each drill in the library before choosing one.

A :class:`DrillChoice` holds only what the picker shows (title, role, difficulty, duration, languages,
summary) and where the scenario is; nothing of its answer key. The library's files are found through
:func:`sim.format.library.scenario_files`, the one way to list the library.

The picker lists what ``python -m sim check`` accepts, each scenario once:

- a file that ``check`` rejects (it, or the plan it names, has a problem) is left out, and logged for the
  trainer; a trainee could not start it anyway;
- files sharing one scenario id (copies of a file) make one entry, the first file by name, as ``check``
  keeps the first and reports the others; the entry's :attr:`DrillChoice.copies` names the others for a
  trainer (:meth:`DrillChoice.copies_note`), a trainee sees one entry;
- no two entries have the same label: the page's radio buttons find a button by its label, so with two
  identical labels a click on the second checked the first (issue 20: with copies, clicking selected
  nothing). Different drills that would read alike are numbered, "(2)".

Validating a file and its plan takes a few hundredths of a second; results are kept per file until it
(or a plan) changes, so that opening the app again does not validate the library again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from sim.format.base import Text
from sim.format.errors import ScenarioError
from sim.format.library import library_stamp, scenario_files, scenario_header
from sim.format.load import load_scenario
from sim.format.vocabulary import DIFFICULTIES
from sim.i18n import LANGUAGES, t

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
    copies: tuple[Path, ...] = ()   # other files with the same scenario id, left out of the list
    number: int = 1                 # 2, 3...: another drill reads alike, so the label says "(2)"

    def label(self, lang: str) -> str:
        text = t("app.picker_item", lang, title=self.title.get(lang),
                 duration=t("app.minutes", lang, minutes=round(self.duration)),
                 difficulty=t(f"app.difficulty.{self.difficulty}", lang))
        return f"{text} ({self.number})" if self.number > 1 else text

    def copies_note(self, lang: str) -> str | None:
        """For a trainer: the files that hold this scenario too (None when there are none)."""
        if not self.copies:
            return None
        return t("app.picker_copies", lang, count=len(self.copies) + 1, id=self.id, path=self.path)


def choice_from_view(view, path: Path | None = None) -> DrillChoice:
    """The picker entry of a loaded scenario, from its trainee view."""
    return DrillChoice(view.id, view.title, view.role, view.difficulty, view.duration, tuple(view.languages),
                       view.summary, path)


def choice_from_file(path: Path) -> DrillChoice | None:
    """The picker entry of a scenario file (None if ``check`` rejects the file or it has no drill)."""
    if not _valid(path):
        return None
    try:
        header = scenario_header(path)
    except ScenarioError:       # changed since it was validated: left out until the next listing
        return None
    drill = header.drill
    if drill is None:
        return None
    return DrillChoice(header.id, header.title, drill.role, drill.difficulty, drill.duration, header.languages(),
                       header.summary, header.path)


_VALID: dict[Path, tuple[tuple, bool]] = {}       # file -> (library stamp, whether check accepts it)


def _valid(path: Path) -> bool:
    """Whether ``check`` accepts ``path`` (the scenario and its plan), kept until a file of its folder changes."""
    key = path.resolve()
    stamp = library_stamp(key.parent)
    hit = _VALID.get(key)
    if hit is None or hit[0] != stamp:
        try:
            load_scenario(path)
            ok = True
        except ScenarioError as exc:    # a broken file in the library is not this trainee's problem: left out
            log.warning("drill picker: %s is left out; check reports:\n%s", path, exc)
            ok = False
        hit = _VALID[key] = (stamp, ok)
    return hit[1]


def library_choices(folder: Path) -> list[DrillChoice]:
    """The drills of a scenario folder that ``check`` accepts, each scenario id once, easiest first."""
    by_id: dict[str, DrillChoice] = {}
    for choice in (choice_from_file(p) for p in scenario_files(folder)):
        if choice is None:
            continue
        first = by_id.get(choice.id)
        if first is None:
            by_id[choice.id] = choice
        else:
            by_id[choice.id] = replace(first, copies=first.copies + (choice.path,))
            log.warning("drill picker: %s has the scenario id %r of %s; it is listed once", choice.path, choice.id,
                        first.path)
    ordered = sorted(by_id.values(), key=lambda c: (DIFFICULTY_ORDER[c.difficulty], c.duration, c.title.get("en")))
    return _numbered(ordered)


def _numbered(choices: list[DrillChoice]) -> list[DrillChoice]:
    """The choices, each one that reads like an earlier one (in any language) numbered 2, 3..."""
    out: list[DrillChoice] = []
    for choice in choices:
        alike = sum(1 for c in out if any(c.label(lang) == choice.label(lang) for lang in LANGUAGES))
        out.append(replace(choice, number=alike + 1) if alike else choice)
    return out


__all__ = ["DIFFICULTY_ORDER", "DrillChoice", "choice_from_file", "choice_from_view", "library_choices"]
