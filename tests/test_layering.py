"""The package's arrows run one way (docs/ARCHITECTURE.md):

    i18n  ←  format  ←  rules  ←  simulation  ←  staffing
                 ↖  drill  ←  store  ←  reports  ←  ui, cli (the top: nothing imports them)
    simulation, staffing  ←  customers  ←  history  (read by reports, ui and cli)

Every import of a ``sim`` module is read from the source (at any depth, including imports inside
functions, which are still dependencies) except those under ``if TYPE_CHECKING:``. A lower layer that
imports a higher one fails here, and so does any import cycle between modules.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import ROOT

SIM = ROOT / "sim"

# layer -> the layers it may import (besides itself). "sim" is the package root (public API facade).
ALLOWED = {
    "i18n": set(),
    "format": {"i18n", "rules"},     # rules: scenario validation asks the routing rule which teams are needed
    "rules": {"format", "i18n"},
    "simulation": {"format", "rules", "i18n"},
    "staffing": {"format", "rules", "simulation", "i18n"},
    "drill": {"format", "rules", "simulation", "staffing", "i18n"},
    # customers: what happens to the customers behind the complaints (churn, win-back, care, early warning),
    # read from a finished run's records; history: complaint exports in, calibrated scenarios out.
    "customers": {"format", "rules", "simulation", "staffing", "i18n"},
    "history": {"format", "rules", "simulation", "staffing", "customers", "i18n"},
    "store": {"format", "drill", "i18n"},
    "reports": {"format", "rules", "simulation", "staffing", "drill", "store", "customers", "history", "i18n"},
    "ui": {"format", "rules", "simulation", "staffing", "drill", "store", "reports", "customers", "history", "i18n",
           "sim"},
    "cli": {"format", "rules", "simulation", "staffing", "drill", "store", "reports", "customers", "history", "i18n",
            "sim"},
    "sim": {"format", "simulation", "staffing", "drill", "store", "reports", "i18n"},   # the public API facade
    "__main__": {"cli", "i18n"},     # i18n: the one-line message when the kit's dependencies are missing
}
# Named in the issue, checked by name so that a change to ALLOWED cannot quietly permit them.
FORBIDDEN = {
    "format": {"simulation", "drill", "store", "reports", "ui", "cli"},
    "simulation": {"drill", "store", "ui", "cli", "reports", "customers", "history"},
    "store": {"reports", "ui", "cli"},
}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "sim"
    return parts[1]


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path, modules: set[str], root: Path = ROOT) -> set[str]:
    """The sim modules ``path`` imports (resolving ``from pkg import submodule`` to the submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    me = module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            names = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in modules else origin for a in node.names]
        else:
            continue
        found.update(n for n in names if n == "sim" or n.startswith("sim."))
    found.discard(me)
    return {n if n in modules else n.rpartition(".")[0] if n.rpartition(".")[0] in modules else n for n in found}


def graph() -> dict[str, set[str]]:
    files = sorted(SIM.rglob("*.py"))
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) for p in files}


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Each import that runs against the layering, as 'importer (layer) imports imported'."""
    out = []
    for module, deps in sorted(graph.items()):
        mine = layer(module)
        for dep in sorted(deps):
            theirs = layer(dep)
            if theirs != mine and (theirs not in ALLOWED[mine] or theirs in FORBIDDEN.get(mine, ())):
                out.append(f"{module} ({mine}) imports {dep}")
            elif theirs == "cli" and mine not in ("cli", "__main__"):
                out.append(f"{module} ({mine}) imports the cli: {dep}")
    return out


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles between the modules of ``graph`` (each as a closed path), by depth-first search."""
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for dep in sorted(graph.get(m, ())):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return cycles


GRAPH = graph()


def test_the_layers_exist():
    layers = {layer(m) for m in GRAPH}
    assert {"format", "rules", "simulation", "staffing", "drill", "store", "reports", "ui", "cli", "i18n"} <= layers
    assert len(GRAPH) > 40


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_lower_layer_imports_a_higher_one(module):
    bad = violations({module: GRAPH[module]})
    assert not bad, "; ".join(bad)


def test_no_import_cycles():
    cycles = find_cycles(GRAPH)
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_the_rules_catch_reversed_arrows_cli_imports_and_cycles():
    """The checks above must be able to fail: on a small made-up graph they report each kind of fault."""
    fake = {
        "sim.format.plan": {"sim.i18n", "sim.drill.view"},        # format reaching up to the drill layer
        "sim.simulation.centre": {"sim.rules", "sim.store.results"},   # simulation reaching for the store
        "sim.store.results": {"sim.reports.html"},                 # store reaching for the reports
        "sim.reports.aar": {"sim.cli.report"},                     # anything but cli importing cli
        "sim.rules": {"sim.format.vocabulary"},                    # allowed
        "sim.drill.a": {"sim.drill.b"}, "sim.drill.b": {"sim.drill.a"},   # a cycle
    }
    found = violations(fake)
    assert found == ["sim.format.plan (format) imports sim.drill.view",
                     "sim.reports.aar (reports) imports sim.cli.report",
                     "sim.simulation.centre (simulation) imports sim.store.results",
                     "sim.store.results (store) imports sim.reports.html"]
    assert find_cycles(fake) == [["sim.drill.a", "sim.drill.b", "sim.drill.a"]]
    assert violations({"sim.staffing.search": {"sim.simulation.centre", "sim.rules"}}) == []


def test_imports_are_read_inside_functions_but_not_under_type_checking(tmp_path):
    pkg = tmp_path / "sim" / "format"
    pkg.mkdir(parents=True)
    bad = pkg / "bad.py"
    bad.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.ui.theme import badge\n"
                   "def f():\n    from sim.drill.view import trainee_view\n    return trainee_view\n")
    deps = imports_of(bad, {"sim.format.bad", "sim.drill.view", "sim.ui.theme"}, root=tmp_path)
    assert deps == {"sim.drill.view"}


def test_the_public_api_is_importable_from_sim():
    import subprocess
    import sys
    code = ("import sys, sim\n"
            "light = not any(m in sys.modules for m in ('simpy', 'pandas', 'sqlalchemy'))\n"
            "missing = [n for n in sim.__all__ if getattr(sim, n, None) is None]\n"
            "print(light, missing)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True []"       # every name resolves; `import sim` alone loads no heavy library


def test_every_lazy_name_is_in_all():
    import sim
    assert set(sim._LAZY) <= set(sim.__all__)
