"""Trainers' overrides of reply points, kept like answers: appended, never updated or deleted.

A row says: in attempt A, the reply to prompt P is worth ``points`` (it scored ``old_points`` just
before), because ``comment``, said ``by`` a trainer ``at`` a time. The store keeps every row, so the
history of an attempt's overrides stays readable; which one counts (the latest per prompt) and how it
changes a score are the drill's rules (:mod:`sim.drill.overrides`). Whether the override is allowed (a
reply the attempt answered, points within the prompt's) needs the scenario and is checked before it
gets here (:mod:`sim.reports.overrides`); the store checks only that the attempt exists.
"""
from __future__ import annotations

import sqlalchemy as sa

from sim.drill.overrides import Override
from sim.i18n import t
from sim.store import text
from sim.store.schema import Database, StoreError, attempts, now, overrides, utc


def stored_override(r) -> Override:
    """An ``overrides`` row as the drill's record."""
    return Override(r.id, r.attempt_id, r.prompt_id, r.points, r.old_points, r.comment, r.by, utc(r.at))


class Overrides(Database):
    """The ``overrides`` table (the results store is one of these)."""

    def add_override(self, attempt_id: int, prompt_id: str, points: float, old_points: float | None, comment: str,
                     by: str) -> Override:
        """Append an override; committed when this returns. StoreError if there is no such attempt, or a text
        cannot be stored (:mod:`sim.store.text`: the comment may be long, with line breaks)."""
        prompt_id = text.label(prompt_id, "prompt", self.lang, text.limit(overrides.c.prompt_id))
        if not isinstance(comment, str):
            raise StoreError(t("drill.store.not_text", self.lang, field=text.field_name("comment", self.lang),
                               type=type(comment).__name__))
        comment = text.free(comment, "comment", self.lang, size=text.COMMENT_CHARS)
        by = text.label(by, "by", self.lang, text.limit(overrides.c.by))

        def run(conn):
            if conn.execute(sa.select(attempts.c.id).where(attempts.c.id == attempt_id)).first() is None:
                raise StoreError(t("drill.store.no_attempt", self.lang, id=attempt_id, url=self.url))
            at = now()
            new_id = conn.execute(overrides.insert().values(
                attempt_id=attempt_id, prompt_id=prompt_id, points=float(points),
                old_points=None if old_points is None else float(old_points), comment=comment, by=by,
                at=at)).inserted_primary_key[0]
            return Override(new_id, attempt_id, prompt_id, float(points),
                            None if old_points is None else float(old_points), comment, by, at)
        return self.write(run)

    def overrides(self, attempt_id: int) -> list[Override]:
        """Every override of the attempt, oldest first (the whole history; the latest per prompt counts)."""
        return self.overrides_for([attempt_id])[attempt_id]

    def overrides_for(self, attempt_ids) -> dict[int, list[Override]]:
        """attempt id -> its overrides, oldest first."""
        ids = list(attempt_ids)
        if not ids:
            return {}
        rows = self.read(lambda conn: conn.execute(
            sa.select(overrides).where(overrides.c.attempt_id.in_(ids)).order_by(overrides.c.id)).all())
        out: dict[int, list[Override]] = {i: [] for i in ids}
        for r in rows:
            out[r.attempt_id].append(stored_override(r))
        return out


__all__ = ["Overrides"]
