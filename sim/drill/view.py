"""The trainee-facing view of a drill: what a player may see, and nothing that reveals the key.

HSEEP: players never see the MSEL's expected actions or the evaluation criteria. So the view carries
injects (time, channel, sender, message, attachment) and prompts (question, option labels, unit,
minimum length, points, par time) but no answers, partial credit, required or forbidden options,
accepted ranges, rubrics, must_not checks, example replies, explanations (``why``) or branch
conditions. Contingency injects are held back: :func:`trainee_view` lists only the injects every
trainee receives; a session reveals a contingency inject (:func:`trainee_inject`) when it is sent.
The options of an ``order`` prompt are shuffled (deterministically), since authors list them in
the right order.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields

from sim.drill.errors import drill_of
from sim.format.base import Text
from sim.format.drill_script import Attachment, Inject
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario, default_question_domain
from sim.format.units import format_scenario_clock
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


def trainee_prompt(scenario: Scenario, prompt: Prompt, inject_id: str) -> TraineePrompt:
    plan = scenario.plan
    if prompt.kind == "yesno":
        options = (TraineeOption("yes", _text("yes")), TraineeOption("no", _text("no")))
    else:
        options = tuple(TraineeOption(o.id, o.text if o.text is not None else _plan_label(scenario, o.id))
                        for o in prompt.options)
    if prompt.kind == "order":
        options = _shuffled(options, scenario.id + "/" + prompt.id, tuple(prompt.answer))
    question = prompt.question
    if question is None:
        question = _text(f"drill.question.{default_question_domain(scenario, prompt)}")
    return TraineePrompt(prompt.id, prompt.kind, prompt.step, plan.steps[prompt.step].name, question, options,
                         inject_id, prompt.points, prompt.unit, prompt.min_chars, prompt.par_time)


def trainee_inject(scenario: Scenario, inject: Inject) -> TraineeInject:
    prompts = tuple(trainee_prompt(scenario, p, inject.id) for p in inject.prompts)
    out = TraineeInject(inject.id, inject.at, format_scenario_clock(inject.at), inject.channel,
                        _channel_name(scenario, inject.channel), inject.message, inject.sender, inject.subject,
                        inject.attachment, prompts)
    for p in prompts:        # each prompt knows its inject (not serialised: that would recurse)
        object.__setattr__(p, "inject", out)
    return out


def trainee_view(scenario: Scenario, lang: str = "en") -> TraineeScenario:
    """The scenario as a trainee may see it (see the module docstring); SessionError (a ValueError, in
    ``lang``) if it has no drill."""
    drill = drill_of(scenario, lang)
    injects = tuple(trainee_inject(scenario, inj) for inj in sorted(drill.injects, key=lambda i: i.at)
                    if inj.when is None)
    return TraineeScenario(scenario.id, scenario.title, drill.role, drill.difficulty, drill.duration,
                           drill.pass_mark, scenario.languages(), injects, scenario.summary, drill.briefing)


def _plan_label(scenario: Scenario, option: str) -> Text:
    plan = scenario.plan
    domain = plan.domain_of(option) or ""
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
