"""The walk-through's two rules (support.walkthrough) on hand-built pages, and what keeps the app pages in one
language: the notebooks' English narrative is tagged lab-only and hidden on app pages, a Chinese demo is
Chinese."""
from __future__ import annotations

import json

from support import ROOT
from support.walkthrough import faults, ids_in, latin_words

from sim.ui.theme import DRILL_CSS, LAB_ONLY_CSS, TRAINER_CSS


def test_ids_with_separators_are_found_on_every_page_and_plain_words_only_on_chinese_ones():
    page = "Rating for receive_and_record: P. Apology given."
    assert "receive_and_record" in ids_in(page, "en") and "receive_and_record" in ids_in(page, "zh")
    assert ids_in("Your reply-li answer", "en") == ["reply-li"]
    assert ids_in("utilisation.frontline 0.8", "en") == ["utilisation.frontline"]
    assert "logistics" not in ids_in("Logistics delayed: logistics team", "en")
    assert "logistics" in ids_in("物流 logistics", "zh")
    # a hyphenated English word that is also an id is text on an English page
    assert "follow-up" not in ids_in("satisfaction at follow-up", "en")
    # an id inside a longer token is not the id
    assert ids_in("xreceive_and_recordy", "en") == []


def test_a_chinese_page_holds_no_latin_word_but_names_codes_files_and_references():
    assert latin_words("请点击 Submit 提交") == ["Submit"]
    assert latin_words("评级 P/S/M/U · N/A · HSEEP · KPI · Excel") == []
    assert latin_words("下载 (aar_1.html, 115 KB) 编号PB-1187，@TechDad_Zhang") == []
    assert latin_words("English简体中文") == []          # the language switch
    assert latin_words("你好 Alex", allowed={"Alex"}) == []
    assert latin_words("发布于 M/M/c 模型") == []
    assert latin_words("Two words") == ["Two", "words"]


def test_faults_name_each_problem_with_where_it_stands():
    found = faults("第 1 步 receive_and_record 未完成 Submit", "zh")
    assert found[0].startswith("internal id 'receive_and_record': …") and "第 1 步" in found[0]
    assert sorted(f.split(":")[0] for f in found[1:]) == [
        "English word 'Submit'", "English word 'and'", "English word 'receive'", "English word 'record'"]
    assert faults("All fine here, Customer service department.", "en") == []


def test_app_notebooks_keep_their_english_narrative_out_of_the_app_pages():
    for name in ("20_drill", "30_trainer", "40_command_drill"):
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                assert "lab-only" in cell["metadata"].get("tags", []), (name, "".join(cell["source"])[:60])
    # Voila gives each cell its tags as classes (celltag_lab-only): both apps' style sheets hide them
    assert ".celltag_lab-only" in LAB_ONLY_CSS and "display: none" in LAB_ONLY_CSS
    assert LAB_ONLY_CSS in DRILL_CSS and LAB_ONLY_CSS in TRAINER_CSS
    # and `make drill` leaves them out of the page
    assert '--TagRemovePreprocessor.remove_cell_tags={"lab-only"}' in (ROOT / "Makefile").read_text()


def test_a_chinese_demo_cohort_is_chinese(tmp_path):
    from sim.reports.demo import demo_store
    store, cohort_id = demo_store(tmp_path / "demo.sqlite", trainees=3, command_drills=0, lang="zh")
    cohort = next(c for c in store.cohorts() if c.id == cohort_id)
    assert cohort.name == "热线团队"
    members = store.members(cohort_id)
    assert [m.name for m in members] == ["李娜", "王伟", "张敏"]
    assert not latin_words(" ".join(f"{m.name} {m.team}" for m in members))
