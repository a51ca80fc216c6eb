"""Synthetic history: the kit's own simulator, run from known parameters, written as a canonical table.

No real customer data ships with the kit, so calibration is proved on history whose truth is known: a
scenario is simulated, and its per-contact records (:func:`sim.simulation.frames.complaints_frame`) are
turned into the canonical history table (:mod:`sim.history.table`) the way a ticketing system or a
telephony platform would have logged the same contacts:

* ``created`` is the arrival (the call offered, the ticket opened);
* ``first_response`` is the simulator's first response: when a person answered a call or chat, when the
  acknowledgement went out (end of intake) on an asynchronous channel;
* ``resolved`` is the resolution, ``abandoned`` the moment a caller hung up before an answer;
* ``severity`` is the complaint's *true* grade (as if the ticket's priority were corrected at closing),
  ``team`` the team the plan routed the assigned grade to (:func:`sim.rules.route`);
* ``satisfied`` is the follow-up survey's answer (missing when no survey was made);
* ``customer`` is a pseudonym shared by a contact and its retries or repeat contacts (same customer).

Simulation minutes are read as local clock time in ``tz`` (the scenario's ``start`` is a local time) and
stored in UTC, as the import does. The exports module writes such a table as a messy CSV or Excel file.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from sim import rules
from sim.format.scenario import Scenario
from sim.format.vocabulary import SEVERITY_IDS
from sim.history.table import COLUMNS, check_table
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.frames import complaints_frame


def history_of(complaints: pd.DataFrame, scenario: Scenario, tz: str = "UTC") -> pd.DataFrame:
    """The canonical history table of one run's complaints frame (see the module docstring)."""
    plan = scenario.plan
    start = pd.Timestamp(scenario.start).tz_localize(tz)

    def when(minutes: pd.Series) -> pd.Series:
        stamps = start + pd.to_timedelta(minutes.to_numpy(dtype=float), unit="min")
        return pd.Series(stamps, index=complaints.index).dt.tz_convert("UTC").astype(COLUMNS["created"])

    outcome = complaints["outcome"].astype(str)
    abandoned = outcome == "abandoned"
    first = complaints["first_response_min"].where(~abandoned)
    resolved = complaints["resolved_min"].where(outcome == "resolved")
    gone = complaints["end_min"].where(abandoned)
    grade = complaints["grade"].astype(str)
    categories = complaints["category"].astype(str)
    handler = {(g, c): rules.route(plan, SEVERITY_IDS.index(g), c).handled_by
               for g in SEVERITY_IDS for c in plan.categories}
    team = [handler.get((g, c)) if g in SEVERITY_IDS else None for g, c in zip(grade, categories)]
    team = pd.Series(team, index=complaints.index, dtype="string")
    team[complaints["deflected"].to_numpy()] = pd.NA          # self-service: no team touched it
    table = pd.DataFrame({
        "contact_id": ("T" + complaints["case_id"].astype(str).str.zfill(7)).astype("string"),
        "customer": pd.Series(_customers(complaints), index=complaints.index, dtype="string"),
        "channel": complaints["channel"].astype(str).astype("string"),
        "category": categories.astype("string"),
        "severity": complaints["severity"].astype(str).astype("string"),
        "team": team,
        "created": when(complaints["arrival_min"]),
        "first_response": when(first),
        "resolved": when(resolved),
        "abandoned": when(gone),
        "satisfied": complaints["satisfied"].astype("boolean"),
        "source_row": pd.Series(np.arange(2, len(complaints) + 2), index=complaints.index, dtype="int64"),
    }).reset_index(drop=True)
    end = start + pd.Timedelta(minutes=scenario.horizon)
    table.attrs["period"] = (start.tz_convert("UTC"), end.tz_convert("UTC"))
    table.attrs["source"] = f"synthetic:{scenario.id}"
    check_table(table)
    return table


def _customers(complaints: pd.DataFrame) -> list[str]:
    """A pseudonym per contact, shared with the first contact it retries or repeats (parent ids are earlier)."""
    ids = complaints["case_id"].to_numpy()
    parent = complaints["parent"].to_numpy()
    root = {}
    out = []
    for case, par in zip(ids.tolist(), parent.tolist()):
        origin = root.get(par, par) if par >= 0 else case
        root[case] = origin
        out.append("c" + hashlib.sha256(f"synthetic-customer-{origin}".encode()).hexdigest()[:16])
    return out


def synthetic_history(scenario: Scenario, seed: int | None = None, replication: int = 0,
                      tz: str = "UTC") -> pd.DataFrame:
    """Simulate ``scenario`` once (no event log: only the contacts are needed) and return its contacts as a
    canonical history table."""
    centre = Centre(scenario, seed=seed, replication=replication, options=CentreOptions(record_log=False))
    centre.run()
    return history_of(complaints_frame(centre.records()), scenario, tz)



def recovery_data(weeks: int = 8, per_hour: dict[str, float] | None = None) -> dict:
    """A scenario of known parameters for parameter-recovery checks, as plain data (durations with units).

    The library's baseline week stretched to ``weeks`` weeks, with more asynchronous contacts and moderate
    cases than usual and specialists on every hour, so that the history identifies what calibration fits
    (see :mod:`sim.history.fit_service`): ~38 contacts an hour, ~51 000 over 8 weeks. No retries by default
    (a retry is a second row for one customer: :func:`sim.history.fit_demand.find_retries` finds them)."""
    from sim.format.library import find_scenario_file
    from sim.format.yamlio import read_yaml
    data = dict(read_yaml(find_scenario_file("busy_week_baseline")).data)
    data.pop("drill", None)
    data.pop("grading", None)        # perfect grading: the ticket's priority is the grade the plan routed by
    data.update({
        "id": "recovery-truth", "horizon": f"{weeks * 7}d", "seed": 20260302, "start": "2026-03-02T00:00",
        "arrivals": {
            "per_hour": per_hour or {"hotline": 14, "chat": 8, "email": 8, "online_form": 6, "social_media": 2},
            "profile": "weekday_office",
            "categories": {"product_quality": 0.25, "logistics": 0.25, "billing": 0.12, "service_attitude": 0.14,
                           "service_outage": 0.04, "other": 0.20},
            "severity": {"default": {"minor": 0.6, "moderate": 0.36, "major": 0.04},
                         "product_quality": {"minor": 0.55, "moderate": 0.38, "major": 0.07}}},
        "staffing": {
            "frontline": {"shifts": [{"from": "07:00", "to": "15:00", "staff": 15},
                                     {"from": "15:00", "to": "23:00", "staff": 12},
                                     {"from": "23:00", "to": "07:00", "staff": 3}], "reserve": 4, "cost_per_hour": 42},
            "specialist": {"shifts": [{"from": "00:00", "to": "24:00", "staff": 40}], "cost_per_hour": 68},
            **{team: spec for team, spec in data["staffing"].items() if team not in ("frontline", "specialist")}},
        "service_times": {**data["service_times"],
                          "specialist": {"resolve": {"lognormal": {"mean": "45min", "cv": 0.8}},
                                         "by_category": {"logistics": {"resolve": {"lognormal": {"mean": "30min",
                                                                                                 "cv": 0.8}}}}}},
        "patience": {"hotline": {"exponential": {"mean": "5min"}}, "chat": {"exponential": {"mean": "12min"}}},
        "abandonment": {"retry_share": 0.0, "go_public_share": 0.03},
        "follow_up": {"share": 0.6, "after": "1d",
                      "satisfaction": {"on_time": 0.93, "late_penalty": 0.25, "floor": 0.2}},
    })
    return data
