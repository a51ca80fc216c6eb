"""A trainee's drill: injects in scenario-clock order, prompts answered one at a time, every answer
stored before it is scored, a scorecard at the end.

The session is the exercise controller. It holds the full scenario (with the key) but hands out only
trainee views (:mod:`sim.drill.view`). Contingency injects are sent when their ``when`` holds, judged
on the answers given so far, never by evaluating code:

* ``missed: prompt.option`` — the option was not selected (or the prompt was not answered);
* ``missed: prompt`` — the prompt earned less than full marks, or was not answered;
* ``answered: {prompt, is | is_not | includes}`` — the prompt was answered, and its answer is /
  is not / includes the value (``is_not`` and ``includes`` on an unanswered prompt do not hold);
* ``all`` / ``any`` combine conditions.

Injects at the same minute keep their order in the file. Elapsed real seconds per prompt are taken
from ``clock`` (``time.monotonic`` unless a test injects one), from the moment the prompt is first
handed out by :meth:`DrillSession.next_prompt` to its answer.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.drill.scorecard import Scorecard, build_scorecard
from sim.drill.scoring import AnswerError, PromptScore, normalise_answer, score_prompt
from sim.drill.view import TraineeInject, TraineePrompt, trainee_inject
from sim.format.scenario import Condition, Inject, Prompt, Scenario, _yes_no
from sim.i18n import check_language, t
from sim.store.results import DuplicateAnswer, Store


class SessionError(ValueError):
    """The session cannot do what was asked (the message says why, in the session language)."""


class UnknownPrompt(SessionError):
    pass


class AlreadyAnswered(SessionError):
    pass


class NotNextPrompt(SessionError):
    pass


class DrillOver(SessionError):
    pass


@dataclass(frozen=True)
class Acknowledgement:
    """An answer has been stored (committed) — nothing about whether it was right."""
    attempt_id: int
    prompt_id: str
    answer_id: int
    value: Any                          # the answer as stored
    elapsed: float | None               # seconds
    answered: int                       # prompts answered so far in this attempt
    message: str

    def __str__(self) -> str:
        return self.message


class DrillSession:
    """One trainee's attempt at one scenario's drill (see the module docstring)."""

    def __init__(self, scenario: Scenario, trainee: str, language: str = "en", store: Store | None = None, *,
                 clock: Callable[[], float] = time.monotonic, attempt_id: int | None = None):
        if scenario.drill is None:
            raise SessionError(t("drill.err.no_drill", language, scenario=scenario.id))
        self.scenario = scenario
        self.trainee = trainee.strip()
        self.language = check_language(language)
        self.store = store if store is not None else Store(lang=language)
        self.clock = clock
        drill = scenario.drill
        order = sorted(range(len(drill.injects)), key=lambda i: (drill.injects[i].at, i))
        self._injects: list[Inject] = [drill.injects[i] for i in order]
        self._prompts: dict[str, tuple[Inject, Prompt]] = {p.id: (inj, p) for inj in self._injects
                                                           for p in inj.prompts}
        self._values: dict[str, Any] = {}
        self._elapsed: dict[str, float | None] = {}
        self._scores: dict[str, PromptScore] = {}
        self._shown: dict[str, float] = {}
        self._views: dict[str, TraineeInject] = {}
        self._card: Scorecard | None = None
        if attempt_id is None:
            attempt_id = self.store.start_attempt(self.trainee, scenario.id, scenario.content_hash(), language)
        self.attempt_id = attempt_id

    # --- resuming ----------------------------------------------------------------------------
    @classmethod
    def resume(cls, scenario: Scenario, attempt_id: int | None = None, *, trainee: str | None = None,
               store: Store | None = None, clock: Callable[[], float] = time.monotonic,
               language: str | None = None) -> DrillSession:
        """Continue an attempt from its stored answers (after a kernel restart or a crash).

        Give ``attempt_id``, or ``trainee`` to continue their latest unfinished attempt at this scenario.
        """
        store = store if store is not None else Store(lang=language or "en")
        lang = language or "en"
        if attempt_id is None:
            if trainee is None:
                raise SessionError(t("drill.err.resume_what", lang))
            open_ = store.attempts(trainee=trainee, scenario_id=scenario.id, status="in_progress")
            if not open_:
                raise SessionError(t("drill.err.nothing_to_resume", lang, trainee=trainee, scenario=scenario.id))
            attempt_id = open_[0].id
        record = store.attempt(attempt_id)
        lang = language or record.language
        if trainee is not None and trainee.strip() != record.trainee:
            raise SessionError(t("drill.err.other_trainee", lang, id=attempt_id, trainee=record.trainee))
        if record.scenario_id != scenario.id:
            raise SessionError(t("drill.err.other_scenario", lang, id=attempt_id, scenario=record.scenario_id,
                                 given=scenario.id))
        if record.status == "finished":
            raise SessionError(t("drill.err.finished", lang, id=attempt_id))
        session = cls(scenario, record.trainee, lang, store, clock=clock, attempt_id=attempt_id)
        session.scenario_changed = record.content_hash != scenario.content_hash()
        for ans in store.answers(attempt_id):
            if ans.prompt_id not in session._prompts:
                raise SessionError(t("drill.err.prompt_gone", lang, prompt=ans.prompt_id, scenario=scenario.id))
            session._remember(ans.prompt_id, ans.value, ans.elapsed)
        return session

    scenario_changed = False   # resumed against a scenario edited since the attempt started

    # --- walking the injects -----------------------------------------------------------------
    def _sent(self, inject: Inject) -> bool:
        return inject.when is None or self._holds(inject.when)

    def _walk(self):
        """(inject, prompt or None) for each inject sent so far and the first unanswered prompt."""
        for inj in self._injects:
            if not self._sent(inj):
                continue
            pending = next((p for p in inj.prompts if p.id not in self._values), None)
            yield inj, pending
            if pending is not None:
                return

    def next_prompt(self) -> TraineePrompt | None:
        """The next prompt to answer (a trainee view, with its ``.inject``), or None when the drill is over."""
        for inj, pending in self._walk():
            if pending is not None:
                if pending.id not in self._shown:
                    self._shown[pending.id] = self.clock()
                view = self._view(inj)
                return next(p for p in view.prompts if p.id == pending.id)
        return None

    def timeline(self) -> list[TraineeInject]:
        """Every inject sent so far, including any without prompts, in scenario-clock order."""
        return [self._view(inj) for inj, _ in self._walk()]

    @property
    def over(self) -> bool:
        return self.next_prompt() is None

    @property
    def answers(self) -> dict[str, Any]:
        """The answers given so far (prompt id -> stored value), in the order given."""
        return dict(self._values)

    def progress(self) -> tuple[int, int]:
        """(prompts answered, prompts sent so far plus those every trainee will still receive)."""
        sent = {inj.id for inj, _ in self._walk()}
        expected = sum(len(i.prompts) for i in self._injects if i.when is None or i.id in sent)
        return len(self._values), expected

    def _view(self, inj: Inject) -> TraineeInject:
        if inj.id not in self._views:
            self._views[inj.id] = trainee_inject(self.scenario, inj)
        return self._views[inj.id]

    # --- answering ---------------------------------------------------------------------------
    def answer(self, prompt_id: str, value: Any) -> Acknowledgement:
        """Validate, store (committed) and acknowledge one answer; it is scored after it is stored."""
        lang = self.language
        if self._card is not None:
            raise DrillOver(t("drill.err.over", lang))
        if prompt_id not in self._prompts:
            raise UnknownPrompt(t("drill.err.unknown_prompt", lang, prompt=prompt_id,
                                  known=", ".join(self._prompts)))
        if prompt_id in self._values:
            raise AlreadyAnswered(t("drill.err.answered", lang, prompt=prompt_id))
        current = self.next_prompt()
        if current is None:
            raise DrillOver(t("drill.err.over", lang))
        if current.id != prompt_id:
            raise NotNextPrompt(t("drill.err.not_next", lang, prompt=prompt_id, next=current.id))
        prompt = self._prompts[prompt_id][1]
        stored = normalise_answer(prompt, value, lang)      # AnswerError (a ValueError) if it is not valid
        elapsed = max(0.0, self.clock() - self._shown[prompt_id])
        try:
            record = self.store.add_answer(self.attempt_id, prompt_id, stored, elapsed)
        except DuplicateAnswer:     # another process (a second browser tab) answered it first: adopt that answer
            theirs = next(a for a in self.store.answers(self.attempt_id) if a.prompt_id == prompt_id)
            self._remember(prompt_id, theirs.value, theirs.elapsed)
            raise AlreadyAnswered(t("drill.err.answered", lang, prompt=prompt_id)) from None
        self._remember(prompt_id, record.value, elapsed)
        return Acknowledgement(self.attempt_id, prompt_id, record.id, record.value, elapsed, len(self._values),
                               t("drill.ack", lang, prompt=prompt_id, n=len(self._values)))

    def _remember(self, prompt_id: str, value: Any, elapsed: float | None) -> None:
        prompt = self._prompts[prompt_id][1]
        self._values[prompt_id] = value
        self._elapsed[prompt_id] = elapsed
        self._scores[prompt_id] = score_prompt(prompt, value, self.scenario.plan, self.language, elapsed=elapsed)

    # --- conditions --------------------------------------------------------------------------
    def _holds(self, cond: Condition) -> bool:
        if cond.all is not None:
            return all(self._holds(c) for c in cond.all)
        if cond.any is not None:
            return any(self._holds(c) for c in cond.any)
        if cond.missed is not None:
            pid, _, option = cond.missed.partition(".")
            if pid not in self._values:
                return True
            if not option:
                score = self._scores[pid]
                return score.points < score.max_points - 1e-9
            return option not in _selected(self._prompts[pid][1], self._values[pid])
        test = cond.answered
        assert test is not None
        if test.prompt not in self._values:
            return False
        prompt, value = self._prompts[test.prompt][1], self._values[test.prompt]
        if test.includes is not None:
            return test.includes in _selected(prompt, value)
        if test.is_ is not None:
            return _same(prompt, value, test.is_)
        return not _same(prompt, value, test.is_not)

    # --- the end -----------------------------------------------------------------------------
    def finish(self) -> Scorecard:
        """Score the attempt and store the score. Prompts not answered yet (and still due) earn nothing."""
        if self._card is not None:
            return self._card
        self._card = build_scorecard(self.scenario, self._due_scores(), self.language, trainee=self.trainee,
                                     attempt_id=self.attempt_id)
        self.store.save_score(self.attempt_id, self._card)
        self.store.finish_attempt(self.attempt_id)
        return self._card

    def _due_scores(self) -> list[PromptScore]:
        plan = self.scenario.plan
        out = []
        for inj in self._injects:
            if not self._sent(inj):
                continue
            for p in inj.prompts:
                out.append(self._scores[p.id] if p.id in self._values
                           else score_prompt(p, None, plan, self.language, answered=False))
        return out


def _selected(prompt: Prompt, value: Any) -> set[str]:
    if isinstance(value, list):
        return set(value) if prompt.kind == "multi" else set()
    return {str(value)}


def _same(prompt: Prompt, value: Any, expected: Any) -> bool:
    if prompt.kind == "yesno":
        return value == _yes_no(expected)
    if prompt.kind == "number":
        try:
            return float(value) == float(expected)
        except (TypeError, ValueError):
            return False
    if isinstance(value, list):
        return list(value) == list(expected) if prompt.kind == "order" else set(value) == set(expected or ())
    return value == expected


def rescore(attempt_id: int, scenario: Scenario, *, store: Store | None = None,
            language: str | None = None) -> Scorecard:
    """Recompute an attempt's score from its stored answers (e.g. after a rubric changed) and store it.

    Prompts scored: those of injects sent to every trainee, and those the trainee answered (a contingency
    inject that was sent). Earlier scores are kept, each with the content hash it was computed against.
    """
    store = store if store is not None else Store()
    record = store.attempt(attempt_id)
    lang = language or record.language
    if record.scenario_id != scenario.id:
        raise SessionError(t("drill.err.other_scenario", lang, id=attempt_id, scenario=record.scenario_id,
                             given=scenario.id))
    stored = {a.prompt_id: a for a in store.answers(attempt_id)}
    plan = scenario.plan
    assert scenario.drill is not None
    scores = []
    for inj in sorted(scenario.drill.injects, key=lambda i: i.at):
        for p in inj.prompts:
            if p.id in stored:
                a = stored[p.id]
                scores.append(score_prompt(p, a.value, plan, lang, elapsed=a.elapsed))
            elif inj.when is None:
                scores.append(score_prompt(p, None, plan, lang, answered=False))
    card = build_scorecard(scenario, scores, lang, trainee=record.trainee, attempt_id=attempt_id)
    store.save_score(attempt_id, card)
    return card


__all__ = ["Acknowledgement", "AlreadyAnswered", "AnswerError", "DrillOver", "DrillSession", "NotNextPrompt",
           "SessionError", "UnknownPrompt", "rescore"]
