"""Blame between PROBABLE and the threshold: flagged unless the sentence plainly does something else."""
import pytest

from sim.drill.intent import PROBABLE, THRESHOLDS, _otherwise, find_intents, probabilities

HINDSIGHT = ("For future reference, these units are designed to charge on an open, hard surface, not on furniture "
             "or under other items, which is where most heat problems begin.")
FOR_NOW = "As a precaution, owners whose basket coating is flaking should stop using that basket."


@pytest.mark.parametrize("text", [HINDSIGHT, FOR_NOW])
def test_the_sentences_sit_in_the_band(text):
    # if a retrain moves them out, pick new ones: the tests below need sentences in the band
    assert PROBABLE["blame"] <= probabilities(text)["blame"] < THRESHOLDS["blame"]


def test_blame_in_the_band_is_flagged():
    assert [h.flag for h in find_intents(HINDSIGHT)] == ["blame"]


def test_an_instruction_for_now_in_the_band_is_not():
    assert find_intents(FOR_NOW) == ()


@pytest.mark.parametrize("text", [
    "Please unplug it and keep it off the table for now.",
    "麻烦您现在先把插头拔下来，别再充电了。",
    "房租如果等不了，建议先用手机银行转给房东。",
    "您这几天多留意短信。",
    "We are sorry that customers have found the coating flaking.",
    "Three late deliveries are real failures on our side.",
    "That must have been frightening.",
    "If anyone calls again asking for the code, don't give it.",
    "任何人问您要验证码都别给，我们绝不会这样做。",
])
def test_what_plainly_does_something_else(text):
    assert _otherwise("blame", text)


@pytest.mark.parametrize("text", [
    "Please check the delivery line next time before you pay.",           # an instruction, but next time
    "请您以后充电时放在硬质台面上。",                                          # 以后: advice from what she did
    "Sorry, but you should have read the manual.",                         # an apology does not excuse hindsight
    "Leaving it charging overnight is where most problems begin.",         # no instruction, apology or ownership
    "当初选个加急配送就不会经过那个中心了。",
])
def test_what_does_not(text):
    assert not _otherwise("blame", text)


def test_only_blame_has_a_band():
    assert set(PROBABLE) == {"blame"}
