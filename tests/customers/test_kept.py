"""`sim run` follows the customers on the replications it printed (replicate's ``keep``), not on a second
simulation: the same figures as simulating them again, every replication once, and only for a scenario with an
incident."""
import concurrent.futures

from sim.customers.kept import follows_customers, keep_run
from sim.customers.report import customer_section
from sim.format.library import scenarios_dir
from sim.format.load import load_scenario
from sim.simulation.centre import Centre
from sim.simulation.replication import replicate


def test_the_kept_models_give_the_figures_of_simulating_again(flagship, monkeypatch):
    started = []
    init = Centre.__init__

    def counting(self, scenario, seed=None, replication=0, options=None):
        started.append(replication)
        init(self, scenario, seed=seed, replication=replication, options=options)
    monkeypatch.setattr(Centre, "__init__", counting)
    monkeypatch.setattr("sim.simulation.replication.default_workers", lambda: 1)
    result = replicate(flagship, n=3, seed=5, progress=False, detail=True, keep=keep_run)
    assert sorted(started) == [0, 1, 2] and [view.replication for _, view in result.kept] == [0, 1, 2]
    kept_text, kept_summary = customer_section(flagship, 3, 5, "en", detail=result.detail, kept=result.kept)
    assert sorted(started) == [0, 1, 2]                                   # nothing simulated again
    again_text, again_summary = customer_section(flagship, 3, 5, "en")
    assert kept_text == again_text and kept_summary.equals(again_summary)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:               # an executor: chunks keep too
        on_pool = replicate(flagship, n=3, seed=5, progress=False, executor=pool, keep=keep_run)
    assert customer_section(flagship, 3, 5, "en", kept=on_pool.kept)[0] == again_text


def test_only_a_scenario_with_an_incident_follows_its_customers(flagship):
    assert follows_customers(flagship)
    assert not follows_customers(load_scenario(scenarios_dir() / "busy_week_baseline.yaml"))
    assert not follows_customers(load_scenario(scenarios_dir() / "validation" / "mmc.yaml"))


def test_sim_run_on_the_flagship_prints_the_customer_kpis_against_their_targets(capsys, monkeypatch, tmp_path):
    from sim.cli import main
    monkeypatch.setattr("sim.simulation.replication.default_workers", lambda: 1)
    flagship = str(scenarios_dir() / "product_defect_surge.yaml")
    assert main(["run", flagship, "--reps", "2", "--quiet", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for line in ("Churn rate (whole base)", "Repurchase rate", "Weeks until satisfaction recovers",
                 "Customer-relations health report", "The warnings would have activated the plan"):
        assert line in out, line
    churn = next(x for x in out.splitlines() if x.startswith("Churn rate (whole base)"))
    assert "≤ 23.7%" in churn and churn.split()[-1] in ("met", "MISSED")
    assert (tmp_path / "customers.csv").stat().st_size > 0
    assert (tmp_path / "customers.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["run", flagship, "--reps", "2", "--quiet", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert "客户流失率（全部客户）" in zh and "复购率" in zh and "Churn" not in zh and "MISSED" not in zh


def test_sim_run_answers_the_planners_question_and_refuses_it_without_an_incident(capsys, monkeypatch):
    from sim.cli import main
    monkeypatch.setattr("sim.simulation.replication.default_workers", lambda: 1)
    flagship = str(scenarios_dir() / "product_defect_surge.yaml")
    assert main(["run", flagship, "--reps", "2", "--quiet", "--cheapest-care", "baseline"]) == 0
    answer = capsys.readouterr().out.strip().splitlines()[-1]
    assert "churn" in answer.lower() and "yuan" in answer, answer
    assert main(["run", str(scenarios_dir() / "busy_week_baseline.yaml"), "--reps", "1", "--quiet",
                 "--cheapest-care", "plan"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [("error: --cheapest-care: this scenario has no incident (or its plan no customer model): there is "
                    "no aftermath to plan care for")]
