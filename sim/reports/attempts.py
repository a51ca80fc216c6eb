"""Attempts per trainee: which attempt counts under each assignment's policy, and the others.

A cohort's result for one trainee and scenario is the **counted attempt** that the assignment's attempt
policy picks (:func:`sim.drill.attempt_policy.counted_attempt`: the first, best or last finished one; with no
policy set, the last). Every other attempt stays stored and is listed here, with its number (the order the
trainee started them in) and its score, marked as not counted: a retake taken after reading the key is seen,
and cannot hide the first result under a "first attempt" policy. Practice attempts are not read at all
(:meth:`sim.store.cohorts.Cohorts.cohort_attempts` leaves them out): they never count.

The dashboard's progress tab and the after-action report show :func:`attempts_html`; ``attempts.csv`` is
:attr:`~sim.reports.cohort.CohortData.tries` (one row per attempt); :func:`policy_text` says a policy in words.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from sim.drill.attempt_policy import DEFAULT_POLICY, AttemptPolicy, attempt_numbers, counted_attempt
from sim.drill.attempts import FINISHED, Attempt
from sim.drill.scorecard import passes
from sim.i18n import t
from sim.reports.markup import Raw, join, num, table, tag

TRY_COLUMNS = ["trainee", "scenario_id", "attempt_id", "attempt_number", "status", "counted", "percent", "passed",
               "started_at", "finished_at", "language"]


@dataclass(frozen=True)
class Chosen:
    """One trainee's attempts at one assignment, as the policy sees them."""
    counted: Attempt | None         # the finished attempt that counts (None: none finished yet)
    shown: Attempt | None           # what the result row shows: the counted one, else the latest started
    numbers: dict[int, int]         # attempt id -> its number (1 = started first)


def choose(mine: list[Attempt], totals: dict[int, float], policy: AttemptPolicy = DEFAULT_POLICY) -> Chosen:
    """The counted attempt among ``mine`` (one trainee's attempts at one assignment, practice left out), what
    the result shows when none is finished (the latest started), and every attempt's number."""
    counted = counted_attempt(mine, totals, policy)
    latest = max(mine, key=lambda a: a.id) if mine else None
    return Chosen(counted, counted or latest, attempt_numbers(mine))


def policy_text(policy: AttemptPolicy, due: date | None, lang: str) -> str:
    """The policy in words: 'first attempt counts · at most 2 attempts · key after the due date (2026-06-30)'."""
    attempts = (t("policy.unlimited", lang) if policy.max_attempts is None
                else t("policy.max", lang, n=policy.max_attempts))
    key = t(f"policy.key.{policy.key_shown}", lang)
    if policy.key_shown == "after_due":
        key += f" ({due.isoformat() if due else t('policy.no_due', lang)})"
    return " · ".join([t(f"policy.counted.{policy.counted}", lang), attempts, key])


def attempt_note(row, lang: str) -> str:
    """'attempt 1 of 3' for a result row that has attempts ("" for none)."""
    n, of = row.attempt_number, row.attempts
    if n is None or pd.isna(n) or not of:
        return ""
    return t("report.status.attempt", lang, n=int(n), of=int(of))


def _try_cell(row, lang: str) -> str:
    """One attempt in short: '#2 96% passed', '#3 in progress'."""
    if row.status == FINISHED and row.percent is not None and not math.isnan(row.percent):
        mark = t("report.status.passed" if row.passed else "report.status.failed", lang)
        return f"#{row.attempt_number} " + t("report.status.finished", lang, percent=row.percent, mark=mark)
    return f"#{row.attempt_number} " + t(f"report.status.{row.status}", lang)


def attempts_html(data, anonymise: bool = False) -> Raw:
    """Per trainee and assigned scenario: the policy, the number of attempts, the counted one and the others
    (not counted, kept)."""
    lang = data.lang
    tries = data.tries
    if not len(tries):
        return join([tag("h3", t("report.h.attempts", lang)), tag("p", t("report.attempts.none", lang),
                                                                     class_="muted")])
    rows: list[list[Any]] = []
    for m in data.members:
        for sid in data.scenarios:
            mine = tries[(tries.trainee == m.name) & (tries.scenario_id == sid)]
            if not len(mine):
                continue
            counted = mine[mine.counted]
            others = mine[~mine.counted]
            rows.append([data.name(m.name, anonymise), data.scenarios[sid].title.get(lang),
                         num(len(mine), "{:d}", data_key="attempts", data_trainee=data.name(m.name, anonymise),
                             data_scenario=sid),
                         (join([_try_cell(r, lang) for r in counted.itertuples(index=False)]) or "—",
                          {"data_key": "counted", "data_scenario": sid}),
                         join([_try_cell(r, lang) for r in others.itertuples(index=False)], " · ") or "—"])
    policies = [tag("li", f"{data.scenarios[sid].title.get(lang)}: "
                          f"{policy_text(data.policies.get(sid, DEFAULT_POLICY), data.due.get(sid), lang)}")
                for sid in data.scenarios]
    return join([tag("h3", t("report.h.attempts", lang)), tag("p", t("report.attempts.intro", lang), class_="muted"),
                 tag("ul", join(policies)),
                 table([t("report.col.trainee", lang), t("report.col.scenario", lang), t("report.col.attempts", lang),
                        t("report.col.counted", lang), t("report.col.others", lang)], rows, data_table="attempts")])


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def tabulate(data) -> None:
    """Fill a :class:`~sim.reports.cohort.CohortData`'s tables from its attempts and scores: ``results`` (one row
    per trainee × assigned scenario: the counted attempt, its number, the number of attempts, the policy's
    rule), ``tries`` (one row per attempt), ``prompts`` and ``steps`` (of the counted attempts)."""
    by_pair: dict[tuple[str, str], list[Attempt]] = {}
    for a in data.attempts:                            # newest first
        by_pair.setdefault((a.trainee, a.scenario_id), []).append(a)
    rows, prompt_rows, step_rows, try_rows = [], [], [], []
    hashes = {sid: sc.content_hash() for sid, sc in data.scenarios.items()}
    for m in data.members:
        for sid in data.scenarios:
            mine = by_pair.get((m.name, sid), [])
            policy = data.policies.get(sid, DEFAULT_POLICY)
            pick = choose(mine, {a.id: data.scores[a.id].total for a in mine if a.id in data.scores}, policy)
            chosen = pick.shown
            done = pick.counted is not None
            status = "finished" if done else "in_progress" if mine else "not_started"
            due = data.due.get(sid)
            row: dict[str, Any] = {
                "trainee": m.name, "team": m.team or "", "role": m.role or "", "scenario_id": sid,
                "status": status, "attempt_id": chosen.id if chosen else None,
                "attempt_number": pick.numbers.get(chosen.id) if chosen else None, "attempts": len(mine),
                "counts": policy.counted, "max_attempts": policy.max_attempts,
                "started_at": _utc(chosen.started_at) if chosen else None,
                "finished_at": _utc(chosen.finished_at) if chosen else None, "due": due,
                "overdue": bool(due is not None and due < data.today and status != "finished"),
                "percent": math.nan, "points": math.nan, "max_points": math.nan, "passed": None,
                "critical": None, "stale": None, "content_hash": None, "language": chosen.language if chosen else None}
            if done:
                score = data.scores[chosen.id]
                detail = score.detail
                critical = bool(detail.get("critical"))
                total = score.total
                passed = passes(total, data.pass_mark(sid), critical)
                row.update(percent=100.0 * total, points=score.points, max_points=score.max_points, passed=passed,
                           critical=critical, content_hash=score.content_hash,
                           stale=score.content_hash != hashes[sid])
                for p in detail.get("prompts", []):
                    prompt_rows.append({"trainee": m.name, "scenario_id": sid, "attempt_id": chosen.id, **p})
                for step_id, s in detail.get("steps", {}).items():
                    step_rows.append({"trainee": m.name, "scenario_id": sid, "attempt_id": chosen.id,
                                      "step": step_id, "rating": s["rating"], "points": s["points"],
                                      "max_points": s["max_points"], "critical": bool(s.get("critical"))})
            rows.append(row)
            for a in sorted(mine, key=lambda a: a.id):
                scored = data.scores.get(a.id) if a.status == "finished" else None
                try_rows.append({
                    "trainee": m.name, "scenario_id": sid, "attempt_id": a.id, "attempt_number": pick.numbers[a.id],
                    "status": a.status, "counted": pick.counted is not None and a.id == pick.counted.id,
                    "percent": 100.0 * scored.total if scored else math.nan,
                    "passed": passes(scored.total, data.pass_mark(sid), bool(scored.detail.get("critical")))
                    if scored else None,
                    "started_at": _utc(a.started_at), "finished_at": _utc(a.finished_at), "language": a.language})
    data.results = pd.DataFrame(rows, columns=[
        "trainee", "team", "role", "scenario_id", "status", "attempt_id", "attempt_number", "attempts", "counts",
        "max_attempts", "started_at", "finished_at", "due", "overdue", "percent", "points", "max_points", "passed",
        "critical", "stale", "content_hash", "language"])
    # whole numbers that may be missing (no attempt; unlimited): exported as 3, not 3.0
    data.results = data.results.astype({"attempt_id": "Int64", "attempt_number": "Int64", "max_attempts": "Int64"})
    data.tries = tries_frame(try_rows)
    data.prompts = pd.DataFrame(prompt_rows)
    data.steps = pd.DataFrame(step_rows, columns=["trainee", "scenario_id", "attempt_id", "step", "rating", "points",
                                                  "max_points", "critical"])


def tries_frame(rows: list[dict] | None = None) -> pd.DataFrame:
    """One row per attempt (:data:`TRY_COLUMNS`); empty without rows."""
    return pd.DataFrame(rows or [], columns=TRY_COLUMNS).astype({"counted": bool})


__all__ = ["TRY_COLUMNS", "Chosen", "attempt_note", "attempts_html", "choose", "policy_text", "tabulate", "tries_frame"]
