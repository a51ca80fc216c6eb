"""The column-mapping file of ``calibrate`` says each mistake in one line, in English and in Chinese
(``--lang zh``), naming the file, the line and the field; and :func:`sim.format.messages.shown` quotes a
value the way the author wrote it in YAML (``null``, ``true``, ``false``), not the way Python spells it."""
from __future__ import annotations

import re

import pytest

from sim.cli import main
from sim.format.messages import MESSAGES, add_messages, fail_key, shown

# Words a Chinese line may keep: names that are the same in both languages, and the kit's preset ids,
# which the author types after `preset:` as they are.
NAMES = re.compile(r"\bYAML\b|\bUTC\b|\bcalls\b|\btickets\b")

# (file text, line, field, English problem, Chinese problem)
CASES = [
    ("preset: tickets\ntime:\n  zone: Mars/Base\n", 3, "time.zone",
     "unknown time zone 'Mars/Base'; give an IANA name such as Asia/Shanghai or UTC",
     "未知时区 'Mars/Base'；请写出标准时区名，如 Asia/Shanghai 或 UTC"),
    ("preset: tickets\ntime:\n  formats: ['%Y-%m-%d', YYYY-MM]\n", 3, "time.formats[1]",
     "'YYYY-MM' is not a timestamp format; write it like '%Y/%m/%d %H:%M'",
     "'YYYY-MM' 不是时间格式；请写成类似 '%Y/%m/%d %H:%M' 的形式"),
    ("kind: calls\ncolumns: {contact_id: id, created: t, channel: c}\nsatisfaction: {of: 5}\n", 3, "satisfaction",
     "give both 'at_least' (the lowest satisfied score) and 'of' (the top of the scale)",
     "请同时给出 'at_least'（算作满意的最低分）和 'of'（量表的最高分）"),
    ("preset: tickets\nsatisfaction:\n  at_least: 6.5\n  of: 5\n", 3, "satisfaction.at_least",
     "'at_least' 6.5 must lie between 'lowest' (1) and 'of' (5)",
     "'at_least' 6.5 须介于 'lowest'（1）与 'of'（5）之间"),
    ("preset: tickets\nperiod: {start: 2026-03-31, end: 2026-03-01}\n", 2, "period.end",
     "'end' is before 'start'", "'end' 早于 'start'"),
    ("preset: tickets\nperiod: {start: '31/03/2026', end: 2026-04-01}\n", 2, "period.start",
     "'31/03/2026' is not a date; write it as 2026-03-31", "'31/03/2026' 不是日期；请写成 2026-03-31 的形式"),
    ("kind: calls\ncolumns: {contact_id: id, created: t}\n", 2, "columns.channel",
     "name the export column of 'channel', or give 'defaults: {channel: ...}'",
     "请写出 'channel' 对应的导出列，或给出 'defaults: {channel: ...}'"),
    ("kind: calls\ncolumns: {contact_id: id}\n", 2, "columns.created",
     "name the export column of 'created' (it is required)", "请写出 'created' 对应的导出列（必填）"),
    ("preset: tikets\n", 1, "preset",
     "unknown preset 'tikets'; the kit ships: calls, tickets", "未知的预设 'tikets'；工具包自带的预设：calls, tickets"),
]


def english_left(problem: str) -> list[str]:
    """Latin words left in the problem part of a Chinese line once the values and keys the author wrote
    (quoted, as the messages quote them), paths such as Asia/Shanghai and shared names are taken out."""
    rest = re.sub(r"'[^']*'", "", problem)
    rest = re.sub(r"\S*/\S*", "", rest)
    return re.findall(r"[A-Za-z]{2,}", NAMES.sub("", rest))


def calibrate(tmp_path, monkeypatch, capsys, text: str | None, lang: str) -> tuple[int, list[str]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "export.csv").write_text("id,t\n1,2026-03-02 08:00\n", encoding="utf-8")
    if text is not None:
        (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    status = main(["calibrate", "export.csv", "--map", "map.yaml", "--out", "out.yaml", "--lang", lang])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    return status, captured.err.splitlines()


def test_the_filter_notices_english():
    assert english_left("unknown time zone 'Mars/Base'") == ["unknown", "time", "zone"]
    assert english_left("未知时区 'Mars/Base'；如 Asia/Shanghai 或 UTC") == []


@pytest.mark.parametrize(("text", "line", "field", "en", "zh"), CASES, ids=[c[2] for c in CASES])
def test_a_bad_mapping_file_is_one_line_in_each_language(text, line, field, en, zh, tmp_path, monkeypatch,
                                                         capsys):
    assert calibrate(tmp_path, monkeypatch, capsys, text, "en") == (2, [f"map.yaml:{line}: {field}: {en}"])
    status, lines = calibrate(tmp_path, monkeypatch, capsys, text, "zh")
    assert (status, lines) == (2, [f"map.yaml:{line}: {field}：{zh}"])
    assert english_left(zh) == [], zh


def test_a_missing_mapping_file_is_one_line_in_each_language(tmp_path, monkeypatch, capsys):
    assert calibrate(tmp_path, monkeypatch, capsys, None, "en") == (
        2, ["map.yaml: mapping file not found; give a YAML file or a preset: calls, tickets"])
    status, lines = calibrate(tmp_path, monkeypatch, capsys, None, "zh")
    assert (status, lines) == (2, ["map.yaml: 找不到映射文件；请给出 YAML 文件或预设：calls, tickets"])
    assert english_left(lines[0].removeprefix("map.yaml: ")) == []


def test_braces_in_a_message_come_out_as_written():
    # pydantic fills the template from the context and has no `{{` escape: a value that looks like a
    # placeholder (even the context's own names) must not be filled in or doubled.
    error = fail_key("history.mapping.unknown_zone", "zone", value=shown("{zh} {at} {en} {x: 1}"))
    assert error.message() == ("unknown time zone '{zh} {at} {en} {x: 1}'; give an IANA name such as "
                               "Asia/Shanghai or UTC")
    assert error.context["zh"].startswith("未知时区 '{zh} {at} {en} {x: 1}'；")
    assert error.context["at"] == ("zone",)


def test_messages_added_from_above_the_format_cannot_change_the_formats_own():
    entry = MESSAGES["history.mapping.end_first"]
    add_messages({"history.mapping.end_first": entry})                # the same entry again: harmless
    with pytest.raises(RuntimeError, match="number.above"):
        add_messages({"number.above": {"en": "other", "zh": "其他"}})
    assert MESSAGES["number.above"]["en"] == "{value} is above the limit of {limit}"


# --- shown: a value as the author wrote it -----------------------------------------------------------

@pytest.mark.parametrize(("value", "text"), [
    (None, "null"), (True, "true"), (False, "false"),
    ("seven", "'seven'"), ("True", "'True'"), ("", "''"),
    (2.5, "2.5"), (1e30, "1e+30"), (3.0, "3"), (7, "7"),
])
def test_shown_writes_values_as_yaml_does(value, text):
    assert shown(value) == text


def test_shown_cuts_a_long_value_at_the_width():
    assert shown("x" * 100) == "'" + "x" * 38 + "…"
    assert len(shown("x" * 100)) == 40
    assert shown("x" * 100, width=10) == "'xxxxxxxx…"
    assert shown("x" * 8, width=10) == "'xxxxxxxx'"                  # exactly the width: kept whole
    assert shown(None, width=3) == "nu…"


def test_shown_quotes_null_true_and_false_in_both_languages():
    from sim.format.messages import say
    assert say("number.not_finite", "en", value=shown(None)) == "null is not a finite number"
    assert say("number.not_finite", "zh", value=shown(True)) == "true 不是有限数值"
