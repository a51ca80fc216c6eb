"""Every shipped scenario simulates: two replications each, conservation holds, the activation
triggers the scenario was written to exercise actually fire in the model, and no interval the KPI table
prints for a proportion leaves [0, 1] (one replication: Wilson; two: logit or pooled Wilson)."""
import re
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest
from support import SCENARIOS

from sim import load_scenario
from sim.reports.kpi_table import kpi_rows
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.metrics import compute_kpis, is_proportion, summarise

LIBRARY = sorted(p for p in SCENARIOS.glob("*.yaml"))


def _run(path):
    sc = load_scenario(path)
    kpis = []
    for replication in (0, 1):
        centre = Centre(sc, replication=replication, options=CentreOptions(record_log=False))
        centre.run()
        kpis.append(compute_kpis(centre.records()))
        if replication == 0:
            held = dict(centre.trigger_first_held)
    return path.name, kpis, held, len(sc.incidents)


@pytest.fixture(scope="module")
def replications():
    with ProcessPoolExecutor(max_workers=2) as pool:
        return {name: (kpis, held, n) for name, kpis, held, n in pool.map(_run, LIBRARY)}


@pytest.fixture(scope="module")
def runs(replications):
    """The first replication of each scenario."""
    return {name: (dict(kpis[0]), held, n) for name, (kpis, held, n) in replications.items()}


def test_library_has_the_nine_scenarios():
    names = {p.stem for p in LIBRARY}
    assert {"product_defect_surge", "digital_service_outage", "logistics_failure", "staff_misconduct_viral",
            "customer_data_leak", "mass_billing_error", "key_account_churn", "media_regulator_inquiry",
            "busy_week_baseline"} <= names


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_one_replication_of_each_scenario(runs, path):
    k, held, incidents = runs[path.name]
    assert k["arrived"] > 100
    assert k["arrived"] == k["resolved"] + k["abandoned"] + k["open_at_end"]
    assert 0 <= k["abandon_rate"] <= 1 and 0 < k["satisfaction"] <= 1
    if incidents == 0:
        assert not held, f"a baseline week should not trigger the plan: {held}"


def test_library_exercises_every_automatic_trigger_in_the_model(runs):
    fired = set()
    for _, held, _ in runs.values():
        fired |= set(held)
    assert {"surge", "outage", "public_attention"} <= fired
    assert runs["digital_service_outage.yaml"][1].get("outage") is not None


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_no_proportion_interval_leaves_zero_one(replications, path):
    kpis, _, _ = replications[path.name]
    sc = load_scenario(path)
    shown = 0
    for reps in (kpis[:1], kpis):
        summary = summarise(pd.DataFrame(reps), sc.plan)
        props = summary[summary["kpi"].map(is_proportion) & summary["mean"].notna()]
        assert ((props["ci_low"] >= 0) & (props["ci_high"] <= 1)).all(), props
        assert ((props["ci_low"] <= props["mean"]) & (props["mean"] <= props["ci_high"])).all(), props
        # what the table prints (sim run, sim staff, the planner): every proportion's interval in [0, 1]
        for row in kpi_rows(summary, sc.plan, "en"):
            if is_proportion(row.kpi) and row.ci:
                low, high = map(float, re.findall(r"-?[\d.]+", row.ci.replace(",", "")))
                assert 0 <= low <= high <= 1, (row.kpi, row.ci)
                shown += 1
    assert shown > 10
