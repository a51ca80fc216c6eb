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


# --- ids: every id the format accepts fits the results store (its id columns are 200 characters) ----------

def choice_with(option: str) -> dict:
    return {"id": "p", "kind": "choice", "step": "receive_and_record", "question": "Q?",
            "options": [{"id": option, "text": "A"}, {"id": "b", "text": "B"}], "answer": "b"}


def reply_with(criterion: str, must_not: str) -> dict:
    return {"id": "r", "kind": "reply", "step": "receive_and_record", "question": "Reply.",
            "rubric": [{"id": criterion, "any": ["sorry"]}],
            "must_not": [{"id": must_not, "flag": "blame", "any": ["your fault"]}]}


def with_ids(n: int, where: str) -> dict:
    """A valid small scenario whose id at ``where`` has ``n`` characters."""
    long = "x" * n
    prompts = {"prompt": [{**yesno(long)}], "option": [choice_with(long)],
               "criterion": [reply_with(long, "m")], "must_not": [reply_with("c", long)]}.get(where, [yesno("p")])
    data = small_data([{"id": long if where == "inject" else "i", "at": "T+00:05", "channel": "hotline",
                        "message": "Hi", "prompts": prompts}])
    if where == "scenario":
        data["id"] = long
    if where == "incident":
        data["incidents"][0]["id"] = long
    return data


ID_FIELDS = {"scenario": "id", "inject": "drill.injects[0].id", "prompt": "drill.injects[0].prompts[0].id",
             "option": "drill.injects[0].prompts[0].options[0].id",
             "criterion": "drill.injects[0].prompts[0].rubric[0].id",
             "must_not": "drill.injects[0].prompts[0].must_not[0].id", "incident": "incidents[0].id"}


def test_every_id_the_format_accepts_fits_the_stores_columns():
    from sim.store import schema
    columns = [schema.attempts.c.scenario_id, schema.assignments.c.scenario_id, schema.command_results.c.scenario_id,
               schema.answers.c.prompt_id, schema.drafts.c.prompt_id, schema.overrides.c.prompt_id,
               schema.cohort_members.c.role]
    assert min(column.type.length for column in columns) >= limits.MAX_ID_CHARS == 100


@pytest.mark.parametrize("where", sorted(ID_FIELDS))
def test_ids_have_at_most_100_characters(plan, where):
    scenario_from_dict(with_ids(100, where), plan)
    assert refused(with_ids(101, where), plan) == (f"<scenario>: {ID_FIELDS[where]}: the id '{'x' * 38}… has 101 "
                                                   "characters; an id may have at most 100 (it is stored with every "
                                                   "answer and shown in scorecards)")      # one line: the id cut short


def test_a_long_id_is_reported_at_its_line_in_both_languages(tmp_path):
    text = (DATA / "good_small.yaml").read_text().replace("plan: ../../scenarios/plans/default.yaml", f"plan: {PLAN}")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("- id: severity", "- id: " + "s" * 254))      # line 43
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert [p.line for p in exc.value.problems] == [43]
    assert exc.value.text("en").startswith(f"{path}:43: drill.injects[0].prompts[0].id: the id 'sss")
    assert exc.value.text("en").endswith("… has 254 characters; an id may have at most 100 (it is stored with every "
                                         "answer and shown in scorecards)")
    assert exc.value.text("zh").endswith("… 长 254 个字符，超过上限 100 个（标识随每个作答保存并显示在成绩单中）")


def test_team_ids_are_bounded_in_the_plan_and_the_scenario(plan):
    from sim.format.load import validate_document
    from sim.format.plan import Plan
    from sim.format.yamlio import LinedDocument

    def plan_with_role(n: int) -> dict:
        data = read_yaml(PLAN).data
        return {**data, "roles": {**data["roles"], "r" * n: {"name": "R", "does": "D"}}}

    assert "r" * 100 in validate_document(Plan, LinedDocument("plan.yaml", plan_with_role(100), {})).roles
    with pytest.raises(ScenarioError, match=r"^plan\.yaml: roles\.r{101}: the id 'r+… has 101 characters"):
        validate_document(Plan, LinedDocument("plan.yaml", plan_with_role(101), {}))
    data = small_data([])
    data["staffing"] = {**data["staffing"], "t" * 101: data["staffing"]["frontline"]}
    assert "staffing.tttttttttt" in refused(data, plan) and "has 101 characters" in refused(data, plan)


# --- measured service times: the limit a trainer meets, and what to do about it ---------------------------

def service_times_yaml(n: int) -> str:
    times = ", ".join(f"{4 + k % 7}min" for k in range(n))
    return f"service_times:\n  frontline:\n    intake:\n      empirical: [{times}]\n"


def test_a_long_empirical_list_is_told_to_sample_or_fit(tmp_path):
    assert problems_of(service_times_yaml(limits.MAX_ENTRIES), tmp_path) == []
    [line] = problems_of(service_times_yaml(limits.MAX_ENTRIES + 1), tmp_path)
    assert line == (f"{tmp_path / 't.yaml'}:4: service_times.frontline.intake.empirical: more than 10,000 measured "
                    "times; keep a random sample of up to 10,000 (it keeps their spread), or summarise them as a "
                    "distribution, e.g. lognormal with their mean and cv (standard deviation / mean)")
    path = tmp_path / "t.yaml"
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    assert "随机抽取不超过 10,000 个" in exc.value.text("zh") and "lognormal" in exc.value.text("zh")


def test_an_empirical_list_given_as_data_gets_the_same_advice():
    from pydantic import ValidationError

    from sim.format.distributions import Dist
    assert len(Dist.model_validate({"empirical": ["5min"] * limits.MAX_ENTRIES}).empirical) == limits.MAX_ENTRIES
    with pytest.raises(ValidationError) as exc:
        Dist.model_validate({"empirical": ["5min"] * (limits.MAX_ENTRIES + 1)})
    message = exc.value.errors()[0]["msg"]
    assert message.startswith("10,001 measured times; at most 10,000 are accepted: keep a random sample of up to 10,000")
    assert "lognormal" in message


def test_a_file_too_big_says_how_to_make_it_fit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * limits.MAX_FILE_BYTES + "\n")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    assert str(exc.value) == (f"{path}: the file is 524,292 bytes; the limit is 524,288 bytes (long lists of measured "
                              "times under 'empirical': keep a random sample of up to 10,000 each, or summarise them "
                              "as a distribution, e.g. lognormal with their mean and cv)")
    assert "每个随机抽取不超过 10,000 个" in exc.value.text("zh")


def test_text_given_directly_is_measured_in_bytes_like_a_file(tmp_path):
    chinese = "a: 1\n#" + "中" * (limits.MAX_FILE_BYTES // 3 - 2)      # a comment: 524,286 bytes, fits
    assert read_yaml(tmp_path / "x.yaml", text=chinese).data == {"a": 1}
    with pytest.raises(ScenarioError, match="the file is 524,289 bytes; the limit is 524,288 bytes"):
        read_yaml(tmp_path / "x.yaml", text=chinese + "中")             # under the limit in characters


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

def test_the_guide_quotes_the_limits_table():
    """scenarios/README.md's Limits table is GUIDE_TABLE, row for row (it was pasted from it)."""
    lines = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| what | at most |")
    assert lines[start + 1] == "|---|---|"
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(tuple(cell.strip() for cell in line.strip().strip("|").split(" | ")))
    assert rows == [tuple(row) for row in limits.GUIDE_TABLE]


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        en, zh = set(re.findall(r"\{(\w+)", entry["en"])), set(re.findall(r"\{(\w+)", entry["zh"]))
        # Only the system's own English text (an OS or YAML error, its reason) may be left out of the
        # Chinese, which says the same in Chinese instead.
        assert zh <= en and en - zh <= {"error", "reason"}, key


def test_problems_print_in_chinese(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("a: .inf\n")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    assert exc.value.text("zh") == f"{path}:1: a：'.inf' 不是有限数值"
    assert exc.value.text("en") == str(exc.value) == f"{path}:1: a: '.inf' is not a finite number"
