"""Shared by the customer tests: hand-built complaint tables and small plan variants."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.format.vocabulary import SEVERITY_IDS
from sim.simulation.records import KINDS, OUTCOMES

NAN = math.nan


def complaints(plan, rows: list[dict]) -> pd.DataFrame:
    """A complaints table as :func:`sim.simulation.frames.complaints_frame` gives it, one dict per contact
    (defaults: a first email contact about billing, minor, answered and resolved at once, not surveyed)."""
    full = []
    for i, row in enumerate(rows):
        r = {"case_id": i, "arrival_min": 0.0, "channel": "email", "category": "billing", "severity": "minor",
             "kind": "first", "parent": -1, "sync": False, "intake_min": NAN, "first_response_min": NAN,
             "resolved_min": NAN, "end_min": NAN, "outcome": "resolved", "satisfied": None, "deflected": False,
             **row}
        for key in ("intake_min", "first_response_min", "resolved_min", "end_min"):
            if key not in row and r["outcome"] == "resolved":
                r[key] = r["arrival_min"]
        full.append(r)
    columns = ["case_id", "arrival_min", "channel", "category", "severity", "kind", "parent", "sync", "intake_min",
               "first_response_min", "resolved_min", "end_min", "outcome", "satisfied", "deflected"]
    df = pd.DataFrame(full, columns=columns)
    df["channel"] = pd.Categorical(df["channel"], categories=list(plan.channels))
    df["category"] = pd.Categorical(df["category"], categories=list(plan.categories))
    df["severity"] = pd.Categorical(df["severity"], categories=list(SEVERITY_IDS))
    df["kind"] = pd.Categorical(df["kind"], categories=list(KINDS))
    df["outcome"] = pd.Categorical(df["outcome"], categories=list(OUTCOMES))
    df["satisfied"] = df["satisfied"].astype("boolean")
    return df


def with_customers(plan, *, segments=None, follow=None, response=None, care=None, early_warning=None):
    """The plan with its customer base, response model, care programme or warnings replaced (given as
    plain data, validated by the format's own models)."""
    from sim.format.care import CareProgramme, CustomerBase, EarlyWarning, ResponseModel
    churn = plan.churn
    base = churn.customers.model_dump(mode="json")
    if segments is not None:
        base["segments"] = segments
    if follow is not None:
        base["follow"] = follow
    update = {"customers": CustomerBase.model_validate(base)}
    if response is not None:
        update["response"] = ResponseModel.model_validate({**churn.response.model_dump(mode="json"), **response})
    out = {"churn": churn.model_copy(update=update)}
    if care is not None:
        out["care"] = CareProgramme.model_validate(care)
    if early_warning is not None:
        out["early_warning"] = EarlyWarning.model_validate(early_warning)
    return plan.model_copy(update=out)


ONE_SEGMENT = {"all": {"name": "All", "customers": 100, "revenue_per_year": 1000, "churn_per_year": 0.2,
                       "repurchase_per_year": 0.5}}


@pytest.fixture(scope="session")
def small_plan(plan):
    """One segment of 100 customers, churn 20 % and repurchase 50 % a year, followed 52 weeks; no care."""
    return with_customers(plan, segments=ONE_SEGMENT, follow="52w").model_copy(update={"care": None})


@pytest.fixture(scope="session")
def library_runs(flagship):
    """Three runs each of the flagship and the quiet baseline week (no event log), shared by the tests."""
    from support import SCENARIOS

    from sim import load_scenario
    from sim.simulation.centre import CentreOptions
    from sim.simulation.replication import simulate
    quiet = load_scenario(SCENARIOS / "busy_week_baseline.yaml")
    opts = CentreOptions(record_log=False)
    return ([simulate(flagship, replication=i, options=opts) for i in range(3)],
            [simulate(quiet, replication=i, options=opts) for i in range(3)])
