"""Question pools in the scenario format: an inject's ``variants`` validate as the guide says, every mistake is
one ``file:line: field: problem`` line (in English and Chinese), scenarios without pools dump and hash as before,
the JSON Schema knows the new keys, and the library's pool is complete in both languages."""
from __future__ import annotations

import re

import pytest
import yaml
from support import DATA, ROOT, SCENARIOS
from support.drill import PLAN_FILE, small_data

from sim import ScenarioError, load_scenario
from sim.cli import main
from sim.format import limits
from sim.format.drill_script import Inject
from sim.format.library import scenario_header
from sim.format.load import scenario_from_dict

GUIDE = ROOT / "scenarios" / "README.md"
SUPERVISOR = '''    - id: supervisor
      at: "T+00:30"
      channel: internal
      when: {missed: category}
      message: {en: "Twelve more calls about the same kettle.", zh: "又有12个来电反映同一款水壶。"}
      prompts:
        - id: escalate
          kind: yesno
          step: emergency_handling
          question: {en: "Escalate?", zh: "是否上报？"}
          answer: "yes"
'''


def guide_pool() -> str:
    """The pooled inject of the guide's "Question pools" section, as the guide writes it."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## Question pools (`variants`)"):]
    return section[section.index("```yaml\n") + len("```yaml\n"):section.index("```\n")]


def pooled_text() -> str:
    """good_small.yaml with the guide's pooled inject, and a contingency inject that branches on it."""
    head = (DATA / "good_small.yaml").read_text().split("drill:")[0]
    head = head.replace("plan: ../../scenarios/plans/default.yaml", f"plan: {PLAN_FILE}")
    inject = "".join("    " + line if line.strip() else line for line in guide_pool().splitlines(keepends=True))
    return head + 'drill:\n  role: {en: "Hotline agent", zh: "热线客服"}\n  injects:\n' + inject + SUPERVISOR


def write(tmp_path, text: str):
    path = tmp_path / "pool.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, marker: str) -> int:
    """The line (1-based) of the only line holding ``marker``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(found) == 1, (marker, found)
    return found[0]


def problems(path) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return [str(p) for p in exc.value.problems]


# --- a pool as the guide writes it ------------------------------------------------------------------------

def test_the_guides_pool_validates_and_gives_three_versions(tmp_path):
    scenario = load_scenario(write(tmp_path, pooled_text()))
    inject = scenario.drill.injects[0]
    assert inject.version_ids() == ("first-call", "crushed-box", "second-leak")
    written, box, leak = inject.pool()
    assert {v.id for v in inject.pool()} == {"first-call"} and not any(v.variants for v in inject.pool())
    assert [str(v.sender) for v in (written, box, leak)] == ["Mr Wu", "Ms Tan", "Mr Fang"]
    assert [p.id for p in box.prompts] == ["category-box", "severity-box"] and box.prompts[0].answer == "logistics"
    assert leak.prompts == written.prompts                    # only the wording changes: the inject's prompts
    assert (box.at, box.channel, box.when) == (written.at, written.channel, written.when)
    # Every prompt of the drill, each variant's too, once
    assert [p.id for p in scenario.drill.prompts()] == ["category", "severity", "category-box", "severity-box",
                                                        "escalate"]


def test_an_inject_without_variants_dumps_as_before_pools_existed():
    plain = Inject.model_validate({"id": "call", "at": "T+00:05", "channel": "phone", "message": "Hi"})
    assert "variants" not in plain.model_dump() and "variants" not in plain.model_dump(mode="json", by_alias=True)
    pooled = Inject.model_validate({"id": "call", "at": "T+00:05", "channel": "phone", "message": "Hi",
                                    "variants": [{"id": "v", "message": "Ho"}]})
    assert [v["id"] for v in pooled.model_dump(mode="json", by_alias=True)["variants"]] == ["v"]
    assert plain.pool() == (plain,)


def test_a_pooled_scenario_dumps_and_validates_again_to_the_same_hash(tmp_path):
    scenario = load_scenario(write(tmp_path, pooled_text()))
    again = scenario_from_dict(scenario.model_dump(mode="json", by_alias=True), scenario.plan)
    assert again.content_hash() == scenario.content_hash()
    assert again.drill.injects[0].variants == scenario.drill.injects[0].variants


def test_languages_count_every_variants_message(tmp_path):
    text = pooled_text()
    assert load_scenario(write(tmp_path, text)).languages() == ("en", "zh")
    english_only = text.replace(', zh: "水壶的包装箱送到时被压扁了，壶盖也裂了。"}', "}")
    path = write(tmp_path, english_only)
    assert load_scenario(path).languages() == ("en",)
    assert scenario_header(path).languages() == ("en",)       # the picker's header reads the variants too


# --- every mistake, at its line ----------------------------------------------------------------------------

SEVERITY_BOX = """\
            - id: severity-box
              kind: choice
              step: receive_and_record
              options: [minor, moderate, major]
              answer: minor
"""
NUMBER_BOX = """\
            - id: severity-box
              kind: number
              step: receive_and_record
              question: {en: "How many?", zh: "多少？"}
              accept: {min: 1}
"""
AT_TEN = 'from: {en: "Ms Tan", zh: "谭女士"}\n          at: "T+00:10"'

# name -> (text changes (after, old, new), marker of the line the problem is at, field, message)
MISTAKES = {
    "other_kind": (
        [("", SEVERITY_BOX, NUMBER_BOX)], "kind: number", "drill.injects[0].variants[0].prompts[1].kind",
        ("prompt 'severity-box' is a number prompt, but 'severity' in the same place of the inject is a choice "
         "prompt; the variants of a step ask the same kind of question")),
    "other_points": (
        [("", SEVERITY_BOX, SEVERITY_BOX + "              points: 2\n")], "points: 2",
        "drill.injects[0].variants[0].prompts[1].points",
        ("prompt 'severity-box' is worth 2 points, but 'severity' in the same place of the inject 1; the variants "
         "of a step are worth the same, so that every trainee is scored out of the same points")),
    "other_step": (
        [("", SEVERITY_BOX, SEVERITY_BOX.replace("receive_and_record", "investigate"))],
        "step: investigate", "drill.injects[0].variants[0].prompts[1].step",
        ("prompt 'severity-box' drills plan step 'investigate', but 'severity' in the same place of the inject "
         "drills 'receive_and_record'")),
    "id_used_twice": (
        [("", "- id: category-box", "- id: category")], "- id: category  ",
        "drill.injects[0].variants[0].prompts[0].id",
        ("prompt id 'category' is used twice; each variant asks its own prompts with their own ids, so that a "
         "stored answer says which variant it answered")),
    "fewer_prompts": (
        [("", SEVERITY_BOX, "")], "          prompts:", "drill.injects[0].variants[0].prompts",
        ("the inject asks 2 prompts and variant 'crushed-box' 1; a variant asks the same prompts as its inject, in "
         "the same order, each with its own id (or gives no prompts and asks the inject's)")),
    "variant_id_twice": (
        [("", "- id: second-leak", "- id: crushed-box")], "# only the wording",
        "drill.injects[0].variants[1].id", "variant id 'crushed-box' is used twice in this inject"),
    "the_injects_id": (
        [("", "- id: second-leak", "- id: first-call")], "- id: first-call  ",
        "drill.injects[0].variants[1].id", "variant id 'first-call' is used twice in this inject"),
    "own_time": (
        [("", 'from: {en: "Ms Tan", zh: "谭女士"}', AT_TEN)], 'at: "T+00:10"', "drill.injects[0].variants[0].at",
        ("'at' is the inject's: every variant of it is sent at the same time, on the same channel and under the "
         "same condition; give it on the inject")),
    "changes_nothing": (
        [("- id: second-leak", "from:", "#from:"), ("- id: second-leak", "message:", "#message:")],
        "- id: second-leak", "drill.injects[0].variants[1]", "variant 'second-leak' changes nothing"),
    "branch_on_a_variant": (
        [("", "when: {missed: category}", "when: {missed: category-box}")], "missed: category-box",
        "drill.injects[1].when.missed",
        ("prompt 'category-box' belongs to variant 'crushed-box' of inject 'first-call'; a branch names the "
         "inject's own prompt 'category', and then holds for whichever variant a trainee got")),
    "option_not_in_every_variant": (
        [("", "when: {missed: category}", "when: {missed: category.other}"),
         ("- id: category-box", "logistics, other]", "logistics]")], "missed: category.other",
        "drill.injects[1].when.missed",
        ("'other' is not an option of prompt 'category-box' of variant 'crushed-box' (product_quality, logistics); "
         "a branch on a question pool names an option every variant offers")),
    "checked_against_the_plan": (
        [("- id: category-box", "logistics, other]", "parcel, other]"),
         ("- id: category-box", "answer: logistics", "answer: parcel")], "options: [product_quality, parcel, other]",
        "drill.injects[0].variants[0].prompts[0].options[1]", "option 'parcel' is not a plan id"),
}


def changed(text: str, changes) -> str:
    """``text`` with each (after, old, new): the first ``old`` after the first ``after`` replaced by ``new``."""
    for after, old, new in changes:
        start = text.index(after)
        at = text.index(old, start)
        text = text[:at] + new + text[at + len(old):]
    return text


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_pool_mistake_is_one_line_at_its_place(tmp_path, name):
    changes, marker, field, message = MISTAKES[name]
    text = changed(pooled_text(), changes)
    path = write(tmp_path, text)
    found = problems(path)
    assert len(found) == 1, found
    assert found[0].startswith(f"{path}:{line_of(text, marker)}: {field}: {message}"), found[0]


def test_pool_mistakes_read_in_chinese_and_check_exits_2(tmp_path, capsys):
    text = pooled_text().replace(SEVERITY_BOX, NUMBER_BOX)
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert exc.value.text("zh").endswith("问题 'severity-box' 的类型是 number，而注入信息中同一位置的 'severity' 是 "
                                         "choice；同一步骤的各个变体须提出同一类型的问题")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{path}:{line_of(text, 'kind: number')}: drill.injects[0].variants" in err


def test_the_guides_sample_messages_are_the_checkers(tmp_path):
    """The two lines the guide shows under its pool example are what check prints (line numbers aside)."""
    guide = GUIDE.read_text(encoding="utf-8")
    shown = [re.sub(r"^\S+?:\d+: ", "", line) for line in guide.splitlines()
             if line.startswith("scenarios/kettle_leak.yaml:") and "variants[" in line]
    assert len(shown) == 2
    kind = problems(write(tmp_path, pooled_text().replace(SEVERITY_BOX, NUMBER_BOX)))
    twice = problems(write(tmp_path, pooled_text().replace("- id: category-box", "- id: category")))
    assert [re.sub(r"^\S+?:\d+: ", "", p) for p in kind + twice] == shown


def test_a_variant_in_a_variant_and_too_many_variants_are_refused(plan):
    nested = {"id": "call", "at": "T+00:05", "channel": "hotline", "message": "Hi",
              "variants": [{"id": "v", "message": "Ho", "variants": [{"id": "w", "message": "Hu"}]}]}
    with pytest.raises(ScenarioError, match=r"drill.injects\[0\].variants\[0\].variants: a variant has no variants "
                                            "of its own; list every variant under the inject"):
        scenario_from_dict(small_data([nested]), plan)
    many = {**nested, "variants": [{"id": f"v{k}", "message": f"Version {k}"} for k in range(limits.MAX_VARIANTS)]}
    assert len(scenario_from_dict(small_data([many]), plan).drill.injects[0].pool()) == limits.MAX_VARIANTS + 1
    many["variants"].append({"id": "one-more", "message": "One more"})
    with pytest.raises(ScenarioError, match=r"drill.injects\[0\].variants: 21 entries; at most 20 are accepted"):
        scenario_from_dict(small_data([many]), plan)


def test_variants_prompts_count_towards_the_drills_prompts_in_all(plan):
    yesno = lambda pid: {"id": pid, "kind": "yesno", "step": "emergency_handling", "question": "Q?", "answer": "yes"}
    injects = [{"id": f"i{k}", "at": "T+00:05", "channel": "hotline", "message": "Hi",
                "prompts": [yesno(f"p{k}.{j}") for j in range(100)],
                "variants": [{"id": "v", "prompts": [yesno(f"v{k}.{j}") for j in range(100)]}]} for k in range(5)]
    assert len(scenario_from_dict(small_data(injects), plan).drill.prompts()) == limits.MAX_DRILL_PROMPTS
    injects[0]["variants"].append({"id": "w", "prompts": [yesno(f"w.{j}") for j in range(100)]})
    with pytest.raises(ScenarioError, match="1,100 prompts in all; at most 1,000 are accepted"):
        scenario_from_dict(small_data(injects), plan)


# --- the JSON Schema ------------------------------------------------------------------------------------------

def test_the_schema_describes_variants(capsys):
    assert main(["schema"]) == 0
    schema = yaml.safe_load(capsys.readouterr().out)       # JSON is YAML
    defs = schema["$defs"]
    variants = defs["Inject"]["properties"]["variants"]
    assert variants["maxItems"] == limits.MAX_VARIANTS and variants["items"] == {"$ref": "#/$defs/Variant"}
    assert set(defs["Variant"]["properties"]) == {"id", "from", "subject", "message", "attachment", "prompts"}
    assert defs["Variant"]["required"] == ["id"] and defs["Variant"]["additionalProperties"] is False


# --- the library's pool -----------------------------------------------------------------------------------------

def test_the_librarys_pool_is_written_in_both_languages_and_keys_each_version():
    scenario = load_scenario(SCENARIOS / "logistics_failure.yaml")
    pooled = [inj for inj in scenario.drill.injects if inj.variants]
    assert [inj.id for inj in pooled] == ["infant-formula"]
    formula, chairs = pooled[0].pool()
    assert formula.prompts[0].answer == "reship-now" and chairs.prompts[0].answer == "keep-or-cancel"
    assert formula.message != chairs.message and formula.sender != chairs.sender
    texts = [chairs.message, chairs.sender, chairs.subject, chairs.prompts[0].question, chairs.prompts[0].why]
    texts += [o.text for o in chairs.prompts[0].options]
    assert all(text.has("en") and text.has("zh") for text in texts)
    assert scenario.languages() == ("en", "zh")
