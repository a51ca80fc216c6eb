"""Every app of the kit walked through in a real browser, in English and in Chinese, as a new user would:
the trainee drill (name, scenario, every question, the scorecard), the trainer dashboard (a cohort, every
tab, the after-action report), the command drill (decisions, a few decision intervals, the result) and the
planner (a scenario run). At each screen the text a user reads (:mod:`support.walkthrough`) holds no internal
id, and a Chinese screen no English word.

One Voila server serves the three app notebooks (linked into a temporary folder, so that files the apps save
land there) and a small planner page per language; Playwright drives Debian's Chromium. Screenshots of every
screen are kept as artefacts in ``$WALKTHROUGH_ARTEFACTS`` (default ``test-artefacts/walkthrough`` in the
repository, ignored by git), so a reviewer can look at the pages the test read.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from support import ROOT
from support.browser import CHROMIUM, CHROMIUM_ARGS, require_browser, voila_server
from support.drill import perfect_answers
from support.walkthrough import READABLE_JS, TRUNCATED_JS, faults

ARTEFACTS = Path(os.environ.get("WALKTHROUGH_ARTEFACTS", ROOT / "test-artefacts" / "walkthrough"))
NAMES = {"en": "Alex Morgan", "zh": "王小明"}
REPLY = {"en": "I am very sorry. Please stop using it and unplug it now. I have logged it as case PB-2001 and our "
               "quality team will call you tonight before 9 pm.",
         "zh": "非常抱歉给您带来困扰。请立即停止使用并拔掉电源。我们已登记为工单 PB-2001，质量团队今晚九点前给您回电。"}


def _planner_notebook(lang: str) -> dict:
    source = f'from sim.ui.planner import PlannerApp\n\nPlannerApp(lang="{lang}", reps=1)'
    return {"cells": [{"cell_type": "code", "id": "planner", "metadata": {}, "execution_count": None,
                       "outputs": [], "source": source}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Voila over a folder holding the drill, trainer and command-drill notebooks and two planner pages; the
    results database holds a demo cohort (last year's and this year's) for the trainer."""
    require_browser("the browser walk-through")
    from sim.reports.demo import demo_store
    base = tmp_path_factory.mktemp("walk")
    pages = base / "pages"
    pages.mkdir()
    for name in ("20_drill.ipynb", "30_trainer.ipynb", "40_command_drill.ipynb"):
        (pages / name).symlink_to(ROOT / "notebooks" / name)
    for lang in ("en", "zh"):
        (pages / f"planner_{lang}.ipynb").write_text(json.dumps(_planner_notebook(lang)), encoding="utf-8")
    db = base / "drills.sqlite"
    # The cohort's people, teams and answers are what trainers and trainees typed: Chinese ones, so that
    # on the Chinese pages every Latin word is the kit's (on the English pages only ids are looked for).
    demo_store(db, trainees=4, lang="zh")
    with voila_server(pages, base, "--VoilaExecutor.iopub_timeout=60",
                      '--VoilaConfiguration.http_header_envs=["Accept-Language"]', cwd=pages, db=db) as url:
        yield {"url": url + "voila/render/", "db": db, "pages": pages}


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Walk:
    """One app in one language: opens pages, keeps a screenshot of every screen and the faults found on it."""

    def __init__(self, browser, app: str, lang: str):
        self.app, self.lang = app, lang
        self.page = browser.new_page(viewport={"width": 1280, "height": 1600}, locale="zh-CN" if lang == "zh" else "en-GB")
        self.page.set_default_timeout(60_000)
        self.found: list[str] = []
        self.screens = 0
        self.folder = ARTEFACTS / f"{app}-{lang}"
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def look(self, screen: str, allowed: frozenset[str] = frozenset()) -> str:
        """Screenshot the page and check what it says; returns the readable text."""
        self.page.wait_for_timeout(300)           # let the widgets settle after the last message
        self.screens += 1
        self.page.screenshot(path=self.folder / f"{self.screens:02d}-{screen}.png", full_page=True)
        text = self.page.evaluate(READABLE_JS)
        self.found += [f"{self.app} ({self.lang}) {screen}: {line}" for line in faults(text, self.lang, allowed)]
        self.found += [f"{self.app} ({self.lang}) {screen}: label cut short: {label!r}"
                       for label in dict.fromkeys(self.page.evaluate(TRUNCATED_JS))]
        return text

    def done(self):
        self.page.close()
        (self.folder / "faults.txt").write_text("\n".join(self.found) + "\n", encoding="utf-8")
        assert not self.found, f"{len(self.found)} faults (screenshots in {self.folder}):\n" + "\n".join(self.found)


def _typed(lang: str) -> frozenset[str]:
    """Latin words the user typed on a Chinese page (their reply's case reference)."""
    return frozenset(re.findall(r"[A-Za-z]+", NAMES[lang] + " " + REPLY[lang]))


def _answer_current(page, answers: dict, lang: str) -> str | None:
    """Answer the question in front of the trainee, whatever its kind; returns its prompt id."""
    panel = page.locator(".dk-current")
    panel.wait_for()
    classes = panel.get_attribute("class") or ""
    match = re.search(r"dk-prompt-(\S+)", classes)
    prompt_id = match.group(1) if match else None
    value = answers.get(prompt_id)
    if panel.locator("textarea").count():
        panel.locator("textarea").fill(REPLY[lang])
    elif panel.locator("input[type=radio]").count():
        panel.locator(".widget-radio-box label").first.click()
    elif panel.locator(".widget-checkbox input").count():
        panel.locator(".widget-checkbox input").first.check()
    elif panel.locator(".dk-order-row").count():
        pass                                            # submitted in the order shown
    elif panel.locator("input").count():
        box = panel.locator("input").first
        box.fill(str(value if isinstance(value, (int, float)) else 1))
        box.press("Enter")
    else:                                               # yes / no
        panel.locator("button:not(.dk-submit)").first.click()
    panel.locator(".dk-submit").click()
    if prompt_id:
        page.locator(f".dk-prompt-{prompt_id}.dk-locked").wait_for(state="attached")   # (the last one: hidden under the scorecard)
    return prompt_id


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trainee_drill_walkthrough(site, browser, flagship, lang):
    from sim.i18n import LANGUAGE_NAMES
    walk = Walk(browser, "drill", lang)
    page = walk.page
    page.goto(site["url"] + "20_drill.ipynb", timeout=120_000)
    page.locator(".dk-app").wait_for(timeout=120_000)
    if lang == "zh":
        page.locator(".dk-language button", has_text=LANGUAGE_NAMES["zh"]).click()
    walk.look("setup")
    page.locator(".dk-name input").fill(NAMES[lang])
    page.locator(".dk-name input").press("Enter")
    page.locator(".dk-picker label", has_text=flagship.title.get(lang)).click()
    walk.look("picked")
    page.locator(".dk-start").click()
    page.locator(".dk-current").wait_for()
    walk.look("first-inject")
    answers = perfect_answers(flagship)
    for n in range(40):
        if page.locator(".dk-scorecard").count():
            break
        prompt_id = _answer_current(page, answers, lang)
        if n in (2, 5):
            walk.look(f"answered-{prompt_id}", _typed(lang))
        page.wait_for_function("() => document.querySelector('.dk-current, .dk-scorecard') !== null")
    page.locator(".dk-scorecard").wait_for()
    page.locator(".dk-scorecard").scroll_into_view_if_needed()
    walk.look("scorecard", _typed(lang))
    walk.done()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trainer_dashboard_walkthrough(site, browser, lang):
    from sim.i18n import LANGUAGE_NAMES, t
    walk = Walk(browser, "trainer", lang)
    page = walk.page
    page.goto(site["url"] + "30_trainer.ipynb", timeout=120_000)
    page.locator(".trainer-app").wait_for(timeout=120_000)
    if lang == "zh":
        # a Chinese browser (Accept-Language: zh-CN) opens the dashboard in Chinese, nothing clicked
        page.get_by_text(t("report.app.tab.progress", "zh"), exact=True).first.wait_for()
        # and the switch, pressed for English and back, reloads the cohort in Chinese: every tab and list
        page.locator(".trainer-app .widget-toggle-buttons button", has_text=LANGUAGE_NAMES["en"]).click()
        page.get_by_text(t("report.app.tab.progress", "en"), exact=True).first.wait_for()
        page.locator(".trainer-app .widget-toggle-buttons button", has_text=LANGUAGE_NAMES["zh"]).click()
        page.get_by_text(t("report.app.tab.progress", "zh"), exact=True).first.wait_for()
        page.wait_for_timeout(3000)
    walk.look("opened")
    cohort = page.locator(".trainer-app select").first
    options = cohort.locator("option").all_inner_texts()
    if len(options) > 1:
        cohort.select_option(index=len(options) - 1)
    tabs = page.locator(".trainer-app .lm-TabBar-tab, .trainer-app .p-TabBar-tab")
    tabs.first.wait_for()
    for i in range(tabs.count()):
        tabs.nth(i).click()
        walk.look(f"tab-{i + 1}")
    started = time.time()
    page.locator("button", has_text=t("report.app.write_aar", lang)).click()
    page.locator("a[download]").first.wait_for()
    walk.look("aar-written")
    written = sorted((p for p in site["pages"].glob("aar*.html") if p.stat().st_mtime >= started - 1),
                     key=lambda p: p.stat().st_mtime)
    assert written, "the after-action report was not written"
    page.goto(written[-1].as_uri())                      # the report itself, as the trainer opens it
    walk.look("aar-report")
    walk.done()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_command_drill_walkthrough(site, browser, lang):
    from sim.i18n import t
    walk = Walk(browser, "command", lang)
    page = walk.page
    page.goto(site["url"] + f"40_command_drill.ipynb?lang={lang}", timeout=120_000)
    advance = page.locator("button", has_text=t("cmd.advance", lang, interval=t("cmd.interval", lang, minutes=30)))
    advance.wait_for(timeout=120_000)
    name = page.locator("input[type=text]").first
    name.fill(NAMES[lang])
    name.press("Enter")
    walk.look("opened", _typed(lang))
    page.locator("button", has_text=t("cmd.activate", lang)).click()
    for _ in range(3):
        advance.click()
        page.wait_for_timeout(1500)
    walk.look("three-intervals", _typed(lang))
    page.locator("button", has_text=t("cmd.finish", lang)).click()
    page.wait_for_timeout(3000)
    walk.look("finished", _typed(lang))
    walk.done()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_planner_walkthrough(site, browser, lang):
    from sim.i18n import t
    walk = Walk(browser, "planner", lang)
    page = walk.page
    page.goto(site["url"] + f"planner_{lang}.ipynb", timeout=120_000)
    run = page.locator("button", has_text=t("ui.run", lang))
    run.wait_for(timeout=120_000)
    walk.look("opened")
    run.click()
    page.locator(".kpi-table, table").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    walk.look("ran")
    walk.done()
