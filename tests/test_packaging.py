"""pyproject.toml and environment.yml list the same runtime dependencies; the README shows the two commands."""
import re
import tomllib

import yaml
from support import ROOT


def _name_and_spec(req: str) -> tuple[str, str]:
    req = req.split("#")[0].strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", req)
    assert m, req
    return re.sub(r"[-_.]+", "-", m.group(1)).lower(), m.group(3).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    py = dict(_name_and_spec(r) for r in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for pip_dep in dep.get("pip", []):
                if not pip_dep.startswith("-e"):
                    name, spec = _name_and_spec(pip_dep)
                    conda[name] = spec
        else:
            name, spec = _name_and_spec(dep.replace("=", "==") if re.match(r"^[\w-]+=[^=]", dep) else dep)
            conda[name] = spec
    conda.pop("python", None)
    conda.pop("pip", None)
    assert conda == py, {"only in pyproject": sorted(set(py) - set(conda)),
                         "only in environment.yml": sorted(set(conda) - set(py)),
                         "different versions": sorted(k for k in set(py) & set(conda) if py[k] != conda[k])}
    assert "-e ." in str(env["dependencies"][-1])
    assert project["requires-python"] == ">=3.11"


def test_required_packages_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name_and_spec(r)[0] for r in project["dependencies"]}
    assert {"simpy", "numpy", "pandas", "matplotlib", "pydantic", "pyyaml", "ipywidgets", "ipykernel",
            "jupyterlab", "voila", "sqlalchemy", "tqdm"} <= runtime
    dev = {_name_and_spec(r)[0] for r in project["optional-dependencies"]["dev"]}
    assert {"pytest", "nbval", "hypothesis", "playwright", "ruff"} <= dev
    assert any(r.startswith("dask[distributed]") for r in project["optional-dependencies"]["scale"])


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[:1500]
    assert "make lab" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_notebook_has_a_kernelspec_and_no_outputs():
    import json
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text())
        assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", nb_path.name
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and not cell.get("execution_count"), nb_path.name


def test_second_make_run_does_not_reinstall():
    """With .venv up to date, `make test` and `make lab` would only run their commands (dry run)."""
    import subprocess
    for target in ("test", "lab"):
        out = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert "pip" not in out and "venv" not in out.replace(".venv/bin", ""), out
    # ... and a newer pyproject.toml would trigger exactly one reinstall
    out = subprocess.run(["make", "-n", "-W", "pyproject.toml", "test"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert "pip --disable-pip-version-check -q install -e '.[dev,scale]'" in out
