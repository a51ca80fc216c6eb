"""Every shipped scenario simulates: one replication each, conservation holds, and the activation
triggers the scenario was written to exercise actually fire in the model."""
from concurrent.futures import ProcessPoolExecutor

import pytest
from support import SCENARIOS

from sim import load_scenario
from sim.simulation.centre import Centre, CentreOptions
from sim.simulation.metrics import compute_kpis

LIBRARY = sorted(p for p in SCENARIOS.glob("*.yaml"))


def _run(path):
    sc = load_scenario(path)
    centre = Centre(sc, options=CentreOptions(record_log=False))
    centre.run()
    k = compute_kpis(centre.records())
    return path.name, dict(k), dict(centre.trigger_first_held), len(sc.incidents)


@pytest.fixture(scope="module")
def runs():
    with ProcessPoolExecutor(max_workers=2) as pool:
        return {name: (k, held, n) for name, k, held, n in pool.map(_run, LIBRARY)}


def test_library_has_the_nine_scenarios():
    names = {p.stem for p in LIBRARY}
    assert {"product_defect_surge", "digital_service_outage", "logistics_failure", "staff_misconduct_viral",
            "customer_data_leak", "mass_billing_error", "key_account_churn", "media_regulator_inquiry",
            "busy_week_baseline"} <= names


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_one_replication_of_each_scenario(runs, path):
    k, held, incidents = runs[path.name]
    assert k["arrived"] > 100
    assert k["arrived"] == k["resolved"] + k["abandoned"] + k["open"]
    assert 0 <= k["abandon_rate"] <= 1 and 0 < k["satisfaction"] <= 1
    if incidents == 0:
        assert not held, f"a baseline week should not trigger the plan: {held}"


def test_library_exercises_every_automatic_trigger_in_the_model(runs):
    fired = set()
    for _, held, _ in runs.values():
        fired |= set(held)
    assert {"surge", "outage", "public_attention"} <= fired
    assert runs["digital_service_outage.yaml"][1].get("outage") is not None
