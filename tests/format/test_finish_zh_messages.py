"""``check --lang zh`` says every problem of a file in Chinese (issue 20): YAML syntax errors (with the
column, PyYAML's own words being English), a plan file missing or not named, a file that cannot be read,
the YAML reader's refusals and pydantic's own errors. The English lines stay as they were."""
from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
import yaml

from sim.cli import main
from sim.format import bounded
from sim.format.errors import Problem, ScenarioError
from sim.format.load import load_scenario
from sim.format.scenario import Scenario
from sim.format.wording import YAML_SYNTAX_OTHER_ZH
from sim.format.yamlio import read_yaml, syntax_zh

ROOT = Path(__file__).resolve().parents[2]
BAD = "tests/data/bad"
PLAN = (ROOT / "scenarios/plans/default.yaml").as_posix()

# Names that are the same in both languages: the formats, a character's code.
NAMES = re.compile(r"\bYAML\b|\bUTF-8\b|\bU\+[0-9A-F]{4}\b|\b1\.x\b")


def english_left(line: str, path: str, keys: frozenset[str] = frozenset()) -> list[str]:
    """Latin words in a Chinese problem line, once the file, the field path, the values the user wrote
    (quoted, as the messages quote them), path-like words and the format's ``keys`` are taken out."""
    rest = re.sub(rf"^{re.escape(path)}(:\d+)?: ", "", line)
    rest = re.sub(r"^[\w.\[\]]+：", "", rest)              # the field path, with Chinese punctuation after it
    rest = re.sub(r"'[^']*'", "", rest)                     # values and keys as the user wrote them
    rest = re.sub(r"\S*[/\\]\S*|\S+\.ya?ml\b", "", rest)   # paths
    rest = NAMES.sub("", rest)
    return [word for word in re.findall(r"[A-Za-z][A-Za-z_]*[A-Za-z]", rest) if word not in keys]


def assert_chinese(line: str, path: str, lineno: int | None, field: str = "",
                   keys: frozenset[str] = frozenset()) -> None:
    where = f"{path}:{lineno}: " if lineno else f"{path}: "
    assert line.startswith(where + (f"{field}：" if field else "")), line
    assert re.search(r"[\u4e00-\u9fff]", line), line
    assert english_left(line, path, keys) == [], line


def only_problem(exc: pytest.ExceptionInfo[ScenarioError]) -> Problem:
    assert len(exc.value.problems) == 1, exc.value.text()
    return exc.value.problems[0]


def test_the_english_filter_notices_english():
    assert english_left("a.yaml:3: seed：file not found", "a.yaml") == ["file", "not", "found"]
    assert english_left("a.yaml:3: seed: required field is missing", "a.yaml") == ["seed", "required", "field",
                                                                                   "is", "missing"]
    assert english_left("a.yaml:3: YAML 语法错误：第 2 列，'x y' 不对（plans/a.yaml）", "a.yaml") == []


# --- the command, on the kit's own bad files --------------------------------------------------------

@pytest.mark.parametrize(("name", "lineno", "field", "words"), [
    ("syntax_error", 9, "", "YAML 语法错误：第 10 列，应为“,”或“}”（花括号未闭合）"),
    ("missing_plan_file", 3, "plan", "找不到预案文件 '../../../scenarios/plans/nope.yaml'"),
    ("duplicate_key", 7, "seed", "键 'seed' 重复（首次出现在第 6 行）"),
    ("python_tag", 6, "seed", "不允许使用 YAML 标签"),
    ("empty", 1, "", "文件为空"),
    ("not_a_mapping", 1, "", "文件顶层应为字段映射，实际为列表"),
    ("missing_field", 1, "start", "缺少必填字段"),
    ("wrong_type", 6, "seed", "应为整数，实际为 'seven'"),
])
def test_check_in_chinese_says_each_problem_in_chinese(name, lineno, field, words, capsys):
    path = f"{BAD}/{name}.yaml"
    assert main(["check", "--lang", "zh", path]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith(path)]
    assert lines, err
    for line in lines:
        assert_chinese(line, path, int(line.split(":")[1]))
    assert any(line.startswith(f"{path}:{lineno}: ") and words in line for line in lines), err


@pytest.mark.parametrize(("name", "english"), [
    ("syntax_error", ":9: YAML syntax error: expected ',' or '}', but got"),
    ("missing_plan_file", ":3: plan: plan file '../../../scenarios/plans/nope.yaml' not found (looked in "),
    ("empty", ":1: the file is empty; expected a mapping of fields"),
    ("not_a_mapping", ":1: expected a mapping of fields at the top, found list"),
])
def test_english_lines_are_unchanged(name, english, capsys):
    path = f"{BAD}/{name}.yaml"
    assert main(["check", "--lang", "en", path]) == 2
    assert f"{path}{english}" in capsys.readouterr().err


# --- the loader: a scenario's plan ---------------------------------------------------------------

def scenario(tmp_path: Path, plan_line: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(f"id: s\ntitle: S\n{plan_line}start: 2026-03-02T08:00\nhorizon: 4h\nseed: 1\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("plan_line", ["", "plan: ''\n", "plan: 3\n"])
def test_plan_not_named(tmp_path, plan_line):
    path = scenario(tmp_path, plan_line)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    found = only_problem(exc)
    assert found.message == "required: the plan file this scenario drills, e.g. plans/default.yaml"
    line = found.text("zh")
    assert_chinese(line, str(path), 3 if plan_line else 1, "plan")
    assert line.endswith("plan：必填：此情景所演练的预案文件，例如 plans/default.yaml")


def test_plan_file_not_found(tmp_path):
    path = scenario(tmp_path, "plan: plans/nope.yaml\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    found = only_problem(exc)
    assert found.message.startswith("plan file 'plans/nope.yaml' not found (looked in ")
    assert "找不到预案文件 'plans/nope.yaml'（查找位置：" in found.text("zh")
    assert_chinese(found.text("zh"), str(path), 3, "plan")


def test_the_plan_found_loads(tmp_path):
    """The plan line that the two tests above get wrong, right: the scenario then fails only on its fields."""
    path = scenario(tmp_path, f"plan: {PLAN}\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert all(p.field != "plan" for p in exc.value.problems)
    for p in exc.value.problems:
        assert_chinese(p.text("zh"), str(path), p.line, p.field)


# --- reading a file (sim.format.bounded) -----------------------------------------------------------

def test_file_not_found(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    found = only_problem(exc)
    assert found.message == "file not found" and found.text("zh") == f"{path}: 文件不存在"


@pytest.mark.parametrize(("error", "zh"), [
    (PermissionError(errno.EACCES, "Permission denied"), "没有读取此文件的权限"),
    (OSError(errno.EIO, "Input/output error"), "无法读取此文件"),
])
def test_file_that_cannot_be_read(tmp_path, monkeypatch, error, zh):
    # (Tests may run as root, which reads any file: the refusal is the system's, simulated.)
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")

    def refuse(*args, **kwargs):
        raise error
    monkeypatch.setattr(bounded.os, "open", refuse)
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    found = only_problem(exc)
    assert found.message == error.strerror          # the system's words, as before
    assert found.text("zh") == f"{path}: {zh}"


def test_not_utf8(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    found = only_problem(exc)
    assert found.message == "not UTF-8 text (invalid start byte at byte 8)"
    assert found.text("zh") == f"{path}: 不是 UTF-8 文本（第 8 字节处）"


def test_two_documents(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n---\nb: 2\n")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    found = only_problem(exc)
    assert found.message.startswith("more than one YAML document ('---')")
    assert_chinese(found.text("zh"), str(path), 3)


# --- the YAML reader (sim.format.yamlio) ---------------------------------------------------------

@pytest.mark.parametrize(("text", "lineno", "field", "zh"), [
    ("a: !!python/name:os.system x\n", 1, "a", "不允许使用 YAML 标签"),
    ("? [a]\n: 1\n", 1, "", "键须为普通名称"),
    ("c:\n  !!merge <<: {b: 1}\n", 2, "c", "不支持合并键"),
    ("!!python/str a: 1\n", 1, "a", "不允许使用 YAML 标签"),
    ("a: 1\na: 2\n", 2, "a", "键 'a' 重复（首次出现在第 1 行）"),
    ("a: 1\nb: x\x07y\n", 2, "", "YAML 错误：文件含有不允许的字符（U+0007）"),
    ("# only a comment\n", 1, "", "文件为空"),
    ("just text\n", 1, "", "文件顶层应为字段映射，实际为文本"),
])
def test_reader_refusals_in_chinese(tmp_path, text, lineno, field, zh):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path)
    found = only_problem(exc)
    assert zh in found.text("zh")
    assert_chinese(found.text("zh"), str(path), lineno, field)


def test_text_with_a_lone_surrogate():
    with pytest.raises(ScenarioError) as exc:
        read_yaml("t.yaml", text="a: \ud800\n")
    found = only_problem(exc)
    assert found.message.startswith("not UTF-8 text (")
    assert found.text("zh") == "t.yaml: 不是 UTF-8 文本"


# Syntax errors people make, each in PyYAML's words and libyaml's (``quick``, as the library's headers are read).
SYNTAX = {
    "a: b: c\n": (1, 5), "a: [1, 2\n": (2, 1), "a: {x: 1\n": (2, 1), "a: 'abc\n": (2, 1),
    "a:\n  b: 1\n c: 2\n": (3, 2), "a: 1\n\tb: 2\n": (2, 1), "a: *x\n": (1, 4), 'a: "\\q"\n': (1, 6),
    "- a\nb: 1\n": (2, 1), "a: 1\n- b\n": (2, 1), "a: @x\n": (1, 4), "a: |0\n x\n": (1, 5),
    "a: [1, 2]]\n": (1, 10), "key\nb: 1\n": (2, 2), "a: 1\n b: 2\n": (2, 3), "a: !foo!bar x\n": (1, 4),
    "a: 'x'y\n": (1, 7), "a: >-x\n": (1, 6), 'a: "x\\x4"\n': (1, 8),
}


@pytest.mark.parametrize("quick", [False, True], ids=["pyyaml", "libyaml"])
@pytest.mark.parametrize("text", sorted(SYNTAX))
def test_syntax_errors_in_chinese_with_the_column(tmp_path, text, quick):
    if quick and getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML without libyaml")
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        read_yaml(path, quick=quick)
    found = only_problem(exc)
    assert found.message.startswith("YAML syntax error: ")       # the parser's words follow, in English
    zh = found.text("zh")
    assert_chinese(zh, str(path), found.line)
    column = re.search(r"YAML 语法错误：第 (\d+) 列，", zh)
    assert column, zh
    if not quick:
        assert (found.line, int(column.group(1))) == SYNTAX[text]
    assert YAML_SYNTAX_OTHER_ZH not in zh, f"no Chinese for {found.message!r}"


def test_a_parser_message_not_in_the_table_is_still_chinese():
    assert syntax_zh("something new in PyYAML 9") == YAML_SYNTAX_OTHER_ZH
    assert english_left(f"a.yaml:1: YAML 语法错误：第 3 列，{YAML_SYNTAX_OTHER_ZH}", "a.yaml") == []


SCENARIO_KEYS = frozenset(field.alias or name for name, field in Scenario.model_fields.items())


def test_a_scenario_with_several_problems_is_all_chinese(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(f"id: s\ntitle: S\nplan: {PLAN}\nstart: 2026-03-02T08:00\nhorizon: 4h\nseed: seven\n"
                    "arrivals:\n  per_hour: {hotline: -1}\n  categories: {billing: 1}\n"
                    "  severity: {default: {minor: 1}}\nstaffing: []\nsurprise: 1\n", encoding="utf-8")
    assert main(["check", "--lang", "zh", str(path)]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith(str(path))]
    assert len(lines) >= 3
    for line in lines:
        # (an unknown key is answered with the keys a scenario has, as they are written in the file)
        assert_chinese(line, str(path), int(line[len(str(path)) + 1:].split(":")[0]), keys=SCENARIO_KEYS)


def test_os_open_is_what_the_reader_uses():
    """The unreadable-file tests patch os.open in sim.format.bounded: it must be what reads the file."""
    assert bounded.os is os and "os.open(" in Path(bounded.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize(("field", "value", "zh"), [
    ("seed", "null", "应为整数，实际为空值"), ("seed", "[1, 2]", "应为整数，实际为列表"),
    ("seed", "{a: 1}", "应为整数，实际为映射"), ("seed", "'x'", "应为整数，实际为 'x'"), ("id", "true", "应为文本，实际为 true"),
])
def test_the_value_given_is_said_as_the_file_writes_it(tmp_path, field, value, zh):
    fields = {"id": "s", "title": "S", "plan": PLAN, "start": "2026-03-02T08:00", "horizon": "4h", "seed": "1",
              field: value}
    path = tmp_path / "s.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    found = [p for p in exc.value.problems if p.field == field]
    line = list(fields).index(field) + 1
    assert len(found) == 1 and found[0].text("zh") == f"{path}:{line}: {field}：{zh}", exc.value.text("zh")
