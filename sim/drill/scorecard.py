"""The scorecard of one drill attempt: per prompt, per plan step (HSEEP ratings), timeliness, total.

Every score in the kit comes from :func:`score_attempt`: the live session when the trainee finishes,
a re-score after a rubric changed (:func:`sim.drill.session.rescore`, a cohort's re-score in the
reports), and the trainee app redrawing a card in the other language. It scores each answered prompt
(:mod:`sim.drill.scoring`), decides which injects were sent (:func:`sim.drill.branching.sent_injects`)
and scores each prompt of a sent inject that has no answer as not answered; prompts of a contingency
inject that was never sent are left out.

HSEEP ratings come from the share of points earned on a plan step, with the plan's thresholds
(``drills.ratings``; the shipped plan: **P** ≥ 85 %, **S** ≥ 65 %, **M** ≥ 35 %, below that **U**).
A step with no prompt sent to this trainee is **N/A** (not observed). A step holding a reply with a
critical flag is rated U whatever its share: one critical failure caps the rating (QA practice).

Timeliness is its own dimension: the share of prompts with a par time answered within it (a prompt
left unanswered counts as late; one answered with no recorded time is not counted), rated with the
same thresholds; N/A when no prompt was timed.

The total is points earned over points available on the prompts sent (a contingency inject that was
never sent does not count). The drill is passed (:func:`passes`) when the total reaches the scenario's
``pass_mark`` and no critical flag was raised (``CRITICAL_FAILS_DRILL``): a privacy breach is not
outweighed by points elsewhere.

A trainer's overrides of reply points (:mod:`sim.drill.overrides`) are applied by :func:`apply_overrides`
inside :func:`score_attempt`, so every scoring of the attempt — finish, re-score, a cohort's re-score, the
other language — gives the overridden reply the trainer's points, and the total, steps and verdict follow.

A trainee who told the crisis group and stopped after the first inject:

    >>> from sim.format.library import cached_scenario
    >>> scenario = cached_scenario("product_defect_surge")
    >>> card = score_attempt(scenario, {"category": "product_quality", "severity": "major",
    ...                                 "notify": ["specialist", "crisis_group"]}, trainee="Ann")
    >>> card.prompt("severity").points, card.prompt("reserve").answered, card.prompt("reserve").points
    (1.0, False, 0.0)
    >>> "activate" in [p.prompt_id for p in card.prompts]     # its condition, missed: notify.crisis_group
    False
    >>> card.steps["receive_and_record"].rating, card.passed
    ('P', False)
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass, field, replace
from typing import Any

from sim.drill.branching import clock_order, sent_injects
from sim.drill.errors import drill_of
from sim.drill.evidence import criterion_labels, model_answer
from sim.drill.overrides import Override, latest, override_note
from sim.drill.scoring import FlagHit, PromptScore, score_prompt
from sim.drill.variants import attempt_scenario
from sim.drill.view import question_titles
from sim.format.plan import Plan
from sim.format.scenario import Scenario
from sim.format.vocabulary import RATING_IDS
from sim.i18n import t

CRITICAL_FAILS_DRILL = True
NOT_OBSERVED = "N/A"
RATINGS: tuple[str, ...] = (*RATING_IDS, NOT_OBSERVED)     # every rating a step can get: P, S, M, U, N/A


def passes(total: float, pass_mark: float, critical: bool) -> bool:
    """The pass rule: the total (0..1) reaches the pass mark and no critical flag was raised.

    >>> passes(0.75, 0.75, False), passes(0.74, 0.75, False), passes(0.95, 0.75, True)
    (True, False, False)
    """
    if CRITICAL_FAILS_DRILL and critical:
        return False
    return total + 1e-9 >= pass_mark        # 1e-9: a sum of float points that should reach the mark does


@dataclass(frozen=True)
class StepResult:
    step: str
    name: str
    points: float
    max_points: float
    rating: str                       # P, S, M, U or N/A
    prompts: tuple[str, ...] = ()
    critical: bool = False

    @property
    def share(self) -> float | None:
        return self.points / self.max_points if self.max_points else None

    def to_dict(self) -> dict:
        return {"step": self.step, "name": self.name, "points": self.points, "max_points": self.max_points,
                "share": self.share, "rating": self.rating, "prompts": list(self.prompts),
                "critical": self.critical}


@dataclass(frozen=True)
class Timeliness:
    timed: int                        # prompts with a par time
    within: int                       # ... answered within it
    rating: str

    @property
    def share(self) -> float | None:
        return self.within / self.timed if self.timed else None

    def to_dict(self) -> dict:
        return {"timed": self.timed, "within": self.within, "share": self.share, "rating": self.rating}


@dataclass(frozen=True)
class Scorecard:
    scenario_id: str
    title: str
    language: str
    prompts: tuple[PromptScore, ...]
    steps: dict[str, StepResult]
    timeliness: Timeliness
    points: float
    max_points: float
    pass_mark: float
    _: KW_ONLY                        # whose attempt, and the scenario version: given by name
    trainee: str | None = None
    attempt_id: int | None = None
    content_hash: str | None = None
    legend: dict[str, float] = field(default_factory=dict, repr=False)     # the P, S, M thresholds
    overrides: dict[str, Override] = field(default_factory=dict)           # prompt id -> the override applied

    @property
    def total(self) -> float:
        """Share of the available points earned, 0..1 (``percent`` for 0..100)."""
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def percent(self) -> float:
        return 100.0 * self.total

    @property
    def flags(self) -> tuple[FlagHit, ...]:
        return tuple(f for p in self.prompts for f in p.flags)

    @property
    def critical(self) -> bool:
        """A critical flag raised on a reply the trainer has not overridden."""
        return any(f.critical for p in self.prompts if p.prompt_id not in self.overrides for f in p.flags)

    @property
    def passed(self) -> bool:
        return passes(self.total, self.pass_mark, self.critical)

    def prompt(self, prompt_id: str) -> PromptScore:
        return next(p for p in self.prompts if p.prompt_id == prompt_id)

    def to_dict(self) -> dict:
        return {"scenario_id": self.scenario_id, "title": self.title, "language": self.language,
                "trainee": self.trainee, "attempt_id": self.attempt_id, "content_hash": self.content_hash,
                "points": self.points, "max_points": self.max_points, "total": self.total,
                "pass_mark": self.pass_mark, "passed": self.passed, "critical": self.critical,
                "prompts": [p.to_dict() for p in self.prompts],
                "steps": {k: v.to_dict() for k, v in self.steps.items()}, "timeliness": self.timeliness.to_dict(),
                "overrides": [o.to_dict() for o in self.overrides.values()]}

    def __str__(self) -> str:
        return render(self)


def score_attempt(scenario: Scenario, answers: Mapping[str, Any], lang: str = "en", *,
                  elapsed: Mapping[str, float | None] | None = None, trainee: str | None = None,
                  attempt_id: int | None = None, overrides: Iterable[Override] = ()) -> Scorecard:
    """The scorecard of an attempt from its stored answers (prompt id -> value, in the order given) and the
    seconds each took, with the trainer's ``overrides`` applied. Answers to prompts the scenario no longer
    has are ignored. SessionError if the scenario has no drill (any more)."""
    scenario = attempt_scenario(scenario, attempt_id, answers)    # the versions of a question pool it met
    drill = drill_of(scenario, lang)
    plan = scenario.plan
    elapsed = elapsed or {}
    injects = clock_order(drill)
    prompts = {p.id: p for inj in injects for p in inj.prompts}
    values = {pid: value for pid, value in answers.items() if pid in prompts}
    inject_of = {p.id: inj for inj in injects for p in inj.prompts}
    scored = {pid: score_prompt(prompts[pid], value, plan, lang, elapsed=elapsed.get(pid),
                                 inject=inject_of[pid], drill=drill)
              for pid, value in values.items()}
    scores = [scored[p.id] if p.id in scored else score_prompt(p, None, plan, lang, answered=False)
              for inj in sent_injects(injects, values, scored) for p in inj.prompts]
    scores, applied = apply_overrides(scores, overrides, plan)
    return build_scorecard(scenario, scores, lang, trainee=trainee, attempt_id=attempt_id, overrides=applied)


def apply_overrides(scores: list[PromptScore], overrides: Iterable[Override],
                    plan: Plan) -> tuple[list[PromptScore], dict[str, Override]]:
    """The prompt scores with the trainer's overrides in place, and the overrides applied (by prompt id).

    The latest override of each prompt counts; it applies to an answered reply only (the one thing an
    override may change) and gives it the trainer's points — at most the prompt's points, should a rubric
    change have lowered them — and the rating of the new share. Overrides of prompts this attempt has no
    answered reply to (the scenario lost the prompt since) are left out.
    """
    counting = latest(overrides)
    applied: dict[str, Override] = {}
    out = []
    for s in scores:
        o = counting.get(s.prompt_id)
        if o is not None and s.kind == "reply" and s.answered:
            points = min(max(0.0, o.points), s.max_points)
            s = replace(s, points=points, rating=plan.drills.ratings.rate(points / s.max_points if s.max_points else 0.0))
            applied[s.prompt_id] = o
        out.append(s)
    return out, applied


def build_scorecard(scenario: Scenario, scores: list[PromptScore], lang: str = "en", *, trainee: str | None = None,
                    attempt_id: int | None = None, overrides: Mapping[str, Override] | None = None) -> Scorecard:
    """The scorecard of these prompt scores (``overrides``: those already applied to them, by prompt id:
    a critical flag on an overridden reply caps neither its step nor the verdict)."""
    overrides = dict(overrides or {})
    plan = scenario.plan
    rate = plan.drills.ratings.rate
    steps: dict[str, StepResult] = {}
    for sid, step in plan.steps.items():
        mine = [s for s in scores if s.step == sid]
        points = sum(s.points for s in mine)
        max_points = sum(s.max_points for s in mine)
        critical = any(s.critical and s.prompt_id not in overrides for s in mine)
        rating = NOT_OBSERVED if not mine else "U" if critical else rate(points / max_points)
        steps[sid] = StepResult(sid, step.name.get(lang), points, max_points, rating,
                                tuple(s.prompt_id for s in mine), critical)
    # Timed: a par time and either a recorded time or no answer at all (late by definition).
    timed = [s for s in scores if s.par is not None and (s.elapsed is not None or not s.answered)]
    within = sum(1 for s in timed if s.within_par)
    timeliness = Timeliness(len(timed), within, rate(within / len(timed)) if timed else NOT_OBSERVED)
    legend = {"P": plan.drills.ratings.P, "S": plan.drills.ratings.S, "M": plan.drills.ratings.M}
    pass_mark = drill_of(scenario, lang).pass_mark
    return Scorecard(scenario.id, scenario.title.get(lang), lang, tuple(scores), steps, timeliness,
                     sum(s.points for s in scores), sum(s.max_points for s in scores), pass_mark,
                     trainee=trainee, attempt_id=attempt_id, content_hash=scenario.content_hash(), legend=legend,
                     overrides=overrides)


def render(card: Scorecard, lang: str | None = None, scenario: Scenario | None = None, *,
           key_shown: bool = True) -> str:
    """A readable summary naming every flag (plain text, for terminals and logs). Given the ``scenario``, it
    speaks as the trainee saw it: each prompt by its question, each criterion by what the plan expects (its
    label, never its id), and a reply is followed by the scenario's model answer; without it (a log), by
    their ids. Each reply quotes the sentence that met each criterion and the words that raised each flag;
    an override says who, when and why. ``key_shown`` False (the assignment's policy withholds the key for
    now): the result, the step ratings and timeliness only."""
    lang = lang or card.language
    titles = {} if scenario is None else question_titles(
        scenario, lang, card.attempt_id, tuple(p.prompt_id for p in card.prompts if p.answered))
    out = [t("drill.card.title", lang, title=card.title, trainee=card.trainee or "—"),
           t("drill.card.total", lang, percent=card.percent, points=round(card.points, 2), max=card.max_points,
             result=t("drill.card.passed" if card.passed else "drill.card.failed", lang),
             mark=100 * card.pass_mark)]
    critical = [(p, f) for p in card.prompts for f in p.flags if f.critical and p.prompt_id not in card.overrides]
    if critical:
        out.append(t("drill.card.critical", lang, flags="; ".join(
            f"{f.name} — {titles.get(p.prompt_id, p.prompt_id)}" for p, f in critical)))
    out.append("")
    out.append(t("drill.card.steps", lang))
    out.append("  " + t("drill.card.legend", lang, p=card.legend.get("P", 0), s=card.legend.get("S", 0),
                        m=card.legend.get("M", 0)))
    width = max(_width(s.name) for s in card.steps.values())
    for s in card.steps.values():
        share = "" if s.share is None else f"{100 * s.share:4.0f}%  ({round(s.points, 2):g}/{s.max_points:g})"
        out.append(f"  {s.rating:<4} {s.name}{' ' * (width - _width(s.name))}  {share}".rstrip())
    tl = card.timeliness
    out.append(t("drill.card.timeliness", lang, within=tl.within, timed=tl.timed, rating=tl.rating)
               if tl.timed else t("drill.card.no_par", lang))
    if not key_shown:
        return "\n".join(out)
    out.append("")
    out.append(t("drill.card.prompts", lang))
    for p in card.prompts:
        timing = ""
        if p.elapsed is not None:
            timing = t("drill.card.time", lang, seconds=p.elapsed) + (
                t("drill.card.par", lang, par=p.par) if p.par is not None else "")
        points = f"{round(p.points, 2):g}/{p.max_points:g}"
        name = titles.get(p.prompt_id) or f"{p.prompt_id} [{p.kind}]"
        out.append(f"  {p.rating:<2} {name}  {points}  {timing}".rstrip())
        if p.kind == "reply" and p.answered:
            labels = criterion_labels(scenario, p.prompt_id, lang)
            sep = t("drill.list_sep", lang)
            out.append("     " + t("drill.card.hit_missed", lang, hit=sep.join(labels.get(c, c) for c in p.hit) or "—",
                                   missed=sep.join(labels.get(c, c) for c in p.missed) or "—"))
            for cid, sentence in p.met_by:
                out.append("     " + t("app.card.met", lang, label=labels.get(cid, cid), sentence=sentence))
        for f in p.flags:
            kind = t("drill.card.flag_critical" if f.critical else "drill.card.flag_minor", lang)
            out.append("     ⚠ " + t("drill.card.flag", lang, name=f.name, kind=kind,
                                     quote="”, “".join(f.evidence)))
        if p.prompt_id in card.overrides:
            out.append("     ✎ " + override_note(card.overrides[p.prompt_id], lang))
        for line in p.feedback:
            out.append("     - " + line)
        model = model_answer(scenario, p.prompt_id, lang) if p.kind == "reply" else None
        if model:
            out.append("     " + t("scorecard.model_answer", lang, reply=" ".join(model.split())))
    return "\n".join(out)


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
