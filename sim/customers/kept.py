"""What ``sim run`` keeps from each replication for the customers: read where the run's records are.

:func:`sim.simulation.replication.replicate` calls ``keep(records, seed, replication)`` once per
replication, in the process (or on the worker) that has the records, so the customers after the incident
are followed on the very runs whose KPIs were printed, without simulating any of them again. This module
imports nothing heavy at the top: ``sim run`` hands :func:`keep_run` to ``replicate`` before its first
replication starts, and pandas must not delay that start.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from sim.customers.outcomes import CustomerModel
    from sim.format.plan import Plan
    from sim.format.scenario import Scenario
    from sim.simulation.records import RunRecords


@dataclass(frozen=True)
class RunView:
    """The parts of a finished run the customer model and the health report read (as a
    :class:`~sim.simulation.replication.SimulationResult` has them, without the event log)."""
    scenario: Scenario
    seed: int
    replication: int
    complaints: pd.DataFrame
    timeseries: pd.DataFrame
    trigger_first_held: dict = field(default_factory=dict)


def follows_customers(scenario: Scenario) -> bool:
    """Whether ``sim run`` follows the customers: the scenario has an incident and its plan a customer model
    (a quiet week or the M/M/c check has no incident whose aftermath to follow)."""
    plan: Plan = scenario.plan
    return bool(scenario.incidents) and plan.churn.customers is not None and plan.churn.response is not None


def keep_run(records: RunRecords, seed: int, replication: int) -> tuple[CustomerModel, RunView]:
    """The replication's customer model, and its view for the health report."""
    from sim.customers.outcomes import model_of_result
    from sim.simulation.frames import complaints_frame, timeseries_frame
    view = RunView(records.scenario, seed, replication, complaints_frame(records), timeseries_frame(records),
                   dict(records.trigger_first_held))
    return model_of_result(view), view


__all__ = ["RunView", "follows_customers", "keep_run"]
