"""The one reserve rule (sim.staffing.reserve): the fewest hotline reserve staff that hold the plan's
abandonment target at the incident's peak, up to the pool; the trainee drill's reserve questions agree."""
import pytest
from support import SCENARIOS, plan_with

from sim import load_scenario
from sim.staffing.frontline_hour import frontline_hour
from sim.staffing.reserve import ReserveGuidance, peak_hours, reserve_guidance
from sim.staffing.workload import workload

LIBRARY = sorted(SCENARIOS.glob("*.yaml"))


def _with_frontline(scenario, **changes):
    """The scenario with frontline changed: ``reserve=5``, or ``evening=9`` (9 more on the 16:00 shift)."""
    team = scenario.staffing["frontline"]
    extra = changes.pop("evening", 0)
    if extra:
        shifts = tuple(s.model_copy(update={"staff": s.staff + extra}) if s.start == 16 * 60 else s
                       for s in team.shifts)
        changes["shifts"] = shifts
    staffing = {**scenario.staffing, "frontline": team.model_copy(update=changes)}
    return scenario.model_copy(update={"staffing": staffing}).with_plan(scenario.plan)


@pytest.fixture(scope="module")
def guide(flagship):
    return reserve_guidance(flagship)


def test_the_flagship_needs_9_to_12_of_its_12_reserve_staff(flagship, guide):
    assert flagship.staffing["frontline"].reserve == 12
    assert (guide.fewest, guide.most, guide.enough) == (9, 12, True)
    assert guide.peak_hour == 13                      # 21:00-22:00 on Monday, the surge's peak
    assert guide.rostered == 7 and guide.agents_needed == 16


def test_fewest_is_the_boundary_of_the_abandonment_target(flagship, guide):
    wl = workload(flagship)
    target = flagship.plan.kpi_targets["abandon_rate"].at_most
    h = guide.peak_hour
    assert frontline_hour(wl, h, guide.rostered + guide.fewest, flagship.plan).abandon <= target
    assert frontline_hour(wl, h, guide.rostered + guide.fewest - 1, flagship.plan).abandon > target


def test_each_agent_on_the_roster_at_the_peak_is_one_reserve_fewer(flagship):
    assert reserve_guidance(_with_frontline(flagship, evening=4)).fewest == 5
    assert reserve_guidance(_with_frontline(flagship, evening=8)).fewest == 1
    assert reserve_guidance(_with_frontline(flagship, evening=9)).fewest == 0


def test_a_pool_too_small_is_called_whole_and_said_so(flagship):
    small = reserve_guidance(_with_frontline(flagship, reserve=8))
    assert (small.fewest, small.most, small.enough) == (8, 8, False)
    exact = reserve_guidance(_with_frontline(flagship, reserve=9))
    assert (exact.fewest, exact.most, exact.enough) == (9, 9, True)


def test_nothing_to_hold_needs_no_reserve(flagship):
    loose = flagship.with_plan(plan_with(flagship.plan, "kpi_targets.abandon_rate.at_most", 1.0))
    assert reserve_guidance(loose).fewest == 0
    calm = flagship.model_copy(update={"incidents": ()}).with_plan(flagship.plan)
    assert reserve_guidance(calm) == ReserveGuidance(0, 12, abandon_target=0.1)


def test_the_peak_is_the_incidents_plateau():
    class Inc:
        def __init__(self, at, rise, plateau):
            self.at, self.rise, self.plateau = at, rise, plateau
    assert list(peak_hours(Inc(600, 180, 120), 72)) == [13, 14]     # 21:00 to 23:00 exactly
    assert list(peak_hours(Inc(600, 190, 120), 72)) == [13, 14, 15]  # 21:10 to 23:10
    assert list(peak_hours(Inc(600, 60, 0), 72)) == [11]             # no plateau: the hour the rise ends
    assert list(peak_hours(Inc(600, 60, 0), 11)) == []               # after the horizon


def test_the_range_accepts_its_ends_and_counts_the_distance_outside():
    g = ReserveGuidance(fewest=9, most=12)
    assert [g.accepts(n) for n in (8, 9, 12, 13)] == [False, True, True, False]
    assert [g.off_by(n) for n in (0, 8, 9, 12, 13)] == [9, 1, 0, 0, 1]


def _reserve_prompts(scenario):
    if scenario.drill is None:
        return []
    return [p for inj in scenario.drill.injects for p in inj.prompts
            if p.kind == "number" and p.id == "reserve"]


def test_every_reserve_question_of_the_library_follows_the_reserve_rule():
    """The trainee drill's `reserve` number prompts accept exactly the range the rule gives."""
    checked = []
    for path in LIBRARY:
        scenario = load_scenario(path)
        for prompt in _reserve_prompts(scenario):
            g = reserve_guidance(scenario)
            assert (prompt.accept.min, prompt.accept.max) == (g.fewest, g.most), (path.name, g)
            checked.append(path.stem)
    assert "product_defect_surge" in checked
