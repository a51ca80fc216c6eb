"""The trainee view carries nothing that reveals the answer key; drill strings are bilingual."""
import json

from support.drill import key_texts

from sim.drill.view import trainee_view

KEY_FIELDS = {"answer", "partial", "required", "forbidden", "accept", "rubric", "must_not", "examples", "why",
              "when", "expects", "explain", "note", "weight", "before", "regex", "rule", "missed", "answered"}


def _keys(data):
    if isinstance(data, dict):
        for k, v in data.items():
            yield k
            yield from _keys(v)
    elif isinstance(data, list):
        for v in data:
            yield from _keys(v)


def test_trainee_view_json_carries_no_key(flagship):
    view = trainee_view(flagship)
    blob = json.dumps(view.to_dict(), ensure_ascii=False)
    assert not KEY_FIELDS & set(_keys(json.loads(blob)))
    for text in key_texts(flagship, regexes=True):
        assert text not in blob, text
    # it does carry what the trainee needs
    assert "Ms Li" in blob and "李女士" in blob and "Whom do you notify now?" in blob


def test_contingency_injects_are_held_back(flagship):
    view = trainee_view(flagship)
    ids = [inj.id for inj in view.injects]
    assert "viral-post" not in ids
    assert ids == [inj.id for inj in sorted(flagship.drill.injects, key=lambda i: i.at) if inj.when is None]


def test_order_options_never_show_the_right_order(flagship):
    view = trainee_view(flagship)
    prompt = next(p for inj in view.injects for p in inj.prompts if p.id == "steps-order")
    right = next(p for p in flagship.drill.prompts() if p.id == "steps-order").answer
    assert sorted(prompt.option_ids()) == sorted(right)
    assert prompt.option_ids() != tuple(right)
    assert prompt.option_ids() == trainee_view(flagship).injects[-1].prompts[0].option_ids()   # stable
    for option in prompt.options:   # "4. Decide a solution" would number the answer
        assert not option.text("en")[0].isdigit() and not option.text("zh")[0].isdigit()


def test_default_questions_and_plan_labels_in_both_languages(flagship):
    first = trainee_view(flagship).injects[0]
    category, severity = first.prompts[0], first.prompts[1]
    assert category.question.get("en") == "Which category is this complaint?"
    assert severity.question.get("zh") == "这起事件属于哪个级别？"
    assert [o.text("zh") for o in severity.options] == ["轻微", "中度", "重大"]
    assert first.channel_name.get("zh") == "服务热线"


def test_every_scenario_in_the_library_has_a_safe_view():
    from sim import load_scenario
    from sim.format.library import scenarios_dir
    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        if scenario.drill is None:
            continue
        blob = json.dumps(trainee_view(scenario).to_dict(), ensure_ascii=False)
        assert not KEY_FIELDS & set(_keys(json.loads(blob))), path
        for text in key_texts(scenario, regexes=True):
            assert text not in blob, (path, text)
