"""What ``sim run`` keeps from each replication for the customers: read where the run's records are.

:func:`sim.simulation.replication.replicate` calls ``keep(records, seed, replication)`` once per
replication, in the process (or on the worker) that has the records, so the customers after the incident
are followed on the very runs whose KPIs were printed, without simulating any of them again. This module
imports nothing heavy at the top: ``sim run`` hands :func:`keep_run` to ``replicate`` before its first
replication starts, and pandas must not delay that start.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from sim.customers.outcomes import CustomerModel
    from sim.format.plan import Plan
    from sim.format.scenario import Scenario
    from sim.simulation.records import RunRecords


class RunView:
    """The parts of a finished run the customer model and the health report read (as a
    :class:`~sim.simulation.replication.SimulationResult` has them, without the event log).

    It holds the run's records, and builds its tables only when they are read: a worker of ``sim run``
    sends a view back without having imported pandas, and only the view of the replication whose health
    report is shown is ever turned into tables (in the command's process)."""

    def __init__(self, records: RunRecords, seed: int, replication: int):
        self.records = records
        self.scenario: Scenario = records.scenario
        self.seed, self.replication = seed, replication
        self.trigger_first_held = dict(records.trigger_first_held)
        self._tables: dict[str, pd.DataFrame] = {}

    @property
    def complaints(self) -> pd.DataFrame:
        if "complaints" not in self._tables:
            from sim.simulation.frames import complaints_frame
            self._tables["complaints"] = complaints_frame(self.records)
        return self._tables["complaints"]

    @property
    def timeseries(self) -> pd.DataFrame:
        if "timeseries" not in self._tables:
            from sim.simulation.frames import timeseries_frame
            self._tables["timeseries"] = timeseries_frame(self.records)
        return self._tables["timeseries"]

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_tables": {}}       # records travel; tables are rebuilt where they are read


def follows_customers(scenario: Scenario) -> bool:
    """Whether ``sim run`` follows the customers: the scenario has an incident and its plan a customer model
    (a quiet week or the M/M/c check has no incident whose aftermath to follow)."""
    plan: Plan = scenario.plan
    return bool(scenario.incidents) and plan.churn.customers is not None and plan.churn.response is not None


def keep_run(records: RunRecords, seed: int, replication: int) -> tuple[CustomerModel, RunView]:
    """The replication's customer model, and its view for the health report."""
    from sim.customers.outcomes import model_of_records  # NumPy only: no pandas in the workers
    model = model_of_records(records, seed, replication)
    model.outcome_values()      # the plan's own mix followed here, where the run is (``sim run`` reads it)
    return model, RunView(records, seed, replication)


__all__ = ["RunView", "follows_customers", "keep_run"]
