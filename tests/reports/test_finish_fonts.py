"""Chinese plot text whatever the state of matplotlib's font cache (sim.i18n.fonts), and one notice without a font.

Each case runs a figure in a fresh Python with its own matplotlib cache folder (``MPLCONFIGDIR``) and home
folder (user fonts in ``~/.local/share/fonts``), as a user's machine would be:

* fresh cache: matplotlib builds its cache with the CJK font already installed;
* stale cache: the cache was written before the CJK font was installed (a cache listing no CJK font, then
  a CJK font copied into the user's font folder) — matplotlib alone would draw the figure in English;
* no font: matplotlib ignores the system fonts (``MPL_IGNORE_SYSTEM_FONTS``), so there is no CJK font: the
  figure falls back to English and the kit says so once, in Chinese. This one runs on every machine.

A figure "is Chinese" when its text holds Chinese characters and drawing it warns of no missing glyph.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim.i18n import t
from sim.i18n.script import CJK_CHAR

ROOT = Path(__file__).resolve().parents[2]

# Draws the kit's customers figure in Chinese twice and says what came out, as JSON on the last line.
FIGURE = """
import io, json, warnings
import pandas as pd
from matplotlib import font_manager
from sim.i18n.fonts import cjk_families, plot_language
from sim.reports.customer_plots import customers_weekly
weekly = pd.DataFrame({"week": [1, 2], "churn_rate": [0.02, 0.01], "churn_rate_baseline": [0.01, 0.01],
                       "satisfaction_complainants": [0.6, 0.7]})
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for _ in range(2):
        fig = customers_weekly(weekly, 0.8, "zh")
        fig.savefig(io.BytesIO(), format="png")
texts = [x.get_text() for x in fig.findobj(lambda a: hasattr(a, "get_text"))]
print(json.dumps({"lang": plot_language("zh"), "families": list(cjk_families()), "texts": texts,
                  "missing": [str(w.message) for w in caught if "missing from font" in str(w.message)],
                  "files": sorted({f.fname for f in font_manager.fontManager.ttflist if f.name in cjk_families()})}))
"""


def _fontconfig_cjk() -> list[Path]:
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(["fc-list", "--format=%{file}\\n", ":lang=zh"], capture_output=True, text=True,
                         check=False).stdout
    return [Path(p) for p in out.splitlines() if p.strip().lower().endswith((".ttf", ".otf", ".ttc"))]


CJK_FILES = _fontconfig_cjk()
needs_cjk = pytest.mark.skipif(not CJK_FILES, reason="no CJK font installed (fc-list :lang=zh lists none); "
                                                     "install one, e.g. apt-get install fonts-noto-cjk")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MPL"))}
    env.update(HOME=str(tmp_path / "home"), MPLCONFIGDIR=str(tmp_path / "mpl"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT), **extra)
    for d in ("home", "mpl", "cache"):
        (tmp_path / d).mkdir(exist_ok=True)
    return env


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def _figure(env: dict[str, str]) -> tuple[dict, str]:
    done = _run(FIGURE, env)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def _is_chinese(out: dict) -> None:
    assert out["lang"] == "zh" and out["families"]
    assert any(CJK_CHAR.search(x) for x in out["texts"]), out["texts"]
    assert t("customers.plot.title", "zh") in out["texts"]
    assert out["missing"] == []                          # every Chinese glyph found in a font


def _cache(tmp_path: Path) -> Path:
    found = list((tmp_path / "mpl").glob("fontlist-v*.json"))
    assert len(found) == 1
    return found[0]


@needs_cjk
def test_fresh_cache_draws_chinese(tmp_path):
    out, stderr = _figure(_env(tmp_path))
    _is_chinese(out)
    assert t("fonts.no_cjk", "zh") not in stderr


@needs_cjk
def test_stale_cache_draws_chinese_and_is_written_again(tmp_path):
    env = _env(tmp_path)
    _run("import matplotlib.font_manager", env)          # the cache, as matplotlib writes it on first use
    cache = _cache(tmp_path)
    data = json.loads(cache.read_text(encoding="utf-8"))
    cjk = {os.path.realpath(p) for p in CJK_FILES}
    # ... written before any CJK font was installed: it lists none of them
    data["ttflist"] = [f for f in data["ttflist"] if os.path.realpath(f["fname"]) not in cjk]
    cache.write_text(json.dumps(data), encoding="utf-8")
    fonts = tmp_path / "home" / ".local" / "share" / "fonts"
    fonts.mkdir(parents=True)
    source = min(CJK_FILES, key=lambda p: p.stat().st_size)
    copied = fonts / source.name
    shutil.copyfile(source, copied)                      # then a CJK font installed in the user's font folder
    absent = sorted(cjk | {str(copied)})                 # matplotlib alone knows no CJK font (the bug)
    _run(f"import os; from matplotlib import font_manager as fm; absent = {absent!r}; "
         "assert not [f for f in fm.fontManager.ttflist if os.path.realpath(f.fname) in absent]", env)
    out, _ = _figure(env)
    _is_chinese(out)
    assert str(copied) in out["files"]                  # the copied font was found
    listed = {f["fname"] for f in json.loads(cache.read_text(encoding="utf-8"))["ttflist"]}
    assert str(copied) in listed                        # and the cache lists it for the next start


def test_no_cjk_font_says_so_once_and_draws_english(tmp_path):
    out, stderr = _figure(_env(tmp_path, MPL_IGNORE_SYSTEM_FONTS="1"))
    assert out["lang"] == "en" and out["families"] == []
    assert t("customers.plot.title", "en") in out["texts"]
    assert not any(CJK_CHAR.search(x) for x in out["texts"])
    notice = t("fonts.no_cjk", "zh")
    assert stderr.count(notice) == 1, stderr             # three Chinese figures asked for, one notice
    assert CJK_CHAR.search(notice)                      # in the user's language


def test_font_notice_only_without_a_font(monkeypatch):
    from sim.i18n import fonts
    monkeypatch.setattr(fonts, "_found", ())
    assert fonts.font_notice("zh") == t("fonts.no_cjk", "zh") and not fonts.can_draw_chinese()
    monkeypatch.setattr(fonts, "_found", ("Noto Sans CJK SC",))
    assert fonts.font_notice("zh") is None and fonts.can_draw_chinese()


def test_families_ranked_simplified_sans_first():
    from sim.i18n.fonts import _rank
    names = ["Noto Serif CJK SC", "Noto Sans Mono CJK SC", "Noto Sans CJK JP", "Noto Sans CJK SC", "AR PL UMing CN"]
    assert sorted(names, key=_rank) == ["Noto Sans CJK SC", "Noto Sans CJK JP", "AR PL UMing CN",
                                        "Noto Serif CJK SC", "Noto Sans Mono CJK SC"]


def test_chinese_step_names_without_a_font_never_become_ids(monkeypatch):
    import pandas as pd

    from sim.format.library import cached_scenario
    from sim.i18n import fonts
    from sim.reports.plots import _step_labels
    plan = cached_scenario("product_defect_surge").plan
    sid = next(iter(plan.steps))
    frame = pd.DataFrame({"step": [sid, "gone"], "name": [plan.steps[sid].name.get("zh"), "已删除的步骤"]})
    monkeypatch.setattr(fonts, "_found", ())                          # no CJK font
    assert _step_labels(frame, plan) == [plan.steps[sid].name.get("en"), t("plots.step_n", "en", n=2)]
    assert _step_labels(frame) == [t("plots.step_n", "en", n=1), t("plots.step_n", "en", n=2)]
    monkeypatch.setattr(fonts, "_found", ("Noto Sans CJK SC",))       # a font: drawn as they are
    assert _step_labels(frame, plan) == list(frame["name"])


# An English heatmap of a cohort whose trainee has a Chinese name: the name drawn, no glyph missing.
HEATMAP = """
import io, json, warnings
import pandas as pd
from sim.reports.plots import score_heatmap
from sim.reports.demo import demo_store
from sim.reports.cohort import load_cohort
from sim.reports.demo import load_demo_scenarios
import tempfile, os
store, cid = demo_store(os.path.join(tempfile.mkdtemp(), "d.sqlite"), trainees=2, command_drills=0, lang="zh")
data = load_cohort(store, cid, load_demo_scenarios(), lang="en")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    png = score_heatmap(data, "en", False)
print(json.dumps({"bytes": len(png), "missing": [str(w.message) for w in caught if "missing from font" in str(w.message)]}))
"""


@needs_cjk
def test_an_english_figure_draws_chinese_names(tmp_path):
    done = _run(HEATMAP, _env(tmp_path))
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["bytes"] > 1000 and out["missing"] == [], out["missing"][:3]
