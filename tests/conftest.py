import os

import pytest
from support import SCENARIOS

# Matplotlib must never try to open a window in tests.
os.environ.setdefault("MPLBACKEND", "Agg")
# Run inside a JupyterHub terminal, the app tests would find a hub user (sim.ui.identity): they set one
# themselves where they mean to.
for _hub_variable in ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL"):
    os.environ.pop(_hub_variable, None)


@pytest.fixture(scope="session")
def plan():
    from sim import load_plan
    return load_plan(SCENARIOS / "plans" / "default.yaml")


@pytest.fixture(scope="session")
def flagship():
    from sim import load_scenario
    return load_scenario(SCENARIOS / "product_defect_surge.yaml")


@pytest.fixture(scope="session")
def mmc():
    from sim import load_scenario
    return load_scenario(SCENARIOS / "validation" / "mmc.yaml")


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server for the whole run (skips locally, fails under CI, when missing)."""
    from support.drill import postgres_server
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh results database: a SQLite file, and a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'drills.sqlite'}"
    from support.drill import fresh_database
    return fresh_database(request.getfixturevalue("pg_server"))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A cohort of scripted trainees over three scenarios with last year's cohort beside it (one per module)."""
    from support.reports import big_cohort
    return big_cohort(tmp_path_factory)
