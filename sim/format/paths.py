"""Where a scenario may read its plan from.

A scenario names its plan by a path relative to itself (``plan: plans/default.yaml``). That path is
text anyone can write, so it is resolved safely: the plan must be a regular file (not ``/dev/zero``, a
folder or a named pipe) inside one of the *plan folders*:

- the scenario's own folder and everything below it;
- the kit's plans: the library's ``plans/`` folder (``$DRILL_SCENARIOS/plans`` when that is set) and the
  ``scenarios/plans/`` folder shipped with the kit;
- any folder listed in the environment variable ``DRILL_PLAN_DIRS`` (separated like ``PATH``: ``:`` on
  Linux and macOS, ``;`` on Windows), or given to :func:`sim.format.load.load_scenario` as ``plan_dirs``.

Paths are compared after symbolic links are resolved, so a link cannot lead a plan out of these folders.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp()).resolve()
    >>> inside(root / "plans" / "p.yaml", [root]), inside(root.parent / "p.yaml", [root])
    (True, False)
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PLAN_DIRS_ENV = "DRILL_PLAN_DIRS"


def scenarios_dir() -> Path:
    """The scenario library: $DRILL_SCENARIOS, else the `scenarios/` folder next to the package."""
    env = os.environ.get("DRILL_SCENARIOS")
    if env:
        return Path(env)
    return bundled_scenarios_dir()


def bundled_scenarios_dir() -> Path:
    """The `scenarios/` folder shipped with the kit, whatever $DRILL_SCENARIOS says."""
    return Path(__file__).resolve().parents[2] / "scenarios"


def plan_dirs(scenario: Path, extra: Iterable[str | Path] = ()) -> list[Path]:
    """The folders the plan of the scenario file ``scenario`` may be read from, resolved."""
    folders = [scenario.parent, scenarios_dir() / "plans", bundled_scenarios_dir() / "plans", *map(Path, extra)]
    folders += [Path(p) for p in os.environ.get(PLAN_DIRS_ENV, "").split(os.pathsep) if p.strip()]
    out: list[Path] = []
    for folder in folders:
        resolved = folder.resolve()
        if resolved not in out:
            out.append(resolved)
    return out


def inside(path: Path, folders: Iterable[Path]) -> bool:
    """Whether the resolved ``path`` lies in one of the resolved ``folders`` (or below)."""
    return any(path == folder or path.is_relative_to(folder) for folder in folders)
