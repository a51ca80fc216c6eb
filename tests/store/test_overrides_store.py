"""Trainers' overrides in the results store: appended, never replaced, the whole history read back — and a database
made before the table existed opens, keeps its results and takes overrides. On SQLite and on PostgreSQL."""
import time

import pytest
import sqlalchemy as sa

from sim.drill.overrides import latest
from sim.store import schema
from sim.store.results import Store, StoreError


def test_overrides_are_appended_and_the_history_is_kept(db_url):
    store = Store(db_url)
    a1 = store.start_attempt("Ann", "sc", "hash", "en")
    a2 = store.start_attempt("Bo", "sc", "hash", "zh")
    first = store.add_override(a1, "reply-li", 2.5, 1.0, "Apology in other words", "Wang Fang")
    time.sleep(0.01)
    second = store.add_override(a1, "reply-li", 3, 2.5, "对照录音后再改", "王芳")
    store.add_override(a2, "public", 0.0, None, "Named another customer", "Li Lei")
    history = store.overrides(a1)
    assert history == [first, second]                                  # oldest first, nothing replaced
    assert (second.points, second.old_points, second.comment, second.by) == (3.0, 2.5, "对照录音后再改", "王芳")
    assert history[0].at.tzinfo is not None and history[0].at <= history[1].at
    assert latest(history)["reply-li"] == second
    both = store.overrides_for([a1, a2, 999])
    assert [o.prompt_id for o in both[a2]] == ["public"] and both[a2][0].old_points is None and both[999] == []
    assert store.overrides_for([]) == {}
    with pytest.raises(StoreError, match="no attempt 999"):
        store.add_override(999, "reply-li", 1, 0, "x", "y")
    assert len(store.overrides(a1)) == 2


def _old_schema(url: str) -> None:
    """The database as the kit made it before overrides: every table but that one, with a finished attempt."""
    old = sa.MetaData()
    for table in schema.metadata.sorted_tables:
        if table.name != "overrides":
            table.to_metadata(old)
    engine = sa.create_engine(url)
    try:
        old.create_all(engine)
        with engine.begin() as conn:
            now = schema.now()
            tid = conn.execute(old.tables["trainees"].insert().values(name="Ann", created_at=now)).inserted_primary_key[0]
            aid = conn.execute(old.tables["attempts"].insert().values(
                trainee_id=tid, scenario_id="sc", content_hash="h", language="en", started_at=now, finished_at=now,
                status="finished")).inserted_primary_key[0]
            conn.execute(old.tables["answers"].insert().values(attempt_id=aid, prompt_id="reply-li", value="Sorry.",
                                                                elapsed=3.0, answered_at=now))
            conn.execute(old.tables["scores"].insert().values(
                attempt_id=aid, content_hash="h", computed_at=now, points=1.0, max_points=3.0, total=1 / 3,
                passed=False, detail={"prompts": [{"prompt_id": "reply-li", "points": 1.0}]}))
        assert "overrides" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_database_made_before_overrides_opens_and_takes_them(db_url):
    _old_schema(db_url)
    store = Store(db_url)                                # creates the missing table, touches nothing else
    [attempt] = store.attempts(trainee="Ann")
    assert attempt.status == "finished" and [a.value for a in store.answers(attempt.id)] == ["Sorry."]
    [score] = store.scores(attempt.id)
    assert score.detail["prompts"][0]["points"] == 1.0 and "overrides" not in score.detail    # an old score reads
    assert store.overrides(attempt.id) == []
    store.add_override(attempt.id, "reply-li", 3.0, 1.0, "fine", "Wang")
    assert [o.points for o in Store(db_url).overrides(attempt.id)] == [3.0]     # and opening again keeps it
