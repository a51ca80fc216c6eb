"""Readable tables of a plan and a scenario, in English or Chinese (for notebooks and reports).

Each table is a pandas DataFrame with the columns in the chosen language; :func:`show` renders them,
titled, in a notebook. Nothing of a drill's answer key is shown. (Rendering, so here in ``reports``, not in
the format it reads.)
"""
from __future__ import annotations

from html import escape

import pandas as pd

from sim.format.plan import Plan
from sim.format.scenario import Scenario
from sim.format.units import format_clock, format_duration, format_scenario_clock
from sim.i18n import STRINGS, t


def plan_tables(plan: Plan, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The plan as a dict of titled tables: roles, channels, categories, severities, steps, targets,
    triggers, actions, conduct."""
    L = lambda key: t(key, lang)
    yes, no = t("yes", lang), t("no", lang)
    tables: dict[str, pd.DataFrame] = {}
    tables["roles"] = pd.DataFrame(
        [{L("table.role"): r.name.get(lang), L("table.does"): r.does.get(lang)} for r in plan.roles.values()])
    tables["channels"] = pd.DataFrame(
        [{L("table.channel"): c.name.get(lang), L("table.synchronous"): yes if c.synchronous else no,
          L("table.public"): yes if c.public else no} for c in plan.channels.values()])
    tables["categories"] = pd.DataFrame(
        [{L("table.category"): c.name.get(lang),
          L("table.measures"): " ".join(m.get(lang) for m in c.measures),
          L("table.consulted"): ", ".join(plan.label("roles", r, lang) for r in c.consult),
          L("table.notify"): ", ".join(plan.label("roles", r, lang) for r in c.notify)}
         for c in plan.categories.values()])
    rows = []
    for sid, sev in plan.severities.items():
        route = plan.routing[sid]
        rows.append({
            L("table.severity"): sev.name.get(lang), L("table.meaning"): sev.meaning.get(lang),
            L("table.handled_by"): plan.label("roles", route.handled_by, lang),
            L("table.notify"): ", ".join(plan.label("roles", r, lang) for r in route.notify),
            L("table.first_response"): format_duration(plan.targets.first_response[sid]),
            L("table.resolution"): format_duration(plan.targets.resolution[sid]),
            L("table.crisis_notification"): format_duration(plan.targets.crisis_group_notification)
            if "crisis_group" in route.notify else "",
        })
    tables["severities"] = pd.DataFrame(rows)
    tables["steps"] = pd.DataFrame(
        [{L("table.step"): s.name.get(lang), L("table.does"): s.does.get(lang),
          L("table.role"): ", ".join(plan.label("roles", r, lang) for r in s.roles)} for s in plan.steps.values()])
    trig = plan.activation.triggers
    rules = {
        "surge": t("trigger.surge", lang, window=format_duration(trig.surge.window),
                   multiple=f"{trig.surge.multiple_of_baseline:g}", minimum=trig.surge.minimum_complaints),
        "outage": t("trigger.outage", lang),
        "public_attention": t("trigger.public_attention", lang, threshold=f"{trig.public_attention.threshold:g}"),
        "other": t("trigger.relationship", lang, minimum=trig.other.minimum_complaints),
    }
    tables["triggers"] = pd.DataFrame(
        [{L("table.trigger"): getattr(trig, k).name.get(lang), L("table.rule"): rule} for k, rule in rules.items()])
    act = plan.activation.actions
    effects = {
        "reserve_call_in": t("effect.reserve_call_in", lang, share=act.reserve_call_in.share_of_reserve),
        "extended_hours": t("effect.extended_hours", lang, extend=format_duration(act.extended_hours.extend_by)),
        "proactive_notice": t("effect.proactive_notice", lang, cut=act.proactive_notice.repeat_contact_reduction),
        "self_service": t("effect.self_service", lang, share=act.self_service.deflect_share),
        "crisis_command": t("effect.crisis_command", lang),
    }
    tables["actions"] = pd.DataFrame(
        [{L("table.action"): getattr(act, k).name.get(lang),
          L("table.delay"): format_duration(getattr(act, k).delay), L("table.effect"): e}
         for k, e in effects.items()])
    tables["conduct"] = pd.DataFrame([{L("table.rule"): c.text.get(lang)} for c in plan.conduct.values()])
    return tables


def scenario_tables(scenario: Scenario, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The scenario as titled tables: arrivals, incidents, staffing, drill timeline (no answers)."""
    plan = scenario.plan
    L = lambda key: t(key, lang)
    tables: dict[str, pd.DataFrame] = {}
    tables["arrivals"] = pd.DataFrame(
        [{L("table.channel"): plan.label("channels", ch, lang), L("table.per_hour"): rate}
         for ch, rate in scenario.arrivals.per_hour.items()])
    tables["categories"] = pd.DataFrame(
        [{L("table.category"): plan.label("categories", c, lang), L("table.share"): f"{share:.0%}"}
         for c, share in scenario.arrivals.categories.items()])
    tables["incidents"] = pd.DataFrame(
        [{L("table.incident"): (inc.title.get(lang) if inc.title else inc.id),
          L("table.category"): plan.label("categories", inc.category, lang),
          L("table.starts"): (scenario.start + pd.Timedelta(minutes=inc.at)).strftime("%a %H:%M"),
          L("table.peak"): inc.peak_per_hour} for inc in scenario.incidents])
    rows = []
    for team, spec in scenario.staffing.items():
        shifts = ", ".join(f"{format_clock(s.start)}–{format_clock(s.end)} ({s.staff})" for s in spec.shifts)
        rows.append({L("table.team"): plan.label("roles", team, lang), L("table.shifts"): shifts,
                     L("table.reserve"): spec.reserve, L("table.on_call"): spec.on_call,
                     L("table.cost"): spec.cost_per_hour})
    tables["staffing"] = pd.DataFrame(rows)
    if scenario.drill is not None:
        tables["drill"] = pd.DataFrame(
            [{L("table.time"): format_scenario_clock(inj.at), L("table.channel"):
              plan.label("channels", inj.channel, lang),
              L("table.from"): inj.sender.get(lang) if inj.sender else "",
              L("table.inject"): inj.message.get(lang), L("table.prompts"): len(inj.prompts),
              L("table.contingency"): "✓" if inj.when is not None else ""} for inj in scenario.drill.injects])
    return tables


def show(tables: dict[str, pd.DataFrame], lang: str = "en") -> None:
    """Display titled tables in a notebook."""
    from IPython.display import HTML, display  # only in a notebook: IPython comes with Jupyter, not the kit
    for name, frame in tables.items():
        title = t(f"title.{name}", lang) if f"title.{name}" in STRINGS else name
        display(HTML(f"<h4>{escape(title)}</h4>" + frame.to_html(index=False, escape=True)))
