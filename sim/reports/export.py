"""CSV exports of a cohort's drill: scores, every answer, step ratings, the improvement plan, command drills.

In answers.csv a reply lists the sentence that met each criterion (``met_by``: ``criterion: sentence``,
separated by `` | ``) and, when a trainer overrode its points, ``overridden`` is true with the points it
had before (``old_points``), who (``override_by``), when (``override_at``) and why (``override_comment``);
``points`` is then the trainer's.

The files open in a spreadsheet: UTF-8 with a BOM (so Chinese reads correctly), and trainee text that
starts like a formula (``=``, ``+``, ``-``, ``@``) is prefixed with ``'`` so the spreadsheet shows it
as text and never runs it. With ``anonymise``, trainee names become their aliases, inside replies too.

    >>> _cell("=SUM(A1:A9)"), _cell("@mention"), _cell("ok"), _cell(-3)
    ("'=SUM(A1:A9)", "'@mention", 'ok', -3)
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

from sim.reports import cohort as C
from sim.reports.html import late_text
from sim.reports.improvement import improvement_items

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (trainee text is data)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(_cell)
    return out


def export_csv(data, out_dir: str | Path, *, anonymise: bool = False, as_of: date | None = None) -> list[Path]:
    """scores.csv (trainee × scenario, with step ratings), answers.csv (every answer of the counted
    attempts, with points, rating, criteria and flags), steps.csv, improvement_plan.csv and, when there
    are any, command_drills.csv. UTF-8 with a BOM (spreadsheets then read Chinese correctly)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lang = data.lang
    name = lambda n: data.name(n, anonymise)
    r = data.results.copy()
    r["trainee"] = r.trainee.map(name)
    step_ratings: dict[tuple[str, str], dict] = {}
    for s in data.steps.itertuples(index=False):
        step_ratings.setdefault((s.trainee, s.scenario_id), {})[f"step:{s.step}"] = s.rating
    extra = pd.DataFrame([step_ratings.get((tr, sid), {}) for tr, sid in
                          zip(data.results.trainee, data.results.scenario_id)],
                         columns=[f"step:{k}" for k in data.plan.steps])
    scores = pd.concat([r.reset_index(drop=True), extra], axis=1)
    scores["percent"] = scores.percent.round(2)
    paths = [out / "scores.csv", out / "answers.csv", out / "steps.csv", out / "improvement_plan.csv"]
    _safe(scores).to_csv(paths[0], index=False, encoding="utf-8-sig")

    chosen = [int(a) for a in data.results.attempt_id.dropna()]
    answers = data.store.answers_for(chosen)
    detail, overridden = {}, {}
    for aid in chosen:
        if aid in data.scores:
            for p in data.scores[aid].detail.get("prompts", []):
                detail[(aid, p["prompt_id"])] = p
            for o in data.scores[aid].detail.get("overrides", []):
                overridden[(aid, o["prompt_id"])] = o
    rows = []
    for res in data.results.itertuples(index=False):
        if res.attempt_id is None or pd.isna(res.attempt_id):
            continue
        sc = data.scenarios[res.scenario_id]
        for a in answers.get(int(res.attempt_id), []):
            prompt = C.prompt_of(sc, a.prompt_id)
            d = detail.get((int(res.attempt_id), a.prompt_id), {})
            o = overridden.get((int(res.attempt_id), a.prompt_id))
            value = a.value
            text = C.stored_answer_text(sc, prompt, value, lang)
            if prompt is not None and prompt.kind == "reply":
                text = data.scrub(text, anonymise)
                value = text
            rows.append({"trainee": name(res.trainee), "scenario_id": res.scenario_id, "attempt_id": a.attempt_id,
                         "status": res.status, "prompt_id": a.prompt_id, "step": prompt.step if prompt else "",
                         "kind": prompt.kind if prompt else "",
                         "question": C.question_text(sc, prompt, lang) if prompt else "",
                         "answer": text, "value": json.dumps(value, ensure_ascii=False),
                         "points": d.get("points"), "max_points": d.get("max_points"), "rating": d.get("rating"),
                         "hit": ";".join(d.get("hit", [])), "missed": ";".join(d.get("missed", [])),
                         "flags": ";".join(f["flag"] for f in d.get("flags", [])),
                         "elapsed_s": None if a.elapsed is None else round(a.elapsed, 1),
                         "par_s": d.get("par"), "answered_at": a.answered_at.isoformat(),
                         "met_by": " | ".join(f"{c}: {data.scrub(x, anonymise)}" for c, x in d.get("met_by") or ()),
                         "overridden": o is not None, "old_points": o["old_points"] if o else None,
                         "override_by": o["by"] if o else "", "override_at": o["at"] if o else "",
                         "override_comment": data.scrub(o["comment"], anonymise) if o else ""})
    _safe(pd.DataFrame(rows, columns=["trainee", "scenario_id", "attempt_id", "status", "prompt_id", "step", "kind",
                                      "question", "answer", "value", "points", "max_points", "rating", "hit", "missed",
                                      "flags", "elapsed_s", "par_s", "answered_at", "met_by", "overridden",
                                      "old_points", "override_by", "override_at", "override_comment"])
          ).to_csv(paths[1], index=False, encoding="utf-8-sig")
    C.step_distribution(data).to_csv(paths[2], index=False, encoding="utf-8-sig")
    items = improvement_items(data, as_of)
    _safe(pd.DataFrame([{"capability": i.capability, "issue": i.issue, "corrective_action": i.action,
                         "owner": i.owner, "start": i.start.isoformat(), "completion": i.due.isoformat(),
                         "source": i.source} for i in items],
                       columns=["capability", "issue", "corrective_action", "owner", "start", "completion", "source"])
          ).to_csv(paths[3], index=False, encoding="utf-8-sig")
    if data.commands:
        rows = [{"trainee": name(c.trainee), "scenario_id": c.scenario_id, "created_at": c.created_at.isoformat(),
                 "score": c.score, **{f"part:{k}": v for k, v in c.result.get("parts", {}).items()},
                 "activation": late_text(c.result, lang),
                 "reserve_called": c.result.get("reserve_called"),
                 "reserve_suggested": c.result.get("reserve_suggested"),
                 **{f"targets_met:{k}": v for k, v in c.result.get("targets_met", {}).items()}}
                for c in data.commands]
        path = out / "command_drills.csv"
        _safe(pd.DataFrame(rows)).to_csv(path, index=False, encoding="utf-8-sig")
        paths.append(path)
    return paths


__all__ = ["export_csv"]
