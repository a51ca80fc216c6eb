"""How a trainee's answer reads: on the scorecard, in the trainer's dashboard and in the after-action report.

An answer is stored in its plain form (:func:`sim.drill.scoring.normalise_answer`): option ids, a number,
the reply's text. People read it as the trainee saw it, through the trainee view of the prompt
(:mod:`sim.drill.view`): option labels in the reader's language (a plan step without its number, as
the order prompt showed it), several options joined by the language's list separator, an order as
``A → B → C``, a number with its unit, yes or no as "Yes"/"No" (是/否). A prompt left unanswered reads
"Not answered." in every place.

A reply's length is shown as a reader counts it: characters, a Chinese character being one
(:func:`reader_length`). The scoring's minimum (``min_chars``) is kept in English-equivalent characters, a
Chinese character weighing three (:func:`sim.drill.scoring.reply_length`); :func:`reader_minimum` converts it
at this boundary, so that a Chinese reply is short on screen exactly when the scoring finds it short.

    >>> from sim.format.library import cached_scenario
    >>> from sim.drill.view import trainee_prompt
    >>> scenario = cached_scenario("product_defect_surge")
    >>> notify = trainee_prompt(scenario, scenario.drill.injects[0].prompts[2], "first-call")
    >>> answer_text(notify, ["specialist", "crisis_group"], "en")
    'Complaint specialist, Complaint handling / crisis management group'
    >>> answer_text(notify, [], "zh"), answer_text(notify, None, "zh")
    ('（无）', '未作答。')
    >>> reader_length("您好，  已登记。"), reader_minimum(40, "您好", "en"), reader_minimum(40, "Hello", "zh")
    (8, 14, 40)
"""
from __future__ import annotations

import math
from typing import Any

from sim.drill.scoring import CJK_CHAR_WEIGHT
from sim.drill.view import TraineePrompt
from sim.i18n import t
from sim.i18n.script import CJK_CHAR


def answer_text(prompt: TraineePrompt | None, value: Any, lang: str, *, answered: bool = True) -> str:
    """A stored answer as the trainee saw it (option labels, not ids); "Not answered." for none. Without a
    ``prompt`` (one the scenario no longer has), the stored value as it is."""
    if not answered or value is None:
        return t("drill.fb.not_answered", lang)
    if prompt is None:
        return str(value)
    labels = {o.id: o.text(lang) for o in prompt.options}
    if prompt.kind == "yesno" and value in ("yes", "no"):
        return yes_no_label(value, lang)
    if prompt.kind in ("choice", "yesno"):
        return labels.get(value, str(value))
    if prompt.kind == "multi":
        return t("drill.list_sep", lang).join(labels.get(v, v) for v in value) or t("app.card.none", lang)
    if prompt.kind == "order":
        return " → ".join(labels.get(v, v) for v in value)
    if prompt.kind == "number":
        unit = f" {prompt.unit.get(lang)}" if prompt.unit is not None else ""
        return f"{value:g}{unit}" if isinstance(value, (int, float)) else f"{value}{unit}"
    return str(value)


def yes_no_label(value: str, lang: str) -> str:
    """How a yes/no answer reads: "Yes" or "No" (是 or 否), whatever the plan's word list says."""
    return t(f"app.answer_{value}", lang)


def reader_length(reply: str) -> int:
    """A reply's length as a reader counts it: its characters, runs of white space counted as one, a Chinese
    character as one (the scoring weighs it as three: :func:`sim.drill.scoring.reply_length`)."""
    return len(" ".join(reply.split()))


def reader_minimum(min_chars: int, reply: str, lang: str) -> int:
    """The scoring's minimum ``min_chars`` (English-equivalent characters) in the characters a reader counts:
    for a reply written mostly in Chinese (an empty one: when the screen is Chinese) a Chinese character
    weighs ``CJK_CHAR_WEIGHT``, so the minimum is ``ceil(min_chars / CJK_CHAR_WEIGHT)`` of them. A wholly
    Chinese reply of n characters is then short exactly when ``CJK_CHAR_WEIGHT * n < min_chars``; for a mixed
    reply the figure is a guide (the scoring's own rule decides whether it is short)."""
    text = "".join(reply.split())
    cjk = len(CJK_CHAR.findall(text))
    chinese = 2 * cjk >= len(text) if text else lang == "zh"
    return math.ceil(min_chars / CJK_CHAR_WEIGHT) if chinese else min_chars


__all__ = ["answer_text", "reader_length", "reader_minimum", "yes_no_label"]
