"""Encodings and Excel: Chinese Excel saves CSV as GB18030, others add a BOM; Excel cells hold real dates
and numbers. The same three tickets must come out of every file."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from sim.history import read
from sim.history.mapping import mapping_from_dict
from sim.history.read import HistoryError, load_history

ROWS = [["工单号", "渠道", "分类", "创建时间", "满意度"],
        ["T1", "电话", "产品质量", "2026-03-02 08:00:00", "满意"],
        ["T2", "邮件", "物流", "2026-03-02 09:30:00", "2"],
        ["T3", "微博", "其他", "2026-03-02 10:00:00", ""]]
MAPPING = {"preset": "tickets", "time": {"zone": "Asia/Shanghai"}}


def check(history):
    table = history.table
    assert history.problems == []
    assert list(table["contact_id"]) == ["T1", "T2", "T3"]
    assert list(table["channel"]) == ["hotline", "email", "social_media"]
    assert list(table["category"]) == ["product_quality", "logistics", "other"]
    assert [str(t) for t in table["created"]] == ["2026-03-02 00:00:00+00:00", "2026-03-02 01:30:00+00:00",
                                                  "2026-03-02 02:00:00+00:00"]
    assert list(table["satisfied"].astype(object).fillna("NA")) == [True, False, "NA"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes("\r\n".join(",".join(r) for r in ROWS).encode(encoding) + b"\r\n")
    check(load_history(path, mapping_from_dict({**MAPPING, "encoding": encoding}), salt="s" * 16))


def test_the_wrong_encoding_is_one_line_naming_the_fix(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\n".join(",".join(r) for r in ROWS).encode("gb18030"))
    with pytest.raises(HistoryError) as caught:
        load_history(path, mapping_from_dict(MAPPING), salt="s" * 16)
    assert caught.value.text() == (f"{path}: cannot be read as utf-8-sig; set 'encoding' in the mapping (utf-8, "
                                   "utf-8-sig or gb18030, which Chinese Excel uses for CSV)")


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_xlsx_with_date_and_number_cells(tmp_path, monkeypatch, engine):
    if engine == "calamine":
        pytest.importorskip("python_calamine")
    monkeypatch.setattr(read, "excel_engine", lambda: engine)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ROWS[0])
    sheet.append(["T1", "电话", "产品质量", dt.datetime(2026, 3, 2, 8, 0), "满意"])
    sheet.append(["T2", "邮件", "物流", dt.datetime(2026, 3, 2, 9, 30), 2])          # a number cell
    sheet.append([None] * 5)                                                          # a blank row
    sheet.append(["T3", "微博", "其他", "2026-03-02 10:00:00", None])                  # a date typed as text
    book.save(tmp_path / "t.xlsx")
    history = load_history(tmp_path / "t.xlsx", mapping_from_dict(MAPPING), salt="s" * 16)
    check(history)
    assert list(history.table["source_row"]) == [2, 3, 5] and history.summary["blank"] == 1


def test_a_broken_workbook_is_one_line(tmp_path):
    (tmp_path / "t.xlsx").write_bytes(b"not a zip file")
    with pytest.raises(HistoryError) as caught:
        load_history(tmp_path / "t.xlsx", mapping_from_dict(MAPPING), salt="s" * 16)
    assert caught.value.text().startswith(f"{tmp_path / 't.xlsx'}: cannot be read: ")
    assert len(caught.value.text().splitlines()) == 1
