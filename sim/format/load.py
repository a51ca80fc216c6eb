"""Loading plan and scenario files, with every problem reported as ``file:line: field: what is wrong``.

``load_plan`` reads a plan; ``load_scenario`` reads a scenario and the plan it names (a path relative to
the scenario file) and validates the scenario against that plan. Pydantic's errors are translated into
:class:`~sim.format.errors.Problem` lines a trainer can act on: the location is the key in the file (not
the validator that noticed), the message is ours, and all problems are reported at once, sorted by line.

    >>> from sim.format.library import default_plan_path
    >>> plan = load_plan(default_plan_path())
    >>> plan.label("severities", "major", "zh"), plan.targets.first_response["major"]
    ('重大', 60.0)

A scenario names its plan by a path relative to itself; a mistake is reported at its line, with a
suggestion where one is close:

    >>> import pathlib, tempfile
    >>> demo = pathlib.Path(tempfile.mkdtemp()) / "demo.yaml"
    >>> _ = demo.write_text(f'''id: demo
    ... title: A quiet morning
    ... plan: {default_plan_path().as_posix()}
    ... start: 2026-03-02T08:00
    ... horizon: 4 hours
    ... seed: 1
    ... arrivals:
    ...   per_hour: {{hotlin: 10}}
    ...   categories: {{billing: 1}}
    ...   severity: {{default: {{minor: 1}}}}
    ... staffing:
    ...   frontline: {{shifts: [{{from: "08:00", to: "12:00", staff: 2}}]}}
    ... service_times:
    ...   frontline: {{intake: {{exponential: {{mean: 6}}}}}}
    ... ''', encoding="utf-8")
    >>> try:
    ...     load_scenario(demo)
    ... except ScenarioError as exc:
    ...     for problem in exc.problems:
    ...         print(f"line {problem.line}: {problem.field}: {problem.message}")
    line 14: service_times.frontline.intake.exponential.mean: 6 needs a unit, e.g. '6min' or '6h'

References to the plan are checked once every field is valid:

    >>> _ = demo.write_text(demo.read_text(encoding="utf-8").replace("mean: 6}", "mean: 6min}"), encoding="utf-8")
    >>> load_scenario(demo)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    sim.format.errors.ScenarioError: ...demo.yaml:8: arrivals.per_hour.hotlin: unknown channel 'hotlin'; did you mean 'hotline'?
"""
from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sim.format import paths
from sim.format.errors import Problem, ScenarioError
from sim.format.messages import file_kind, problem, say, shown
from sim.format.paths import inside
from sim.format.plan import Plan
from sim.format.scenario import Scenario
from sim.format.wording import GOT_KIND_ZH, GOT_ZH, PYDANTIC_FALLBACK_ZH, PYDANTIC_ZH
from sim.format.yamlio import LinedDocument, field_path, read_yaml

M = TypeVar("M", bound=BaseModel)
# Notes on unknown keys, left by Model._reject_unknown_keys: (key, id(value)) -> a "did you mean" message,
# in English and Chinese.
UnknownKeyNotes = dict[tuple[str, int], tuple[str, str]]


def _message(err: ErrorDetails, notes: UnknownKeyNotes | None = None) -> str:
    """One pydantic error as a trainer reads it: our own messages as they are, pydantic's lower-cased and
    followed by the value that was given."""
    kind = err.get("type", "")
    msg = err.get("msg", "")
    value = err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        key = err["loc"][-1] if err.get("loc") else "?"
        note = (notes or {}).get((str(key), id(value)))
        return note[0] if note else f"unknown key {key!r}"
    if kind == "kit":
        return msg
    msg = msg.removeprefix("Value error, ")
    if kind.endswith(("_type", "_parsing")) or kind in ("literal_error", "enum"):
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        return f"{msg[0].lower()}{msg[1:]}, got {shown}"
    return f"{msg[0].lower()}{msg[1:]}" if msg else kind


def _message_zh(err: ErrorDetails, notes: UnknownKeyNotes | None = None) -> str:
    """The same error in Chinese: ours carry their Chinese wording; pydantic's are said by their type
    (:data:`~sim.format.wording.PYDANTIC_ZH`), followed by the value that was given where the English has it."""
    kind = err.get("type", "")
    value = err.get("input")
    ctx = dict(err.get("ctx") or {})
    if kind == "kit":
        return str(ctx.get("zh") or _message(err, notes))
    if kind == "extra_forbidden":
        key = err["loc"][-1] if err.get("loc") else "?"
        note = (notes or {}).get((str(key), id(value)))
        return note[1] if note else say("key.unknown", "zh", key=key)
    if isinstance(ctx.get("expected"), str):      # pydantic's "'a', 'b' or 'c'"
        ctx["expected"] = re.sub(r"', '|' or '", "'、'", ctx["expected"])
    try:
        message = PYDANTIC_ZH.get(kind, PYDANTIC_FALLBACK_ZH).format(**ctx)
    except (KeyError, IndexError, ValueError):
        message = PYDANTIC_FALLBACK_ZH
    if kind.endswith(("_type", "_parsing")) or kind in ("literal_error", "enum"):
        if isinstance(value, (dict, list, type(None))):
            return GOT_KIND_ZH.format(message=message, kind=say(f"kind.{type(value).__name__}", "zh"))
        # (true and false as the file writes them)
        return GOT_ZH.format(message=message, value=str(value).lower() if isinstance(value, bool) else repr(value))
    return message


def _problems(exc: ValidationError, doc: LinedDocument, notes: UnknownKeyNotes | None = None) -> list[Problem]:
    """Every error of ``exc`` as a Problem at its line in ``doc``, each reported once."""
    problems = []
    seen = set()
    errors = []
    for err in exc.errors():
        # Our errors (base.fail) extend pydantic's location with the key inside the value that is wrong.
        loc = tuple(err["loc"]) + tuple((err.get("ctx") or {}).get("at", ()))
        # Drop pydantic's internal location parts (validator names) that are not keys in the file.
        errors.append((tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))),
                       err))
    wrong_inside = {loc[:n] for loc, _ in errors for n in range(len(loc))}    # every list holding a wrong entry
    for loc, err in errors:
        if err.get("type") == "too_short" and loc in wrong_inside:
            continue     # pydantic counts only the valid entries ("at least 1 item, not 0"): the entry's error says it
        if err.get("type") == "finite_number":      # a quoted "inf" given to a number (allow_inf_nan=False)
            found = problem(doc.path, doc.line_of(loc), field_path(loc), "number.not_finite", value=shown(err.get("input")))
        else:
            found = Problem(doc.path, doc.line_of(loc), field_path(loc), _message(err, notes),
                            zh=_message_zh(err, notes))
        if (found.line, found.field, found.message) not in seen:
            seen.add((found.line, found.field, found.message))
            problems.append(found)
    return problems


def validate_document(model: type[M], doc: LinedDocument, context: dict[str, Any] | None = None) -> M:
    """Validate ``doc`` as ``model``, or raise ScenarioError listing every problem."""
    notes: UnknownKeyNotes = {}
    try:
        return model.model_validate(doc.data, context={**(context or {}), "unknown_keys": notes})
    except ValidationError as exc:
        problems = _problems(exc, doc, notes)
    # Sorted by line so that the first message is the first thing to fix.
    raise ScenarioError(sorted(problems, key=lambda p: (p.line or 0)))


def _display(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raise ScenarioError listing every problem as file:line: field: what."""
    path = Path(path)
    doc = read_yaml(path, display=_display(path))
    return validate_document(Plan, doc)


def is_plan_document(data: Any) -> bool:
    """Whether YAML data read from a file is a plan (it defines roles) rather than a scenario.

    >>> is_plan_document({"roles": {}, "steps": {}}), is_plan_document({"plan": "plans/default.yaml", "arrivals": {}})
    (True, False)
    """
    return isinstance(data, dict) and "roles" in data and "arrivals" not in data


def load_scenario(path: str | Path, *, plan_dirs: Iterable[str | Path] = ()) -> Scenario:
    """Read a scenario and the plan it names (relative to the scenario file), and validate both.

    The plan must be a regular file in the scenario's folder tree, the kit's plans folder, a folder of
    ``plan_dirs`` or of ``$DRILL_PLAN_DIRS`` (:mod:`sim.format.paths`)."""
    path = Path(path)
    doc = read_yaml(path, display=_display(path))
    plan = load_plan(_plan_path(path, doc, plan_dirs))
    return validate_document(Scenario, doc, context={"plan": plan}).with_plan(plan)


def _plan_path(path: Path, doc: LinedDocument, plan_dirs: Iterable[str | Path]) -> Path:
    """The plan file the scenario ``doc`` (read from ``path``) names, resolved and allowed."""
    plan_ref = doc.data.get("plan")
    line = doc.line_of(("plan",)) or 1
    if not isinstance(plan_ref, str) or not plan_ref.strip():
        raise ScenarioError([problem(doc.path, line, "plan", "plan.required")])
    plan_path = (path.parent / plan_ref).resolve()
    if not inside(plan_path, paths.plan_dirs(path.resolve(), plan_dirs)):
        raise ScenarioError([problem(doc.path, line, "plan", "plan.outside", plan=plan_ref)])
    if not plan_path.exists():
        raise ScenarioError([problem(doc.path, line, "plan", "plan.not_found", plan=plan_ref,
                                     looked=_display(plan_path))])
    mode = plan_path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise ScenarioError([problem(doc.path, line, "plan", "plan.not_regular", plan=plan_ref, kind=file_kind(mode))])
    return plan_path


def scenario_from_dict(data: dict[str, Any], plan: Plan, name: str = "<scenario>") -> Scenario:
    """Validate a scenario given as plain data (tests and generated variants)."""
    doc = LinedDocument(name, data, {})
    return validate_document(Scenario, doc, context={"plan": plan}).with_plan(plan)
