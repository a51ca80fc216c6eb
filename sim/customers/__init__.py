"""Customers, not only complaints: what happens to the customers behind a run's complaints.

The complaint centre is simulated as ever (:mod:`sim.simulation`); this package reads a finished run's
records and follows its customers for weeks to a year after the incident, in weekly steps, with the
plan's customer base, response model, care and win-back actions and warning indicators
(:mod:`sim.format.care`). One concept per module:

- ``experience``: each complaint folded over its contacts, and the damage it did (the response model);
- ``population``: who complained (customers drawn from the segments), and everyone else;
- ``follow``: week by week churn, buying again and satisfaction, and the care actions delivered;
- ``outcomes``: one run's KPIs against the plan's targets (:func:`follow_customers`);
- ``replications``: KPIs over replications with intervals, and the planner's cheapest mix of actions;
- ``warning``: the early-warning indicators on a run's time series, and when they would activate the plan;
- ``report``: the health report and the KPI lines ``sim run`` prints, in English or Chinese, and the CSV.
"""
