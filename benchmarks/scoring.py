"""Benchmark: scoring one free-text reply must take under 50 ms (one core), so the drill UI never waits on it.

Scores the example replies of every reply prompt in the scenario library (each made unique, so no cache
of normalised text helps) and compares with a baseline measured in the same run: a bare case-insensitive
``re.search`` of every rubric and must_not phrase over the same replies (no normalisation, no Chinese
script folding, no word boundaries, no ordering). Exit status 1 if a reply takes 50 ms or more.

    .venv/bin/python benchmarks/scoring.py
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim import load_scenario
from sim.drill.scoring import score_reply
from sim.format.library import scenarios_dir

LIMIT_MS = 50.0                   # issue 14: meaning-based scoring, <= 50 ms a reply on one core
ROUNDS = 20


def cases():
    """(scenario, prompt, reply text, language) for every example reply in the library."""
    out = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        if scenario.drill is None:
            continue
        for prompt in scenario.drill.prompts():
            if prompt.kind != "reply":
                continue
            for e in prompt.examples:
                out += [(scenario, prompt, text, lang) for lang, text in (("en", e.en), ("zh", e.zh)) if text]
    return out


def phrases(prompt) -> list[str]:
    sets = [c.any for c in prompt.rubric] + [c.all for c in prompt.rubric] + [m.any for m in prompt.must_not]
    return [p for s in sets if s is not None for lang in ("en", "zh") for g in s.groups(lang) for p in g]


def run(label: str, fn, work) -> float:
    start = time.perf_counter()
    for item in work:
        fn(*item)
    per_reply = (time.perf_counter() - start) / len(work) * 1000
    print(f"{label:<50} {per_reply:8.3f} ms per reply")
    return per_reply


def main() -> int:
    base = cases()
    if not base:
        print("no reply prompts with examples in", scenarios_dir())
        return 1
    # Unique texts: each round's replies differ, as a trainee's would.
    work = [(sc, p, f"{text} ({i})", lang) for i in range(ROUNDS) for sc, p, text, lang in base]
    compiled = {id(p): [re.compile(re.escape(x), re.IGNORECASE) for x in phrases(p)] for _, p, _, _ in base}

    cold_start = time.perf_counter()
    sc, p, text, lang = base[0]
    score_reply(p, text, sc.plan, lang)        # compiles the phrases of one prompt, loads OpenCC
    cold = (time.perf_counter() - cold_start) * 1000
    for sc, p, text, lang in base:             # warm every prompt's phrases once, as a UI session would
        score_reply(p, text, sc.plan, lang)

    print(f"{len(work)} replies ({len(base)} examples × {ROUNDS}), "
          f"{sum(len(v) for v in compiled.values()) / len(compiled):.0f} phrases per prompt on average")
    baseline = run("baseline: bare re.search of each phrase", lambda sc, p, text, lang: [
        r.search(text) for r in compiled[id(p)]], work)
    scored = run("score_reply (rubric, order, flags, feedback)", lambda sc, p, text, lang: score_reply(
        p, text, sc.plan, lang), work)
    print(f"{'first reply ever (compiles phrases, loads OpenCC)':<42} {cold:8.3f} ms")
    print(f"ratio score_reply / baseline: {scored / baseline:.1f}×; limit {LIMIT_MS} ms per reply: "
          + ("OK" if scored < LIMIT_MS else "TOO SLOW"))
    return 0 if scored < LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
