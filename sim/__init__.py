"""Complaint-response drill kit.

One scenario format serves trainers, trainees and planners: a *plan* (the organisation's
customer-complaint emergency plan) and *scenarios* (one crisis story each) are YAML files validated
into typed, immutable objects; the simulator and the drill engine read only those objects.
"""
from sim.format.errors import ScenarioError
from sim.format.load import load_plan, load_scenario
from sim.format.plan import Plan
from sim.format.scenario import Scenario

__version__ = "0.1.0"

# The rest of the public API is imported on first use, so that `import sim` stays light for the drill app
# (no SimPy, pandas or SQLAlchemy until they are needed). Name -> the module that owns it.
_LAZY = {
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


def __getattr__(name):
    # (The simulator's module is sim.simulation.replication, not sim.replicate, so that sim.replicate stays
    # the function.)
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
