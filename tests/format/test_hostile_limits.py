"""The format's input limits at their boundaries, the graph checks, plan paths and the wording of each
message in both languages (the files that pass each limit are in ``test_hostile_files``)."""
import copy
import math
import os
import re

import pytest
from support import DATA, ROOT
from support.drill import small_data

from sim import ScenarioError, load_scenario
from sim.format import limits
from sim.format.graphs import find_cycle
from sim.format.load import scenario_from_dict
from sim.format.messages import MESSAGES
from sim.format.yamlio import read_yaml

PLAN = ROOT / "scenarios" / "plans" / "default.yaml"


def problems_of(text: str, tmp_path) -> list[str]:
    """The problem lines of the YAML ``text`` as a file (empty if it reads)."""
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_yaml(path)
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    return []


def refused(data, plan) -> str:
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(data, plan)
    return str(exc.value)


# --- reading -------------------------------------------------------------------------------------------

def test_depth_limit_is_exact(tmp_path):
    ok = "a: " + "[" * (limits.MAX_DEPTH - 1) + "]" * (limits.MAX_DEPTH - 1) + "\n"     # the mapping is level 1
    assert problems_of(ok, tmp_path) == []
    deep = "a: " + "[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH + "\n"
    assert problems_of(deep, tmp_path) == [(f"{tmp_path / 't.yaml'}:1: a[0][0][0][0][0][0][0]…: nested more than "
                                           "50 levels deep")]


def test_alias_uses_are_counted(tmp_path):
    uses = "a: &x 1\nb: [" + ", ".join(["*x"] * limits.MAX_ALIASES) + "]\n"
    assert problems_of(uses, tmp_path) == []
    assert "more than 100 aliases" in problems_of(uses.replace("]", ", *x]"), tmp_path)[0]


def test_alias_expansion_counts_the_values_each_alias_stands_for(tmp_path, monkeypatch):
    # the mapping 1, key a 1, its list 4, key b 1, b's list 1, its three aliases 4 each: 20 values
    text = "a: &x [1, 2, 3]\nb: [*x, *x, *x]\n"
    monkeypatch.setattr(limits, "MAX_VALUES", 20)
    assert problems_of(text, tmp_path) == []
    monkeypatch.setattr(limits, "MAX_VALUES", 19)
    assert problems_of(text, tmp_path) == [(f"{tmp_path / 't.yaml'}:2: b[2]: more than 19 values, each alias "
                                           "counted as the values it stands for")]


def test_an_alias_inside_its_own_value_is_refused(tmp_path):
    assert "alias *m is used inside the value it names" in problems_of("m: &m {n: *m}\n", tmp_path)[0]
    assert problems_of("m: &m {n: 1}\nk: *m\n", tmp_path) == []          # after its value: a plain copy


def test_entries_and_text_limits_are_exact(tmp_path):
    n = limits.MAX_ENTRIES
    assert problems_of("a: [" + "1," * n + "]\n", tmp_path) == []
    assert problems_of("a: [" + "1," * (n + 1) + "]\n", tmp_path) == [(f"{tmp_path / 't.yaml'}:1: a: more than "
                                                                      "10,000 entries")]
    assert problems_of(f"t: {'x' * limits.MAX_TEXT}\n", tmp_path) == []
    assert "text of 20,001 characters; the limit is 20,000" in problems_of(f"t: {'x' * 20_001}\n", tmp_path)[0]


def test_integers_are_bounded_by_their_digits_before_conversion(tmp_path):
    assert read_yaml_data(f"n: {'9' * 30}\n", tmp_path) == {"n": int("9" * 30)}
    assert problems_of(f"n: {'9' * 31}\n", tmp_path)[0].endswith("n: an integer of 31 digits; the limit is 30")
    assert problems_of("n: !!int zz\n", tmp_path)[0].endswith("n: 'zz' cannot be read as !!int")


@pytest.mark.parametrize("written", [".inf", "-.inf", ".NaN", "1e999", "!!float .inf"])
def test_infinity_and_nan_are_refused_wherever_written(written, tmp_path):
    assert problems_of(f"x: {written}\n", tmp_path)[0].endswith("is not a finite number")


def test_control_characters_are_refused_but_tabs_and_newlines_are_text(tmp_path):
    assert problems_of('t: "a\\0b"\n', tmp_path)[0].endswith("t: contains the control character U+0000; remove it")
    assert problems_of("a: 1\nt: \x1b[31m\n", tmp_path)[0].endswith(":2: YAML error: control characters are not "
                                                                     "allowed (U+001B)")         # raw, one line
    assert "U+2067" in problems_of('t: "\\u2067x"\n', tmp_path)[0]
    assert read_yaml_data('t: "a\\tb\\nc"\n', tmp_path) == {"t": "a\tb\nc"}


def test_empty_values_are_refused_but_a_written_null_is_not(tmp_path):
    assert problems_of("a: 1\nb:\n", tmp_path)[0].endswith(":2: b: no value after the key (an empty entry, as where "
                                                          "a file is cut off); write the value or remove the key")
    assert problems_of("a:\n  - 1\n  -\n", tmp_path)[0].endswith(":3: a[1]: an empty list entry ('-' with nothing "
                                                                  "after it, as where a file is cut off)")
    assert read_yaml_data("a: null\nb: ~\nc: ''\n", tmp_path) == {"a": None, "b": None, "c": ""}


def test_one_document_and_empty_ones_are_skipped(tmp_path):
    assert read_yaml_data("a: 1\n---\n", tmp_path) == {"a": 1}
    assert problems_of("a: 1\n---\nb: 2\n", tmp_path)[0].endswith(":3: more than one YAML document ('---'); put "
                                                                  "one plan or scenario per file")


def test_a_folder_is_not_read(tmp_path):
    with pytest.raises(ScenarioError, match=r"not a regular file \(a folder\)"):
        read_yaml(tmp_path)


def read_yaml_data(text: str, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path).data


# --- numbers, by what they mean (the same limits for data that never was YAML) ----------------------------

@pytest.mark.parametrize(("field", "at_limit", "above", "message"), [
    ("horizon", "366d", "367d", "'367d' is longer than the limit of 366d"),
    ("seed", 2**63 - 1, 2**63, "9223372036854775808 is above the limit of 9,223,372,036,854,775,807"),
])
def test_scenario_numbers_at_their_limits(plan, field, at_limit, above, message):
    data = small_data([])
    data.pop("drill")
    scenario_from_dict({**data, field: at_limit}, plan)
    assert message in refused({**data, field: above}, plan)


def test_staff_rates_and_points_at_their_limits(plan):
    data = small_data([{"id": "a", "at": "T+00:05", "channel": "hotline", "message": "Hi",
                        "prompts": [{"id": "p", "kind": "yesno", "step": "emergency_handling", "question": "Q?",
                                     "answer": "yes", "points": limits.MAX_POINTS}]}])
    data["staffing"]["frontline"]["shifts"][0]["staff"] = limits.MAX_STAFF
    data["incidents"][0]["peak_per_hour"] = limits.MAX_RATE_PER_HOUR
    scenario_from_dict(data, plan)
    for path, value, words in [(("staffing", "frontline", "shifts", 0, "staff"), 10_001, "10001 is above the limit of 10,000"),
                               (("staffing", "frontline", "shifts", 0, "staff"), 1e30, "1e+30 is above the limit"),
                               (("incidents", 0, "peak_per_hour"), 1e308, "1e+308 is above the limit of 100,000"),
                               (("drill", "injects", 0, "prompts", 0, "points"), 1000.5, "1000.5 is above the limit of 1,000"),
                               (("drill", "injects", 0, "prompts", 0, "points"), math.inf, "not a finite number"),
                               (("drill", "injects", 0, "prompts", 0, "points"), "nan", "not a finite number")]:
        bad = copy.deepcopy(data)
        node = bad
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert words in refused(bad, plan), path


def test_expected_complaints_are_bounded(plan):
    data = small_data([])
    data.pop("drill")
    data["incidents"] = []
    data["arrivals"]["profile"] = "flat"
    data["arrivals"]["per_hour"] = {"hotline": 1_000_000 / 48 - 1}        # 2 days: just under a million
    scenario_from_dict(data, plan)
    data["arrivals"]["per_hour"] = {"hotline": 1_000_000 / 48 + 1}
    assert "the scenario expects 1,000,048 complaints; the limit is 1,000,000" in refused(data, plan)


def test_people_on_shift_over_the_horizon_are_bounded(plan):
    data = small_data([])
    data.pop("drill")
    data["horizon"] = "100d"
    data["arrivals"]["per_hour"] = {"hotline": 1}
    data["incidents"] = []
    day = {"from": "08:00", "to": "20:00", "staff": 9_990}       # worked on 100 days
    data["staffing"]["frontline"]["shifts"] = [day]
    scenario_from_dict(data, plan)                  # 999 000, and 2 specialists and 1 production each day: 999 300
    data["staffing"]["frontline"]["shifts"] = [{**day, "staff": 10_000}]
    assert "staffing: the rosters put 1,000,300 people on shift over the horizon; the limit is 1,000,000" in \
        refused(data, plan)
    data["staffing"]["frontline"]["shifts"] = [{"from": "00:00", "to": "24:00", "staff": 10_000}]
    scenario_from_dict(data, plan)                                 # round the clock: one long shift each


def test_incident_surge_integral_matches_a_fine_sum(plan):
    data = small_data([])
    data.pop("drill")
    sc = scenario_from_dict(data, plan)
    inc = sc.incidents[0]
    step = 0.01
    fine = sum(inc.peak_per_hour / 60 * inc.rate_multiplier((k + 0.5) * step) * step
               for k in range(int(sc.horizon / step)))
    assert inc.expected(sc.horizon) == pytest.approx(fine, rel=1e-6)
    assert inc.expected(inc.at) == 0 and inc.expected(inc.at + inc.rise) == pytest.approx(inc.peak_per_hour / 60 * 30)


def test_too_many_injects_or_prompts_are_refused_before_they_are_validated(plan):
    injects = [{"id": f"i{k}", "at": "T+00:05", "channel": "hotline", "message": "Hi"}
               for k in range(limits.MAX_INJECTS + 1)]
    assert "drill.injects: 501 entries; at most 500 are accepted" in refused(small_data(injects), plan)
    ten = [{"id": f"i{k}", "at": "T+00:05", "channel": "hotline", "message": "Hi",
            "prompts": [yesno(f"p{k}.{j}") for j in range(100)]} for k in range(10)]
    assert len(scenario_from_dict(small_data(ten), plan).drill.prompts()) == limits.MAX_DRILL_PROMPTS
    ten.append({**ten[0], "id": "one.more", "prompts": [yesno("one.more")]})
    assert "drill.injects: 1,001 prompts in all; at most 1,000 are accepted" in refused(small_data(ten), plan)
    ten[0]["prompts"].append(yesno("too.many"))
    assert "drill.injects[0].prompts: 101 entries; at most 100" in refused(small_data(ten[:1]), plan)


# --- graphs -------------------------------------------------------------------------------------------

def test_find_cycle():
    assert find_cycle({}) is None and find_cycle({"a": [], "b": ["a"]}) is None
    assert find_cycle({"x": ["a"], "a": ["b"], "b": ["a"]}) == ["a", "b", "a"]
    chain = {f"n{i}": [f"n{i + 1}"] for i in range(50_000)}          # long, and no recursion to exhaust
    assert find_cycle(chain) is None
    assert find_cycle({**chain, "n50000": ["n0"]})[-1] == "n0"


def yesno(pid: str) -> dict:
    return {"id": pid, "kind": "yesno", "step": "emergency_handling", "question": "Q?", "answer": "yes"}


def test_branch_cycle_of_three_is_named(plan):
    injects = [{"id": f"i{k}", "at": "T+00:05", "channel": "hotline", "message": "Hi",
                "when": {"missed": f"p{(k + 1) % 3}"}, "prompts": [yesno(f"p{k}")]} for k in range(3)]
    assert "drill.injects[0].when: contingency injects wait on each other in a circle: i0 → i1 → i2 → i0" in \
        refused(small_data(injects), plan)


def test_a_branch_waits_only_on_injects_sent_before_it(plan):
    first = {"id": "first", "at": "T+00:05", "channel": "hotline", "message": "Hi", "prompts": [yesno("p")]}
    waiting = {"id": "waiting", "at": "T+00:05", "channel": "hotline", "message": "Hi", "when": {"missed": "p"}}
    scenario_from_dict(small_data([first, waiting]), plan)       # the same minute, written after: sent after
    assert "drill.injects[0].when.missed: waits on prompt 'p' of inject 'first', which is sent after this one" in \
        refused(small_data([waiting, first]), plan)


def reply(rubric: list[dict]) -> dict:
    return {"id": "r", "kind": "reply", "step": "receive_and_record", "question": "Reply.", "rubric": rubric}


def test_rubric_before_orders_must_not_go_round(plan):
    inject = {"id": "a", "at": "T+00:05", "channel": "hotline", "message": "Hi"}
    ordered = [{"id": "ack", "any": ["sorry"], "before": "fix"}, {"id": "fix", "any": ["refund"]}]
    scenario_from_dict(small_data([{**inject, "prompts": [reply(ordered)]}]), plan)
    itself = [{"id": "ack", "any": ["sorry"], "before": "ack"}]
    assert "rubric[0].before: 'before' orders criteria in a circle: ack → ack" in \
        refused(small_data([{**inject, "prompts": [reply(itself)]}]), plan)


# --- plan paths ---------------------------------------------------------------------------------------

def scenario_file(folder, plan_ref: str):
    text = (DATA / "good_small.yaml").read_text().replace("plan: ../../scenarios/plans/default.yaml", f"plan: {plan_ref}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "s.yaml").write_text(text)
    return folder / "s.yaml"


def test_plan_paths_stay_in_the_scenario_tree_or_the_kits_plans(tmp_path, monkeypatch):
    monkeypatch.delenv("DRILL_PLAN_DIRS", raising=False)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "mine.yaml").write_text(PLAN.read_text())
    assert load_scenario(scenario_file(tmp_path, "plans/mine.yaml")).plan.id
    assert load_scenario(scenario_file(tmp_path / "x", str(PLAN))).plan.id             # the kit's plans
    outside = scenario_file(tmp_path / "x", "../plans/mine.yaml")
    with pytest.raises(ScenarioError, match=r"s\.yaml:3: plan: plan file '\.\./plans/mine\.yaml' is outside the "
                                            r"scenario's folder and the kit's plans folder"):
        load_scenario(outside)
    assert load_scenario(outside, plan_dirs=[tmp_path / "plans"]).plan.id
    monkeypatch.setenv("DRILL_PLAN_DIRS", os.pathsep.join(["/nowhere", str(tmp_path / "plans")]))
    assert load_scenario(outside).plan.id


def test_a_link_cannot_lead_a_plan_out_and_a_plan_must_be_a_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DRILL_PLAN_DIRS", raising=False)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "p.yaml").write_text(PLAN.read_text())
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "p.yaml").symlink_to(tmp_path / "elsewhere" / "p.yaml")
    with pytest.raises(ScenarioError, match="is outside the scenario's folder"):
        load_scenario(scenario_file(tmp_path / "s", "p.yaml"))
    (tmp_path / "s" / "plans").mkdir()
    with pytest.raises(ScenarioError, match=r"plan: plan file 'plans' is not a regular file \(a folder\)"):
        load_scenario(scenario_file(tmp_path / "s", "plans"))
    os.mkfifo(tmp_path / "s" / "pipe.yaml")
    with pytest.raises(ScenarioError, match=r"is not a regular file \(a named pipe\)"):
        load_scenario(scenario_file(tmp_path / "s", "pipe.yaml"))


# --- wording ------------------------------------------------------------------------------------------

def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        assert set(re.findall(r"\{(\w+)", entry["en"])) == set(re.findall(r"\{(\w+)", entry["zh"])), key


def test_problems_print_in_chinese(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("a: .inf\n")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    assert exc.value.text("zh") == f"{path}:1: a：'.inf' 不是有限数值"
    assert exc.value.text("en") == str(exc.value) == f"{path}:1: a: '.inf' is not a finite number"
