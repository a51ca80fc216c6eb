"""Building blocks shared by the plan and scenario schemas: strict immutable models, localised text,
durations, clock times, shares and mixes, each with an error message a trainer can act on.

Validation errors raised here carry an optional ``at`` path (in the error context) that is appended to
pydantic's location, so that ``file:line`` points at the offending key, not just its parent.

Every number is finite and bounded by what it means (:mod:`sim.format.limits`): a duration by a year,
others by :class:`AtMost`; a list by :class:`MaxLen`, checked before its entries are validated; an id
(:data:`Id`) by :class:`MaxChars`, so that it fits the results store.

    >>> from pydantic import TypeAdapter, ValidationError
    >>> try:
    ...     TypeAdapter(Annotated[int, AtMost(10)]).validate_python(1e30)
    ... except ValidationError as exc:
    ...     print(exc.errors()[0]["msg"])
    1e+30 is above the limit of 10
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from sim.format import limits, units
from sim.format.messages import fail_key, kind_of, say, shown, what_word
from sim.i18n.script import HAN_CHAR


def fail(message: str, *at: str | int) -> PydanticCustomError:
    """An error whose location is extended by ``at`` (a key inside the value being validated), in English
    only: the format's own checks use :func:`~sim.format.messages.fail_key`, which carries the Chinese too."""
    return PydanticCustomError("kit", message.replace("{", "{{").replace("}", "}}"), {"at": tuple(at)})


class FrozenMap(dict):
    """A dict that cannot be changed after validation (scenario objects are immutable)."""

    def _readonly(self, *args, **kwargs):
        raise TypeError("scenario data is read-only; use model_copy(update=...) to derive a variant")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly

    def __hash__(self):  # frozen models must be hashable
        return hash(tuple(sorted(self.items(), key=lambda kv: str(kv[0]))))

    def __reduce__(self):  # pickle for process pools
        return (FrozenMap, (dict(self),))


def _freeze(value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, FrozenMap):
        return FrozenMap(value)
    return value


class Model(BaseModel):
    """Strict, immutable model: unknown keys are errors with a 'did you mean' suggestion."""

    # allow_inf_nan: no field means infinity or "not a number" (a quoted "inf" would otherwise pass)
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, str_strip_whitespace=False,
                              allow_inf_nan=False)
    # The short forms a file may write instead of the mapping (a profile's name, an option's bare id), as
    # JSON Schemas: the model's schema is then "one of these, or the mapping", as the loader really reads it.
    json_shorthand: ClassVar[tuple[dict[str, Any], ...]] = ()

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        out = handler(schema)
        if cls.json_shorthand:
            target = handler.resolve_ref_schema(out)      # the model's entry in $defs, changed in place
            mapping = dict(target)
            target.clear()
            target.update({k: mapping.pop(k) for k in ("title", "description") if k in mapping})
            target["anyOf"] = [*cls.json_shorthand, mapping]
        return out

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown_keys(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            known = sorted(f.alias or name for name, f in cls.model_fields.items())
            notes = (info.context or {}).get("unknown_keys") if info is not None else None
            for key in data:
                if key not in known:
                    hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                    which, params = ("key.unknown.hint", {"hint": hint[0]}) if hint else \
                        ("key.unknown.list", {"known": ", ".join(known)})
                    if notes is None:
                        raise fail_key(which, key, key=key, **params)
                    # Let pydantic report it (extra='forbid') alongside every other problem; the loader
                    # swaps in this friendlier message, in English and Chinese.
                    notes[(str(key), id(data[key]))] = (say(which, "en", key=key, **params),
                                                        say(which, "zh", key=key, **params))
        elif data is not None and not isinstance(data, BaseModel):
            raise fail_key("mapping.expected", kind=kind_of(data), value=repr(data)[:60])
        return data

    def __hash__(self) -> int:  # FrozenMap fields hash too
        return hash((type(self),) + tuple(getattr(self, f) for f in type(self).model_fields))


# --- localised text ---------------------------------------------------------------------------

class Text(Model):
    """Text in English and/or Simplified Chinese. A plain string in YAML is accepted for either."""

    en: str | None = None
    zh: str | None = None
    json_shorthand = ({"type": "string"}, {"type": "number"})

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"zh": data} if HAN_CHAR.search(data) else {"en": data}
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return {"en": str(data)}
        return data

    @model_validator(mode="after")
    def _not_empty(self) -> Text:
        if not (self.en or self.zh):
            raise fail_key("text.empty")
        return self

    def get(self, lang: str = "en") -> str:
        """The text in ``lang``, falling back to the other language rather than showing nothing."""
        if lang == "zh":
            return self.zh or self.en or ""
        return self.en or self.zh or ""

    def has(self, lang: str) -> bool:
        return bool(self.en if lang == "en" else self.zh)

    def __str__(self) -> str:
        return self.get("en")


# --- scalar types -----------------------------------------------------------------------------

def _within_a_year(value: Any, minutes: float) -> float:
    """Any duration, the horizon included, is at most :data:`~sim.format.limits.MAX_DURATION_MINUTES`."""
    if minutes > limits.MAX_DURATION_MINUTES:
        raise fail_key("duration.too_long", value=shown(value), limit=units.format_duration(limits.MAX_DURATION_MINUTES))
    return minutes


def _duration(value: Any) -> float:
    try:
        minutes = units.parse_duration(value)
    except units.UnitError as exc:
        raise fail_key(exc.key, **exc.params) from None
    if minutes < 0:
        raise fail_key("duration.negative", value=value)
    return _within_a_year(value, minutes)


def _clock(value: Any) -> float:
    try:
        return units.parse_clock(value)
    except units.UnitError as exc:
        raise fail_key(exc.key, **exc.params) from None


def _scenario_clock(value: Any) -> float:
    try:
        minutes = units.parse_scenario_clock(value)
    except units.UnitError as exc:
        raise fail_key(exc.key, **exc.params) from None
    return _within_a_year(value, minutes)


def _number(limit: float) -> str:
    """A limit as a message shows it: 10,000 or 0.5."""
    if isinstance(limit, int):
        return f"{limit:,}"
    return f"{limit:,.0f}" if limit.is_integer() else f"{limit:g}"


class AtMost:
    """``Annotated`` metadata: the number is finite and at most ``limit`` (a message in both languages);
    the JSON Schema says ``maximum``. Applied after the type's own checks (``ge``, ``gt``)."""

    def __init__(self, limit: float):
        self.limit = limit

    def check(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value          # not a number yet: the type says what is wrong
        if isinstance(value, float) and not math.isfinite(value):
            raise fail_key("number.not_finite", value=shown(value))
        if value > self.limit:
            raise fail_key("number.above", value=shown(value), limit=_number(self.limit))
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        # Before the type too: an integer field given 1e30 gets this message, not pydantic's about parsing.
        return core_schema.no_info_before_validator_function(
            self.check, core_schema.no_info_after_validator_function(self.check, handler(source)))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        out = handler(schema)
        out["maximum"] = self.limit
        return out


class MaxLen:
    """``Annotated`` metadata for a list: at most ``limit`` entries, checked before any entry is validated
    (ten thousand injects are refused at once, not after each is checked); the JSON Schema says ``maxItems``.
    ``key`` is the message (:mod:`sim.format.messages`) when a list has its own advice (measured times)."""

    def __init__(self, limit: int, key: str = "list.too_long"):
        self.limit = limit
        self.key = key

    def check(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and len(value) > self.limit:
            raise fail_key(self.key, count=len(value), limit=self.limit)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        out = handler(schema)
        out["maxItems"] = self.limit
        return out


class MaxChars:
    """``Annotated`` metadata for an id: at most ``limit`` characters, so that every id the format accepts
    fits the results store's columns and a scorecard line; the JSON Schema says ``maxLength``."""

    def __init__(self, limit: int):
        self.limit = limit

    def check(self, value: str) -> str:
        if len(value) > self.limit:
            raise fail_key("id.too_long", value=shown(value), length=len(value), limit=self.limit)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        out = handler(schema)
        out["maxLength"] = self.limit
        return out


# An id of the file's own making (scenario, inject, prompt, option, criterion, incident, plan role).
Id = Annotated[str, MaxChars(limits.MAX_ID_CHARS)]


# Serialised back to strings so that model_dump() output validates again (variants built by planners).
_as_minutes = PlainSerializer(lambda m: f"{m:.10g}min", return_type=str)
# The units the parser knows (units.UNIT_WORDS, longest first), in either case (it lower-cases the text first).
_UNIT = "|".join("".join(f"[{c.upper()}{c}]" for c in u) for u in units.UNIT_WORDS)
Duration = Annotated[float, BeforeValidator(_duration), _as_minutes, WithJsonSchema({
    "anyOf": [{"type": "string", "pattern": rf"^\s*((\d+(\.\d*)?|\.\d+)\s*({_UNIT})\s*)+$|^\s*0\s*$"},
              {"const": 0}],
    "description": "A duration with a unit: '90s', '30min', '4h', '1h30min', '2d' (0 needs none). Stored in minutes."})]
Clock = Annotated[float, BeforeValidator(_clock), PlainSerializer(units.format_clock, return_type=str), WithJsonSchema({
    "type": "string", "pattern": r"^\d{1,2}:\d{2}$", "description": "A clock time 'HH:MM' (00:00 to 24:00)."})]
ScenarioClock = Annotated[float, BeforeValidator(_scenario_clock), _as_minutes, WithJsonSchema({
    "anyOf": [{"type": "string"}, {"const": 0}], "description": "Time after the drill starts: 'T+HH:MM' (e.g. 'T+00:05') or a duration."})]


def _share(value: float) -> float:
    if not (0.0 <= value <= 1.0) or math.isnan(value):
        raise fail_key("share.outside", value=value)
    return value


def _non_negative(value: float) -> float:
    if value < 0 or math.isnan(value):
        raise fail_key("number.negative", value=value)
    if not math.isfinite(value):
        raise fail_key("number.not_finite", value=shown(value))
    return value


Share = Annotated[float, AfterValidator(_share)]
NonNegative = Annotated[float, AfterValidator(_non_negative)]


def _mix(value: dict[str, float]) -> FrozenMap:
    if not value:
        raise fail_key("mix.empty")
    for key, share in value.items():
        if share < 0 or math.isnan(share):
            raise fail_key("mix.negative", key, value=share)
    total = sum(value.values())
    if abs(total - 1.0) > 1e-3:
        parts = " + ".join(f"{v:g}" for v in value.values())
        raise fail_key("mix.sum", parts=parts, total=f"{total:.4g}")
    if abs(total - 1.0) <= 1e-9:   # already exact: re-validation must not drift
        return FrozenMap(value)
    return FrozenMap({k: v / total for k, v in value.items()})


Mix = Annotated[dict[str, float], AfterValidator(_mix), WithJsonSchema({
    "type": "object", "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
    "description": "Shares that sum to 1, e.g. {minor: 0.85, moderate: 0.13, major: 0.02}."})]


def frozen_map(value: Any) -> Any:
    return _freeze(value)


T = TypeVar("T")
# A read-only mapping id -> typed value; pydantic reports errors at the entry's key.
FMap = Annotated[dict[str, T], AfterValidator(frozen_map)]
# The same, where the keys are ids the file makes up (a plan's roles: the teams of a scenario).
IdMap = Annotated[dict[Id, T], AfterValidator(frozen_map)]


# --- checks against a vocabulary ---------------------------------------------------------------
# The plan's ids (roles, categories, flags...) are data, so a misspelt id is checked by hand and reported
# with a "did you mean" suggestion at the offending entry, rather than as a bare literal error.

def unknown(key: Any, allowed: Iterable[Any], what: str, *at: str | int) -> PydanticCustomError:
    """``unknown role 'frontlien'; did you mean 'frontline'?`` (or the list of ids when nothing is close) as an
    error at ``at``, in English and Chinese (``what`` is translated)."""
    names = sorted(str(a) for a in allowed)
    hint = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    if hint:
        return fail_key("unknown.hint", *at, what=what_word(what), value=key, hint=hint[0])
    return fail_key("unknown.list", *at, what=what_word(what), value=key, names=", ".join(names))


def known_keys(keys: Iterable[Any], allowed: Iterable[Any], what: str, *at: str | int) -> None:
    """Raise an error at the first key of ``keys`` (a mapping at location ``at``) not in ``allowed``."""
    allowed = list(allowed)
    for key in keys:
        if key not in allowed:
            raise unknown(key, allowed, what, *at, key)


def known_ids(values: Iterable[Any], allowed: Iterable[Any], what: str, *at: str | int) -> None:
    """Raise an error at the first entry of the list ``values`` (at location ``at``) not in ``allowed``."""
    allowed = list(allowed)
    for i, value in enumerate(values):
        if value not in allowed:
            raise unknown(value, allowed, what, *at, i)


def valid_regex(pattern: str | None, *at: str | int) -> None:
    """Raise an error at ``at`` if a trainer's regular expression does not compile."""
    if pattern is None:
        return
    try:
        re.compile(pattern)
    except re.error as exc:
        raise fail_key("regex.invalid", *at, error=exc, pos=exc.pos if exc.pos is not None else "?") from None


def plan_from(info: ValidationInfo | None) -> Any:
    """The plan a scenario refers to, passed as validation context (None when validating a plan alone).

    Typed ``Any``: the plan model (:mod:`sim.format.plan`) is built from this module, not imported by it."""
    return (info.context or {}).get("plan") if info is not None else None
