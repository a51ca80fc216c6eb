"""The improvement plan (HSEEP IP, Appendix A of the after-action report): what the cohort should do next.

One row per issue found: a critical conduct failure, a plan step rated M or U, a criterion missed by at
least 30 % of results (:data:`sim.reports.findings.WEAK_CRITERION`), timeliness below the S threshold,
or plan activation that came late in live command drills.

Corrective actions come from the plan: a missed criterion's ``expects`` and the conduct rule or step
it checks, a weak step's ``does``, the conduct rule that forbids a flag, the activation triggers.
Owners are the plan step's roles. Actions start on the report date and are due by the next training
session (365 / ``drills.training_per_year`` days; the shipped plan trains quarterly).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sim.format.vocabulary import TRIGGER_KINDS
from sim.i18n import t
from sim.reports import cohort as C
from sim.reports import findings as F
from sim.reports.html import first_trigger, role_name

MAX_PLAN_ROWS = 12
# A plan step rated M or U (HSEEP: performed with major challenges, unable to be performed) needs improvement.
NEEDS_IMPROVEMENT: tuple[str, ...] = ("M", "U")


@dataclass(frozen=True)
class ImprovementItem:
    step: str                 # plan step (capability)
    capability: str
    issue: str
    action: str
    owner: str                # role names
    start: date
    due: date
    source: str               # flag | step | criterion | timeliness | command


def _owner(data, step: str | None) -> str:
    plan = data.plan
    roles = plan.steps[step].roles if step in plan.steps else ()
    return t("drill.list_sep", data.lang).join(role_name(data, r) for r in roles)


def action_window(data, as_of: date) -> tuple[date, date]:
    drills = data.plan.drills
    days = round(365 / drills.training_per_year) if drills.training_per_year else round(365 / drills.per_year)
    return as_of, as_of + timedelta(days=days)


def improvement_items(data, as_of: date | None = None) -> list[ImprovementItem]:
    """The improvement plan: critical conduct failures, steps rated M or U, criteria missed by at least
    30 % of results, timeliness below the S threshold, late plan activation in command drills."""
    lang = data.lang
    plan = data.plan
    as_of = as_of or data.today
    start, due = action_window(data, as_of)
    items: list[ImprovementItem] = []
    cap = lambda step: plan.steps[step].name.get(lang) if step in plan.steps else step

    for f in F.flags(data):
        if not f.critical:
            continue
        step = f.steps.most_common(1)[0][0] if f.steps else None
        rule = next((r for r in plan.conduct.values() if f.flag in r.flags), None)
        explain = plan.flags[f.flag].explain.get(lang) if f.flag in plan.flags else ""
        items.append(ImprovementItem(step or "", cap(step), t("report.ip.flag", lang, flag=f.name, n=f.replies,
                                                                 trainees=len(f.trainees)),
                                     t("report.ip.flag_action", lang, rule=rule.text.get(lang) if rule else explain,
                                       explain=explain), _owner(data, step), start, due, "flag"))
    dist = C.step_distribution(data)
    for r in dist.to_dict("records"):
        if r["rating"] in NEEDS_IMPROVEMENT:
            items.append(ImprovementItem(r["step"], r["name"], t("report.ip.step", lang, rating=r["rating"],
                                                                  share=r["share"], U=r["U"], observed=r["observed"]),
                                         t("report.ip.step_action", lang, does=plan.steps[r["step"]].does.get(lang)),
                                         _owner(data, r["step"]), start, due, "step"))
    for c in F.most_missed(data, top=MAX_PLAN_ROWS, minimum=F.WEAK_CRITERION):
        action = _sentence(c.label if c.kind == "criterion" else
                           t("report.ip.answer_action", lang, what=c.why or c.label), lang)
        if c.rule:
            action += t("drill.fb.plan", lang, rule=c.rule)
        items.append(ImprovementItem(c.step, cap(c.step), t("report.ip.criterion", lang, what=c.label,
                                                             scenario=data.scenarios[c.scenario_id].title.get(lang),
                                                             missed=c.missed, observed=c.observed,
                                                             share=c.share_missed),
                                     action, _owner(data, c.step), start, due, "criterion"))
    tl = F.timeliness(data)
    timed, within = int(tl.timed.sum()), int(tl.within.sum())
    if timed and within / timed < plan.drills.ratings.S:
        late_steps: Counter = Counter()
        for row in data.prompts.itertuples(index=False) if len(data.prompts) else ():
            timed_prompt = not _missing(row.par)
            if timed_prompt and (not row.answered or (not _missing(row.elapsed) and row.elapsed > row.par)):
                late_steps[row.step] += 1
        step = late_steps.most_common(1)[0][0] if late_steps else "receive_and_record"
        rule = plan.conduct.get("communicate")
        items.append(ImprovementItem(step, cap(step), t("report.ip.timeliness", lang, within=within, timed=timed,
                                                        share=within / timed),
                                     t("report.ip.timeliness_action", lang,
                                       rule=rule.text.get(lang) if rule else plan.steps[step].does.get(lang)),
                                     _owner(data, step), start, due, "timeliness"))
    late = [r for r in data.commands if _activation_late(r.result)]
    if late:
        step = "emergency_handling" if "emergency_handling" in plan.steps else next(iter(plan.steps))
        triggers = t("drill.list_sep", lang).join(plan.label("triggers", k, lang) for k in TRIGGER_KINDS)
        items.append(ImprovementItem(step, cap(step), t("report.ip.command", lang, n=len(late), total=len(data.commands)),
                                     t("report.ip.command_action", lang, triggers=triggers),
                                     _owner(data, step), start, due, "command"))
    return items


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _sentence(text: str, lang: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?。！？":
        text += "。" if lang == "zh" else "."
    return text


def _activation_late(result: dict) -> bool:
    """Plan never activated while a trigger held, or activated more than one decision interval late."""
    first = first_trigger(result)
    if first is None:
        return False
    if first.get("activated_min") is None:
        return True
    return (first.get("late_min") or 0) > 30


__all__ = ["MAX_PLAN_ROWS", "NEEDS_IMPROVEMENT", "ImprovementItem", "action_window", "improvement_items"]
