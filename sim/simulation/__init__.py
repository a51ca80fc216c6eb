"""The complaint centre as a SimPy model: arrivals, the centre and its agents, per-complaint records,
KPIs computed from those records, and replications.

It asks :mod:`sim.rules` every plan question (grading, routing, priority, escalation, triggers, action
effects, satisfaction) and never answers one itself.
"""
