"""Every graded example reply of every scenario in the library scores as its grade says, and every example
that leaks customer data or makes an unauthorised promise is flagged. New scenarios are covered as they
are added to scenarios/."""
import itertools
import re
import unicodedata

import pytest

from sim import load_scenario
from sim.drill.scoring import score_reply
from sim.format.library import scenarios_dir

RANK = {"poor": 0, "adequate": 1, "good": 2}
# Promises the plan does not authorise, whatever the scenario (checked besides each scenario's own lists).
PROMISES = {"en": ("guarantee a refund", "guarantee you a refund", "double your money", "full compensation",
                   "we will compensate", "we'll compensate", "compensate you in full"),
            "zh": ("保证赔偿", "保证退款", "双倍赔偿", "全额赔偿", "我们会赔偿")}


def _reply_prompts():
    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        if scenario.drill is None:
            continue
        for prompt in scenario.drill.prompts():
            if prompt.kind == "reply":
                yield pytest.param(scenario, prompt, id=f"{path.stem}:{prompt.id}")


REPLY_PROMPTS = list(_reply_prompts())


def test_the_library_has_reply_prompts():
    assert len(REPLY_PROMPTS) >= 2


@pytest.mark.parametrize("scenario, prompt", REPLY_PROMPTS)
def test_every_reply_prompt_has_graded_examples(scenario, prompt):
    grades = {e.grade for e in prompt.examples}
    assert grades == set(RANK), f"{prompt.id}: examples for {sorted(grades)}; need good, adequate and poor"
    for lang in scenario.languages():
        assert {e.grade for e in prompt.examples if getattr(e, lang)} == set(RANK), (prompt.id, lang)


@pytest.mark.parametrize("scenario, prompt", REPLY_PROMPTS)
def test_good_beats_adequate_beats_poor_in_each_language(scenario, prompt):
    for lang in ("en", "zh"):
        points: dict[str, list[float]] = {}
        for e in prompt.examples:
            text = getattr(e, lang)
            if text:
                points.setdefault(e.grade, []).append(score_reply(prompt, text, scenario.plan, lang).points)
        ordered = [points[g] for g in ("poor", "adequate", "good") if g in points]
        for lower, higher in itertools.pairwise(ordered):
            assert max(lower) < min(higher), (prompt.id, lang, points)


def _digits(s: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in s if unicodedata.decimal(c, None) is not None)


def _independent_findings(prompt, text: str) -> set[str]:
    """Leaks and promises found WITHOUT the scorer: a second opinion the scorer must agree with."""
    found = set()
    folded = unicodedata.normalize("NFKC", text).casefold()
    digits = _digits(folded)
    for check in prompt.must_not:
        if check.flag != "privacy_leak":
            continue
        if any(len(_digits(p)) >= 7 and _digits(p)[-8:] in digits for p in check.phones):
            found.add("privacy_leak")
        if any(re.sub(r"\s+", " ", n.casefold()) in re.sub(r"\s+", " ", folded) for n in check.names):
            found.add("privacy_leak")
    if any(p in folded for lang in PROMISES for p in PROMISES[lang]):
        found.add("unauthorised_promise")
    return found


@pytest.mark.parametrize("scenario, prompt", REPLY_PROMPTS)
def test_examples_with_a_leak_or_a_promise_are_flagged(scenario, prompt):
    for e in prompt.examples:
        for lang in ("en", "zh"):
            text = getattr(e, lang)
            if not text:
                continue
            result = score_reply(prompt, text, scenario.plan, lang)
            missing = _independent_findings(prompt, text) - set(result.flagged)
            assert not missing, (prompt.id, e.grade, lang, missing, text)
            if e.grade == "good":
                assert not result.flags, (prompt.id, lang, result.flagged, text)
            if result.critical:
                assert result.points == 0 and result.rating == "U"
