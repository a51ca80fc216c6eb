"""`python -m sim run`: the KPI table against the plan's targets, CSVs and plots; bad input exits 2."""
import re

import pandas as pd
import pytest
from support import SCENARIOS, run_cli

from sim.reports.kpi_table import kpi_label


def _name(kpi: str, plan) -> str:
    return kpi_label(kpi, plan, "en")


def test_run_prints_kpis_and_writes_outputs(tmp_path, flagship):
    out = tmp_path / "out"
    result = run_cli("run", "scenarios/product_defect_surge.yaml", "--reps", "2", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    plan = flagship.plan
    # each KPI by its name (its id is in kpis.csv, for tools)
    assert _name("first_response_on_time.major", plan) in text and _name("satisfaction", plan) in text
    assert "first_response_on_time.major" not in text
    assert ("met" in text) and ("plan targets met" in text)
    assert _name("backlog_at_horizon", plan) in text and _name("open_at_end", plan) in text
    for name in ("log.csv", "complaints.csv", "kpis.csv", "timeseries.csv", "activations.csv",
                 "backlog.png", "first_response.png", "utilisation.png"):
        assert (out / name).stat().st_size > 0, name
    kpis = pd.read_csv(out / "kpis.csv")
    assert {"kpi", "mean", "ci_low", "ci_high", "n", "cases", "interval", "target", "met", "status"} <= set(kpis.columns)
    row = kpis.set_index("kpi").loc["abandon_rate"]
    assert row["direction"] == "<=" and 0 <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= 1
    assert row["interval"] == "logit" and row["cases"] > 1000 and row["status"] in ("met", "missed")
    assert (out / "backlog.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cutting_specialists_to_one_per_shift_misses_the_resolution_targets(tmp_path, flagship):
    """Issue 15: with every complaint counted (the drain), a roster that cannot do the work misses.

    One specialist on each shift and no specialist reserve: the plan's reserve call-in would otherwise
    put the team's six reserves on the surge for 12 h, and major cases, queued first, then still mostly
    make 24 h (about 0.98 over 10 replications) while moderate ones fall to about 0.34."""
    text = (SCENARIOS / "product_defect_surge.yaml").read_text(encoding="utf-8")
    block = re.compile(r"(  specialist:\n    shifts:\n.*?staff: )6(\}\n.*?staff: 1\}\n    reserve: )6", re.DOTALL)
    assert block.search(text), "the flagship's specialist block changed: update this test"
    cut = block.sub(r"\g<1>1\g<2>0", text).replace("plan: plans/default.yaml",
                                                    f"plan: {(SCENARIOS / 'plans' / 'default.yaml').as_posix()}")
    path = tmp_path / "one_specialist.yaml"
    path.write_text(cut, encoding="utf-8")
    result = run_cli("run", str(path), "--reps", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    def row(kpi: str, stdout: str) -> str:
        return next(line for line in stdout.splitlines() if line.startswith(_name(kpi, flagship.plan) + " "))
    for kpi in ("resolution_on_time.moderate", "resolution_on_time.major"):
        assert row(kpi, result.stdout).rstrip().endswith("MISSED"), row(kpi, result.stdout)
    full = run_cli("run", "scenarios/product_defect_surge.yaml", "--reps", "2", "--quiet")
    assert row("resolution_on_time.major", full.stdout).rstrip().endswith(" met"), full.stdout


def test_run_in_chinese():
    result = run_cli("--lang", "zh", "run", "scenarios/validation/mmc.yaml", "--reps", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "指标" in result.stdout and "预案目标达标" in result.stdout
    # a Chinese table: no KPI ids, no English verdicts; a target with no data is "无数据", never missed
    assert "first_response" not in result.stdout and "MISSED" not in result.stdout and "no data" not in result.stdout
    assert "无数据" in result.stdout and "未达标" not in result.stdout


def test_run_bad_input_exits_2_with_one_line():
    for args, words in ((("run", "tests/data/bad/unknown_key.yaml"), "unknown key 'horizn'"),
                        (("run", "no/such.yaml"), "file not found"),
                        (("run", "scenarios/validation/mmc.yaml", "--reps", "0"), "--reps must be at least 1")):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert words in result.stderr


def small_mmc(tmp_path):
    """The M/M/c validation scenario over two days (a fraction of a second per replication)."""
    text = (SCENARIOS / "validation" / "mmc.yaml").read_text(encoding="utf-8")
    text = text.replace("horizon: 30d", "horizon: 2d").replace(
        "plan: ../plans/default.yaml", f"plan: {(SCENARIOS / 'plans' / 'default.yaml').as_posix()}")
    path = tmp_path / "mmc_2d.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_run_simulates_each_replication_exactly_once(tmp_path, monkeypatch, capsys):
    """`--reps 3` is replications 0, 1 and 2, once each: the first one's tables (for --out) are not a
    fourth run of replication 0 (the bug: it was simulated twice)."""
    import inspect

    from sim.cli import main
    from sim.simulation import replication
    from sim.simulation.centre import Centre
    monkeypatch.setattr(replication, "default_workers", lambda: 1)      # in this process, where we can count
    started = []
    init = Centre.__init__
    signature = inspect.signature(init)

    def counting_init(self, *args, **kwargs):
        started.append(signature.bind(self, *args, **kwargs).arguments.get("replication", 0))
        init(self, *args, **kwargs)
    monkeypatch.setattr(Centre, "__init__", counting_init)
    assert main(["run", str(small_mmc(tmp_path)), "--reps", "3", "--quiet", "--out", str(tmp_path / "out")]) == 0
    assert sorted(started) == [0, 1, 2]
    assert (tmp_path / "out" / "log.csv").stat().st_size > 0
    started.clear()
    assert main(["run", str(small_mmc(tmp_path)), "--reps", "1", "--quiet"]) == 0
    assert started == [0]
    capsys.readouterr()


def test_the_same_seed_gives_the_same_numbers_on_any_number_of_workers(tmp_path, monkeypatch, capsys):
    """One worker (here), two (the command's own process pool, scenario sent once per worker), an executor
    given (chunks of replications), and replication 0 in full beside them: the same KPIs to the last digit."""
    from concurrent.futures import ThreadPoolExecutor

    from sim.cli import main
    from sim.format.load import load_scenario
    from sim.simulation import replication
    path = small_mmc(tmp_path)
    printed = {}
    for workers in (1, 2):
        monkeypatch.setattr(replication, "default_workers", lambda workers=workers: workers)
        assert main(["run", str(path), "--reps", "4", "--seed", "7", "--quiet"]) == 0
        printed[workers] = capsys.readouterr().out
    assert printed[1] == printed[2]
    scenario = load_scenario(path)
    runs = replication.replicate(scenario, n=3, seed=7, progress=False).runs      # two workers
    monkeypatch.setattr(replication, "default_workers", lambda: 1)
    alone = replication.replicate(scenario, n=3, seed=7, progress=False, detail=True)
    with ThreadPoolExecutor(2) as pool:
        chunked = replication.replicate(scenario, n=3, seed=7, progress=False, executor=pool).runs
    pd.testing.assert_frame_equal(runs, alone.runs)
    pd.testing.assert_frame_equal(runs, chunked)
    assert alone.detail.replication == 0 and alone.detail.kpis.equals(alone.runs.iloc[0].rename("value"))
    assert runs["arrived"].nunique() == 3          # three different replications, not one copied


def test_a_replication_failing_in_a_worker_is_raised_not_lost(tmp_path, monkeypatch):
    """The pool's feeding thread hands a worker's error to the caller: no hang, no table short of a run."""
    import os

    from sim.format.load import load_scenario
    from sim.simulation import replication
    command, real = os.getpid(), replication.run_records

    def fails_in_a_worker(*args, **kwargs):
        if os.getpid() != command:
            raise RuntimeError("replication failed in a worker")
        return real(*args, **kwargs)
    monkeypatch.setattr(replication, "run_records", fails_in_a_worker)      # the forked workers inherit it
    monkeypatch.setattr(replication, "default_workers", lambda: 2)
    with pytest.raises(RuntimeError, match="in a worker"):
        replication.replicate(load_scenario(small_mmc(tmp_path)), n=4, progress=False)


def test_the_progress_bar_speaks_the_chosen_language():
    zh = run_cli("--lang", "zh", "run", "scenarios/validation/mmc.yaml", "--reps", "2")
    assert zh.returncode == 0, zh.stderr
    assert "重复模拟" in zh.stderr and "replications" not in zh.stderr
    en = run_cli("run", "scenarios/validation/mmc.yaml", "--reps", "2")
    assert "replications" in en.stderr
