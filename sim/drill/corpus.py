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

:mod:`sim.drill.validity` scores it; :mod:`sim.drill.tone` learns from the sentences of its dev split's good
and adequate replies.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["FLAG_LABELS", "GRADE_LABELS", "Reply", "load_corpus"]

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
