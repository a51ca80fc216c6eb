"""The fast path's pieces on small hand-built cases: the case book and event log in columns (doubling,
values before anything happens, the live views the command drill reads), the event log as a table, the
garbage-collector pause, stories without a SimPy process, work alongside the handler, and random numbers
drawn in blocks that are the same numbers as drawn one by one (the same seed, the same run)."""
import gc

import numpy as np
import pandas as pd
import pytest
import simpy

from sim.format.load import scenario_from_dict
from sim.simulation.arrivals import streams
from sim.simulation.casebook import ACTIVITY, NO_AGENT, SELF_SERVICE, CaseBook, EventLog
from sim.simulation.centre import LATER_BLOCK, NEEDS_BLOCK, Centre, CentreOptions
from sim.simulation.collector import paused
from sim.simulation.frames import complaints_frame, log_frame
from sim.simulation.records import ABANDONED, N_UNIFORMS, OPEN, RunRecords
from sim.simulation.replication import simulate
from sim.simulation.story import Alongside, tell


def _admit(book, t):
    return book.admit(t, channel=1, category=0, severity=2, incident=-1, kind=0, parent=-1, sync=False)


def test_the_book_doubles_and_keeps_every_row():
    book = CaseBook(capacity=3)
    for k in range(10):                      # 3 -> 6 -> 12
        assert _admit(book, float(k)) == k
        book.outcome[k] = ABANDONED if k % 2 else OPEN
    assert book.capacity == 12 and len(book) == 10
    cols = book.arrays()
    np.testing.assert_array_equal(cols["arrival_min"], np.arange(10.0))
    np.testing.assert_array_equal(cols["outcome"], [0, 2] * 5)
    np.testing.assert_array_equal(cols["case_id"], np.arange(10))
    # fields nobody wrote read as "not yet": NaN times, grade -1, never surveyed, no escalation
    assert np.isnan(cols["intake_min"]).all() and (cols["grade"] == -1).all()
    assert (cols["satisfied"] == -1).all() and (cols["escalations"] == 0).all() and not cols["waited"].any()
    assert cols["severity"].dtype == np.int8 and cols["parent"].dtype == np.int64 and cols["sync"].dtype == bool


def test_a_copy_does_not_move_with_the_run_and_a_view_does():
    book = CaseBook(capacity=4)
    _admit(book, 1.0)
    copy, view = book.arrays(copy=True), book.arrays(copy=False)
    book.intake_min[0] = 5.0
    assert np.isnan(copy["intake_min"][0]) and view["intake_min"][0] == 5.0


def test_views_read_the_book_as_it_stands_by_the_old_names():
    book = CaseBook(capacity=2)
    for t in (1.0, 2.0, 3.0):
        _admit(book, t)
    book.intake_min[2] = 4.5
    assert [c.t_arrive for c in reversed(book)] == [3.0, 2.0, 1.0]
    assert [c.id for c in book[-2:]] == [1, 2] and book[-1].t_intake == 4.5
    assert book[0].outcome == OPEN and book[0].severity == 2 and book[0].sync is False
    with pytest.raises(IndexError):
        book[3]
    with pytest.raises(AttributeError):
        book[0].no_such_field           # noqa: B018


def test_the_event_log_as_a_table_names_codes_and_agents(flagship):
    """Hand-written log rows: who did each step comes back as "frontline-3", "self_service" or ""."""
    log = EventLog(capacity=1)
    log.add(0, ACTIVITY["arrive"], 0.0)
    log.add(0, ACTIVITY["intake_start"], 1.5, team=1, agent=3)
    log.add(1, ACTIVITY["deflected"], 2.0, team=0, agent=SELF_SERVICE)
    log.add(0, ACTIVITY["escalated"], 3.0, team=1, agent=NO_AGENT)
    book = CaseBook()
    _admit(book, 0.0)
    _admit(book, 2.0)
    records = RunRecords(flagship, 10.0, book.arrays(), log.arrays())
    frame = log_frame(records)
    assert list(frame["activity"]) == ["arrive", "intake_start", "deflected", "escalated"]
    assert list(frame["resource"]) == ["", "frontline-3", "self_service", ""]
    assert list(frame["team"]) == ["", "frontline", "", "frontline"]
    assert list(frame["resource"].cat.categories) == ["", "frontline-3", "self_service"]   # sorted, as occur
    assert frame["case_id"].dtype == np.int64
    assert (frame["timestamp"] - pd.Timestamp(flagship.start)).dt.total_seconds().tolist() == [0, 90, 120, 180]


def test_the_collector_is_paused_and_restored_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        raise RuntimeError("the run failed")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()                             # a caller that switched it off keeps it off
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_story_resumes_with_event_values_and_handles_failures():
    env = simpy.Environment()
    seen = []
    done = env.event()
    done.succeed("early")

    def story():
        seen.append(("start", env.now))
        value = yield env.timeout(3, value="later")
        seen.append((value, env.now))
        again = yield done                   # processed already: goes on at once with its value
        seen.append((again, env.now))
        try:
            yield bad
        except ValueError as exc:
            seen.append((str(exc), env.now))

    bad = env.event()
    tell(story())
    assert seen == [("start", 0)]            # started with no event
    env.run(until=5)
    bad.fail(ValueError("refused"))
    env.run(until=6)
    assert seen == [("start", 0), ("later", 3), ("early", 3), ("refused", 5)]


def test_the_handler_waits_for_the_last_piece_of_work_alongside():
    env = simpy.Environment()

    def work(minutes):
        yield env.timeout(minutes)

    alongside = Alongside(env)
    alongside.add(work(5))
    alongside.add(work(8))
    assert alongside.pending == 2
    alongside.begin()
    env.run(until=1)
    done = alongside.finished()
    env.run(until=9)
    assert done.triggered and done.processed and not alongside
    quick = Alongside(env)
    quick.add(work(1))
    quick.begin()
    env.run(until=11)
    assert quick.finished() is None          # all done before the handler finished: no wait, no event


def test_needs_drawn_in_blocks_are_the_numbers_drawn_at_once(flagship):
    centre = Centre(flagship, seed=5)
    blocks = np.vstack([centre.draw_needs(7), centre.draw_needs(NEEDS_BLOCK)])
    np.testing.assert_array_equal(blocks, streams(5, 0)["service"].random((7 + NEEDS_BLOCK, N_UNIFORMS)))
    rows = [centre._later_needs("retry") for _ in range(LATER_BLOCK + 3)]
    one_by_one = streams(5, 0)["retry"]
    assert rows == [one_by_one.random(N_UNIFORMS).tolist() for _ in range(LATER_BLOCK + 3)]


def test_the_log_changes_nothing_else(flagship):
    data = flagship.model_dump(mode="json", by_alias=True)
    data.update(horizon="18h", drill=None)
    short = scenario_from_dict(data, flagship.plan, name="short")
    with_log = simulate(short, seed=2)
    without = Centre(short, seed=2, options=CentreOptions(record_log=False))
    without.run()
    pd.testing.assert_frame_equal(with_log.complaints, complaints_frame(without.records()))
    assert len(with_log.log) > len(with_log.complaints) and without.log is None
