"""Behind JupyterHub the trainee is the hub user: sim.ui.identity reads the hub's variables, and the drill
app's setup screen then shows that name read-only, stores every attempt under it and offers only that
user's unfinished attempts (widgets driven without a browser)."""
import pytest
from support.drill import small_scenario

from sim.drill.session import DrillSession
from sim.ui.drill_app import DrillApp
from sim.ui.identity import hub_user

HUB = {"JUPYTERHUB_USER": "ann", "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api"}
YESNO = [{"id": "inj", "at": "T+00:01", "channel": "internal", "message": {"en": "Go.", "zh": "开始。"},
          "prompts": [{"id": f"q{i}", "kind": "yesno", "step": "emergency_handling",
                       "question": {"en": f"Question {i}?", "zh": f"问题 {i}？"}, "answer": "yes"}
                      for i in range(2)]}]


@pytest.mark.parametrize(("environ", "expected"), [
    (HUB, "ann"),
    ({**HUB, "JUPYTERHUB_USER": "  li.ming \n"}, "li.ming"),          # white space is not part of a name
    ({"JUPYTERHUB_USER": "ann"}, None),                                # a name exported by hand is no hub
    ({"JUPYTERHUB_API_URL": HUB["JUPYTERHUB_API_URL"]}, None),
    ({**HUB, "JUPYTERHUB_USER": "   "}, None),
    ({**HUB, "JUPYTERHUB_API_URL": ""}, None),
    ({}, None),
])
def test_hub_user_needs_both_the_name_and_the_hub(environ, expected):
    assert hub_user(environ) == expected


def test_hub_user_reads_the_process_environment(monkeypatch):
    for key in HUB:
        monkeypatch.delenv(key, raising=False)
    assert hub_user() is None
    for key, value in HUB.items():
        monkeypatch.setenv(key, value)
    assert hub_user() == "ann"


@pytest.fixture
def scenario(plan):
    return small_scenario(plan, YESNO)


def shown_parts(app) -> list:
    return list(app.setup_screen.box.children)


def finish(app):
    while (panel := app.current_panel) is not None:
        panel.input.value = "yes"
        panel.submit.click()
        assert panel.locked, panel.message.value


def test_the_hub_user_replaces_the_name_field(monkeypatch, scenario, store, clock):
    for key, value in HUB.items():
        monkeypatch.setenv(key, value)
    app = DrillApp(scenario, store=store, clock=clock)           # the name comes from the environment
    parts = shown_parts(app)
    assert app.name not in parts and app.setup_screen.signed_in_label in parts
    assert "Signed in as ann: your answers are saved under this name." in app.setup_screen.signed_in_label.value
    assert "Enter your name" not in app.setup_screen.intro.value
    app.language.value = "zh"
    assert "已登录：ann" in app.setup_screen.signed_in_label.value
    assert "填写姓名" not in app.setup_screen.intro.value
    app.start_button.click()                                     # nothing typed
    assert app.session is not None and app.setup_message.value == ""
    finish(app)
    [attempt] = store.attempts()
    assert (attempt.trainee, attempt.status) == ("ann", "finished")


def test_outside_a_hub_the_name_is_typed(monkeypatch, scenario, store, clock):
    for key in HUB:
        monkeypatch.delenv(key, raising=False)
    app = DrillApp(scenario, store=store, clock=clock)
    assert app.name in shown_parts(app) and app.setup_screen.signed_in_label not in shown_parts(app)
    app.start_button.click()
    assert app.session is None and "Enter your name first" in app.setup_message.value
    app.name.value = "Typed Name"
    app.start_button.click()
    assert app.session.trainee == "Typed Name"


def test_only_the_signed_in_users_unfinished_attempts_are_offered(scenario, store, clock):
    bob = DrillSession(scenario, "bob", "en", store, clock=clock)
    bob.answer("q0", "yes")                                      # bob's attempt, in progress
    ann = DrillSession(scenario, "ann", "en", store, clock=clock)
    ann.answer("q0", "no")
    app = DrillApp(scenario, store=store, clock=clock, signed_in="ann")
    # offered at once (nothing is typed), and only ann's
    assert [a.id for _b, a in app.resume_buttons] == [ann.attempt_id]
    app.name.value = "bob"              # the hidden field changed (as a forged widget message could do)
    assert [a.id for _b, a in app.resume_buttons] == [ann.attempt_id]
    app.start_button.click()            # Start offers ann's own attempt, never bob's
    assert app.session is None and "1 answer saved" in app.offer.children[0].value
    app.resume(bob.attempt_id)          # bob's attempt by its id: refused, nothing entered, naming nobody
    assert app.session is None and f"Attempt {bob.attempt_id} is not one of your" in app.setup_message.value
    assert "bob" not in app.setup_message.value
    app.resume_buttons[0][0].click()
    assert app.session.trainee == "ann" and app.session.attempt_id == ann.attempt_id
    finish(app)
    assert {a.trainee: a.status for a in store.attempts()} == {"ann": "finished", "bob": "in_progress"}


def test_an_explicit_name_wins_over_the_environment(monkeypatch, scenario, store, clock):
    for key, value in HUB.items():
        monkeypatch.setenv(key, value)
    app = DrillApp(scenario, store=store, clock=clock, signed_in="carol")
    app.start_button.click()
    assert app.session.trainee == "carol"
