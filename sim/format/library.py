"""The scenario library: the one way to find, list and load the kit's scenarios.

The library is the ``scenarios/`` folder beside the package, or ``$DRILL_SCENARIOS``. Its plans live in
``plans/``; queueing models used to validate the simulator live in ``validation/`` and are listed only
when asked for. A scenario is named by a path, its file name (with or without ``.yaml``) or its ``id``.

    >>> from sim.format.library import scenario_files, find_scenario_file
    >>> [p.name for p in scenario_files()][:2]
    ['busy_week_baseline.yaml', 'customer_data_leak.yaml']
    >>> find_scenario_file("product-defect-surge").name
    'product_defect_surge.yaml'
"""
from __future__ import annotations

import os
from pathlib import Path

from sim.format.errors import ScenarioError, UsageError
from sim.format.load import load_scenario
from sim.format.yamlio import read_yaml
from sim.i18n import t


def scenarios_dir() -> Path:
    """The scenario library: $DRILL_SCENARIOS, else the `scenarios/` folder next to the package."""
    env = os.environ.get("DRILL_SCENARIOS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "scenarios"


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
                data = read_yaml(candidate).data
            except ScenarioError:   # a broken file elsewhere in the library is not this user's problem
                data = None
            if isinstance(data, dict) and data.get("id") == text:
                return candidate
    raise UsageError(t("drill.cli.no_scenario", lang, name=text, library=lib))


def find_scenario(name: str | Path, lang: str = "en", root: str | Path | None = None):
    """Load a scenario from a path, or by file name or id from the library."""
    return load_scenario(find_scenario_file(name, lang, root))


_CACHE: dict[str, tuple[tuple, object]] = {}     # name -> (library stamp, scenario)


def cached_scenario(name: str, lang: str = "en"):
    """Like :func:`find_scenario` for a library name or id, but kept until a library file changes (an
    edited rubric is picked up); for dashboards that load the same scenarios again and again."""
    stamp = library_stamp()
    hit = _CACHE.get(name)
    if hit is None or hit[0] != stamp:
        hit = _CACHE[name] = (stamp, find_scenario(name, lang))
    return hit[1]
