"""A trainer overrides the points of a reply: checked, kept, and the attempt scored again with it.

    override_reply(store, attempt_id=12, prompt_id="reply-li", points=3, comment="Apology in other words",
                   by="Wang Fang")

One function does it for the trainer dashboard and ``python -m sim cohort override``:

1. the attempt must be finished (there is a score to change), its scenario found (the library's, or the
   ``scenarios`` given), the prompt a *reply* the attempt answered, the points between 0 and the
   prompt's points, a comment and the trainer's name given (:func:`sim.drill.overrides.check_override`;
   anything wrong is an :class:`~sim.drill.overrides.OverrideError` whose message is one line);
2. the override is appended to the store (who, when, the comment, and ``old_points``: what the reply
   scores just before, the scorer's points or an earlier override's);
3. the attempt is re-scored (:func:`sim.drill.session.rescore`, the one scoring path, which applies every
   override), adding a score row: the dashboard, the after-action report and the exports read it.
"""
from __future__ import annotations

from sim.drill.overrides import Override, OverrideError, check_override
from sim.drill.scorecard import Scorecard, score_attempt
from sim.drill.session import overrides_of, rescore
from sim.format.scenario import Scenario
from sim.i18n import t
from sim.reports.cohort import load_scenarios, prompt_of
from sim.store.results import Store


def override_reply(store: Store, attempt_id: int, prompt_id: str, points, comment: str, by: str, *,
                   scenarios: dict[str, Scenario] | None = None, lang: str = "en") -> tuple[Override, Scorecard]:
    """Check, store and apply a trainer's override (see the module docstring); the override and the new
    scorecard. OverrideError (bad input), StoreError (no such attempt) or UsageError (the scenario is no
    longer in the library) with a one-line message in ``lang``."""
    record = store.attempt(attempt_id)
    if record.status != "finished":
        raise OverrideError(t("override.err.unfinished", lang, id=attempt_id))
    scenario = load_scenarios([record.scenario_id], scenarios, lang)[record.scenario_id]
    answers = store.answers(attempt_id)
    answered = {a.prompt_id for a in answers}
    replies = [a.prompt_id for a in answers if (p := prompt_of(scenario, a.prompt_id)) is not None and p.kind == "reply"]
    value, comment, by = check_override(prompt_of(scenario, prompt_id), prompt_id, attempt_id=attempt_id,
                                        answered=prompt_id in answered, points=points, comment=comment, by=by,
                                        reply_prompts=replies, lang=lang)
    before = score_attempt(scenario, {a.prompt_id: a.value for a in answers}, record.language,
                           elapsed={a.prompt_id: a.elapsed for a in answers}, trainee=record.trainee,
                           attempt_id=attempt_id, overrides=overrides_of(store, attempt_id))
    override = store.add_override(attempt_id, prompt_id, value, before.prompt(prompt_id).points, comment, by)
    return override, rescore(attempt_id, scenario, store=store)


__all__ = ["OverrideError", "override_reply"]
