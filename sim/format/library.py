"""The scenario library: the one way to find, list and load the kit's scenarios.

The library is the ``scenarios/`` folder beside the package, or ``$DRILL_SCENARIOS``. Its plans live in
``plans/``; queueing models used to validate the simulator live in ``validation/`` and are listed only
when asked for. A scenario is named by a path, its file name (with or without ``.yaml``) or its ``id``.

    >>> from sim.format.library import scenario_files, find_scenario_file
    >>> [p.name for p in scenario_files()][:2]
    ['busy_week_baseline.yaml', 'care_programme_quarter.yaml']
    >>> find_scenario_file("product-defect-surge").name
    'product_defect_surge.yaml'

A list of the library (the drill app's picker, the planner's menu) needs only each scenario's header, which
:func:`scenario_header` reads without validating the whole scenario and its plan (a fraction of the time);
the chosen scenario is loaded in full when it is used.

    >>> header = scenario_header(find_scenario_file("product_defect_surge"))
    >>> header.id, header.title.get("zh"), header.drill.difficulty, header.drill.duration, header.languages()
    ('product-defect-surge', '充电宝过热：批次缺陷', 'intermediate', 25.0, ('en', 'zh'))
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from sim.format.base import Duration, Text
from sim.format.drill_script import Drill, drill_languages
from sim.format.errors import ScenarioError, UsageError
from sim.format.load import load_scenario, validate_document
from sim.format.paths import scenarios_dir
from sim.format.vocabulary import Difficulty
from sim.format.yamlio import read_yaml
from sim.i18n import t


def default_plan_path() -> Path:
    return scenarios_dir() / "plans" / "default.yaml"


def scenario_files(root: str | Path | None = None, *, validation: bool = False) -> list[Path]:
    """Scenario files of the library, sorted by name; with ``validation``, the validation models follow."""
    lib = Path(root) if root is not None else scenarios_dir()
    files = sorted(lib.glob("*.yaml"))
    if validation:
        files += sorted((lib / "validation").glob("*.yaml"))
    return files


def library_stamp(root: str | Path | None = None) -> tuple:
    """Changes whenever a file of the library (or its plans) changes: a key for caches of loaded scenarios."""
    lib = Path(root) if root is not None else scenarios_dir()
    if not lib.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in lib.rglob("*.y*ml")))


def find_scenario_file(name: str | Path, lang: str = "en", root: str | Path | None = None) -> Path:
    """The file for ``name``: an existing path, else a library file by name or id (UsageError if none)."""
    path = Path(name)
    if path.is_file():
        return path
    lib = Path(root) if root is not None else scenarios_dir()
    text = str(name)
    for candidate in (lib / text, lib / f"{text}.yaml", lib / f"{text.replace('-', '_')}.yaml"):
        if candidate.is_file():
            return candidate
    if lib.is_dir():
        for candidate in scenario_files(lib):
            try:
                data = read_yaml(candidate, quick=True).data
            except ScenarioError:   # a broken file elsewhere in the library is not this user's problem
                data = None
            if isinstance(data, dict) and data.get("id") == text:
                return candidate
    raise UsageError(t("drill.cli.no_scenario", lang, name=text, library=lib))


def find_scenario(name: str | Path, lang: str = "en", root: str | Path | None = None):
    """Load a scenario from a path, or by file name or id from the library."""
    return load_scenario(find_scenario_file(name, lang, root))


# --- headers: what a list of the library shows ---------------------------------------------------------

class _Header(BaseModel):
    """A few fields of a file, checked as the full model checks them; every other key is skipped."""
    model_config = ConfigDict(frozen=True, extra="ignore")


class VariantHeader(_Header):
    message: Text | None = None


class InjectHeader(_Header):
    message: Text
    variants: tuple[VariantHeader, ...] = ()

    def messages(self) -> list[Text]:
        """The inject's message and each variant's own: a drill is offered in a language only if all are in it."""
        return [self.message] + [v.message for v in self.variants if v.message is not None]


class DrillHeader(_Header):
    """A drill as a list shows it: the trainee's role, how hard and how long (the model's defaults when
    the file does not say), and the inject messages (variants' too) that decide its languages."""
    role: Text
    difficulty: Difficulty = Drill.model_fields["difficulty"].default
    duration: Duration = Drill.model_fields["duration"].default      # minutes
    injects: tuple[InjectHeader, ...] = ()


class ScenarioHeader(_Header):
    """A scenario as a list of the library shows it, read from its file without the plan; nothing of its
    answer key."""
    id: str
    title: Text
    summary: Text | None = None
    drill: DrillHeader | None = None
    path: Path | None = None

    def languages(self) -> tuple[str, ...]:
        """Languages in which the whole drill text is available (as :meth:`Scenario.languages`)."""
        if self.drill is None:
            return drill_languages(self.title)
        return drill_languages(self.title, self.drill.role, [m for inj in self.drill.injects for m in inj.messages()])


def scenario_header(path: str | Path) -> ScenarioHeader:
    """The header of the scenario file ``path``: id, title, summary and the drill's role, difficulty,
    duration and languages. Cheap: libyaml reads the file and only these fields are validated, not the
    scenario against its plan. ScenarioError if they cannot be read."""
    path = Path(path)
    header = validate_document(ScenarioHeader, read_yaml(path, quick=True))
    return header.model_copy(update={"path": path})


_CACHE: dict[str, tuple[tuple, object]] = {}     # name -> (library stamp, scenario)


def cached_scenario(name: str, lang: str = "en"):
    """Like :func:`find_scenario` for a library name or id, but kept until a library file changes (an
    edited rubric is picked up); for dashboards that load the same scenarios again and again."""
    stamp = library_stamp()
    hit = _CACHE.get(name)
    if hit is None or hit[0] != stamp:
        hit = _CACHE[name] = (stamp, find_scenario(name, lang))
    return hit[1]
