"""What a trainee reads names things as the scenario does, never by an internal id (issue 20): departments among
departments (the category ``logistics`` shares its id with the logistics department), criteria by what the plan
expects, an order question by places and pairs (not Kendall's τ), the plan's step cited only where it decides
the answer, and every reply followed by the scenario's model answer."""
import re

import pytest
from support.drill import perfect_answers, small_scenario

from sim.drill.evidence import criterion_label, criterion_labels, model_answer
from sim.drill.scorecard import render, score_attempt
from sim.drill.scoring import normalise_answer, score_prompt
from sim.drill.view import option_domain, trainee_prompt
from sim.format.library import find_scenario, scenario_files
from sim.format.prompts import Criterion
from sim.i18n import t

LIBRARY = [find_scenario(f) for f in scenario_files()]
DRILLS = [s for s in LIBRARY if s.drill is not None]


def prompt_of(scenario, prompt_id):
    return next(p for p in scenario.drill.prompts() if p.id == prompt_id)


def test_notify_lists_the_logistics_department_not_the_category(flagship):
    plan = flagship.plan
    notify = prompt_of(flagship, "notify")
    assert option_domain(plan, notify) == "roles" and plan.domain_of("logistics") == "categories"
    for lang in ("en", "zh"):
        labels = {o.id: o.text(lang) for o in trainee_prompt(flagship, notify, "").options}
        assert labels["logistics"] == plan.roles["logistics"].name.get(lang)
        assert labels["logistics"] != plan.categories["logistics"].name.get(lang)
    assert "物流问题" not in {o.text("zh") for o in trainee_prompt(flagship, notify, "").options}
    # the feedback names the department too
    score = score_prompt(notify, ["crisis_group", "production", "logistics"], plan, "en")
    assert "logistics" in notify.forbidden
    assert t("drill.fb.multi_forbidden", "en", options=plan.roles["logistics"].name.en) in score.feedback


@pytest.mark.parametrize("scenario", DRILLS, ids=lambda s: s.id)
def test_no_category_name_among_departments_in_any_library_scenario(scenario):
    """The check: wherever a prompt's options are all departments, none is labelled with a category's name."""
    plan = scenario.plan
    category_names = {c.name.get(lang) for c in plan.categories.values() for lang in ("en", "zh")}
    role_names = {r.name.get(lang) for r in plan.roles.values() for lang in ("en", "zh")}
    for prompt in scenario.drill.prompts():
        if prompt.kind in ("reply", "yesno", "number") or option_domain(plan, prompt) != "roles":
            continue
        shown = {o.text(lang) for o in trainee_prompt(scenario, prompt, "").options for lang in ("en", "zh")}
        assert not shown & (category_names - role_names), (prompt.id, shown & category_names)


def test_an_option_domain_needs_every_plan_option(flagship):
    plan = flagship.plan
    category = prompt_of(flagship, "category")
    assert option_domain(plan, category) == "categories"            # logistics among categories: the category
    trigger = prompt_of(flagship, "trigger")            # "other" is a category and a trigger: the trigger here
    assert option_domain(plan, trigger) == "triggers" and plan.domain_of("other") == "categories"
    other = next(o for o in trainee_prompt(flagship, trigger, "").options if o.id == "other")
    assert other.text("en") == plan.label("triggers", "other", "en") != plan.label("categories", "other", "en")
    mixed = small_scenario(plan, [{"id": "i", "at": "T+00:05", "channel": "phone", "message": {"en": "m"},
                                   "prompts": [{"id": "m", "kind": "choice", "step": "receive_and_record",
                                                "question": "Which?", "options": ["billing", "crisis_group"],
                                                "answer": "billing"}]}])
    assert option_domain(plan, mixed.drill.prompts()[0]) is None         # no one vocabulary: each on its own


def test_a_criterion_without_expects_gets_a_readable_label():
    c = Criterion.model_validate({"id": "safety_first", "any": ["unplug"]})
    assert criterion_label(c, 2, "en") == "Safety first"
    assert criterion_label(c, 2, "zh") == "评分要点 2"
    said = Criterion.model_validate({"id": "x", "any": ["a"], "expects": {"en": "Apologise.", "zh": "致歉。"}})
    assert criterion_label(said, 1, "en") == "Apologise" and criterion_label(said, 1, "zh") == "致歉"


def test_model_answer_is_the_good_example_in_the_language(flagship):
    good = next(e for e in prompt_of(flagship, "reply-li").examples if e.grade == "good")
    assert model_answer(flagship, "reply-li", "en") == good.en
    assert model_answer(flagship, "reply-li", "zh") == good.zh
    assert model_answer(flagship, "category", "en") is None and model_answer(None, "reply-li", "en") is None


def order_scenario(plan, why=None):
    prompt = {"id": "o", "kind": "order", "step": "decide_solution", "question": "Order them.",
              "answer": ["a", "b", "c", "d", "e"]}
    prompt["options"] = [{"id": i, "text": {"en": i.upper(), "zh": i.upper()}} for i in "abcde"]
    if why:
        prompt["why"] = why
    return small_scenario(plan, [{"id": "i", "at": "T+00:05", "channel": "phone", "message": {"en": "m"},
                                  "prompts": [prompt]}])


@pytest.mark.parametrize("given, places, pairs", [
    ("bacde", 3, 9),        # one adjacent swap: 0.8 of the points
    ("edcba", 1, 0),        # reversed: only the middle stays, no pair right
    ("eabcd", 0, 6),        # all shifted by one: no place right, yet 6 of 10 pairs
])
def test_order_feedback_counts_places_and_pairs_not_tau(plan, given, places, pairs):
    scenario = order_scenario(plan)
    score = score_prompt(scenario.drill.prompts()[0], list(given), plan, "en")
    text = " ".join(score.feedback)
    assert f"{places} of 5 in the right place, {pairs} of 10 pairs in the right order" in text
    assert "τ" not in text and "Kendall" not in text
    assert score.share == pytest.approx(max(0.0, (2 * pairs - 10) / 10))   # the score is still Kendall's τ


def test_the_plan_step_is_cited_only_where_it_decides_the_answer(flagship):
    plan = flagship.plan
    plan_line = t("drill.fb.plan", "en", rule="").strip()
    reserve = score_prompt(prompt_of(flagship, "reserve"), 500, plan, "en")      # a number from the scenario
    assert reserve.feedback and not any(line.startswith(plan_line) for line in reserve.feedback)
    category = score_prompt(prompt_of(flagship, "category"), "other", plan, "en")    # the plan's own categories
    assert any(line.startswith(plan_line) for line in category.feedback)
    measures = prompt_of(flagship, "recall-measures")                            # no 'why': the step explains
    assert measures.why is None
    wrong = [o.id for o in measures.options if o.id not in measures.required][:1]
    assert any(line.startswith(plan_line) for line in score_prompt(measures, wrong, plan, "en").feedback)


def test_answer_errors_name_options_as_the_trainee_saw_them(flagship):
    order = prompt_of(flagship, "steps-order")
    with pytest.raises(ValueError) as e:
        normalise_answer(order, ["implement"], "zh", flagship.plan)
    assert flagship.plan.steps["decide_solution"].name.zh in str(e.value) and "decide_solution" not in str(e.value)


def _ids(scenario):
    plan = scenario.plan
    out = {p.id for p in scenario.drill.prompts()} | {c.id for p in scenario.drill.prompts() for c in p.rubric}
    out |= set(plan.steps) | set(plan.categories) | set(plan.roles) | set(plan.flags)
    return out


def test_the_scorecard_text_names_no_id_in_chinese(flagship):
    answers = perfect_answers(flagship)
    answers["reply-li"] = "非常抱歉，李女士。请立即拔掉电源，停止使用。我们今晚会给您回电。"
    answers["steps-order"] = list(reversed(answers["steps-order"]))
    answers["reserve"] = 500
    card = score_attempt(flagship, answers, "zh", trainee="王小明")
    text = render(card, scenario=flagship)
    leaked = sorted(i for i in _ids(flagship) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert leaked == []
    assert t("scorecard.model_answer", "zh", reply="")[:4] in text                 # 参考回复
    assert "τ" not in text
    for p in card.prompts:                                                        # each prompt by its question
        assert trainee_prompt(flagship, prompt_of(flagship, p.prompt_id), "").question.zh.strip() in text
    labels = criterion_labels(flagship, "reply-li", "zh")
    assert all(label in text for label in labels.values())                       # done / missed, by label
