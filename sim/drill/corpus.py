"""The labelled reply corpus: replies to the library's reply prompts, each labelled by a person.

A corpus folder (``tests/data/replies*/``) holds one file per reply prompt, ``<scenario>.<prompt>.yaml``::

    scenario: product_defect_surge
    prompt: reply-li
    replies:
    - id: en-good-1
      lang: en
      label: good          # good, adequate, poor, stuffed, or a failure: leak, blame, promise, speculation
      split: dev           # dev (tuned on) or holdout (never tuned on)
      flags: []            # the plan flags a failure should raise
      text: "I'm so sorry, Ms Li..."

:mod:`sim.drill.validity` scores it; the conduct and tone classifiers (:mod:`sim.drill.conduct_model`,
:mod:`sim.drill.tone`) learn from the sentences of its dev split's good and adequate replies
(:func:`rated_fine_sentences`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["FLAG_LABELS", "GRADE_LABELS", "Reply", "load_corpus", "rated_fine_sentences"]

FLAG_LABELS = {"leak": "privacy_leak", "blame": "blame", "promise": "unauthorised_promise",
               "speculation": "speculation"}
GRADE_LABELS = ("good", "adequate", "poor", "stuffed")


@dataclass(frozen=True)
class Reply:
    scenario: str
    prompt: str
    id: str
    lang: str
    label: str
    split: str
    flags: tuple[str, ...]
    text: str


def load_corpus(folder: Path) -> list[Reply]:
    out = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for r in data["replies"]:
            out.append(Reply(data["scenario"], data["prompt"], r["id"], r["lang"], r["label"], r["split"],
                             tuple(r.get("flags") or ()), r["text"]))
    return out


def rated_fine_sentences() -> list[str]:
    """Every sentence of the replies people rated good or adequate in the dev split of the labelled corpora
    (``tests/data/replies*``, in a source checkout; none in an installed kit): real handlers' short apologies,
    plain refusals, terse next steps and innocent advice, which the classifiers' own files alone let them
    mistake for a failure. The holdout split and the corpora that are all holdout stay unseen, to measure on."""
    from sim.drill.sentences import units

    root = Path(__file__).resolve().parents[2] / "tests" / "data"
    out: list[str] = []
    for folder in sorted(root.glob("replies*")):
        for r in load_corpus(folder):
            if r.split == "dev" and r.label in ("good", "adequate"):
                out += [u.text for u in units(r.text) if u.sentence and u.text.strip()]
    return out
