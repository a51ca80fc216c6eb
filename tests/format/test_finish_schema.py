"""``python -m sim schema`` describes the format as the loader reads it: every library scenario (and the
plan) validates against it with a standard JSON Schema validator, and clearly wrong files do not.

The shorthands a file may use (a profile's name, an attention word, an option's bare id, a plain string
for a text or a phrase list, ``0`` for a duration) are described as the unions the loader accepts."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")     # a dev dependency: the editors' validators are not the kit's

from sim.cli.schema import json_schema
from sim.format.library import scenario_files
from sim.format.yamlio import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = scenario_files(ROOT / "scenarios", validation=True) + [ROOT / "tests/data/good_small.yaml"]


@pytest.fixture(scope="module")
def validator():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)                  # the schema itself is well formed in the dialect it declares
    return cls(schema)


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_library_scenario_validates(validator, path):
    assert _errors(validator, read_yaml(path).data) == []


def test_the_library_uses_the_shorthands(validator):
    """The test above covers the unions only while the library writes them: profile names, attention
    words and bare option ids (as in the issue)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in SCENARIOS)
    assert "profile: weekday_office" in text and "public_attention: high" in text
    assert "options: [" in text or "- product_quality" in text


def test_the_plan_validates_against_the_plan_schema():
    schema = json_schema(plan=True)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(read_yaml(ROOT / "scenarios/plans/default.yaml").data))
    assert errors == []


def _product_defect():
    return read_yaml(ROOT / "scenarios/product_defect_surge.yaml").data


def _set(data, path, value):
    *parents, last = path
    for key in parents:
        data = data[key]
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()
WRONG = {
    "unknown top key": (("titel",), "x"),
    "profile not a known name": (("arrivals", "profile"), "weekday_ofice"),
    "profile of 23 hours": (("arrivals", "profile"), [1.0] * 23),
    "attention word not known": (("incidents", 0, "public_attention"), "extreme"),
    "attention below 0": (("incidents", 0, "public_attention"), -1),
    "duration without unit": (("horizon",), "4"),
    "duration with unknown unit": (("horizon",), "4 parsecs"),
    "id missing": (("id",), _DELETE),
    "option as a number": (("drill", "injects", 0, "prompts", 0, "options", 0), 7),
    "option with unknown key": (("drill", "injects", 0, "prompts", 0, "options", 0), {"id": "x", "label": "y"}),
    "phrases as a number": (("drill", "injects", 0, "prompts", 3, "rubric", 0, "any"), {"en": 3}),
    "start not a date": (("start",), "next Monday"),
    "title as a list": (("title",), ["a", "b"]),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_clearly_wrong_files_are_rejected(validator, name):
    data = copy.deepcopy(_product_defect())
    _set(data, *WRONG[name])
    assert _errors(validator, data), f"the schema accepts a file with {name}"


def test_the_shorthands_the_loader_accepts_validate(validator):
    """Each short form, at its boundary: 24 hourly weights, a duration of bare 0, a plain-string title."""
    data = copy.deepcopy(_product_defect())
    data["arrivals"]["profile"] = [1] * 24
    data["incidents"][0]["public_attention"] = 30
    data["warm_up"] = 0
    data["title"] = "A plain title"
    data["horizon"] = "1H30MIN"
    assert _errors(validator, data) == []


def test_the_schema_command_prints_json(capsys):
    from sim.cli import main
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"]
