"""Prompts: the questions a drill inject asks the trainee, with their answers and how a reply is judged.

A prompt belongs to one plan step and has a kind (:data:`~sim.format.vocabulary.PROMPT_KINDS`): pick one
option (``choice``, with partial credit for near misses), pick several (``multi``: required and forbidden
options), ``yesno``, a ``number`` in an accepted range, put options in ``order``, or write a ``reply`` to
the customer. A reply is judged by a rubric of criteria (phrases or a regular expression to find, some
before others: acknowledge, then solve) and by what it must not contain (each naming a conduct flag).

    >>> p = Prompt.model_validate({"id": "activate", "kind": "yesno", "step": "emergency_handling",
    ...                            "question": "Activate the plan?", "answer": "是"})
    >>> p.answer, p.option_ids()
    ('yes', ('yes', 'no'))
"""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from sim.format import limits
from sim.format.base import (
    AtMost,
    Duration,
    FMap,
    FrozenMap,
    Id,
    MaxLen,
    Model,
    Share,
    Text,
    unknown,
    valid_regex,
)
from sim.format.graphs import arrow, find_cycle
from sim.format.messages import fail_key, shown
from sim.format.vocabulary import FLAG_IDS, LANGUAGES, ExampleGrade, PromptKind

Points = Annotated[float, AtMost(limits.MAX_POINTS)]     # a prompt's points, a criterion's weight


class Option(Model):
    """An option to pick: an id, and a label unless the id is the plan's (a category, role, step...)."""
    id: Id
    text: Text | None = None               # label; plan ids (categories, roles...) take the plan's names
    json_shorthand = ({"type": "string", "maxLength": limits.MAX_ID_CHARS},)     # a bare id (Prompt._options)


# A language's phrases as a file may write them: one phrase, or a list of phrases and lists of synonyms.
_PHRASES = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [
    {"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}}]}


class PhraseSet(Model):
    """Phrases per language; each entry is a phrase or a list of synonyms (any one counts)."""
    en: Annotated[tuple[tuple[str, ...], ...], WithJsonSchema(_PHRASES)] = ()
    zh: Annotated[tuple[tuple[str, ...], ...], WithJsonSchema(_PHRASES)] = ()
    json_shorthand = (_PHRASES,)          # English phrases, without the 'en' key

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data: Any) -> Any:
        if isinstance(data, (list, str)):
            data = {"en": data}
        if isinstance(data, dict):
            out = {}
            for lang, items in data.items():
                if lang not in LANGUAGES:
                    out[lang] = items  # reported as an unknown key
                    continue
                if isinstance(items, str):
                    items = [items]
                if not isinstance(items, list):
                    raise fail_key("phrases.list", lang)
                groups = []
                for i, item in enumerate(items):
                    group = [item] if isinstance(item, str) else item
                    if not isinstance(group, list) or not group or not all(isinstance(p, str) and p.strip()
                                                                           for p in group):
                        raise fail_key("phrases.item", lang, i)
                    groups.append(tuple(group))
                out[lang] = tuple(groups)
            return out
        return data

    @model_validator(mode="after")
    def _some(self) -> PhraseSet:
        if not self.en and not self.zh:
            raise fail_key("phrases.none")
        return self

    def groups(self, lang: str) -> tuple[tuple[str, ...], ...]:
        return self.en if lang == "en" else self.zh


class Criterion(Model):
    """One rubric criterion of a reply: earned when the phrases (or regex) are found."""
    id: Id
    weight: Points = Field(default=1.0, gt=0)
    any: PhraseSet | None = None           # any one phrase
    all: PhraseSet | None = None           # every group (each a phrase or synonyms)
    regex: str | None = None
    before: str | None = None              # must first appear before this criterion (acknowledge, then solve)
    rule: str | None = None                # conduct rule or plan step the criterion checks (feedback cites it)
    expects: Text | None = None            # what the plan expects, shown when missed

    @model_validator(mode="after")
    def _something_to_match(self) -> Criterion:
        if self.any is None and self.all is None and self.regex is None:
            raise fail_key("criterion.nothing")
        valid_regex(self.regex, "regex")
        return self


class MustNot(Model):
    """Something a reply must not contain; its flag names the conduct failure."""
    id: Id
    flag: str
    any: PhraseSet | None = None
    regex: str | None = None
    phones: tuple[str, ...] = ()           # another customer's phone numbers (matched in any format)
    names: tuple[str, ...] = ()            # another customer's names
    explain: Text | None = None

    @model_validator(mode="after")
    def _something_to_match(self) -> MustNot:
        if self.any is None and self.regex is None and not self.phones and not self.names:
            raise fail_key("must_not.nothing")
        if self.flag not in FLAG_IDS:
            raise unknown(self.flag, FLAG_IDS, "flag", "flag")
        valid_regex(self.regex, "regex")
        return self


class Example(Model):
    """An example reply for trainers, graded good, adequate or poor, with a note on why."""
    grade: ExampleGrade
    en: str | None = None
    zh: str | None = None
    note: Text | None = None               # why it earns that grade (for trainers)

    @model_validator(mode="after")
    def _text(self) -> Example:
        if not (self.en or self.zh):
            raise fail_key("example.text")
        return self


class NumberRange(Model):
    """The accepted answers of a number prompt: at least ``min``, at most ``max``."""
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumberRange:
        for field in ("min", "max"):
            value = getattr(self, field)
            if value is not None and abs(value) > limits.MAX_ANSWER_NUMBER:
                raise fail_key("number.outside", field, value=shown(value), low=f"{-limits.MAX_ANSWER_NUMBER:g}",
                               high=f"{limits.MAX_ANSWER_NUMBER:g}")
        if self.min is None and self.max is None:
            raise fail_key("range.none")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise fail_key("range.reversed", min=self.min, max=self.max)
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Prompt(Model):
    """One question of an inject; what makes a full answer depends on its ``kind``."""
    id: Id
    kind: PromptKind
    step: str
    question: Text | None = None
    options: Annotated[tuple[Option, ...], MaxLen(limits.MAX_OPTIONS)] = ()
    answer: Any = None                     # choice: option id; yesno: yes/no; order: option ids in order
    partial: FMap[Share] = Field(default_factory=FrozenMap)   # choice: option id -> credit (0..1)
    required: tuple[str, ...] = ()         # multi: must be selected
    forbidden: tuple[str, ...] = ()        # multi: must not be selected
    accept: NumberRange | None = None      # number
    bounds: NumberRange | None = None      # number: the answers that can be given at all (of 12 staff: 0 to 12)
    unit: Text | None = None               # number: e.g. "staff"
    rubric: Annotated[tuple[Criterion, ...], MaxLen(limits.MAX_CRITERIA)] = ()     # reply
    must_not: Annotated[tuple[MustNot, ...], MaxLen(limits.MAX_CRITERIA)] = ()     # reply
    examples: Annotated[tuple[Example, ...], MaxLen(limits.MAX_CRITERIA)] = ()     # reply
    min_chars: Annotated[int, AtMost(limits.MAX_TEXT)] = Field(default=0, ge=0)
    points: Points = Field(default=1.0, gt=0)
    par_time: Duration | None = None
    why: Text | None = None                # explanation shown in the scorecard
    rule: str | None = None                # conduct rule the prompt checks, besides its step

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, v: Any) -> list[Any]:
        if not isinstance(v, list):
            raise fail_key("options.list")
        return [{"id": o} if isinstance(o, str) else o for o in v]

    @model_validator(mode="after")
    def _by_kind(self) -> Prompt:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise fail_key("options.twice", "options", value=dup)
        kind = self.kind
        if kind in ("choice", "multi", "order") and len(ids) < 2:
            raise fail_key("options.two", "options", kind=kind)
        if kind == "choice":
            if self.answer is None:
                raise fail_key("prompt.choice_answer", "answer")
            if self.answer not in ids:
                raise fail_key("prompt.answer_not_option", "answer", value=self.answer, options=", ".join(ids))
            for key in self.partial:
                if key not in ids:
                    raise fail_key("prompt.not_option", "partial", key, value=key, options=", ".join(ids))
        elif kind == "multi":
            if not self.required:
                raise fail_key("prompt.multi_required", "required")
            for field in ("required", "forbidden"):
                for i, key in enumerate(getattr(self, field)):
                    if key not in ids:
                        raise fail_key("prompt.not_option", field, i, value=key, options=", ".join(ids))
            both = set(self.required) & set(self.forbidden)
            if both:
                raise fail_key("prompt.both", "forbidden", value=min(both))
        elif kind == "yesno":
            answer = yes_no(self.answer)
            if answer is None:
                raise fail_key("prompt.yesno_answer", "answer", value=self.answer)
            object.__setattr__(self, "answer", answer)
        elif kind == "number":
            if self.accept is None:
                raise fail_key("prompt.number_accept", "accept")
            if self.bounds is not None:   # an accepted answer the app would refuse could never be given
                for field in ("min", "max"):
                    value = getattr(self.accept, field)
                    if value is not None and not self.bounds.contains(value):
                        raise fail_key("number.outside", "accept", field, value=shown(value),
                                       low=shown(self.bounds.min) if self.bounds.min is not None else "…",
                                       high=shown(self.bounds.max) if self.bounds.max is not None else "…")
        elif kind == "order":
            if not isinstance(self.answer, list) or sorted(map(str, self.answer)) != sorted(ids):
                raise fail_key("prompt.order_answer", "answer")
            object.__setattr__(self, "answer", tuple(self.answer))
        elif kind == "reply":
            if not self.rubric:
                raise fail_key("prompt.reply_rubric", "rubric")
            crit_ids = [c.id for c in self.rubric] + [m.id for m in self.must_not]
            for i, c in enumerate(self.rubric):
                if crit_ids.count(c.id) > 1:
                    raise fail_key("prompt.criterion_twice", "rubric", i, "id", value=c.id)
                if c.before is not None and c.before not in crit_ids:
                    raise fail_key("prompt.before_unknown", "rubric", i, "before", value=c.before)
            _before_in_order(self.rubric)
        if kind != "reply" and (self.rubric or self.must_not or self.examples):
            raise fail_key("prompt.reply_only", kind=kind)
        return self

    def option_ids(self) -> tuple[str, ...]:
        """The ids a trainee chooses among (``yes``/``no`` for a yes/no prompt)."""
        if self.kind == "yesno":
            return ("yes", "no")
        return tuple(o.id for o in self.options)


def _before_in_order(rubric: tuple[Criterion, ...]) -> None:
    """Raise an error at the first criterion of a circle of ``before`` orders (a before b before a)."""
    cycle = find_cycle({c.id: [c.before] if c.before is not None else [] for c in rubric})
    if cycle is not None:
        first = next(i for i, c in enumerate(rubric) if c.id == cycle[0])
        raise fail_key("graph.before_cycle", "rubric", first, "before", cycle=arrow(cycle))


def yes_no(value: Any) -> str | None:
    """``"yes"`` or ``"no"`` for the ways a yes/no answer is written (YAML booleans, y/n, 是/否), else None."""
    if value is True or (isinstance(value, str) and value.strip().lower() in ("yes", "y", "是")):
        return "yes"
    if value is False or (isinstance(value, str) and value.strip().lower() in ("no", "n", "否")):
        return "no"
    return None
