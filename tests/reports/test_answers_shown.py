"""How the trainer reads an answer that is not there: a prompt the trainee never answered, and an answer to a
prompt the scenario has since lost, in the drill-down, its HTML and answers.csv."""
import copy

import pandas as pd
import pytest

from sim.drill.session import DrillSession
from sim.format.library import cached_scenario
from sim.format.load import scenario_from_dict
from sim.i18n import t
from sim.reports import cohort as C
from sim.reports import html as H
from sim.reports.export import export_csv
from sim.store.results import Store


@pytest.fixture
def cohort(tmp_path):
    """Ann answers the first three prompts and finishes (the rest unanswered); Bo answers two and stops.
    Then the author removes the 'category' prompt, which both answered."""
    original = cached_scenario("product_defect_surge")
    store = Store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    cid = store.cohort("Edge", 2026)
    store.add_members(cid, [("Ann", "hotline", None), ("Bo", "hotline", None)])
    store.assign(cid, original.id)
    ann = DrillSession(original, "Ann", store=store)
    for pid, value in [("category", "product_quality"), ("severity", "major"),
                       ("notify", ["specialist", "crisis_group"])]:
        ann.answer(pid, value)
    ann.finish()
    bo = DrillSession(original, "Bo", store=store)
    bo.answer("category", "product_quality")
    bo.answer("severity", "minor")
    data = copy.deepcopy(original.model_dump(mode="json", by_alias=True, exclude_none=True))
    data["plan"] = "plans/default.yaml"
    first = data["drill"]["injects"][0]
    first["prompts"] = [p for p in first["prompts"] if p["id"] != "category"]
    changed = scenario_from_dict(data, original.plan)
    return store, cid, changed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_unanswered_and_removed_prompts_in_the_drill_down(cohort, lang):
    store, cid, changed = cohort
    data = C.load_cohort(store, cid, {changed.id: changed}, lang=lang)
    not_answered = t("drill.fb.not_answered", lang)
    ann = {p["prompt_id"]: p for p in C.trainee_detail(data, "Ann")[0]["prompts"]}
    assert not ann["reply-li"]["answered"] and ann["reply-li"]["answer"] == not_answered
    assert ann["reply-li"]["question"] != "reply-li"                          # still in the scenario
    gone = ann["category"]                                                     # scored before it was removed
    assert gone["answered"] and gone["question"] == "category" and gone["answer"] == "product_quality"
    assert ann["severity"]["answer"] != "major"                                # a label, as the trainee saw it
    bo = {p["prompt_id"]: p for p in C.trainee_detail(data, "Bo")[0]["prompts"]}     # in progress
    assert list(bo) == ["category", "severity"]
    assert (bo["category"]["question"], bo["category"]["kind"], bo["category"]["answer"]) == \
        ("category", "", "product_quality")
    shown = H.trainee_html(data, "Ann")
    assert not_answered in shown and "product_quality" in shown


def test_answers_csv_lists_stored_answers_only_and_a_removed_prompt_as_stored(cohort, tmp_path):
    store, cid, changed = cohort
    data = C.load_cohort(store, cid, {changed.id: changed})
    export_csv(data, tmp_path / "csv")
    answers = pd.read_csv(tmp_path / "csv" / "answers.csv", encoding="utf-8-sig", keep_default_na=False)
    assert sorted(zip(answers.trainee, answers.prompt_id)) == sorted(
        [("Ann", "category"), ("Ann", "severity"), ("Ann", "notify"), ("Bo", "category"), ("Bo", "severity")])
    assert "reply-li" not in set(answers.prompt_id)                  # unanswered: no stored answer to export
    gone = answers[answers.prompt_id == "category"]
    assert set(gone.answer) == {"product_quality"} and set(gone.question) == {""} and set(gone.kind) == {""}
    kept = answers[(answers.trainee == "Ann") & (answers.prompt_id == "severity")].iloc[0]
    assert kept.question and kept.answer not in ("", "major")
