"""DrillSession: clock order, contingency injects, validation, storing before scoring, timing, resume,
rescoring."""
import pytest
from support import DATA
from support.drill import perfect_answers, small_scenario

from sim.drill.scoring import AnswerError
from sim.drill.session import (
    AlreadyAnswered,
    DrillOver,
    DrillSession,
    NotNextPrompt,
    SessionError,
    UnknownPrompt,
    rescore,
)
from sim.store.results import Store


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'drills.sqlite'}")


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def yesno(pid, answer="yes"):
    return {"id": pid, "kind": "yesno", "step": "emergency_handling", "question": {"en": f"{pid}?"},
            "answer": answer}


def inject(iid, at, prompts, when=None):
    out = {"id": iid, "at": at, "channel": "internal", "message": {"en": f"message {iid}", "zh": f"消息 {iid}"},
           "prompts": prompts}
    if when is not None:
        out["when"] = when
    return out


def walk(session, answers):
    """Answer prompts as they come; return the ids in the order presented."""
    seen = []
    while (p := session.next_prompt()) is not None:
        seen.append(p.id)
        session.answer(p.id, answers[p.id])
    return seen


def test_injects_are_walked_in_scenario_clock_order(plan, store):
    sc = small_scenario(plan, [inject("late", "T+00:30", [yesno("b")]), inject("early", "T+00:05", [yesno("a")]),
                               inject("same-minute", "T+00:30", [yesno("c")])])
    s = DrillSession(sc, "Ann", store=store)
    first = s.next_prompt()
    assert (first.id, first.inject.id, first.inject.clock) == ("a", "early", "T+00:05")
    assert walk(s, {"a": "yes", "b": "yes", "c": "yes"}) == ["a", "b", "c"]


@pytest.mark.parametrize("notify, sent", [(["production"], False), (["crisis_group"], True), ([], True),
                                          (["crisis_group", "production"], False)])
def test_missed_option_sends_the_contingency_inject(store, notify, sent):
    from sim import load_scenario
    sc = load_scenario(DATA / "good_small.yaml")     # follow-up inject when: {missed: notify.production}
    s = DrillSession(sc, "Ann", store=store)
    seen = walk(s, {"severity": "minor", "notify": notify, "escalate": "yes"})
    assert ("escalate" in seen) is sent
    card = s.finish()
    assert ("escalate" in [p.prompt_id for p in card.prompts]) is sent


def _branching(plan, when):
    return small_scenario(plan, [
        inject("first", "T+00:05", [{"id": "sev", "kind": "choice", "step": "receive_and_record",
                                     "options": ["minor", "moderate", "major"], "answer": "major",
                                     "partial": {"moderate": 0.5}},
                                    yesno("activate"),
                                    {"id": "who", "kind": "multi", "step": "emergency_handling", "question": "Who?",
                                     "options": ["crisis_group", "production", "logistics"],
                                     "required": ["crisis_group"]}]),
        inject("contingency", "T+00:20", [yesno("later")], when=when)])


@pytest.mark.parametrize("when, answers, sent", [
    ({"missed": "sev"}, {"sev": "moderate"}, True),            # less than full marks
    ({"missed": "sev"}, {"sev": "major"}, False),
    ({"missed": "sev.major"}, {"sev": "minor"}, True),
    ({"missed": "who.production"}, {"who": ["crisis_group"]}, True),
    ({"answered": {"prompt": "activate", "is": "no"}}, {"activate": "no"}, True),
    ({"answered": {"prompt": "activate", "is": "no"}}, {"activate": "yes"}, False),
    ({"answered": {"prompt": "activate", "is_not": "yes"}}, {"activate": "no"}, True),
    ({"answered": {"prompt": "who", "includes": "logistics"}}, {"who": ["crisis_group", "logistics"]}, True),
    ({"answered": {"prompt": "who", "includes": "logistics"}}, {"who": ["crisis_group"]}, False),
    ({"all": [{"missed": "sev"}, {"answered": {"prompt": "activate", "is": "no"}}]},
     {"sev": "moderate", "activate": "yes"}, False),
    ({"all": [{"missed": "sev"}, {"answered": {"prompt": "activate", "is": "no"}}]},
     {"sev": "moderate", "activate": "no"}, True),
    ({"any": [{"missed": "sev"}, {"answered": {"prompt": "activate", "is": "no"}}]},
     {"sev": "major", "activate": "no"}, True),
    ({"any": [{"missed": "sev"}, {"missed": "who"}]}, {}, False),
])
def test_branch_conditions(plan, store, when, answers, sent):
    base = {"sev": "major", "activate": "yes", "who": ["crisis_group"], "later": "yes"}
    s = DrillSession(_branching(plan, when), "Ann", store=store)
    assert ("later" in walk(s, {**base, **answers})) is sent


def test_answers_are_validated_with_clear_errors(flagship, store):
    s = DrillSession(flagship, "Ann", store=store)
    with pytest.raises(UnknownPrompt, match="no prompt 'nope'"):
        s.answer("nope", "x")
    with pytest.raises(NotNextPrompt, match="answer 'category' first"):
        s.answer("severity", "major")
    with pytest.raises(AnswerError, match="not one of the options"):
        s.answer("category", "quality")
    assert store.answers(s.attempt_id) == []          # nothing invalid was stored
    s.answer("category", "product_quality")
    with pytest.raises(AlreadyAnswered, match="already answered"):
        s.answer("category", "other")
    assert [a.value for a in store.answers(s.attempt_id)] == ["product_quality"]


def test_errors_are_in_the_session_language(flagship, store):
    s = DrillSession(flagship, "Ann", "zh", store=store)
    with pytest.raises(NotNextPrompt, match="请先回答 'category'"):
        s.answer("severity", "major")


def test_an_answer_is_stored_before_it_is_scored(flagship, store, monkeypatch):
    import sim.drill.session as session_module

    def broken(*args, **kwargs):
        raise RuntimeError("scoring bug")

    s = DrillSession(flagship, "Ann", store=store)
    monkeypatch.setattr(session_module, "score_prompt", broken)
    with pytest.raises(RuntimeError, match="scoring bug"):
        s.answer("category", "product_quality")
    assert [a.prompt_id for a in store.answers(s.attempt_id)] == ["category"]


def test_acknowledgement_and_elapsed_seconds(flagship, store):
    clock = FakeClock()
    s = DrillSession(flagship, "Ann", store=store, clock=clock)
    s.next_prompt()
    clock.now += 12.5
    ack = s.answer("category", "product_quality")
    assert (ack.prompt_id, ack.value, ack.elapsed, ack.answered) == ("category", "product_quality", 12.5, 1)
    assert "saved" in str(ack)
    assert store.answers(s.attempt_id)[0].elapsed == 12.5
    # A prompt's time starts when it is first handed out, not when asked again.
    s.next_prompt()
    clock.now += 5
    s.next_prompt()
    clock.now += 5
    assert s.answer("severity", "major").elapsed == 10


def test_timeliness_against_par(flagship, store):
    clock = FakeClock()
    s = DrillSession(flagship, "Ann", store=store, clock=clock)
    answers = perfect_answers(flagship)
    while (p := s.next_prompt()) is not None:
        clock.now += 200   # reply-li par 3 min: late; public reply par 4 min: on time
        s.answer(p.id, answers[p.id])
    card = s.finish()
    assert card.prompt("reply-li").within_par is False
    assert card.prompt("public-reply-text").within_par is True
    assert (card.timeliness.within, card.timeliness.timed) == (1, 2)


def test_finish_early_scores_the_rest_as_not_answered(flagship, store):
    s = DrillSession(flagship, "Ann", store=store)
    s.answer("category", "product_quality")
    card = s.finish()
    assert card.prompt("category").points == 1
    assert not card.prompt("severity").answered and card.prompt("severity").points == 0
    assert "activate" in [p.prompt_id for p in card.prompts]     # notify missed: the contingency was due
    assert store.attempt(s.attempt_id).status == "finished"
    assert s.finish() is card
    with pytest.raises(DrillOver):
        s.answer("severity", "major")
    assert len(store.scores(s.attempt_id)) == 1


def test_next_prompt_is_a_trainee_view(flagship, store):
    from sim.drill.variants import option_order
    s = DrillSession(flagship, "Ann", store=store)
    p = s.next_prompt()
    written = ("product_quality", "logistics", "service_attitude", "other")
    assert p.option_ids() == option_order(written, s.attempt_id, "category")     # the attempt's own order
    assert sorted(p.option_ids()) == sorted(written)
    assert p.question.get("zh") == "这起投诉属于哪一类？"
    assert p.inject.sender.get("en").startswith("Ms Li")
    assert not hasattr(p, "answer") and not hasattr(p, "partial")


def test_timeline_lists_sent_injects_including_those_without_prompts(plan, store):
    sc = small_scenario(plan, [inject("news", "T+00:01", []), inject("ask", "T+00:05", [yesno("a")]),
                               inject("later", "T+00:09", [yesno("b")])])
    s = DrillSession(sc, "Ann", store=store)
    assert [i.id for i in s.timeline()] == ["news", "ask"]
    s.answer("a", "yes")
    assert [i.id for i in s.timeline()] == ["news", "ask", "later"]
    assert s.progress() == (1, 2)


def test_resume_continues_from_the_stored_answers(flagship, store):
    s = DrillSession(flagship, "Ann", "zh", store=store)
    s.answer("category", "product_quality")
    s.answer("severity", "moderate")
    again = DrillSession.resume(flagship, s.attempt_id, store=store)
    assert again.language == "zh" and again.trainee == "Ann"
    assert again.answers == {"category": "product_quality", "severity": "moderate"}
    assert again.next_prompt().id == "notify"
    by_name = DrillSession.resume(flagship, trainee="Ann", store=store)
    assert by_name.attempt_id == s.attempt_id
    by_name.answer("notify", ["specialist"])
    card = by_name.finish()
    assert card.prompt("severity").points == pytest.approx(0.4)
    with pytest.raises(SessionError, match="演练 .* 已经结束"):     # in the attempt's language
        DrillSession.resume(flagship, s.attempt_id, store=store)
    with pytest.raises(SessionError, match="already finished"):
        DrillSession.resume(flagship, s.attempt_id, store=store, language="en")
    with pytest.raises(SessionError, match="no unfinished attempt"):
        DrillSession.resume(flagship, trainee="Ann", store=store)


def test_resume_refuses_another_scenario_or_trainee(flagship, plan, store):
    s = DrillSession(flagship, "Ann", store=store)
    other = small_scenario(plan, [inject("x", "T+00:05", [yesno("a")])])
    with pytest.raises(SessionError, match="product-defect-surge"):
        DrillSession.resume(other, s.attempt_id, store=store)
    with pytest.raises(SessionError, match="belongs to Ann"):
        DrillSession.resume(flagship, s.attempt_id, trainee="Bo", store=store)


def test_rescore_after_a_rubric_change_keeps_the_earlier_score(flagship, store):
    import copy

    from sim.format.load import scenario_from_dict
    s = DrillSession(flagship, "Ann", store=store)
    text = "I'm so sorry. Please unplug it. I have noted it; our team will ring you back soon, I promise you."
    walk_answers = {**perfect_answers(flagship), "reply-li": text}
    walk(s, walk_answers)
    before = s.finish()
    assert "next_step_with_time" in before.prompt("reply-li").missed
    data = copy.deepcopy(flagship.model_dump(mode="json", by_alias=True, exclude_none=True))
    data["plan"] = "plans/default.yaml"
    crit = data["drill"]["injects"][0]["prompts"][3]["rubric"][3]
    crit["all"]["en"][0].append("ring you back")
    crit["all"]["en"][1].append("soon")
    changed = scenario_from_dict(data, flagship.plan)
    after = rescore(s.attempt_id, changed, store=store)
    assert "next_step_with_time" in after.prompt("reply-li").hit
    assert after.points > before.points
    rows = store.scores(s.attempt_id)
    assert [r.content_hash for r in rows] == [flagship.content_hash(), changed.content_hash()]
    assert rows[0].points == pytest.approx(before.points) and rows[1].points == pytest.approx(after.points)
    assert rescore(s.attempt_id, changed, store=store).points == pytest.approx(after.points)


def test_a_scenario_whose_drill_was_removed_is_one_clear_error_in_every_scoring_path(flagship, store):
    from sim.drill.scorecard import score_attempt
    from sim.drill.view import trainee_view
    s = DrillSession(flagship, "Ann", store=store)
    s.answer("category", "product_quality")
    s.finish()
    gone = flagship.model_copy(update={"drill": None})      # the author removed the drill since
    with pytest.raises(SessionError, match="scenario 'product-defect-surge' has no drill section"):
        rescore(s.attempt_id, gone, store=store)
    with pytest.raises(SessionError, match="情景 'product-defect-surge' 没有演练部分"):
        rescore(s.attempt_id, gone, store=store, language="zh")
    with pytest.raises(SessionError, match="has no drill section"):
        score_attempt(gone, {"category": "product_quality"})
    with pytest.raises(SessionError, match="没有演练部分"):
        trainee_view(gone, "zh")
    with pytest.raises(SessionError, match="没有演练部分"):
        DrillSession(gone, "Ann", "zh", store)
    assert len(store.scores(s.attempt_id)) == 1               # the failed re-scores stored nothing


def test_a_session_without_a_store_says_how_to_give_one(flagship):
    with pytest.raises(TypeError, match=r"pass store=sim\.store\.results\.open_store\(\)"):
        DrillSession(flagship, "Ann")
    with pytest.raises(TypeError, match="请传入 store="):
        DrillSession(flagship, "Ann", "zh")


def test_a_second_tab_on_the_same_attempt_cannot_overwrite_an_answer(flagship, store):
    tab1 = DrillSession(flagship, "Ann", store=store)
    tab2 = DrillSession.resume(flagship, tab1.attempt_id, store=store)
    tab1.answer("category", "product_quality")
    with pytest.raises(AlreadyAnswered):
        tab2.answer("category", "other")
    assert tab2.answers == {"category": "product_quality"}      # it adopts the stored answer
    assert tab2.next_prompt().id == "severity"
    assert [a.value for a in store.answers(tab1.attempt_id)] == ["product_quality"]


# --- one scoring path: finishing live and re-scoring later count the same contingency prompts ---------

def _with_wrap_up(plan, when):
    """_branching with an inject after the contingency, so a finished drill moves past it."""
    sc = _branching(plan, when)
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    return small_scenario(plan, data["drill"]["injects"] + [inject("wrap-up", "T+00:40", [yesno("done")])])


@pytest.mark.parametrize("sev, sent", [("minor", True),     # missed: the contingency was sent...
                                       ("major", False)])   # ...or never sent
def test_finish_and_rescore_agree_on_contingency_prompts(plan, store, sev, sent):
    from sim.drill.scorecard import score_attempt
    sc = _branching(plan, {"missed": "sev"})
    s = DrillSession(sc, "Ann", store=store)
    walk_answers = {"sev": sev, "activate": "yes", "who": ["crisis_group"]}
    for pid in ("sev", "activate", "who"):
        s.answer(pid, walk_answers[pid])
    assert (s.next_prompt() is not None) is sent                 # the contingency's prompt is waiting
    live = s.finish()                                            # ended before answering it
    later = rescore(s.attempt_id, sc, store=store)
    elapsed = {a.prompt_id: a.elapsed for a in store.answers(s.attempt_id)}
    direct = score_attempt(sc, walk_answers, elapsed=elapsed, trainee="Ann", attempt_id=s.attempt_id)
    assert ("later" in [p.prompt_id for p in live.prompts]) is sent
    assert later.to_dict() == live.to_dict() == direct.to_dict()
    if sent:     # sent and unanswered: it counts, and earns nothing
        assert not live.prompt("later").answered and live.prompt("later").points == 0
        assert live.max_points == 4


def test_a_rescore_does_not_count_a_contingency_the_trainee_moved_past(plan, store):
    sc = _with_wrap_up(plan, {"missed": "sev"})
    s = DrillSession(sc, "Ann", store=store)
    assert walk(s, {"sev": "major", "activate": "yes", "who": ["crisis_group"], "done": "yes"}) == \
        ["sev", "activate", "who", "done"]
    assert s.finish().max_points == 4
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["drill"]["injects"][0]["prompts"][0]["answer"] = "moderate"      # the key changed: "major" is now missed
    changed = small_scenario(plan, data["drill"]["injects"])
    card = rescore(s.attempt_id, changed, store=store)
    assert "later" not in [p.prompt_id for p in card.prompts] and card.max_points == 4
