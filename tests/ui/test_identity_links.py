"""Real identities in the drill app and the command drill (widgets driven without a browser): a personal link
names the trainee and cohort; a revoked, forged or damaged link is refused with one line and starts nothing;
without a link or a hub it is practice, marked on screen and stored as practice; and a trainee can never
see, resume or continue another trainee's attempt (resume list, resume by id, Start, the scorecard)."""
import html
import re

import pytest
from support.drill import small_scenario

from sim.drill.session import DrillSession
from sim.store.results import Store
from sim.store.tokens import make_token
from sim.ui.drill_app import DrillApp
from sim.ui.identity import Identity, identify, link_token

SECRET = "our-organisation-secret-0123456789"
YESNO = [{"id": "inj", "at": "T+00:01", "channel": "internal", "message": {"en": "Go.", "zh": "开始。"},
          "prompts": [{"id": f"q{i}", "kind": "yesno", "step": "emergency_handling",
                       "question": {"en": f"Question {i}?", "zh": f"问题 {i}？"}, "answer": "yes"}
                      for i in range(2)]}]


@pytest.fixture
def scenario(plan):
    return small_scenario(plan, YESNO)


@pytest.fixture
def store(db, monkeypatch):
    monkeypatch.setenv("DRILL_SECRET", SECRET)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    store = Store(db)
    cohort = store.cohort("Hotline", 2026)
    store.add_members(cohort, [("Ann Lee", "hotline", None), ("Bob", "hotline", None)])
    store.assign(cohort, "bad-example")
    store.issue_tokens(cohort)
    store.cohort_id = cohort
    return store


def link(store, name):
    return next(x.token for x in store.personal_links(store.cohort_id) if x.trainee == name)


def text_of(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def setup_text(app) -> str:
    return " ".join(text_of(c.value) for c in app.setup_screen.box.children if hasattr(c, "value")
                    and isinstance(c.value, str))


def finish(app, answer="yes"):
    while (panel := app.current_panel) is not None:
        panel.input.value = answer
        panel.submit.click()
        assert panel.locked, panel.message.value


# --- the link's token --------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("token=7.abc.def", "7.abc.def"), ("lang=zh&token=7.abc.def", "7.abc.def"), ("token=", ""),
    ("token=%207.abc.def%20", "7.abc.def"), ("", None), ("lang=zh", None),
])
def test_the_token_is_read_from_the_query_string_voila_sets(query, expected):
    assert link_token({"QUERY_STRING": query}) == expected


def test_no_token_no_hub_is_practice_and_a_hub_user_wins_over_a_link():
    never = lambda: pytest.fail("the store is opened only for a link")
    assert identify(never, environ={}) == Identity("typed")
    hub = {"JUPYTERHUB_USER": "ann", "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api", "QUERY_STRING": "token=x"}
    assert identify(never, environ=hub) == Identity("hub", "ann")


# --- a personal link -----------------------------------------------------------------------------------

def test_a_personal_link_names_the_trainee_and_cohort_and_no_name_is_typed(scenario, store, clock):
    token = link(store, "Ann Lee")
    app = DrillApp(scenario, store=store, clock=clock, token=token)
    parts = list(app.setup_screen.box.children)
    assert app.name not in parts and app.cohort not in parts           # no name, no cohort code
    assert "Personal link of Ann Lee (Hotline (2026))" in setup_text(app)
    assert "Practice" not in setup_text(app)
    app.language.value = "zh"
    assert "Ann Lee的专属链接" in setup_text(app)
    app.name.value = "Bob"                                             # a forged widget message changes nothing
    app.start_button.click()
    assert app.session is not None and app.session.trainee == "Ann Lee"
    finish(app)
    [attempt] = store.attempts()
    context = store.contexts([attempt.id])[attempt.id]
    assert (attempt.trainee, attempt.status) == ("Ann Lee", "finished")
    assert (context.identity, context.practice, context.token_id) == ("token", False, int(token.split(".")[0]))
    assert [a.id for a in store.cohort_attempts(store.cohort_id)] == [attempt.id]      # it counts


def test_the_link_is_read_from_the_page_address(scenario, store, clock, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", f"token={link(store, 'Bob')}")
    app = DrillApp(scenario, store=store, clock=clock)
    assert app.setup_screen.trainee_name() == "Bob" and app.identity.how == "token"


@pytest.mark.parametrize(("make", "en", "zh"), [
    (lambda store: link(store, "Ann Lee"), "has been withdrawn by your trainer", "已被培训师收回"),
    (lambda store: make_token(b"somebody-elses-secret-9876543210", 1, link(store, "Ann Lee").split(".")[1]),
     "was not issued by your organisation", "并非由本单位签发"),
    (lambda store: link(store, "Ann Lee")[:-1], "is incomplete or damaged", "不完整或已损坏"),
    (lambda store: "", "is incomplete or damaged", "不完整或已损坏"),
])
def test_a_revoked_or_forged_link_is_refused_with_one_line_and_starts_nothing(scenario, store, clock, make, en, zh):
    token = make(store)
    store.revoke_tokens(store.cohort_id, ["Ann Lee"])
    bob = DrillSession(scenario, "Bob", "en", store, clock=clock)      # someone else's attempt in progress
    app = DrillApp(scenario, store=store, clock=clock, token=token)
    said = setup_text(app)
    assert en in said and "No drill can be started" in said
    assert not token or token not in said                              # the token is never shown back
    parts = list(app.setup_screen.box.children)
    assert app.name not in parts and app.cohort not in parts and app.start_button not in parts
    assert app.start_button.disabled and app.resume_buttons == []
    app.start()                                                          # even called directly
    app.resume(bob.attempt_id)
    assert app.session is None and en in app.setup_message.value
    app.language.value = "zh"
    assert zh in setup_text(app)
    assert [a.id for a in store.attempts()] == [bob.attempt_id]          # nothing stored


def test_a_link_revoked_while_its_page_is_open_stops_at_the_next_submit_finish_or_start(scenario, store, clock):
    """The app verified the link when the page opened; revoking it afterwards must not leave that page
    working: the next submit stores nothing (the input stays), finishing and starting are refused."""
    app = DrillApp(scenario, store=store, clock=clock, token=link(store, "Ann Lee"))
    app.start_button.click()
    first = app.current_panel
    first.input.value = "yes"
    first.submit.click()
    assert first.locked
    store.revoke_tokens(store.cohort_id, ["Ann Lee"])
    second = app.current_panel
    second.input.value = "no"
    second.submit.click()
    assert not second.locked and "has been withdrawn by your trainer" in second.message.value
    assert second.input.value == "no"                                   # nothing the trainee entered is lost
    app.finish()
    assert app.scorecard is None and "has been withdrawn" in app.alert.value
    [attempt] = store.attempts()
    assert attempt.status == "in_progress" and [a.prompt_id for a in store.answers(attempt.id)] == ["q0"]
    app.start(new_attempt=True)
    assert "has been withdrawn" in app.setup_message.value and len(store.attempts()) == 1


# --- practice -----------------------------------------------------------------------------------------

def test_without_a_link_or_hub_it_is_practice_marked_on_screen_and_never_counted(scenario, store, clock):
    app = DrillApp(scenario, store=store, clock=clock)
    parts = list(app.setup_screen.box.children)
    assert app.name in parts and app.cohort not in parts                 # practice joins no cohort
    assert "Practice: results do not count" in setup_text(app)
    app.language.value = "zh"
    assert "练习模式：成绩不计入考核" in setup_text(app)
    app.language.value = "en"
    app.name.value = "Ann Lee"                                           # a member's name, typed
    app.start_button.click()
    assert app.session is not None
    assert "Practice: results do not count" in text_of(app.practice_note.value)
    assert app.practice_note in app.drill_box.children                  # said on the drill screen too
    finish(app)
    [attempt] = store.attempts()
    context = store.contexts([attempt.id])[attempt.id]
    assert (context.identity, context.practice, context.token_id) == ("typed", True, None)
    assert store.cohort_attempts(store.cohort_id) == []                  # never counts for the cohort


def test_a_hub_user_is_recorded_as_hub(scenario, store, clock):
    app = DrillApp(scenario, store=store, clock=clock, signed_in="Bob")
    app.start_button.click()
    context = store.contexts([app.session.attempt_id])[app.session.attempt_id]
    assert (context.identity, context.practice) == ("hub", False)


# --- own attempts only, by every path -------------------------------------------------------------------

def test_a_link_offers_and_resumes_only_the_trainees_own_counted_attempts(scenario, store, clock):
    bob = DrillApp(scenario, store=store, clock=clock, token=link(store, "Bob"))
    bob.start_button.click()
    bob.current_panel.input.value = "yes"
    bob.current_panel.submit.click()                                      # Bob's counted attempt, in progress
    typed = DrillApp(scenario, store=store, clock=clock)
    typed.name.value = "Ann Lee"
    typed.start_button.click()                                            # a practice attempt under Ann's name
    practice_id = typed.session.attempt_id
    ann = DrillApp(scenario, store=store, clock=clock, token=link(store, "Ann Lee"))
    assert ann.resume_buttons == []                                       # neither Bob's nor the practice one
    for other in (bob.session.attempt_id, practice_id, 9999):
        ann.resume(other)                                                 # by id: refused alike, naming nobody
        assert ann.session is None and f"Attempt {other} is not one of your" in ann.setup_message.value
        assert "Bob" not in ann.setup_message.value
    ann.start_button.click()                                              # Start: a new attempt of her own
    assert ann.session.attempt_id not in (bob.session.attempt_id, practice_id)
    ann.current_panel.input.value = "no"
    ann.current_panel.submit.click()
    again = DrillApp(scenario, store=store, clock=clock, token=link(store, "Ann Lee"))   # a page refresh
    assert [a.id for _b, a in again.resume_buttons] == [ann.session.attempt_id]
    again.resume_buttons[0][0].click()
    assert again.session.attempt_id == ann.session.attempt_id and again.session.answers == {"q0": "no"}


def test_practice_never_reaches_a_counted_attempt(scenario, store, clock):
    ann = DrillApp(scenario, store=store, clock=clock, token=link(store, "Ann Lee"))
    ann.start_button.click()
    ann.current_panel.input.value = "yes"
    ann.current_panel.submit.click()                                      # Ann's counted attempt, in progress
    counted = ann.session.attempt_id
    typed = DrillApp(scenario, store=store, clock=clock)
    typed.name.value = "Ann Lee"                                          # a colleague types Ann's name
    assert typed.resume_buttons == []                                     # her counted attempt is not offered
    typed.resume(counted)
    assert typed.session is None and "is not one of your" in typed.setup_message.value
    typed.start_button.click()                                            # Start does not join it either
    assert typed.session.attempt_id != counted and typed.session.answers == {}
    finish(typed, "no")
    assert store.attempt(counted).status == "in_progress" and store.answers(counted)[0].value == "yes"
    again = DrillApp(scenario, store=store, clock=clock)                  # resume by id without a name
    again.resume(counted)
    assert again.session is None and "Enter your name first" in again.setup_message.value


def test_the_scorecard_shown_is_the_trainees_own_and_back_to_the_list_offers_only_theirs(scenario, store, clock):
    bob = DrillApp(scenario, store=store, clock=clock, token=link(store, "Bob"))
    bob.start_button.click()
    finish(bob, "no")                                                     # Bob's finished attempt
    ann = DrillApp(scenario, store=store, clock=clock, token=link(store, "Ann Lee"))
    ann.resume(bob.session.attempt_id)                                    # a finished attempt of Bob's: refused
    assert ann.session is None and "is not one of your" in ann.setup_message.value
    ann.start_button.click()
    finish(ann)
    assert ann.scorecard.trainee == "Ann Lee" and ann.scorecard.passed          # Bob answered "no": he failed
    assert ann.scorecard.attempt_id == ann.session.attempt_id != bob.session.attempt_id
    assert "100%" in text_of(ann.card_html.value) and "Bob" not in text_of(ann.card_html.value)
    ann.again_button.click()
    assert ann.resume_buttons == [] and ann.session is None


# --- the command drill ---------------------------------------------------------------------------------

def test_the_command_drill_records_the_links_trainee_and_reaches_the_cohort(flagship, store):
    from sim.ui.command_drill import CommandApp
    app = CommandApp(flagship, language="en", duration="1h", store=store, token=link(store, "Ann Lee"))
    assert app.name not in app.who.children and "Personal link of Ann Lee" in text_of(app.who.children[0].value)
    app.finish_button.click()
    assert app.saved
    [record] = store.command_results(cohort_id=store.cohort_id)
    assert record.trainee == "Ann Lee"
    assert record.result["identity"] == {"how": "token", "practice": False, "cohort_id": store.cohort_id,
                                         "token_id": int(link(store, "Ann Lee").split(".")[0])}


def test_the_command_drill_without_a_link_is_practice_under_a_typed_name(flagship, store):
    from sim.ui.command_drill import CommandApp
    app = CommandApp(flagship, language="zh", duration="1h", store=store)
    assert app.name in app.who.children and "练习模式" in text_of(app.who.children[0].value)
    app.finish_button.click()                                             # no name yet: nothing is finished
    assert app.result_record is None and "请先填写姓名" in text_of(app.message.value)
    app.name.value = "王小明"
    app.finish_button.click()
    [record] = store.command_results()
    assert record.trainee == "王小明" and record.result["identity"]["practice"] is True
    assert record.result["identity"]["how"] == "typed"


def test_the_command_drill_with_a_revoked_link_plays_and_stores_nothing(flagship, store):
    from sim.ui.command_drill import CommandApp
    token = link(store, "Bob")
    store.revoke_tokens(store.cohort_id, ["Bob"])
    app = CommandApp(flagship, language="en", duration="1h", store=store, token=token)
    assert "has been withdrawn by your trainer" in text_of(app.who.children[0].value)
    assert all(b.disabled for b in app._buttons())
    app.finish()
    app.advance()
    assert app.result_record is None and store.command_results() == []


def test_the_command_drill_behind_the_hub_joins_the_cohort_of_its_code(flagship, store):
    from sim.ui.command_drill import CommandApp
    app = CommandApp(flagship, language="en", duration="1h", store=store, signed_in="carol")
    assert app.cohort in app.who.children and app.name not in app.who.children
    app.cohort.value = "Hotline"
    app.finish_button.click()
    assert app.saved
    [record] = store.command_results(cohort_id=store.cohort_id)
    assert record.trainee == "carol" and record.result["identity"]["how"] == "hub"
