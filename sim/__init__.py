"""Complaint-response drill kit.

One scenario format serves trainers, trainees and planners: a *plan* (the organisation's
customer-complaint emergency plan) and *scenarios* (one crisis story each) are YAML files validated
into typed, immutable objects; the simulator and the drill engine read only those objects.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# The public API is imported on first use: `import sim` stays light for the drill app (no SimPy, pandas or
# SQLAlchemy until they are needed), and needs nothing outside the standard library, so that
# `python3 -m sim` run by a Python without the kit's dependencies reaches sim.__main__, which says so in
# one line. Name -> the module that owns it.
_LAZY = {
    "ScenarioError": "sim.format.errors", "load_plan": "sim.format.load", "load_scenario": "sim.format.load",
    "Plan": "sim.format.plan", "Scenario": "sim.format.scenario",
    "simulate": "sim.simulation.replication", "replicate": "sim.simulation.replication",
    "SimulationResult": "sim.simulation.replication", "ReplicationResult": "sim.simulation.replication",
    "CentreOptions": "sim.simulation.centre", "Centre": "sim.simulation.centre",
    "find_staffing": "sim.staffing", "warm_start": "sim.staffing", "staffing_curve": "sim.staffing",
    "DrillSession": "sim.drill.session", "rescore": "sim.drill.session", "score_attempt": "sim.drill.scorecard",
    "Scorecard": "sim.drill.scorecard", "trainee_view": "sim.drill.view", "CommandDrill": "sim.drill.command",
    "Store": "sim.store.results", "open_store": "sim.store.results",
    "load_cohort": "sim.reports.cohort", "write_aar": "sim.reports.aar",
    "find_scenario": "sim.format.library", "scenario_files": "sim.format.library",
}

if TYPE_CHECKING:      # what the names are, for type checkers and editors (at run time: __getattr__ below)
    from sim.format.errors import ScenarioError
    from sim.format.load import load_plan, load_scenario
    from sim.format.plan import Plan
    from sim.format.scenario import Scenario

__all__ = [
    "Centre",
    "CentreOptions",
    "CommandDrill",
    "DrillSession",
    "Plan",
    "ReplicationResult",
    "Scenario",
    "ScenarioError",
    "Scorecard",
    "SimulationResult",
    "Store",
    "find_scenario",
    "find_staffing",
    "load_cohort",
    "load_plan",
    "load_scenario",
    "open_store",
    "replicate",
    "rescore",
    "scenario_files",
    "score_attempt",
    "simulate",
    "staffing_curve",
    "trainee_view",
    "warm_start",
    "write_aar",
]


def __getattr__(name: str):
    # (The simulator's module is sim.simulation.replication, not sim.replicate, so that sim.replicate stays
    # the function.)
    if name in _LAZY:
        import importlib
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value          # looked up once
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
