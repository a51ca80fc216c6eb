"""Where the kit's scenario library lives (overridable with DRILL_SCENARIOS)."""
from __future__ import annotations

import os
from pathlib import Path


def scenarios_dir() -> Path:
    """The scenario library: $DRILL_SCENARIOS, else the `scenarios/` folder next to the package."""
    env = os.environ.get("DRILL_SCENARIOS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "scenarios"


def default_plan_path() -> Path:
    return scenarios_dir() / "plans" / "default.yaml"
