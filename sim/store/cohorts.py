"""Cohorts: the trainer's side of the results database.

A *cohort* (name, year, an optional pass mark of its own) is a group of trainees drilled together, say
"Hotline 2026". It has *members* (trainee, team, role: a role id of the plan) and *assignments*
(scenario id, due date). A trainee can belong to this year's and last year's cohort.

Which results count for a cohort: an attempt counts when its trainee is a member, its scenario is
assigned to the cohort, and the cohort is the trainee's latest cohort with that scenario created at or
before the attempt started (an attempt started before any of them counts for the earliest; see
:func:`owner`). Live command drills are attributed by the same rule, without assignments. The queries
that apply it are :meth:`Cohorts.cohort_attempts` (practice attempts left out: they never count) and the attempt
policy's (:mod:`sim.store.policy`: how many attempts a trainee has left, whether the key may be shown).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from sim.drill.attempts import Attempt
from sim.i18n import t
from sim.store import text
from sim.store.schema import (
    Database,
    StoreError,
    assignments,
    attempt_context,
    attempts,
    cohort_members,
    cohorts,
    now,
    trainees,
    utc,
)

# Attempts with their trainee's name, as the store reads them (stored_attempt makes the record)
ATTEMPT_ROWS = sa.select(attempts, trainees.c.name.label("trainee")).join(trainees)


_LABEL = re.compile(r"(?P<name>.+?)\s*[(（]\s*(?P<year>\d{4})\s*[)）]")     # "Hotline (2026)", "热线组（2026）"


def _loose(name: str) -> str:
    """A cohort name as a trainee may type it: width folded (ＡＢＣ, full-width spaces), case ignored, runs of
    spaces as one.

    >>> _loose("  Hotline\u3000TEAM "), _loose("热线 一组") == _loose("热线一组")
    ('hotline team', False)
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    year: int | None
    pass_mark: float | None            # overrides the scenarios' pass marks when set
    created_at: datetime

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})" if self.year is not None else self.name


@dataclass(frozen=True)
class Member:
    cohort_id: int
    trainee_id: int
    name: str
    team: str | None
    role: str | None
    added_at: datetime


@dataclass(frozen=True)
class Assignment:
    cohort_id: int
    scenario_id: str
    due: date | None
    assigned_at: datetime


def owner(when: datetime, candidates: list[tuple[datetime, int]]) -> int | None:
    """The cohort a record made at ``when`` counts for: the latest candidate (created_at, cohort id) created
    at or before it, else the earliest.

    >>> jan, jun, dec = (datetime(2026, m, 1) for m in (1, 6, 12))
    >>> owner(jun, [(jan, 1), (dec, 2)]), owner(datetime(2025, 1, 1), [(jan, 1), (dec, 2)])
    (1, 1)
    """
    if not candidates:
        return None
    ordered = sorted(candidates)
    before = [cid for created, cid in ordered if created <= when]
    return before[-1] if before else ordered[0][1]


def stored_attempt(r) -> Attempt:
    """A row of :data:`ATTEMPT_ROWS` as the drill's record."""
    return Attempt(r.id, r.trainee, r.scenario_id, r.content_hash, r.language, r.started_at, r.finished_at,
                   r.status)


def member_cohorts(conn, trainee_ids) -> dict[int, list[tuple[int, datetime]]]:
    """trainee id -> [(cohort id, cohort created_at)] for every cohort the trainee belongs to (also a cohort
    recorded only on the trainee's row, as the engine's older way in did)."""
    rows = conn.execute(sa.select(cohort_members.c.trainee_id, cohorts.c.id, cohorts.c.created_at)
                        .join(cohorts, cohorts.c.id == cohort_members.c.cohort_id)
                        .where(cohort_members.c.trainee_id.in_(trainee_ids))).all()
    legacy = conn.execute(sa.select(trainees.c.id.label("trainee_id"), cohorts.c.id, cohorts.c.created_at)
                          .join(cohorts, cohorts.c.id == trainees.c.cohort_id)
                          .where(trainees.c.id.in_(trainee_ids))).all()
    out: dict[int, list[tuple[int, datetime]]] = {}
    for r in list(rows) + list(legacy):
        pair = (r.id, utc(r.created_at))
        if pair not in out.setdefault(r.trainee_id, []):
            out[r.trainee_id].append(pair)
    return out


def _cohort(row) -> Cohort:
    return Cohort(row.id, row.name, row.year, row.pass_mark, utc(row.created_at))


class Cohorts(Database):
    """Cohorts, their members and assignments (the results store is one of these)."""

    def cohort(self, name: str, year: int | None = None, pass_mark: float | None = None) -> int:
        """The id of cohort ``name`` (``year``), created if new."""
        name = text.label(name, "cohort", self.lang, text.limit(cohorts.c.name))

        def run(conn):
            same_year = cohorts.c.year == year if year is not None else cohorts.c.year.is_(None)
            row = conn.execute(sa.select(cohorts.c.id).where(cohorts.c.name == name, same_year)).first()
            if row:
                return row.id
            return conn.execute(cohorts.insert().values(name=name, year=year, pass_mark=pass_mark,
                                                        created_at=now())).inserted_primary_key[0]
        return self.write_or_adopt(run)

    def cohorts(self) -> list[Cohort]:
        """Every cohort, oldest year first (then by creation)."""
        out = [_cohort(r) for r in self.read(lambda conn: conn.execute(sa.select(cohorts)).all())]
        return sorted(out, key=lambda c: (c.year if c.year is not None else -1, c.created_at, c.id))

    def get_cohort(self, cohort_id: int) -> Cohort:
        row = self.read(lambda conn: conn.execute(sa.select(cohorts).where(cohorts.c.id == cohort_id)).first())
        if row is None:
            raise StoreError(t("report.store.no_cohort", self.lang, id=cohort_id, url=self.url))
        return _cohort(row)

    def find_cohort(self, name: str, year: int | None = None) -> Cohort | None:
        """The cohort called ``name`` (in ``year``, if given; else the latest of that name), or None.

        As a trainee types a cohort code: spelt exactly, or else ignoring case, width and spacing ("hotline
        team" finds "Hotline Team"), and as a cohort's label ("Hotline Team (2026)"). A loose spelling that
        fits cohorts of two different names finds none (the caller lists the cohorts)."""
        if year is None and (labelled := _LABEL.fullmatch(name.strip())):
            name, year = labelled["name"], int(labelled["year"])
        exact = text.findable(name, text.limit(cohorts.c.name))
        listed = [c for c in self.cohorts() if year is None or c.year == year]
        found = [c for c in listed if c.name == exact] if exact is not None else []
        if not found:
            loose = _loose(name)
            found = [c for c in listed if _loose(c.name) == loose] if loose else []
            if len({c.name for c in found}) > 1:
                return None
        return found[-1] if found else None

    # --- members ------------------------------------------------------------------------------
    @staticmethod
    def _join(conn, cohort_id: int, trainee_id: int, team: str | None, role: str | None, keep: bool = False) -> str:
        """Put a trainee in a cohort (with team and role); 'new', 'updated' or 'same'."""
        row = conn.execute(sa.select(cohort_members).where(cohort_members.c.cohort_id == cohort_id,
                                                           cohort_members.c.trainee_id == trainee_id)).first()
        if row is None:
            conn.execute(cohort_members.insert().values(cohort_id=cohort_id, trainee_id=trainee_id, team=team,
                                                        role=role, added_at=now()))
            return "new"
        if keep or (row.team, row.role) == (team, role):
            return "same"
        conn.execute(cohort_members.update().where(cohort_members.c.id == row.id).values(team=team, role=role))
        return "updated"

    def add_members(self, cohort_id: int, people) -> dict[str, int]:
        """Put trainees ``(name, team, role)`` in the cohort, in one transaction: all of them or none.
        Trainees are created if new; a member's team and role are updated. Counts of new / updated / same."""
        people = [(text.label(name, "trainee", self.lang, text.limit(trainees.c.name)),
                   text.optional_label(team, "team", self.lang, text.limit(cohort_members.c.team)),
                   text.optional_label(role, "role", self.lang, text.limit(cohort_members.c.role)))
                  for name, team, role in people]
        if any(not name for name, _, _ in people):
            raise StoreError(t("drill.store.no_name", self.lang))
        self.get_cohort(cohort_id)

        def run(conn):
            counts = {"new": 0, "updated": 0, "same": 0}
            for name, team, role in people:
                row = conn.execute(sa.select(trainees.c.id).where(trainees.c.name == name)).first()
                if row is None:
                    trainee_id = conn.execute(trainees.insert().values(name=name, cohort_id=cohort_id,
                                                                       created_at=now())).inserted_primary_key[0]
                else:
                    trainee_id = row.id
                    conn.execute(trainees.update().where(trainees.c.id == trainee_id).values(cohort_id=cohort_id))
                counts[self._join(conn, cohort_id, trainee_id, team, role)] += 1
            return counts
        return self.write_or_adopt(run)      # a concurrent import may create one of them first

    def members(self, cohort_id: int) -> list[Member]:
        """The cohort's trainees in the order they joined (also trainees put in it by
        :meth:`~sim.store.results.Store.trainee` before memberships were recorded)."""
        def run(conn):
            rows = conn.execute(sa.select(cohort_members, trainees.c.name).join(trainees)
                                .where(cohort_members.c.cohort_id == cohort_id)
                                .order_by(cohort_members.c.id)).all()
            legacy = conn.execute(sa.select(trainees).where(
                trainees.c.cohort_id == cohort_id,
                trainees.c.id.not_in(sa.select(cohort_members.c.trainee_id)
                                     .where(cohort_members.c.cohort_id == cohort_id)))
                .order_by(trainees.c.id)).all()
            return rows, legacy
        rows, legacy = self.read(run)
        out = [Member(cohort_id, r.trainee_id, r.name, r.team, r.role, utc(r.added_at)) for r in rows]
        out += [Member(cohort_id, r.id, r.name, None, None, utc(r.created_at)) for r in legacy]
        return out

    def _member_cohorts(self, conn, trainee_ids) -> dict[int, list[tuple[int, datetime]]]:
        """trainee id -> [(cohort id, cohort created_at)] (:func:`member_cohorts`)."""
        return member_cohorts(conn, trainee_ids)

    def cohort_attempts(self, cohort_id: int, *, practice: bool = False) -> list[Attempt]:
        """The attempts that count for the cohort (:mod:`sim.store.cohorts`), newest first; practice attempts
        (typed names: they never count) are left out unless ``practice``."""
        self.get_cohort(cohort_id)
        ids = [m.trainee_id for m in self.members(cohort_id)]
        if not ids:
            return []

        def run(conn):
            theirs = member_cohorts(conn, ids)
            assigned = conn.execute(sa.select(assignments.c.cohort_id, assignments.c.scenario_id).where(
                assignments.c.cohort_id.in_(sorted({cid for pairs in theirs.values() for cid, _ in pairs})))).all()
            rows = conn.execute(ATTEMPT_ROWS.where(attempts.c.trainee_id.in_(ids)).order_by(attempts.c.id.desc())).all()
            skip = set() if practice else set(conn.execute(sa.select(attempt_context.c.attempt_id).join(
                attempts, attempts.c.id == attempt_context.c.attempt_id).where(
                attempts.c.trainee_id.in_(ids), attempt_context.c.practice.is_(True))).scalars())
            return theirs, {(a.cohort_id, a.scenario_id) for a in assigned}, rows, skip
        theirs, assigned, rows, skip = self.read(run)
        out = []
        for r in rows:
            if r.id in skip:
                continue
            candidates = [(created, cid) for cid, created in theirs.get(r.trainee_id, [])
                          if (cid, r.scenario_id) in assigned]
            if owner(utc(r.started_at), candidates) == cohort_id:
                out.append(stored_attempt(r))
        return out

    # --- assignments --------------------------------------------------------------------------
    def assign(self, cohort_id: int, scenario_id: str, due: date | None = None) -> str:
        """Assign a scenario to the cohort (or change its due date): 'new' or 'updated'."""
        scenario_id = text.label(scenario_id, "scenario", self.lang, text.limit(assignments.c.scenario_id))
        self.get_cohort(cohort_id)

        def run(conn):
            row = conn.execute(sa.select(assignments.c.id).where(assignments.c.cohort_id == cohort_id,
                                                                 assignments.c.scenario_id == scenario_id)).first()
            if row is None:
                conn.execute(assignments.insert().values(cohort_id=cohort_id, scenario_id=scenario_id, due=due,
                                                         assigned_at=now()))
                return "new"
            conn.execute(assignments.update().where(assignments.c.id == row.id).values(due=due))
            return "updated"
        return self.write_or_adopt(run)

    def assignments(self, cohort_id: int) -> list[Assignment]:
        rows = self.read(lambda conn: conn.execute(
            sa.select(assignments).where(assignments.c.cohort_id == cohort_id).order_by(assignments.c.id)).all())
        return [Assignment(r.cohort_id, r.scenario_id, r.due, utc(r.assigned_at)) for r in rows]


__all__ = ["ATTEMPT_ROWS", "Assignment", "Cohort", "Cohorts", "Member", "member_cohorts", "owner", "stored_attempt"]
