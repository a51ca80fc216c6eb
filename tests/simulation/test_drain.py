"""Every complaint that arrives within the horizon is counted: after the horizon nothing new arrives and
the centre drains for the plan's longest deadline; a case still open at its deadline is late whenever
that is; utilisation and cost stay measured over the horizon; backlog_at_horizon and open_at_end.

The hand-made centre: one frontline agent on duty round the clock, every complaint a minor hotline call
that takes exactly 2 days 12 hours at intake (and nothing more), patient callers, a 1-day horizon. The
plan's minor targets are 24 h to first response and 5 days to resolution, so the drain lasts 5 days
(the run ends at day 6). Three calls arrive at 0, 1 h and 2 h:

=====  ============  ==================  ===================  =====================================
call   intake        first response      resolved             verdicts
=====  ============  ==================  ===================  =====================================
c0     0             0 (on time)         2d12h (in the drain)  resolution on time
c1     2d12h         2d11h after (late)  5d (4d23h after)      first response late, resolution on time
c2     5d            4d22h after (late)  7d12h: after the end   open at the end, past its 5 d: late
=====  ============  ==================  ===================  =====================================
"""
import math

import numpy as np
import pandas as pd
import pytest

from sim import rules
from sim.format.load import scenario_from_dict
from sim.rules import GRADES
from sim.simulation.arrivals import ArrivalTable
from sim.simulation.centre import Centre, CentreOptions, drain_length
from sim.simulation.metrics import compute_kpis, count_key
from sim.simulation.records import FIRST, N_UNIFORMS, OPEN, RESOLVED, Case, RunRecords, case_arrays
from sim.simulation.replication import simulate

DAY, HOUR = 1440.0, 60.0


@pytest.fixture(scope="module")
def one_agent(mmc):
    data = mmc.model_dump(mode="json", by_alias=True)
    data.update(horizon="1d", warm_up="0min")
    data["staffing"]["frontline"] = {"shifts": [{"from": "00:00", "to": "24:00", "staff": 1}], "cost_per_hour": 30}
    data["service_times"]["frontline"]["intake"] = {"fixed": "2d12h"}
    return scenario_from_dict(data, mmc.plan, name="one-agent")


@pytest.fixture(scope="module")
def impatient(one_agent):
    """The same centre with callers who hang up after exactly 1 h and always call again 12 h later, and an
    incident whose complainants all contact the centre again (10 h x ln 2 = 6.93 h after their first call)."""
    data = one_agent.model_dump(mode="json", by_alias=True)
    data["patience"] = {"hotline": {"fixed": "1h"}}
    data["abandonment"] = {"retry_share": 1.0, "retry_after": {"fixed": "12h"}, "go_public_share": 0.0}
    data["incidents"] = [{"id": "x", "at": "1min", "category": "other", "peak_per_hour": 0, "rise": "1h",
                          "decay": "1h", "channels": {"hotline": 1.0}, "severity": {"minor": 1.0},
                          "repeat_contact_share": 1.0, "repeat_after": "10h"}]
    return scenario_from_dict(data, one_agent.plan, name="impatient")


def _centre(scenario, arrivals, incident=None):
    """A centre whose first contacts are exactly ``arrivals`` (minutes): minor hotline calls, about the
    scenario's incident ``incident`` (a list, -1 for none) or none."""
    centre = Centre(scenario, options=CentreOptions(record_log=True, auto_activate=False))
    plan = scenario.plan
    n = len(arrivals)
    centre.table = ArrivalTable(np.asarray(arrivals, dtype=float),
                                np.full(n, list(plan.channels).index("hotline"), dtype=np.int16),
                                np.full(n, list(plan.categories).index("other"), dtype=np.int16),
                                np.zeros(n, dtype=np.int8),
                                np.asarray(incident if incident is not None else [-1] * n, dtype=np.int16),
                                tuple(plan.channels), tuple(plan.categories))
    centre.draw_needs = lambda k: np.full((k, N_UNIFORMS), 0.5)
    return centre


def test_drain_length_is_the_plans_longest_deadline(plan):
    longest = max(rules.resolution_target(plan, g) for g in GRADES)
    assert drain_length(plan) == longest == 5 * DAY       # the default plan: minor resolution, 5 days
    assert drain_length(plan) >= max(rules.first_response_target(plan, g) for g in GRADES)


def test_hand_made_centre_outcomes_in_and_after_the_drain(one_agent):
    centre = _centre(one_agent, [0.0, HOUR, 2 * HOUR])
    centre.run()
    rec = centre.records()
    assert rec.now == one_agent.horizon + 5 * DAY == 6 * DAY
    c = rec.cases
    np.testing.assert_allclose(c["resolved_min"][:2], [2.5 * DAY, 5 * DAY])
    assert list(c["outcome"]) == [RESOLVED, RESOLVED, OPEN]
    k = compute_kpis(rec)
    # resolution: c0 met (during the drain), c1 met (4d23h), c2 still open 5d22h after arriving: late
    assert k["resolution_on_time"] == pytest.approx(2 / 3) and k[count_key("resolution_on_time")] == 3
    # first response: c0 at once; c1 and c2 answered (or not) long after their 24 h
    assert k["first_response_on_time"] == pytest.approx(1 / 3) and k[count_key("first_response_on_time")] == 3
    assert k["backlog_at_horizon"] == 3 and k["open_at_end"] == 1
    assert k["arrived"] == 3 and k["resolved"] == 2


def test_hand_made_centre_charges_the_horizon_only(one_agent):
    centre = _centre(one_agent, [0.0, HOUR, 2 * HOUR])
    centre.run()
    k = compute_kpis(centre.records())
    # the agent works through the drain, but utilisation and cost are over the 1-day horizon: busy all of it
    assert k["utilisation.frontline"] == 1.0
    assert k["staff_cost"] == pytest.approx(24 * 30)
    assert centre.frontline.on_duty == 1 and centre.drained


def test_team_accounts_are_the_same_with_and_without_the_drain(flagship):
    full = Centre(flagship, options=CentreOptions(record_log=False))
    full.run()
    cut = Centre(flagship, options=CentreOptions(record_log=False))
    cut.run(until=flagship.horizon)
    assert full.records().teams == cut.records().teams
    assert full.now == flagship.horizon + drain_length(flagship.plan) and cut.now == flagship.horizon


def test_records_that_stop_early_leave_out_cases_whose_deadline_is_still_to_come(flagship):
    """Hand-built records: what is known at `now` (a live drill) and after the drain."""
    h = flagship.horizon
    major_res = rules.resolution_target(flagship.plan, rules.MAJOR)

    def case(i, arrive, first=math.nan, resolved=math.nan):
        c = Case(i, arrive, channel=1, category=0, severity=rules.MAJOR, incident=-1, kind=FIRST, parent=-1,
                 u=[0.5] * N_UNIFORMS, sync=False)
        c.t_first, c.t_resolved = first, resolved
        if not math.isnan(resolved):
            c.outcome, c.t_end = RESOLVED, resolved
        return c

    cases = [case(0, h - 100, first=h - 90, resolved=h - 50),                     # closed before the horizon
             case(1, h - 100, first=h - 90, resolved=h - 100 + major_res - 1),     # met during the drain
             case(2, h - 100, first=h - 90, resolved=h - 100 + major_res + 1),     # late, after the horizon
             case(3, h - 10, first=h - 5)]                                         # never resolved
    after = compute_kpis(RunRecords(flagship, h + drain_length(flagship.plan), case_arrays(cases)))
    assert after["resolution_on_time.major"] == pytest.approx(2 / 4)       # 0 and 1 met; 2 late; 3 open: late
    assert after[count_key("resolution_on_time.major")] == 4
    assert after["backlog_at_horizon"] == 3 and after["open_at_end"] == 1
    assert after["first_response_on_time.major"] == 1.0

    # The same complaints seen at the horizon (a live drill stopping there): cases 1 and 2 are open and
    # their deadline is still to come, so they are left out; case 3 likewise.
    live = [case(0, h - 100, first=h - 90, resolved=h - 50), case(1, h - 100, first=h - 90),
            case(2, h - 100, first=h - 90), case(3, h - 10, first=h - 5)]
    at_h = compute_kpis(RunRecords(flagship, h, case_arrays(live)))
    assert at_h["resolution_on_time.major"] == 1.0 and at_h[count_key("resolution_on_time.major")] == 1
    assert at_h["backlog_at_horizon"] == 3 and at_h["open_at_end"] == 3


def test_no_retry_or_repeat_contact_after_the_horizon(impatient):
    # c0 at 0 (incident) takes the agent for 2.5 days; c1 at 1 h and c2 at 20 h (incident) wait and hang up.
    # Within the 24 h: c1 hangs up at 2 h and calls again at 14 h (hangs up at 15 h; the next try, 27 h,
    # is after the horizon); c0's repeat contact comes at 6.93 h, hangs up at 7.93 h and calls again at
    # 19.93 h (next try 32.93 h: after). c2 hangs up at 21 h: its retry (33 h) and repeat (26.93 h) are after.
    centre = _centre(impatient, [0.0, HOUR, 20 * HOUR], incident=[0, -1, 0])
    centre.run()
    c = centre.records().cases
    repeat_at = 10 * HOUR * math.log(2)
    expected = sorted([0.0, HOUR, 20 * HOUR, 14 * HOUR, repeat_at, repeat_at + 13 * HOUR])
    np.testing.assert_allclose(np.sort(c["arrival_min"]), expected)
    assert (c["arrival_min"] <= impatient.horizon).all() and centre.now == 6 * DAY


def test_nothing_arrives_after_the_horizon(flagship):
    res = simulate(flagship, seed=7)
    c = res.complaints
    h = flagship.horizon
    assert c["arrival_min"].max() <= h
    # work went on after the horizon: cases resolved and callers hanging up in the drain
    assert (c["resolved_min"] > h).any()
    # follow-ups: only those starting within the horizon; resolved ones whose follow-up would start
    # after it were not surveyed
    follow = flagship.follow_up.after
    surveyed = c["satisfied"].notna()
    assert surveyed.any() and (c.loc[surveyed, "resolved_min"] + follow <= h).all()
    assert ((c["resolved_min"] + follow > h) & (c["outcome"] == "resolved") & ~surveyed).any()
    log = res.log
    t_h = pd.Timestamp(flagship.start) + pd.Timedelta(minutes=h)
    assert not ((log.activity == "arrive") & (log.timestamp > t_h)).any()
    # the monitor and the observer stop at the horizon
    assert res.timeseries["minute"].max() < h
    assert (res.activations.loc[res.activations.event == "plan_activated", "minute"] < h).all()
