"""The drill script: the role play a trainee works through, as timed injects over a scenario.

A drill casts the trainee in a role, briefs them, then sends injects on the scenario clock (``T+HH:MM``):
a customer's email, a social post, a colleague's call. Each inject may ask prompts
(:mod:`sim.format.prompts`). A contingency inject is sent only when its condition holds, a declarative
test of earlier answers (``missed: notify.crisis_group``), so the story branches on what the trainee did.
A condition may only wait on prompts of injects sent before its own (earlier, or at the same minute and
earlier in the file); injects waiting on each other in a circle are refused with the circle named.

An inject may offer ``variants`` (a *question pool*): other versions of the same step of the story, with other
wording, facts, numbers and keys. Each attempt meets one version (:mod:`sim.drill.variants` chooses), the
inject as written or one of its variants. A variant is sent at the inject's time, on its channel, under its
condition; what it does not give (the sender, the prompts...) is the inject's. A variant that gives prompts
asks the same questions as its inject, in the same places: as many, each of the same kind, plan step and
points, with ids of its own, so that a stored answer says which version it answered and every trainee is
scored out of the same points. A branch names the inject's own prompt and holds for whichever version was
met. An inject without variants is written, validated and hashed exactly as before.

The script is checked against the plan it drills: prompt steps, conduct rules, flags and option ids must be
the plan's, in every variant.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from pydantic import Field, model_serializer, model_validator

from sim.format import limits
from sim.format.base import AtMost, Duration, Id, MaxLen, Model, ScenarioClock, Share, Text, unknown
from sim.format.graphs import arrow, find_cycle
from sim.format.messages import fail_key
from sim.format.plan import Plan
from sim.format.prompts import Prompt
from sim.format.vocabulary import INJECT_CHANNELS, LANGUAGES, AttachmentKind, Difficulty


class Answered(Model):
    """``{prompt: activate, is: "no"}``, ``{prompt: x, is_not: "yes"}`` or ``{prompt: notify, includes: pr}``."""
    prompt: str
    is_: Any = Field(default=None, alias="is")
    is_not: Any = None
    includes: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Answered:
        if sum(v is not None for v in (self.is_, self.is_not, self.includes)) != 1:
            raise fail_key("drill.condition_one")
        return self


class Condition(Model):
    """When a contingency inject is sent: declarative, never evaluated code.

    ``missed: notify.crisis_group`` — the option was not selected (or, for a prompt id alone, the prompt
    did not earn full marks); ``answered: {prompt: activate, is: "no"}``; ``all`` / ``any`` combine.
    """
    missed: str | None = None
    answered: Answered | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [k for k in ("missed", "answered", "all", "any") if getattr(self, k) is not None]
        if len(given) != 1:
            raise fail_key("drill.when_one")
        return self

    def prompt_refs(self) -> Iterator[tuple[str, str | None, tuple[str | int, ...]]]:
        """(prompt id, option or None, location) for every reference, for cross-checking."""
        if self.missed is not None:
            pid, _, opt = self.missed.partition(".")
            yield pid, opt or None, ("missed",)
        elif self.answered is not None:
            yield self.answered.prompt, self.answered.includes, ("answered",)
        else:
            for i, sub in enumerate(self.all or self.any or ()):
                for ref, option, loc in sub.prompt_refs():
                    yield ref, option, ("all" if self.all else "any", i) + loc


class Attachment(Model):
    """What an inject carries besides its message: a social post (with its reactions), a photo, a news article..."""
    kind: AttachmentKind
    author: str | None = None
    text: Text | None = None
    caption: Text | None = None
    reactions: Annotated[int, AtMost(limits.MAX_COUNT)] | None = Field(default=None, ge=0)
    shares: Annotated[int, AtMost(limits.MAX_COUNT)] | None = Field(default=None, ge=0)
    comments: Annotated[int, AtMost(limits.MAX_COUNT)] | None = Field(default=None, ge=0)


class Variant(Model):
    """Another version of an inject, for a question pool: what it says instead (other facts, another sender)
    and, when those change the answers, its own prompts (the same questions, in the same places, with their own
    ids and keys). What it does not give is the inject's; its time, channel and condition are the inject's."""
    id: Id
    sender: Text | None = Field(default=None, alias="from")
    subject: Text | None = None
    message: Text | None = None
    attachment: Attachment | None = None
    prompts: Annotated[tuple[Prompt, ...], MaxLen(limits.MAX_PROMPTS)] = ()

    @model_validator(mode="before")
    @classmethod
    def _not_the_injects(cls, data: Any) -> Any:
        """A variant's time, channel and condition are its inject's: say so rather than "unknown key"."""
        if isinstance(data, dict):
            for key in ("at", "channel", "when"):
                if key in data:
                    raise fail_key("variant.shared", key, field=key)
            if "variants" in data:
                raise fail_key("variant.nested", "variants")
        return data

    @model_validator(mode="after")
    def _changes_something(self) -> Variant:
        if not self.prompts and all(getattr(self, f) is None for f in ("sender", "subject", "message", "attachment")):
            raise fail_key("variant.empty", variant=self.id)
        return self


class Inject(Model):
    """One message to the trainee at a scenario-clock time, on a plan channel or an internal one; with
    ``variants``, the first of the versions an attempt may meet (see the module docstring)."""
    id: Id
    at: ScenarioClock
    channel: str
    sender: Text | None = Field(default=None, alias="from")
    subject: Text | None = None            # email subject line
    message: Text
    attachment: Attachment | None = None
    when: Condition | None = None
    prompts: Annotated[tuple[Prompt, ...], MaxLen(limits.MAX_PROMPTS)] = ()
    variants: Annotated[tuple[Variant, ...], MaxLen(limits.MAX_VARIANTS)] = ()

    @model_validator(mode="after")
    def _variants_ask_the_same(self) -> Inject:
        """Every variant is the same step: its prompts (if it gives any) match the inject's place by place."""
        seen = {self.id}
        for k, variant in enumerate(self.variants):
            if variant.id in seen:
                raise fail_key("variant.id_twice", "variants", k, "id", variant=variant.id)
            seen.add(variant.id)
            if not variant.prompts:
                continue
            if len(variant.prompts) != len(self.prompts):
                raise fail_key("variant.prompt_count", "variants", k, "prompts", variant=variant.id,
                               count=len(variant.prompts), expected=len(self.prompts))
            for j, (mine, base) in enumerate(zip(variant.prompts, self.prompts)):
                for field in ("kind", "step", "points"):
                    value, expected = getattr(mine, field), getattr(base, field)
                    if value != expected:
                        raise fail_key(f"variant.{field}", "variants", k, "prompts", j, field, prompt=mine.id,
                                       base=base.id, value=_shown(value), expected=_shown(expected))
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: Any) -> Any:
        """Without variants, the inject dumps as it did before pools existed: the content hash of every scenario
        that has none (stored with each attempt) stays what it was."""
        out = handler(self)
        if not self.variants and isinstance(out, dict):
            out.pop("variants", None)
        return out

    def pool(self) -> tuple[Inject, ...]:
        """The versions of this inject an attempt may meet: itself as written, then each variant with what it
        does not give taken from the inject. Each is a plain inject (no variants) under this inject's id.

        >>> inj = Inject.model_validate({"id": "call", "at": "T+00:05", "channel": "phone", "from": "Mr Wu",
        ...     "message": "The kettle leaks.", "variants": [{"id": "dent", "message": "The box came crushed."}]})
        >>> [(v.id, str(v.sender), str(v.message)) for v in inj.pool()]
        [('call', 'Mr Wu', 'The kettle leaks.'), ('call', 'Mr Wu', 'The box came crushed.')]
        """
        if not self.variants:
            return (self,)
        plain = self.model_copy(update={"variants": ()})
        versions = [plain]
        for v in self.variants:
            changes = {f: getattr(v, f) for f in ("sender", "subject", "message", "attachment")
                       if getattr(v, f) is not None}
            if v.prompts:
                changes["prompts"] = v.prompts
            versions.append(plain.model_copy(update=changes))
        return tuple(versions)

    def version_ids(self) -> tuple[str, ...]:
        """The names of the versions :meth:`pool` gives: the inject's own id, then each variant's."""
        return (self.id, *(v.id for v in self.variants))


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


class Drill(Model):
    """The role-play script of a scenario: the trainee's role, the briefing and the injects in time order."""
    role: Text
    briefing: Text | None = None           # situation the trainee reads before the first inject
    difficulty: Difficulty = "intermediate"
    duration: Duration = 30.0              # expected time to complete, shown in the scenario picker
    starts: Duration | None = None         # scenario time T+00:00 corresponds to (default: first incident)
    pass_mark: Share = 0.75
    injects: Annotated[tuple[Inject, ...], MaxLen(limits.MAX_INJECTS)] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _prompts_in_all(cls, data: Any) -> Any:
        """At most :data:`~sim.format.limits.MAX_DRILL_PROMPTS` prompts, counted before any is validated."""
        injects = data.get("injects") if isinstance(data, dict) else None
        if isinstance(injects, (list, tuple)):
            lists = [inj.get("prompts") for inj in injects if isinstance(inj, dict)]
            lists += [v.get("prompts") for inj in injects if isinstance(inj, dict)
                      and isinstance(inj.get("variants"), (list, tuple)) for v in inj["variants"] if isinstance(v, dict)]
            count = sum(len(prompts) for prompts in lists if isinstance(prompts, (list, tuple)))
            if count > limits.MAX_DRILL_PROMPTS:
                raise fail_key("drill.too_many_prompts", "injects", count=count, limit=limits.MAX_DRILL_PROMPTS)
        return data

    @model_validator(mode="after")
    def _ids_and_branches(self) -> Drill:
        seen_injects: dict[str, int] = {}
        prompts: dict[str, tuple[int, Prompt]] = {}           # the injects' own prompts: a branch may name them
        in_variant: dict[str, tuple[int, str, str]] = {}      # a variant's prompt -> (inject, variant, pool's prompt)
        for i, inj in enumerate(self.injects):
            if inj.id in seen_injects:
                raise fail_key("drill.inject_twice", "injects", i, "id", value=inj.id, first=seen_injects[inj.id])
            seen_injects[inj.id] = i
            for j, p in enumerate(inj.prompts):
                if p.id in prompts or p.id in in_variant:
                    raise fail_key("drill.prompt_twice", "injects", i, "prompts", j, "id", value=p.id)
                prompts[p.id] = (i, p)
            for k, variant in enumerate(inj.variants):
                for j, p in enumerate(variant.prompts):
                    if p.id in prompts or p.id in in_variant:
                        raise fail_key("variant.prompt_id_twice", "injects", i, "variants", k, "prompts", j, "id",
                                       prompt=p.id)
                    in_variant[p.id] = (i, variant.id, inj.prompts[j].id)
        waits: dict[str, list[str]] = {inj.id: [] for inj in self.injects}   # inject -> injects it waits on
        same_minute_later: list[tuple[tuple[str | int, ...], str, str]] = []
        for i, inj in enumerate(self.injects):
            if inj.when is None:
                continue
            for pid, opt, loc in inj.when.prompt_refs():
                where = ("injects", i, "when") + loc
                if pid in in_variant:
                    j, variant_id, pool = in_variant[pid]
                    raise fail_key("variant.branch_on_variant", *where, prompt=pid, variant=variant_id,
                                   inject=self.injects[j].id, pool=pool)
                if pid not in prompts:
                    raise unknown(pid, prompts, "prompt", *where)
                j, prompt = prompts[pid]
                if self.injects[j].at > inj.at or j == i:
                    raise fail_key("drill.branch_later", *where, prompt=pid, answered=self.injects[j].at, at=inj.at)
                if opt is not None and opt not in prompt.option_ids():
                    raise fail_key("drill.not_option", *where, option=opt, prompt=pid, options=", ".join(prompt.option_ids()))
                if opt is not None:
                    _offered_by_every_variant(self.injects[j], pid, opt, where)
                waits[inj.id].append(self.injects[j].id)
                if j > i:      # the same minute (later ones were refused above), but written below this one
                    same_minute_later.append((where, pid, self.injects[j].id))
        cycle = find_cycle(waits)
        if cycle is not None:
            raise fail_key("graph.branch_cycle", "injects", seen_injects[cycle[0]], "when", cycle=arrow(cycle))
        for where, pid, later in same_minute_later:
            # Injects of one minute are sent in file order: this one would be judged before `later` is sent.
            raise fail_key("graph.branch_later", *where, prompt=pid, inject=later)
        return self

    def prompts(self) -> list[Prompt]:
        """Every prompt of the drill, in inject order, each variant's too (an attempt answers one version of
        each pooled inject: :func:`sim.drill.variants.attempt_drill`)."""
        out: dict[str, Prompt] = {}
        for inj in self.injects:
            for version in inj.pool():
                for p in version.prompts:
                    out.setdefault(p.id, p)      # a variant without prompts of its own asks the inject's
        return list(out.values())


def _offered_by_every_variant(inject: Inject, pid: str, option: str, where: tuple[str | int, ...]) -> None:
    """A branch on option ``option`` of the pooled prompt ``pid`` needs every variant's prompt in its place to
    offer that option too."""
    place = next(j for j, p in enumerate(inject.prompts) if p.id == pid)
    for variant in inject.variants:
        if variant.prompts and option not in variant.prompts[place].option_ids():
            theirs = variant.prompts[place]
            raise fail_key("variant.branch_option", *where, option=option, prompt=theirs.id, variant=variant.id,
                           options=", ".join(theirs.option_ids()))


def drill_languages(title: Text, role: Text | None = None, messages: Iterable[Text] = ()) -> tuple[str, ...]:
    """The languages a trainee can take a drill in: those its title, the trainee's role and every inject's
    message are all written in (for a scenario without a drill, its title's), in :data:`LANGUAGES` order.

    >>> drill_languages(Text(en="Leak", zh="泄露"), Text(en="Agent", zh="客服"), [Text(en="Hello")])
    ('en',)
    """
    texts = [title] if role is None else [title, role, *messages]
    return tuple(lang for lang in LANGUAGES if all(text.has(lang) for text in texts))



# --- checked against the plan ---------------------------------------------------------------------

def question_domain(plan: Plan, prompt: Prompt) -> str | None:
    """The plan table a prompt without a ``question`` asks about: only a choice among categories,
    severities or roles gets a default question ("Which category...?")."""
    domains = {plan.domain_of(o.id) for o in prompt.options}
    if len(domains) == 1 and prompt.kind in ("choice", "multi"):
        domain = domains.pop()
        if domain in ("categories", "severities", "roles"):
            return domain
    return None


def located_prompts(drill: Drill) -> Iterator[tuple[tuple[str | int, ...], Prompt]]:
    """(location in the drill, prompt) for every prompt written in it: each inject's, then its variants'."""
    for i, inj in enumerate(drill.injects):
        yield from _located(i, inj)


def _located(i: int, inj: Inject) -> Iterator[tuple[tuple[str | int, ...], Prompt]]:
    for j, p in enumerate(inj.prompts):
        yield ("injects", i, "prompts", j), p
    for k, variant in enumerate(inj.variants):
        for j, p in enumerate(variant.prompts):
            yield ("injects", i, "variants", k, "prompts", j), p


def check_drill(drill: Drill, plan: Plan) -> None:
    """Raise an error at the first place the drill names something its plan does not define (in every variant)."""
    channels = list(plan.channels) + list(INJECT_CHANNELS)
    for i, inj in enumerate(drill.injects):
        if inj.channel not in channels:
            raise unknown(inj.channel, channels, "channel", "drill", "injects", i, "channel")
        for loc, p in _located(i, inj):
            _check_prompt(p, plan, ("drill",) + loc)


def _check_prompt(p: Prompt, plan: Plan, pat: tuple[str | int, ...]) -> None:
    if p.step not in plan.steps:
        raise unknown(p.step, plan.steps, "plan step", *pat, "step")
    if p.rule is not None and p.rule not in plan.conduct:
        raise unknown(p.rule, plan.conduct, "conduct rule", *pat, "rule")
    for k, opt in enumerate(p.options):
        if opt.text is None and plan.domain_of(opt.id) is None:
            raise fail_key("drill.option_label", *pat, "options", k, value=opt.id)
    if p.question is None and question_domain(plan, p) is None:
        raise fail_key("drill.question_needed", *pat)
    for k, c in enumerate(p.rubric):
        if c.rule is not None and c.rule not in plan.conduct and c.rule not in plan.steps:
            raise unknown(c.rule, list(plan.conduct) + list(plan.steps), "rule", *pat, "rubric", k, "rule")
    for k, m in enumerate(p.must_not):
        if m.flag not in plan.flags:
            raise unknown(m.flag, plan.flags, "flag", *pat, "must_not", k, "flag")
