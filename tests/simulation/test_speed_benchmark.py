"""A smoke test of ``benchmarks/throughput.py``, run tiny: its baselines and workloads run and count what
they should. Speed itself is measured by the benchmark (as ratios in one run), never asserted here."""
import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "throughput.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("throughput_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_baselines_and_the_kit_see_the_same_mmc(bench):
    hours = 10
    expected = bench.LAM * hours * 60                       # 100 an hour
    assert abs(bench.bare_simpy(hours * 60.0) - expected) < 5 * expected ** 0.5
    assert abs(bench.ciw_mmc(hours * 60.0) - expected) < 5 * expected ** 0.5
    scenario = bench.mmc_scenario(hours)
    assert scenario.staffing["frontline"].shifts[0].staff == bench.C
    assert abs(bench.kit(scenario) - expected) < 5 * expected ** 0.5


def test_a_fresh_process_workload_reports_time_and_memory(bench):
    out = bench.child("busy", 1, 1)
    assert 300 < out["complaints"] < 700                    # a weekday of the busy week: ~470
    assert out["us"] > 0 and out["peak_mb"] >= out["baseline_mb"] > 0
    year = bench.year_scenario(bench.sim.load_scenario(bench.ROOT / "scenarios" / "product_defect_surge.yaml"),
                               target=20_000)
    assert year.horizon == 365 * 1440 and len(year.incidents) == 12
