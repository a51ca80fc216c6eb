"""Every drill in the library can be completed: scripted good answers pass and poor answers fail, in
each language the drill is written in."""
import pytest
from support import SCENARIOS

from sim import load_scenario
from sim.drill.session import DrillSession
from sim.store.results import Store

DRILLS = [p for p in sorted(SCENARIOS.glob("*.yaml")) if load_scenario(p).drill is not None]


def _good(prompt, lang):
    if prompt.kind in ("choice", "yesno"):
        return prompt.answer
    if prompt.kind == "multi":
        return list(prompt.required)
    if prompt.kind == "number":
        return prompt.accept.min if prompt.accept.min is not None else prompt.accept.max
    if prompt.kind == "order":
        return list(prompt.answer)
    example = next(e for e in prompt.examples if e.grade == "good")
    return getattr(example, lang) or example.en or example.zh


def _poor(prompt, lang):
    if prompt.kind == "choice":
        others = [o for o in prompt.option_ids() if o != prompt.answer]
        return min(others, key=lambda o: prompt.partial.get(o, 0.0))
    if prompt.kind == "yesno":
        return "no" if prompt.answer == "yes" else "yes"
    if prompt.kind == "multi":
        wrong = [o for o in prompt.option_ids() if o not in prompt.required]
        return wrong[:1] or []
    if prompt.kind == "number":
        bounds = prompt.bounds
        if bounds is not None:      # a number the trainee can give, far from the key: the possible end outside it
            ends = [e for e in (bounds.min, bounds.max) if e is not None and not prompt.accept.contains(e)]
            assert ends, f"{prompt.id}: every possible number is accepted"
            return ends[0]
        hi = prompt.accept.max if prompt.accept.max is not None else prompt.accept.min
        return hi * 10 + 100
    if prompt.kind == "order":
        return list(reversed(prompt.answer))
    example = next(e for e in prompt.examples if e.grade == "poor")
    return getattr(example, lang) or example.en or example.zh


def _complete(scenario, lang, pick, store):
    session = DrillSession(scenario, f"scripted-{lang}-{pick.__name__}", language=lang, store=store)
    full = {p.id: p for p in scenario.drill.prompts()}
    answered = 0
    while (prompt := session.next_prompt()) is not None:
        session.answer(prompt.id, pick(full[prompt.id], lang))
        answered += 1
    return session.finish(), answered


@pytest.mark.parametrize("path", DRILLS, ids=lambda p: p.stem)
def test_good_answers_pass_and_poor_answers_fail(path, tmp_path):
    scenario = load_scenario(path)
    store = Store(f"sqlite:///{tmp_path / 'drills.sqlite'}")
    for lang in scenario.languages() or ("en",):
        good, n_good = _complete(scenario, lang, _good, store)
        poor, n_poor = _complete(scenario, lang, _poor, store)
        assert good.passed and good.percent >= 90, (lang, str(good))
        assert not poor.passed and poor.percent < 40, (lang, str(poor))
        # poor answers miss expected actions, so the exercise controller sends contingency injects
        assert n_poor >= n_good
        assert any(s.rating in ("M", "U") for s in poor.steps.values() if s.rating != "N/A")
