"""The trainee-facing view of a drill: what a player may see, and nothing that reveals the key.

HSEEP: players never see the MSEL's expected actions or the evaluation criteria. So the view carries
injects (time, channel, sender, message, attachment) and prompts (question, option labels, unit,
minimum length, points, par time) but no answers, partial credit, required or forbidden options,
accepted ranges, rubrics, must_not checks, example replies, explanations (``why``) or branch
conditions. Contingency injects are held back: :func:`trainee_view` lists only the injects every
trainee receives; a session reveals a contingency inject (:func:`trainee_inject`) when it is sent.

Given an attempt id, the view is that attempt's (:mod:`sim.drill.variants`): the version of each pooled
inject it meets, and the options of every choice, multi and order prompt in its own order, the same on every
later look. Without one (a preview, a report's labels), the inject as written, options in the order
written, except an ``order`` prompt's, which is shuffled (deterministically, per scenario), since authors
list them in the right order.

An option without a label of its own takes the plan's name for its id. One id can name two things (the
shipped plan has a category ``logistics`` and a department ``logistics``), so the name is looked up in the
one plan vocabulary that holds *every* such option of the prompt (:func:`option_domain`): the options of
"whom do you notify?" are all departments, so ``logistics`` is the logistics department there, not the
category of complaint.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields

from sim.drill.errors import drill_of
from sim.drill.variants import SHUFFLED_KINDS, attempt_scenario, option_order
from sim.format.base import Text
from sim.format.drill_script import Attachment, Inject
from sim.format.plan import Plan
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario, default_question_domain
from sim.format.units import format_scenario_clock
from sim.format.vocabulary import ACTION_KINDS, TRIGGER_KINDS
from sim.i18n import STRINGS

_STEP_NUMBER = re.compile(r"^\s*\d+\s*[.、．]\s*")


def _text(key: str) -> Text:
    return Text(en=STRINGS[key]["en"], zh=STRINGS[key]["zh"])


def _plain(value):
    if isinstance(value, Text):
        return {k: v for k, v in (("en", value.en), ("zh", value.zh)) if v}
    if isinstance(value, Attachment):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


class _Plain:
    def to_dict(self) -> dict:
        """Plain data for JSON (a UI, a notebook widget)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.metadata.get("dump", True)}


@dataclass(frozen=True)
class TraineeOption(_Plain):
    id: str
    label: Text

    def text(self, lang: str = "en") -> str:
        return self.label.get(lang)


@dataclass(frozen=True)
class TraineePrompt(_Plain):
    id: str
    kind: str                                  # choice, multi, yesno, number, order, reply
    step: str                                  # the plan step it belongs to
    step_name: Text
    question: Text
    options: tuple[TraineeOption, ...]
    inject_id: str
    points: float
    unit: Text | None = None
    min_chars: int = 0
    par_time: float | None = None              # minutes
    inject: TraineeInject | None = field(default=None, compare=False, repr=False, metadata={"dump": False})

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class TraineeInject(_Plain):
    id: str
    at: float                                  # minutes after the drill starts
    clock: str                                 # "T+00:05"
    channel: str
    channel_name: Text
    message: Text
    sender: Text | None = None
    subject: Text | None = None
    attachment: Attachment | None = None
    prompts: tuple[TraineePrompt, ...] = ()


@dataclass(frozen=True)
class TraineeScenario(_Plain):
    id: str
    title: Text
    role: Text
    difficulty: str
    duration: float                            # minutes
    pass_mark: float
    languages: tuple[str, ...]
    injects: tuple[TraineeInject, ...]
    summary: Text | None = None
    briefing: Text | None = None


def trainee_prompt(scenario: Scenario, prompt: Prompt, inject_id: str, attempt_id: int | None = None) -> TraineePrompt:
    """The prompt as a trainee sees it: in attempt ``attempt_id``'s option order, if given."""
    plan = scenario.plan
    options: tuple[TraineeOption, ...]
    if prompt.kind == "yesno":
        options = (TraineeOption("yes", _text("yes")), TraineeOption("no", _text("no")))
    else:
        domain = option_domain(plan, prompt)
        options = tuple(TraineeOption(o.id, o.text if o.text is not None else _plan_label(scenario, o.id, domain))
                        for o in prompt.options)
    right = tuple(prompt.answer) if prompt.kind == "order" else None
    if attempt_id is not None and prompt.kind in SHUFFLED_KINDS:
        by_id = {o.id: o for o in options}
        options = tuple(by_id[i] for i in option_order(tuple(by_id), attempt_id, prompt.id, avoid=right))
    elif right is not None:
        options = _shuffled(options, scenario.id + "/" + prompt.id, right)
    question = prompt.question
    if question is None:
        question = _text(f"drill.question.{default_question_domain(scenario, prompt)}")
    return TraineePrompt(prompt.id, prompt.kind, prompt.step, plan.steps[prompt.step].name, question, options,
                         inject_id, prompt.points, prompt.unit, prompt.min_chars, prompt.par_time)


def trainee_inject(scenario: Scenario, inject: Inject, attempt_id: int | None = None) -> TraineeInject:
    """The inject as a trainee sees it (give the version an attempt meets: a session's timeline does), with
    its prompts in attempt ``attempt_id``'s option order, if given."""
    prompts = tuple(trainee_prompt(scenario, p, inject.id, attempt_id) for p in inject.prompts)
    out = TraineeInject(inject.id, inject.at, format_scenario_clock(inject.at), inject.channel,
                        _channel_name(scenario, inject.channel), inject.message, inject.sender, inject.subject,
                        inject.attachment, prompts)
    for p in prompts:        # each prompt knows its inject (not serialised: that would recurse)
        object.__setattr__(p, "inject", out)
    return out


def trainee_view(scenario: Scenario, lang: str = "en", attempt_id: int | None = None) -> TraineeScenario:
    """The scenario as a trainee may see it (see the module docstring): as attempt ``attempt_id`` meets it, if
    given. SessionError (a ValueError, in ``lang``) if it has no drill."""
    if attempt_id is not None:
        scenario = attempt_scenario(scenario, attempt_id)
    drill = drill_of(scenario, lang)
    injects = tuple(trainee_inject(scenario, inj, attempt_id) for inj in sorted(drill.injects, key=lambda i: i.at)
                    if inj.when is None)
    return TraineeScenario(scenario.id, scenario.title, drill.role, drill.difficulty, drill.duration,
                           drill.pass_mark, scenario.languages(), injects, scenario.summary, drill.briefing)


# The plan vocabularies an option id may come from, in the order a lone id is looked up (Plan.domain_of).
_TABLES = ("categories", "severities", "roles", "channels", "steps", "flags")


def _domains(plan: Plan, key: str) -> list[str]:
    """Every plan vocabulary holding ``key`` (an id may be in two: category and department ``logistics``)."""
    out = [d for d in _TABLES if key in getattr(plan, d)]
    return out + ["triggers"] * (key in TRIGGER_KINDS) + ["actions"] * (key in ACTION_KINDS)


def option_domain(plan: Plan, prompt: Prompt) -> str | None:
    """The plan vocabulary every option of ``prompt`` without a label of its own belongs to (the first in
    lookup order when several hold them all), or None when no one vocabulary holds them all (each option is
    then named on its own, :meth:`Plan.domain_of`).

    >>> from sim.format.library import cached_scenario
    >>> scenario = cached_scenario("product_defect_surge")
    >>> notify = next(p for p in scenario.drill.prompts() if p.id == "notify")
    >>> option_domain(scenario.plan, notify), scenario.plan.domain_of("logistics")
    ('roles', 'categories')
    """
    ids = [o.id for o in prompt.options if o.text is None]
    if not ids:
        return None
    shared = [d for d in _domains(plan, ids[0]) if all(d in _domains(plan, i) for i in ids[1:])]
    return shared[0] if shared else None


def question_titles(scenario: Scenario, lang: str, attempt_id: int | None = None,
                    answered: tuple[str, ...] = ()) -> dict[str, str]:
    """prompt id -> its question in ``lang`` as the trainee saw it (the version attempt ``attempt_id`` met),
    for every prompt of the drill: how a scorecard names a prompt, never by its id."""
    if scenario.drill is None:
        return {}
    scenario = attempt_scenario(scenario, attempt_id, answered)
    out = {p.id: trainee_prompt(scenario, p, "").question.get(lang) for p in scenario.drill.prompts()}
    return {k: v.strip() for k, v in out.items()}


def _plan_label(scenario: Scenario, option: str, domain: str | None = None) -> Text:
    plan = scenario.plan
    domain = domain or plan.domain_of(option) or ""
    en, zh = plan.label(domain, option, "en"), plan.label(domain, option, "zh")
    if domain == "steps":   # "4. Decide a solution": the number would give away an order prompt's answer
        en, zh = _STEP_NUMBER.sub("", en), _STEP_NUMBER.sub("", zh)
    return Text(en=en, zh=zh)


def _channel_name(scenario: Scenario, channel: str) -> Text:
    if channel in scenario.plan.channels:
        return scenario.plan.channels[channel].name
    return _text(f"drill.channel.{channel}")


def _shuffled(options: tuple[TraineeOption, ...], seed: str, right: tuple[str, ...]) -> tuple[TraineeOption, ...]:
    """A stable shuffle that never shows the right order."""
    key = lambda o: hashlib.sha256(f"{seed}/{o.id}".encode()).hexdigest()
    out = tuple(sorted(options, key=key))
    if tuple(o.id for o in out) == right and len(out) > 1:
        out = out[1:] + out[:1]
    return out
