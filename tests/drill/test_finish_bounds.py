"""A number answer outside the prompt's ``bounds`` is refused wherever it is given (the terminal drill, the
app, the API), in the trainee's language; the edges are accepted."""
from __future__ import annotations

import pytest

from sim.drill.scoring import AnswerError, normalise_answer


@pytest.fixture(scope="module")
def reserve(flagship):
    prompt = next(p for p in flagship.drill.prompts() if p.id == "reserve")
    assert (prompt.bounds.min, prompt.bounds.max) == (0, 12)       # "how many of the 12 reserve staff"
    return prompt


@pytest.mark.parametrize("value, stored", [(0, 0), ("12", 12), (9.0, 9), ("7.5", 7.5)])
def test_answers_within_the_bounds_are_kept(reserve, value, stored):
    assert normalise_answer(reserve, value) == stored


@pytest.mark.parametrize("value", [500, "13", 12.5, -1, "-0.5"])
def test_answers_outside_the_bounds_are_refused(reserve, value):
    with pytest.raises(AnswerError, match=r"is not possible here: give a number from 0 to 12"):
        normalise_answer(reserve, value)


def test_the_refusal_is_in_chinese_for_a_chinese_drill(reserve):
    with pytest.raises(AnswerError) as exc:
        normalise_answer(reserve, 500, "zh")
    assert str(exc.value) == "此处不能填 500：请填写 0 到 12 之间的数字"
