"""The complaint centre as a SimPy model, and what is computed from its runs.

Read in this order:

* :mod:`~sim.simulation.arrivals` — every first contact and its pre-drawn needs (common random numbers);
* :mod:`~sim.simulation.sampling` — service times and patience from one uniform draw;
* :mod:`~sim.simulation.resources` — agents and the team pool they work from (``TeamPool``);
* :mod:`~sim.simulation.triggers` — the counts behind the plan's activation triggers;
* :mod:`~sim.simulation.complaint` — one complaint's walk through the plan's steps, and
  :mod:`~sim.simulation.story` — that walk as a plain generator driven inside one SimPy process (two
  events fewer per complaint; consults and reviews alongside it, started when SimPy would have);
* :mod:`~sim.simulation.deadlines` — escalation points and callers' patience, checks that nearly always
  pass unnoticed, kept off SimPy's calendar but for the earliest that may still matter;
* :mod:`~sim.simulation.centre` — the ``Centre``: shifts, customers, the monitor and the observer; the
  horizon, then the drain (every complaint that arrived is followed to a known outcome);
* :mod:`~sim.simulation.activation` — the plan's activation and its actions taking effect;
* :mod:`~sim.simulation.records` — what a run leaves behind, as plain data (``Centre.records()``), and
  :mod:`~sim.simulation.casebook` — complaints and the event log as numpy columns with integer codes,
  grown by doubling, instead of an object per complaint and a tuple per step;
* :mod:`~sim.simulation.collector` — the garbage collector paused while a run and its tables are built
  (it otherwise rescans millions of live objects, and a year's run slows with its length);
* :mod:`~sim.simulation.metrics` — KPIs from those records (never from the live model), and their
  summary over replications against the plan's targets;
* :mod:`~sim.simulation.intervals` — confidence intervals that stay inside a KPI's range;
* :mod:`~sim.simulation.frames` — the same records as tables (log, complaints, time series, events);
* :mod:`~sim.simulation.replication` — one run (``simulate``) and n replications (``replicate``).

The model asks :mod:`sim.rules` every plan question (grading, routing, priority, escalation, triggers,
action effects, satisfaction) and never answers one itself.
"""
