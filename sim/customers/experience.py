"""What each complaint was like for the customer, and the damage it did to the relationship.

A customer's complaint may take several contacts: a retry after hanging up, a repeat contact about an
incident. :func:`complaint_chains` folds a run's contacts (the complaints table of
:func:`sim.simulation.frames.complaints_frame`) into one row per complaint, keyed by its first contact:
how late the first response and the resolution were as multiples of the plan's targets, the hours spent
waiting on the line, whether it was abandoned (never got through) or left unresolved, what the customer
said at follow-up, how many contacts it took, whether it was public and major.

:func:`complaint_damage` turns each row into log-odds on the customer's weekly churn hazard with the
plan's response model (:class:`sim.format.care.ResponseModel`); a complaint resolved on time, whose
customer was satisfied, does no damage.

    >>> import pandas as pd
    >>> from sim.format.care import ResponseModel
    >>> chains = pd.DataFrame({"first_late": [0.0, 1.0], "resolution_late": [0.0, 0.0], "wait_hours": [0.0, 0.5],
    ...     "abandoned": [False, False], "unresolved": [False, False], "satisfied": [1.0, 0.0],
    ...     "extra_contacts": [0, 1], "public": [False, False], "major": [False, False]})
    >>> complaint_damage(chains, ResponseModel()).round(2).tolist()   # 0.3 + 0.2 + 1.0 + 0.2
    [0.0, 1.7]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from sim.format.care import ResponseModel
from sim.format.plan import Plan
from sim.format.vocabulary import SEVERITY_IDS

CHAIN_COLUMNS = ["root", "arrival_min", "category", "severity", "first_late", "resolution_late", "wait_hours",
                 "abandoned", "unresolved", "satisfied", "extra_contacts", "public", "major", "survey_min"]


def _roots(parent: np.ndarray) -> np.ndarray:
    """The first contact of each contact's complaint: follow ``parent`` until there is none (chains are
    short: a retry of a retry of a repeat at most a handful deep)."""
    root = np.arange(len(parent))
    up = parent.copy()
    while True:
        has = up >= 0
        if not has.any():
            return root
        root = np.where(has, up, root)
        up = np.where(has, parent[np.clip(up, 0, None)], -1)


def _lateness(elapsed: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Multiples of its target by which something was late (0 on time; 0 when it never happened: the
    abandoned and unresolved factors count those)."""
    late = np.where(np.isnan(elapsed), 0.0, (elapsed - target) / target)
    return np.clip(late, 0.0, None)


def complaint_chains(complaints: pd.DataFrame, plan: Plan, follow_after: float = 0.0) -> pd.DataFrame:
    """One row per complaint (its contacts folded together), in the order the complaints arrived.

    ``follow_after``: minutes between resolution and the follow-up survey (the scenario's), for the
    time the satisfaction was recorded (``survey_min``)."""
    if complaints.empty:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in CHAIN_COLUMNS})
    case_id = complaints["case_id"].to_numpy()
    if not np.array_equal(case_id, np.arange(len(case_id))):
        raise ValueError("the complaints table must hold every contact of one run, in case_id order")
    root = _roots(complaints["parent"].to_numpy(dtype=np.int64))
    arrival = complaints["arrival_min"].to_numpy(dtype=float)
    sync = complaints["sync"].to_numpy(dtype=bool)
    intake = complaints["intake_min"].to_numpy(dtype=float)
    end = complaints["end_min"].to_numpy(dtype=float)
    outcome = complaints["outcome"].astype(str).to_numpy()
    waited_until = np.where(np.isnan(intake), np.where(outcome == "abandoned", end, np.nan), intake)
    wait = np.where(sync, np.nan_to_num(waited_until - arrival, nan=0.0), 0.0)
    satisfied = complaints["satisfied"].astype("float").to_numpy()
    public_channels = [cid for cid, ch in plan.channels.items() if ch.public]
    contacts = pd.DataFrame({
        "root": root, "first": complaints["first_response_min"].to_numpy(dtype=float),
        "resolved": complaints["resolved_min"].to_numpy(dtype=float),
        "wait": wait, "satisfied": satisfied,
        "answered": ~np.isnan(intake) | complaints["deflected"].to_numpy(dtype=bool),
        "public": complaints["channel"].astype(str).isin(public_channels).to_numpy(),
        "open": outcome == "open"})
    g = contacts.groupby("root", sort=True)
    folded = g.agg(first=("first", "min"), resolved=("resolved", "min"), wait=("wait", "sum"),
                   answered=("answered", "any"), public=("public", "any"), open=("open", "any"),
                   contacts=("first", "size"), satisfied=("satisfied", "last"))
    # The last survey of the complaint (a repeat contact's, if it had one): what the customer said last.
    surveyed = contacts.dropna(subset=["satisfied"]).groupby("root")["satisfied"].last()
    folded["satisfied"] = surveyed.reindex(folded.index)
    roots = folded.index.to_numpy()
    sev = complaints["severity"].cat.codes.to_numpy()[roots]
    fr_target = np.array([plan.targets.first_response[s] for s in SEVERITY_IDS])[sev]
    res_target = np.array([plan.targets.resolution[s] for s in SEVERITY_IDS])[sev]
    t0 = arrival[roots]
    resolved = folded["resolved"].to_numpy()
    return pd.DataFrame({
        "root": roots, "arrival_min": t0,
        "category": complaints["category"].to_numpy()[roots],
        "severity": complaints["severity"].to_numpy()[roots],
        "first_late": _lateness(folded["first"].to_numpy() - t0, fr_target),
        "resolution_late": _lateness(resolved - t0, res_target),
        "wait_hours": folded["wait"].to_numpy() / 60.0,
        "abandoned": ~folded["answered"].to_numpy(),
        "unresolved": folded["answered"].to_numpy() & np.isnan(resolved),
        "satisfied": folded["satisfied"].to_numpy(dtype=float),
        "extra_contacts": folded["contacts"].to_numpy() - 1,
        "public": folded["public"].to_numpy(),
        "major": sev == SEVERITY_IDS.index("major"),
        "survey_min": resolved + follow_after,
    }).reset_index(drop=True)


def complaint_damage(chains: pd.DataFrame, response: ResponseModel) -> np.ndarray:
    """Log-odds each complaint adds to its customer's weekly churn hazard (0: resolved on time, satisfied)."""
    cap = response.lateness_cap
    satisfied = chains["satisfied"].to_numpy(dtype=float)
    damage = (response.late_first_response * np.minimum(chains["first_late"].to_numpy(dtype=float), cap)
              + response.late_resolution * np.minimum(chains["resolution_late"].to_numpy(dtype=float), cap)
              + response.wait_per_hour * chains["wait_hours"].to_numpy(dtype=float)
              + response.abandoned * chains["abandoned"].to_numpy(dtype=bool)
              + response.unresolved * chains["unresolved"].to_numpy(dtype=bool)
              + response.dissatisfied * (satisfied == 0)
              - response.satisfied * (satisfied == 1)
              + response.extra_contact * chains["extra_contacts"].to_numpy(dtype=float)
              + response.public_complaint * chains["public"].to_numpy(dtype=bool)
              + response.major * chains["major"].to_numpy(dtype=bool))
    return np.asarray(damage, dtype=float)


def public_exposure(peak_attention: float, threshold: float, response: ResponseModel) -> float:
    """Log-odds the crisis adds for every customer: ``public_exposure`` per multiple of the plan's
    public-attention threshold, 0 below the threshold (the public has not taken notice), capped.

    >>> r = ResponseModel(public_exposure=0.05, exposure_cap=10)
    >>> public_exposure(59.9, 60, r), public_exposure(60, 60, r), public_exposure(6000, 60, r)
    (0.0, 0.05, 0.5)
    """
    if not threshold > 0 or not peak_attention >= threshold:
        return 0.0
    return response.public_exposure * min(peak_attention / threshold, response.exposure_cap)
