"""The trainee's picker lists what ``check`` accepts, each scenario id once, with labels that differ.

Why labels must differ: the page's radio buttons (ipywidgets' RadioButtonsView) find the button to tick
by its label (``input[data-value=label]``, the first match), so with 14 copies of one title a click on the
fifth ticked nothing the trainee could see and the choice did not change (issue 20)."""
from __future__ import annotations

import logging
import shutil

import pytest

from sim.format.library import scenarios_dir
from sim.store.results import Store
from sim.ui.drill_app import DrillApp
from sim.ui.picker import DrillChoice, library_choices

FLAGSHIP = "product_defect_surge.yaml"


@pytest.fixture
def library(tmp_path):
    """Four copies of the flagship, a file check rejects (a misspelt key), a file that cannot be read and
    one other drill."""
    lib = tmp_path / "library"
    lib.mkdir()
    shutil.copytree(scenarios_dir() / "plans", lib / "plans")
    for name in ("a_copy.yaml", "b_copy.yaml", "c_copy.yaml", "d_copy.yaml"):
        shutil.copy(scenarios_dir() / FLAGSHIP, lib / name)
    text = (scenarios_dir() / "logistics_failure.yaml").read_text(encoding="utf-8")
    (lib / "e_rejected.yaml").write_text(text.replace("\nhorizon:", "\nhorizn:", 1), encoding="utf-8")
    (lib / "f_broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    shutil.copy(scenarios_dir() / "customer_data_leak.yaml", lib / "g_other.yaml")
    return lib


def test_copies_make_one_entry_and_rejected_files_none(library, caplog):
    with caplog.at_level(logging.WARNING, logger="sim.ui.picker"):
        choices = library_choices(library)
    assert sorted(c.id for c in choices) == ["customer-data-leak", "product-defect-surge"]
    flagship = next(c for c in choices if c.id == "product-defect-surge")
    assert flagship.path == library / "a_copy.yaml"           # the first by name, the one check keeps
    assert [p.name for p in flagship.copies] == ["b_copy.yaml", "c_copy.yaml", "d_copy.yaml"]
    assert "4 files hold this scenario" in flagship.copies_note("en")
    assert "有 4 个文件包含此情景" in flagship.copies_note("zh")
    assert next(c for c in choices if c.id == "customer-data-leak").copies_note("en") is None
    assert "e_rejected.yaml is left out" in caplog.text and "horizn" in caplog.text


def test_a_file_fixed_is_listed_again(library):
    assert "logistics-failure" not in {c.id for c in library_choices(library)}
    rejected = library / "e_rejected.yaml"
    rejected.write_text(rejected.read_text(encoding="utf-8").replace("\nhorizn:", "\nhorizon:"), encoding="utf-8")
    assert "logistics-failure" in {c.id for c in library_choices(library)}


def _choice(id_: str, title: str) -> DrillChoice:
    from sim.format.base import Text
    return DrillChoice(id_, Text(en=title, zh="同一标题"), Text(en="Agent"), "intermediate", 25.0, ("en", "zh"))


def test_drills_that_read_alike_are_numbered_in_every_language():
    from sim.ui.picker import _numbered
    one, two, three = _numbered([_choice("a", "Same"), _choice("b", "Same"), _choice("c", "Other")])
    assert (one.number, two.number, three.number) == (1, 2, 2)     # "c" reads like both in Chinese
    assert one.label("en") == "Same · 25 min · Intermediate" and two.label("en").endswith(" (2)")
    assert len({one.label("zh"), two.label("zh"), three.label("zh")}) == 2   # equal numbers, different English
    assert _numbered([_choice("a", "Same")])[0].number == 1


def test_every_entry_of_the_picker_can_be_chosen(library, db, clock):
    app = DrillApp(library, store=Store(db), clock=clock)
    labels = app.picker._options_labels
    assert len(labels) == 2 and len(set(labels)) == len(labels)
    for index, choice in enumerate(app.choices):
        app.picker.index = index                     # what a click on the index-th button sets
        assert app.setup_screen.choice() is choice
        assert choice.title.get("en") in app.details.value
