"""Every bad row gets one line `file:row: column: problem`, every row is counted, nothing is dropped silently.
Small hand-written exports, each row's fate known in advance."""
from __future__ import annotations

import pandas as pd
import pytest

from sim.history.mapping import mapping_from_dict
from sim.history.read import HistoryError, load_history
from sim.history.table import check_table

SALT = "0123456789abcdef"
TICKETS = {"preset": "tickets", "time": {"zone": "Asia/Shanghai"}}
HEADER = "ticket_id,customer_id,channel,category,priority,created_at,first_reply_at,solved_at,satisfaction\n"


def load(tmp_path, body, mapping=None, name="t.csv", lang="en", header=HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    history = load_history(path, mapping_from_dict(mapping or TICKETS), salt=SALT, lang=lang)
    check_table(history.table)
    s = history.summary
    assert s["rows"] == s["kept"] + s["duplicate_rows"] + s["blank"] + sum(s["skipped"].values())
    return history, [p.replace(f"{path}:", "") for p in history.problems]


def test_each_kind_of_bad_row_is_reported_once_at_its_row(tmp_path):
    rows = [
        "T1,u1,电话,产品质量,P1,2026-03-02 08:00,2026-03-02 08:30,2026-03-03 08:00,5",     # 2 kept
        ",u2,电话,产品质量,P1,2026-03-02 08:00,,,",                                         # 3 no id
        "T3,u3,电话,产品质量,P1,,,,",                                                       # 4 no created
        "T4,u4,电话,产品质量,P1,next week,,,",                                              # 5 unreadable
        "T5,u5,fax,产品质量,P1,2026-03-02 08:00,,,",                                         # 6 unknown channel
        "T6,u6,电话,外星人,P1,2026-03-02 08:00,,,",                                          # 7 unknown category
        "T7,u7,电话,产品质量,P9,2026-03-02 08:00,,,",                                        # 8 unknown priority
        "T8,u8,电话,产品质量,P1,2026-03-02 08:00,2026-03-02 07:59,,",                        # 9 reply before
        "T9,u9,电话,产品质量,P1,2026-03-02 08:00,2026-03-02 09:00,2026-03-02 08:59,",        # 10 solved before reply
        "T10,u10,电话,产品质量,P1,2026-03-02 08:00,,,meh",                                   # 11 satisfaction
        "T11,u11,fax,外星人,P9,next week,,,",                                                # 12 first problem only
        "T1,u1,电话,产品质量,P2,2026-03-02 08:00,2026-03-02 08:30,2026-03-03 08:00,5",      # 13 id again, other content
    ]
    history, problems = load(tmp_path, "\n".join(rows) + "\n")
    assert list(history.table["contact_id"]) == ["T1"]
    assert problems == [
        "3: ticket_id: required value is missing",
        "4: created_at: required value is missing",
        "5: created_at: 'next week' is not a date and time (expected e.g. 2026-03-02 08:00:00)",
        "6: channel: unknown channel value 'fax'; add it under values.channel in the mapping",
        "7: category: unknown category value '外星人'; add it under values.category in the mapping",
        "8: priority: unknown severity value 'P9'; add it under values.severity in the mapping",
        "9: first_reply_at: '2026-03-02 07:59' is before created ('2026-03-02 08:00')",
        "10: solved_at: '2026-03-02 08:59' is before first response ('2026-03-02 09:00')",
        "11: satisfaction: 'meh' is not a satisfaction answer the mapping knows",
        "12: created_at: 'next week' is not a date and time (expected e.g. 2026-03-02 08:00:00)",
        "13: ticket_id: id 'T1' is also on row 2 with different content (priority); row 2 is kept",
    ]
    assert history.summary["skipped"] == {"bad_satisfaction": 1, "bad_time": 2, "duplicate_id": 1, "missing": 2,
                                          "order": 2, "unknown_value": 3}


def test_equal_times_are_in_order(tmp_path):
    history, problems = load(tmp_path, "T1,u,email,,,2026-03-02 08:00,2026-03-02 08:00,2026-03-02 08:00,\n")
    assert problems == [] and len(history.table) == 1


def test_repeated_rows_are_kept_once_and_counted(tmp_path):
    row = "T1,u1,电话,产品质量,P1,2026-03-02 08:00,2026-03-02 08:30,,4\n"
    same_instant = "T1,u1,phone,product quality,p1,2026-03-02T00:00:00Z,2026-03-02 08:30+08:00,,4\n"
    history, problems = load(tmp_path, row + row + "\n" + same_instant + ",,,,,,,,\n" + row)
    assert problems == []
    assert list(history.table["source_row"]) == [2]
    assert history.summary | {"source": ""} == {"source": "", "rows": 6, "kept": 1, "duplicate_rows": 3, "blank": 2,
                                                 "skipped": {}, "fallback": {}}


def test_source_rows_count_the_header_and_blank_lines(tmp_path):
    history, _ = load(tmp_path, "A,u,email,,,2026-03-02 08:00,,,\n\nB,u,email,,,2026-03-02 09:00,,,\n")
    assert list(history.table["source_row"]) == [2, 4]


@pytest.mark.parametrize(("answer", "satisfied"), [
    ("5", True), ("4", True), ("4.0", True), ("3.99", False), ("3", False), ("1", False),
    ("满意", True), ("非常满意", True), ("一般", False), ("不满意", False), ("Satisfied", True), ("offered", None),
    ("", None),
])
def test_satisfaction_at_the_threshold(tmp_path, answer, satisfied):
    history, problems = load(tmp_path, f"T1,u,email,,,2026-03-02 08:00,,,{answer}\n")
    assert problems == []
    got = history.table["satisfied"].iloc[0]
    assert (None if pd.isna(got) else bool(got)) == satisfied


@pytest.mark.parametrize("answer", ["0.99", "0", "5.01", "6"])
def test_scores_off_the_scale_are_problems(tmp_path, answer):
    _, problems = load(tmp_path, f"T1,u,email,,,2026-03-02 08:00,,,{answer}\n")
    assert problems == [f"2: satisfaction: score {answer} is outside the scale 1 to 5"]


def test_a_threshold_moved_by_the_mapping(tmp_path):
    mapping = {**TICKETS, "satisfaction": {"labels": {}, "at_least": 9, "of": 10, "lowest": 0}}
    history, problems = load(tmp_path, "A,u,email,,,2026-03-02 08:00,,,9\nB,u,email,,,2026-03-02 08:00,,,8.5\n"
                                       "C,u,email,,,2026-03-02 08:00,,,0\n", mapping)
    assert problems == [] and list(history.table["satisfied"]) == [True, False, False]


def test_a_fallback_is_counted_not_hidden(tmp_path):
    history, problems = load(tmp_path, "A,u,email,外星人,,2026-03-02 08:00,,,\nB,u,email,物流,,2026-03-02 08:00,,,\n",
                             {**TICKETS, "fallback": {"category": "other"}})
    assert problems == [] and list(history.table["category"]) == ["other", "logistics"]
    assert history.summary["fallback"] == {"category": ("other", 1)}
    assert "1 unknown category values read as other (the mapping's fallback)" in history.summary_lines()


def test_the_period_keeps_whole_local_days(tmp_path):
    # 2026-03-02 00:00 and 2026-03-03 23:59 Beijing time are inside; the minutes either side are not.
    rows = ["A,u,email,,,2026-03-01 23:59:59,,,", "B,u,email,,,2026-03-02 00:00,,,", "C,u,email,,,2026-03-03 23:59:59,,,",
            "D,u,email,,,2026-03-04 00:00,,,"]
    history, problems = load(tmp_path, "\n".join(rows) + "\n",
                             {**TICKETS, "period": {"start": "2026-03-02", "end": "2026-03-03"}})
    assert problems == [] and list(history.table["contact_id"]) == ["B", "C"]
    assert history.summary["skipped"] == {"outside_period": 2}
    assert history.table.attrs["period"] == (pd.Timestamp("2026-03-01 16:00", tz="UTC"),
                                             pd.Timestamp("2026-03-03 16:00", tz="UTC"))


def test_calls_answered_abandoned_or_only_ended(tmp_path):
    header = "call_id,caller_id,queue,offered_at,answered_at,abandoned_at,ended_at\n"
    body = ("C1,u,一线,2026-03-02 08:00,2026-03-02 08:01,,2026-03-02 08:06\n"
            "C2,u,一线,2026-03-02 08:00,,2026-03-02 08:02,\n"
            "C3,u,一线,2026-03-02 08:00,,,2026-03-02 08:03\n"             # only an end: abandoned then
            "C4,u,一线,2026-03-02 08:00,2026-03-02 08:01,2026-03-02 08:02,\n"
            "C5,u,一线,2026-03-02 08:00,,,\n")
    history, problems = load(tmp_path, body, {"preset": "calls", "time": {"zone": "UTC"}}, header=header)
    table = history.table.set_index("contact_id")
    assert list(table.index) == ["C1", "C2", "C3"]
    assert set(table["channel"]) == {"hotline"} and set(table["team"]) == {"frontline"}
    assert str(table.loc["C3", "abandoned"]) == "2026-03-02 08:03:00+00:00" and pd.isna(table.loc["C3", "resolved"])
    assert pd.isna(table.loc["C2", "first_response"]) and pd.notna(table.loc["C1", "resolved"])
    assert problems == ["5: abandoned_at: the call has both an answered and an abandoned time",
                        "6: offered_at: the call has no answered, abandoned or end time"]


def test_problem_and_summary_lines_in_chinese(tmp_path):
    history, problems = load(tmp_path, "T1,u,fax,,,2026-03-02 08:00,,,\nT2,u,email,,,2026-03-02 08:00,,,\n",
                             lang="zh")
    assert problems == ["2: channel：未知的渠道取值 'fax'；请在映射文件的 values.channel 下添加"]
    lines = history.summary_lines()
    assert lines[0].endswith("读取 2 行，保留 1 行") and "跳过 1 行：映射文件未定义的取值" in lines


@pytest.mark.parametrize(("name", "content", "message"), [
    ("t.txt", "x", "{path}: .txt files are not read; export the history as .csv or .xlsx"),
    ("t.csv", "id,when\n1,2\n", ("{path}: no column 'channel' / 'Channel' / 'via' / '渠道' / '投诉渠道' (the file "
                                 "has: 'id', 'when')")),
])
def test_files_that_cannot_be_read_are_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HistoryError) as caught:
        load_history(path, mapping_from_dict(TICKETS), salt=SALT)
    assert caught.value.text() == message.format(path=path)


def test_a_missing_file(tmp_path):
    with pytest.raises(HistoryError) as caught:
        load_history(tmp_path / "none.csv", "tickets", salt=SALT)
    assert caught.value.text("zh") == f"{tmp_path / 'none.csv'}: 找不到文件"
