"""Safe YAML reading that remembers the line of every value.

The file is read and composed into YAML nodes within the format's limits (:mod:`sim.format.bounded`:
regular files only, size, depth, aliases, entries, text length); we build plain dicts, lists and scalars
ourselves so that (a) no tag can construct a Python object, (b) duplicate keys are errors, (c) every
value's line is known, so validation errors can say ``file:line``, and (d) what no field can mean is
refused where it is written: ``.inf`` and ``.nan``, an integer of more digits than
:data:`~sim.format.limits.MAX_INTEGER_DIGITS`, a control character in a text, and a key or list entry
left without a value (``drill:`` with nothing after it, as where a file was cut off, would otherwise
drop the whole drill silently).

Scalars follow YAML 1.2's core schema rather than PyYAML's YAML 1.1 one: ``yes``/``no``/``on``/``off``
stay strings (a yes/no drill answer must not turn into a boolean), and ``16:00`` stays a clock time
instead of becoming the sexagesimal integer 960.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from sim.format import limits
from sim.format.bounded import compose, field_path, read_text
from sim.format.errors import Problem, ScenarioError
from sim.format.messages import kind_of, problem, say, shown
from sim.format.wording import YAML_SYNTAX_AT_ZH, YAML_SYNTAX_OTHER_ZH, YAML_SYNTAX_ZH

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


_FastLoader: type | None = None
if hasattr(yaml, "CSafeLoader"):      # libyaml is optional
    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser (about twenty times faster), resolving scalars as :class:`_Loader` does: the
        same data and lines, only a syntax error is worded by libyaml."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader

_REWORD_BELOW = 256 * 1024     # a syntax error in a file up to this size is worded by PyYAML (parsed again)


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


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INFINITIES = {".inf": "inf", ".Inf": "inf", ".INF": "inf", ".nan": "nan", ".NaN": "nan", ".NAN": "nan"}


def _scalar(node: yaml.ScalarNode) -> Any:
    """The Python value of a scalar; ValueError (with a message key and its parameters) if it has none."""
    tag = node.tag
    text = node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        if not _BOOL.match(text):
            raise ValueError("yaml.bad_scalar", {"value": shown(text), "kind": "bool"})
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        body = text.strip().lstrip("+-")
        digits = len(body) - 2 if body[:2] in ("0o", "0x") else len(body)
        if digits > limits.MAX_INTEGER_DIGITS:     # before converting: Python refuses 4 300 digits, slowly
            raise ValueError("yaml.integer_too_long", {"digits": digits, "limit": limits.MAX_INTEGER_DIGITS})
        try:
            return int(text, 0) if body[:2] in ("0o", "0x") else int(text, 10)   # YAML 1.2: 010 is ten
        except ValueError:
            raise ValueError("yaml.bad_scalar", {"value": shown(text), "kind": "int"}) from None
    if tag == "tag:yaml.org,2002:float":
        sign, bare = (text[0], text[1:]) if text[:1] in "+-" else ("", text)
        try:
            value = float(sign + _INFINITIES.get(bare, bare))
        except ValueError:
            raise ValueError("yaml.bad_scalar", {"value": shown(text), "kind": "float"}) from None
        if not math.isfinite(value):               # .inf, .nan, 1e999: no field of the format means them
            raise ValueError("yaml.not_finite", {"value": shown(text)})
        return value
    # str and timestamp stay text; the schema parses dates and times itself.
    control = _CONTROL.search(text)
    if control:
        raise ValueError("yaml.control_char", {"code": f"U+{ord(control.group()):04X}"})
    return text


def _empty(node: yaml.Node) -> bool:
    """A value left out (``key:`` or ``-`` with nothing after it), not a written ``null`` or ``~``."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None and \
        node.tag == "tag:yaml.org,2002:null"


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: str, problems: list[Problem]) -> Any:
    line = node.start_mark.line + 1
    lines[loc] = line
    if node.tag not in _STANDARD_TAGS:
        problems.append(problem(path, line, _field(loc), "yaml.tag", tag=node.tag))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(problem(path, key_line, _field(loc), "yaml.key_not_plain"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(problem(path, key_line, _field(loc), "yaml.merge_key"))
                continue
            if key_node.tag not in _STANDARD_TAGS:
                problems.append(problem(path, key_line, _field(loc + (key_node.value,)), "yaml.key_tag",
                                        tag=key_node.tag))
                continue
            try:
                key = str(_scalar(key_node))
            except ValueError as exc:
                problems.append(problem(path, key_line, _field(loc), exc.args[0], **exc.args[1]))
                continue
            if key in out:
                problems.append(problem(path, key_line, _field(loc + (key,)), "yaml.duplicate_key", key=key,
                                        line=lines[loc + (key,)]))
                continue
            if _empty(value_node):
                problems.append(problem(path, key_line, _field(loc + (key,)), "yaml.empty_value"))
            out[key] = _build(value_node, loc + (key,), lines, path, problems)
            lines[loc + (key,)] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            if _empty(item):
                problems.append(problem(path, item.start_mark.line + 1, _field(loc + (i,)), "yaml.empty_item"))
            items.append(_build(item, loc + (i,), lines, path, problems))
        return items
    assert isinstance(node, yaml.ScalarNode)   # the composer builds only mappings, sequences and scalars
    try:
        return _scalar(node)
    except ValueError as exc:
        problems.append(problem(path, line, _field(loc), exc.args[0], **exc.args[1]))
        return None


_field = field_path


def read_yaml(path: str | Path, text: str | None = None, display: str | None = None, *,
              quick: bool = False) -> LinedDocument:
    """Parse a YAML file into plain data with line numbers; raise ScenarioError on any problem.

    Events come from libyaml when PyYAML has it. ``quick`` is for skimming a few fields of many files
    (the library's headers), where a syntax error only needs to be noticed: it is then left in libyaml's
    words rather than parsed again for PyYAML's.
    """
    path = Path(path)
    where = display or str(path)
    if text is None:
        text = read_text(path, where)
    elif len(text) > limits.MAX_FILE_BYTES // 4:            # a character is at most 4 bytes: count only then
        size = len(text.encode("utf-8", "surrogatepass"))   # bytes, as of a file (Chinese text: 3 a character)
        if size > limits.MAX_FILE_BYTES:
            raise ScenarioError([problem(where, None, "", "file.too_big", size=size, limit=limits.MAX_FILE_BYTES,
                                         entries=limits.MAX_ENTRIES)])
    try:
        root = compose(text, _FastLoader if _FastLoader is not None else _Loader, where)
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_syntax_problem(exc, text, where, quick)]) from None
    except yaml.reader.ReaderError as exc:     # a character YAML does not allow in a file, raw
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ScenarioError([problem(where, line, "", "yaml.bad_character", reason=exc.reason,
                                     code=f"{code:04X}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([problem(where, None, "", "yaml.error", error=str(exc).splitlines()[0])]) from None
    except UnicodeError as exc:                # text given directly, with a lone surrogate
        raise ScenarioError([problem(where, None, "", "text.not_utf8", error=exc)]) from None
    if root is None:
        raise ScenarioError([problem(where, 1, "", "yaml.empty_file")])
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    data = _build(root, (), lines, where, problems)
    if problems:
        raise ScenarioError(problems)
    if not isinstance(data, dict):
        raise ScenarioError([problem(where, lines.get(()), "", "yaml.top_not_mapping", kind=kind_of(data))])
    return LinedDocument(where, data, lines)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, where: str, quick: bool) -> Problem:
    """A syntax error as PyYAML words it (libyaml's wording is terser); libyaml's for a big file or ``quick``.

    libyaml refuses nesting deeper than it supports before the composer counts it: that is the format's
    depth limit, reported as such."""
    if "nesting depth" in (exc.problem or ""):     # libyaml's own depth limit: ours was passed long before
        mark = exc.problem_mark
        return problem(where, mark.line + 1 if mark else None, "", "yaml.too_deep", limit=limits.MAX_DEPTH)
    if not quick and _FastLoader is not None and len(text) <= _REWORD_BELOW:
        try:
            compose(text, _Loader, where)
        except yaml.MarkedYAMLError as worded:
            exc = worded
        except ScenarioError as limit:         # a limit passed before the syntax error: say that
            return limit.problems[0]
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or exc.context or "invalid YAML"
    # PyYAML's (or libyaml's) words stay in the English line; the Chinese says what they mean, and the column.
    explained = syntax_zh(exc.problem, exc.context)
    if mark is not None:
        explained = YAML_SYNTAX_AT_ZH.format(column=mark.column + 1, what=explained)
    return Problem(where, line, "", say("yaml.syntax", "en", what=what), zh=say("yaml.syntax", "zh", what=explained))


_SYNTAX_ZH = sorted(YAML_SYNTAX_ZH.items(), key=lambda item: -len(item[0]))   # the most specific wording first


def syntax_zh(problem: str | None, context: str | None = None) -> str:
    """What a YAML syntax error means, in Chinese, from the parser's words (PyYAML's or libyaml's).

    >>> syntax_zh("mapping values are not allowed in this context")
    '此处不能出现“键: 值”（可能是冒号后的文本需要加引号，或缩进有误）'
    >>> syntax_zh("second occurrence", "found duplicate anchor 'a'; first occurrence"), syntax_zh("?")
    ('锚点名称重复', '此处不符合 YAML 语法')
    """
    for words in (problem, context):
        for start, zh in _SYNTAX_ZH:
            if words and words.startswith(start):
                return zh
    return YAML_SYNTAX_OTHER_ZH
