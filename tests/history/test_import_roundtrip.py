"""Round trips: a known canonical table -> a messy export in a preset's shape (CSV or Excel, English or
Chinese headers and values, mixed zone notations, repeats, blanks, planted bad rows) -> load_history gives
back exactly the same contacts, and reports exactly the planted rows, each for its planted reason."""
from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from sim.history.exports import CLEAN, Mess, example_table, write_export
from sim.history.mapping import load_mapping
from sim.history.pseudonym import pseudonymise
from sim.history.read import HistoryError, load_history

SALT = b"round-trip-salt-0123"


def in_zone(preset: str, zone: str, encoding: str = "utf-8-sig"):
    mapping = load_mapping(preset)
    return mapping.model_copy(update={"time": mapping.time.model_copy(update={"zone": zone}), "encoding": encoding})


MESSY = Mess()


def round_trip(tmp_path, preset, name, *, n=300, seed=5, mess=MESSY, zone="Asia/Shanghai", encoding="utf-8-sig",
               start="2026-03-02"):
    table = example_table(n, kind=preset, seed=seed, start=start)
    export = write_export(table, tmp_path / name, preset, seed=seed, mess=mess, zone=zone, encoding=encoding)
    history = load_history(export.path, in_zone(preset, zone, encoding), salt=SALT)
    expected = export.expected.assign(customer=pseudonymise(export.expected["customer"], SALT))
    pd.testing.assert_frame_equal(history.table, expected)
    rows = {int(line.removeprefix(f"{export.path}:").split(":")[0]): line for line in history.problems}
    assert sorted(rows) == sorted(export.planted)
    assert history.summary["skipped"] == dict(sorted(Counter(export.planted.values()).items()))
    assert history.summary["duplicate_rows"] == export.duplicate_rows
    return table, export, history


def test_tickets_csv_with_every_kind_of_mess(tmp_path):
    table, export, history = round_trip(tmp_path, "tickets", "tickets.csv")
    assert set(export.planted.values()) == {"bad_time", "order", "unknown_value", "missing", "duplicate_id",
                                            "satisfaction_range"}
    assert export.duplicate_rows > 0 and export.expected["category"].isna().any()      # the mess was there
    text = export.path.read_text(encoding="utf-8-sig")
    assert "电话" in text and "Z," in text and "+08:00" in text and "年" in text and "/" in text
    assert len(history.table) == len(table)


def test_calls_xlsx_with_chinese_headers(tmp_path):
    table, export, history = round_trip(tmp_path, "calls", "calls.xlsx", n=150, mess=Mess(headers="zh"))
    assert history.table["abandoned"].notna().sum() == table["abandoned"].notna().sum() > 0
    assert "呼叫编号" in pd.read_excel(export.path, dtype=str, engine="openpyxl").columns


def test_a_gb18030_export_and_a_zone_with_daylight_saving(tmp_path):
    # New York around the autumn change (2026-11-01): 01:xx happens twice. The first (EDT) is written as local
    # time and read back as the earlier one (the preset's rule); the second (EST) must carry its offset, the
    # only offsets in this export. Both come back to the right instant.
    mess = Mess(headers="zh", chinese=1.0, offsets=0.0, formats=0.0)
    _, export, _ = round_trip(tmp_path, "tickets", "gb.csv", n=400, mess=mess, zone="America/New_York",
                              encoding="gb18030", start="2026-10-29")
    text = export.path.read_text(encoding="gb18030")
    assert "2026-11-01 01:" in text and "-05:00" in text and "-04:00" not in text
    assert "创建时间" in text and "电话" in text
    with pytest.raises(HistoryError, match="cannot be read as utf-8-sig; set 'encoding' in the mapping"):
        load_history(tmp_path / "gb.csv", in_zone("tickets", "America/New_York"), salt=SALT)


def test_a_clean_export_is_read_without_a_single_problem(tmp_path):
    _, export, history = round_trip(tmp_path, "tickets", "clean.csv", n=100, mess=CLEAN)
    assert export.planted == {} and history.problems == [] and export.duplicate_rows == 0
    assert list(history.table["source_row"]) == list(range(2, 102))
