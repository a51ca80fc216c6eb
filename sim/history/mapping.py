"""The column mapping: how one organisation's export reads as the canonical history table.

A mapping is a small YAML file. It may start from a shipped preset (``tickets`` or ``calls``, in
``sim/history/presets/``) and override only what differs; a key it does not know is an error with a
"did you mean", reported as ``file:line: field: problem`` like every scenario file::

    preset: tickets                 # start from the shipped ticket preset
    time:
      zone: Asia/Shanghai           # naive times are Beijing time; values with an offset keep theirs
    columns:
      created: 创建时间              # a header, or a list of headers tried in order
    values:
      category: {产品质量: product_quality, 物流: logistics}
    satisfaction:
      at_least: 4                   # CSAT 4 or 5 of 5 is satisfied
      of: 5

How each field is read:

* ``columns`` -- the export header(s) of each canonical field (matched ignoring case and surrounding
  spaces); ``zone`` names a column of per-row offsets (``+08:00``) or IANA zones (``Asia/Shanghai``).
* ``time`` -- the timestamp ``formats`` tried after ISO 8601, the ``zone`` of times written without an
  offset, and what to do with a local time that a daylight-saving change makes ``ambiguous`` (``earlier``,
  ``later`` or ``problem``); a time a DST change skipped never existed and is always a problem.
* ``values`` -- export value -> kit id, for channel, category, severity and team (matched ignoring case
  and surrounding spaces; an id written as itself is accepted). A field with a map refuses values it
  does not name, unless ``fallback`` gives the id they become (counted in the summary); a field
  without a map keeps its values as written.
* ``defaults`` -- a value for a field the export lacks (a telephony export has no channel column).
* ``satisfaction`` -- ``labels`` (``满意: true``) and/or a numeric scale: satisfied when the value is
  ``at_least`` the threshold, values outside ``1..of`` are problems.
* ``period`` -- the dates the history covers (``end`` inclusive); rows created outside are counted, not kept.
* ``encoding`` -- ``utf-8``, ``utf-8-sig`` (a BOM) or ``gb18030`` (Chinese Excel's "CSV" save).

    >>> m = load_mapping("tickets")
    >>> m.kind, m.value_of("channel", " 电话 "), m.value_of("severity", "P1")
    ('tickets', 'hotline', 'major')
"""
from __future__ import annotations

import copy
import datetime as dt
import zoneinfo
from collections.abc import Mapping as MappingABC
from pathlib import Path
from typing import Any, Literal, cast

from pydantic import Field, field_validator, model_validator

from sim.format.base import Model
from sim.format.errors import ScenarioError
from sim.format.load import validate_document
from sim.format.messages import add_messages, fail_key, problem, shown
from sim.format.yamlio import LinedDocument, read_yaml
from sim.i18n.history import HISTORY_STRINGS

# The validators below speak through the format's fail_key, in English and Chinese; their wording lives
# with the rest of the history's strings, and is handed to the format here (the format imports no catalogue).
add_messages({key: entry for key, entry in HISTORY_STRINGS.items() if key.startswith("history.mapping.")})

PRESET_DIR = Path(__file__).with_name("presets")
KINDS = ("tickets", "calls")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
#: The canonical fields a column can be named for (``satisfaction`` is read into ``satisfied``).
FIELDS = ("contact_id", "customer", "channel", "category", "severity", "team",
          "created", "first_response", "resolved", "abandoned", "satisfaction", "zone")
MAPPED_FIELDS = ("channel", "category", "severity", "team")
MappedField = Literal["channel", "category", "severity", "team"]


def _key(value: Any) -> str:
    """How export values are compared: as text, stripped, case-folded (``Phone`` = ``phone ``)."""
    return str(value).strip().casefold()


class Columns(Model):
    """The export header(s) of each field; a list is tried in order, the first present is used."""
    contact_id: list[str] = Field(default_factory=list)
    customer: list[str] = Field(default_factory=list)
    channel: list[str] = Field(default_factory=list)
    category: list[str] = Field(default_factory=list)
    severity: list[str] = Field(default_factory=list)
    team: list[str] = Field(default_factory=list)
    created: list[str] = Field(default_factory=list)
    first_response: list[str] = Field(default_factory=list)
    resolved: list[str] = Field(default_factory=list)
    abandoned: list[str] = Field(default_factory=list)
    satisfaction: list[str] = Field(default_factory=list)
    zone: list[str] = Field(default_factory=list)

    @field_validator("*", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value]
        return [] if value is None else value


class TimeRule(Model):
    formats: list[str] = Field(default_factory=list)
    zone: str | None = None
    ambiguous: Literal["earlier", "later", "problem"] = "earlier"

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise fail_key("history.mapping.unknown_zone", value=shown(value)) from None
        return value

    @field_validator("formats")
    @classmethod
    def _strftime(cls, value: list[str]) -> list[str]:
        for i, fmt in enumerate(value):
            if "%" not in fmt:
                raise fail_key("history.mapping.not_a_format", i, value=shown(fmt))
        return value


class Satisfaction(Model):
    """``labels``: export text -> satisfied (true/false; null: no answer, as 'offered' with no reply).
    ``at_least`` and ``of``: a score is satisfied when at least ``at_least``; scores outside ``lowest..of``
    are problems."""
    labels: dict[str, bool | None] = Field(default_factory=dict)
    at_least: float | None = None
    of: float | None = None
    lowest: float = 1

    @model_validator(mode="after")
    def _scale(self) -> Satisfaction:
        if (self.at_least is None) != (self.of is None):
            raise fail_key("history.mapping.scale_half")
        if self.of is not None and self.at_least is not None and not self.lowest <= self.at_least <= self.of:
            raise fail_key("history.mapping.scale_outside", "at_least", at_least=shown(self.at_least),
                           lowest=shown(self.lowest), of=shown(self.of))
        return self


class Period(Model):
    start: dt.date
    end: dt.date

    @field_validator("start", "end", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise fail_key("history.mapping.not_a_date", value=shown(value)) from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise fail_key("history.mapping.end_first", "end")
        return self


class ColumnMapping(Model):
    """A validated mapping (see the module docstring); ``source`` is the file or preset it came from."""
    kind: Literal["tickets", "calls"]
    encoding: Literal["utf-8", "utf-8-sig", "gb18030"] = "utf-8-sig"
    sheet: str | int = 0
    columns: Columns
    time: TimeRule = Field(default_factory=TimeRule)
    values: dict[MappedField, dict[str, str]] = Field(default_factory=dict)
    fallback: dict[MappedField, str] = Field(default_factory=dict)
    defaults: dict[MappedField, str] = Field(default_factory=dict)
    satisfaction: Satisfaction = Field(default_factory=Satisfaction)
    period: Period | None = None
    source: str = ""

    @field_validator("values", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        # YAML reads `1: major` with an integer key and `是: true` fine; an export compares text, so keys are text.
        if isinstance(value, dict):
            return {f: {str(k): v for k, v in (m or {}).items()} if isinstance(m, dict) else m
                    for f, m in value.items()}
        return value

    @model_validator(mode="after")
    def _required_columns(self) -> ColumnMapping:
        for name in ("contact_id", "created"):
            if not getattr(self.columns, name):
                raise fail_key("history.mapping.column_required", "columns", name, name=name)
        if not self.columns.channel and "channel" not in self.defaults:
            raise fail_key("history.mapping.channel_column", "columns", "channel")
        return self

    def value_of(self, field: str, raw: Any) -> str | None:
        """The kit id an export value maps to (None: unknown to a field that has a map)."""
        table = self.lookup(field)
        if table is None:
            return str(raw).strip()
        return table.get(_key(raw), self.fallback_for(field))

    def value_map(self, field: str) -> dict[str, str]:
        """The value map of ``field`` as written in the mapping (export value -> kit id), or {}."""
        return cast(dict[str, dict[str, str]], self.values).get(field) or {}

    def fallback_for(self, field: str) -> str | None:
        """The id an unknown value of ``field`` becomes (None: an unknown value is a problem)."""
        return cast(dict[str, str], self.fallback).get(field)

    def default_for(self, field: str) -> str | None:
        """The value of ``field`` where the export has none (no column, or an empty cell)."""
        return cast(dict[str, str], self.defaults).get(field)

    def lookup(self, field: str) -> dict[str, str] | None:
        """The case-folded value map of ``field`` (each target id also maps to itself), or None."""
        given = self.value_map(field)
        if not given:
            return None
        table = {_key(target): target for target in given.values()}
        table.update({_key(k): v for k, v in given.items()})
        return table

    def satisfaction_labels(self) -> dict[str, bool | None]:
        return {_key(k): v for k, v in self.satisfaction.labels.items()}


def _merge(base: Any, override: Any) -> Any:
    """``override`` laid over ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, MappingABC) and isinstance(override, MappingABC):
        out = dict(copy.deepcopy(dict(base)))
        for key, value in override.items():
            out[key] = _merge(out[key], value) if key in out else value
        return out
    return override


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))


def _preset_document(name: str, where: str, line: int | None) -> LinedDocument:
    if name not in preset_names():
        raise ScenarioError([problem(where, line, "preset", "history.mapping.unknown_preset", value=shown(name),
                                     names=", ".join(preset_names()))])
    return read_yaml(PRESET_DIR / f"{name}.yaml", display=f"preset {name}")


def load_mapping(mapping: str | Path | ColumnMapping) -> ColumnMapping:
    """A mapping from a YAML file, or a preset by name; ScenarioError listing every problem as file:line."""
    if isinstance(mapping, ColumnMapping):
        return mapping
    text = str(mapping)
    if isinstance(mapping, str) and text in preset_names() and not Path(text).exists():
        doc = _preset_document(text, text, None)
        return validate_document(ColumnMapping, LinedDocument(doc.path, {**doc.data, "source": f"preset {text}"},
                                                              doc.lines))
    path = Path(mapping)
    if not path.exists():
        raise ScenarioError([problem(text, None, "", "history.mapping.not_found", names=", ".join(preset_names()))])
    doc = read_yaml(path, display=text)
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        raise ScenarioError([problem(doc.path, 1, "", "history.mapping.not_keys")])
    data = dict(data)
    preset = data.pop("preset", None)
    if preset is not None:
        base = _preset_document(str(preset), doc.path, doc.line_of(("preset",)))
        data = _merge(base.data, data)
    data["source"] = text
    return validate_document(ColumnMapping, LinedDocument(doc.path, data, doc.lines))


def mapping_from_dict(data: dict[str, Any], name: str = "<mapping>") -> ColumnMapping:
    """Validate a mapping given as plain data (tests); a ``preset`` key is honoured as in a file."""
    data = dict(data)
    preset = data.pop("preset", None)
    if preset is not None:
        data = _merge(_preset_document(str(preset), name, None).data, data)
    data.setdefault("source", name)
    return validate_document(ColumnMapping, LinedDocument(name, data, {}))


__all__ = ["ENCODINGS", "FIELDS", "KINDS", "ColumnMapping", "load_mapping", "mapping_from_dict", "preset_names"]
