"""Scale-out: replications and the staffing search on a Dask cluster give exactly the local results.

Replication i of seed s draws from streams spawned from (s, i) only, so which worker runs it, and in what
order, cannot change a number. A two-worker LocalCluster (separate processes) starts in a few seconds.
"""
import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


def test_a_replication_batch_on_a_local_dask_cluster_equals_the_local_one(client, flagship):
    from sim.simulation.replication import replicate
    from sim.staffing import derive_scenario
    day = derive_scenario(flagship, horizon=1440)
    remote = replicate(day, n=4, executor=client, progress=False)
    local = replicate(day, n=4, executor=None, progress=False)
    pd.testing.assert_frame_equal(remote.runs, local.runs)
    pd.testing.assert_frame_equal(remote.summary, local.summary)
    assert remote.runs["arrived"].nunique() > 1        # four different replications, not one copied


def test_the_search_on_dask_equals_the_local_search(client, mmc):
    from concurrent.futures import ThreadPoolExecutor

    from sim.staffing import derive_scenario, find_staffing
    mmc2 = derive_scenario(mmc, horizon=2 * 1440)
    kwargs = {"targets": {"mean_wait_min": 3.0}, "reps": 2, "verify_reps": 3, "seed": 3, "progress": False}
    remote = find_staffing(mmc2, executor=client, **kwargs)
    with ThreadPoolExecutor(2) as pool:
        local = find_staffing(mmc2, executor=pool, **kwargs)
    assert remote.headcounts == local.headcounts
    pd.testing.assert_frame_equal(remote.trace, local.trace)
    pd.testing.assert_frame_equal(remote.summary, local.summary)
