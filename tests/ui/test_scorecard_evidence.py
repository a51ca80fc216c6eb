"""The trainee's scorecard in the app shows each reply with its evidence — the sentence that met each criterion
marked and labelled with what the plan expects, the words that raised a flag marked — escaped, in both languages,
and a trainer's override of a reply's points; the scores are built by hand, as a scorer gives them."""
from datetime import UTC, datetime

import pytest
from support.overrides import ESCAPED, hand_scores, met_mark, privacy, reply_scenario

from sim.drill.overrides import Override
from sim.drill.scorecard import apply_overrides, build_scorecard
from sim.drill.view import trainee_inject
from sim.ui.scorecard import card_in_language, scorecard_html


@pytest.fixture(scope="module")
def scenario(plan):
    return reply_scenario(plan)


def views(scenario):
    return {p.id: p for inj in scenario.drill.injects for p in trainee_inject(scenario, inj).prompts}


def card(scenario, lang="en", overrides=(), **kw):
    scores, applied = apply_overrides(hand_scores(scenario.plan, lang=lang, **kw), overrides, scenario.plan)
    return build_scorecard(scenario, scores, lang, trainee="Ann", overrides=applied)


def test_replies_in_full_are_shown_with_the_sentences_that_earned_the_points(scenario):
    html = scorecard_html(card(scenario), views(scenario), scenario, "en")
    assert "Every question earned full marks." in html
    assert "Your replies with full marks: the sentences that met the plan" in html
    assert met_mark("Apologise sincerely", "So sorry, Ms Li.") in html
    assert met_mark("Tell her to unplug it", "Please unplug it now &amp; keep it away.") in html
    assert met_mark("Acknowledge her worry", "Sorry,") in html and "Reply to her." in html
    assert html.startswith("<style>mark.dk-met")                            # the labels are drawn by this rule
    assert ESCAPED in html and "<script" not in html.lower()


def test_a_flagged_reply_marks_the_offending_words_in_both_languages(scenario, plan):
    for lang, name, label in (("en", "Privacy breach", "Apologise sincerely"), ("zh", plan.flags["privacy_leak"].name.zh,
                                                                              "真诚致歉")):
        leaky = card(scenario, lang, reply="So sorry, Ms Li. Call Tao on 139-0000-1111.",
                     met=(("sorry", "So sorry, Ms Li."),), flags=(privacy(plan, "139-0000-1111", lang),))
        html = scorecard_html(leaky, views(scenario), scenario, lang)
        assert f'<mark class="dk-flag" title="{name}"' in html and ">139-0000-1111</mark>" in html
        assert met_mark(label, "So sorry, Ms Li.") in html
        assert "dk-critical" in html
    assert "Apologise" not in html and "Tell her" not in html          # the Chinese card: labels in Chinese


def test_an_override_is_shown_and_kept_in_the_other_language(scenario, plan):
    o = Override(3, 9, "reply", 3.0, 0.0, "The number is our hotline", "Wang Fang", datetime(2026, 5, 1, tzinfo=UTC))
    judged = card(scenario, overrides=[o], flags=(privacy(plan, "139-0000-1111"),))
    html = scorecard_html(judged, views(scenario), scenario, "en")
    assert "✎ overridden by Wang Fang on 2026-05-01: 0 → 3 points — “The number is our hotline”" in html
    assert "dk-critical" not in html and judged.passed
    zh = card_in_language(judged, scenario, "zh")
    assert zh.prompt("reply").points == 3.0 and zh.overrides["reply"] == o
    assert "Wang Fang 于 2026-05-01 改分：0 → 3 分" in scorecard_html(zh, views(scenario), scenario, "zh")
