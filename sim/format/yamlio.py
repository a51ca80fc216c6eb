"""Safe YAML reading that remembers the line of every value.

PyYAML's composer gives us nodes with their positions; we build plain dicts, lists and scalars
ourselves so that (a) no tag can construct a Python object, (b) duplicate keys are errors, and
(c) every value's line is known, so validation errors can say ``file:line``.

Scalars follow YAML 1.2's core schema rather than PyYAML's YAML 1.1 one: ``yes``/``no``/``on``/``off``
stay strings (a yes/no drill answer must not turn into a boolean), and ``16:00`` stays a clock time
instead of becoming the sexagesimal integer 960.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sim.format.errors import Problem, ScenarioError

Loc = tuple[str | int, ...]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema resolution of plain scalars."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


class _QuickLoader(getattr(yaml, "CSafeLoader", _Loader)):    # type: ignore[misc]  # libyaml is optional
    """libyaml's parser when PyYAML was built with it (about ten times faster), resolving scalars as
    :class:`_Loader` does: the same data and lines, only a syntax error may be worded by libyaml."""


_QuickLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


class LinedDocument:
    """A parsed YAML document: ``data`` plus the line of every location in it."""

    def __init__(self, path: str, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, loc: Loc) -> int | None:
        """Line of the deepest known prefix of ``loc`` (errors on missing keys point at the parent)."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


def _scalar(node: yaml.ScalarNode, path: str) -> Any:
    tag = node.tag
    text = node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        body = text.lstrip("+-")
        return int(text, 0) if body[:2] in ("0o", "0x") else int(text, 10)   # YAML 1.2: 010 is ten
    if tag == "tag:yaml.org,2002:float":
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    # str and timestamp stay text; the schema parses dates and times itself.
    return text


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: str, problems: list[Problem]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if node.tag not in _STANDARD_TAGS:
        problems.append(Problem(path, node.start_mark.line + 1, _field(loc),
                                f"YAML tag {node.tag!r} is not allowed (only plain data is accepted)"))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(path, key_node.start_mark.line + 1, _field(loc),
                                        "a key must be a plain name, not a list or mapping"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(path, key_node.start_mark.line + 1, _field(loc),
                                        "merge keys ('<<') are not supported; write the fields out"))
                continue
            key = str(_scalar(key_node, path)) if key_node.tag in _STANDARD_TAGS else key_node.value
            if key_node.tag not in _STANDARD_TAGS:
                problems.append(Problem(path, key_node.start_mark.line + 1, _field(loc + (key,)),
                                        f"YAML tag {key_node.tag!r} is not allowed"))
                continue
            if key in out:
                problems.append(Problem(path, key_node.start_mark.line + 1, _field(loc + (key,)),
                                        f"duplicate key {key!r} (first given on line {lines[loc + (key,)]})"))
                continue
            out[key] = _build(value_node, loc + (key,), lines, path, problems)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines, path, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)   # the composer builds only mappings, sequences and scalars
    return _scalar(node, path)


def _field(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


field_path = _field


def read_yaml(path: str | Path, text: str | None = None, display: str | None = None, *,
              quick: bool = False) -> LinedDocument:
    """Parse a YAML file into plain data with line numbers; raise ScenarioError on any problem.

    ``quick`` parses with libyaml when PyYAML has it: for skimming a few fields of many files (the
    library's headers), where a syntax error only needs to be noticed, not worded as PyYAML words it.
    """
    path = Path(path)
    shown = display or str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError([Problem(shown, None, "", "file not found")]) from None
        except UnicodeDecodeError as exc:
            raise ScenarioError([Problem(shown, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
        except OSError as exc:
            raise ScenarioError([Problem(shown, None, "", exc.strerror or str(exc))]) from None
    try:
        nodes = list(yaml.compose_all(text, Loader=_QuickLoader if quick else _Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError([Problem(shown, line, "", f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(shown, None, "", f"YAML error: {exc}")]) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise ScenarioError([Problem(shown, 1, "", "the file is empty; expected a mapping of fields")])
    if len(nodes) > 1:
        raise ScenarioError([Problem(shown, nodes[1].start_mark.line + 1, "",
                                     "more than one YAML document ('---'); put one plan or scenario per file")])
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    data = _build(nodes[0], (), lines, shown, problems)
    if problems:
        raise ScenarioError(problems)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(shown, lines.get(()), "", f"expected a mapping of fields at the top, found {type(data).__name__}")])
    return LinedDocument(shown, data, lines)
