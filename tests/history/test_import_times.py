"""Time zones on import, at their boundaries: offsets against UTC against naive times read in a zone, the
hour a daylight-saving change skips or repeats, per-row zone columns, and dates that merely look like
offsets. Each expected instant is worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from sim.history import times
from sim.history.mapping import mapping_from_dict
from sim.history.read import HistoryError, load_history

UTC = pd.Timestamp


def utc(values, **kw):
    when, status = times.to_utc(pd.Series(values), **kw)
    return [None if pd.isna(w) else w.isoformat() for w in when], list(status)


def test_the_same_instant_in_every_notation():
    # 08:00 in Beijing (UTC+8, no DST) is 00:00 UTC, however it is written.
    written = ["2026-03-02 08:00:00", "2026-03-02T08:00:00+08:00", "2026-03-02 08:00 +0800", "2026-03-02 08:00 GMT+8",
               "2026-03-02T00:00:00Z", "2026-03-02 00:00:00 UTC", "2026/03/02 08:00:00", "2026年03月02日 08:00:00",
               "2026-03-01 19:00:00-05:00"]
    when, status = utc(written, zone="Asia/Shanghai", formats=["%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S"])
    assert status == ["ok"] * len(written)
    assert when == ["2026-03-02T00:00:00+00:00"] * len(written)


def test_naive_times_take_the_mappings_zone_and_only_they_do():
    when, _ = utc(["2026-03-02 08:00", "2026-03-02 08:00Z"], zone="Europe/London")
    assert when == ["2026-03-02T08:00:00+00:00", "2026-03-02T08:00:00+00:00"]
    when, _ = utc(["2026-07-02 08:00", "2026-07-02 08:00Z"], zone="Europe/London")     # BST: UTC+1 in summer
    assert when == ["2026-07-02T07:00:00+00:00", "2026-07-02T08:00:00+00:00"]


def test_a_date_is_not_read_as_an_offset():
    # "-02" ends the date 2026-03-02: read as an offset it would shift the day by two hours.
    when, status = utc(["2026-03-02"], zone="UTC")
    assert (when, status) == (["2026-03-02T00:00:00+00:00"], ["ok"])


def test_offsets_at_and_beyond_fourteen_hours():
    when, status = utc(["2026-03-02 14:00+14:00", "2026-03-02 14:00+14:01", "2026-03-02 14:00+15"], zone="UTC")
    assert when[0] == "2026-03-02T00:00:00+00:00"
    assert status == ["ok", "bad_time", "bad_time"]


@pytest.mark.parametrize(("written", "ambiguous", "expected", "status"), [
    ("2026-03-08 01:59:59", "earlier", "2026-03-08T06:59:59+00:00", "ok"),     # last second of EST
    ("2026-03-08 02:00:00", "earlier", None, "time_gap"),                      # skipped: clocks 02:00 -> 03:00
    ("2026-03-08 02:59:59", "earlier", None, "time_gap"),
    ("2026-03-08 03:00:00", "earlier", "2026-03-08T07:00:00+00:00", "ok"),     # first second of EDT
    ("2026-11-01 00:59:59", "problem", "2026-11-01T04:59:59+00:00", "ok"),     # still only once
    ("2026-11-01 01:30:00", "earlier", "2026-11-01T05:30:00+00:00", "ok"),     # first 01:30 (EDT, UTC-4)
    ("2026-11-01 01:30:00", "later", "2026-11-01T06:30:00+00:00", "ok"),       # second 01:30 (EST, UTC-5)
    ("2026-11-01 01:30:00", "problem", None, "time_ambiguous"),
    ("2026-11-01 02:00:00", "problem", "2026-11-01T07:00:00+00:00", "ok"),     # after the repeat
    ("2026-11-01 01:30:00-05:00", "problem", "2026-11-01T06:30:00+00:00", "ok"),  # an offset settles it
])
def test_daylight_saving_changes(written, ambiguous, expected, status):
    when, got = utc([written], zone="America/New_York", ambiguous=ambiguous)
    assert (when[0], got[0]) == (expected, status)


def test_a_zone_column_of_offsets_and_names_per_row():
    row_zone = times.zone_of_rows(pd.Series(["+08:00", "Asia/Tokyo", "UTC", "-0530", "Mars/Olympus", ""]))
    when, status = utc(["2026-03-02 08:00"] * 5 + ["2026-03-02 08:00+01:00"], row_zone=row_zone)
    assert when[:4] == ["2026-03-02T00:00:00+00:00", "2026-03-01T23:00:00+00:00", "2026-03-02T08:00:00+00:00",
                        "2026-03-02T13:30:00+00:00"]
    assert status == ["ok", "ok", "ok", "ok", "bad_zone", "ok"]
    assert when[5] == "2026-03-02T07:00:00+00:00"              # a written offset wins over the zone column


def _load(tmp_path, text, **mapping):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    base = {"kind": "tickets", "columns": {"contact_id": "id", "channel": "ch", "created": "created",
                                           "zone": "tz"}}
    return load_history(path, mapping_from_dict({**base, **mapping}), salt="s" * 16)


def test_problem_lines_name_the_row_and_the_zone(tmp_path):
    history = _load(tmp_path, "id,ch,created,tz\nA,email,2026-03-08 02:30,America/New_York\n"
                              "B,email,2026-03-08 02:30,Asia/Shanghai\nC,email,2026-03-08 02:30,Moon/Base\n")
    assert [str(t) for t in history.table["created"]] == ["2026-03-07 18:30:00+00:00"]
    assert history.problems == [
        (f"{tmp_path / 't.csv'}:2: created: '2026-03-08 02:30' never happened in America/New_York: the clocks "
         "skipped it (daylight saving)"),
        f"{tmp_path / 't.csv'}:4: tz: 'Moon/Base' is neither an offset (+08:00) nor a time zone (Asia/Shanghai)"]


def test_naive_times_with_no_zone_anywhere_are_one_mapping_problem(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,ch,created\nA,email,2026-03-02 08:00\n", encoding="utf-8")
    mapping = mapping_from_dict({"kind": "tickets", "columns": {"contact_id": "id", "channel": "ch",
                                                                "created": "created"}})
    with pytest.raises(HistoryError) as caught:
        load_history(path, mapping, salt="s" * 16)
    assert caught.value.text() == (f"{path}: created: times such as '2026-03-02 08:00' have no offset; set "
                                   "time.zone in the mapping (e.g. Asia/Shanghai) or name a zone column")
    path.write_text("id,ch,created\nA,email,2026-03-02 08:00Z\n", encoding="utf-8")     # with offsets: fine
    assert len(load_history(path, mapping, salt="s" * 16).table) == 1
