"""Live command drill: decisions steer the running model; scored on timeliness, proportion and outcome."""
import pytest

from sim.drill.command import CommandDrill, autoplay

ALL_ACTIONS = ["crisis_command", "reserve_call_in", "proactive_notice", "self_service", "extended_hours"]


def _play(scenario, late_steps=0, call_in=0, seed=None):
    drill = CommandDrill(scenario, "Trainee", seed=seed)
    result = autoplay(drill, late_steps, ALL_ACTIONS, ("specialist", call_in) if call_in else None)
    return drill, result


@pytest.fixture(scope="module")
def on_time(flagship):
    return _play(flagship)


def test_same_seed_same_decisions_same_outcome(flagship, on_time):
    _, first = on_time
    _, again = _play(flagship)
    assert again.kpis == first.kpis and again.score == first.score and again.decisions == first.decisions


def test_by_the_book_meets_more_targets_than_no_action(on_time):
    _, result = on_time
    assert result.targets_met["by_the_book"] > result.targets_met["no_action"]
    assert result.kpis["by_the_book"]["abandon_rate"] < result.kpis["no_action"]["abandon_rate"]


def test_late_activation_scores_lower_and_says_by_how_much(flagship, on_time):
    _, prompt = on_time
    _, late = _play(flagship, late_steps=4)
    assert late.parts["timeliness"] < prompt.parts["timeliness"]
    row = late.timeliness[0]
    minutes = round(row["late_min"])
    assert minutes >= 4 * 30 - 30
    text = late.summary()
    assert f"({minutes} min)" in text and "late" in text
    assert row["held_clock"] in text
    zh = CommandDrill(flagship, "学员", language="zh")
    assert "指挥演练得分" in late.summary("zh") and zh.language == "zh"


def test_never_activating_scores_zero_timeliness(flagship):
    drill = CommandDrill(flagship, "Idle", duration="6h")
    while not drill.finished:
        drill.advance()
    result = drill.finish()
    assert result.parts["timeliness"] == 0
    assert any("never activated" in line for line in result.feedback)


def test_decisions_take_effect_after_the_plans_delay(flagship):
    drill = CommandDrill(flagship, "T", duration="4h")
    drill.advance()
    before = drill.centre.teams["specialist"].on_duty
    decision = drill.decide("call_in", team="specialist", n=3)
    assert decision.effective_min == pytest.approx(drill.now + flagship.plan.activation.actions.reserve_call_in.delay)
    while drill.now < decision.effective_min + 1:
        drill.advance()
    board = drill.dashboard()
    spec = next(s for s in board.teams if s.team == "specialist")
    assert spec.on_duty >= before + 3 - 1 and spec.reserve_left == flagship.staffing["specialist"].reserve - 3
    with pytest.raises(ValueError, match="unknown decision"):
        drill.decide("panic")
    with pytest.raises(ValueError, match="reserve staff left"):
        drill.decide("call_in", team="specialist", n=99)
    drill.decide("activate", actions=["proactive_notice"])
    with pytest.raises(ValueError, match="already active"):
        drill.decide("activate")


def test_dashboard_shows_the_surge(flagship):
    drill = CommandDrill(flagship, "T")
    boards = [drill.advance() for _ in range(8)]
    last = boards[-1]
    assert sum(last.arrivals_last_hour.values()) > 2 * sum(last.baseline_last_hour.values())
    assert last.public_attention > last.attention_threshold and last.triggers["public_attention"]
    assert {s.team for s in last.teams} == set(flagship.staffing)
    assert last.clock.endswith(("00", "30"))


def test_bad_interval_is_a_clear_error(flagship):
    with pytest.raises(ValueError, match="decision_interval"):
        CommandDrill(flagship, "T", decision_interval="soon")


def test_command_app_widgets_drive_a_drill(flagship):
    from sim.ui.command_drill import CommandApp
    app = CommandApp(flagship, "Widget trainee", duration="3h")
    assert app.plot.value[:8] == b"\x89PNG\r\n\x1a\n"
    first_png = app.plot.value
    app.advance_button.click()
    app.advance_button.click()
    assert app.plot.value != first_png and "Time" in app.status.value
    app.team.value = "frontline"
    app.count.value = 2
    app.call_in_button.click()
    assert "takes effect at" in app.message.value
    app.count.value = 99
    app.call_in_button.click()
    assert "reserve staff left" in app.message.value        # an error shown, not raised
    app.activate_button.click()
    assert app.drill.centre.activation is not None and app.drill.centre.activation.by == "trainee"
    while not app.drill.finished:
        app.advance_button.click()
    assert app.advance_button.disabled and "Command drill score" in app.result.value


def test_command_app_in_chinese(flagship):
    from sim.ui.command_drill import CommandApp
    app = CommandApp(flagship, "学员", language="zh", duration="1h")
    assert "推进" in app.advance_button.description and "时间" in app.status.value
    app.finish_button.click()
    assert "指挥演练得分" in app.result.value
