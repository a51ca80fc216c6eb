"""Drafts: what a trainee has typed into the open prompt but not yet submitted (the one mutable table).

A draft is autosaved in ``drafts`` (one row per prompt per attempt, upserted; answers stay append-only), so
a page reload or a kernel restart loses nothing. A draft stops counting once its prompt has an answer:
:meth:`Drafts.drafts` leaves answered prompts out (the answer path never touches drafts).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from sim.store import text
from sim.store.schema import Database, answers, drafts, now


class Drafts(Database):
    """The ``drafts`` table (the results store is one of these)."""

    def save_draft(self, attempt_id: int, prompt_id: str, value: Any) -> None:
        """Keep what the trainee has entered for a prompt but not submitted (replaces the previous draft)."""
        prompt_id = text.label(prompt_id, "prompt", self.lang, text.limit(drafts.c.prompt_id))
        payload = text.free(value, "draft", self.lang)
        row = {"attempt_id": attempt_id, "prompt_id": prompt_id, "value": payload, "saved_at": now()}

        def run(conn):
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):
                if dialect == "sqlite":
                    from sqlalchemy.dialects.sqlite import insert
                else:
                    from sqlalchemy.dialects.postgresql import insert
                stmt = insert(drafts).values(**row)
                conn.execute(stmt.on_conflict_do_update(
                    index_elements=[drafts.c.attempt_id, drafts.c.prompt_id],
                    set_={"value": stmt.excluded.value, "saved_at": stmt.excluded.saved_at}))
                return
            done = conn.execute(drafts.update().where(drafts.c.attempt_id == attempt_id, drafts.c.prompt_id == prompt_id)
                                .values(value=payload, saved_at=row["saved_at"])).rowcount
            if not done:
                conn.execute(drafts.insert().values(**row))
        self.write(run)

    def drafts(self, attempt_id: int) -> dict[str, Any]:
        """The attempt's drafts by prompt id, leaving out prompts that have an answer by now."""
        answered = sa.select(answers.c.id).where(answers.c.attempt_id == drafts.c.attempt_id,
                                                 answers.c.prompt_id == drafts.c.prompt_id).exists()
        rows = self.read(lambda conn: conn.execute(
            sa.select(drafts.c.prompt_id, drafts.c.value)
            .where(drafts.c.attempt_id == attempt_id, ~answered).order_by(drafts.c.id)).all())
        return {r.prompt_id: r.value for r in rows}


__all__ = ["Drafts"]
