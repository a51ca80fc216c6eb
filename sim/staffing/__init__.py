"""Staffing: how many agents a complaint centre needs, and the cheapest roster that meets the plan's targets.

Two answers, a fast one and a faithful one:

* the **analytic** answer (microseconds to milliseconds): the classic call-centre queue models
  (:mod:`~sim.staffing.erlang`) applied hour by hour to the work the scenario offers each team
  (:mod:`~sim.staffing.workload`, with the plan's activation in expectation,
  :mod:`~sim.staffing.activation`), giving a roster (:mod:`~sim.staffing.warm_start`);
* the **plan-level start** (:mod:`~sim.staffing.plan_start`): the fewest people whose analytic KPIs meet
  the targets over the whole horizon, as the targets count (the warm start asks it of every hour);
* the **simulated** answer (:mod:`~sim.staffing.search`): starting from that roster, the cheapest roster
  whose simulated KPIs meet every target (:mod:`~sim.staffing.targets`) with confidence, judged on
  common random numbers (:mod:`~sim.staffing.candidates`), never leaving a shift during which work arrives
  with nobody (:mod:`~sim.staffing.floor`); rosters and their cost are in
  :mod:`~sim.staffing.roster`, the staff-vs-KPI curve in :mod:`~sim.staffing.curve`.

Every plan rule the analytics need (routing, grading floors, triggers, action effects) is asked of
:mod:`sim.rules`, as the simulator asks it, so the two cannot disagree about the plan.
"""
from sim.staffing.curve import staffing_curve
from sim.staffing.erlang import QueueMetrics, erlang_a, erlang_c, fewest_servers
from sim.staffing.floor import shift_work
from sim.staffing.result import SearchCancelled, StaffingError, StaffingResult, unstaffed_teams
from sim.staffing.roster import derive_scenario, roster_cost, roster_frame, scenario_roster, shift_table
from sim.staffing.search import find_staffing
from sim.staffing.targets import Target, TargetError, kpi_names, parse_target, resolve_targets
from sim.staffing.warm_start import WarmStart, erlang_kpis, warm_start
from sim.staffing.workload import Workload, workload

__all__ = ["QueueMetrics", "SearchCancelled", "StaffingError", "StaffingResult", "Target", "TargetError",
           "WarmStart", "Workload", "derive_scenario", "erlang_a", "erlang_c", "erlang_kpis", "fewest_servers",
           "find_staffing", "kpi_names", "parse_target", "resolve_targets", "roster_cost", "roster_frame",
           "scenario_roster", "shift_table", "shift_work", "staffing_curve", "unstaffed_teams", "warm_start",
           "workload"]
