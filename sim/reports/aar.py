"""The after-action report / improvement plan (HSEEP AAR/IP) of a cohort's drill, as ONE self-contained
HTML file (inline CSS, plots embedded as base64 PNG, no script, no external resource), in English or
Chinese (the CSV exports are :mod:`sim.reports.export`).

Outline (HSEEP): exercise overview (name, dates, scope, capabilities = the plan's steps, scenarios,
participants, evaluation method, the plan's annual-drill requirement); summary of results (key figures,
major strengths, primary areas for improvement, trainee × scenario scores, attempts per trainee: the one
that counts under each scenario's attempt policy and the others, kept but not counted); analysis of each plan step
with its rating, strengths and areas for improvement backed by numbers and quotes of replies (a reply
quoted as a strength has the sentence that met the criterion marked); conduct flags and timeliness; the
trainers' overrides of reply points (who, when, old and new points, why); the live command drill; comparison with last year's cohort; Appendix A, the
improvement plan (capability, issue, corrective action, owner role, start and completion dates);
Appendix B, the participants.

The improvement plan is :mod:`sim.reports.improvement`; the next full drill is due within
365 / ``drills.per_year`` days of this one.

``anonymise``: trainee names become "Trainee 01"… everywhere (tables, plots, quotes — names inside
replies included). Trainee text is escaped wherever it appears.
"""
from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from sim.drill.scorecard import RATINGS
from sim.i18n import t
from sim.reports import cohort as C
from sim.reports import findings as F
from sim.reports import plots
from sim.reports.attempts import attempts_html
from sim.reports.export import export_csv, export_xlsx
from sim.reports.html import (
    CSS,
    Raw,
    badge,
    command_html,
    comparison_html,
    criterion_examples,
    esc,
    flags_html,
    join,
    met_sentences,
    num,
    overrides_html,
    pct,
    quote,
    reply_html,
    role_name,
    scenario_table,
    score_table,
    steps_table,
    table,
    tag,
    timeliness_html,
)
from sim.reports.improvement import NEEDS_IMPROVEMENT, action_window, improvement_items
from sim.reports.markup import clean_text


def _img(png_bytes: bytes, alt: str) -> Raw:
    return Raw(f'<img src="{plots.data_uri(png_bytes)}" alt="{esc(alt)}">')


def _dates(data) -> tuple[datetime | None, datetime | None]:
    r = data.results
    starts = [x for x in r.started_at if x is not None and not pd.isna(x)]
    ends = [x for x in r.finished_at if x is not None and not pd.isna(x)]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _fmt_date(value) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat() if value else "—"


def _overview(data, as_of: date, previous) -> Raw:
    lang = data.lang
    plan = data.plan
    first, last = _dates(data)
    dist = C.step_distribution(data)
    observed = [r["name"] for r in dist.to_dict("records") if r["observed"]]
    teams = Counter(m.team or "—" for m in data.members)
    roles = Counter(role_name(data, m.role) or "—" for m in data.members)
    sep = t("drill.list_sep", lang)
    drills = plan.drills
    next_drill = (last.date() if last else as_of) + timedelta(days=round(365 / drills.per_year))
    rat = plan.drills.ratings
    dues = sep.join(f"{data.scenarios[s].title.get(lang)}: {d.isoformat()}" for s, d in data.due.items() if d)
    items = [
        (t("report.ov.name", lang), t("report.ov.name_value", lang, cohort=data.cohort.label,
                                      plan=plan.title.get(lang))),
        (t("report.ov.dates", lang), t("report.ov.dates_value", lang, first=_fmt_date(first), last=_fmt_date(last),
                                       report=as_of.isoformat()) + (f" · {t('report.col.due', lang)}: {dues}"
                                                                    if dues else "")),
        (t("report.ov.scope", lang), t("report.ov.scope_value", lang, scenarios=len(data.scenarios),
                                       steps=len(observed), total=len(plan.steps))),
        (t("report.ov.capabilities", lang), sep.join(observed) or "—"),
        (t("report.ov.participants", lang), t("report.ov.participants_value", lang, n=len(data.members),
                                              teams=sep.join(f"{k} ({v})" for k, v in teams.items()),
                                              roles=sep.join(f"{k} ({v})" for k, v in roles.items()))),
        (t("report.ov.method", lang), t("drill.card.legend", lang, p=rat.P, s=rat.S, m=rat.M) + " " +
         t("report.ov.method_value", lang, mark=_pass_mark_text(data))),
        (t("report.ov.annual", lang), t("report.ov.annual_value", lang, per_year=drills.per_year,
                                        next=next_drill.isoformat())
         + (" " + t("report.ov.previous", lang, label=previous.cohort.label) if previous is not None else "")),
    ]
    dl = Raw('<dl class="ov">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items) + "</dl>")
    return join([dl, tag("h3", t("report.ov.scenarios", lang)), scenario_table(data)])


def _pass_mark_text(data) -> str:
    if data.cohort.pass_mark is not None:
        return pct(data.cohort.pass_mark)
    marks = sorted({sc.drill.pass_mark for sc in data.scenarios.values()})
    return t("drill.list_sep", data.lang).join(pct(m) for m in marks) or "—"


def _strength_lines(data, dist, top: int = 4) -> list[str]:
    lang = data.lang
    lines = [t("report.strength.step", lang, step=r["name"], rating=r["rating"], share=r["share"], P=r["P"],
               observed=r["observed"]) for r in dist.to_dict("records") if r["rating"] in ("P",)]
    for c in F.best_met(data, top):
        lines.append(t("report.strength.criterion", lang, what=c.label, met=c.observed - c.missed, observed=c.observed,
                       scenario=data.scenarios[c.scenario_id].title.get(lang)))
    return lines[:top + 2]


def _area_lines(data, dist, top: int = 4) -> list[str]:
    lang = data.lang
    lines = [t("report.area.step", lang, step=r["name"], rating=r["rating"], share=r["share"], U=r["U"],
               observed=r["observed"]) for r in dist.to_dict("records") if r["rating"] in NEEDS_IMPROVEMENT]
    for f in F.flags(data):
        if f.critical:
            lines.append(t("report.area.flag", lang, flag=f.name, n=f.replies, trainees=len(f.trainees)))
    for c in F.most_missed(data, top, minimum=F.WEAK_CRITERION):
        lines.append(t("report.area.criterion", lang, what=c.label, missed=c.missed, observed=c.observed,
                       share=c.share_missed, scenario=data.scenarios[c.scenario_id].title.get(lang)))
    return lines[:top + 3]


def _summary(data, anonymise: bool, dist) -> Raw:
    lang = data.lang
    o = C.overall(data)
    s = C.progress_summary(data)

    def kpi(label, value, key):
        return Raw(f'<div class="kpi">{esc(label)}<b data-key="{esc(key)}">{esc(value)}</b></div>')
    mean = "—" if math.isnan(o["mean"]) else f"{o['mean']:.1f}"
    median = "—" if math.isnan(o["median"]) else f"{o['median']:.1f}"
    kpis = Raw('<div class="kpis">' + "".join([
        kpi(t("report.participants", lang), s["trainees"], "total_participants"),
        kpi(t("report.kpi.finished", lang, total=s["results"]), s["results_finished"], "total_finished"),
        kpi(t("report.kpi.passed", lang, finished=o["finished"]), o["passed"], "total_passed"),
        kpi(t("report.kpi.mean", lang), mean, "total_mean"),
        kpi(t("report.kpi.median", lang), median, "total_median"),
        kpi(t("report.kpi.critical", lang), o["critical"], "total_critical"),
        kpi(t("report.kpi.overdue", lang), s["overdue"], "total_overdue")]) + "</div>")
    stale = int(data.finished.stale.fillna(False).astype(bool).sum()) if len(data.finished) else 0
    parts = [kpis]
    if stale:
        parts.append(tag("p", t("report.stale", lang, n=stale), class_="note"))
    parts += [tag("h3", t("report.strengths_major", lang)),
              tag("ul", join([tag("li", x) for x in _strength_lines(data, dist)] or
                             [tag("li", t("report.none", lang))])),
              tag("h3", t("report.areas_primary", lang)),
              tag("ul", join([tag("li", x) for x in _area_lines(data, dist)] or [tag("li", t("report.none", lang))])),
              tag("h3", t("report.scores", lang))]
    if len(data.members) and len(data.scenarios):
        parts.append(_img(plots.score_heatmap(data, lang, anonymise), t("report.plot.heatmap", lang)))
    parts.append(score_table(data, anonymise))
    parts.append(tag("p", t("report.scores_legend", lang), class_="muted"))
    parts.append(attempts_html(data, anonymise))
    return join(parts)


def _step_section(data, r: dict, crit: list, anonymise: bool) -> Raw:
    lang = data.lang
    plan = data.plan
    step = plan.steps[r["step"]]
    head = tag("h3", join([r["name"], " ", badge(r["rating"])]), id=f"step-{r['step']}")
    parts: list = [head, tag("p", step.does.get(lang), class_="muted")]
    if not r["observed"]:
        parts.append(tag("p", t("report.step.not_observed", lang)))
        return join(parts)
    parts.append(tag("p", t("report.step.numbers", lang, observed=r["observed"], share=r["share"], P=r["P"], S=r["S"],
                            M=r["M"], U=r["U"], critical=r["critical"])))
    mine = [c for c in crit if c.step == r["step"] and c.observed]
    good = sorted([c for c in mine if 1 - c.share_missed >= F.STRONG_CRITERION],
                  key=lambda c: (c.share_missed, -c.observed, c.key))[:3]
    weak = sorted([c for c in mine if c.share_missed >= F.WEAK_CRITERION],
                  key=lambda c: (-c.share_missed, -c.observed, c.key))[:4]
    parts.append(tag("h4", t("report.strengths", lang)))
    used: set[str] = set()
    if good:
        lis = []
        for c in good:
            bits: list = [t("report.met_of", lang, what=c.label, met=c.observed - c.missed, observed=c.observed,
                            share=1 - c.share_missed,
                            scenario=data.scenarios[c.scenario_id].title.get(lang))]
            fresh = [(tr, reply) for tr, reply in c.quotes_met if reply not in used]
            if fresh:
                tr, reply = fresh[0]
                used.add(reply)
                # the sentence that met this criterion, marked and labelled (the whole reply when none is known)
                met = [(cid, x) for cid, x in met_sentences(data, tr, c.scenario_id, c.prompt_id) if cid == c.item]
                bits += [tag("div", data.name(tr, anonymise) + ":", class_="muted"),
                         reply_html(data, reply, met, (), {c.item: c.label.rstrip(" .。")}, anonymise) if met
                         else quote(data.scrub(reply, anonymise))]
            lis.append(tag("li", join(bits)))
        parts.append(tag("ul", join(lis)))
    else:
        parts.append(tag("p", t("report.none", lang), class_="muted"))
    parts.append(tag("h4", t("report.areas", lang)))
    if weak:
        lis = []
        for c in weak:
            bits = [t("report.missed_line", lang, what=c.label, missed=c.missed, observed=c.observed,
                      share=c.share_missed, scenario=data.scenarios[c.scenario_id].title.get(lang))]
            if c.rule:
                bits.append(tag("div", t("drill.fb.plan", lang, rule=c.rule).strip(), class_="muted"))
            bits.append(criterion_examples(data, c, anonymise))
            lis.append(tag("li", join(bits)))
        parts.append(tag("ul", join(lis)))
    else:
        parts.append(tag("p", t("report.none", lang), class_="muted"))
    return join(parts)


def build_aar(data, *, anonymise: bool = False, previous=None, as_of: date | None = None) -> str:
    """The AAR/IP as one HTML document, in ``data.lang`` (load the cohort in the report's language).
    ``previous``: last year's cohort (a CohortData in the same language), or None."""
    lang = data.lang
    as_of = as_of or data.today
    plan = data.plan
    dist = C.step_distribution(data)
    crit = F.criteria(data)
    title = t("report.title", lang)
    sections: list = [
        tag("h1", title),
        tag("p", t("report.subtitle", lang, cohort=data.cohort.label, plan=plan.title.get(lang),
                   date=as_of.isoformat()), class_="sub"),
        tag("h2", t("report.h.overview", lang), id="overview"), _overview(data, as_of, previous),
        tag("h2", t("report.h.summary", lang), id="summary"), _summary(data, anonymise, dist),
        tag("h2", t("report.h.analysis", lang), id="analysis"),
        tag("p", t("report.analysis_intro", lang)),
    ]
    if len(dist) and int(dist[list(RATINGS)].to_numpy().sum()):
        sections.append(_img(plots.step_ratings(dist, lang), t("report.plot.steps", lang)))
    sections.append(steps_table(data, dist))
    for r in dist.to_dict("records"):
        sections.append(_step_section(data, r, crit, anonymise))
    sections += [tag("h2", t("report.h.conduct", lang), id="conduct"), flags_html(data, anonymise),
                 tag("h3", t("report.h.timeliness", lang)), timeliness_html(data),
                 tag("h2", t("report.h.overrides", lang), id="overrides"), overrides_html(data, anonymise),
                 tag("h2", t("report.h.command", lang), id="command"), tag("p", t("report.cmd.intro", lang))]
    if data.commands:
        sections.append(_img(plots.command_scores(data.commands, data, lang, anonymise), t("report.h.command", lang)))
    sections.append(command_html(data, anonymise))
    sections.append(tag("h2", t("report.h.comparison", lang), id="comparison"))
    if previous is not None:
        cmp = C.compare(data, previous)
        sections.append(tag("p", t("report.compare_intro", lang, last=previous.cohort.label)))
        sections.append(_img(plots.comparison(cmp["steps"], lang, data.cohort.label, previous.cohort.label),
                             t("report.h.comparison", lang)))
        sections.append(comparison_html(data, cmp, previous.cohort.label))
    else:
        sections.append(tag("p", t("report.no_previous", lang)))
    items = improvement_items(data, as_of)
    sections += [tag("h2", t("report.h.ip", lang), id="improvement-plan"),
                 tag("p", t("report.ip.intro", lang, days=(items[0].due - items[0].start).days if items else
                            (action_window(data, as_of)[1] - as_of).days))]
    sections.append(table([t("report.col.capability", lang), t("report.col.issue", lang),
                           t("report.col.action", lang), t("report.col.owner", lang), t("report.col.start", lang),
                           t("report.col.completion", lang)],
                          [[i.capability, i.issue, i.action, i.owner, i.start.isoformat(), i.due.isoformat()]
                           for i in items], data_table="improvement-plan")
                    if items else tag("p", t("report.none", lang)))
    sections += [tag("h2", t("report.h.participants", lang), id="total_participants"), _participants(data, anonymise)]
    body = join(sections)
    html_lang = "zh-CN" if lang == "zh" else "en"
    # esc() cleans every piece of data already; cleaning the whole page once more keeps a raw control
    # character or bidi override out of the file even if a fragment ever bypassed it.
    return clean_text(f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
                      f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                      f"<title>{esc(title)} — {esc(data.cohort.label)}</title>\n<style>{CSS}</style>\n</head>\n"
                      f"<body>\n{body}\n</body>\n</html>\n")


def _participants(data, anonymise: bool) -> Raw:
    lang = data.lang
    r = data.results
    rows = []
    for m in data.members:
        mine = r[r.trainee == m.name]
        f = mine[mine.status == "finished"]
        rows.append([data.name(m.name, anonymise), m.team or "", role_name(data, m.role),
                     num(int(mine.attempts.sum()), "{:d}", data_key="attempts"),
                     num(len(f), "{:d}"), num(int(f.passed.fillna(False).astype(bool).sum()), "{:d}"),
                     num(float(f.percent.mean()) if len(f) else None)])
    return table([t("report.col.trainee", lang), t("table.team", lang), t("table.role", lang),
                  t("report.col.attempts", lang), t("report.col.finished", lang), t("report.col.passed", lang),
                  t("report.col.mean", lang)], rows, data_table="participants")


def write_aar(data, out: str | Path, *, anonymise: bool = False, previous=None, as_of: date | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_aar(data, anonymise=anonymise, previous=previous, as_of=as_of), encoding="utf-8")
    return out


def report(store, cohort_id: int, out: str | Path, *, lang: str = "en", anonymise: bool = False,
           scenarios=None, compare_to: int | None = None, as_of: date | None = None,
           csv_dir: str | Path | None = None, xlsx: str | Path | None = None) -> Path:
    """Load the cohort (and last year's, or ``compare_to``) and write the AAR (and the CSVs, and the Excel
    workbook)."""
    data = C.load_cohort(store, cohort_id, scenarios, lang=lang, today=as_of)
    if compare_to is not None:
        prev_cohort = store.get_cohort(compare_to)
    else:
        prev_cohort = C.previous_cohort(store, data.cohort)
    known = {**(scenarios or {}), **data.scenarios}
    previous = C.load_cohort(store, prev_cohort.id, known, lang=lang, today=as_of) if prev_cohort else None
    path = write_aar(data, out, anonymise=anonymise, previous=previous, as_of=as_of)
    if csv_dir is not None:
        export_csv(data, csv_dir, anonymise=anonymise, as_of=as_of)
    if xlsx is not None:
        export_xlsx(data, xlsx, anonymise=anonymise, as_of=as_of)
    return path


__all__ = ["build_aar", "export_csv", "export_xlsx", "improvement_items", "report", "write_aar"]
