"""Contingency injects: when the story branches on what the trainee did.

Most injects reach every trainee. A *contingency* inject carries a ``when`` condition and is sent only
when the condition holds, judged on the answers given so far, never by evaluating code:

* ``missed: prompt.option`` — the option was not selected (or the prompt was not answered);
* ``missed: prompt`` — the prompt earned less than full marks, or was not answered;
* ``answered: {prompt, is | is_not | includes}`` — the prompt was answered, and its answer is /
  is not / includes the value (``is_not`` and ``includes`` on an unanswered prompt do not hold);
* ``all`` / ``any`` combine conditions.

Injects are sent in scenario-clock order (injects at the same minute keep their order in the file),
and a trainee answers every prompt of a sent inject before the next inject comes. The live session
(:mod:`sim.drill.session`) walks them that way; :func:`sent_injects` says, from an attempt's answers
alone, which injects were sent, so that scoring the attempt live and re-scoring it later count the
same prompts (:func:`sim.drill.scorecard.score_attempt`). An inject was sent when

* it has no condition (every trainee gets it), or
* the trainee answered one of its prompts (it was certainly sent), or
* its condition holds on the answers *and* the trainee had not moved past it: no prompt of a later
  inject was answered. (Had it been sent, its prompts would have come first. This keeps a re-score
  against an edited rubric from counting a contingency the trainee never saw.)

So a contingency prompt that was sent and left unanswered (the drill was ended early) earns nothing
but counts; one that was never sent does not count at all.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.drill.scoring import PromptScore
from sim.format.drill_script import Condition, Drill, Inject
from sim.format.prompts import Prompt, yes_no


def clock_order(drill: Drill) -> list[Inject]:
    """The drill's injects in the order they are sent: by scenario-clock time, then as written."""
    order = sorted(range(len(drill.injects)), key=lambda i: (drill.injects[i].at, i))
    return [drill.injects[i] for i in order]


def holds(cond: Condition, prompts: Mapping[str, Prompt], values: Mapping[str, Any],
          scores: Mapping[str, PromptScore]) -> bool:
    """Whether ``cond`` holds on the answers given (``values`` and their ``scores`` by prompt id)."""
    if cond.all is not None:
        return all(holds(c, prompts, values, scores) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, prompts, values, scores) for c in cond.any)
    if cond.missed is not None:
        pid, _, option = cond.missed.partition(".")
        if pid not in values:
            return True
        if not option:
            score = scores[pid]
            return score.points < score.max_points - 1e-9
        return option not in _selected(prompts[pid], values[pid])
    test = cond.answered
    assert test is not None
    if test.prompt not in values:
        return False
    prompt, value = prompts[test.prompt], values[test.prompt]
    if test.includes is not None:
        return test.includes in _selected(prompt, value)
    if test.is_ is not None:
        return _same(prompt, value, test.is_)
    return not _same(prompt, value, test.is_not)


def sent_injects(injects: list[Inject], values: Mapping[str, Any],
                 scores: Mapping[str, PromptScore]) -> list[Inject]:
    """The injects (in ``injects``' clock order) sent to a trainee who gave these answers (module doc)."""
    prompts = {p.id: p for inj in injects for p in inj.prompts}
    answered = {i for i, inj in enumerate(injects) if any(p.id in values for p in inj.prompts)}
    last_answered = max(answered, default=-1)
    return [inj for i, inj in enumerate(injects)
            if inj.when is None or i in answered
            or (i > last_answered and holds(inj.when, prompts, values, scores))]


def _selected(prompt: Prompt, value: Any) -> set[str]:
    if isinstance(value, list):
        return set(value) if prompt.kind == "multi" else set()
    return {str(value)}


def _same(prompt: Prompt, value: Any, expected: Any) -> bool:
    if prompt.kind == "yesno":
        return value == yes_no(expected)
    if prompt.kind == "number":
        try:
            return float(value) == float(expected)
        except (TypeError, ValueError):
            return False
    if isinstance(value, list):
        return list(value) == list(expected) if prompt.kind == "order" else set(value) == set(expected or ())
    return value == expected


__all__ = ["clock_order", "holds", "sent_injects"]
