"""Scoring one drill answer against the plan: points, criteria hit and missed, flags, feedback.

Every prompt earns a *share* (0..1) of its ``points``:

choice
    1 for the answer; ``partial[option]`` for an option with partial credit; otherwise 0.
multi (select all that apply)
    ``max(0, (required selected − forbidden selected) / required)``: each forbidden option cancels
    one required option; options that are neither required nor forbidden are neutral.
yesno
    1 for the right answer, else 0.
number
    1 inside the ``accept`` range; 0.5 for a near miss, outside the range by at most
    ``max(1, 25 % of the nearest bound)`` (7 reserve staff when 8-10 are right); otherwise 0.
order
    Kendall's rank correlation τ between the trainee's order and the plan's, ``max(0, τ)``:
    one adjacent swap among five steps gives 0.8, a random order about 0, the reverse order 0.
reply (free text against the rubric)
    A criterion is met when a sentence or clause of the reply performs the act it asks for
    (:mod:`sim.drill.meaning`): by the author's phrases (:mod:`sim.drill.text`: normalised, Traditional =
    Simplified, English inflections) or by meaning, whatever the wording and whichever language the
    rubric was written in. ``share = weight of criteria met / total weight``, where a criterion met only *after*
    the one named in its ``before`` earns half its weight (acknowledge before solving: CARP's most
    common mistake). Then, in this order:

    * shorter than ``min_chars`` (a Chinese character counts as three: English text is about three
      times as many characters as the same message in Chinese): at most half the points;
    * a keyword list or fragments (:func:`~sim.drill.sentences.coherence`), the marking guide pasted
      back, or a dismissive or hedged aside the conduct patterns know ("whatever", "next caller", "行了吧",
      "tomorrow, or the day after"), or a sentence that stacks three hedges ("may … possibly … perhaps";
      :mod:`sim.drill.hedges`): at most a quarter (``TONE_CAP``); a sentence that only the tone
      classifier (:mod:`sim.drill.tone`) hears as dismissive: at most three quarters
      (``HEARD_TONE_CAP``), no more than an adequate reply earns;
    * a form letter, three or more stock phrases that could go to anyone ("Dear valued customer", "we take this
      very seriously", "相关部门", "感谢您的理解与支持"; :mod:`sim.drill.stock_phrases`): at most three quarters
      (``FORM_LETTER_CAP``);
    * a private reply that never names the person it answers ("Dear customer", a form letter that could go to
      anyone; :func:`~sim.drill.reply_context.addressed_by_name`): at most 90 % (``IMPERSONAL_CAP``), still a
      P rating on the shipped plan, but below a reply written to her;
    * each distinct non-critical flag (``non_apology``, ``speculation``...) takes off a quarter of
      the prompt's points, never below 0;
    * a critical flag (``plan.flags[flag].critical``: privacy breach, unauthorised promise, blame,
      unsafe advice) sets the points to 0 and the prompt's rating to U, whatever else was done well.

Each prompt also gets an HSEEP rating from its share with the plan's thresholds (``drills.ratings``;
the shipped plan: P ≥ 85 %, S ≥ 65 %, M ≥ 35 %, else U). Ratings per plan step, timeliness, the total
and pass/fail are built in :mod:`sim.drill.scorecard`.

Feedback cites the plan: the criterion's ``expects`` and the conduct rule or step it checks, the
flag's explanation and the conduct rule that forbids it, or the prompt's ``why`` and its step.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

from sim.drill import phrases as P
from sim.drill.conduct import TONE_FLAGS, find_conduct, negated_at
from sim.drill.hedges import stacked_hedges
from sim.drill.intent import find_intents, overruled, stated_known
from sim.drill.meaning import meet
from sim.drill.personal_data import disclosures
from sim.drill.phones import find_phone
from sim.drill.reply_context import JudgingContext, addressed_by_name, addressee_title, reply_context
from sim.drill.sentences import coherence, echo_share
from sim.drill.stock_phrases import form_letter, stock_phrases
from sim.drill.text import NormText, language_of, prepare
from sim.drill.tone import find_tone
from sim.drill.view import option_domain
from sim.format.drill_script import Drill, Inject
from sim.format.plan import Plan
from sim.format.prompts import Criterion, MustNot, Prompt, yes_no
from sim.i18n import t
from sim.i18n.script import CJK_CHAR

NEAR_MISS_CREDIT = 0.5          # number prompts: credit for a near miss
NEAR_MISS_TOLERANCE = 0.25      # ... outside the range by at most this share of the nearest bound (min 1)
OUT_OF_ORDER_CREDIT = 0.5       # reply criteria met only after the criterion they must precede
SHORT_REPLY_CAP = 0.5           # replies under min_chars earn at most this share
NON_CRITICAL_DEDUCTION = 0.25   # share of the prompt's points taken off per non-critical flag
CJK_CHAR_WEIGHT = 3             # a Chinese character counts as this many characters for min_chars
TONE_CAP = 0.25                 # a keyword list, fragments, a dismissive or hedged reply earns at most this
HEARD_TONE_CAP = 0.75           # ... a sentence only the tone classifier reads as dismissive (sim.drill.tone)
FORM_LETTER_CAP = 0.75          # ... a form letter strung from stock phrases (sim.drill.stock_phrases)
IMPERSONAL_CAP = 0.9            # ... a private reply that never names the person it answers (a form letter)
COHERENT_SHARE = 0.5            # ... "fragments": under this share of the words in well-formed sentences
ECHO_SHARE = 0.5                # ... the rubric pasted back: this share of its three-word runs are the rubric's
#                                 (on the dev corpora replies rated above stuffed reach 0.4, pasted rubrics 0.5-1)
PLAN_CHECK = "plan"             # FlagHit.check of a failure found by the plan's own conduct rules


@dataclass(frozen=True)
class FlagHit:
    """A conduct failure found in a reply (a ``must_not`` that matched)."""
    flag: str                   # plan flag id: privacy_leak, unauthorised_promise, blame, non_apology...
    check: str                  # the must_not id that matched
    critical: bool
    name: str                   # the flag's name in the session language
    evidence: tuple[str, ...]   # the words of the reply that matched

    def to_dict(self) -> dict:
        return {"flag": self.flag, "check": self.check, "critical": self.critical, "name": self.name,
                "evidence": list(self.evidence)}


@dataclass(frozen=True)
class PromptScore:
    prompt_id: str
    kind: str
    step: str
    points: float
    max_points: float
    answered: bool
    hit: tuple[str, ...] = ()           # criteria met (reply) or right options chosen
    missed: tuple[str, ...] = ()        # criteria not met (reply) or right options not chosen
    wrong: tuple[str, ...] = ()         # options that should not have been chosen
    flags: tuple[FlagHit, ...] = ()
    feedback: tuple[str, ...] = ()
    rating: str = "U"                   # HSEEP rating of this prompt alone
    elapsed: float | None = None        # real seconds taken to answer
    par: float | None = None            # par time in seconds
    value: Any = None                   # the answer as stored
    met_by: tuple[tuple[str, str], ...] = ()   # reply: (criterion id, the sentence of the reply that met it)
    caps: tuple[str, ...] = ()          # reply: the caps applied (short, incoherent, echo, tone, heard_tone,
                                        # form_letter, impersonal)

    @property
    def flagged(self) -> tuple[str, ...]:
        """Flag ids, e.g. ('privacy_leak',)."""
        return tuple(dict.fromkeys(f.flag for f in self.flags))

    @property
    def critical(self) -> bool:
        return any(f.critical for f in self.flags)

    @property
    def share(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def within_par(self) -> bool | None:
        if self.par is None or self.elapsed is None:
            return None
        return self.elapsed <= self.par

    def to_dict(self) -> dict:
        return {"prompt_id": self.prompt_id, "kind": self.kind, "step": self.step, "points": self.points,
                "max_points": self.max_points, "answered": self.answered, "hit": list(self.hit),
                "missed": list(self.missed), "wrong": list(self.wrong), "flags": [f.to_dict() for f in self.flags],
                "feedback": list(self.feedback), "rating": self.rating, "elapsed": self.elapsed, "par": self.par,
                "value": self.value, "met_by": [list(m) for m in self.met_by], "caps": list(self.caps)}


# --- answers -------------------------------------------------------------------------------------

class AnswerError(ValueError):
    """An answer that cannot be accepted (wrong type, unknown option...); the message says why."""


def normalise_answer(prompt: Prompt, value: Any, lang: str = "en", plan: Plan | None = None) -> Any:
    """The answer in its stored form, or AnswerError naming what is wrong (in ``lang``; options by the names
    the trainee saw, given the ``plan`` to name plan ids)."""
    ids = prompt.option_ids()
    kind = prompt.kind
    options = _labels(prompt, ids, plan, lang)
    if kind == "choice":
        if not isinstance(value, str) or value not in ids:
            raise AnswerError(t("drill.err.option", lang, value=_show(value), options=options))
        return value
    if kind == "yesno":
        answer = yes_no(value)
        if answer is None:
            raise AnswerError(t("drill.err.yesno", lang, value=_show(value)))
        return answer
    if kind == "number":
        if isinstance(value, bool):
            raise AnswerError(t("drill.err.number", lang, value=_show(value)))
        try:
            number = float(value.strip().replace(",", "") if isinstance(value, str) else value)
        except (TypeError, ValueError):
            raise AnswerError(t("drill.err.number", lang, value=_show(value))) from None
        if not math.isfinite(number):
            raise AnswerError(t("drill.err.number", lang, value=_show(value)))
        bounds = prompt.bounds
        if bounds is not None and not bounds.contains(number):      # "of the 12 reserve staff": not 500
            raise AnswerError(t("drill.err.number_range", lang, value=f"{number:g}",
                                low=f"{bounds.min:g}" if bounds.min is not None else "…",
                                high=f"{bounds.max:g}" if bounds.max is not None else "…"))
        return int(number) if number.is_integer() else number
    if kind in ("multi", "order"):
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            raise AnswerError(t("drill.err.list", lang, value=_show(value)))
        chosen = list(value)
        for item in chosen:
            if not isinstance(item, str) or item not in ids:
                raise AnswerError(t("drill.err.option", lang, value=_show(item), options=options))
        if len(set(chosen)) != len(chosen):
            dup = next(c for c in chosen if chosen.count(c) > 1)
            raise AnswerError(t("drill.err.twice", lang,
                                value=option_label(prompt, dup, plan, lang) if plan is not None else _show(dup)))
        if kind == "multi":
            return [i for i in ids if i in chosen]      # option order: the same choice stores the same
        if sorted(chosen) != sorted(ids):
            missing = [i for i in ids if i not in chosen]
            raise AnswerError(t("drill.err.order", lang, missing=_labels(prompt, missing, plan, lang)))
        return chosen
    if kind == "reply":
        if not isinstance(value, str) or not value.strip():
            raise AnswerError(t("drill.err.reply", lang))
        return value.strip()
    raise AnswerError(kind)  # unreachable: the scenario format allows only the kinds above


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- scoring -------------------------------------------------------------------------------------

def score_prompt(prompt: Prompt, value: Any, plan: Plan, lang: str = "en", *, elapsed: float | None = None,
                 answered: bool = True, inject: Inject | None = None, drill: Drill | None = None) -> PromptScore:
    """Score one stored answer (``answered=False``: the prompt was sent but not answered); ``inject`` and
    ``drill``: where the prompt was asked, for a reply's judging context (see :func:`score_reply`)."""
    par = prompt.par_time * 60 if prompt.par_time is not None else None
    if not answered:
        return PromptScore(prompt.id, prompt.kind, prompt.step, 0.0, prompt.points, False,
                           feedback=(t("drill.fb.not_answered", lang),) + _cite_prompt(prompt, plan, lang),
                           rating="U", par=par)
    if prompt.kind == "reply":
        result = score_reply(prompt, value, plan, lang, inject=inject, drill=drill)
    else:
        result = _score_closed(prompt, value, plan, lang)
    return replace(result, elapsed=elapsed, par=par, value=value)


def _score_closed(prompt: Prompt, value: Any, plan: Plan, lang: str) -> PromptScore:
    kind = prompt.kind
    hit: list[str] = []
    missed: list[str] = []
    wrong: list[str] = []
    notes: list[str] = []
    if kind in ("choice", "yesno"):
        if value == prompt.answer:
            share = 1.0
            hit.append(value)
        else:
            share = prompt.partial.get(value, 0.0) if kind == "choice" else 0.0
            missed.append(prompt.answer)
            wrong.append(value)
            notes.append(t("drill.fb.expected", lang, answer=option_label(prompt, prompt.answer, plan, lang)))
    elif kind == "multi":
        chosen = set(value)
        hit = [o for o in prompt.required if o in chosen]
        missed = [o for o in prompt.required if o not in chosen]
        wrong = [o for o in prompt.forbidden if o in chosen]
        share = max(0.0, (len(hit) - len(wrong)) / len(prompt.required))
        if missed:
            notes.append(t("drill.fb.multi_missing", lang, options=_labels(prompt, missed, plan, lang)))
        if wrong:
            notes.append(t("drill.fb.multi_forbidden", lang, options=_labels(prompt, wrong, plan, lang)))
    elif kind == "number":
        accept = prompt.accept
        assert accept is not None
        if accept.contains(value):
            share = 1.0
        else:
            below = accept.min is not None and value < accept.min
            bound = accept.min if below else accept.max
            tolerance = max(1.0, NEAR_MISS_TOLERANCE * abs(bound))
            share = NEAR_MISS_CREDIT if abs(value - bound) <= tolerance else 0.0
            notes.append(t("drill.fb.number_range", lang, range=range_text(accept)))
    else:  # order
        tau = kendall_tau(list(value), list(prompt.answer))
        share = max(0.0, tau)
        if share < 1.0:     # said as places and pairs: a trainee does not read τ (the share is still from τ)
            n = len(prompt.answer)
            notes.append(t("drill.fb.order", lang, right=sum(a == b for a, b in zip(value, prompt.answer)), n=n,
                           pairs=round((tau + 1) * n * (n - 1) / 4), total=n * (n - 1) // 2,
                           order=" → ".join(option_label(prompt, o, plan, lang) for o in prompt.answer)))
    points = share * prompt.points
    feedback: list[str] = []
    if share >= 1.0:
        feedback.append(t("drill.fb.correct", lang))
    else:
        feedback.extend(notes)
        feedback.extend(_cite_prompt(prompt, plan, lang))
    return PromptScore(prompt.id, kind, prompt.step, points, prompt.points, True, tuple(hit), tuple(missed),
                       tuple(wrong), (), tuple(feedback), plan.drills.ratings.rate(share))


def kendall_tau(given: list[str], right: list[str]) -> float:
    """Kendall's τ between two orders of the same items: 1 identical, −1 reversed."""
    rank = {item: i for i, item in enumerate(right)}
    ranks = [rank[item] for item in given]
    n = len(ranks)
    if n < 2:
        return 1.0
    concordant = sum(1 for i in range(n) for j in range(i + 1, n) if ranks[i] < ranks[j])
    pairs = n * (n - 1) // 2
    return (2 * concordant - pairs) / pairs


def score_reply(prompt: Prompt, reply: str, plan: Plan, lang: str = "en", *,
                inject: Inject | None = None, drill: Drill | None = None) -> PromptScore:
    """Score a free-text reply against the prompt's rubric, the plan's conduct rules and the prompt's
    must_not checks (see module doc). ``inject``: the message being answered (who, on which channel);
    ``drill``: the script it is part of (what the trainee was told before it: confirmed facts, approvals)."""
    nt = prepare(reply)
    reply_lang = language_of(reply, default=lang)
    ctx = reply_context(plan, inject, prompt, drill)
    positions: dict[str, int | None] = {}
    met_by: list[tuple[str, str]] = []
    for c in prompt.rubric:
        found = meet(c, reply, nt, reply_lang, prompt.examples, tuple(r for r in prompt.rubric if r is not c))
        positions[c.id] = found.start if found is not None else None
        if found is not None:
            met_by.append((c.id, found.text))
    flags = _flag_hits(prompt, reply, nt, plan, lang, ctx, positions)
    tone = [h for h in find_conduct(reply, ctx.authorised, ctx.goodwill_limit) if h.flag in TONE_FLAGS]
    tone += [h for h in stacked_hedges(reply) if not any(h.start < x.end and x.start < h.end for x in tone)]
    heard = [h for h in find_tone(reply) if not any(h.start < x.end and x.start < h.end for x in tone)]
    total_weight = sum(c.weight for c in prompt.rubric)
    earned = 0.0
    hit: list[str] = []
    missed: list[str] = []
    feedback: list[str] = []
    for c in prompt.rubric:
        pos = positions[c.id]
        if pos is None:
            missed.append(c.id)
            feedback.append(t("drill.fb.missed", lang, expects=_expects(c, lang))
                            + _cite_rule(c.rule, prompt, plan, lang))
            continue
        hit.append(c.id)
        other = positions.get(c.before) if c.before else None
        if other is not None and other < pos:
            earned += c.weight * OUT_OF_ORDER_CREDIT
            feedback.append(t("drill.fb.too_late", lang, expects=_expects(c, lang))
                            + _cite_rule(c.rule, prompt, plan, lang))
        else:
            earned += c.weight
    share = earned / total_weight
    length = reply_length(reply)
    caps: list[str] = []
    if length < prompt.min_chars:
        share = min(share, SHORT_REPLY_CAP)
        caps.append("short")
        feedback.append(t("drill.fb.too_short", lang, chars=length, min=prompt.min_chars))
    if coherence(reply) < COHERENT_SHARE:
        share = min(share, TONE_CAP)
        caps.append("incoherent")
        feedback.append(t("drill.fb.incoherent", lang))
    elif echo_share(reply, _rubric_text(prompt)) >= ECHO_SHARE:
        share = min(share, TONE_CAP)
        caps.append("echo")
        feedback.append(t("drill.fb.echo", lang))
    if tone:
        share = min(share, TONE_CAP)
        caps.append("tone")
        feedback.append(t("drill.fb.tone", lang, quote="” “".join(dict.fromkeys(h.text for h in tone + heard))))
    elif heard:
        share = min(share, HEARD_TONE_CAP)
        caps.append("heard_tone")
        feedback.append(t("drill.fb.heard_tone", lang, quote="” “".join(dict.fromkeys(h.text for h in heard))))
    if form_letter(reply):
        share = min(share, FORM_LETTER_CAP)
        caps.append("form_letter")
        feedback.append(t("drill.fb.form_letter", lang, quote="” “".join(stock_phrases(reply))))
    if addressed_by_name(reply, ctx.personal) is False:
        share = min(share, IMPERSONAL_CAP)
        caps.append("impersonal")
        title = addressee_title(inject, lang)
        feedback.append(t("drill.fb.impersonal", lang, name=title) if title else t("drill.fb.impersonal_anyone", lang))
    distinct: dict[str, list[FlagHit]] = {}
    for f in flags:
        distinct.setdefault(f.flag, []).append(f)
    for same in distinct.values():
        evidence = dict.fromkeys(e for f in same for e in f.evidence)
        explain = plan.flags[same[0].flag].explain.get(lang)
        feedback.append(t("drill.fb.flag", lang, flag=same[0].name, explain=explain,
                          quote="” “".join(evidence)) + _cite_flag(same, prompt, plan, lang))
    critical = any(f.critical for f in flags)
    if critical:
        share = 0.0
        feedback.append(t("drill.fb.critical", lang))
    else:
        share = max(0.0, share - NON_CRITICAL_DEDUCTION * len(distinct))
    rating = "U" if critical else plan.drills.ratings.rate(share)
    return PromptScore(prompt.id, "reply", prompt.step, share * prompt.points, prompt.points, True, tuple(hit),
                       tuple(missed), (), tuple(flags), tuple(feedback), rating, met_by=tuple(met_by),
                       caps=tuple(caps))


def _rubric_text(prompt: Prompt) -> str:
    """What the rubric tells the trainee to do, in both languages."""
    return "\n".join(x for c in prompt.rubric if c.expects for x in (c.expects.en, c.expects.zh) if x)


_CROSSES = re.compile(r"[。！？!?]|\.\s")


def _flag_hits(prompt: Prompt, reply: str, nt: NormText, plan: Plan, lang: str, ctx: JudgingContext,
               positions: dict[str, int | None]) -> list[FlagHit]:
    """The prompt's own must_not checks, then the plan's conduct rules and personal data, one FlagHit each."""
    flags: list[FlagHit] = []
    for check in prompt.must_not:
        spans = _must_not_spans(check, nt, reply)
        # a phrase negated ("please don't click the link again") or spread over two sentences ("I'm sorry. If you
        # need...": not "sorry if") is not the failure; the author's phrases are
        # not overruled by the classifier as the plan's patterns are ("It may be your charger" is theirs to call)
        if check.flag != "privacy_leak":    # a disclosure is one however it is introduced
            spans = [(a, b) for a, b in spans if not negated_at(reply, a, b, check.flag)]
        spans = [(a, b) for a, b in spans if not _CROSSES.search(reply[a:b])]
        positions[check.id] = min((a for a, _ in spans), default=None)   # a 'before' may name a check
        if spans:
            flag = plan.flags[check.flag]
            flags.append(FlagHit(check.flag, check.id, flag.critical, flag.name.get(lang),
                                 tuple(dict.fromkeys(reply[a:b] for a, b in spans))))
    found: dict[str, list[str]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for h in find_conduct(reply, ctx.authorised, ctx.goodwill_limit):
        if h.flag in plan.flags and not overruled(h.flag, reply, h.start) and not (
                h.flag == "speculation" and stated_known(reply, h.start, h.text, ctx.authorised, ctx.personal.own_text)):
            found.setdefault(h.flag, []).append(h.text)
            spans.setdefault(h.flag, []).append((h.start, h.end))
    for i in find_intents(reply, ctx.authorised, ctx.goodwill_limit, ctx.personal.own_text):
        # the sentence is the evidence, unless a pattern already quoted the words inside it
        if i.flag in plan.flags and not any(i.start <= a < i.end for a, _ in spans.get(i.flag, ())):
            found.setdefault(i.flag, []).append(i.text)
    if "privacy_leak" in plan.flags:
        for d in disclosures(reply, ctx.personal):
            found.setdefault("privacy_leak", []).append(d.text)
    for flag_id, evidence in found.items():
        flag = plan.flags[flag_id]
        flags.append(FlagHit(flag_id, PLAN_CHECK, flag.critical, flag.name.get(lang), tuple(dict.fromkeys(evidence))))
    return flags


def reply_length(reply: str) -> int:
    """Length for ``min_chars``: characters, a Chinese character counting as CJK_CHAR_WEIGHT."""
    text = " ".join(reply.split())
    cjk = len(CJK_CHAR.findall(text))
    return len(text) - cjk + CJK_CHAR_WEIGHT * cjk


def _phrases(groups: tuple[tuple[str, ...], ...]) -> list[str]:
    return [p for group in groups for p in group]


def _must_not_spans(check: MustNot, nt: NormText, reply: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if check.any is not None:
        spans += [m.span for m in P.find_all(nt, _phrases(check.any.en) + _phrases(check.any.zh))]
    if check.regex is not None:
        spans += P.compile_regex(check.regex).find(nt)
    for phone in check.phones:
        spans += find_phone(reply, phone)
    if check.names:
        spans += [(a, b) for a, b in P.compile_name(*check.names).find(nt) if not _in_handle(reply, a)]
    return P.merge_spans(spans)


def _in_handle(reply: str, start: int) -> bool:
    """Whether the text at ``start`` is part of an @handle (the poster's handle is said freely in public)."""
    i = start
    while i > 0 and not reply[i - 1].isspace() and reply[i - 1] not in "，。,.!?！？：:":
        i -= 1
        if reply[i] == "@":
            return True
    return False


# --- citing the plan -----------------------------------------------------------------------------

def rule_text(plan: Plan, rule: str | None, lang: str) -> str | None:
    """The text of a conduct rule, or a step's name and what it does."""
    if rule is None:
        return None
    if rule in plan.conduct:
        return plan.conduct[rule].text.get(lang)
    if rule in plan.steps:
        step = plan.steps[rule]
        return f"{step.name.get(lang)} — {step.does.get(lang)}"
    return None


def _cite(text: str | None, lang: str) -> str:
    return t("drill.fb.plan", lang, rule=text) if text else ""


def _cite_rule(rule: str | None, prompt: Prompt, plan: Plan, lang: str) -> str:
    return _cite(rule_text(plan, rule or prompt.rule or prompt.step, lang), lang)


def _cite_flag(same: list[FlagHit], prompt: Prompt, plan: Plan, lang: str) -> str:
    checks = {f.check for f in same}
    extra = "".join(f" {m.explain.get(lang)}" for m in prompt.must_not if m.id in checks and m.explain is not None)
    rule = next((r for r in plan.conduct.values() if same[0].flag in r.flags), None)
    return extra + _cite(rule.text.get(lang) if rule else None, lang)


def _cite_prompt(prompt: Prompt, plan: Plan, lang: str) -> tuple[str, ...]:
    """Why the answer is what it is: the prompt's ``why``; its step's text where that is what decides the
    answer (the options are the plan's own categories, roles, steps...) or nothing else explains it — not
    under a number worked out from the scenario; and the conduct rule it checks."""
    out = []
    if prompt.why is not None:
        out.append(prompt.why.get(lang))
    if prompt.why is None or any(o.text is None and plan.domain_of(o.id) for o in prompt.options):
        out.append(t("drill.fb.plan", lang, rule=rule_text(plan, prompt.step, lang)).strip())
    if prompt.rule is not None:
        out.append(t("drill.fb.plan", lang, rule=rule_text(plan, prompt.rule, lang)).strip())
    return tuple(out)


def _expects(c: Criterion, lang: str) -> str:
    return c.expects.get(lang) if c.expects is not None else c.id


def option_label(prompt: Prompt, option: str, plan: Plan | None, lang: str) -> str:
    """An option as the trainee saw it: its own label, else the plan's name for it in the one vocabulary
    holding the prompt's options (:func:`sim.drill.view.option_domain`: the logistics *department* among
    departments, not the category); the id itself only without a plan to name it."""
    if prompt.kind == "yesno":
        return t("yes" if option == "yes" else "no", lang)
    for o in prompt.options:
        if o.id == option and o.text is not None:
            return o.text.get(lang)
    if plan is None:
        return option
    return plan.label(option_domain(plan, prompt) or plan.domain_of(option) or "", option, lang)


def _labels(prompt: Prompt, options, plan: Plan | None, lang: str) -> str:
    return t("drill.list_sep", lang).join(option_label(prompt, o, plan, lang) for o in options)


def range_text(accept) -> str:
    if accept.min is not None and accept.max is not None:
        return f"{accept.min:g}–{accept.max:g}"
    return f"≥ {accept.min:g}" if accept.min is not None else f"≤ {accept.max:g}"


__all__ = ["AnswerError", "FlagHit", "PromptScore", "kendall_tau", "normalise_answer", "option_label",
           "range_text", "reply_length", "rule_text", "score_prompt", "score_reply"]
