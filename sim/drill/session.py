"""A trainee's drill: injects in scenario-clock order, prompts answered one at a time, every answer
stored before it is scored, a scorecard at the end.

The session is the exercise controller. It holds the full scenario (with the key) but hands out only
trainee views (:mod:`sim.drill.view`). Injects are sent in scenario-clock order (those at the same
minute in their order in the file); a contingency inject only when its ``when`` holds on the answers
given so far (:mod:`sim.drill.branching`). Every prompt of a sent inject is answered before the next
inject comes.

Answers are kept in an attempt log (:class:`sim.drill.attempts.AttemptLog`; the kit's is the results
database, :class:`sim.store.results.Store`): each is committed before it is scored, so a crash loses
nothing and :meth:`DrillSession.resume` continues from the stored answers. The scorecard comes from
:func:`sim.drill.scorecard.score_attempt`, the same function :func:`rescore` uses later.

What is stored is what counts, whatever this session has seen. Starting is idempotent: a session joins
the trainee's attempt in progress at the scenario if there is one (two kernels starting the same trainee
at once share one attempt, and the second sees the first one's answers); one made with an earlier version
of the scenario is joined only if this version still has every prompt it answered, else a new attempt is
started in its place (the old one stays stored). Finishing scores the stored answers, and the log stores
that score only if they are still all there is (:meth:`~sim.drill.attempts.AttemptLog.finish_scored`): a
stale browser tab's "End" scores the answers another tab gave, not the fewer it had seen.

Each attempt meets its own version of the drill (:mod:`sim.drill.variants`): the options of its prompts in
an order of its own, and one variant of each question pool, read from its answers or chosen by its id. The
session's ``scenario`` is that version (under the scenario's id and content hash); ``source`` is the scenario
as written. A resumed attempt, a second tab and a re-score all meet the same version.

Elapsed real seconds per prompt are taken from ``clock`` (``time.monotonic`` unless a test injects
one), from the moment the prompt is first handed out by :meth:`DrillSession.next_prompt` to its answer.

    store = sim.store.results.open_store()
    session = DrillSession(scenario, "Ann", "zh", store)
    while (prompt := session.next_prompt()) is not None:
        session.answer(prompt.id, ...)
    print(session.finish())
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sim.drill.attempts import FINISHED, IN_PROGRESS, SUPERSEDED, AnswerExists, AttemptLog
from sim.drill.branching import clock_order, holds
from sim.drill.errors import SessionError, drill_of
from sim.drill.scorecard import Scorecard, score_attempt
from sim.drill.scoring import AnswerError, PromptScore, normalise_answer, score_prompt
from sim.drill.variants import attempt_scenario
from sim.drill.view import TraineeInject, TraineePrompt, TraineeScenario, trainee_inject, trainee_view
from sim.format.drill_script import Inject
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario
from sim.i18n import check_language, t

OPEN_TRIES = 3      # attempts in progress a start may find it cannot continue (of other scenario versions)


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

    def __init__(self, scenario: Scenario, trainee: str, language: str = "en", store: AttemptLog | None = None,
                 *, clock: Callable[[], float] = time.monotonic, attempt_id: int | None = None,
                 instead_of: int | None = None):
        """A session of ``trainee`` at ``scenario``: their attempt in progress at it, else a new one (given
        ``attempt_id``: that one, as :meth:`resume` does; ``instead_of``: a new one rather than that
        attempt in progress, which the trainee chose not to resume)."""
        drill_of(scenario, language)
        if store is None:   # the drill layer sits below the results store: the caller opens one
            raise TypeError(t("drill.err.no_store", language))
        self.source = scenario              # as written, with every question pool
        self.scenario = scenario            # the version the attempt meets, once the attempt is known (_meet)
        self.trainee = trainee.strip()
        self.language = check_language(language)
        self.store: AttemptLog = store
        self.clock = clock
        self._injects: list[Inject] = []
        self._prompts: dict[str, Prompt] = {}
        self._values: dict[str, Any] = {}
        self._elapsed: dict[str, float | None] = {}
        self._scores: dict[str, PromptScore] = {}
        self._shown: dict[str, float] = {}
        self._views: dict[str, TraineeInject] = {}
        self._card: Scorecard | None = None
        self.finished_elsewhere = False     # finish() found the attempt ended by another view of it
        if attempt_id is None:
            attempt_id = self._open(instead_of)
        else:
            self._meet(attempt_id)
        self.attempt_id = attempt_id

    def _meet(self, attempt_id: int, answered: Iterable[str] = ()) -> None:
        """Take the version of the drill attempt ``attempt_id`` meets, having answered the prompts ``answered``
        (before any answer is taken in: the prompts are the version's)."""
        self.scenario = attempt_scenario(self.source, attempt_id, answered)
        self.attempt_id = attempt_id
        self._drill = drill_of(self.scenario, self.language)
        self._injects = clock_order(self._drill)
        self._prompts = {p.id: p for inj in self._injects for p in inj.prompts}
        self._views = {}

    def _open(self, instead_of: int | None) -> int:
        """Join the trainee's attempt in progress (taking in its answers so far), or start one.

        An attempt started with an earlier version of the scenario is joined if this version still has
        every prompt it answered (the answers are kept; ``scenario_changed`` says so). If it answered a
        prompt this version lacks it cannot go on: a new attempt is started instead of it, and it stays
        stored as it is (else every start would fail on it, and the trainee could never take the drill).
        """
        scenario, content_hash = self.source, self.source.content_hash()
        for tries_left in range(OPEN_TRIES - 1, -1, -1):
            attempt_id = self.store.open_attempt(self.trainee, scenario.id, content_hash, self.language,
                                                 instead_of=instead_of)
            stored = self.store.answers(attempt_id)       # joined an attempt in progress: what it has so far
            self._meet(attempt_id, [a.prompt_id for a in stored])
            try:
                self._adopt(stored)
            except SessionError:
                if tries_left == 0:     # attempts of other versions kept appearing: never in practice
                    raise
                instead_of = attempt_id
                continue
            if self._values:            # joined one with answers: it may be of an earlier version
                self.scenario_changed = self.store.attempt(attempt_id).content_hash != content_hash
            return attempt_id
        raise AssertionError("unreachable")

    # --- resuming ----------------------------------------------------------------------------
    @classmethod
    def resume(cls, scenario: Scenario, attempt_id: int | None = None, *, trainee: str | None = None,
               store: AttemptLog, clock: Callable[[], float] = time.monotonic,
               language: str | None = None) -> DrillSession:
        """Continue an attempt from its stored answers (after a kernel restart or a crash).

        Give ``attempt_id``, or ``trainee`` to continue their latest unfinished attempt at this scenario.
        """
        lang = language or "en"
        if attempt_id is None:
            if trainee is None:
                raise SessionError(t("drill.err.resume_what", lang))
            open_ = store.attempts(trainee=trainee, scenario_id=scenario.id, status=IN_PROGRESS)
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
        if record.status == FINISHED:
            raise SessionError(t("drill.err.finished", lang, id=attempt_id))
        if record.status == SUPERSEDED:
            raise SessionError(t("drill.err.superseded", lang))
        session = cls(scenario, record.trainee, lang, store, clock=clock, attempt_id=attempt_id)
        session.scenario_changed = record.content_hash != scenario.content_hash()
        stored = store.answers(attempt_id)
        session._meet(attempt_id, [a.prompt_id for a in stored])     # the version its answers say it met
        session._adopt(stored)
        return session

    def _adopt(self, stored) -> None:
        """Take in stored answers this session has not seen (given here or by another view of the attempt).
        SessionError, taking in none of them, if one is for a prompt the scenario no longer has."""
        new = [ans for ans in stored if ans.prompt_id not in self._values]
        gone = next((ans.prompt_id for ans in new if ans.prompt_id not in self._prompts), None)
        if gone is not None:
            raise SessionError(t("drill.err.prompt_gone", self.language, prompt=gone, scenario=self.scenario.id))
        for ans in new:
            self._remember(ans.prompt_id, ans.value, ans.elapsed)

    scenario_changed = False   # resumed against a scenario edited since the attempt started

    # --- walking the injects -----------------------------------------------------------------
    def _sent(self, inject: Inject) -> bool:
        return inject.when is None or holds(inject.when, self._prompts, self._values, self._scores)

    def _walk(self) -> Iterator[tuple[Inject, Prompt | None]]:
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
        if inj.id not in self._views:      # the attempt's own option order
            self._views[inj.id] = trainee_inject(self.scenario, inj, self.attempt_id)
        return self._views[inj.id]

    def view(self) -> TraineeScenario:
        """The drill as this attempt's trainee may see it: its version, in its option order."""
        return trainee_view(self.scenario, self.language, self.attempt_id)

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
        prompt = self._prompts[prompt_id]
        stored = normalise_answer(prompt, value, lang)      # AnswerError (a ValueError) if it is not valid
        elapsed = max(0.0, self.clock() - self._shown[prompt_id])
        try:
            record = self.store.add_answer(self.attempt_id, prompt_id, stored, elapsed)
        except AnswerExists:        # another process (a second browser tab) answered it first: adopt that answer
            theirs = next(a for a in self.store.answers(self.attempt_id) if a.prompt_id == prompt_id)
            self._remember(prompt_id, theirs.value, theirs.elapsed)
            raise AlreadyAnswered(t("drill.err.answered", lang, prompt=prompt_id)) from None
        self._remember(prompt_id, record.value, elapsed)
        return Acknowledgement(self.attempt_id, prompt_id, record.id, record.value, elapsed, len(self._values),
                               t("drill.ack", lang, prompt=prompt_id, n=len(self._values)))

    def _remember(self, prompt_id: str, value: Any, elapsed: float | None) -> None:
        prompt = self._prompts[prompt_id]
        self._values[prompt_id] = value
        self._elapsed[prompt_id] = elapsed
        inject = next((i for i in self._injects if any(p is prompt for p in i.prompts)), None)
        self._scores[prompt_id] = score_prompt(prompt, value, self.scenario.plan, self.language, elapsed=elapsed,
                                               inject=inject, drill=self._drill)

    # --- the end -----------------------------------------------------------------------------
    def finish(self) -> Scorecard:
        """Score the attempt's stored answers and store the score, in one step with finishing it (see the
        module docstring). Prompts not answered yet (and still due) earn nothing. If another view of the
        attempt finished it first, the score of its stored answers is returned and nothing is stored
        (``finished_elsewhere``)."""
        if self._card is not None:
            return self._card

        def score(stored, overrides) -> Scorecard:
            return score_attempt(self.scenario, {a.prompt_id: a.value for a in stored}, self.language,
                                 elapsed={a.prompt_id: a.elapsed for a in stored}, trainee=self.trainee,
                                 attempt_id=self.attempt_id, overrides=overrides)
        card, stored_now = self.store.finish_scored(self.attempt_id, score)
        self._card = card
        self.finished_elsewhere = not stored_now
        try:     # what this view shows next (the answers the card counts), unless the scenario lost a prompt
            self._adopt(self.store.answers(self.attempt_id))
        except SessionError:
            pass
        return card


def rescore(attempt_id: int, scenario: Scenario, *, store: AttemptLog,
            language: str | None = None) -> Scorecard:
    """Recompute an attempt's score from its stored answers (e.g. after a rubric changed) and store it.

    Scored exactly as :meth:`DrillSession.finish` scores (:func:`~sim.drill.scorecard.score_attempt`), on the
    version of the drill the attempt met, the trainers' overrides applied.
    Earlier scores are kept, each with the content hash it was computed against. SessionError if the
    scenario is another one, or no longer has a drill.
    """
    record = store.attempt(attempt_id)
    lang = language or record.language
    if record.scenario_id != scenario.id:
        raise SessionError(t("drill.err.other_scenario", lang, id=attempt_id, scenario=record.scenario_id,
                             given=scenario.id))
    answers = store.answers(attempt_id)
    met = attempt_scenario(scenario, attempt_id, [a.prompt_id for a in answers])    # each variant by its own key
    card = score_attempt(met, {a.prompt_id: a.value for a in answers}, lang,
                         elapsed={a.prompt_id: a.elapsed for a in answers}, trainee=record.trainee,
                         attempt_id=attempt_id, overrides=overrides_of(store, attempt_id))
    store.save_score(attempt_id, card)
    return card


def overrides_of(store: AttemptLog, attempt_id: int) -> list:
    """The trainers' overrides of the attempt's replies (:mod:`sim.drill.overrides`), applied by every scoring
    so that a re-score never undoes one. A log that keeps no overrides (a test's) has none."""
    kept = getattr(store, "overrides", None)
    return list(kept(attempt_id)) if callable(kept) else []


__all__ = ["Acknowledgement", "AlreadyAnswered", "AnswerError", "DrillOver", "DrillSession", "NotNextPrompt",
           "SessionError", "UnknownPrompt", "overrides_of", "rescore"]
