"""What the plan's monitor watches in the running centre, and which activation triggers hold.

The plan launches on any one of its triggers (预案的启动条件): a sudden surge of complaints, a service
outage, public attention, or any other situation that could break customer relationships. The centre
feeds a :class:`TriggerWatch` as things happen — each arrival (it counts towards the surge if
:func:`sim.rules.surge_qualifies`, and a first contact about an incident the scenario marks
``relationship_at_risk`` counts towards trigger 4), and each public post, which the centre adds to the
watch's decaying attention index (``TriggerWatch.attention``) — and the monitor asks it, on the plan's
cadence, which triggers hold now. Every threshold and comparison is a rule in :mod:`sim.rules`; this
module only keeps the counts those rules are applied to.

The surge compares qualifying arrivals in the last window with what the baseline alone would have
brought. The baseline expectation is integrated exactly over the arrival profile once per hour at the
start and then read off piecewise linearly, since the monitor asks every few minutes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import rules
from sim.simulation.arrivals import baseline_expected

if TYPE_CHECKING:
    from sim.format.scenario import Scenario


class TriggerWatch:
    """The counts behind the activation triggers: surge window, outages, public attention, and the first
    contacts about each incident that puts a customer relationship at risk."""

    def __init__(self, scenario: Scenario, horizon: float):
        plan = scenario.plan
        self.plan = plan
        self.incidents = scenario.incidents
        self.surge = plan.activation.triggers.surge
        self.other = plan.activation.triggers.other
        self.attention = rules.AttentionIndex(plan.activation.triggers.public_attention.half_life)
        self._window: list[float] = []      # arrival times of qualifying complaints, oldest first
        self._head = 0                      # first one still inside the window
        self._share = rules.surge_share(scenario, self.surge)
        self.qualifies = [[rules.surge_qualifies(self.surge, cat, sev) for sev in rules.GRADES]
                          for cat in plan.categories]
        # Expected baseline arrivals from the start to each whole hour.
        hours = int(horizon // 60) + 2
        per_hour = [baseline_expected(scenario, h * 60.0, (h + 1) * 60.0) for h in range(hours)]
        self._baseline_hourly = per_hour
        self._baseline_prefix = np.concatenate([[0.0], np.cumsum(per_hour)]).tolist()
        # Trigger 4: first contacts so far about each incident the scenario marks relationship_at_risk.
        self._about_at_risk = {k: 0 for k, inc in enumerate(self.incidents) if inc.relationship_at_risk}

    def arrival(self, category: int, severity: int, t: float, incident: int = -1) -> None:
        """A complaint arrived: it counts towards the surge if its category and true grade qualify, and
        towards trigger 4 if it is a first contact about (``incident``: its index, -1 for none or for a
        retry or repeat by the same customer) an incident that puts a relationship at risk."""
        if self.qualifies[category][severity]:
            self._window.append(t)
        if incident in self._about_at_risk:
            self._about_at_risk[incident] += 1

    def held(self, now: float) -> dict[str, bool]:
        """Which activation triggers hold at ``now``, in the plan's order."""
        window = self._window
        cutoff = now - self.surge.window
        head = self._head
        while head < len(window) and window[head] < cutoff:
            head += 1
        self._head = head
        if head > 4096:                     # keep the list short on long runs
            del window[:head]
            self._head = head = 0
        count = len(window) - head
        so_far = (self._baseline_cum(now) - self._baseline_cum(max(0.0, cutoff))) * self._share
        expected = rules.surge_expected(so_far, now, self.surge.window)
        return {
            "surge": rules.surge_holds(count, expected, self.surge),
            "outage": rules.outage_holds(self.incidents, now),
            "public_attention": rules.attention_holds(self.attention.at(now), self.plan),
            "other": any(rules.relationship_holds(n, self.other) for n in self._about_at_risk.values()),
        }

    def _baseline_cum(self, t: float) -> float:
        """Expected baseline arrivals in [0, t] (piecewise linear within each hour)."""
        h = int(t // 60)
        return self._baseline_prefix[h] + self._baseline_hourly[h] * (t - h * 60.0) / 60.0
