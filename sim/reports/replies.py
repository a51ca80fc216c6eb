"""A scored reply as the trainer reads it: the reply with its evidence marked, and the trainers' overrides.

:func:`reply_html` quotes a reply with the sentence that met each criterion in ``<mark>``, labelled with
what the plan expects, and the words that raised a flag marked apart (:mod:`sim.drill.evidence`; every
piece of the trainee's text escaped, names replaced when anonymising). :func:`overrides_html` lists the
replies whose points a trainer overrode (:mod:`sim.drill.overrides`): the reply, and who changed its points
when, from what to what, and why. Both read the latest score of each result, where the scorer put them.
"""
from __future__ import annotations

from dataclasses import replace

from sim.drill.evidence import criterion_labels, flag_names, flag_words, marked_html
from sim.drill.overrides import Override, override_note
from sim.i18n import t
from sim.reports.cohort import prompt_of, question_text
from sim.reports.markup import Raw, clean_text, join, table, tag


def reply_html(data, reply: str, met_by=(), flags=(), labels: dict | None = None, anonymise: bool = False) -> Raw:
    """A reply quoted with its evidence marked (``met_by``: (criterion id, sentence); ``flags``: the
    scorecard's flag dicts; ``labels``: criterion id -> what the plan expects); anonymised like every quote.
    Met sentences the reply does not hold word for word are quoted under it."""
    # Cleaned (control characters, bidi overrides: markup.clean_text) before the sentences are placed, so a
    # sentence is still found in the reply; marked_html escapes every piece.
    scrub = lambda text: clean_text(data.scrub(text, anonymise) or "")
    met = [(c, scrub(x)) for c, x in met_by or ()]
    words = [(f, scrub(w)) for f, w in flag_words(flags or ())]
    body, apart = marked_html(scrub(reply), met, words, labels or {},
                              flag_names(flags or (), getattr(data, "plan", None), data.lang))
    lines = [tag("div", t("app.card.met", data.lang, label=(labels or {}).get(c, c), sentence=x), class_="muted")
             for c, x in apart]
    return join([Raw(f"<blockquote>{clean_text(body)}</blockquote>"), *lines])


def met_sentences(data, trainee: str, scenario_id: str, prompt_id: str) -> list[tuple[str, str]]:
    """(criterion id, sentence) for one reply of the cohort's results (none for a score kept before the
    scorer quoted sentences)."""
    p = data.prompts
    if not len(p) or "met_by" not in p.columns:
        return []
    rows = p[(p.trainee == trainee) & (p.scenario_id == scenario_id) & (p.prompt_id == prompt_id)]
    found = rows.met_by.iloc[0] if len(rows) else None
    return [(c, x) for c, x in found] if isinstance(found, list) else []


def override_text(data, stored: dict, anonymise: bool = False) -> str:
    """'overridden by X on DATE: old → new points — “comment”' for an override as a score keeps it (the
    comment anonymised like a reply: it may name the trainee)."""
    o = Override.from_dict(stored)
    return override_note(replace(o, comment=data.scrub(o.comment, anonymise)), data.lang)


def overrides_html(data, anonymise: bool = False) -> Raw:
    """Every reply of the cohort's results whose points a trainer overrode (the override that counts): who,
    the scenario and question, the reply, and who changed it when, from what to what, and why."""
    lang = data.lang
    rows = []
    for r in data.finished.itertuples(index=False):
        detail = data.scores[int(r.attempt_id)].detail
        sc = data.scenarios[r.scenario_id]
        replies = {p["prompt_id"]: p for p in detail.get("prompts", [])}
        for d in detail.get("overrides", []):
            o = Override.from_dict(d)
            prompt = prompt_of(sc, o.prompt_id)
            p = replies.get(o.prompt_id, {})
            reply = p.get("value") if isinstance(p.get("value"), str) else ""
            rows.append([data.name(r.trainee, anonymise), sc.title.get(lang),
                         question_text(sc, prompt, lang) if prompt else o.prompt_id,
                         reply_html(data, reply, p.get("met_by"), p.get("flags"),
                                    criterion_labels(sc, o.prompt_id, lang), anonymise),
                         (override_text(data, d, anonymise), {"data_key": "override", "data_attempt": int(r.attempt_id),
                                                   "data_prompt": o.prompt_id})])
    if not rows:
        return tag("p", t("report.overrides.none", lang))
    return join([tag("p", t("report.overrides.intro", lang)),
                 table([t("report.col.trainee", lang), t("report.col.scenario", lang), t("report.col.question", lang),
                        t("report.col.reply", lang), t("report.col.override", lang)], rows, data_table="overrides")])


__all__ = ["met_sentences", "override_text", "overrides_html", "reply_html"]
