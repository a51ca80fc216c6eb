"""Where a scored reply shows its evidence: the sentence that met each criterion, the words that raised each flag.

The scorer says which sentence of a reply met a criterion (``PromptScore.met_by``: criterion id and
sentence) and which words raised a flag (``FlagHit.evidence``). Every place a trainee or trainer reads a
scored reply shows them: the terminal scorecard quotes them; the app's scorecard, the trainer's
drill-down and the after-action report show the reply itself with those passages marked, a sentence
that met a criterion labelled with what the plan expects (the criterion's ``expects``), offending words
marked apart. The label is the mark's ``data-label``, drawn after the sentence by :data:`EVIDENCE_CSS`
(and its ``title`` on hover): the reply's own text stays whole, to be read or copied as it was written.

:func:`pieces` cuts the reply into consecutive pieces, each knowing which criteria and flags cover it;
:func:`marked_html` draws them (every piece of the trainee's text escaped, so a reply holding markup
shows as text). A quoted sentence is found in the reply as it is, else ignoring case and white space;
one not found (the scorer quoted a normalised form) is returned apart, to be quoted below the reply.
:func:`criterion_label` names a criterion as a trainee reads it (never by its id) and :func:`model_answer`
gives the scenario's good example reply, shown beside every reply once the key may be shown.

    >>> reply = "So sorry, Ms Li. <b>Unplug</b> it now. Call 139 0000 1111."
    >>> html, apart = marked_html(reply, [("sorry", "So sorry, Ms Li."), ("stop", "<b>Unplug</b> it now.")],
    ...                           [("privacy_leak", "139 0000 1111")], {"sorry": "Apologises"}, {})
    >>> print(html)  # doctest: +NORMALIZE_WHITESPACE
    <mark class="dk-met" title="Apologises" data-label="Apologises">So sorry, Ms Li.</mark> <mark class="dk-met"
    title="stop" data-label="stop">&lt;b&gt;Unplug&lt;/b&gt; it now.</mark> Call <mark class="dk-flag"
    title="privacy_leak">139 0000 1111</mark>.
    >>> apart
    []
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from sim.format.scenario import Scenario
from sim.i18n import t

# How marks look wherever they are shown (the report's style sheet includes it; the apps add it as a <style>).
EVIDENCE_CSS = ('mark.dk-met{background:#fff3b0}'
                'mark.dk-met[data-label]::after{content:" [" attr(data-label) "]";font-size:85%;color:#52606d}'
                'mark.dk-flag{background:#fde2e1;text-decoration:underline wavy #c81e1e}')


@dataclass(frozen=True)
class Piece:
    """A stretch of the reply and what covers it."""
    text: str
    criteria: tuple[str, ...] = ()       # criteria whose sentence covers it
    flags: tuple[str, ...] = ()          # flags whose offending words cover it
    ends: tuple[str, ...] = ()           # criteria whose sentence ends with it (their label goes here)


def locate(reply: str, fragment: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``fragment`` stands in ``reply`` (from ``start``): verbatim, else ignoring case and white space.

    >>> locate("Sorry.  Please   UNPLUG it.", "please unplug it.")
    (8, 27)
    >>> locate("Sorry.", "Unplug it.") is None
    True
    """
    fragment = fragment.strip()
    if not fragment:
        return None
    i = reply.find(fragment, start)
    if i >= 0:
        return i, i + len(fragment)
    pattern = r"\s*".join(re.escape(w) for w in fragment.split())
    m = re.compile(pattern, re.IGNORECASE).search(reply, start)
    return (m.start(), m.end()) if m else None


def pieces(reply: str, met_by: Iterable[tuple[str, str]],
           flag_words: Iterable[tuple[str, str]] = ()) -> tuple[list[Piece], list[tuple[str, str]]]:
    """The reply cut where a met sentence or offending words begin or end, and the met sentences not found.

    ``met_by``: (criterion id, sentence); ``flag_words``: (flag id, words), every occurrence marked.
    """
    spans: list[tuple[int, int, str, str]] = []     # (start, end, "c" or "f", id)
    apart: list[tuple[str, str]] = []
    for cid, sentence in met_by:
        where = locate(reply, sentence)
        if where is None:
            apart.append((cid, sentence))
        else:
            spans.append((*where, "c", cid))
    for fid, words in flag_words:
        at = 0
        while (where := locate(reply, words, at)) is not None and where[1] > where[0]:
            spans.append((*where, "f", fid))
            at = where[1]
    cuts = sorted({0, len(reply), *(a for a, _, _, _ in spans), *(b for _, b, _, _ in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        out.append(Piece(reply[a:b], tuple(dict.fromkeys(i for _, _, k, i in covering if k == "c")),
                         tuple(dict.fromkeys(i for _, _, k, i in covering if k == "f")),
                         tuple(dict.fromkeys(i for _, e, k, i in covering if k == "c" and e == b))))
    return out, apart


def marked_html(reply: str, met_by: Iterable[tuple[str, str]], flag_words: Iterable[tuple[str, str]],
                labels: Mapping[str, str], flag_names: Mapping[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The reply as HTML (escaped) with each met sentence in ``<mark class="dk-met">``, its last piece
    carrying the label (``labels``: criterion id -> what the plan expects) in ``data-label``, and offending
    words in ``<mark class="dk-flag">``; and the met sentences that could not be placed (quote them apart)."""
    parts, apart = pieces(reply, met_by, flag_words)
    html = []
    for p in parts:
        text = escape(p.text, quote=True)
        if p.flags:
            names = "; ".join(flag_names.get(f, f) for f in p.flags)
            text = f'<mark class="dk-flag" title="{escape(names, quote=True)}">{text}</mark>'
        if p.criteria:
            title = escape("; ".join(labels.get(c, c) for c in p.criteria), quote=True)
            label = escape("; ".join(labels.get(c, c) for c in p.ends), quote=True)
            text = (f'<mark class="dk-met" title="{title}"' + (f' data-label="{label}"' if p.ends else "")
                    + f">{text}</mark>")
        html.append(text)
    return "".join(html), apart


def _prompt(scenario: Scenario | None, prompt_id: str):
    if scenario is None or scenario.drill is None:
        return None
    return next((p for p in scenario.drill.prompts() if p.id == prompt_id), None)


def criterion_label(criterion, number: int, lang: str) -> str:
    """What a rubric criterion asks for, as a trainee reads it: its ``expects`` in ``lang``; without one, its
    id in words in English ("safety_first": "Safety first") and its place in the rubric in Chinese (an id
    is no Chinese word)."""
    if criterion.expects is not None:
        # A label stands before a quote ("Apologise sincerely: “…”"): without the sentence's full stop.
        return criterion.expects.get(lang).rstrip(" .。")
    words = re.sub(r"[_\-\s]+", " ", criterion.id).strip()
    return words[:1].upper() + words[1:] if lang == "en" else t("evidence.criterion_n", lang, n=number)


def criterion_labels(scenario: Scenario | None, prompt_id: str, lang: str) -> dict[str, str]:
    """criterion id -> what the plan expects (:func:`criterion_label`) for one reply prompt of the scenario
    (empty when the scenario has no such prompt)."""
    prompt = _prompt(scenario, prompt_id)
    if prompt is None:
        return {}
    return {c.id: criterion_label(c, i, lang) for i, c in enumerate(prompt.rubric, 1)}


def model_answer(scenario: Scenario | None, prompt_id: str, lang: str) -> str | None:
    """The scenario's example of a good reply to a reply prompt, to compare one's own with: in ``lang``,
    else in the language it is written in; None when the prompt has no good example (or is not a reply)."""
    prompt = _prompt(scenario, prompt_id)
    good = [e for e in (prompt.examples if prompt is not None else ()) if e.grade == "good"]
    if not good:
        return None
    own = next((getattr(e, lang) for e in good if getattr(e, lang, None)), None)
    return own or good[0].en or good[0].zh


def _flag(f) -> tuple[str, str, tuple[str, ...]]:
    """(id, name, evidence) of a FlagHit or of its dict in a stored scorecard."""
    if isinstance(f, dict):
        return f["flag"], f.get("name") or f["flag"], tuple(f.get("evidence", ()))
    return f.flag, f.name or f.flag, tuple(f.evidence)


def flag_words(flags: Iterable) -> list[tuple[str, str]]:
    """(flag id, words) for each piece of evidence of each flag (FlagHit objects or their dicts)."""
    return [(flag, words) for flag, _, evidence in map(_flag, flags) for words in evidence if words]


def flag_names(flags: Iterable, plan=None, lang: str = "en") -> dict[str, str]:
    """flag id -> its name: the plan's name in ``lang`` for a flag of ``plan``, else the name the scorecard
    stored (in the language the drill was taken in: a trainer reading a Chinese page sees the plan's
    Chinese name for a flag raised in an English drill).

    >>> from sim.format.library import find_scenario
    >>> plan = find_scenario("product_defect_surge").plan
    >>> stored = [{"flag": "speculation", "name": "Speculation", "evidence": ["maybe"]},
    ...           {"flag": "own_flag", "name": "Own flag", "evidence": []}]
    >>> flag_names(stored), flag_names(stored, plan, "zh")["own_flag"]
    ({'speculation': 'Speculation', 'own_flag': 'Own flag'}, 'Own flag')
    >>> flag_names(stored, plan, "zh")["speculation"] == plan.flags["speculation"].name.get("zh")
    True
    """
    known = plan.flags if plan is not None else {}
    return {flag: known[flag].name.get(lang) if flag in known else name for flag, name, _ in map(_flag, flags)}


__all__ = ["EVIDENCE_CSS", "Piece", "criterion_label", "criterion_labels", "flag_names", "flag_words", "locate",
           "marked_html", "model_answer", "pieces"]
