"""The trainee's scorecard, as HTML: shown once the drill is over, when it may cite the key.

The card leads with the result (percent, passed or not, points against the pass mark), then any
critical flag, the P/S/M/U rating of each plan step the drill tested, timeliness against par, the flags
raised on replies, and a review of every prompt not answered in full: the question, the trainee's
answer as they saw it (option labels, not ids), the feedback and, for a reply that missed criteria,
what the plan's step does. Every reply is shown with its evidence (:mod:`sim.drill.evidence`): the
sentence that met each criterion marked and labelled with what the plan expects, the words that raised a
flag marked apart; replies in full come after the review. Every reply, good or not, is followed by the
scenario's model answer (its good example reply) to compare with. Nothing is named by an internal id: a
prompt by its question, a criterion by what the plan expects, a flag by its name. A trainer's override of a
reply's points says who, when and why. Switching language redraws the same card from the stored answers.

What of it the trainee may see follows the attempt policy of the assignment the attempt counts for
(:mod:`sim.drill.attempt_policy`): ``key`` (a :class:`~sim.drill.attempt_policy.KeyDecision`, from
:func:`key_for`) says whether the key and model answers may be shown now. When they may not, the card
shows only the result and the rating of each plan step (nothing that says what the right answer was: no
review of the prompts, no feedback, no flags, no marked replies), and one line saying when the key will be
shown (after the due date, or never). Without ``key`` the whole card is shown, as before policies existed.
"""
from __future__ import annotations

from sim.drill.answers import answer_text
from sim.drill.attempt_policy import KeyDecision, key_note
from sim.drill.evidence import (
    EVIDENCE_CSS,
    criterion_labels,
    flag_names,
    flag_words,
    marked_html,
    model_answer,
)
from sim.drill.overrides import override_note
from sim.drill.scorecard import score_attempt
from sim.i18n import t
from sim.ui.render import colon, esc, label
from sim.ui.theme import badge


def _result_html(card, lang: str) -> str:
    L = lambda key, **kw: t(key, lang, **kw)
    result = L("drill.card.passed" if card.passed else "drill.card.failed")
    points = L("app.card.points", points=round(card.points, 2), max=card.max_points, mark=100 * card.pass_mark)
    return (f"<div class='dk-result {'dk-pass' if card.passed else 'dk-fail'}'>"
            f"<span class='dk-big'>{card.percent:.0f}%</span> &nbsp; <b class='dk-verdict'>{esc(result)}</b><br>"
            f"{esc(points)} · {esc(L('app.trainee'))}{colon(lang)}{esc(card.trainee or '—')}</div>")


def _steps_html(card, lang: str) -> str:
    """The P/S/M/U rating of each plan step, its legend and timeliness against par."""
    L = lambda key, **kw: t(key, lang, **kw)
    rows = []
    for s in card.steps.values():
        share = "" if s.share is None else f"{100 * s.share:.0f}% ({round(s.points, 2):g}/{s.max_points:g})"
        rows.append(f"<tr><td>{badge(s.rating)}</td><td>{esc(s.name)}</td><td>{share}</td></tr>")
    legend = L("drill.card.legend", p=card.legend.get("P", 0), s=card.legend.get("S", 0), m=card.legend.get("M", 0))
    tl = card.timeliness
    timeliness = (L("drill.card.timeliness", within=tl.within, timed=tl.timed, rating=tl.rating) if tl.timed
                  else L("drill.card.no_par"))
    return (f"<h4>{esc(L('drill.card.steps'))}</h4><table class='dk-steps'>"
            f"<tr><th>{esc(L('app.card.rating'))}</th><th>{esc(L('app.card.step'))}</th>"
            f"<th>{esc(L('app.card.score'))}</th></tr>{''.join(rows)}</table>"
            f"<div class='dk-hint'>{esc(legend)}</div><p>{esc(timeliness)}</p>")


def _flags_html(card, lang: str) -> str:
    """The flags raised on replies, each with its evidence ("" if none)."""
    flags = [f for p in card.prompts for f in p.flags]
    if not flags:
        return ""
    items = "".join(
        f"<li><b>{esc(f.name)}</b> ("
        f"{esc(t('drill.card.flag_critical' if f.critical else 'drill.card.flag_minor', lang))}): "
        f"“{esc('”, “'.join(f.evidence))}”</li>" for f in flags)
    return f"<h4>{esc(t('app.card.flags', lang))}</h4><ul>{items}</ul>"


def answer_html(score, view, plan, lang: str, *, labels: dict | None = None, override=None,
                model: str | None = None) -> str:
    """The review of one prompt: its rating and question, the trainee's answer as they saw it (a reply with
    its evidence marked; ``labels``: criterion id -> what the plan expects), the feedback, for a reply that
    missed criteria what the plan's step does, the ``model`` answer to compare a reply with, and the
    trainer's ``override`` if any. ``view`` is the trainee's prompt (None if the drill no longer has it: a
    line saying so stands in for the question)."""
    question = view.question.get(lang) if view is not None else t("scorecard.question_gone", lang)
    step = plan.steps[score.step]
    lines = list(score.feedback)
    if score.kind == "reply" and score.missed:
        lines.append(t("app.card.step_does", lang, step=step.name.get(lang), does=step.does.get(lang)))
    given = answer_text(view, score.value, lang, answered=score.answered)    # without a view: the stored value
    shown, apart = esc(given), []
    if score.kind == "reply" and score.answered and isinstance(score.value, str):
        shown, apart = marked_html(score.value, score.met_by, flag_words(score.flags), labels or {},
                                   flag_names(score.flags, plan, lang))
    quote_cls = "dk-quote" if score.kind == "reply" else ""
    got = f"{round(score.points, 2):g}/{score.max_points:g}"
    if apart:       # met sentences the reply does not hold word for word: quoted below it
        lines = [t("app.card.met", lang, label=(labels or {}).get(c, c), sentence=x) for c, x in apart] + lines
    if override is not None:
        lines.insert(0, "✎ " + override_note(override, lang))
    compare = ""
    if model:
        compare = (f"<div class='dk-model'><span class='dk-muted'>{label('scorecard.model_label', lang)}</span> "
                   f"<span class='dk-quote'>{esc(model)}</span></div>")
    return (f"<div class='dk-review'>{badge(score.rating)} <b>{esc(question)}</b> "
            f"<span class='dk-muted'>({got} · {esc(step.name.get(lang))})</span>"
            f"<div><span class='dk-muted'>{label('app.card.your_answer', lang)}</span> "
            f"<span class='{quote_cls}'>{shown}</span></div>"
            f"<ul>{''.join(f'<li>{esc(line)}</li>' for line in lines)}</ul>{compare}</div>")


def _in_full(score) -> bool:
    """Answered, every point earned and nothing flagged: the review leaves it out."""
    return score.answered and score.points >= score.max_points - 1e-9 and not score.flags


def key_for(store, attempt_id: int, today=None) -> KeyDecision:
    """Whether the finished attempt's scorecard may show the key now: the results store's verdict
    (:meth:`sim.store.policy.Policies.key_decision`). An attempt log without policies (a test's) shows it,
    as before policies existed. A StoreError is let through (the app shows it, and no key)."""
    decide = getattr(store, "key_decision", None)
    return decide(attempt_id, today) if decide is not None else KeyDecision(True)


def scorecard_html(card, prompts: dict, scenario, lang: str, key: KeyDecision | None = None) -> str:
    """The scorecard for the trainee (after the drill only: it cites the key — what the plan expects).
    ``prompts``: the trainee view of each prompt the attempt met, by id. ``key``: whether the key may be shown
    now (:func:`key_for`); None: it may. Withheld, the card has the result, the step ratings and a note."""
    out = [f"<style>{EVIDENCE_CSS}</style>",          # how the evidence marks in replies look
           f"<div class='dk-scorecard'><h3>{esc(t('app.card.heading', lang))} — {esc(card.title)}</h3>",
           _result_html(card, lang)]
    note = key_note(key, lang)
    if note:
        out.append(f"<div class='dk-box dk-key-note'>{esc(note)}</div>")
    if key is not None and not key.shown:
        out += [_steps_html(card, lang), "</div>"]
        return "".join(out)
    critical = dict.fromkeys(f.name for p in card.prompts for f in p.flags
                             if f.critical and p.prompt_id not in card.overrides)
    if critical:
        out.append(f"<div class='dk-critical'>⚠ {esc(t('drill.card.critical', lang, flags='; '.join(critical)))}</div>")
    out += [_steps_html(card, lang), _flags_html(card, lang)]
    def one(s):
        return answer_html(s, prompts.get(s.prompt_id), scenario.plan, lang, override=card.overrides.get(s.prompt_id),
                           labels=criterion_labels(scenario, s.prompt_id, lang),
                           model=model_answer(scenario, s.prompt_id, lang) if s.kind == "reply" else None)
    review = [one(s) for s in card.prompts if not _in_full(s)]
    full = len(card.prompts) - len(review)
    if review:
        out += [f"<h4>{esc(t('app.card.review', lang))}</h4>", *review]
    replies = [one(s) for s in card.prompts if _in_full(s) and s.kind == "reply"]
    if replies:         # full marks: shown all the same, for the sentences that earned them
        out += [f"<h4>{esc(t('app.card.replies_full', lang))}</h4>", *replies]
    if not review:
        out.append(f"<p class='dk-ok'>{esc(t('app.card.all_full', lang))}</p>")
    elif full:
        out.append(f"<p class='dk-ok'>✓ {esc(t('app.card.full_marks', lang, n=full))}</p>")
    out.append("</div>")
    return "".join(out)


def card_in_language(card, scenario, lang: str):
    """The same scorecard with its names and feedback in ``lang``, scored again from its answers as every
    score is (:func:`~sim.drill.scorecard.score_attempt`)."""
    if card.language == lang:
        return card
    answered = [s for s in card.prompts if s.answered]
    return score_attempt(scenario, {s.prompt_id: s.value for s in answered}, lang,
                         elapsed={s.prompt_id: s.elapsed for s in answered}, trainee=card.trainee,
                         attempt_id=card.attempt_id, overrides=card.overrides.values())


__all__ = ["answer_html", "card_in_language", "key_for", "scorecard_html"]
