"""The complaint centre as a SimPy model, and what is computed from its runs.

Read in this order:

* :mod:`~sim.simulation.arrivals` — every first contact and its pre-drawn needs (common random numbers);
* :mod:`~sim.simulation.sampling` — service times and patience from one uniform draw;
* :mod:`~sim.simulation.resources` — agents and the team pool they work from (``TeamPool``);
* :mod:`~sim.simulation.triggers` — the counts behind the plan's activation triggers;
* :mod:`~sim.simulation.complaint` — one complaint's walk through the plan's steps;
* :mod:`~sim.simulation.centre` — the ``Centre``: shifts, customers, the monitor and the observer; the
  horizon, then the drain (every complaint that arrived is followed to a known outcome);
* :mod:`~sim.simulation.records` — what a run leaves behind, as plain data (``Centre.records()``);
* :mod:`~sim.simulation.metrics` — KPIs from those records (never from the live model), and their
  summary over replications against the plan's targets;
* :mod:`~sim.simulation.intervals` — confidence intervals that stay inside a KPI's range;
* :mod:`~sim.simulation.frames` — the same records as tables (log, complaints, time series, events);
* :mod:`~sim.simulation.replication` — one run (``simulate``) and n replications (``replicate``).

The model asks :mod:`sim.rules` every plan question (grading, routing, priority, escalation, triggers,
action effects, satisfaction) and never answers one itself.
"""
