"""Every malformed file gets a one-line message naming file, line and field, exit 2 and no traceback."""
import pytest
from support import DATA, run_cli

from sim.cli import main

BAD = DATA / "bad"

# file -> (line, field path, words the message must contain)
EXPECTED = {
    "answer_not_option": (47, "drill.injects[0].prompts[0].answer", "'trivial' is not among the options"),
    "bad_clock": (26, "staffing.specialist.shifts[0].to", "'25:00' is not a valid clock time"),
    "bad_duration": (18, "incidents[0].rise", "'1 fortnight' is not a duration"),
    "bad_inject_clock": (54, "drill.injects[1].at", "'T+00:75' is not a valid scenario clock time"),
    "branch_unknown_option": (56, "drill.injects[1].when.missed", "'logistics' is not an option of prompt 'notify'"),
    "dangling_branch": (56, "drill.injects[1].when.missed", "unknown prompt 'notfy'; did you mean 'notify'?"),
    "duplicate_key": (7, "seed", "duplicate key 'seed' (first given on line 6)"),
    "duration_without_unit": (19, "incidents[0].decay", "6 needs a unit"),
    "empty": (1, "", "the file is empty"),
    "incident_after_horizon": (15, "incidents[0].at", "after the horizon (2d)"),
    "missing_field": (1, "start", "required field is missing"),
    "missing_plan_file": (3, "plan", "plan file '../../../scenarios/plans/nope.yaml' not found"),
    "mix_not_summing": (10, "arrivals.categories", "shares must sum to 1, but 0.6 + 0.3 = 0.9"),
    "negative_rate": (8, "arrivals.per_hour.email", "is negative"),
    "not_a_mapping": (1, "", "expected a mapping of fields at the top"),
    "patience_async_channel": (35, "patience.email", "email is not synchronous"),
    "python_tag": (6, "seed", "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "syntax_error": (9, "", "YAML syntax error"),
    "unknown_channel": (8, "arrivals.per_hour.hotlne", "unknown channel 'hotlne'; did you mean 'hotline'?"),
    "unknown_key": (5, "horizn", "unknown key 'horizn'; did you mean 'horizon'?"),
    "unknown_role": (27, "staffing.prodution", "unknown role 'prodution'; did you mean 'production'?"),
    "unknown_step": (45, "drill.injects[0].prompts[0].step", "did you mean 'receive_and_record'?"),
    "unstaffed_route": (22, "staffing", "no staffing for 'production'"),
    "wrong_type": (6, "seed", "valid integer"),
    "yesno_answer": (63, "drill.injects[1].prompts[0].answer", "needs answer 'yes' or 'no', got 'maybe'"),
}


def test_every_bad_file_has_an_expectation():
    files = {p.stem for p in BAD.glob("*.yaml")}
    assert len(files) >= 15
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_message_names_file_line_and_field(name, capsys):
    line, field, words = EXPECTED[name]
    path = f"tests/data/bad/{name}.yaml"
    assert main(["check", path]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    prefix = f"{path}:{line}: " + (f"{field}: " if field else "")
    matching = [m for m in err.splitlines() if m.startswith(prefix)]
    assert matching, f"no message starting {prefix!r} in:\n{err}"
    assert any(words in m for m in matching), err


def test_python_tag_is_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "evil.yaml"
    bad.write_text(f'id: x\nplan: p.yaml\nseed: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert main(["check", str(bad)]) == 2
    assert not marker.exists()


def test_cli_on_whole_bad_folder_exits_2_without_traceback():
    result = run_cli("check", "tests/data/bad")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for name in EXPECTED:
        assert f"tests/data/bad/{name}.yaml:" in result.stderr
    assert f"{len(EXPECTED)} of {len(EXPECTED)} files have problems" in result.stderr


def test_missing_path_is_a_one_line_error():
    result = run_cli("check", "no/such/dir")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[0] == "no/such/dir: no such file or folder"


def test_several_problems_reported_at_once(tmp_path):
    text = (DATA / "good_small.yaml").read_text()
    text = text.replace("horizon: 2d", "horizn: 2d").replace("seed: 7", "seed: seven")
    text = text.replace("plan: ../../scenarios", f"plan: {DATA.parent.parent}/scenarios")
    f = tmp_path / "two.yaml"
    f.write_text(text)
    from sim import ScenarioError, load_scenario
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    fields = {p.field for p in exc.value.problems}
    assert {"horizn", "seed", "horizon"} <= fields
