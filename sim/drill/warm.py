"""Warming a drill's reply scoring while the trainee reads the briefing.

The first reply a kernel scores loads the sentence encoder, the conduct classifier and the meaning
vectors of the scenario's criteria (:mod:`sim.drill.semantic`, :mod:`sim.drill.conduct_model`,
:mod:`sim.drill.meaning`): about a second of CPU with the encoder cache, several without. Done when the
trainee presses Submit, it is a second they wait for, and on a server where a cohort starts together those
seconds queue. So the drill app starts it in a background thread when a drill starts: by the time the
first reply prompt arrives (its injects come minutes into the scenario, and the briefing comes first)
everything is loaded. The scores are thrown away; the caches they fill give the same scores a cold kernel
would (the scorer is deterministic).
"""
from __future__ import annotations

import logging
import threading

from sim.drill.scoring import score_prompt
from sim.format.scenario import Scenario

log = logging.getLogger(__name__)

# A reply touching the usual acts in both languages, so that the scorer's every stage runs.
SAMPLE = {"en": "I'm sorry for the trouble. We will call you back today with your case number.",
          "zh": "非常抱歉给您带来不便，我们今天会回电并告知您的工单号。"}


def warm_up(scenario: Scenario, lang: str = "en") -> int:
    """Score a sample reply against each reply prompt of ``scenario``'s drill; the number of prompts warmed."""
    drill = scenario.drill
    if drill is None:
        return 0
    warmed = 0
    for inject in drill.injects:
        for prompt in inject.prompts:
            if prompt.kind == "reply":
                score_prompt(prompt, SAMPLE.get(lang, SAMPLE["en"]), scenario.plan, lang, inject=inject, drill=drill)
                warmed += 1
    return warmed


def warm_up_in_background(scenario: Scenario, lang: str = "en") -> threading.Thread:
    """:func:`warm_up` in a daemon thread (started); a failure is logged, never raised into the drill."""
    def run() -> None:
        try:
            warm_up(scenario, lang)
        except Exception:                # the drill goes on: the first reply submit loads what it needs
            log.exception("warming the reply scoring failed")
    thread = threading.Thread(target=run, name="drill-warm-up", daemon=True)
    thread.start()
    return thread


__all__ = ["SAMPLE", "warm_up", "warm_up_in_background"]
