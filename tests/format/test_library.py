"""The scenario library (scenarios/*.yaml): everything validates, and the library as a whole covers the
plan — every prompt kind, every plan step, every activation trigger, every role — with bilingual
scenarios, drills that branch, and graded example replies on every reply prompt.

Everything is computed from the loaded scenario objects, so adding or editing a scenario re-checks it.
"""
from __future__ import annotations

import pytest
from support import SCENARIOS, run_cli

from sim import load_scenario
from sim.drill import phones, phrases
from sim.format.vocabulary import ATTENTION_LEVELS, PROMPT_KINDS, STEP_IDS, TRIGGER_KINDS

LIBRARY = sorted(SCENARIOS.glob("*.yaml"))
ROLES = ("frontline", "specialist", "crisis_group", "tech_support", "marketing_pr", "production", "logistics")
REQUIRED = {"product_defect_surge", "digital_service_outage", "logistics_failure", "staff_misconduct_viral",
            "customer_data_leak", "mass_billing_error", "key_account_churn", "media_regulator_inquiry",
            "busy_week_baseline", "churn_winback", "care_programme_quarter", "post_crisis_review"}
FULLY_BILINGUAL = {"product_defect_surge", "digital_service_outage", "logistics_failure", "customer_data_leak",
                   "key_account_churn", "churn_winback", "care_programme_quarter", "post_crisis_review"}
BASELINE = "busy_week_baseline"
GRADES = ("good", "adequate", "poor")
DAY = 1440.0


@pytest.fixture(scope="module")
def library():
    return {path.stem: load_scenario(path) for path in LIBRARY}


def prompts(scenario):
    return scenario.drill.prompts() if scenario.drill is not None else []


def all_prompts(library):
    return [(name, p) for name, sc in library.items() for p in prompts(sc)]


def reply_prompts(library):
    return [(name, sc, p) for name, sc in library.items() for p in prompts(sc) if p.kind == "reply"]


def ids_in(prompt):
    """Every id a prompt mentions as an option or an answer."""
    out = set(prompt.option_ids()) | set(prompt.required)
    if isinstance(prompt.answer, str):
        out.add(prompt.answer)
    elif isinstance(prompt.answer, tuple):
        out.update(prompt.answer)
    return out


# --- validation -------------------------------------------------------------------------------

def test_check_passes_on_the_library():
    result = run_cli("check", "scenarios/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for path in LIBRARY:
        assert any(f"{path.name}: OK" in line for line in result.stdout.splitlines()), path.name


def test_the_library_holds_the_nine_scenarios(library):
    assert REQUIRED <= set(library), f"missing: {sorted(REQUIRED - set(library))}"
    ids = [sc.id for sc in library.values()]
    assert len(ids) == len(set(ids)), "scenario ids must be unique"


def test_horizons_and_volumes_keep_a_replication_quick(library):
    for name, sc in library.items():
        assert sc.expected_arrivals() <= 5000, f"{name}: {sc.expected_arrivals():.0f} complaints is too many"
        if name == BASELINE:
            assert sc.incidents == () and sc.horizon == 7 * DAY
        else:
            assert sc.incidents, f"{name} has no incident"
            assert 2 * DAY <= sc.horizon <= 3 * DAY, f"{name}: horizon {sc.horizon / DAY:g} days"


# --- library-wide coverage ------------------------------------------------------------------

def test_every_prompt_kind_is_used(library):
    used = {p.kind for _, p in all_prompts(library)}
    assert used == set(PROMPT_KINDS), f"unused kinds: {sorted(set(PROMPT_KINDS) - used)}"


def test_every_plan_step_is_drilled(library):
    drilled = {p.step for _, p in all_prompts(library)}
    assert drilled == set(STEP_IDS), f"steps never drilled: {[s for s in STEP_IDS if s not in drilled]}"


def surge_occurs(sc) -> bool:
    """An incident in a surge category whose peak alone is (multiple - 1) times the average baseline."""
    surge = sc.plan.activation.triggers.surge
    base = sum(sc.arrivals.per_hour.values())
    return any((not surge.categories or inc.category in surge.categories)
               and inc.peak_per_hour >= max(surge.minimum_complaints, (surge.multiple_of_baseline - 1) * base)
               for inc in sc.incidents)


def other_is_drilled(sc) -> bool:
    """A choice among the plan's triggers whose right answer is 'other' (trigger 4)."""
    return any(p.kind == "choice" and p.answer == "other" and len(set(p.option_ids()) & set(TRIGGER_KINDS)) >= 3
               for p in prompts(sc))


def test_every_activation_trigger_occurs(library):
    found = {
        "surge": [n for n, sc in library.items() if surge_occurs(sc)],
        "outage": [n for n, sc in library.items() if any(inc.outage for inc in sc.incidents)],
        "public_attention": [n for n, sc in library.items()
                             if any(inc.public_attention >= ATTENTION_LEVELS["high"] for inc in sc.incidents)],
        "other": [n for n, sc in library.items() if other_is_drilled(sc)],
    }
    assert set(found) == set(TRIGGER_KINDS)
    for trigger, names in found.items():
        assert names, f"no scenario exercises the {trigger} trigger"


def test_every_role_is_staffed_and_drilled(library):
    for role in ROLES:
        staffed = [n for n, sc in library.items() if role in sc.staffing]
        drilled = [n for n, p in all_prompts(library) if role in ids_in(p)]
        assert staffed, f"{role} is staffed nowhere"
        assert drilled, f"{role} appears in no drill prompt's options or answers"


def test_each_scenario_does_its_job(library):
    outage = library["digital_service_outage"]
    assert any(inc.outage and inc.outage >= 6 * 60 for inc in outage.incidents)
    logistics = library["logistics_failure"]
    assert any(m.flag == "blame_third_party" for p in prompts(logistics) for m in p.must_not)
    assert any(inc.category == "logistics" for inc in logistics.incidents)
    viral = library["staff_misconduct_viral"]
    assert any(inc.category == "service_attitude" and inc.public_attention >= ATTENTION_LEVELS["viral"]
               for inc in viral.incidents)
    leak = library["customer_data_leak"]
    assert any(inc.category == "data_privacy" for inc in leak.incidents)
    assert any(m.flag == "privacy_leak" for p in prompts(leak) for m in p.must_not)
    billing = library["mass_billing_error"]
    assert any(inc.category == "billing" for inc in billing.incidents)
    assert other_is_drilled(library["key_account_churn"])
    media = library["media_regulator_inquiry"]
    assert any({"crisis_group", "marketing_pr"} <= set(p.required) for p in prompts(media) if p.kind == "multi")


# --- drills -------------------------------------------------------------------------------------

def test_every_drill_has_four_injects_and_a_branch(library):
    for name, sc in library.items():
        assert sc.drill is not None, f"{name} has no drill"
        assert len(sc.drill.injects) >= 4, f"{name}: {len(sc.drill.injects)} injects"
        assert any(inj.when is not None for inj in sc.drill.injects), f"{name} has no contingency inject"
        times = [inj.at for inj in sc.drill.injects]
        assert times == sorted(times), f"{name}: injects are not in time order"


def _texts(sc):
    """(where, Text) for every trainee- or trainer-facing text of a scenario."""
    yield "title", sc.title
    if sc.summary is not None:
        yield "summary", sc.summary
    d = sc.drill
    yield "drill.role", d.role
    if d.briefing is not None:
        yield "drill.briefing", d.briefing
    for inj in d.injects:
        at = f"inject {inj.id}"
        yield f"{at}.message", inj.message
        for field in ("sender", "subject"):
            if getattr(inj, field) is not None:
                yield f"{at}.{field}", getattr(inj, field)
        if inj.attachment is not None:
            for field in ("text", "caption"):
                if getattr(inj.attachment, field) is not None:
                    yield f"{at}.attachment.{field}", getattr(inj.attachment, field)
        for p in inj.prompts:
            pat = f"prompt {p.id}"
            for field in ("question", "why", "unit"):
                if getattr(p, field) is not None:
                    yield f"{pat}.{field}", getattr(p, field)
            for o in p.options:
                if o.text is not None:
                    yield f"{pat}.option {o.id}", o.text
            for c in p.rubric:
                if c.expects is not None:
                    yield f"{pat}.{c.id}.expects", c.expects
            for m in p.must_not:
                if m.explain is not None:
                    yield f"{pat}.{m.id}.explain", m.explain
            for e in p.examples:
                if e.note is not None:
                    yield f"{pat}.{e.grade} example note", e.note


def untranslated(sc) -> list[str]:
    missing = [where for where, text in _texts(sc) if not (text.has("en") and text.has("zh"))]
    for p in prompts(sc):
        for e in p.examples:
            if not (e.en and e.zh):
                missing.append(f"prompt {p.id}.{e.grade} example")
    return missing


def test_bilingual_scenarios(library):
    for name in FULLY_BILINGUAL:
        assert untranslated(library[name]) == [], f"{name} is not fully bilingual"
    bilingual = [n for n, sc in library.items() if not untranslated(sc)]
    assert len(bilingual) >= 4, bilingual
    for name, sc in library.items():
        assert sc.title.has("en") and sc.title.has("zh"), f"{name}: the title needs both languages"
        assert sc.languages(), f"{name}: the drill text is complete in neither language"


# --- reply prompts ------------------------------------------------------------------------------

def _phrases(group_set, lang):
    return [] if group_set is None else [p for group in group_set.groups(lang) for p in group]


def test_every_reply_prompt_is_fully_specified(library):
    replies = reply_prompts(library)
    assert replies
    for name, sc, p in replies:
        where = f"{name}:{p.id}"
        assert len(p.rubric) >= 3, f"{where}: a rubric of at least three criteria"
        assert p.must_not, f"{where}: must_not items are needed"
        assert all(c.expects is not None for c in p.rubric), f"{where}: every criterion says what it expects"
        for lang in sc.languages():
            for c in p.rubric:
                assert (_phrases(c.any, lang) or _phrases(c.all, lang) or c.regex), \
                    f"{where}.{c.id}: no {lang} phrases, so a {lang} reply cannot earn it"
            grades = {e.grade for e in p.examples if getattr(e, lang)}
            assert grades == set(GRADES), f"{where}: {lang} examples of grades {sorted(set(GRADES) - grades)} missing"


def _earned(reply, criterion, lang):
    if criterion.any is not None and not any(phrases.contains(reply, ph) for ph in _phrases(criterion.any, lang)):
        return False
    if criterion.all is not None:
        groups = criterion.all.groups(lang)
        if not groups or not all(any(phrases.contains(reply, ph) for ph in g) for g in groups):
            return False
    return criterion.regex is None or phrases.compile_regex(criterion.regex).search(reply) is not None


def _tripped(reply, item, lang):
    return (any(phrases.contains(reply, ph) for ph in _phrases(item.any, lang))
            or any(phones.find_phone(reply, ph) for ph in item.phones)
            or (bool(item.names) and phrases.compile_name(*item.names).search(reply) is not None)
            or (item.regex is not None and phrases.compile_regex(item.regex).search(reply) is not None))


def test_example_replies_are_consistent_with_their_rubric(library):
    """A phrase-level check for authors (the scoring engine has the full rules): a good example trips no
    must_not item and earns the most rubric weight, a poor one trips at least one must_not item and earns
    the least."""
    for name, sc, p in reply_prompts(library):
        for lang in sc.languages():
            earned, tripped = {}, {}
            for e in p.examples:
                text = getattr(e, lang)
                if not text:
                    continue
                earned[e.grade] = sum(c.weight for c in p.rubric if _earned(text, c, lang))
                tripped[e.grade] = [m.id for m in p.must_not if _tripped(text, m, lang)]
            where = f"{name}:{p.id}:{lang}"
            assert tripped["good"] == [] and tripped["adequate"] == [], f"{where}: {tripped}"
            assert tripped["poor"], f"{where}: the poor example trips no must_not item"
            assert earned["good"] > earned["adequate"] > earned["poor"], f"{where}: {earned}"


# --- headers: what a list of the library shows ------------------------------------------------------

def test_scenario_header_agrees_with_the_loaded_scenario(library):
    from sim.format.library import scenario_header
    for path in LIBRARY:
        header, scenario = scenario_header(path), library[path.stem]
        assert (header.id, header.title, header.summary, header.path) == (scenario.id, scenario.title,
                                                                          scenario.summary, path)
        assert header.languages() == scenario.languages()
        if scenario.drill is None:
            assert header.drill is None
        else:
            drill = scenario.drill
            assert (header.drill.role, header.drill.difficulty, header.drill.duration) == (
                drill.role, drill.difficulty, drill.duration)


def test_scenario_header_defaults_are_the_models_and_a_broken_file_is_an_error(tmp_path):
    from sim.format.errors import ScenarioError
    from sim.format.library import scenario_header
    from sim.format.scenario import Drill
    path = tmp_path / "short.yaml"
    path.write_text("id: short\ntitle: {en: Short, zh: 短}\ndrill:\n  role: Agent\n  injects:\n"
                    "    - {id: a, at: T+00:01, channel: hotline, message: {en: Hi, zh: 你好}}\n", encoding="utf-8")
    header = scenario_header(path)
    assert header.drill.difficulty == Drill.model_fields["difficulty"].default == "intermediate"
    assert header.drill.duration == Drill.model_fields["duration"].default == 30.0
    assert header.languages() == ("en",)                       # the role is written in English only
    path.write_text("id: short\ntitle: {en: Short}\ndrill: {role: Agent, duration: 1 fortnight}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="drill.duration: '1 fortnight' is not a duration"):
        scenario_header(path)
