"""Writing a calibrated scenario: a YAML file that ``python -m sim check`` accepts, whose comments cite the data.

Every fitted number is written with where it came from: the period and the contacts it rests on, the
estimate's 95 % interval, the distribution family chosen (AIC) and its goodness of fit (KS). What the
history cannot tell is copied from the base scenario, and the comment says so, so that a planner knows
which numbers are the organisation's own and which are still assumptions. The file is read back with
:func:`sim.format.load.load_scenario` before this module returns: a calibration never leaves a scenario
that does not load.

Values are written in YAML flow style (``{lognormal: {mean: 6.02min, cv: 0.5}}``), durations with units.
"""
from __future__ import annotations

import json
import numbers
import os
import re
from pathlib import Path
from typing import Any

from sim.format.library import default_plan_path
from sim.format.load import load_scenario
from sim.format.scenario import Scenario
from sim.history.calibrate import Calibration
from sim.history.fit_distributions import duration_text
from sim.history.fit_service import ServiceFit
from sim.i18n import t

_BARE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")
_RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def flow(value: Any) -> str:
    """A value in YAML flow style; strings quoted whenever YAML could read them as anything else.

    >>> flow({"a": [1, "08:00", "6min"], "b": {"c": 0.5, "d": "yes"}})
    '{a: [1, "08:00", 6min], b: {c: 0.5, d: "yes"}}'
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):                 # numpy's floats too: written as plain numbers
        return repr(round(float(value), 6))
    text = str(value)
    if _BARE.fullmatch(text) and text.lower() not in _RESERVED and not _looks_numeric(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def horizon_text(minutes: float) -> str:
    return f"{round(minutes / 1440)}d" if abs(minutes % 1440) < 1e-6 else f"{round(minutes)}min"


def plan_reference(cal: Calibration, out: Path) -> str:
    """The base's plan, as a path relative to the written file."""
    base = cal.base
    plan = (base.path.parent / base.data["plan"]) if base.path is not None else default_plan_path()
    return Path(os.path.relpath(plan.resolve(), out.resolve().parent)).as_posix()


def _service_lines(cal: Calibration, lang: str) -> list[str]:
    """service_times: the base's, with every fitted activity (and its category overrides) replaced."""
    raw = {team: dict(times or {}) for team, times in (cal.base.data.get("service_times") or {}).items()}
    notes: dict[tuple[str, str, str | None], ServiceFit] = {}
    for fit in cal.service:
        times = raw.setdefault(fit.team, {})
        if fit.category is None:
            times[fit.activity] = fit.fit.as_dist()
            for over in (times.get("by_category") or {}).values():   # the base's overrides no longer apply
                over.pop(fit.activity, None)
        notes[(fit.team, fit.activity, fit.category)] = fit
    for fit in cal.service:
        if fit.category is not None:
            raw[fit.team].setdefault("by_category", {}).setdefault(fit.category, {})[fit.activity] = fit.fit.as_dist()
    lines = ["service_times:"]
    for team, times in raw.items():
        lines.append(f"  {team}:")
        for activity, dist in times.items():
            if activity == "by_category":
                overs = {c: v for c, v in (dist or {}).items() if v}
                if overs:
                    lines.append("    by_category:")
                for cat, acts in overs.items():
                    for act in acts:
                        fit = notes.get((team, act, cat))
                        if fit is not None:
                            lines.append(f"      # {cat}.{act}: {_fit_note(fit, lang)}")
                    lines.append(f"      {cat}: {flow(acts)}")
                continue
            fit = notes.get((team, activity, None))
            lines.append(f"    # {_fit_note(fit, lang)}" if fit else f"    # {t('calibrate.yaml.from_base', lang)}")
            lines.append(f"    {activity}: {flow(dist)}")
    return lines


def _fit_note(fit: ServiceFit, lang: str) -> str:
    text = t(f"calibrate.estimator.{fit.estimator}", lang) + "; " + fit.fit.describe()
    if fit.fit.family == "gamma":
        text += "; " + t("calibrate.yaml.gamma_as_lognormal", lang)
    return text


def scenario_lines(cal: Calibration, out: Path, lang: str = "en", incident: dict | None = None,
                   incident_note: list[str] = (), drill: dict | None = None) -> list[str]:
    """The calibrated scenario's lines (see the module docstring)."""
    a, mix, base = cal.arrivals, cal.mixes, cal.base.data
    source = Path(str(cal.table.attrs.get("source", "history"))).name
    lines = [f"# {line}" for line in t("calibrate.yaml.header", lang, source=source, period=cal.period_text(),
                                         rows=cal.rows, first=a.contacts, hours=round(a.exposure_hours),
                                         base=(cal.base.path.name if cal.base.path else cal.base.scenario.id)
                                         ).splitlines()]
    for day, n, expected in a.holidays:
        lines.append("# " + t("calibrate.yaml.holiday", lang, day=day, n=n, expected=round(expected)))
    for lo, hi in cal.excluded:
        lines.append("# " + t("calibrate.yaml.excluded", lang, start=f"{lo:%Y-%m-%d %H:%M}", end=f"{hi:%Y-%m-%d %H:%M}"))
    title = {"en": f"Calibrated from {source}", "zh": f"由历史数据校准：{source}"}
    lines += ["id: calibrated-history", f"title: {flow(title)}", f"plan: {flow(plan_reference(cal, out))}",
              f"start: {cal.start:%Y-%m-%dT%H:%M}", f"horizon: {horizon_text(cal.horizon)}",
              f"seed: {int(base.get('seed', 1))}", "", "arrivals:"]
    for ch, (rate, low, high, n) in a.per_hour.items():
        lines.append("  # " + t("calibrate.yaml.rate", lang, channel=ch, rate=f"{rate:.3f}", low=f"{low:.3f}",
                                high=f"{high:.3f}", n=n, gap=f"{a.channel_shape_gap.get(ch, 0.0):.2f}"))
    lines.append(f"  per_hour: {flow({ch: round(v[0], 4) for ch, v in a.per_hour.items()})}")
    lines.append("  # " + t("calibrate.yaml.profile", lang))
    lines.append(f"  profile: {flow({'hourly': [round(x, 4) for x in a.hourly], 'weekly': [round(x, 4) for x in a.weekly]})}")
    lines.append("  # " + t("calibrate.yaml.categories", lang, counts=flow(mix.category_counts),
                            missing=mix.missing_category))
    lines.append(f"  categories: {flow(mix.categories)}")
    lines.append("  severity:")
    for key, row in mix.severity.items():
        lines.append(f"    {key}: {flow(row)}   # n={mix.severity_counts[key]}")
    lines.append("")
    if incident is not None:
        lines += [f"# {line}" for line in incident_note]
        lines.append(f"incidents:\n  - {flow(incident)}")
    else:
        lines.append("incidents: []")
    lines += ["", "# " + t("calibrate.yaml.staffing", lang), "staffing:"]
    lines += [f"  {team}: {flow(spec)}" for team, spec in (base.get("staffing") or {}).items()]
    lines += [""] + _service_lines(cal, lang) + [""] + _customer_lines(cal, lang)
    for key in ("grading", "escalation"):
        if key in base:
            lines += ["", f"# {t('calibrate.yaml.from_base', lang)}", f"{key}: {flow(base[key])}"]
    if drill is not None:
        lines += ["", f"# {t('calibrate.yaml.drill', lang)}", f"drill: {flow(drill)}"]
    return lines


def _customer_lines(cal: Calibration, lang: str) -> list[str]:
    base = cal.base.data
    patience = dict(base.get("patience") or {})
    lines = ["patience:"]
    for ch, fit in cal.patience.items():
        patience[ch] = fit.as_dist()
    for ch, dist in patience.items():
        fit = cal.patience.get(ch)
        note = t("calibrate.yaml.patience", lang, fit=fit.describe()) if fit else t("calibrate.yaml.from_base", lang)
        lines += [f"  # {note}", f"  {ch}: {flow(dist)}"]
    if not patience:
        lines = ["patience: {}"]
    abandon = dict(base.get("abandonment") or {})
    r = cal.retries
    if r.abandoned >= 30:
        abandon["retry_share"] = round(r.share, 3)
        if r.retried:
            abandon["retry_after"] = {"exponential": {"mean": duration_text(r.after_mean)}}
        lines += ["# " + t("calibrate.yaml.retries", lang, retried=r.retried, abandoned=r.abandoned,
                           share=f"{r.share:.3f}", after=f"{r.after_mean:.1f}" if r.retried else "-")]
    if abandon.get("retry_share", 0) and "retry_after" not in abandon:
        abandon["retry_after"] = {"exponential": {"mean": "30min"}}
    lines.append(f"abandonment: {flow(abandon)}")
    follow = dict(base.get("follow_up") or {})
    s = cal.satisfaction
    if s is not None:
        if s.eligible and s.follow_up_share == s.follow_up_share:
            follow["share"] = round(s.follow_up_share, 3)
        follow["satisfaction"] = s.as_model()
        lines += ["# " + t("calibrate.yaml.satisfaction", lang, surveyed=s.surveyed, late=s.late,
                           on_time=_iv(s.on_time), penalty=_iv(s.late_penalty), floor=_iv(s.floor),
                           share=f"{s.follow_up_share:.3f}", eligible=s.eligible)]
    if follow:
        lines.append(f"follow_up: {flow(follow)}")
    return lines


def _iv(v: tuple[float, float, float]) -> str:
    return f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]"


def write_scenario(cal: Calibration, out: str | Path, lang: str = "en", incident: dict | None = None,
                   incident_note: list[str] = (), drill: dict | None = None) -> Scenario:
    """Write the calibrated scenario to ``out`` and read it back (the loaded scenario is returned)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(scenario_lines(cal, out, lang, incident, incident_note, drill)) + "\n"
    out.write_text(text, encoding="utf-8")
    plan_dir = (cal.base.path.parent / cal.base.data["plan"]).resolve().parent if cal.base.path else None
    return load_scenario(out, plan_dirs=[plan_dir] if plan_dir else ())
