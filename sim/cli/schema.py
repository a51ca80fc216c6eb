"""``python -m sim schema [--plan]``: the JSON Schema of the scenario (or plan) format, on stdout.

    python -m sim schema > scenario.schema.json
    python -m sim schema --plan > plan.schema.json

Point an editor's YAML language server at the file to get completion and checks while writing a
scenario. The schema is generated from the same pydantic models that ``check`` validates with, so the two
cannot disagree; it is the 2020-12 dialect and uses the keys as written in YAML files (aliases).

Exit status: 0.
"""
from __future__ import annotations

import json

from sim.cli.common import EXIT_OK, add_language_option
from sim.format.plan import Plan
from sim.format.scenario import Scenario
from sim.i18n import t


def add_parser(subparsers, lang: str) -> None:
    p = subparsers.add_parser("schema", help=t("cli.help.schema", lang))
    p.add_argument("--plan", action="store_true", help=t("cli.help.schema.plan", lang))
    add_language_option(p, lang)     # accepted like every command's; the schema itself is English
    p.set_defaults(func=cmd_schema)


def json_schema(plan: bool = False) -> dict:
    """The JSON Schema of the plan format (``plan``) or of the scenario format."""
    model = Plan if plan else Scenario
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # English whatever --lang says: the schema is a file for tools, like the English keys it describes.
    schema["title"] = t("schema.title.plan" if plan else "schema.title.scenario", "en")
    return schema


def cmd_schema(args) -> int:
    print(json.dumps(json_schema(args.plan), indent=2, ensure_ascii=False))
    return EXIT_OK
