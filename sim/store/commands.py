"""Live command-drill runs: one row per run (the duty manager's result as JSON), attributed to cohorts.

A run counts for the cohort its duty manager was known by (``result["identity"]``: a personal link's cohort or
the cohort code given), else for the one :func:`~sim.store.cohorts.owner` gives among its trainee's cohorts at
the time it was stored (no assignments: a command drill is not assigned like a trainee drill). A practice run
(a typed name) counts for no cohort.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from sim.store import text
from sim.store.cohorts import member_cohorts, owner
from sim.store.schema import Database, command_results, now, trainees, utc

RESULT_CHARS = 5_000_000          # a command-drill result as JSON (a day's drill is some 100 kB)


@dataclass(frozen=True)
class CommandRecord:
    id: int
    trainee: str
    scenario_id: str
    content_hash: str
    language: str
    created_at: datetime
    score: float
    result: dict


class Commands(Database):
    """The ``command_results`` table (the results store is one of these: ``trainee``, ``_attempt_labels``,
    ``get_cohort`` and ``members`` are the store's)."""

    def save_command_result(self, trainee: str, scenario_id: str, content_hash: str, language: str,
                            result: dict) -> int:
        """Store one command-drill result (``dataclasses.asdict(CommandResult)``); NaN is stored as null."""
        scenario_id, content_hash, language = self._attempt_labels(scenario_id, content_hash, language)
        trainee_id = self.trainee(trainee)
        payload = text.free(result, "result", self.lang, size=RESULT_CHARS)
        score = text.finite_or_none(payload.get("score")) or 0.0
        return self.write(lambda conn: conn.execute(command_results.insert().values(
            trainee_id=trainee_id, scenario_id=scenario_id, content_hash=content_hash, language=language,
            created_at=now(), score=score, result=payload)).inserted_primary_key[0])

    def command_results(self, trainee: str | None = None, cohort_id: int | None = None) -> list[CommandRecord]:
        """Command-drill results, newest first: all, one trainee's, and/or those counting for a cohort."""
        where = []
        if trainee is not None:
            found = text.findable(trainee, text.limit(trainees.c.name))
            if found is None:
                return []
            where.append(trainees.c.name == found)
        ids: list[int] = []
        if cohort_id is not None:
            self.get_cohort(cohort_id)
            ids = [m.trainee_id for m in self.members(cohort_id)]
            if not ids:
                return []
            where.append(command_results.c.trainee_id.in_(ids))

        def run(conn):
            rows = conn.execute(sa.select(command_results, trainees.c.name.label("trainee")).join(trainees)
                                .where(*where).order_by(command_results.c.id.desc())).all()
            return rows, (member_cohorts(conn, ids) if cohort_id is not None else {})
        rows, theirs = self.read(run)
        out = []
        for r in rows:
            if cohort_id is not None:
                # how the duty manager was known (sim.ui.command_drill): practice (a typed name) counts for no
                # cohort; a personal link or a cohort code names the cohort; older runs: the cohort they were in
                ident = (r.result or {}).get("identity") or {} if isinstance(r.result, dict) else {}
                if ident.get("practice"):
                    continue
                if ident.get("cohort_id") is not None:
                    if ident["cohort_id"] != cohort_id:
                        continue
                else:
                    candidates = [(created, cid) for cid, created in theirs.get(r.trainee_id, [])]
                    if owner(utc(r.created_at), candidates) != cohort_id:
                        continue
            out.append(CommandRecord(r.id, r.trainee, r.scenario_id, r.content_hash, r.language,
                                     utc(r.created_at), r.score, r.result))
        return out


__all__ = ["RESULT_CHARS", "CommandRecord", "Commands"]
