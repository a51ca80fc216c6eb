"""Drafts: what a trainee has entered but not submitted survives a page reload or kernel restart (a new
DrillApp on the same store). Store-level upsert on SQLite and PostgreSQL; app-level autosave (throttled,
flushed on the tick), restore on resume, gone once answered, and a failing draft save never reaches the UI."""
from support.drill import perfect_answers

from sim.drill.scoring import reply_length
from sim.format.library import scenarios_dir
from sim.store.results import Store
from sim.ui.drafts import DRAFT_EVERY_S
from sim.ui.drill_app import DrillApp

FLAGSHIP_ID = "product-defect-surge"


def new_app(db, clock, name="Gus"):
    app = DrillApp(scenarios_dir(), store=Store(db), clock=clock)
    app.picker.value = next(i for i, c in enumerate(app.choices) if c.id == FLAGSHIP_ID)
    app.name.value = name
    return app


def fill(panel, value):
    if panel.kind == "multi":
        for oid, box in panel.checks.items():
            box.value = oid in value
    else:
        panel.input.value = value


def answer_until(app, flagship, prompt_id):
    """Submit full-marks answers until ``prompt_id`` is the open prompt."""
    answers = perfect_answers(flagship)
    while (panel := app.current_panel).prompt.id != prompt_id:
        fill(panel, answers[panel.prompt.id])
        panel.submit.click()
        assert panel.locked, panel.message.value


def reload_and_resume(db, clock, name="Gus"):
    """A page reload: a new kernel, a new app on the same store; the trainee resumes."""
    again = new_app(db, clock, name)
    assert len(again.resume_buttons) == 1
    again.resume_buttons[0][0].click()
    assert again.session is not None, again.setup_message.value
    return again


# --- the store -----------------------------------------------------------------------------------

def test_a_draft_is_upserted_and_left_out_once_answered(db_url):
    store = Store(db_url)
    attempt = store.start_attempt("Ann", "sc", "hash", "en")
    other = store.start_attempt("Bob", "sc", "hash", "en")
    assert store.drafts(attempt) == {}
    store.save_draft(attempt, "reply", "Dear Mr Li")
    store.save_draft(attempt, "reply", "Dear Mr Li, we are sorry")       # replaces, no second row
    store.save_draft(attempt, "notify", ["qa", "legal"])
    store.save_draft(other, "reply", "Bob's text")
    assert store.drafts(attempt) == {"reply": "Dear Mr Li, we are sorry", "notify": ["qa", "legal"]}
    assert store.drafts(other) == {"reply": "Bob's text"}
    store.add_answer(attempt, "reply", "Dear Mr Li, we are sorry.")
    assert store.drafts(attempt) == {"notify": ["qa", "legal"]}           # answered: the draft no longer counts
    assert store.answers(attempt)[0].value == "Dear Mr Li, we are sorry."  # the answer is untouched
    store.save_draft(attempt, "notify", float("nan"))                     # JSON-safe like every stored value
    assert Store(db_url).drafts(attempt) == {"notify": None}              # another process sees the same


# --- the app -------------------------------------------------------------------------------------

def test_a_typed_reply_survives_a_reload(db, clock, flagship):
    app = new_app(db, clock)
    app.start_button.click()
    answer_until(app, flagship, "reply-li")
    attempt = app.session.attempt_id
    panel = app.current_panel
    clock.now += DRAFT_EVERY_S                                     # (the answers above saved drafts too)
    panel.input.value = "Dear Mr Li, thank you for"               # a change after a quiet spell is saved at once
    panel.input.value = "Dear Mr Li, thank you for calling. We"   # within the throttle: waits for a tick
    assert Store(db).drafts(attempt) == {"reply-li": "Dear Mr Li, thank you for"}
    app.tick()
    assert Store(db).drafts(attempt) == {"reply-li": "Dear Mr Li, thank you for"}   # still throttled
    clock.now += DRAFT_EVERY_S
    app.tick()                                                     # the Play widget's one-second tick
    assert Store(db).drafts(attempt) == {"reply-li": "Dear Mr Li, thank you for calling. We"}
    del app                                                        # the page is reloaded: a new kernel

    again = reload_and_resume(db, clock)
    panel = again.current_panel
    assert panel.prompt.id == "reply-li" and not panel.locked
    assert panel.input.value == "Dear Mr Li, thank you for calling. We"
    assert "Draft restored" in panel.message.value
    assert f">{reply_length(panel.input.value)} characters" in panel.count.value   # the live count follows
    again.language.value = "zh"
    assert "已恢复草稿" in panel.message.value
    assert not again.flush_draft()                                  # restored and unchanged: nothing to save

    panel.input.value += " are sorry."
    panel.submit.click()
    assert panel.locked and "Draft restored" not in panel.message.value
    assert Store(db).drafts(attempt) == {}                          # answered: the draft is gone
    assert Store(db).answers(attempt)[-1].value == "Dear Mr Li, thank you for calling. We are sorry."


def test_other_kinds_are_drafted_too_and_flush_saves_now(db, clock, flagship):
    app = new_app(db, clock)
    app.start_button.click()
    attempt = app.session.attempt_id
    first = app.current_panel
    assert first.kind == "choice"
    choice = first.prompt.options[-1].id
    first.input.value = choice
    assert Store(db).drafts(attempt) == {first.prompt.id: choice}
    del app

    again = reload_and_resume(db, clock)
    panel = again.current_panel
    assert panel.prompt.id == first.prompt.id and panel.input.value == choice
    assert "Draft restored" in panel.message.value
    one, two = (o.id for o in first.prompt.options[:2])
    panel.input.value = one                                         # this kernel's first change: saved at once
    assert Store(db).drafts(attempt) == {first.prompt.id: one}
    panel.input.value = two                                         # throttled (the clock has not moved)...
    assert Store(db).drafts(attempt) == {first.prompt.id: one}
    assert again.flush_draft()                                      # ...the flush saves it now
    assert Store(db).drafts(attempt) == {first.prompt.id: two}


def test_a_fresh_prompt_without_a_draft_shows_no_note(db, clock, flagship):
    app = new_app(db, clock)
    app.start_button.click()
    answer_until(app, flagship, "reply-li")
    del app
    again = reload_and_resume(db, clock)
    panel = again.current_panel
    assert panel.input.value == "" and "Draft restored" not in panel.message.value
    assert not again.flush_draft()                                  # nothing typed: nothing saved
    assert Store(db).drafts(again.session.attempt_id) == {}


def test_a_failing_draft_save_never_reaches_the_ui(db, clock, flagship, monkeypatch):
    app = new_app(db, clock)
    app.start_button.click()
    answer_until(app, flagship, "reply-li")

    def broken(*_a, **_k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(app.session.store, "save_draft", broken)
    panel = app.current_panel
    panel.input.value = "Dear Mr Li"                                # no exception, no error shown
    clock.now += DRAFT_EVERY_S
    app.tick()
    assert not app.flush_draft()
    assert app.alert.value == "" and "✗" not in panel.message.value
    panel.submit.click()                                            # the answer path is unaffected
    assert panel.locked
    assert Store(db).answers(app.session.attempt_id)[-1].value == "Dear Mr Li"
