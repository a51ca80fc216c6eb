"""What the calendar holds: deadlines kept off it (escalation points, callers' patience) fire exactly when
and in the order their own SimPy events would have, and shifts are put on it one span at a time in the
places they had when every span was a process begun at the start."""
import random

import simpy

from sim.format.load import scenario_from_dict
from sim.simulation.centre import Centre
from sim.simulation.deadlines import Deadlines


def _fired(use_deadlines: bool, seed: int) -> tuple[list, int]:
    """Random deadlines, some of them answered before they fall due, among other timed events: what
    fires when, and how many events the calendar processed."""
    rng = random.Random(seed)
    env = simpy.Environment()
    deadlines = Deadlines(env)
    seen, answered = [], set()
    processed = [0]
    step = env.step

    def counted():
        processed[0] += 1
        step()
    env.step = counted

    def pending(name, _arg):
        return name not in answered

    def fire(name, arg):
        if pending(name, arg):
            seen.append((name, arg, env.now))

    def customer(k):
        yield env.timeout(rng.expovariate(1.0))
        patience = rng.expovariate(0.05)
        if use_deadlines:
            deadlines.add(patience, pending, fire, k, "late")
        else:
            env.timeout(patience).callbacks.append(lambda _ev: fire(k, "late"))
        yield env.timeout(rng.expovariate(0.5))
        if rng.random() < 0.8:
            answered.add(k)                  # answered in time: the deadline finds nothing to do
            seen.append((k, "answered", env.now))

    def source():
        for k in range(300):
            yield env.timeout(rng.expovariate(2.0))
            env.process(customer(k))

    env.process(source())
    env.run()
    return seen, processed[0]


def test_deadlines_fire_as_their_own_events_would_and_skip_the_calendar():
    for seed in range(5):
        kept_off, fewer = _fired(True, seed)
        on_calendar, events = _fired(False, seed)
        assert kept_off == on_calendar                      # the same firings, times and order
        assert any(what == "late" for _, what, _ in kept_off)
        assert fewer < events - 150                         # most answered deadlines never reached it


def test_a_deadline_set_while_others_fire_waits_for_its_own_turn():
    env = simpy.Environment()
    deadlines = Deadlines(env)
    seen = []
    env.timeout(2).callbacks.append(lambda _ev: seen.append("event at 2, scheduled first"))

    def fire(name, _arg):
        seen.append(name)
        if name == "a":                     # due now: after the events already scheduled for now
            deadlines.add(0.0, lambda *_: True, fire, "set by a", None)
            env.timeout(0).callbacks.append(lambda _ev: seen.append("event set by a"))

    deadlines.add(2, lambda *_: True, fire, "a", None)
    deadlines.add(2, lambda *_: True, fire, "b", None)
    env.run()
    assert seen == ["event at 2, scheduled first", "a", "b", "set by a", "event set by a"]
    assert len(deadlines) == 0


def test_a_long_run_keeps_one_shift_start_per_roster_line_on_the_calendar(flagship):
    data = flagship.model_dump(mode="json", by_alias=True)
    data.update(horizon="60d", drill=None)
    long = scenario_from_dict(data, flagship.plan, name="long")
    centre = Centre(long, seed=3)
    centre.start()
    lines = sum(1 for spec in long.staffing.values() for shift in spec.shifts if shift.staff > 0)
    spans = sum(len(shift.spans(long.start, centre.horizon + centre.drain_for))
                for spec in long.staffing.values() for shift in spec.shifts if shift.staff > 0)
    assert spans > 10 * lines
    assert len(centre.env._queue) <= 2 * lines + 3          # a start or an end per line, and the stories
    centre.run(until=7 * 1440.0)
    assert len(centre.env._queue) < spans
    on_duty = {name: pool.on_duty for name, pool in centre.teams.items()}
    assert on_duty["frontline"] > 0


def test_a_queue_rebuilt_without_stale_entries_serves_in_the_same_order():
    from sim.simulation import resources
    from sim.simulation.resources import TeamPool

    def served(limit: int) -> tuple[list, int]:
        old, resources.STALE_AT_LEAST = resources.STALE_AT_LEAST, limit
        try:
            env = simpy.Environment()
            pool = TeamPool(env, "specialist", spec=None)
            rng = random.Random(4)
            requests = [pool.wait(rng.randint(1, 3), case=k) for k in range(3000)]
            longest = 0
            for req in rng.sample(requests, 2500):           # escalated: raised once or twice
                pool.bump(req, req.key[0] - 1)
                if rng.random() < 0.3:
                    pool.cancel(req)                        # some hang up
                longest = max(longest, len(pool.queue))
            (agent,) = pool.join(1, shift_end=1e9)
            while pool.waiting:
                pool.release(agent)                         # the agent takes the next request
            # Requests succeed in the order served: their events are on the calendar in that order.
            order = [e[3].case for e in sorted(env._queue, key=lambda e: e[2]) if e[3]._value is agent]
            return order, longest
        finally:
            resources.STALE_AT_LEAST = old

    rebuilt, short = served(64)
    kept, long = served(10**9)                              # never rebuilt
    assert rebuilt == kept and len(rebuilt) > 1500
    assert short < long
