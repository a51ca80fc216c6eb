"""Does the reply scorer agree with people? A labelled corpus of replies, and the figures that say so.

A corpus file (``tests/data/replies/<scenario>.<prompt>.yaml``) holds replies to one reply prompt of the
library, each labelled by a person: ``good``, ``adequate``, ``poor``, ``stuffed`` (keywords, fragments or a
dismissive reply that names every act and means none), or a conduct failure (``leak``, ``blame``,
``promise``, ``speculation``) with the plan flags it should raise. Each reply is in the ``dev`` split
(tuned on) or the ``holdout`` split (never tuned on; reported apart).

:func:`evaluate` scores every reply with the kit's scorer and returns:

* **ordering**: the share of prompt-language pairs where mean(good) > mean(adequate) > mean(poor);
* **good > stuffed**: the share of pairs where every stuffed reply scores below the mean good reply;
* **recall** per flag type: the share of replies labelled with a flag that raise it;
* **false flags**: the share of good and adequate replies that raise any flag (in-sample on the ``dev`` split:
  the conduct classifier, :mod:`sim.drill.conduct_model`, learns from its good and adequate sentences and from the
  sentences of its blaming, promising and speculating replies);
* **caps**: the share of good and adequate replies held to a quarter of their points (fragments, the marking
  guide pasted back, a dismissive or hedged pattern) and to three quarters (a sentence the tone classifier,
  :mod:`sim.drill.tone`, hears as dismissive; on the ``dev`` split this is in-sample: the classifier was
  trained on those replies' sentences) or to three quarters as a form letter (stock phrases,
  :mod:`sim.drill.stock_phrases`), and to 90 % (a private reply that never names the person it answers);
* **ms per reply**: the scorer's time, median over the corpus.

Trainers can write a corpus for their own scenarios and run ``benchmarks/scoring_validity.py`` on it.
"""
from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sim.drill.corpus import FLAG_LABELS, GRADE_LABELS, Reply, load_corpus
from sim.drill.scoring import score_reply
from sim.drill.stock_phrases import stock_phrases
from sim.drill.tone import find_tone
from sim.format.drill_script import Inject
from sim.format.library import find_scenario
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario

__all__ = ["FLAG_LABELS", "Reply", "Validity", "evaluate", "load_corpus"]

QUARTER_CAPS = ("incoherent", "echo", "tone")        # PromptScore.caps that hold a reply to TONE_CAP



@dataclass
class Validity:
    pairs: int = 0
    graded_pairs: int = 0               # pairs with good, adequate and poor replies (ordering is judged on these)
    stuffed_pairs: int = 0              # pairs with good and keyword-stuffed replies
    ordered: list[str] = field(default_factory=list)          # pairs where good > adequate > poor
    beats_stuffed: list[str] = field(default_factory=list)    # pairs where good > every stuffed reply
    recall: dict[str, tuple[int, int]] = field(default_factory=dict)     # flag -> (raised, labelled)
    false_flags: tuple[int, int] = (0, 0)                     # (flagged, good + adequate replies)
    tone_caps: tuple[int, int] = (0, 0)                       # (held to 3/4 by the tone classifier, good + adequate)
    quarter_caps: tuple[int, int] = (0, 0)                    # (held to 1/4: fragments, echo, tone pattern, same)
    form_letter_caps: tuple[int, int] = (0, 0)                # (held to 3/4: strung from stock phrases, same)
    impersonal_caps: tuple[int, int] = (0, 0)                 # (held to 90%: never names the person answered, same)
    ms_per_reply: float = 0.0
    means: dict[str, dict[str, float]] = field(default_factory=dict)     # pair -> label -> mean share
    misses: list[str] = field(default_factory=list)           # what went wrong, one line each

    def share(self, items: list[str], of: int) -> float:
        """``items`` as a share of ``of`` pairs (nan when there are none)."""
        return len(items) / of if of else float("nan")


def _prompt(scenario: Scenario, prompt_id: str) -> tuple[Inject, Prompt]:
    assert scenario.drill is not None
    for inject in scenario.drill.injects:
        for p in inject.prompts:
            if p.id == prompt_id:
                return inject, p
    raise KeyError(prompt_id)


def evaluate(replies: Iterable[Reply], split: str | None = None) -> Validity:
    """Score every reply (of ``split``, or all) and compare with its label (see the module docstring)."""
    v = Validity()
    scores: dict[tuple[str, str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    recall: dict[str, list[int]] = {f: [0, 0] for f in FLAG_LABELS.values()}
    flagged = capped = quartered = stock = impersonal = total = 0
    times = []
    for r in replies:
        if split is not None and r.split != split:
            continue
        scenario = find_scenario(r.scenario)
        inject, prompt = _prompt(scenario, r.prompt)
        began = time.perf_counter()
        score = score_reply(prompt, r.text, scenario.plan, r.lang, inject=inject, drill=scenario.drill)
        times.append(time.perf_counter() - began)
        pair = (r.scenario, r.prompt, r.lang)
        if r.label in GRADE_LABELS:
            scores[pair][r.label].append(score.share)
        if r.label in ("good", "adequate"):
            total += 1
            if score.flags:
                flagged += 1
                v.misses.append(f"false flag {score.flagged} on {r.scenario}.{r.prompt} {r.id}: "
                                f"{[e for f in score.flags for e in f.evidence]}")
            if "heard_tone" in score.caps:
                capped += 1
                v.misses.append(f"tone cap on {r.scenario}.{r.prompt} {r.id}: {[h.text for h in find_tone(r.text)]}")
            if "form_letter" in score.caps:
                stock += 1
                v.misses.append(f"form-letter cap on {r.scenario}.{r.prompt} {r.id}: {list(stock_phrases(r.text))}")
            if "impersonal" in score.caps:
                impersonal += 1
                v.misses.append(f"impersonal cap on {r.scenario}.{r.prompt} {r.id}")
            if hard := [c for c in score.caps if c in QUARTER_CAPS]:
                quartered += 1
                v.misses.append(f"quarter cap {hard} on {r.scenario}.{r.prompt} {r.id}")
        expected = FLAG_LABELS.get(r.label)
        if expected is not None:
            recall[expected][1] += 1
            if expected in score.flagged:
                recall[expected][0] += 1
            else:
                v.misses.append(f"missed {expected} on {r.scenario}.{r.prompt} {r.id}")
    for pair, by_label in sorted(scores.items()):
        name = ".".join(pair)
        mean = {label: statistics.fmean(vals) for label, vals in by_label.items()}
        v.means[name] = mean
        v.pairs += 1
        if all(k in mean for k in ("good", "adequate", "poor")):
            v.graded_pairs += 1
            if mean["good"] > mean["adequate"] > mean["poor"]:
                v.ordered.append(name)
            else:
                v.misses.append(f"order {name}: good {mean['good']:.2f} adequate {mean['adequate']:.2f} "
                                f"poor {mean['poor']:.2f}")
        if "good" in mean and by_label.get("stuffed"):
            v.stuffed_pairs += 1
            if max(by_label["stuffed"]) < mean["good"]:
                v.beats_stuffed.append(name)
            else:
                v.misses.append(f"stuffed {name}: good {mean['good']:.2f} stuffed {by_label['stuffed']}")
    v.recall = {f: (a, b) for f, (a, b) in recall.items()}
    v.false_flags = (flagged, total)
    v.tone_caps = (capped, total)
    v.quarter_caps = (quartered, total)
    v.form_letter_caps = (stock, total)
    v.impersonal_caps = (impersonal, total)
    v.ms_per_reply = statistics.median(times) * 1000 if times else float("nan")
    return v
