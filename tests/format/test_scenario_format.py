"""The plan and scenario formats: what ships validates, the plan encodes the reference rules, values are
typed and immutable, and the formats round-trip."""
import json
import re

import pytest
from support import DATA, SCENARIOS, run_cli

from sim import ScenarioError, load_scenario
from sim.format.load import scenario_from_dict
from sim.format.units import format_duration, parse_clock, parse_duration, parse_scenario_clock
from sim.format.vocabulary import ACTION_KINDS, STEP_IDS
from sim.format.yamlio import read_yaml
from sim.rules import route_for


def test_check_passes_on_everything_shipped():
    result = run_cli("check", "scenarios/")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert any("product_defect_surge.yaml: OK" in line and "expected arrivals" in line for line in lines)
    assert any("plans/default.yaml: OK" in line for line in lines)


def test_default_plan_encodes_the_reference(plan):
    assert list(plan.roles) == ["frontline", "specialist", "crisis_group", "tech_support", "marketing_pr",
                                "production", "logistics"]
    assert plan.roles["crisis_group"].name.zh.startswith("客诉处理小组")
    sync = {k for k, c in plan.channels.items() if c.synchronous}
    public = {k for k, c in plan.channels.items() if c.public}
    assert sync == {"hotline", "chat"} and public == {"social_media"}
    assert set(plan.categories) == {"product_quality", "service_attitude", "logistics", "service_outage",
                                    "billing", "data_privacy", "other"}
    assert all(len(c.measures) >= 1 for c in plan.categories.values())
    assert tuple(plan.steps) == STEP_IDS
    # routing: minor frontline; moderate specialist + departments; major also PR and crisis group
    assert route_for(plan, "minor", "logistics") == ("frontline", (), ())
    assert route_for(plan, "moderate", "logistics") == ("specialist", ("logistics",), ())
    assert route_for(plan, "major", "product_quality") == ("specialist", ("production", "marketing_pr"),
                                                          ("crisis_group",))
    assert "crisis_group" in route_for(plan, "minor", "data_privacy")[2]   # data leaks: crisis group at once
    assert plan.categories["data_privacy"].minimum_severity == "major"
    tg = plan.targets
    assert tg.first_response_all == 24 * 60
    assert dict(tg.first_response) == {"major": 60, "moderate": 240, "minor": 1440}
    assert tg.crisis_group_notification == 30
    assert dict(tg.resolution) == {"major": 1440, "moderate": 72 * 60, "minor": 5 * 1440}
    trig = plan.activation.triggers
    assert trig.surge.window == 60 and trig.surge.multiple_of_baseline == 3
    assert trig.public_attention.threshold > 0 and trig.outage.name.zh
    assert set(plan.activation.default_actions) == set(ACTION_KINDS)
    assert all(getattr(plan.activation.actions, a).delay > 0 for a in ACTION_KINDS)
    assert plan.satisfaction.target == 0.9 and plan.satisfaction.baseline == 0.75
    assert plan.drills.per_year >= 1
    critical = {f for f, spec in plan.flags.items() if spec.critical}
    assert critical == {"privacy_leak", "unauthorised_promise", "blame", "unsafe_advice"}
    assert plan.kpi_targets["satisfaction"].met(0.91) and not plan.kpi_targets["satisfaction"].met(0.89)
    assert plan.kpi_targets["abandon_rate"].met(0.05) and not plan.kpi_targets["abandon_rate"].met(0.2)
    assert plan.drills.ratings.rate(0.9) == "P" and plan.drills.ratings.rate(0.1) == "U"


def test_flagship_reads_as_expected(flagship):
    assert flagship.horizon == 3 * 1440
    assert flagship.start.weekday() == 0
    inc = flagship.incidents[0]
    assert inc.at == 600 and inc.public_attention == 10.0
    assert inc.rate_multiplier(600) == 0 and inc.rate_multiplier(600 + 180) == pytest.approx(1.0)
    assert inc.rate_multiplier(600 + 300 + 720) == pytest.approx(0.3679, abs=1e-3)
    assert flagship.languages() == ("en", "zh")
    assert len(flagship.drill.injects) >= 4
    assert any(inj.when is not None for inj in flagship.drill.injects)
    assert flagship.service_times["specialist"].get("resolve", "product_quality").mean == 20
    assert flagship.service_times["specialist"].get("resolve", "billing").mean == 60
    night = flagship.staffing["specialist"].shifts[1]
    assert night.length == 12 * 60        # 20:00 to 08:00 runs overnight
    assert 2000 < flagship.expected_arrivals() < 3500


def test_objects_are_immutable(flagship):
    from pydantic import ValidationError
    with pytest.raises(ValidationError):
        flagship.seed = 3
    with pytest.raises(TypeError):
        flagship.staffing["frontline"] = None
    with pytest.raises(TypeError):
        flagship.arrivals.per_hour["hotline"] = 99
    hash(flagship.incidents[0])


def test_model_dump_round_trips(flagship, plan):
    data = flagship.model_dump(mode="json", by_alias=True)
    again = scenario_from_dict(data, plan)
    assert again == flagship
    assert again.content_hash() == flagship.content_hash()
    data["drill"]["injects"][0]["prompts"][3]["rubric"][0]["weight"] = 5
    assert scenario_from_dict(data, plan).content_hash() != flagship.content_hash()


@pytest.mark.parametrize("text,minutes", [("90s", 1.5), ("30min", 30), ("4h", 240), ("2d", 2880),
                                          ("1h30min", 90), ("1.5h", 90), ("0", 0), ("2 days", 2880)])
def test_durations(text, minutes):
    assert parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize("bad", ["", "h", "3x", "-2h", 5, True, None, "4h later"])
def test_bad_durations(bad):
    with pytest.raises(ValueError):
        parse_duration(bad)


def test_clock_times():
    assert parse_clock("08:00") == 480 and parse_clock("24:00") == 1440
    for bad in ("25:00", "8", "08:60", "24:01", 800):
        with pytest.raises(ValueError):
            parse_clock(bad)
    assert parse_scenario_clock("T+01:30") == 90 and parse_scenario_clock("T+00:05:30") == 5.5
    assert parse_scenario_clock("45min") == 45
    assert format_duration(90) == "1h30min" and format_duration(2880) == "2d"


def test_yaml_12_scalars(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("a: yes\nb: no\nc: 16:00\nd: on\ne: true\nf: 010\ng: 1.5\nh: ~\n")
    data = read_yaml(f).data
    assert data == {"a": "yes", "b": "no", "c": "16:00", "d": "on", "e": True, "f": 10, "g": 1.5, "h": None}


def test_plain_string_text_goes_to_its_language(tmp_path, plan):
    data = (DATA / "good_small.yaml").read_text().replace('title: {en: "A small scenario", zh: "一个小情景"}',
                                                         'title: "只有中文标题"')
    data = data.replace("plan: ../../scenarios", f"plan: {SCENARIOS.parent}/scenarios")
    f = tmp_path / "zh.yaml"
    f.write_text(data)
    sc = load_scenario(f)
    assert sc.title.zh == "只有中文标题" and sc.title.en is None
    assert sc.title.get("en") == "只有中文标题"    # falls back rather than showing nothing


def test_schema_command_prints_json_schema():
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert {"arrivals", "incidents", "staffing", "service_times", "drill", "plan"} <= set(schema["properties"])
    assert "Duration" not in schema["$defs"]          # durations are described inline as strings
    inject = schema["$defs"]["Inject"]["properties"]
    # a clock after the start is a string ('T+00:05', '30min') or a bare 0
    assert "from" in inject and {"type": "string"} in inject["at"]["anyOf"] and {"const": 0} in inject["at"]["anyOf"]
    plan_schema = json.loads(run_cli("schema", "--plan").stdout)
    assert "activation" in plan_schema["properties"]


def test_branch_must_depend_on_an_earlier_prompt(tmp_path):
    text = (DATA / "good_small.yaml").read_text().replace('at: "T+00:30"', 'at: "T+00:01"')
    text = text.replace("plan: ../../scenarios", f"plan: {SCENARIOS.parent}/scenarios")
    f = tmp_path / "late.yaml"
    f.write_text(text)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    assert "a branch can only depend on earlier prompts" in str(exc.value)
    assert re.match(rf"{re.escape(str(f))}:\d+: drill.injects\[1\].when.missed: ", str(exc.value))


def test_tables_in_both_languages(plan, flagship):
    from sim.reports.tables import plan_tables, scenario_tables
    for build, obj in ((plan_tables, plan), (scenario_tables, flagship)):
        en, zh = build(obj, "en"), build(obj, "zh")
        assert en.keys() == zh.keys()
        for name in en:
            assert len(en[name]) == len(zh[name]) > 0, name
            assert list(en[name].columns) != list(zh[name].columns), name
    drill = scenario_tables(flagship, "en")["drill"].to_string()
    assert "product_quality" not in drill and "reply" not in drill.lower().split()  # no answers shown


def _leaks_and_parcels(plan, *, staffed=("frontline", "specialist", "tech_support", "marketing_pr", "crisis_group")):
    """Data leaks (always major, by their category's floor) and minor parcel complaints."""
    shifts = {"shifts": [{"from": "08:00", "to": "20:00", "staff": 2}]}
    times = {"frontline": {"intake": {"fixed": "5min"}}, "specialist": {"resolve": {"fixed": "30min"}},
             "tech_support": {"consult": {"fixed": "10min"}}, "marketing_pr": {"consult": {"fixed": "10min"}},
             "crisis_group": {"review": {"fixed": "10min"}}, "logistics": {"consult": {"fixed": "10min"}}}
    return {"id": "floors", "title": "Floors", "plan": "plans/default.yaml", "start": "2026-03-02T08:00",
            "horizon": "1d", "seed": 1,
            "arrivals": {"per_hour": {"hotline": 10}, "categories": {"data_privacy": 0.1, "logistics": 0.9},
                         "severity": {"default": {"minor": 1}}},
            "staffing": {team: shifts for team in staffed}, "service_times": {team: times[team] for team in staffed}}


def test_a_category_floor_raises_its_own_complaints_only(plan):
    # Parcel complaints are all minor, so the logistics department is never consulted: it need not be staffed,
    # though data leaks (another category) are major and a major parcel complaint would consult it.
    assert route_for(plan, "major", "logistics")[1] == ("logistics", "marketing_pr")
    scenario = scenario_from_dict(_leaks_and_parcels(plan), plan)
    assert "logistics" not in scenario.teams
    # The leaks themselves are raised to major: the crisis group reviews them, so it must be staffed.
    data = _leaks_and_parcels(plan, staffed=("frontline", "specialist", "tech_support", "marketing_pr"))
    with pytest.raises(ScenarioError, match="no staffing for 'crisis_group', which the plan routes major "
                                            "data_privacy complaints to"):
        scenario_from_dict(data, plan)


@pytest.mark.parametrize("path", sorted(SCENARIOS.rglob("*.yaml")), ids=lambda p: p.name)
def test_the_quick_reader_gives_the_same_data_and_lines(path):
    """read_yaml(quick=True) (libyaml, for the library's headers) must read exactly what the full reader does,
    YAML 1.2 rules included (yes/no stay words, 16:00 stays a time)."""
    full, quick = read_yaml(path), read_yaml(path, quick=True)
    assert quick.data == full.data
    assert quick.lines == full.lines


def test_the_quick_reader_keeps_yaml_1_2_rules(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("a: yes\nb: 16:00\nc: 0o7\nd: ~\ne: true\nf: 1.5\n", encoding="utf-8")
    assert read_yaml(f, quick=True).data == read_yaml(f).data == {"a": "yes", "b": "16:00", "c": 7, "d": None,
                                                                  "e": True, "f": 1.5}
