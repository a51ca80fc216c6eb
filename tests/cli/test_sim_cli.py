"""`python -m sim run`: the KPI table against the plan's targets, CSVs and plots; bad input exits 2."""
import pandas as pd
from support import run_cli


def test_run_prints_kpis_and_writes_outputs(tmp_path):
    out = tmp_path / "out"
    result = run_cli("run", "scenarios/product_defect_surge.yaml", "--reps", "2", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "first_response_on_time.major" in text and "satisfaction" in text
    assert ("met" in text) and ("plan targets met" in text)
    for name in ("log.csv", "complaints.csv", "kpis.csv", "timeseries.csv", "activations.csv",
                 "backlog.png", "first_response.png", "utilisation.png"):
        assert (out / name).stat().st_size > 0, name
    kpis = pd.read_csv(out / "kpis.csv")
    assert {"kpi", "mean", "ci_low", "ci_high", "target", "met"} <= set(kpis.columns)
    row = kpis.set_index("kpi").loc["abandon_rate"]
    assert row["direction"] == "<=" and row["ci_low"] <= row["mean"] <= row["ci_high"]
    assert (out / "backlog.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_in_chinese():
    result = run_cli("--lang", "zh", "run", "scenarios/validation/mmc.yaml", "--reps", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "指标" in result.stdout and "预案目标达标" in result.stdout


def test_run_bad_input_exits_2_with_one_line():
    for args, words in ((("run", "tests/data/bad/unknown_key.yaml"), "unknown key 'horizn'"),
                        (("run", "no/such.yaml"), "file not found"),
                        (("run", "scenarios/validation/mmc.yaml", "--reps", "0"), "--reps must be at least 1")):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert words in result.stderr
