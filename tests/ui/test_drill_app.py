"""The trainee drill app at widget level: whole flagship drills in English and Chinese driven through the
widgets (set ``.value``, call ``.click()``), what is stored and what is shown, locking, errors shown not
raised, the language toggle, resuming after a restart, and no answer key in any widget before the
scorecard."""
import html
import json
import re
import shutil
import sqlite3

import ipywidgets as widgets
import pytest
from support.drill import contains_phrase, key_texts, perfect_answers, rubric_phrases, small_scenario

from sim.drill.view import trainee_inject, trainee_view
from sim.format.library import scenarios_dir
from sim.store.results import Store, StoreError
from sim.ui.drill_app import DrillApp
from sim.ui.render import inject_html

FLAGSHIP_ID = "product-defect-surge"


def new_app(db, clock, language="en", source=None, signed_in=None):
    app = DrillApp(source if source is not None else scenarios_dir(), language=language, store=Store(db),
                   clock=clock, signed_in=signed_in)
    if source is None:
        app.picker.value = next(i for i, c in enumerate(app.choices) if c.id == FLAGSHIP_ID)
    return app


def answers_in(scenario, lang):
    """Full-marks answers from the key; replies take the good example in ``lang``."""
    out = perfect_answers(scenario)
    for p in scenario.drill.prompts():
        if p.kind == "reply":
            out[p.id] = next(getattr(e, lang) for e in p.examples if e.grade == "good")
    return out


def fill(panel, value):
    """Set a prompt's widgets as a trainee would (the order prompt with its ↑ buttons)."""
    kind = panel.kind
    if kind in ("choice", "yesno", "number", "reply"):
        panel.input.value = value
    elif kind == "multi":
        for oid, box in panel.checks.items():
            box.value = oid in value
    else:
        for i, target in enumerate(value):
            j = panel.order.index(target)
            while j > i:
                panel.up[j].click()
                j -= 1
        assert panel.order == list(value)


def walk(app, answers, stop_before=None, each=None):
    """Answer prompts as the app shows them; return the ids in the order shown."""
    seen = []
    while (panel := app.current_panel) is not None and panel.prompt.id != stop_before:
        seen.append(panel.prompt.id)
        fill(panel, answers[panel.prompt.id])
        panel.submit.click()
        assert panel.locked, (panel.prompt.id, panel.message.value)
        if each is not None:
            each(app)
    return seen


def shown(app) -> str:
    """The text of every displayed widget (HTML values without tags, labels, options, placeholders)."""
    return " ".join(" ".join(_texts(app.widget)).split())


def _texts(widget):
    if getattr(widget.layout, "display", None) == "none":
        return
    if isinstance(widget, widgets.HTML):
        value = re.sub(r"<style>.*?</style>", " ", widget.value, flags=re.DOTALL)
        yield html.unescape(re.sub(r"<[^>]+>", " ", value))
    elif isinstance(widget, (widgets.Text, widgets.Textarea)):
        yield widget.value
        yield widget.placeholder
    for attr in ("description", "tooltip"):
        if isinstance(getattr(widget, attr, None), str):
            yield getattr(widget, attr)
    if hasattr(widget, "_options_labels"):
        yield from widget._options_labels
    for child in getattr(widget, "children", ()):
        yield from _texts(child)


def stored(db_url):
    store = Store(db_url)
    attempts = store.attempts()
    return store, attempts


# --- strings -------------------------------------------------------------------------------------

# --- the picker ----------------------------------------------------------------------------------

def test_picker_shows_title_duration_and_difficulty_in_the_chosen_language(db, clock, tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(scenarios_dir() / "product_defect_surge.yaml", library)
    shutil.copytree(scenarios_dir() / "plans", library / "plans")
    (library / "broken.yaml").write_text("id: [unclosed\n")
    app = DrillApp(library, store=Store(db), clock=clock)
    assert [c.id for c in app.choices] == [FLAGSHIP_ID]      # the broken file is left out
    assert app.picker._options_labels == ("Overheating power bank: batch defect · 25 min · Intermediate",)
    assert "Hotline agent, customer service department (evening shift)" in app.details.value
    app.language.value = "zh"
    assert app.picker._options_labels == ("充电宝过热：批次缺陷 · 25 分钟 · 中级",)
    assert "客户服务部热线客服（晚班）" in app.details.value
    (tmp_path / "empty").mkdir()
    empty = DrillApp(tmp_path / "empty", store=Store(db), clock=clock)
    assert empty.start_button.disabled and "No drills found in" in empty.setup_message.value
    full = DrillApp(scenarios_dir(), store=Store(db), clock=clock)
    assert len(full.choices) == len(list(scenarios_dir().glob("*.yaml")))
    assert [c.difficulty for c in full.choices] == sorted(
        (c.difficulty for c in full.choices), key=["introductory", "intermediate", "advanced"].index)


# --- whole drills --------------------------------------------------------------------------------

def test_a_whole_flagship_drill_in_english(db, clock, flagship):
    # signed in (as behind the hub): a cohort code is asked; practice (a typed name) asks for none
    app = new_app(db, clock, signed_in="Ann Lee")
    if hasattr(Store, "find_cohort"):                  # a store with cohort management (the trainer's side)
        app.cohort.value = "2026-EVE-B"                # a code the trainer never created
        app.start_button.click()
        assert app.session is None and Store(db).attempts() == []
        assert "There is no cohort with the code 2026-EVE-B" in app.setup_message.value
    Store(db).cohort("2026-EVE-A", 2026)               # the trainer's cohort
    app.cohort.value = "2026-EVE-A"
    app.start_button.click()
    assert app.session is not None and app.alert.value == ""
    answers = answers_in(flagship, "en")
    first = shown(app)
    assert "Caller · Ms Li, customer since 2019" in first and "scorched the table" in first     # hotline transcript
    assert "Briefing" in first and "It is Monday evening" in first and "Your role" in first

    def check_stored(app):
        done = app.session.answers
        rows = Store(db).answers(app.session.attempt_id)
        assert [r.prompt_id for r in rows] == list(done)                 # stored at once, in order
        assert rows[-1].value == done[rows[-1].prompt_id]

    order = walk(app, answers, each=check_stored)
    assert order == [p.id for p in flagship.drill.prompts() if p.id != "activate"]   # no contingency inject
    store, attempts = stored(db)
    assert [(a.trainee, a.scenario_id, a.status, a.language) for a in attempts] == [
        ("Ann Lee", FLAGSHIP_ID, "finished", "en")]
    values = {a.prompt_id: a.value for a in store.answers(attempts[0].id)}
    assert values["notify"] == ["crisis_group", "production"] and values["reserve"] == 9
    assert values["steps-order"] == list(next(p for p in flagship.drill.prompts() if p.id == "steps-order").answer)
    assert values["reply-li"] == answers["reply-li"]
    score = store.scores(attempts[0].id)[-1]
    assert score.passed and score.total == pytest.approx(1.0)
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        assert conn.execute("select c.name from trainees t join cohorts c on c.id = t.cohort_id "
                            "where t.name = 'Ann Lee'").fetchone() == ("2026-EVE-A",)
    text = shown(app)
    assert "100%" in text and "PASSED" in text and "13 of 13 points" in text
    for name in ("1. Receive and record", "2. Emergency handling", "6. Follow up and feed back"):
        assert re.search(rf"P\s+{re.escape(name)}\s+100%", text), name
    assert "Every question earned full marks." in text
    assert "@Wang_Fang88" not in text            # the scorecard replaces the incident, which a button shows again
    app.answers_button.click()
    text = shown(app)
    assert "@Wang_Fang88" in text and "Public post" in text          # the social-media post card
    assert "Internal alert · From Shift supervisor" in text
    assert app.progress.value == app.progress.max == 4
    assert all(p.locked for p in app.panels.values()) and app.current_panel is None
    assert app.alert.value == ""


def test_a_whole_flagship_drill_in_chinese_with_mistakes(db, clock, flagship):
    """Chinese, from a loaded Scenario: a missed notification sends the contingency inject; a reply that
    misses criteria and leaks a phone number fails the drill, and the scorecard says what the plan expects."""
    app = new_app(db, clock, language="zh", source=flagship)
    assert app.picker not in app.setup.children        # one scenario: no picker
    app.name.value = "王小明"
    app.start_button.click()
    answers = answers_in(flagship, "zh")
    answers["notify"] = ["production"]                                          # crisis group not told
    answers["activate"] = "yes"
    answers["reply-li"] = "非常抱歉给您带来困扰，我们会尽快处理这个问题，请您放心，我们非常重视您的反馈。"
    answers["public-reply-text"] = "非常抱歉，请私信我们。我们会打138-1234-5678联系您，正在调查此事，请停止使用。"
    seen = walk(app, answers)
    assert "activate" in seen
    app.answers_button.click()                   # the incident, under the scorecard that replaced it
    text = shown(app)
    assert "@科技老爸张先生（8.4万粉丝）" in text and "12,400 个赞" in text and "3,100 次转发" in text
    assert "图片：烧焦桌面上熔化的充电宝" in text
    assert "你现在是否上报，以便危机管理小组启动预案？" in text
    card = app.scorecard
    assert card is not None and not card.passed and card.critical
    assert "未通过" in text and "泄露客户隐私" in text and "138-1234-5678" in text
    assert "1. 接收投诉" in text and "6. 跟进与反馈" in text
    # what the plan expects, for each missed criterion of the reply to Ms Li, and the step's duty
    assert "安全第一：请客户停止使用、拔掉电源，并让孩子远离。" in text
    assert "告知客户投诉已登记（并提供编号）。" in text
    assert "预案步骤“6. 跟进与反馈”：确认问题彻底解决，向客户反馈处理结果，并记录客户满意度。" in text
    assert "应选但未选：客诉处理小组 / 危机管理小组。" in text
    store, attempts = stored(db)
    assert [(a.trainee, a.status, a.language) for a in attempts] == [("王小明", "finished", "zh")]
    values = {a.prompt_id: a.value for a in store.answers(attempts[0].id)}
    assert values["notify"] == ["production"] and values["activate"] == "yes"
    assert values["public-reply-text"] == answers["public-reply-text"]
    assert not store.scores(attempts[0].id)[-1].passed
    assert app.alert.value == ""


# --- submitting ----------------------------------------------------------------------------------

def test_submit_locks_the_prompt_and_errors_are_shown_not_raised(db, clock, flagship, monkeypatch):
    app = new_app(db, clock)
    app.start_button.click()                               # no name yet
    assert app.session is None and "Enter your name first" in app.setup_message.value
    app.name.value = "Bo"
    app.start_button.click()
    panel = app.current_panel
    assert panel.prompt.id == "category"
    panel.submit.click()                                   # nothing chosen
    assert not panel.locked and "Choose one option." in panel.message.value
    assert Store(db).answers(app.session.attempt_id) == []
    fill(panel, "product_quality")
    panel.submit.click()
    assert panel.locked and panel.input.disabled and panel.submit.disabled
    assert panel.submit.description == "Submitted" and "answers are final" in panel.message.value
    panel.input.value = "logistics"                        # a locked prompt cannot be answered again
    panel.submit.click()
    assert [a.value for a in Store(db).answers(app.session.attempt_id)] == ["product_quality"]
    walk(app, answers_in(flagship, "en"), stop_before="reply-li")
    reply = app.current_panel
    assert reply.prompt.id == "reply-li"
    reply.submit.click()                                   # empty reply: the engine's message, shown
    assert not reply.locked and "write a reply (it is empty)" in reply.message.value
    text = "I'm so sorry, Ms Li. Please unplug it now and keep it away from your child."
    reply.input.value = text
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise StoreError("the results database failed: disk I/O error")

    monkeypatch.setattr(app.session.store, "add_answer", broken)
    reply.submit.click()                                   # the store fails: shown, and nothing is lost
    assert calls and not reply.locked and "disk I/O error" in reply.message.value
    assert reply.input.value == text and not reply.input.disabled
    monkeypatch.undo()
    reply.submit.click()
    assert reply.locked and reply.input.value == text and reply.input.disabled
    assert Store(db).answers(app.session.attempt_id)[-1].value == text
    assert app.alert.value == ""


def test_reply_character_count_is_live(db, clock, flagship):
    app = new_app(db, clock)
    app.name.value = "Cy"
    app.start_button.click()
    walk(app, answers_in(flagship, "en"), stop_before="reply-li")
    reply = app.current_panel
    reply.input.value = "Sorry."
    assert "6 characters · at least 40 expected" in reply.count.value
    reply.input.value = "x" * 45
    assert "45 characters" in reply.count.value and "at least" not in reply.count.value
    app.language.value = "zh"
    reply.input.value = "非常抱歉"
    assert "4 个字 · 至少应写约 14 个字" in reply.count.value       # a Chinese character is one (scored as 3: 40 ÷ 3)


def test_timers_progress_and_elapsed_times(db, clock, flagship):
    app = new_app(db, clock)
    app.name.value = "Di"
    app.start_button.click()
    assert app.timer.playing
    assert "T+00:05" in app.status.value and "00:00" in app.status.value
    clock.now += 65
    app.timer.value += 1                   # the browser's Play widget ticks; the status bar follows
    assert "01:05" in app.status.value
    answers = answers_in(flagship, "en")
    walk(app, answers, stop_before="reply-li")
    clock.now += 4 * 60                    # over the reply's par time of 3 minutes
    app.tick()
    assert "dk-late" in app.status.value and "par 3 min" in app.status.value
    walk(app, answers, stop_before="trigger")
    assert (app.progress.value, app.progress.max) == (1, 4)
    assert "1 of 4 messages handled · 4 answers saved" in app.progress_label.value
    assert "T+00:40" in app.status.value
    elapsed = {a.prompt_id: a.elapsed for a in Store(db).answers(app.session.attempt_id)}
    assert elapsed["reply-li"] == pytest.approx(240.0)
    walk(app, answers)
    assert not app.timer.playing
    frozen = app.status.value
    clock.now += 100
    app.tick()
    assert app.status.value == frozen      # the timers stop with the drill


def test_ending_the_drill_early(db, clock, flagship):
    app = new_app(db, clock)
    app.name.value = "Ed"
    app.start_button.click()
    walk(app, answers_in(flagship, "en"), stop_before="notify")
    app.end_button.click()
    assert app.end_confirm.layout.display is None and app.scorecard is None
    app.end_no.click()
    assert app.end_confirm.layout.display == "none"
    app.end_button.click()
    app.end_yes.click()
    card = app.scorecard
    assert card is not None and not card.passed
    assert card.prompt("notify").answered is False
    assert app.current_panel is None or app.current_panel.submit.disabled
    _store, attempts = stored(db)
    assert attempts[0].status == "finished"
    assert "Not answered." in shown(app)
    app.again_button.click()
    assert app.screen.children == (app.setup,)


# --- language ------------------------------------------------------------------------------------

def _latin_words(text):
    return set(re.findall(r"[A-Za-z]{3,}", text))


def test_language_toggle_switches_every_label(db, clock, flagship):
    zh_scenario = json.dumps(trainee_view(flagship).to_dict(), ensure_ascii=False)
    allowed_latin = _latin_words(" ".join(
        t.get("zh", "") for t in _texts_of(trainee_view(flagship).to_dict()))) | {"English", "HSEEP"}
    allowed_latin |= {"Fay"}                                     # the trainee's name
    cjk = re.compile(r"[\u4e00-\u9fff]")

    typed = [" ".join(v.split()) for k, v in answers_in(flagship, "en").items() if k.startswith(("reply", "public"))]

    def without_typed(text):       # what the trainee typed is theirs, in whatever language they wrote it
        for reply in typed:
            text = text.replace(reply, " ")
        return text

    def check_zh(app):
        words = _latin_words(without_typed(shown(app))) - allowed_latin
        assert not words, f"English left after switching to 简体中文: {sorted(words)}"

    def check_en(app):
        found = {c for c in cjk.findall(without_typed(shown(app)).replace("简体中文", ""))}
        assert not found, f"Chinese left after switching to English: {''.join(sorted(found))}"

    app = new_app(db, clock)
    for choice in app.choices:     # the library's own text in Chinese (or its fallback) may hold Latin words
        allowed_latin |= _latin_words(" ".join(x.get("zh") for x in (choice.title, choice.role, choice.summary) if x))
    check_en(app)
    app.language.value = "zh"
    check_zh(app)
    app.name.value = "Fay"
    app.start_button.click()
    answers = answers_in(flagship, "en")
    walk(app, answers, stop_before="reply-li")
    app.current_panel.submit.click()                       # an error message, in Chinese
    assert "请填写回复内容" in app.current_panel.message.value
    check_zh(app)
    assert "写下你对李女士说的话。" in shown(app) and "Write what you say to Ms Li." not in shown(app)
    app.language.value = "en"
    check_en(app)
    assert "Write what you say to Ms Li." in shown(app)
    app.current_panel.input.value = answers["reply-li"]   # typed text is kept across switches
    app.language.value = "zh"
    assert app.current_panel.input.value == answers["reply-li"]
    walk(app, answers)
    check_zh(app)
    assert "通过" in shown(app) and "1. 接收投诉" in shown(app)
    app.language.value = "en"
    check_en(app)
    assert "PASSED" in shown(app) and "1. Receive and record" in shown(app)
    assert zh_scenario   # the view carries both languages


def _texts_of(data):
    if isinstance(data, dict):
        if set(data) <= {"en", "zh"} and data:
            yield data
        for v in data.values():
            yield from _texts_of(v)
    elif isinstance(data, list):
        for v in data:
            yield from _texts_of(v)


# --- resuming ------------------------------------------------------------------------------------

def test_resume_is_offered_after_a_restart(tmp_path, clock, flagship, monkeypatch):
    """A new kernel (a new DrillApp on the same store, from DRILL_DB) offers the unfinished attempt."""
    monkeypatch.setenv("DRILL_DB", str(tmp_path / "env.sqlite"))
    answers = answers_in(flagship, "en")
    first = DrillApp(scenarios_dir(), clock=clock)
    first.picker.value = next(i for i, c in enumerate(first.choices) if c.id == FLAGSHIP_ID)
    first.name.value = "Gus"
    first.start_button.click()
    walk(first, answers, stop_before="reply-li")
    first.current_panel.input.value = "Draft not submitted"
    attempt_id = first.session.attempt_id
    del first                                              # the page is reloaded: a new kernel

    again = DrillApp(scenarios_dir(), clock=clock)
    assert again.resume_buttons == []
    again.name.value = "Gus"
    assert len(again.resume_buttons) == 1
    assert "Overheating power bank: batch defect — 3 answers saved" in shown(again)
    button, attempt = again.resume_buttons[0]
    assert attempt.id == attempt_id
    button.click()
    assert again.session.attempt_id == attempt_id
    assert "Welcome back, Gus: your 3 saved answers are restored." in shown(again)
    for pid, value in (("category", "product_quality"), ("severity", "major")):
        assert again.panels[pid].locked and again.panels[pid].input.value == value
    # the options are in the attempt's own order (sim.drill.variants): compare the ticked ones, not positions
    assert {o for o, cb in again.panels["notify"].checks.items() if cb.value} == {"crisis_group", "production"}
    assert again.current_panel.prompt.id == "reply-li"
    walk(again, answers)
    assert again.scorecard.passed

    third = DrillApp(scenarios_dir(), clock=clock)        # nothing left to resume; a new attempt offers
    third.picker.value = next(i for i, c in enumerate(third.choices) if c.id == FLAGSHIP_ID)
    third.name.value = "Gus"
    assert third.resume_buttons == []
    third.start_button.click()
    walk(third, answers, stop_before="severity")
    fourth = DrillApp(scenarios_dir(), clock=clock)
    fourth.picker.value = third.picker.value
    fourth.name.value = "Gus"
    fourth.start_button.click()                            # Start with an unfinished attempt: offer both
    assert fourth.session is None and "1 answer saved" in shown(fourth)
    new = next(b for b in fourth.offer.children[1].children if "dk-start-new" in b._dom_classes)
    new.click()
    assert fourth.session is not None and fourth.session.attempt_id != third.session.attempt_id
    store = Store(f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert [a.status for a in store.attempts(trainee="Gus")] == ["in_progress", "in_progress", "finished"]


# --- no key before the scorecard -----------------------------------------------------------------

def _widget_state_text(created):
    """Everything the kernel would send to the browser for these widgets (their full state)."""
    states = []
    for widget in created:
        state = widget.get_state()
        states.append(json.dumps(state, ensure_ascii=False, default=str))
    return html.unescape("\n".join(states)).lower()


def test_no_answer_key_reaches_any_widget_before_the_scorecard(db, clock, flagship):
    from ipywidgets.widgets.widget import _instances
    secrets = [t for t in key_texts(flagship) if len(t) > 12]
    phrases = rubric_phrases(flagship)
    assert len(secrets) > 20 and {"stop using", "recorded", "私信", "direct message"} <= phrases

    before = set(_instances)
    app = new_app(db, clock)
    app.name.value = "Hal"
    # replies written without any rubric phrase, so that every phrase found would have come from the app
    answers = answers_in(flagship, "en")
    answers["notify"] = ["production"]                     # sends the contingency inject too
    answers["activate"] = "yes"
    answers["reply-li"] = "Thank you, Ms Li. A colleague will follow this up with you."
    answers["public-reply-text"] = "Thank you for the post. A colleague will follow this up."
    checked = []

    def check(app):
        created = [w for k, w in list(_instances.items()) if k not in before]
        text = _widget_state_text(created)
        for key in secrets:
            assert key.lower() not in text, key
        leaked = {ph for ph in phrases if contains_phrase(text, ph)}
        assert not leaked, leaked
        checked.append(len(created))

    check(app)
    app.language.value = "zh"
    check(app)
    app.language.value = "en"
    app.start_button.click()
    check(app)
    last = [p.id for p in flagship.drill.prompts()][-1]
    walk(app, answers, stop_before=last, each=check)
    app.language.value = "zh"
    check(app)
    app.language.value = "en"
    assert app.scorecard is None and len(checked) >= 10
    walk(app, answers)
    created = [w for k, w in list(_instances.items()) if k not in before]
    text = _widget_state_text(created)
    # the scan does see the key once the scorecard is shown (so the checks above could fail)
    assert "put safety first: tell her to stop using and unplug it" in text


# --- rendering by channel ------------------------------------------------------------------------

def test_each_channel_is_rendered_as_it_would_arrive(plan):
    def inj(iid, channel, **extra):
        return {"id": iid, "at": "T+00:10", "channel": channel,
                "message": {"en": f"Body of {iid}", "zh": f"{iid} 的内容"}, **extra}
    scenario = small_scenario(plan, [
        inj("mail", "email", subject={"en": "Refund request", "zh": "退款申请"}, **{"from": {"en": "Ms Zhou"}}),
        inj("chat", "chat", **{"from": {"en": "Mr Wu", "zh": "吴先生"}}),
        inj("call", "hotline", **{"from": {"en": "Mr Ho"}}),
        inj("alert", "internal", **{"from": {"en": "Supervisor", "zh": "主管"}}),
        inj("meet", "meeting", attachment={"kind": "document", "text": {"en": "Minutes", "zh": "纪要"}}),
        inj("post", "social_media", **{"from": {"en": "@fan"}}, attachment={
            "kind": "social_post", "author": "@fan", "reactions": 12400, "shares": 31, "comments": 2,
            "caption": {"en": "Photo of a box", "zh": "箱子的照片"}}),
    ])
    views = {i.id: trainee_inject(scenario, i) for i in scenario.drill.injects}
    mail = inject_html(views["mail"], "en")
    assert "dk-email" in mail and "From:</b> Ms Zhou" in mail and "Subject:</b> Refund request" in mail
    assert "To:</b> Customer service" in mail
    assert "主题：</b> 退款申请" in inject_html(views["mail"], "zh")
    assert "dk-bubble" in inject_html(views["chat"], "en") and "吴先生" in inject_html(views["chat"], "zh")
    call = inject_html(views["call"], "en")
    assert "dk-transcript" in call and "Call transcript" in call and "Caller · Mr Ho:" in call
    assert "dk-alert-box" in inject_html(views["alert"], "en") and "Internal alert" in inject_html(views["alert"], "en")
    meet = inject_html(views["meet"], "zh")
    assert "dk-meeting" in meet and "文件" in meet and "纪要" in meet
    post = inject_html(views["post"], "en")
    assert "dk-post" in post and "12,400 reactions" in post and "31 shares" in post and "2 comments" in post
    assert "Photo of a box" in post and "T+00:10" in post
    assert "12,400 个赞" in inject_html(views["post"], "zh")
