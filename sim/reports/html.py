"""HTML fragments shared by the trainer dashboard (ipywidgets HTML) and the after-action report.

Everything that comes from data — trainee names, teams, replies, answers, feedback, and scenario text —
goes through :func:`esc`; only fragments built by the kit are marked :class:`Raw`. No script, no external
resource: the fragments can be shown in a notebook and embedded in a self-contained file. The pieces they
are built from (the style sheet, ``esc``, ``tag``, ``table``...) are :mod:`sim.reports.markup`, imported
from here too; a scored reply with its evidence and overrides is :mod:`sim.reports.replies`.
"""
from __future__ import annotations

import math
from typing import Any

from sim.drill.evidence import EVIDENCE_CSS, criterion_labels
from sim.drill.scorecard import RATINGS
from sim.i18n import t
from sim.reports.cohort import (
    progress,
    progress_summary,
    scenario_summary,
    score_matrix,
    status_line,
    trainee_detail,
)
from sim.reports.findings import flags, most_missed, timeliness
from sim.reports.markup import CSS, Raw, badge, esc, join, num, pct, quote, table, tag
from sim.reports.replies import met_sentences, override_text, overrides_html, reply_html

# --- fragments --------------------------------------------------------------------------------------

def progress_html(data, anonymise: bool = False) -> Raw:
    lang = data.lang
    s = progress_summary(data)
    intro = tag("p", t("report.progress.summary", lang, trainees=s["trainees"], started=s["started"],
                       finished=s["finished_all"], overdue=s["overdue"], scenarios=s["scenarios"]))
    p = progress(data)
    titles = [data.scenarios[sid].title.get(lang) for sid in data.scenarios]
    rows = []
    for m, prow in zip(data.members, p.itertuples(index=False)):
        cells: list[Any] = [data.name(m.name, anonymise), m.team or "", role_name(data, m.role)]
        for sid in data.scenarios:
            row = data.cell(m.name, sid)
            cls = "bad" if row.overdue or (row.status == "finished" and not row.passed) else \
                "ok" if row.status == "finished" else "muted"
            cells.append((status_line(row, lang), {"class_": cls, "data_status": row.status}))
        cells += [num(prow.started, "{:d}"), num(prow.finished, "{:d}"),
                  (prow.overdue, {"class_": "n bad" if prow.overdue else "n", "data_key": "overdue"})]
        rows.append(cells)
    headers = [t("report.col.trainee", lang), t("table.team", lang), t("table.role", lang), *titles,
               t("report.col.started", lang), t("report.col.finished", lang), t("report.col.overdue", lang)]
    return join([intro, table(headers, rows, data_table="progress")])


def role_name(data, role: str | None) -> str:
    if not role:
        return ""
    plan = data.plan
    return plan.roles[role].name.get(data.lang) if role in plan.roles else role


def scenario_table(data) -> Raw:
    lang = data.lang
    rows = []
    for r in scenario_summary(data).itertuples(index=False):
        sc = data.scenarios[r.scenario_id]
        due = data.due.get(r.scenario_id)
        rows.append([sc.title.get(lang), t(f"report.difficulty.{sc.drill.difficulty}", lang),
                     due.isoformat() if due else "—", num(r.assigned, "{:d}"), num(r.started, "{:d}"),
                     num(r.finished, "{:d}", data_scenario=r.scenario_id, data_key="finished"),
                     num(r.passed, "{:d}", data_scenario=r.scenario_id, data_key="passed"),
                     num(r.pass_mark, "{:.0f}%"),
                     num(r.mean, "{:.1f}", data_scenario=r.scenario_id, data_key="mean"),
                     num(r.median, "{:.1f}"), num(r.overdue, "{:d}")])
    headers = [t("report.col.scenario", lang), t("report.col.difficulty", lang), t("report.col.due", lang),
               t("report.col.assigned", lang), t("report.col.started", lang), t("report.col.finished", lang),
               t("report.col.passed", lang), t("report.col.pass_mark", lang), t("report.col.mean", lang),
               t("report.col.median", lang), t("report.col.overdue", lang)]
    return table(headers, rows, data_table="scenarios")


def score_table(data, anonymise: bool = False) -> Raw:
    """Trainee × scenario scores as a table (the heatmap's numbers)."""
    lang = data.lang
    m = score_matrix(data)
    rows = []
    for name, values in m.iterrows():
        cells: list[Any] = [data.name(name, anonymise)]
        for sid, v in values.items():
            row = data.cell(name, sid)
            if math.isnan(v):
                cells.append((t(f"report.status.{row.status}", lang), {"class_": "muted"}))
            else:
                mark = "" if row.passed else " ✗"
                stale = " *" if row.stale else ""
                cells.append((f"{v:.0f}{mark}{stale}", {"class_": "n" + ("" if row.passed else " bad")}))
        rows.append(cells)
    headers = [t("report.col.trainee", lang)] + [data.scenarios[s].title.get(lang) for s in m.columns]
    return table(headers, rows, data_table="scores")


def steps_table(data, dist) -> Raw:
    lang = data.lang
    rows = []
    for r in dist.to_dict("records"):
        rows.append([r["name"], (badge(r["rating"]), {"data_step": r["step"], "data_key": "rating"})]
                    + [num(int(r[k]), "{:d}", data_step=r["step"], data_rating=k) for k in RATINGS]
                    + [num(r["share"], "{:.0%}", data_step=r["step"], data_key="share"),
                       num(int(r["critical"]), "{:d}")])
    headers = [t("table.step", lang), t("report.col.rating", lang), *RATINGS,
               t("report.col.share", lang), t("report.col.critical", lang)]
    return table(headers, rows, data_table="steps")


def criterion_examples(data, c, anonymise: bool, quotes: int = 2) -> Raw:
    """What the trainees did instead: quotes of replies that missed the criterion, or the wrong answers."""
    lang = data.lang
    parts: list[Any] = []
    if c.quotes_missed:
        seen: set[str] = set()
        for trainee, reply in c.quotes_missed:      # different replies, in member order
            if reply in seen:
                continue
            seen.add(reply)
            parts.append(tag("div", data.name(trainee, anonymise) + ":", class_="muted"))
            parts.append(quote(data.scrub(reply, anonymise)))
            if len(seen) == quotes:
                break
    elif c.wrong:
        parts.append(tag("span", t("report.wrong_answers", lang, answers=t("drill.list_sep", lang).join(
            f"{label} ({n})" for label, n in c.wrong.most_common(3)))))
    elif c.kind == "required" and c.missed_by:
        parts.append(tag("span", t("report.not_selected_by", lang, n=len(c.missed_by))))
    return join(parts)


def missed_html(data, top: int = 10, anonymise: bool = False) -> Raw:
    lang = data.lang
    found = most_missed(data, top)
    if not found:
        return tag("p", t("report.none_missed", lang))
    rows = []
    for c in found:
        sc = data.scenarios[c.scenario_id]
        rows.append([Raw(esc(c.label) + (tag("div", t("drill.fb.plan", lang, rule=c.rule).strip(), class_="muted")
                                         if c.rule else "")),
                     sc.title.get(lang), data.plan.steps[c.step].name.get(lang) if c.step in data.plan.steps else c.step,
                     (t("report.missed_of", lang, missed=c.missed, observed=c.observed, share=c.share_missed),
                      {"class_": "n", "data_key": "missed", "data_criterion": c.key}),
                     criterion_examples(data, c, anonymise)])
    headers = [t("report.col.criterion", lang), t("report.col.scenario", lang), t("table.step", lang),
               t("report.col.missed", lang), t("report.col.examples", lang)]
    return table(headers, rows, data_table="missed")


def flags_html(data, anonymise: bool = False) -> Raw:
    lang = data.lang
    found = flags(data)
    if not found:
        return tag("p", t("report.no_flags", lang))
    rows = []
    for f in found:
        ev = join([quote(f"{data.name(tr, anonymise)} ({data.scenarios[sid].title.get(lang)}): "
                         f"“{data.scrub(e, anonymise)}”", limit=200) for tr, sid, e in f.quotes[:3]])
        rows.append([f.name, t("drill.card.flag_critical" if f.critical else "drill.card.flag_minor", lang),
                     num(f.replies, "{:d}", data_flag=f.flag), num(len(f.trainees), "{:d}"), ev])
    headers = [t("report.col.flag", lang), t("report.col.kind", lang), t("report.col.replies", lang),
               t("report.col.trainees", lang), t("report.col.evidence", lang)]
    return table(headers, rows, data_table="flags")


def timeliness_html(data) -> Raw:
    lang = data.lang
    rows = [[data.scenarios[r.scenario_id].title.get(lang), num(r.timed, "{:d}"), num(r.within, "{:d}"),
             num(None if math.isnan(r.share) else r.share, "{:.0%}")]
            for r in timeliness(data).itertuples(index=False)]
    headers = [t("report.col.scenario", lang), t("report.col.timed", lang), t("report.col.within", lang),
               t("report.col.share", lang)]
    return table(headers, rows, data_table="timeliness")


def first_trigger(result: dict) -> dict | None:
    """A live command drill's timeliness row of the first trigger that held (None if none held)."""
    rows = result.get("timeliness") or []
    return min(rows, key=lambda r: r.get("held_min") or 0) if rows else None


def late_text(result: dict, lang: str) -> str:
    """'N min late', 'before the trigger', 'never activated' or 'no trigger held' for a command drill."""
    first = first_trigger(result)
    if first is None:
        return t("report.cmd.no_trigger", lang)
    if first.get("activated_min") is None:
        return t("report.cmd.never", lang, held=first.get("held_clock", ""))
    late = first.get("late_min") or 0.0
    if late < 0:
        return t("report.cmd.early", lang, minutes=round(-late))
    return t("report.cmd.late", lang, minutes=round(late), held=first.get("held_clock", ""))


def command_html(data, anonymise: bool = False) -> Raw:
    lang = data.lang
    records = data.commands
    if not records:
        return tag("p", t("report.cmd.none", lang))
    rows = []
    for rec in records:
        res = rec.result
        parts = res.get("parts", {})
        met = res.get("targets_met", {})
        title = data.scenarios[rec.scenario_id].title.get(lang) if rec.scenario_id in data.scenarios else rec.scenario_id
        rows.append([data.name(rec.trainee, anonymise), title, rec.created_at.date().isoformat(),
                     num(rec.score, "{:.0f}", data_key="command_score"),
                     num(parts.get("timeliness"), "{:.0f}"), (late_text(res, lang), {"data_key": "late"}),
                     t("report.cmd.reserve", lang, called=res.get("reserve_called", 0),
                       suggested=res.get("reserve_suggested", 0)),
                     t("report.cmd.outcome", lang, mine=met.get("trainee", 0), none=met.get("no_action", 0),
                       book=met.get("by_the_book", 0), total=len(data.plan.kpi_targets))])
    headers = [t("report.col.trainee", lang), t("report.col.scenario", lang), t("report.col.date", lang),
               t("report.col.score", lang), t("command.part.timeliness", lang), t("report.col.activation", lang),
               t("report.col.reserve", lang), t("report.col.outcome", lang)]
    return table(headers, rows, data_table="command")


def comparison_html(data, cmp: dict, last_label: str) -> Raw:
    lang = data.lang
    o = cmp["overall"].iloc[0]
    overall = table([t("report.col.measure", lang), data.cohort.label, last_label, t("report.col.change", lang)], [
        [t("report.participants", lang), num(int(o.participants), "{:d}"), num(int(o.participants_last), "{:d}"),
         num(int(o.participants - o.participants_last), "{:+d}")],
        [t("report.col.mean", lang), num(o["mean"]), num(o.mean_last), num(o["mean"] - o.mean_last, "{:+.1f}")],
        [t("report.col.pass_rate", lang), num(o.pass_rate, "{:.0%}"), num(o.pass_rate_last, "{:.0%}"),
         num((o.pass_rate - o.pass_rate_last) * 100, "{:+.0f} pp")]], data_table="compare-overall")
    steps = table([t("table.step", lang), data.cohort.label, "", last_label, "", t("report.col.change", lang)], [
        [r.name, num(r.share, "{:.0%}"), badge(r.rating), num(r.share_last, "{:.0%}"), badge(r.rating_last),
         num(None if math.isnan(r.change) else 100 * r.change, "{:+.0f} pp", data_step=r.step, data_key="change")]
        for r in cmp["steps"].itertuples(index=False)], data_table="compare-steps")
    scen = table([t("report.col.scenario", lang), t("report.col.mean", lang), t("report.col.mean_last", lang),
                  t("report.col.change", lang)], [
        [data.scenarios[r.scenario_id].title.get(lang), num(r.mean), num(r.mean_last), num(r.change, "{:+.1f}")]
        for r in cmp["scenarios"].itertuples(index=False)], data_table="compare-scenarios")
    return join([overall, steps, scen])


def trainee_html(data, trainee: str, anonymise: bool = False) -> Raw:
    """One trainee's drill-down: per scenario the status, score, step ratings, every answer and its feedback."""
    lang = data.lang
    out: list[Any] = [Raw(f"<style>{EVIDENCE_CSS}</style>"), tag("h3", data.name(trainee, anonymise))]
    for entry in trainee_detail(data, trainee):
        head = entry["title"]
        if entry["status"] == "finished":
            mark = t("report.status.passed" if entry["passed"] else "report.status.failed", lang)
            head += " — " + t("report.status.finished", lang, percent=entry["percent"], mark=mark)
        else:
            head += " — " + t(f"report.status.{entry['status']}", lang)
            if entry["overdue"]:
                head += " · " + t("report.status.overdue", lang)
        out.append(tag("h4", head))
        if entry["steps"]:
            out.append(tag("p", join([join([data.plan.steps[s].name.get(lang) if s in data.plan.steps else s,
                                             " ", badge(r)]) for s, r in entry["steps"].items()], " · ")))
        if len(entry["history"]) > 1:
            hist = "; ".join(f"{when:%Y-%m-%d %H:%M} {p:.0f}% ({h[:8]})" for when, p, h in entry["history"])
            out.append(tag("p", t("report.history", lang, history=hist), class_="muted"))
        if entry["stale"]:
            out.append(tag("p", t("report.stale_one", lang), class_="note"))
        rows = []
        scenario = data.scenarios.get(entry["scenario_id"])
        for p in entry["prompts"]:
            answer = p["answer"]        # as the trainee saw it; "Not answered." when left unanswered
            shown = reply_html(data, answer, p.get("met_by"), p["flags"],
                               criterion_labels(scenario, p["prompt_id"], lang), anonymise) \
                if p["kind"] == "reply" and p["answered"] else answer
            fb = join([tag("div", line) for line in p["feedback"]])
            if p.get("override"):
                fb = join([tag("div", "✎ " + override_text(data, p["override"], anonymise), class_="note",
                               data_key="override"), fb])
            points = "—" if p["points"] is None else f"{p['points']:.2g}/{p['max_points']:g}"
            elapsed = "—" if p["elapsed"] is None else t("drill.card.time", lang, seconds=p["elapsed"])
            rows.append([p["question"], shown, (points, {"class_": "n"}),
                         badge(p["rating"]) if p["rating"] else "—", elapsed, fb])
        if rows:
            out.append(table([t("report.col.question", lang), t("report.col.answer", lang),
                              t("report.col.points", lang), t("report.col.rating", lang), t("report.col.time", lang),
                              t("report.col.feedback", lang)], rows, data_table="answers"))
    return join(out)


def rescored_html(data, rescored, anonymise: bool = False) -> Raw:
    lang = data.lang
    if not rescored:
        return tag("p", t("report.rescore.none", lang))
    rows = [[data.name(r.trainee, anonymise), data.scenarios[r.scenario_id].title.get(lang) if r.scenario_id in
             data.scenarios else r.scenario_id, num(r.before), num(r.after), num(r.after - r.before, "{:+.1f}"),
             f"{r.before_hash[:8]} → {r.after_hash[:8]}"] for r in rescored]
    return join([tag("p", t("report.rescore.done", lang, n=len(rescored))),
                 table([t("report.col.trainee", lang), t("report.col.scenario", lang), t("report.col.before", lang),
                        t("report.col.after", lang), t("report.col.change", lang), t("report.col.version", lang)],
                       rows, data_table="rescored")])


__all__ = ["CSS", "Raw", "badge", "command_html", "comparison_html", "esc", "first_trigger", "flags_html", "join",
           "late_text", "met_sentences", "missed_html", "num", "overrides_html", "pct", "progress_html", "quote",
           "reply_html", "rescored_html", "role_name", "scenario_table", "score_table", "steps_table", "table", "tag",
           "timeliness_html", "trainee_html"]
