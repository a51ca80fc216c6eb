"""Warning back-test: the plan's activation triggers run over the history, to show when each would have fired.

The simulator's own monitor state (:class:`sim.simulation.triggers.TriggerWatch`) is fed the history's
contacts in time order, as the centre feeds it: every arrival counts towards the surge if its category and
grade qualify (:func:`sim.rules.surge_qualifies`), and every contact on a public channel adds one post's
weight (:func:`sim.rules.post_weight` of no incident: 1) to the attention index. On the plan's cadence
(``activation.check_every``) the watch is asked which triggers hold, by the plan's rules; the surge is
judged against the *calibrated* baseline, the one the scenario writes.

Two triggers are not in a complaint export: a service outage and "any other situation that could break
customer relationships" are facts about the world, not about contacts. They are reported as not observable,
never as "did not fire".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim import rules
from sim.format.scenario import Scenario
from sim.format.vocabulary import SEVERITY_IDS
from sim.simulation.triggers import TriggerWatch

OBSERVABLE = ("surge", "public_attention")


@dataclass(frozen=True)
class TriggerSpell:
    """A spell during which a trigger held: from the first check it held at to the first it no longer did."""
    trigger: str
    start: float                 # minutes after the scenario's start
    end: float                   # NaN: still holding when the period ended


def trigger_backtest(table: pd.DataFrame, scenario: Scenario, tz: str) -> dict[str, list[TriggerSpell]]:
    """Each observable trigger's spells over the history (an empty list: it never held)."""
    plan = scenario.plan
    origin = pd.Timestamp(scenario.start).tz_localize(tz).tz_convert("UTC")
    t = ((table["created"] - origin).dt.total_seconds() / 60.0).to_numpy(dtype=float)
    keep = (t >= 0) & (t < scenario.horizon) & table["channel"].isin(list(plan.channels)).to_numpy()
    order = np.argsort(t[keep], kind="stable")
    t = t[keep][order]
    cats = list(plan.categories)
    fallback = cats.index("other") if "other" in cats else 0
    cat = table["category"][keep].map({c: i for i, c in enumerate(cats)}).fillna(fallback).to_numpy(int)[order]
    sev = table["severity"][keep].map({s: i for i, s in enumerate(SEVERITY_IDS)}).fillna(0).to_numpy(int)[order]
    public = table["channel"][keep].map({c: s.public for c, s in plan.channels.items()}).to_numpy(bool)[order]
    watch = TriggerWatch(scenario, scenario.horizon)
    weight = rules.post_weight(None)
    spells: dict[str, list[TriggerSpell]] = {name: [] for name in OBSERVABLE}
    since: dict[str, float | None] = {name: None for name in OBSERVABLE}
    every = plan.activation.check_every
    i = 0
    for now in np.arange(0.0, scenario.horizon, every):
        while i < len(t) and t[i] <= now:
            watch.arrival(int(cat[i]), int(sev[i]), float(t[i]))
            if public[i]:
                watch.attention.add(float(t[i]), weight)
            i += 1
        held = watch.held(float(now))
        for name in OBSERVABLE:
            if held[name] and since[name] is None:
                since[name] = float(now)
            elif not held[name] and since[name] is not None:
                spells[name].append(TriggerSpell(name, since[name], float(now)))
                since[name] = None
    for name, began in since.items():
        if began is not None:
            spells[name].append(TriggerSpell(name, began, float("nan")))
    return spells
