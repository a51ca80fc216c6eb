"""Issue 21 in the command drill and the notebooks: a results database that fails is one line in the app
(in its language), never a traceback out of a button's callback or a notebook cell; the command drill's
result stays in the app and "Finish and score" saves it again."""
import html
import json
import re

import pytest
from support import ROOT

from sim.store.results import DeferredStore, Store, StoreError
from sim.ui.command_drill import CommandApp

SECRET = "S3cretPW"


def text_of(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


class FailsOnce(Store):
    """A store whose first save of a command-drill result fails (the server restarted, say)."""

    failures = 1

    def save_command_result(self, *args, **kwargs):
        if self.failures:
            self.failures -= 1
            raise StoreError(f"the results database {self.url} stayed busy; try again in a moment")
        return super().save_command_result(*args, **kwargs)


def test_a_failed_save_keeps_the_result_and_finish_saves_it_again(flagship, db):
    store = FailsOnce(db)
    app = CommandApp(flagship, "Ann", duration="1h", store=store)
    app.finish_button.click()                      # the StoreError escaped the callback: the result was lost
    assert text_of(app.message.value) == f"✗ the results database {db} stayed busy; try again in a moment"
    assert "Command drill score" in app.result.value and app.result_record is not None
    assert not app.saved and not app.finish_button.disabled and app.advance_button.disabled
    assert store.command_results() == []
    shown = app.result.value
    app.finish_button.click()                      # saved again: the same result, once
    assert app.saved and app.finish_button.disabled and app.message.value == ""
    saved = store.command_results()
    assert len(saved) == 1 and saved[0].score == app.result_record.score and app.result.value == shown
    app.finish_button.click()                      # nothing more to save
    assert len(store.command_results()) == 1


def test_a_database_that_cannot_be_opened_is_said_at_once_and_at_the_end(flagship, tmp_path, monkeypatch):
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("not a database\n" * 50)
    monkeypatch.setenv("DRILL_DB", str(not_a_db))
    app = CommandApp(flagship, "学员", language="zh", duration="1h", store=DeferredStore(lang="zh"))
    said = f"✗ 无法打开结果数据库 sqlite:///{not_a_db}：file is not a database"
    assert text_of(app.message.value) == said       # before the drill is played, so it can be fixed
    app.finish_button.click()
    assert text_of(app.message.value) == said and "指挥演练得分" in app.result.value and not app.saved
    good = tmp_path / "drills.sqlite"
    monkeypatch.setenv("DRILL_DB", str(good))       # the trainer fixes DRILL_DB: the next press saves
    app.finish_button.click()
    assert app.saved and [r.trainee for r in Store(f"sqlite:///{good}").command_results()] == ["学员"]


def test_a_deferred_store_opens_on_first_use_and_tries_again_after_a_failure(tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_DB", f"postgresql+psycopg:/drill:{SECRET}@db/drills")
    store = DeferredStore()                          # never raises here
    assert not hasattr(store, "_repr_html_")         # a notebook's probes do not open it
    with pytest.raises(StoreError, match=r"^DRILL_DB / --db 'postgresql\+psycopg:/drill:\*\*\*@db/drills' is not"):
        store.cohorts()
    monkeypatch.setenv("DRILL_DB", str(tmp_path / "d.sqlite"))
    assert store.cohorts() == [] and store.open() is store.open()


def _code_cells(name: str) -> list[str]:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _run_cell(source: str, namespace: dict) -> None:
    """Run a notebook cell as its kernel would (its code is the repository's own)."""
    exec(compile(source, "<cell>", "exec"), namespace)  # noqa: S102


@pytest.mark.parametrize("lang, said", [("en", "cannot open the results database sqlite:///{}: file is not a database"),
                                        ("zh", "无法打开结果数据库 sqlite:///{}：file is not a database")],
                         ids=["en", "zh"])
def test_the_notebooks_show_a_database_they_cannot_open_as_one_line(tmp_path, monkeypatch, lang, said):
    """Notebook 30 built Store(lang=...) and notebook 40 called open_store() outside any try: a traceback."""
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("not a database\n" * 50)
    monkeypatch.setenv("DRILL_DB", str(not_a_db))
    settings, trainer = _code_cells("30_trainer.ipynb")
    cell = {}
    _run_cell(settings, cell)
    cell["LANGUAGE"] = lang
    _run_cell(trainer, cell)                             # no exception: the dashboard says why it is empty
    assert text_of(cell["app"].message.value) == said.format(not_a_db)
    (command,) = _code_cells("40_command_drill.ipynb")
    cell = {}
    _run_cell(command.replace('LANGUAGE = "en"', f'LANGUAGE = "{lang}"').replace('"24h"', '"1h"'), cell)
    assert text_of(cell["app"].message.value) == "✗ " + said.format(not_a_db)
