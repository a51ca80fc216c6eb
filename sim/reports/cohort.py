"""A cohort's drill results, gathered from the store, and the analyses the trainer dashboard and the
after-action report show.

What counts (documented for trainers):

* one result per trainee and assigned scenario: the **counted attempt** among the trainee's attempts that
  count for the cohort (see :mod:`sim.store.cohorts`; practice attempts never do), picked by the
  assignment's attempt policy (:mod:`sim.reports.attempts`: the first, best or last finished one; the last
  when no policy was set), scored with its **latest score** (a re-score adds a score and keeps the earlier
  ones); with its number (the order the trainee started their attempts in) and the number of attempts;
  every other attempt stays stored and is listed in :attr:`CohortData.tries`; status ``not_started``,
  ``in_progress`` or ``finished``; *overdue* when the due date has passed and the scenario is not finished;
* passed: the score reaches the cohort's pass mark (or the scenario's, when the cohort has none) and no
  critical flag was raised;
* per plan step, the HSEEP ratings of every finished result are counted (P/S/M/U/N/A), and the cohort's
  rating for the step comes from the pooled share of points (earned over available, all results) with
  the plan's thresholds;
* one trainee's drill-down lists every prompt with the answer as the trainee saw it
  (:func:`sim.drill.answers.answer_text`), its points, rating and feedback, the sentences that met each
  criterion of a reply, the trainer's override of its points if any, and the score's history;
* re-scoring a cohort (:func:`rescore_cohort`, after a rubric change) scores each finished attempt again
  exactly as the drill did (:func:`sim.drill.session.rescore`) and keeps the earlier scores.

What the cohort did well and where it fell short (criteria, conduct flags, timeliness) is
:mod:`sim.reports.findings`.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from sim.drill.answers import answer_text
from sim.drill.attempt_policy import AttemptPolicy
from sim.drill.scorecard import NOT_OBSERVED, RATINGS
from sim.drill.session import rescore
from sim.drill.view import TraineePrompt, trainee_prompt
from sim.format.library import cached_scenario, default_plan_path
from sim.format.load import load_plan
from sim.format.plan import Plan
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario
from sim.format.vocabulary import RATING_IDS
from sim.i18n import t
from sim.reports.attempts import attempt_note, tabulate, tries_frame
from sim.store.results import Attempt, Cohort, CommandRecord, Member, Score, Store


def load_scenarios(ids, scenarios: dict[str, Scenario] | None = None, lang: str = "en") -> dict[str, Scenario]:
    """The scenarios with these ids: from ``scenarios`` when given there, else from the scenario library
    (UsageError naming the id when it cannot be found). Library scenarios are cached until a library file
    changes (an edited rubric is picked up)."""
    out: dict[str, Scenario] = {}
    for sid in ids:
        out[sid] = scenarios[sid] if scenarios is not None and sid in scenarios else cached_scenario(sid, lang)
    return out


@dataclass
class CohortData:
    """Everything the dashboard and the report need about one cohort (read once from the store)."""
    store: Store
    cohort: Cohort
    members: list[Member]
    scenarios: dict[str, Scenario]             # assigned scenarios, in assignment order
    due: dict[str, date | None]
    attempts: list[Attempt]
    scores: dict[int, Score]
    results: pd.DataFrame                      # one row per trainee × scenario
    prompts: pd.DataFrame                      # one row per finished result × prompt sent
    steps: pd.DataFrame                        # one row per finished result × plan step
    commands: list[CommandRecord]
    today: date
    lang: str = "en"
    aliases: dict[str, str] = field(default_factory=dict)
    policies: dict[str, AttemptPolicy] = field(default_factory=dict)   # scenario id -> the attempt policy in force
    tries: pd.DataFrame = field(default_factory=tries_frame)   # one row per attempt (counted or not), no practice
    _plan: Plan | None = field(default=None, repr=False)
    _cells: dict | None = field(default=None, repr=False)

    @property
    def plan(self) -> Plan:
        if self.scenarios:
            return next(iter(self.scenarios.values())).plan
        if self._plan is None:               # nothing assigned yet: the default plan
            self._plan = load_plan(default_plan_path())
        return self._plan

    def cell(self, trainee: str, scenario_id: str):
        """The result row (a named tuple of :attr:`results`) of one trainee at one scenario."""
        if self._cells is None:
            self._cells = {(r.trainee, r.scenario_id): r for r in self.results.itertuples(index=False)}
        return self._cells[(trainee, scenario_id)]

    @property
    def finished(self) -> pd.DataFrame:
        return self.results[self.results.status == "finished"]

    def name(self, trainee: str, anonymise: bool = False) -> str:
        return self.aliases.get(trainee, trainee) if anonymise else trainee

    def scrub(self, text: str, anonymise: bool = False) -> str:
        """Trainee text with the cohort's names replaced by their aliases (when anonymising)."""
        if not anonymise or not text:
            return text
        for real in sorted(self.aliases, key=len, reverse=True):
            text = _name_pattern(real).sub(self.aliases[real], text)
        return text

    def pass_mark(self, scenario_id: str) -> float:
        if self.cohort.pass_mark is not None:
            return self.cohort.pass_mark
        return self.scenarios[scenario_id].drill.pass_mark


def _name_pattern(name: str) -> re.Pattern:
    """A name in running text: whole words for Latin letters ("Li" not in "likely"), anywhere for Chinese."""
    before = r"(?<![A-Za-z0-9])" if name[:1].isascii() and name[:1].isalnum() else ""
    after = r"(?![A-Za-z0-9])" if name[-1:].isascii() and name[-1:].isalnum() else ""
    return re.compile(before + re.escape(name) + after, re.IGNORECASE)


def load_cohort(store: Store, cohort_id: int, scenarios: dict[str, Scenario] | None = None, lang: str = "en",
                today: date | None = None) -> CohortData:
    """Read a cohort's members, assignments, attempts and latest scores (the scenarios from the library
    unless given)."""
    cohort = store.get_cohort(cohort_id)
    members = store.members(cohort_id)
    assigned = store.assignments(cohort_id)
    loaded = load_scenarios([a.scenario_id for a in assigned], scenarios, lang)
    attempts = store.cohort_attempts(cohort_id)
    scores = store.latest_scores(a.id for a in attempts if a.status == "finished")
    today = today or datetime.now(UTC).date()
    aliases = {m.name: t("report.alias", lang, n=i) for i, m in enumerate(members, 1)}
    data = CohortData(store, cohort, members, loaded, {a.scenario_id: a.due for a in assigned}, attempts, scores,
                      pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), store.command_results(cohort_id=cohort_id),
                      today, lang, aliases, store.policies(cohort_id))
    tabulate(data)
    return data


# --- progress and scores ----------------------------------------------------------------------------

def progress(data: CohortData) -> pd.DataFrame:
    """Per trainee: scenarios assigned, started, finished, overdue (and their names)."""
    rows = []
    r = data.results
    for m in data.members:
        mine = r[r.trainee == m.name]
        rows.append({"trainee": m.name, "team": m.team or "", "role": m.role or "", "assigned": len(mine),
                     "started": int((mine.status != "not_started").sum()),
                     "finished": int((mine.status == "finished").sum()),
                     "overdue": int(mine.overdue.sum()),
                     "overdue_scenarios": [s for s, o in zip(mine.scenario_id, mine.overdue) if o]})
    return pd.DataFrame(rows, columns=["trainee", "team", "role", "assigned", "started", "finished", "overdue",
                                       "overdue_scenarios"])


def progress_summary(data: CohortData) -> dict[str, int]:
    """Trainees who have started / finished everything / are overdue, and result counts."""
    p = progress(data)
    r = data.results
    return {"trainees": len(p), "scenarios": len(data.scenarios),
            "started": int((p.started > 0).sum()), "finished_all": int(((p.finished == p.assigned) &
                                                                       (p.assigned > 0)).sum()),
            "overdue": int((p.overdue > 0).sum()), "results": len(r),
            "results_finished": int((r.status == "finished").sum()),
            "results_in_progress": int((r.status == "in_progress").sum()),
            "results_not_started": int((r.status == "not_started").sum()),
            "results_overdue": int(r.overdue.sum())}


def status_line(row, lang: str = "en") -> str:
    """A result's status as short text: '82% passed · attempt 1 of 3', 'in progress · OVERDUE'…"""
    note = attempt_note(row, lang) if hasattr(row, "attempt_number") else ""
    if row.status == "finished":
        mark = t("report.status.passed" if row.passed else "report.status.failed", lang)
        return (t("report.status.finished", lang, percent=row.percent, mark=mark) + (" *" if row.stale else "")
                + (f" · {note}" if note else ""))
    text = t(f"report.status.{row.status}", lang)
    return text + (f" · {note}" if note and row.attempts > 1 else "") + \
        (" · " + t("report.status.overdue", lang) if row.overdue else "")


def score_matrix(data: CohortData) -> pd.DataFrame:
    """Trainee × scenario score in percent (NaN: not finished), in member and assignment order."""
    r = data.results
    m = r.pivot(index="trainee", columns="scenario_id", values="percent")
    return m.reindex(index=[x.name for x in data.members], columns=list(data.scenarios))


def scenario_summary(data: CohortData) -> pd.DataFrame:
    """Per scenario: assigned, finished, passed, mean and median score, overdue."""
    rows = []
    for sid in data.scenarios:
        r = data.results[data.results.scenario_id == sid]
        f = r[r.status == "finished"]
        rows.append({"scenario_id": sid, "assigned": len(r), "started": int((r.status != "not_started").sum()),
                     "finished": len(f), "passed": int(f.passed.fillna(False).astype(bool).sum()),
                     "mean": float(f.percent.mean()) if len(f) else math.nan,
                     "median": float(f.percent.median()) if len(f) else math.nan,
                     "overdue": int(r.overdue.sum()), "stale": int(f.stale.fillna(False).astype(bool).sum()),
                     "pass_mark": 100 * data.pass_mark(sid)})
    return pd.DataFrame(rows, columns=["scenario_id", "assigned", "started", "finished", "passed", "mean", "median",
                                       "overdue", "stale", "pass_mark"])


def overall(data: CohortData) -> dict[str, float]:
    f = data.finished
    return {"finished": len(f), "passed": int(f.passed.fillna(False).astype(bool).sum()),
            "mean": float(f.percent.mean()) if len(f) else math.nan,
            "median": float(f.percent.median()) if len(f) else math.nan,
            "critical": int(f.critical.fillna(False).astype(bool).sum())}


# --- plan steps (capabilities) ----------------------------------------------------------------------

def step_distribution(data: CohortData) -> pd.DataFrame:
    """Per plan step (plan order): counts of P, S, M, U, N/A; pooled points and share; the cohort rating."""
    plan = data.plan
    rate = plan.drills.ratings.rate
    s = data.steps
    rows = []
    for sid, step in plan.steps.items():
        mine = s[s.step == sid] if len(s) else s
        counts = Counter(mine.rating) if len(mine) else Counter()
        points = float(mine.points.sum()) if len(mine) else 0.0
        max_points = float(mine.max_points.sum()) if len(mine) else 0.0
        share = points / max_points if max_points else math.nan
        rows.append({"step": sid, "name": step.name.get(data.lang), **{k: int(counts.get(k, 0)) for k in RATINGS},
                     "observed": int(sum(counts.get(k, 0) for k in RATING_IDS)), "points": points,
                     "max_points": max_points, "share": share,
                     "rating": rate(share) if max_points else NOT_OBSERVED,
                     "critical": int(mine.critical.sum()) if len(mine) else 0})
    return pd.DataFrame(rows)


# --- the prompts of a scenario -------------------------------------------------------------------------

def prompt_of(scenario: Scenario, prompt_id: str) -> Prompt | None:
    return next((p for p in scenario.drill.prompts() if p.id == prompt_id), None)


def prompt_view(scenario: Scenario, prompt: Prompt) -> TraineePrompt:
    """The prompt as the trainee saw it (its question and option labels)."""
    return trainee_prompt(scenario, prompt, "")


def question_text(scenario: Scenario, prompt: Prompt, lang: str) -> str:
    return prompt_view(scenario, prompt).question.get(lang)


def stored_answer_text(scenario: Scenario, prompt: Prompt | None, value: Any, lang: str,
                       answered: bool = True) -> str:
    """A stored answer to the scenario's ``prompt`` as the trainee saw it (:func:`sim.drill.answers.answer_text`)."""
    view = prompt_view(scenario, prompt) if prompt is not None else None    # None: gone from the scenario since
    return answer_text(view, value, lang, answered=answered)


# --- last year --------------------------------------------------------------------------------------

def previous_cohort(store: Store, cohort: Cohort) -> Cohort | None:
    """Last year's cohort: the same name one year earlier, else the latest earlier-year cohort sharing an
    assigned scenario (None without a year)."""
    if cohort.year is None:
        return None
    earlier = [c for c in store.cohorts() if c.year is not None and c.year < cohort.year and c.id != cohort.id]
    same = [c for c in earlier if c.name == cohort.name and c.year == cohort.year - 1]
    if same:
        return same[-1]
    mine = {a.scenario_id for a in store.assignments(cohort.id)}
    shared = [c for c in earlier if mine & {a.scenario_id for a in store.assignments(c.id)}]
    return max(shared, key=lambda c: (c.year, c.created_at)) if shared else None


def compare(this: CohortData, last: CohortData) -> dict[str, pd.DataFrame]:
    """This cohort against last year's: per plan step (pooled share, rating) and per shared scenario."""
    a, b = step_distribution(this), step_distribution(last)
    steps = a[["step", "name", "share", "rating", "observed"]].merge(
        b[["step", "share", "rating", "observed"]], on="step", suffixes=("", "_last"))
    steps["change"] = steps["share"] - steps["share_last"]
    sa_, sb = scenario_summary(this), scenario_summary(last)
    for df in (sa_, sb):
        df["pass_rate"] = df.passed / df.finished.where(df.finished > 0)
    scen = sa_[["scenario_id", "finished", "mean", "pass_rate"]].merge(
        sb[["scenario_id", "finished", "mean", "pass_rate"]], on="scenario_id", suffixes=("", "_last"))
    scen["change"] = scen["mean"] - scen["mean_last"]
    o1, o2 = overall(this), overall(last)
    totals = pd.DataFrame([{"participants": len(this.members), "participants_last": len(last.members),
                            "mean": o1["mean"], "mean_last": o2["mean"],
                            "pass_rate": o1["passed"] / o1["finished"] if o1["finished"] else math.nan,
                            "pass_rate_last": o2["passed"] / o2["finished"] if o2["finished"] else math.nan}])
    return {"steps": steps, "scenarios": scen, "overall": totals}


# --- one trainee ------------------------------------------------------------------------------------

def trainee_detail(data: CohortData, trainee: str) -> list[dict]:
    """Per assigned scenario: status, score, step ratings, and every prompt with the answer as given,
    points, rating, flags and feedback; plus the score history of the attempt (re-scores)."""
    lang = data.lang
    out = []
    r = data.results[data.results.trainee == trainee]
    for row in r.itertuples(index=False):
        sc = data.scenarios[row.scenario_id]
        entry: dict[str, Any] = {"scenario_id": row.scenario_id, "title": sc.title.get(lang), "status": row.status,
                                 "attempt_id": row.attempt_id, "attempts": row.attempts,
                                 "attempt_number": row.attempt_number, "percent": row.percent,
                                 "passed": row.passed, "stale": row.stale, "due": row.due, "overdue": row.overdue,
                                 "prompts": [], "steps": {}, "history": []}
        if row.status == "finished":
            score = data.scores[int(row.attempt_id)]
            entry["steps"] = {k: v["rating"] for k, v in score.detail.get("steps", {}).items()}
            entry["history"] = [(s.computed_at, 100 * s.total, s.content_hash)
                                for s in data.store.scores(int(row.attempt_id))]
            overridden = {o["prompt_id"]: o for o in score.detail.get("overrides", [])}
            for p in score.detail.get("prompts", []):
                prompt = prompt_of(sc, p["prompt_id"])
                entry["prompts"].append({
                    "prompt_id": p["prompt_id"], "kind": p["kind"], "step": p["step"],
                    "question": question_text(sc, prompt, lang) if prompt else p["prompt_id"],
                    "answered": bool(p.get("answered")),
                    "answer": stored_answer_text(sc, prompt, p.get("value"), lang, bool(p.get("answered"))),
                    "points": p["points"], "max_points": p["max_points"], "rating": p["rating"],
                    "flags": p.get("flags", []), "feedback": p.get("feedback", []), "elapsed": p.get("elapsed"),
                    "par": p.get("par"), "value": p.get("value"), "met_by": p.get("met_by", []),
                    "override": overridden.get(p["prompt_id"])})
        elif row.status == "in_progress":
            for a in data.store.answers(int(row.attempt_id)):
                prompt = prompt_of(sc, a.prompt_id)
                entry["prompts"].append({
                    "prompt_id": a.prompt_id, "kind": prompt.kind if prompt else "", "step": prompt.step if prompt else "",
                    "question": question_text(sc, prompt, lang) if prompt else a.prompt_id,
                    "answered": True, "answer": stored_answer_text(sc, prompt, a.value, lang),
                    "points": None, "max_points": None,
                    "rating": None, "flags": [], "feedback": [], "elapsed": a.elapsed, "par": None,
                    "value": a.value, "met_by": [], "override": None})
        out.append(entry)
    return out


# --- re-scoring ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rescored:
    attempt_id: int
    trainee: str
    scenario_id: str
    before: float            # percent
    after: float
    before_hash: str
    after_hash: str


def rescore_cohort(store: Store, cohort_id: int, scenarios: dict[str, Scenario] | None = None, *,
                   only_changed: bool = True, lang: str = "en") -> list[Rescored]:
    """Re-score the cohort's finished attempts against the scenarios as they are now (after a rubric
    change). Each re-score adds a score row; the earlier ones are kept. With ``only_changed``, attempts
    whose latest score already used the current scenario version are left alone."""
    assigned = [a.scenario_id for a in store.assignments(cohort_id)]
    loaded = load_scenarios(assigned, scenarios, lang)
    done = [a for a in store.cohort_attempts(cohort_id) if a.status == "finished" and a.scenario_id in loaded]
    latest = store.latest_scores(a.id for a in done)
    hashes = {sid: sc.content_hash() for sid, sc in loaded.items()}
    out = []
    for a in sorted(done, key=lambda a: a.id):
        sc = loaded[a.scenario_id]
        old = latest.get(a.id)
        current = hashes[a.scenario_id]
        if only_changed and old is not None and old.content_hash == current:
            continue
        card = rescore(a.id, sc, store=store)
        out.append(Rescored(a.id, a.trainee, a.scenario_id, 100 * old.total if old else math.nan, card.percent,
                            old.content_hash if old else "", current))
    return out


__all__ = [
    "CohortData",
    "Rescored",
    "compare",
    "load_cohort",
    "load_scenarios",
    "overall",
    "previous_cohort",
    "progress",
    "progress_summary",
    "prompt_of",
    "prompt_view",
    "question_text",
    "rescore_cohort",
    "scenario_summary",
    "score_matrix",
    "status_line",
    "step_distribution",
    "stored_answer_text",
    "trainee_detail",
]
