"""Live command drill: decisions steer the running model; scored on timeliness, proportion and outcome."""
import re

import pytest

from sim.drill.command import CommandDrill, autoplay, proportion_score
from sim.staffing.reserve import ReserveGuidance

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
    drill, idle = CommandDrill(flagship, "T", duration="4h"), CommandDrill(flagship, "Idle", duration="4h")
    drill.advance()
    decision = drill.decide("call_in", team="specialist", n=3)
    assert decision.effective_min == pytest.approx(drill.now + flagship.plan.activation.actions.reserve_call_in.delay)
    while drill.now < decision.effective_min + 1:
        drill.advance()
        idle.advance()
    board = drill.dashboard()
    spec = next(s for s in board.teams if s.team == "specialist")
    # (The drill opens at 18:30 now: the day shift leaves at 20:00 as the reserve joins, so on-duty numbers
    # would mix both; the model's own log says when the three joined.)
    assert (pytest.approx(decision.effective_min), "reserve_joined", "specialist+3") in drill.centre.events
    assert not any(kind == "reserve_joined" for _, kind, _ in idle.centre.events)
    assert spec.reserve_left == flagship.staffing["specialist"].reserve - 3
    with pytest.raises(ValueError, match="unknown decision"):
        drill.decide("panic")
    with pytest.raises(ValueError, match="the reserve holds 6, 3 already called in.*cannot call in 99 more"):
        drill.decide("call_in", team="specialist", n=99)
    drill.decide("activate", actions=["proactive_notice"])
    with pytest.raises(ValueError, match="already active"):
        drill.decide("activate")


def _frontline_left(drill):
    return next(s.reserve_left for s in drill.dashboard().teams if s.team == "frontline")


def test_a_call_beyond_the_pool_is_refused_counting_the_plan_activations_call_in(flagship):
    """The old drill let 9 more be called after the activation had called all 12 (and scored 21)."""
    assert flagship.staffing["frontline"].reserve == 12
    for lang, expected in (("en", "Customer service department: the reserve holds 12, 12 already called in"),
                           ("zh", "客户服务部：后备人员共 12 名，已调配 12 名")):
        drill = CommandDrill(flagship, "T", duration="2h", language=lang)
        drill.advance()
        drill.decide("activate")                      # the plan's default actions call in the whole reserve
        assert drill.reserve_committed("frontline") == 12 and _frontline_left(drill) == 0
        with pytest.raises(ValueError) as refused:
            drill.decide("call_in", team="frontline", n=9)
        message = str(refused.value)
        assert message.startswith(expected) and "\n" not in message
        if lang == "zh":
            assert not re.search("[A-Za-z]", message)  # no English, no team id
        with pytest.raises(ValueError):
            drill.decide("call_in", team="frontline", n=0)


def test_call_ins_before_the_activation_leave_it_the_rest_of_the_pool(flagship):
    drill = CommandDrill(flagship, "T", duration="4h")
    drill.advance()
    drill.decide("call_in", team="frontline", n=9)
    assert _frontline_left(drill) == 3
    drill.decide("activate")
    assert drill.reserve_committed("frontline") == 12 and _frontline_left(drill) == 0
    with pytest.raises(ValueError, match="cannot call in 1 more"):
        drill.decide("call_in", team="frontline", n=1)
    while drill.now < drill.centre.activation.at + flagship.plan.activation.actions.reserve_call_in.delay + 1:
        drill.advance()
    assert drill.centre.teams["frontline"].reserve_left == 0      # the centre called exactly the pool
    assert drill.finish().reserve_called == 12


def test_the_command_drill_and_the_trainee_drill_agree_on_the_reserve(flagship, on_time):
    _, result = on_time
    prompt = next(p for inj in flagship.drill.injects for p in inj.prompts if p.id == "reserve")
    accept = (prompt.accept.min, prompt.accept.max)
    assert accept == (9, 12)
    guide = CommandDrill(flagship, "T", duration="1h").reserve_guidance
    assert (guide.fewest, guide.most) == accept
    assert tuple(result.reserve_range) == accept and result.reserve_suggested == 9
    assert result.reserve_called == 12 and result.parts["proportion"] == 20
    assert any("reserve rule: 9 to 12 of 12" in line for line in result.feedback)
    assert not hasattr(CommandDrill, "suggested_reserve")        # one rule, not a second model


def test_proportion_is_full_inside_the_reserve_rule_and_falls_a_fifth_per_person_outside():
    g = ReserveGuidance(fewest=9, most=12)
    assert [proportion_score(n, g) for n in (9, 12)] == [20.0, 20.0]
    assert proportion_score(8, g) == pytest.approx(16.0) and proportion_score(13, g) == pytest.approx(16.0)
    assert proportion_score(5, g) == pytest.approx(4.0) and proportion_score(4, g) == 0.0
    assert proportion_score(0, ReserveGuidance(fewest=0, most=3)) == 20.0


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
    assert "cannot call in 99 more" in app.message.value    # an error shown, not raised
    app.activate_button.click()                            # nothing ticked: the duty manager must choose
    assert app.drill.centre.activation is None and "tick at least one action" in app.message.value
    app.defaults_button.click()
    app.activate_button.click()
    assert app.drill.centre.activation is not None and app.drill.centre.activation.by == "trainee"
    assert app.drill.centre.activation.actions == tuple(a for a in app.actions
                                                        if a in flagship.plan.activation.default_actions)
    while not app.drill.finished:
        app.advance_button.click()
    assert app.advance_button.disabled and "Command drill score" in app.result.value
    # the drill is over: no decision can be changed any more, the action boxes included
    assert all(box.disabled for box in app.actions.values())
    assert app.activate_button.disabled and app.defaults_button.disabled and app.call_in_button.disabled


def test_command_app_in_chinese(flagship):
    from sim.i18n.fonts import plot_language
    from sim.ui.command_drill import CommandApp
    app = CommandApp(flagship, "学员", language="zh", duration="1h")
    assert "推进" in app.advance_button.description and "时间" in app.status.value
    legend = app._charts.lines["queue.frontline"].get_label()  # a team's name, never its id
    assert legend == flagship.plan.label("roles", "frontline", plot_language("zh")) != "frontline"
    app.finish_button.click()
    assert "指挥演练得分" in app.result.value
