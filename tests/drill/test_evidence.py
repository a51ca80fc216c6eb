"""The evidence behind a reply's score, shown where it is read: the sentence that met each criterion and the words
that raised each flag, marked in the reply (HTML, escaped) or quoted (the terminal scorecard), in both languages.
The scores are built by hand, as a scorer gives them."""
import pytest
from support.overrides import ESCAPED, GOOD_REPLY, SCRIPT, hand_card, met_mark, privacy, reply_scenario

from sim.drill.evidence import criterion_labels, locate, marked_html, pieces
from sim.drill.scorecard import render


@pytest.fixture(scope="module")
def scenario(plan):
    return reply_scenario(plan)


def test_a_sentence_is_found_as_written_or_despite_case_and_spacing():
    reply = "Sorry.\n  Please   UNPLUG it.  Sorry."
    assert locate(reply, "Sorry.") == (0, 6)
    assert locate(reply, "Sorry.", 1) == (30, 36)                         # the next occurrence
    assert locate(reply, "please unplug it.") == (9, 28)
    assert locate(reply, "我们很抱歉。") is None and locate(reply, "  ") is None


def test_pieces_cover_the_reply_once_and_know_what_covers_them():
    reply = "So sorry, Ms Li, please unplug it. Call 139-0000-1111 now."
    met = [("sorry", "So sorry, Ms Li, please unplug it."), ("unplug", "So sorry, Ms Li, please unplug it."),
           ("gone", "A sentence the reply does not hold.")]
    parts, apart = pieces(reply, met, [("privacy_leak", "139-0000-1111"), ("blame", "unplug")])
    assert "".join(p.text for p in parts) == reply
    assert apart == [("gone", "A sentence the reply does not hold.")]
    by_text = {p.text: p for p in parts}
    assert by_text["unplug"].criteria == ("sorry", "unplug") and by_text["unplug"].flags == ("blame",)
    assert by_text[" it."].ends == ("sorry", "unplug")                    # both labels after the sentence, once
    assert by_text["139-0000-1111"].flags == ("privacy_leak",) and by_text["139-0000-1111"].criteria == ()
    assert [p.ends for p in parts].count(("sorry", "unplug")) == 1


def test_marked_html_escapes_the_trainee_text_and_labels_each_met_sentence():
    labels = {"sorry": "Apologise <sincerely>", "unplug": "Tell her to unplug it"}
    html, apart = marked_html(GOOD_REPLY, [("sorry", "So sorry, Ms Li."), ("unplug", f"{SCRIPT} Please unplug it")],
                              [("privacy_leak", "Ms Li")], labels, {"privacy_leak": "Privacy breach"})
    assert apart == []
    assert "<script" not in html.lower() and ESCAPED in html and "&amp; keep it away." in html
    # "So sorry, Ms Li." cut around the flagged name; the label on its last piece only, once
    assert ('<mark class="dk-met" title="Apologise &lt;sincerely&gt;">So sorry, </mark>'
            '<mark class="dk-met" title="Apologise &lt;sincerely&gt;"><mark class="dk-flag" title="Privacy breach">'
            'Ms Li</mark></mark>' + met_mark("Apologise &lt;sincerely&gt;", ".")) in html
    assert html.count("data-label=") == 2
    assert met_mark("Tell her to unplug it", f"{ESCAPED} Please unplug it") + " now &amp; keep it away." in html


def test_a_chinese_reply_is_marked_the_same_way():
    reply = "非常抱歉给您添麻烦了。请立即拔掉电源，放在远离孩子的地方。"
    html, apart = marked_html(reply, [("unplug", "请立即拔掉电源，放在远离孩子的地方。")], [], {"unplug": "请她拔掉电源"}, {})
    assert apart == [] and html.startswith("非常抱歉给您添麻烦了。<mark")
    assert html.endswith(met_mark("请她拔掉电源", "请立即拔掉电源，放在远离孩子的地方。"))


def test_labels_are_what_the_plan_expects_in_the_reader_language(scenario):
    assert criterion_labels(scenario, "reply", "en") == {"sorry": "Apologise sincerely", "unplug": "Tell her to unplug it"}
    assert criterion_labels(scenario, "reply", "zh") == {"sorry": "真诚致歉", "unplug": "请她拔掉电源"}
    assert criterion_labels(scenario, "no-such-prompt", "en") == {} and criterion_labels(None, "reply", "en") == {}


def test_the_terminal_scorecard_quotes_each_met_sentence_and_the_offending_words(scenario, plan):
    card = hand_card(scenario, flags=(privacy(plan, "139-0000-1111"),))
    text = render(card, scenario=scenario)
    assert "✓ Apologise sincerely: “So sorry, Ms Li.”" in text
    assert "✓ Tell her to unplug it: “Please unplug it now & keep it away.”" in text
    assert "Privacy breach (critical): “139-0000-1111”" in text and "privacy_leak" not in text
    assert "✓ sorry: “So sorry, Ms Li.”" in str(card)                       # without the scenario: the criterion id
    zh = render(hand_card(scenario, "zh", flags=(privacy(plan, "139-0000-1111", "zh"),)), scenario=scenario)
    assert "✓ 真诚致歉：“So sorry, Ms Li.”" in zh and "✓ 回应她的担忧：“Sorry,”" in zh
    assert "Apologise" not in zh and "Tell her" not in zh
