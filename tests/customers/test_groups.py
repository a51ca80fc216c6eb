"""The NumPy group-bys of the customer model give exactly what pandas' groupby gives, and a customer model
sent to another process (pickled without its matrices) follows any mix to the same bits."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from sim.customers.groups import Groups


@pytest.mark.parametrize("seed", range(5))
def test_sums_minima_any_and_last_match_pandas_to_the_bit(seed):
    rng = np.random.default_rng(seed)
    n = 400
    a, b = rng.integers(0, 7, n), rng.integers(0, 5, n)
    values = rng.random(n) * 10.0 ** rng.integers(-8, 8, n)      # magnitudes apart: a plain sum would differ
    holes = np.where(rng.random(n) < 0.3, np.nan, values)
    frame = pd.DataFrame({"a": a, "b": b, "v": values, "h": holes, "flag": rng.random(n) < 0.1})
    want = frame.groupby(["a", "b"], sort=True).agg(v=("v", "sum"), h=("h", "min"), flag=("flag", "any"),
                                                    last=("h", "last"), size=("v", "size")).reset_index()
    g = Groups((a, b))
    assert g.keys_of[0].tolist() == want["a"].tolist() and g.keys_of[1].tolist() == want["b"].tolist()
    assert np.array_equal(g.sum(values), want["v"].to_numpy())
    assert np.array_equal(g.min(holes), want["h"].to_numpy(), equal_nan=True)
    assert g.any(frame["flag"].to_numpy()).tolist() == want["flag"].tolist()
    assert np.array_equal(g.last_valid(holes), want["last"].to_numpy(), equal_nan=True)
    assert g.size().tolist() == want["size"].tolist()


def test_no_rows():
    g = Groups((np.zeros(0, np.int64), np.zeros(0, np.int64)))
    assert len(g) == 0 and g.sum(np.zeros(0)).tolist() == [] and g.min(np.zeros(0)).tolist() == []


def test_a_model_sent_to_another_process_follows_every_mix_the_same():
    from sim import load_scenario
    from sim.customers.kept import keep_run
    from sim.customers.outcomes import model_of_result
    from sim.simulation.centre import CentreOptions
    from sim.simulation.replication import run_records, simulate
    flagship = load_scenario("scenarios/product_defect_surge.yaml")
    records = run_records(flagship, flagship.seed, 1)
    model, view = keep_run(records, flagship.seed, 1)
    travelled, view2 = pickle.loads(pickle.dumps((model, view)))
    assert travelled._heavy is None                 # the matrices did not travel
    # the same model as one built from the run's tables
    table = model_of_result(simulate(flagship, seed=flagship.seed, replication=1,
                                     options=CentreOptions(record_log=False)))
    for mix in [None, (), model.action_ids[:1], model.action_ids]:
        pd.testing.assert_series_equal(travelled.kpis(mix), table.kpis(mix), check_exact=True)
        pd.testing.assert_frame_equal(travelled.outcome(mix).weekly, table.outcome(mix).weekly, check_exact=True)
    pd.testing.assert_frame_equal(view2.complaints, view.complaints)
