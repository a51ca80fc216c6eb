"""Complaint-response drill kit.

One scenario format serves trainers, trainees and planners: a *plan* (the organisation's
customer-complaint emergency plan) and *scenarios* (one crisis story each) are YAML files validated
into typed, immutable objects; the simulator and the drill engine read only those objects.
"""
from sim.errors import ScenarioError
from sim.scenario import Plan, Scenario, load_plan, load_scenario

__all__ = ["Plan", "Scenario", "ScenarioError", "load_plan", "load_scenario"]
__version__ = "0.1.0"
