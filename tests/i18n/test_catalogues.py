"""Every user-facing string exists in English and Simplified Chinese with the same placeholders, and every
catalogue reaches t() without any other import (the i18n package merges them itself)."""
import string
import subprocess
import sys

import pytest

from sim.i18n import CATALOGUES, STRINGS, _merge, t


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_both_languages_and_the_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == {"en", "zh"}, key
    assert entry["en"].strip() and entry["zh"].strip(), key
    assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_every_catalogue_is_merged_whole():
    sizes = {name: len(catalogue) for name, catalogue in CATALOGUES.items()}
    original = {"core", "planner", "drill", "drill_app", "reports", "history", "calibrate", "customers"}
    finishing = {"finish_cli", "finish_format", "finish_zh", "finish_trainee", "finish_trainer", "finish_command"}
    assert set(sizes) == original | finishing
    assert min(sizes[name] for name in original) > 40, sizes
    for catalogue in CATALOGUES.values():
        for key, entry in catalogue.items():
            assert STRINGS[key] is entry, key
    assert len(STRINGS) == sum(sizes.values())


def test_a_key_in_two_catalogues_is_refused():
    with pytest.raises(RuntimeError, match="'x.y' is defined in both the a and b catalogues"):
        _merge({"a": {"x.y": {"en": "1", "zh": "一"}}, "b": {"x.y": {"en": "2", "zh": "二"}}})


def test_t_finds_every_catalogue_with_nothing_else_imported():
    code = ("from sim.i18n import t\n"
            "print(t('drill.card.passed', 'zh'), t('app.title', 'zh'), t('report.store.no_cohort', 'en', id=3,"
            " url='u'), t('staff.err.no_targets', 'zh') != '', t('cli.interrupted', 'zh'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["通过", "客诉应急演练", "there", "is", "no", "cohort", "3", "in", "u", "True", "已中断"]


def test_t_formats_and_falls_back_to_english_for_a_language_without_text():
    assert t("check.summary_bad", "en", bad=1, total=3) == "1 of 3 files have problems"
    assert t("check.summary_bad", "zh", bad=1, total=3) == "3 个文件中有 1 个存在问题"
    assert t("check.summary_bad", "fr", bad=1, total=3) == "1 of 3 files have problems"
