"""Variants (sim.drill.variants): each attempt's own option order and its own version of each question pool, the
same on every look; answers stored as option ids and scored against the key of the version met; a branch on a
pool follows the version met; the steps of a pool named for the after-action report."""
from __future__ import annotations

import json
from collections import Counter
from itertools import permutations

import pytest
from support import SCENARIOS
from support.drill import small_scenario

from sim import load_scenario
from sim.drill.session import DrillSession, rescore
from sim.drill.variants import (
    attempt_drill,
    attempt_scenario,
    chosen_versions,
    option_order,
    pool_id,
    pool_ids,
    pool_prompts,
    step_of,
    variant_index,
    version_met,
)
from sim.drill.view import trainee_prompt, trainee_view
from sim.store.results import Store

FOUR = ("product_quality", "logistics", "service_attitude", "other")
CHI2_23_DF_P001 = 49.73          # chi-square, 23 degrees of freedom: exceeded by chance once in a thousand


def choice(pid, answer, options=FOUR, **more):
    return {"id": pid, "kind": "choice", "step": "receive_and_record", "options": list(options), "answer": answer,
            **more}


def kettle(plan, *, when="{missed: category}"):
    """A call pooled three ways (as written: a leak; a crushed box, with its own prompts and keys; a second
    leak, reworded only), and a contingency inject that branches on the pool's first prompt."""
    import yaml
    call = {"id": "call", "at": "T+00:05", "channel": "hotline", "from": "Mr Wu",
            "message": {"en": "My kettle leaks.", "zh": "我的水壶漏水。"},
            "prompts": [choice("category", "product_quality"),
                        choice("severity", "moderate", ("minor", "moderate", "major"), partial={"major": 0.5})],
            "variants": [
                {"id": "box", "from": "Ms Tan", "message": {"en": "The box came crushed.", "zh": "箱子压扁了。"},
                 "prompts": [choice("category-box", "logistics"),
                             choice("severity-box", "minor", ("minor", "moderate", "major"))]},
                {"id": "drip", "message": {"en": "Water drips from my kettle.", "zh": "水壶一直滴水。"}}]}
    boss = {"id": "boss", "at": "T+00:30", "channel": "internal", "when": yaml.safe_load(when),
            "message": {"en": "Why was that logged wrongly?", "zh": "为什么登记错了？"},
            "prompts": [{"id": "own-up", "kind": "yesno", "step": "emergency_handling",
                         "question": {"en": "Correct the record?", "zh": "更正记录？"}, "answer": "yes"}]}
    return small_scenario(plan, [call, boss])


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'drills.sqlite'}")


# --- option order ----------------------------------------------------------------------------------------

def test_an_attempts_order_is_its_own_and_the_same_every_time():
    first, second = option_order(FOUR, 1, "category"), option_order(FOUR, 2, "category")
    assert first != second                                   # two attempts (fixed ids) see different lists
    assert sorted(first) == sorted(second) == sorted(FOUR)
    assert option_order(FOUR, 1, "category") == first        # reproducible: nothing is stored
    assert option_order(FOUR, 1, "severity") != first        # each prompt has its own order


def test_over_1000_attempts_every_order_of_four_options_is_about_equally_likely():
    counts = Counter(option_order(("a", "b", "c", "d"), attempt, "q") for attempt in range(1, 1001))
    expected = 1000 / 24
    assert set(counts) == set(permutations("abcd"))            # all 24 orders occur
    assert all(abs(n / 1000 - 1 / 24) < 0.025 for n in counts.values()), counts
    assert sum((n - expected) ** 2 / expected for n in counts.values()) < CHI2_23_DF_P001


def test_two_prompts_of_one_attempt_are_shuffled_independently():
    same = sum(option_order(FOUR, a, "category") == option_order(FOUR, a, "trigger") for a in range(1, 1001))
    assert same < 100              # about 1 in 24 by chance (42 expected), not "always the same pattern"


def test_an_order_prompt_never_starts_in_its_right_order():
    right = ("decide_solution", "implement", "follow_up_and_feedback")
    counts = Counter(option_order(right, a, "steps", avoid=right) for a in range(1, 1001))
    assert right not in counts and len(counts) == 5 and min(counts.values()) > 150
    assert option_order(("a", "a"), 1, "x", avoid=("a", "a")) == ("a", "a")      # nothing else to show


def test_the_view_shuffles_choice_multi_and_order_but_not_yes_no(plan):
    sc = small_scenario(plan, [{"id": "i", "at": "T+00:05", "channel": "internal", "message": "Go.", "prompts": [
        choice("c", "other"),
        {"id": "m", "kind": "multi", "step": "emergency_handling", "question": "Whom?", "options": ["crisis_group", "specialist",
         "production", "logistics"], "required": ["crisis_group"]},
        {"id": "o", "kind": "order", "step": "decide_solution", "question": "Order.",
         "options": ["decide_solution", "implement", "follow_up_and_feedback", "rectify_and_prevent"],
         "answer": ["decide_solution", "implement", "follow_up_and_feedback", "rectify_and_prevent"]},
        {"id": "y", "kind": "yesno", "step": "emergency_handling", "question": "Yes?", "answer": "no"}]}])
    written = {p.id: tuple(o.id for o in p.options) for p in sc.drill.prompts()}
    for attempt in (3, 4):
        view = {p.id: p for p in trainee_view(sc, attempt_id=attempt).injects[0].prompts}
        for pid in ("c", "m", "o"):
            assert view[pid].option_ids() == option_order(written[pid], attempt, pid,
                                                          avoid=written["o"] if pid == "o" else None)
        assert view["y"].option_ids() == ("yes", "no")
    preview = {p.id: p for p in trainee_view(sc).injects[0].prompts}     # no attempt: as written, but order
    assert preview["c"].option_ids() == written["c"] and preview["m"].option_ids() == written["m"]
    assert preview["o"].option_ids() != written["o"]
    assert trainee_prompt(sc, sc.drill.prompts()[0], "i", 3).option_ids() == option_order(written["c"], 3, "c")


# --- question pools: which version an attempt meets ----------------------------------------------------------

def test_each_version_is_met_by_its_share_of_attempts_and_pools_are_independent():
    draws = Counter((variant_index(2, a, "call"), variant_index(2, a, "email")) for a in range(1, 1001))
    assert all(0.2 < n / 1000 < 0.3 for n in draws.values()) and len(draws) == 4
    three = Counter(variant_index(3, a, "call") for a in range(1, 1001))
    assert sorted(three) == [0, 1, 2] and all(abs(n / 1000 - 1 / 3) < 0.05 for n in three.values())


def test_the_answers_say_which_version_was_met(plan):
    drill = kettle(plan).drill
    drawn = {a: variant_index(3, a, "call") for a in range(1, 40)}
    as_written = next(a for a, k in drawn.items() if k == 0)
    drip = next(a for a, k in drawn.items() if k == 2)
    box = next(a for a, k in drawn.items() if k == 1)
    assert chosen_versions(drill, as_written) == {"call": 0}
    assert chosen_versions(drill, as_written, ["category-box"]) == {"call": 1}     # answered: whatever was drawn
    assert chosen_versions(drill, box, ["category"]) == {"call": 0}               # the box's prompts are its own
    # The drip version asks the inject's prompts: an answer to them fits either, and the draw decides.
    assert chosen_versions(drill, drip, ["category"]) == {"call": 2}
    assert chosen_versions(drill, None) == {"call": 0}                           # no attempt: as written
    assert version_met(drill, "call", box) == "box" and version_met(drill, "boss", box) == "boss"


def test_an_attempts_drill_has_its_version_and_branches_on_it(plan):
    sc = kettle(plan)
    box = next(a for a in range(1, 40) if variant_index(3, a, "call") == 1)
    drill = attempt_drill(sc.drill, box)
    call, boss = drill.injects
    assert (str(call.sender), [p.id for p in call.prompts], call.variants) == ("Ms Tan", ["category-box",
                                                                                          "severity-box"], ())
    assert boss.when.missed == "category-box"                   # the branch names the version met
    assert attempt_drill(sc.drill, box, ["category"]).injects[1].when.missed == "category"
    nested = kettle(plan, when="{any: [{answered: {prompt: severity, is: major}}, {missed: category.other}]}")
    renamed = attempt_drill(nested.drill, box).injects[1].when
    assert (renamed.any[0].answered.prompt, renamed.any[0].answered.is_, renamed.any[1].missed) == (
        "severity-box", "major", "category-box.other")
    met = attempt_scenario(sc, box)
    assert met.content_hash() == sc.content_hash() and met.id == sc.id and met.plan is sc.plan
    flagship = load_scenario(SCENARIOS / "product_defect_surge.yaml")
    assert attempt_scenario(flagship, 5) is flagship            # no pool: the scenario itself


def test_the_view_of_an_attempt_shows_its_version_only(plan):
    sc = kettle(plan)
    messages = ["My kettle leaks.", "The box came crushed.", "Water drips from my kettle."]
    for version in range(3):
        attempt = next(a for a in range(1, 40) if variant_index(3, a, "call") == version)
        blob = json.dumps(trainee_view(sc, attempt_id=attempt).to_dict(), ensure_ascii=False)
        assert [m for m in messages if m in blob] == [messages[version]]
        assert '"variants"' not in blob and ("category-box" in blob) == (version == 1)


# --- sessions: scored against the version's own key ------------------------------------------------------

def _session_meeting(sc, store, version: int) -> DrillSession:
    """A new trainee's session that meets ``version`` of the call (trainees are added until one does)."""
    for n in range(60):
        session = DrillSession(sc, f"trainee {version}.{n}", store=store)
        if version_met(sc.drill, "call", session.attempt_id) == sc.drill.injects[0].version_ids()[version]:
            return session
    raise AssertionError("no attempt met the version")


def test_each_version_is_scored_against_its_own_key_and_branches_on_its_own_answer(plan, store):
    sc = kettle(plan)
    box = _session_meeting(sc, store, 1)
    first = box.next_prompt()
    assert (first.id, first.inject.sender.get("en")) == ("category-box", "Ms Tan")
    box.answer("category-box", "logistics")                       # the box's key
    box.answer("severity-box", "minor")
    assert box.next_prompt() is None                               # right: the contingency is not sent
    card = box.finish()
    assert [(p.prompt_id, p.points) for p in card.prompts] == [("category-box", 1.0), ("severity-box", 1.0)]
    assert card.content_hash == sc.content_hash() and card.passed
    again = rescore(box.attempt_id, sc, store=store)
    assert again.to_dict() == card.to_dict()

    leak = _session_meeting(sc, store, 0)
    leak.answer("category", "logistics")                           # the box's key is wrong for the leak
    leak.answer("severity", "major")
    assert leak.next_prompt().id == "own-up"                       # missed: category holds
    leak.answer("own-up", "yes")
    card = leak.finish()
    assert [(p.prompt_id, p.points) for p in card.prompts] == [("category", 0.0), ("severity", 0.5), ("own-up", 1.0)]
    assert card.max_points == 3

    drip = _session_meeting(sc, store, 2)
    assert drip.next_prompt().inject.message.get("en") == "Water drips from my kettle."
    drip.answer("category", "product_quality")                     # the inject's prompts and keys
    drip.answer("severity", "moderate")
    assert drip.finish().total == 1.0


def test_a_resumed_attempt_meets_the_same_version_in_the_same_order(plan, store):
    sc = kettle(plan)
    session = _session_meeting(sc, store, 1)
    session.answer("category-box", "logistics")
    before = session.next_prompt()
    again = DrillSession.resume(sc, session.attempt_id, store=store)
    after = again.next_prompt()
    assert (after.id, after.option_ids(), after.inject.sender) == (before.id, before.option_ids(), before.inject.sender)
    assert [p.option_ids() for inj in again.timeline() for p in inj.prompts] == \
        [p.option_ids() for inj in session.timeline() for p in inj.prompts]
    joined = DrillSession(sc, session.trainee, store=store)        # a second tab joins the same attempt
    assert joined.attempt_id == session.attempt_id and joined.next_prompt() == before


def test_stored_answers_decide_the_version_even_against_the_draw(plan, store):
    """An answer to a version's prompt is what the trainee saw (say the pool was edited since): a resume and a
    re-score follow it, whatever the attempt id would draw now."""
    sc = kettle(plan)
    session = _session_meeting(sc, store, 0)
    store.add_answer(session.attempt_id, "category-box", "logistics")
    resumed = DrillSession.resume(sc, session.attempt_id, store=store)
    assert resumed.next_prompt().id == "severity-box"
    resumed.answer("severity-box", "minor")
    assert resumed.finish().total == 1.0
    assert rescore(session.attempt_id, sc, store=store).total == 1.0


def test_answers_are_stored_as_option_ids_never_positions(plan, store):
    """Whatever order each trainee saw, what is stored for the same choice is the same: ids (a multi in the
    order written, an order as given)."""
    sc = small_scenario(plan, [{"id": "i", "at": "T+00:05", "channel": "internal", "message": "Go.", "prompts": [
        choice("c", "other"),
        {"id": "m", "kind": "multi", "step": "emergency_handling", "question": "Whom?", "options": ["crisis_group", "specialist",
         "production", "logistics"], "required": ["crisis_group", "production"]},
        {"id": "o", "kind": "order", "step": "decide_solution", "question": "Order.",
         "options": ["decide_solution", "implement", "follow_up_and_feedback"],
         "answer": ["decide_solution", "implement", "follow_up_and_feedback"]}]}])
    stored, orders = [], set()
    for name in ("Ann", "Bob", "Cai"):
        s = DrillSession(sc, name, store=store)
        views = {p.id: p for p in s.timeline()[0].prompts}
        orders.add(tuple(views[pid].option_ids() for pid in ("c", "m", "o")))
        s.answer("c", "other")
        shown_m = [o for o in views["m"].option_ids() if o in ("production", "crisis_group")]   # as ticked on screen
        s.answer("m", shown_m)
        s.answer("o", ["decide_solution", "implement", "follow_up_and_feedback"])
        stored.append([(a.prompt_id, a.value) for a in store.answers(s.attempt_id)])
        assert s.finish().total == 1.0
    assert len(orders) == 3                                        # three trainees, three different screens
    assert stored[0] == stored[1] == stored[2] == [
        ("c", "other"), ("m", ["crisis_group", "production"]),
        ("o", ["decide_solution", "implement", "follow_up_and_feedback"])]


# --- the library's pool -------------------------------------------------------------------------------------

def test_the_librarys_pool_is_met_scored_and_grouped_as_one_step(store):
    from sim.drill.scorecard import score_attempt
    sc = load_scenario(SCENARIOS / "logistics_failure.yaml")
    assert pool_id(sc.drill, "chairs-solution") == "formula-solution" == pool_id(sc.drill, "formula-solution")
    assert pool_id(sc.drill, "category") == "category" and pool_id(sc.drill, "gone") == "gone"
    assert [p.id for p in pool_prompts(sc.drill, "formula-solution")] == ["formula-solution", "chairs-solution"]
    assert {pid for pid, pool in pool_ids(sc.drill).items() if pid != pool} == {"chairs-solution"}
    assert step_of(sc, "chairs-solution") == "formula-solution"
    assert step_of(sc.model_copy(update={"drill": None}), "chairs-solution") == "chairs-solution"
    key = {"formula-solution": "reship-now", "chairs-solution": "keep-or-cancel"}
    met = Counter()
    for n in range(12):
        attempt = DrillSession(sc, f"trainee {n}", store=store).attempt_id
        mine = attempt_scenario(sc, attempt)
        [asked] = [p.id for p in mine.drill.prompts() if pool_id(sc.drill, p.id) == "formula-solution"]
        met[asked] += 1

        def points(value, mine=mine, asked=asked, attempt=attempt):
            return score_attempt(mine, {asked: value}, attempt_id=attempt).prompt(asked).points
        # "Re-ship now" is right for the baby formula and wrong for the garden chairs: each by its own key.
        assert (points(key[asked]), points("reship-now")) == ((1.0, 1.0) if asked == "formula-solution" else (1.0, 0.0))
    assert set(met) == {"formula-solution", "chairs-solution"}     # both versions met among twelve trainees
