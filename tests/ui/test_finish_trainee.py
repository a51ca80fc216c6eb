"""The trainee app's finish (issue 20): yes/no labels, number bounds, the reply's length as read, channel icons,
the cohort code typed loosely, the language kept in the page's address, a drill written in one language only,
and the scorecard coming up in view at the end. Small hand-built cases, at their boundaries."""
import re

import pytest
from pydantic import ValidationError
from support.drill import small_scenario

from sim.drill.answers import answer_text, reader_length, reader_minimum
from sim.drill.scoring import reply_length
from sim.drill.view import trainee_inject, trainee_prompt
from sim.format.library import scenarios_dir
from sim.format.prompts import Prompt
from sim.store.results import Store
from sim.ui.drill_app import DrillApp
from sim.ui.prompt_panel import PromptPanel
from sim.ui.render import CHANNEL_ICONS, inject_html

EMOJI = re.compile("[\U0001F000-\U0001FAFF\uFE0F]")     # pictographs and the emoji variation selector


def _yesno_and_number(plan, bounds=None):
    number = {"id": "reserve", "kind": "number", "step": "emergency_handling", "unit": {"en": "staff", "zh": "人"},
              "question": {"en": "How many of the 12?", "zh": "12人中调几人？"}, "accept": {"min": 9, "max": 12}}
    if bounds is not None:
        number["bounds"] = bounds
    return small_scenario(plan, [{"id": "call", "at": "T+00:01", "channel": "hotline",
                                  "message": {"en": "Hello", "zh": "你好"},
                                  "prompts": [{"id": "go", "kind": "yesno", "step": "emergency_handling",
                                               "question": {"en": "Escalate?", "zh": "上报吗？"}, "answer": "yes"},
                                              number]}])


def _app(db, clock, source, language="en", **kw):
    app = DrillApp(source, language=language, store=Store(db), clock=clock, **kw)
    app.name.value = "Ann"
    return app


# --- yes/no --------------------------------------------------------------------------------------

def test_yes_no_buttons_say_yes_and_no_in_each_language(plan):
    scenario = _yesno_and_number(plan)
    prompt = trainee_prompt(scenario, scenario.drill.injects[0].prompts[0], "call")
    panel = PromptPanel(prompt, "en", lambda _p: None)
    assert panel.input._options_labels == ("Yes", "No") and panel.input.value is None
    panel.relabel("zh")
    assert panel.input._options_labels == ("是", "否")
    assert "dk-input-yesno" in panel.input._dom_classes                     # styled: the chosen one is filled
    assert (answer_text(prompt, "yes", "en"), answer_text(prompt, "no", "zh")) == ("Yes", "否")


# --- number bounds -------------------------------------------------------------------------------

def test_a_number_outside_the_bounds_is_refused_and_what_was_typed_stays(db, clock, plan):
    app = _app(db, clock, _yesno_and_number(plan, {"min": 0, "max": 12}))
    app.start_button.click()
    app.current_panel.input.value = "yes"
    app.current_panel.submit.click()
    panel = app.current_panel
    assert panel.prompt.id == "reserve" and panel.bounds == (0, 12)
    assert "Enter a number from 0 to 12 staff." in panel.hint.value
    for typed in (500, 12.5, -1):
        panel.input.value = typed
        panel.submit.click()
        assert not panel.locked and panel.input.value == typed and app.session.answers.keys() == {"go"}
    assert "-1 is not possible here: enter a number from 0 to 12 staff." in panel.message.value
    app.language.value = "zh"
    panel.input.value = 13
    panel.submit.click()
    assert "此处不能填 13：请填写 0 到 12人之间的数字。" in panel.message.value and not panel.locked
    panel.input.value = 12                                                   # the bound itself is possible
    panel.submit.click()
    assert panel.locked and app.session.answers["reserve"] == 12


def test_without_bounds_a_number_is_refused_only_below_zero(db, clock, plan):
    app = _app(db, clock, _yesno_and_number(plan))
    app.start_button.click()
    app.current_panel.input.value = "no"
    app.current_panel.submit.click()
    panel = app.current_panel
    assert "Enter a number." in panel.hint.value
    panel.input.value = -0.5
    panel.submit.click()
    assert "enter a number of at least 0 staff" in panel.message.value and not panel.locked
    panel.input.value = 0
    panel.submit.click()
    assert panel.locked


def test_accepted_answers_must_lie_within_the_bounds(plan):
    base = {"id": "n", "kind": "number", "step": "emergency_handling"}
    Prompt.model_validate({**base, "accept": {"min": 9, "max": 12}, "bounds": {"min": 0, "max": 12}})
    with pytest.raises(ValidationError, match="13 is outside the accepted range 0 to 12"):
        Prompt.model_validate({**base, "accept": {"min": 9, "max": 13}, "bounds": {"min": 0, "max": 12}})


def test_the_flagship_reserve_question_is_bounded_by_the_twelve_reserve_staff(flagship):
    reserve = next(p for p in flagship.drill.prompts() if p.id == "reserve")
    assert (reserve.bounds.min, reserve.bounds.max) == (0, 12) and "12 reserve staff" in reserve.question.en


# --- the reply's length --------------------------------------------------------------------------

@pytest.mark.parametrize("n, short", [(13, True), (14, False)])
def test_a_chinese_reply_counts_one_per_character_and_is_short_exactly_when_scored_short(plan, n, short):
    scenario = small_scenario(plan, [{"id": "mail", "at": "T+00:01", "channel": "email",
                                      "message": {"en": "Hi", "zh": "你好"},
                                      "prompts": [{"id": "r", "kind": "reply", "step": "receive_and_record",
                                                   "question": {"en": "Reply.", "zh": "请回复。"},
                                                   "min_chars": 40, "rubric": [{"id": "sorry", "any": ["sorry", "抱歉"]}]}]}])
    panel = PromptPanel(trainee_prompt(scenario, scenario.drill.injects[0].prompts[0], "mail"), "zh", lambda _p: None)
    panel.input.value = "抱" * n
    assert (reply_length(panel.input.value) < 40) is short                  # the scoring's rule: 3 a character
    expected = f"{n} 个字 · 至少应写约 14 个字" if short else f"{n} 个字</span>"
    assert expected in panel.count.value and "计 3" not in panel.count.value
    panel.relabel("en")
    panel.input.value = "x" * (39 if short else 40)                         # English: one a character, 40
    assert ("at least 40 expected" in panel.count.value) is short


def test_reader_length_and_minimum():
    assert reader_length("  a  b ") == 3 and reader_length("你好，世界") == 5
    assert reader_minimum(40, "你好", "en") == 14 and reader_minimum(41, "", "zh") == 14
    assert reader_minimum(42, "你好", "en") == 14 and reader_minimum(40, "hello 你", "zh") == 40


# --- channel icons -------------------------------------------------------------------------------

def test_channels_carry_font_awesome_icons_not_emoji(flagship):
    injects = [trainee_inject(flagship, inj) for inj in flagship.drill.injects]
    seen = set()
    for inj in injects:
        for lang in ("en", "zh"):
            html = inject_html(inj, lang)
            assert not EMOJI.search(html), (inj.id, EMOJI.findall(html))
            seen.add(inj.channel)
            assert f"fa fa-{CHANNEL_ICONS[inj.channel]}" in html
    assert {"hotline", "social_media"} <= seen
    assert not any(EMOJI.search(v) for v in CHANNEL_ICONS.values())


# --- the cohort code -----------------------------------------------------------------------------

def test_the_cohort_code_is_found_whatever_its_case_and_spacing(db, clock, plan):
    Store(db).cohort("Hotline Team", 2026)
    app = _app(db, clock, _yesno_and_number(plan), signed_in="Ann")
    app.cohort.value = "  hotline   TEAM "
    app.start_button.click()
    assert app.session is not None, app.setup_message.value
    members = Store(db).members(Store(db).find_cohort("Hotline Team").id)
    assert [m.name for m in members] == ["Ann"]


# --- the language kept across reloads ------------------------------------------------------------

def test_the_page_language_opens_the_app_and_a_switch_is_written_into_the_address(db, clock, plan, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "token=&lang=zh")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "en")
    app = DrillApp(_yesno_and_number(plan), store=Store(db), clock=clock, signed_in="Ann")
    assert app.lang == "zh" and app.language.value == "zh"
    app.language.value = "en"
    script = app.page.outputs[-1]["data"]["application/javascript"]
    assert "searchParams.set('lang',\"en\")" in script and "replaceState" in script
    monkeypatch.delenv("QUERY_STRING")                      # JupyterLab: its address is its own
    app = DrillApp(_yesno_and_number(plan), store=Store(db), clock=clock, signed_in="Ann")
    assert app.lang == "en"                                 # the browser's Accept-Language
    app.language.value = "zh"
    assert app.page.outputs == ()


# --- a drill written in one language only --------------------------------------------------------

def test_a_chinese_only_drill_says_so_and_runs_in_chinese(db, clock):
    app = _app(db, clock, scenarios_dir())
    app.picker.value = next(i for i, c in enumerate(app.choices) if c.languages == ("zh",))
    note = app.setup_screen.language_note.value
    assert "This drill is written in Chinese only: it will run in Chinese" in note
    assert app.setup_screen.language_button.description == "Switch to Chinese now"
    app.start_button.click()
    assert app.session is not None and app.lang == "zh" and app.session.language == "zh"
    assert "本演练只有中文版本，因此界面已切换为中文。" in app.language_note.value
    app.language.value = "en"                               # switched back on purpose: said, in English
    assert "This drill is written in Chinese only: its text stays in Chinese." in app.language_note.value


def test_the_offer_switches_the_screen_to_the_drills_language(db, clock):
    app = _app(db, clock, scenarios_dir(), language="zh")
    app.picker.value = next(i for i, c in enumerate(app.choices) if c.languages == ("en",))
    assert "本演练只有英文版本" in app.setup_screen.language_note.value
    app.setup_screen.language_button.click()
    assert app.lang == "en" and app.setup_screen.language_note.value == ""


# --- the end -------------------------------------------------------------------------------------

def test_the_scorecard_replaces_the_incident_and_is_scrolled_into_view(db, clock, plan):
    app = _app(db, clock, _yesno_and_number(plan, {"min": 0, "max": 12}))
    app.start_button.click()
    for value in ("yes", 10):
        app.current_panel.input.value = value
        app.current_panel.submit.click()
    children = list(app.drill_box.children)
    assert app.scorecard is not None and children.index(app.card_html) < children.index(app.feed.box)
    assert app.feed.box.layout.display == "none" and app.answers_button.layout.display is None
    assert "role='status'" in app.card_html.value and "Drill complete: your scorecard is below." in app.card_html.value
    assert "scrollIntoView" in app.page.outputs[-1]["data"]["application/javascript"]
    assert app.answers_button.description == "Show the incident and my answers"
    app.answers_button.click()
    assert app.feed.box.layout.display is None and app.answers_button.description.startswith("Hide")
    app.again_button.click()
    assert app.feed.box.layout.display is None and app.answers_button.layout.display == "none"
