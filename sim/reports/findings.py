"""What a cohort did well and where it fell short: the evidence behind the after-action report's strengths,
areas for improvement and improvement plan.

A *criterion* is one thing a result is checked on:

* a rubric criterion of a reply (met when the scorecard lists it as hit);
* a required option of a multi-select (missed when not selected) or a forbidden one (missed when
  selected);
* a closed question as a whole (missed without full marks; the wrong answers given are counted, as the
  trainees saw them).

An unanswered prompt misses all of its criteria. A criterion missed by at least ``WEAK_CRITERION``
(30 %) of the results that saw it is an area for improvement; one met by at least ``STRONG_CRITERION``
(85 %) is a strength. Quotes of the replies that met or missed it back the report's findings.

Conduct *flags* (a privacy breach, an unauthorised promise...) are counted per reply and per trainee,
critical first; *timeliness* is the share of timed prompts answered within par, pooled per scenario as
each scorecard counts it (an unanswered timed prompt is late).
"""
from __future__ import annotations

import math
import weakref
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from sim.drill.scoring import option_label, range_text, rule_text
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario
from sim.i18n import t
from sim.reports.cohort import CohortData, prompt_of, question_text, stored_answer_text

WEAK_CRITERION = 0.30        # a criterion missed by at least this share of results is an area for improvement
STRONG_CRITERION = 0.85      # ... met by at least this share is a strength

_CRITERIA: dict[int, list[CriterionStat]] = {}     # per loaded cohort (by id), dropped with the cohort


@dataclass
class CriterionStat:
    scenario_id: str
    prompt_id: str
    item: str                       # criterion id, option id, or "" for the prompt as a whole
    kind: str                       # criterion | required | forbidden | answer
    step: str
    label: str                      # what the plan expects, in the report language
    rule: str | None                # the conduct rule / step text it checks
    why: str | None = None          # the scenario's explanation of the answer (closed prompts)
    observed: int = 0
    missed: int = 0
    missed_by: list[str] = field(default_factory=list)
    met_by: list[str] = field(default_factory=list)
    wrong: Counter = field(default_factory=Counter)      # closed prompts: wrong answers given (labels)
    quotes_missed: list[tuple[str, str]] = field(default_factory=list)   # (trainee, reply)
    quotes_met: list[tuple[str, str]] = field(default_factory=list)

    @property
    def share_missed(self) -> float:
        return self.missed / self.observed if self.observed else 0.0

    @property
    def key(self) -> str:
        return f"{self.scenario_id}/{self.prompt_id}" + (f"/{self.item}" if self.item else "")


def expected_text(scenario: Scenario, prompt: Prompt, lang: str) -> str:
    plan = scenario.plan
    if prompt.kind in ("choice", "yesno"):
        return option_label(prompt, prompt.answer, plan, lang)
    if prompt.kind == "number":
        return range_text(prompt.accept)
    if prompt.kind == "order":
        return " → ".join(option_label(prompt, o, plan, lang) for o in prompt.answer)
    return ""


def criteria(data: CohortData) -> list[CriterionStat]:
    """Every criterion observed in the cohort's finished results, with who missed it and quotes (computed once
    per loaded cohort)."""
    key = id(data)
    if key not in _CRITERIA:
        _CRITERIA[key] = _criteria(data)
        weakref.finalize(data, _CRITERIA.pop, key, None)    # before the id can belong to another cohort
    return _CRITERIA[key]


def _checks(sc: Scenario, prompt: Prompt, row, lang: str) -> list[tuple[str, str, str, str | None, bool]]:
    """(item, kind, label, rule, missed) for each criterion of one prompt in one result."""
    plan = sc.plan
    answered = bool(row.answered)
    rule = prompt.rule or prompt.step
    if prompt.kind == "reply":
        hit = set(row.hit or ())
        return [(c.id, "criterion", c.expects.get(lang) if c.expects is not None else c.id,
                 c.rule or prompt.rule or prompt.step, not answered or c.id not in hit) for c in prompt.rubric]
    if prompt.kind == "multi":
        chosen = set(row.value or ()) if answered else set()
        question = question_text(sc, prompt, lang)
        out = [(o, "required", t("report.crit.select", lang, option=option_label(prompt, o, plan, lang),
                                 question=question), rule, o not in chosen) for o in prompt.required]
        return out + [(o, "forbidden", t("report.crit.avoid", lang, option=option_label(prompt, o, plan, lang),
                                         question=question), rule, o in chosen) for o in prompt.forbidden]
    full = answered and float(row.points) >= float(row.max_points) - 1e-9
    return [("", "answer", t("report.crit.answer", lang, question=question_text(sc, prompt, lang),
                             answer=expected_text(sc, prompt, lang)), rule, not full)]


def _criteria(data: CohortData) -> list[CriterionStat]:
    lang = data.lang
    stats: dict[tuple, CriterionStat] = {}
    if not len(data.prompts):
        return []
    for row in data.prompts.itertuples(index=False):
        sc = data.scenarios[row.scenario_id]
        prompt = prompt_of(sc, row.prompt_id)
        if prompt is None:       # the prompt is gone from the scenario since: re-score first
            continue
        reply = row.value if prompt.kind == "reply" and isinstance(row.value, str) else None
        # each version of a question pool's step is its own question (its key, options and facts differ)
        for item, kind, label, rule, missed in _checks(sc, prompt, row, lang):
            key = (row.scenario_id, prompt.id, item, kind)
            st = stats.get(key)
            if st is None:
                st = stats[key] = CriterionStat(row.scenario_id, prompt.id, item, kind, prompt.step, label,
                                                rule_text(sc.plan, rule, lang),
                                                prompt.why.get(lang) if prompt.why is not None else None)
            st.observed += 1
            if missed:
                st.missed += 1
                st.missed_by.append(row.trainee)
                if reply is not None:
                    st.quotes_missed.append((row.trainee, reply))
                if kind == "answer":
                    st.wrong[stored_answer_text(sc, prompt, row.value, lang, answered=bool(row.answered))] += 1
            else:
                st.met_by.append(row.trainee)
                if reply is not None:
                    st.quotes_met.append((row.trainee, reply))
    return list(stats.values())


def most_missed(data: CohortData, top: int = 10, minimum: float = 0.0) -> list[CriterionStat]:
    """The criteria missed by the largest share of results (ties: more results first)."""
    found = [c for c in criteria(data) if c.missed and c.share_missed >= minimum]
    return sorted(found, key=lambda c: (-c.share_missed, -c.observed, c.key))[:top]


def best_met(data: CohortData, top: int = 10, minimum: float = STRONG_CRITERION) -> list[CriterionStat]:
    found = [c for c in criteria(data) if c.observed and 1 - c.share_missed >= minimum]
    return sorted(found, key=lambda c: (c.share_missed, -c.observed, c.key))[:top]


# --- conduct flags and timeliness ---------------------------------------------------------------------

@dataclass
class FlagStat:
    flag: str
    name: str
    critical: bool
    replies: int
    trainees: list[str]
    quotes: list[tuple[str, str, str]]      # (trainee, scenario id, evidence)
    steps: Counter


def flags(data: CohortData) -> list[FlagStat]:
    """Conduct flags raised in the cohort's finished results (critical first, then by count)."""
    out: dict[str, FlagStat] = {}
    if not len(data.prompts):
        return []
    plan = data.plan
    for row in data.prompts.itertuples(index=False):
        seen: set[str] = set()
        for f in row.flags or ():
            fid = f["flag"]
            name = plan.flags[fid].name.get(data.lang) if fid in plan.flags else f.get("name", fid)
            st = out.setdefault(fid, FlagStat(fid, name, bool(f.get("critical")), 0, [], [], Counter()))
            if fid not in seen:
                st.replies += 1
                st.steps[row.step] += 1
                if row.trainee not in st.trainees:
                    st.trainees.append(row.trainee)
                seen.add(fid)
            for ev in f.get("evidence", ()):
                st.quotes.append((row.trainee, row.scenario_id, ev))
    return sorted(out.values(), key=lambda s: (not s.critical, -s.replies, s.flag))


def timeliness(data: CohortData) -> pd.DataFrame:
    """Per scenario: prompts with a par time (over the finished results), answered within it, and the share
    (as each scorecard counts them: an unanswered timed prompt is late)."""
    rows = []
    f = data.finished
    for sid in data.scenarios:
        timed = within = 0
        for attempt_id in f[f.scenario_id == sid].attempt_id:
            tl = data.scores[int(attempt_id)].detail.get("timeliness", {})
            timed += int(tl.get("timed", 0))
            within += int(tl.get("within", 0))
        rows.append({"scenario_id": sid, "timed": timed, "within": within,
                     "share": within / timed if timed else math.nan})
    return pd.DataFrame(rows, columns=["scenario_id", "timed", "within", "share"])


__all__ = ["STRONG_CRITERION", "WEAK_CRITERION", "CriterionStat", "FlagStat", "best_met", "criteria", "expected_text",
           "flags", "most_missed", "timeliness"]
