"""Issue 21 in the apps: a results database that cannot be opened or reached is shown as its one line
(no traceback, no password), and a stale tab's End shows the score of every stored answer."""
import html
import re

from support.drill import small_scenario

from sim.store.results import Store, StoreError
from sim.ui.drill_app import DrillApp
from sim.ui.trainer import TrainerApp

SECRET = "S3cretPW"


def text_of(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def _six_yes_no(plan):
    prompts = [{"id": f"q{i}", "kind": "yesno", "step": "emergency_handling", "question": {"en": f"Q{i}?"},
                "answer": "yes"} for i in range(6)]
    return small_scenario(plan, [{"id": "all", "at": "T+00:01", "channel": "internal",
                                  "message": {"en": "Answer.", "zh": "作答。"}, "prompts": prompts}])


def test_the_drill_app_shows_a_database_it_cannot_open_as_one_line(plan, tmp_path, monkeypatch):
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("not a database\n" * 50)
    monkeypatch.setenv("DRILL_DB", str(not_a_db))
    app = DrillApp(_six_yes_no(plan))
    app.name.value = "Ann"                           # looks up Ann's unfinished attempts: opens the store
    said = text_of(app.alert.value)
    assert f"cannot open the results database sqlite:///{not_a_db}: file is not a database" in said
    assert "unexpected" not in said and "Traceback" not in said
    monkeypatch.setenv("DRILL_DB", "sqlite://")
    app = DrillApp(_six_yes_no(plan), language="zh")
    app.name.value = "Ann"
    app.start_button.click()
    assert "sqlite:// 是内存数据库" in text_of(app.alert.value + app.setup_message.value)
    assert app.session is None


class Unreachable(Store):
    """A store whose server went away after it was opened."""

    def cohorts(self):
        raise StoreError(f"cannot open the results database {self.url}: connection refused")


def test_the_trainer_app_shows_a_database_it_cannot_reach_as_one_line(tmp_path):
    store = Unreachable(f"sqlite:///{tmp_path / 'd.sqlite'}")
    store.url = "postgresql+psycopg://drill:***@db/drills"      # as a store opened on PostgreSQL shows itself
    app = TrainerApp(store)
    said = text_of(app.message.value)
    assert said == "cannot open the results database postgresql+psycopg://drill:***@db/drills: connection refused"


def test_a_stale_tab_ending_the_drill_shows_the_score_of_every_stored_answer(plan, tmp_path):
    scenario = _six_yes_no(plan)
    db = f"sqlite:///{tmp_path / 'd.sqlite'}"
    stale, live = DrillApp(scenario, store=Store(db)), DrillApp(scenario, store=Store(db))
    stale.name.value = "Ann"
    stale.start_button.click()
    stale.current_panel.input.value = "yes"
    stale.current_panel.submit.click()
    live.name.value = "Ann"
    button, attempt = live.resume_buttons[0]
    assert attempt.id == stale.session.attempt_id
    button.click()
    for _ in range(3):
        live.current_panel.input.value = "yes"
        live.current_panel.submit.click()
    stale.finish()                                  # End in the tab that saw one answer
    assert (stale.scorecard.points, stale.scorecard.max_points) == (4, 6)
    assert [s.points for s in Store(db).scores(attempt.id)] == [4]
    live.finish()
    assert live.scorecard.points == 4
    assert "This attempt was ended in another window" in text_of(live.notice.value)
    assert len(Store(db).scores(attempt.id)) == 1
