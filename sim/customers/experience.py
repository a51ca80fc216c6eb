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

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.customers.groups import Groups
from sim.format.care import ResponseModel
from sim.format.plan import Plan
from sim.format.vocabulary import SEVERITY_IDS

if TYPE_CHECKING:
    import pandas as pd

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


def contacts_of_frame(complaints: pd.DataFrame, plan: Plan) -> dict[str, np.ndarray]:
    """The columns :func:`chain_columns` reads, from a complaints table
    (:func:`sim.simulation.frames.complaints_frame`)."""
    outcome = complaints["outcome"].astype(str).to_numpy()
    public_channels = [cid for cid, ch in plan.channels.items() if ch.public]
    return {"case_id": complaints["case_id"].to_numpy(), "parent": complaints["parent"].to_numpy(dtype=np.int64),
            "arrival_min": complaints["arrival_min"].to_numpy(dtype=float),
            "sync": complaints["sync"].to_numpy(dtype=bool),
            "intake_min": complaints["intake_min"].to_numpy(dtype=float),
            "end_min": complaints["end_min"].to_numpy(dtype=float),
            "abandoned": outcome == "abandoned", "open": outcome == "open",
            "satisfied": complaints["satisfied"].astype("float").to_numpy(),
            "first_response_min": complaints["first_response_min"].to_numpy(dtype=float),
            "resolved_min": complaints["resolved_min"].to_numpy(dtype=float),
            "deflected": complaints["deflected"].to_numpy(dtype=bool),
            "public": complaints["channel"].astype(str).isin(public_channels).to_numpy(),
            "severity": complaints["severity"].cat.codes.to_numpy(),
            "category": complaints["category"].to_numpy(), "severity_name": complaints["severity"].to_numpy()}


def contacts_of_records(records: Any) -> dict[str, np.ndarray]:
    """The same columns from a run's records (:class:`sim.simulation.records.RunRecords`), without building
    its table: what a worker of ``sim run`` reads, without pandas."""
    from sim.simulation.records import ABANDONED, OPEN
    cases = records.cases
    plan = records.scenario.plan
    public = np.array([ch.public for ch in plan.channels.values()], dtype=bool)
    satisfied = cases["satisfied"]              # -1 not surveyed, 0 no, 1 yes
    return {"case_id": cases["case_id"], "parent": cases["parent"].astype(np.int64),
            "arrival_min": cases["arrival_min"].astype(float), "sync": cases["sync"].astype(bool),
            "intake_min": cases["intake_min"].astype(float), "end_min": cases["end_min"].astype(float),
            "abandoned": cases["outcome"] == ABANDONED, "open": cases["outcome"] == OPEN,
            "satisfied": np.where(satisfied < 0, np.nan, (satisfied == 1).astype(float)),
            "first_response_min": cases["first_response_min"].astype(float),
            "resolved_min": cases["resolved_min"].astype(float), "deflected": cases["deflected"].astype(bool),
            "public": public[cases["channel"]] if len(public) else np.zeros(len(cases["channel"]), dtype=bool),
            "severity": cases["severity"],
            "category": np.array(records.categories, dtype=object)[cases["category"]],
            "severity_name": np.array(SEVERITY_IDS, dtype=object)[cases["severity"]]}


def chain_columns(contacts: dict[str, np.ndarray], plan: Plan, follow_after: float = 0.0) -> dict[str, np.ndarray]:
    """:func:`complaint_chains` as a dict of columns, from the columns of :func:`contacts_of_frame` or
    :func:`contacts_of_records` (NumPy only: the contacts of a complaint are folded by :class:`Groups`)."""
    case_id = contacts["case_id"]
    if not len(case_id):
        return {c: np.zeros(0) for c in CHAIN_COLUMNS}
    if not np.array_equal(case_id, np.arange(len(case_id))):
        raise ValueError("the complaints table must hold every contact of one run, in case_id order")
    root = _roots(contacts["parent"])
    arrival = contacts["arrival_min"]
    intake = contacts["intake_min"]
    waited_until = np.where(np.isnan(intake), np.where(contacts["abandoned"], contacts["end_min"], np.nan), intake)
    wait = np.where(contacts["sync"], np.nan_to_num(waited_until - arrival, nan=0.0), 0.0)
    g = Groups(root)
    answered = g.any(~np.isnan(intake) | contacts["deflected"])
    # The last survey of the complaint (a repeat contact's, if it had one): what the customer said last.
    satisfied = g.last_valid(contacts["satisfied"])
    roots = g.keys.astype(np.int64)
    sev = np.asarray(contacts["severity"])[roots]
    fr_target = np.array([plan.targets.first_response[s] for s in SEVERITY_IDS])[sev]
    res_target = np.array([plan.targets.resolution[s] for s in SEVERITY_IDS])[sev]
    t0 = arrival[roots]
    resolved = g.min(contacts["resolved_min"])
    return {
        "root": roots, "arrival_min": t0,
        "category": contacts["category"][roots],
        "severity": contacts["severity_name"][roots],
        "first_late": _lateness(g.min(contacts["first_response_min"]) - t0, fr_target),
        "resolution_late": _lateness(resolved - t0, res_target),
        "wait_hours": g.sum(wait) / 60.0,
        "abandoned": ~answered,
        "unresolved": answered & np.isnan(resolved),
        "satisfied": satisfied,
        "extra_contacts": g.size() - 1,
        "public": g.any(contacts["public"]),
        "major": sev == SEVERITY_IDS.index("major"),
        "survey_min": resolved + follow_after,
    }


def complaint_chains(complaints: pd.DataFrame, plan: Plan, follow_after: float = 0.0) -> pd.DataFrame:
    """One row per complaint (its contacts folded together), in the order the complaints arrived.

    ``follow_after``: minutes between resolution and the follow-up survey (the scenario's), for the
    time the satisfaction was recorded (``survey_min``)."""
    import pandas as pd
    if complaints.empty:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in CHAIN_COLUMNS})
    return pd.DataFrame(chain_columns(contacts_of_frame(complaints, plan), plan, follow_after))


def _rows(chains) -> int:
    """Rows of ``chains`` (a table, or a dict of columns)."""
    return len(chains) if hasattr(chains, "columns") else len(next(iter(chains.values()), ()))


def complaint_damage(chains: pd.DataFrame, response: ResponseModel) -> np.ndarray:
    """Log-odds each complaint adds to its customer's weekly churn hazard (0: resolved on time, satisfied)."""
    cap = response.lateness_cap
    def col(name: str, dtype) -> np.ndarray:
        return np.asarray(chains[name], dtype=dtype)
    satisfied = col("satisfied", float)
    damage = (response.late_first_response * np.minimum(col("first_late", float), cap)
              + response.late_resolution * np.minimum(col("resolution_late", float), cap)
              + response.wait_per_hour * col("wait_hours", float)
              + response.abandoned * col("abandoned", bool)
              + response.unresolved * col("unresolved", bool)
              + response.dissatisfied * (satisfied == 0)
              - response.satisfied * (satisfied == 1)
              + response.extra_contact * col("extra_contacts", float)
              + response.public_complaint * col("public", bool)
              + response.major * col("major", bool))
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
