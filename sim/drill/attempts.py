"""An attempt's record: what a drill keeps of a trainee's attempt, and the log it is kept in.

An *attempt* is one trainee's run at one scenario's drill, in one language, against one version of the
scenario (its content hash). Its *answers* are stored one per prompt, in the order given, each with the
seconds the trainee took; they are never changed or replaced, so a score can always be recomputed from
them (:func:`sim.drill.scorecard.score_attempt`).

The drill engine does not know where attempts are kept. It talks to an :class:`AttemptLog`: anything
with the methods below. Two of them are what keeps several views of one attempt (browser tabs, kernels)
honest: :meth:`~AttemptLog.open_attempt` gives concurrent starts one attempt, and
:meth:`~AttemptLog.finish_scored` stores a score of exactly the answers stored when it finishes. The kit's durable log is the results database, :class:`sim.store.results.Store`
(SQLite or PostgreSQL); a test may pass any object that behaves the same way. The log hands back plain
:class:`Attempt` and :class:`Answer` records, and raises :class:`AnswerExists` when a prompt of the
attempt already has an answer (say, from a second browser tab): the session then adopts that answer.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

IN_PROGRESS, FINISHED = "in_progress", "finished"      # an attempt's status
# An attempt in progress from an older version of the scenario, replaced by a new attempt at the current one:
# closed, so it can be neither resumed nor finished beside its replacement, and never charged.
SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Attempt:
    """One trainee's attempt at one scenario (``status``: in_progress, finished or superseded)."""
    id: int
    trainee: str
    scenario_id: str
    content_hash: str                  # the scenario version the attempt started with
    language: str
    started_at: datetime
    finished_at: datetime | None
    status: str


@dataclass(frozen=True)
class Answer:
    """One stored answer: committed before it is scored, never replaced."""
    id: int
    attempt_id: int
    prompt_id: str
    value: Any                         # the answer in its stored form (sim.drill.scoring.normalise_answer)
    elapsed: float | None              # real seconds from showing the prompt to answering it
    answered_at: datetime


class AnswerExists(Exception):
    """This prompt of this attempt already has a stored answer (answers are never replaced)."""


class AttemptLog(Protocol):
    """Where a drill keeps its attempts, answers and scores (:class:`sim.store.results.Store`)."""

    def start_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str) -> int:
        """A new attempt, always."""
        ...

    def open_attempt(self, trainee: str, scenario_id: str, content_hash: str, language: str, *,
                     instead_of: int | None = None) -> int:
        """The trainee's latest attempt in progress at the scenario, started if there is none (or if it is
        ``instead_of``); idempotent under concurrent callers: two starting at once get one attempt."""
        ...

    def attempt(self, attempt_id: int) -> Attempt:
        """The attempt with this id. An unknown id raises an error whose message, for the user, names it
        (the results store's ``StoreError``); the session lets it through."""
        ...

    def attempts(self, trainee: str | None = None, scenario_id: str | None = None,
                 status: str | None = None) -> list[Attempt]: ...

    def add_answer(self, attempt_id: int, prompt_id: str, value: Any, elapsed: float | None = None) -> Answer:
        """Store one answer, committed when this returns; AnswerExists if the prompt has one already."""
        ...

    def answers(self, attempt_id: int) -> list[Answer]: ...

    def save_score(self, attempt_id: int, card: Any) -> int:
        """Add a score row for a Scorecard (earlier scores are kept)."""
        ...

    def finish_attempt(self, attempt_id: int) -> None: ...

    def finish_scored(self, attempt_id: int, score: Callable[[list[Answer], list[Any]], Any]) -> tuple[Any, bool]:
        """Finish the attempt with ``score(stored answers, stored overrides)``, stored in the transaction that
        finishes it and only if those are still what is stored (else scored again). (card, True); or, if
        it was finished already, (the card of what is stored, False) and nothing stored."""
        ...


__all__ = ["FINISHED", "IN_PROGRESS", "SUPERSEDED", "Answer", "AnswerExists", "Attempt", "AttemptLog"]
