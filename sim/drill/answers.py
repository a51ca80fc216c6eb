"""How a trainee's answer reads: on the scorecard, in the trainer's dashboard and in the after-action report.

An answer is stored in its plain form (:func:`sim.drill.scoring.normalise_answer`): option ids, a number,
the reply's text. People read it as the trainee saw it, through the trainee view of the prompt
(:mod:`sim.drill.view`): option labels in the reader's language (a plan step without its number, as
the order prompt showed it), several options joined by the language's list separator, an order as
``A → B → C``, a number with its unit. A prompt left unanswered reads "Not answered." in every place.

    >>> from sim.format.library import cached_scenario
    >>> from sim.drill.view import trainee_prompt
    >>> scenario = cached_scenario("product_defect_surge")
    >>> notify = trainee_prompt(scenario, scenario.drill.injects[0].prompts[2], "first-call")
    >>> answer_text(notify, ["specialist", "crisis_group"], "en")
    'Complaint specialist, Complaint handling / crisis management group'
    >>> answer_text(notify, [], "zh"), answer_text(notify, None, "zh")
    ('（无）', '未作答。')
"""
from __future__ import annotations

from typing import Any

from sim.drill.view import TraineePrompt
from sim.i18n import t


def answer_text(prompt: TraineePrompt | None, value: Any, lang: str, *, answered: bool = True) -> str:
    """A stored answer as the trainee saw it (option labels, not ids); "Not answered." for none. Without a
    ``prompt`` (one the scenario no longer has), the stored value as it is."""
    if not answered or value is None:
        return t("drill.fb.not_answered", lang)
    if prompt is None:
        return str(value)
    labels = {o.id: o.text(lang) for o in prompt.options}
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


__all__ = ["answer_text"]
