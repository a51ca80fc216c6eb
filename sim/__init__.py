"""Complaint-response drill kit.

One scenario format serves trainers, trainees and planners: a *plan* (the organisation's
customer-complaint emergency plan) and *scenarios* (one crisis story each) are YAML files validated
into typed, immutable objects; the simulator and the drill engine read only those objects.
"""
from sim.format.errors import ScenarioError
from sim.format.load import load_plan, load_scenario
from sim.format.plan import Plan
from sim.format.scenario import Scenario

__all__ = ["Plan", "Scenario", "ScenarioError", "load_plan", "load_scenario"]
__version__ = "0.1.0"


_LAZY = {"simulate": "sim.simulation.replication", "replicate": "sim.simulation.replication", "SimulationResult": "sim.simulation.replication",
         "ReplicationResult": "sim.simulation.replication", "find_staffing": "sim.staffing"}


def __getattr__(name):
    # The simulator is imported on first use, so `import sim` stays light for the drill app.
    # (The module is sim.simulation.replication, not sim.replicate, so that sim.replicate stays the function.)
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
