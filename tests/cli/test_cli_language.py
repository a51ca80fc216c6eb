"""`--lang`, before or after any command: messages and `--help` in that language; and `check`'s counts."""
import contextlib
import io

import pytest
from support import SCENARIOS, run_cli

from sim.cli import main
from sim.i18n import STRINGS

MMC = str(SCENARIOS / "validation" / "mmc.yaml")
CHECK_HELP = ("cli.help.check.paths", "cli.help.language")
COMMANDS = ("check", "schema", "run", "drill", "staff", "cohort", "report")


def _help(argv, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "200")     # one line per option: an English sentence is never wrapped
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("argv", [["--lang", "zh", "check", "--help"], ["check", "--help", "--lang", "zh"],
                                  ["check", "--lang=zh", "--help"]])
def test_check_help_in_chinese_has_no_english_help_sentence(argv, monkeypatch):
    text = _help(argv, monkeypatch)
    for key in CHECK_HELP:
        assert STRINGS[key]["en"] not in text, key
        assert STRINGS[key]["zh"] in text, key


def test_check_help_in_english_is_english(monkeypatch):
    text = _help(["check", "--help"], monkeypatch)
    for key in CHECK_HELP:
        assert STRINGS[key]["en"] in text, key


@pytest.mark.parametrize("command", [("check",), ("schema",), ("run",), ("drill",), ("staff",), ("cohort", "list"),
                                     ("cohort", "status"), ("report",)])
def test_every_command_takes_lang_after_its_name_and_helps_in_chinese(command, monkeypatch):
    text = _help([*command, "--lang", "zh", "--help"], monkeypatch)
    english = [v["en"] for k, v in STRINGS.items() if k.startswith("cli.help.") and len(v["en"].split()) > 2]
    assert not [e for e in english if e in text]
    assert STRINGS["cli.help.language"]["zh"] in text or STRINGS["cli.help.drill.lang"]["zh"] in text


def test_top_level_help_in_chinese(monkeypatch):
    text = _help(["--lang", "zh", "--help"], monkeypatch)
    for command in COMMANDS:
        assert STRINGS[f"cli.help.{command}"]["zh"] in text
        assert STRINGS[f"cli.help.{command}"]["en"] not in text
    assert STRINGS["cli.description"]["zh"] in text


def test_lang_after_check_works():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", MMC, "--lang", "zh"]) == 0
    line = out.getvalue()
    assert "通过" in line and "团队：客户服务部；" in line      # the plan's role name, not the id frontline


def test_check_lists_team_ids_in_english():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", str(SCENARIOS / "product_defect_surge.yaml")]) == 0
    assert "teams: frontline, specialist, production," in out.getvalue()


@pytest.mark.parametrize("args", [("check", "no/such.yaml", "--lang", "zh"), ("--lang", "zh", "check", "no/such.yaml")])
def test_missing_file_in_chinese_is_one_line_and_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == ["no/such.yaml：文件或文件夹不存在", "1 个文件中有 1 个存在问题"]


def test_lang_after_run_is_accepted():
    result = run_cli("run", "no/such.yaml", "--lang", "zh")
    assert result.returncode == 2
    assert "unrecognized arguments" not in result.stderr and "Traceback" not in result.stderr


def test_an_empty_folder_is_counted(tmp_path):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["check", str(tmp_path), MMC]) == 2
    assert err.getvalue().splitlines() == [f"{tmp_path}: no scenario or plan files (*.yaml) found",
                                           "1 of 2 files have problems"]
