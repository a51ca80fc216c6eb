"""The trainee app's finish in a real browser (Voila and Debian's Chromium, as tests/ui/test_drill_browser.py):
the language chosen is kept across a reload (``?lang=`` written into the address), a number outside the
prompt's bounds is refused keeping what was typed, the chosen yes/no button is filled, channel icons are Font
Awesome glyphs that the page ships, and at the end the scorecard comes up at the top of the window.
Screenshots are kept in the test's tmp dir."""
import time

from test_drill_browser import CHROMIUM, CHROMIUM_ARGS, voila  # noqa: F401  (the Voila server fixture)

TITLE_ZH = "事件之后的季度客户关怀计划"          # care_programme_quarter: numbers first, then a yes/no


def test_language_bounds_yes_no_icons_and_the_scorecard_in_a_real_browser(voila, tmp_path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.set_default_timeout(30_000)
            page.goto(voila["url"], timeout=90_000)
            page.locator(".dk-app").wait_for(timeout=90_000)
            expect(page.locator(".dk-title")).to_contain_text("Complaint-response drill")
            page.locator(".dk-language button", has_text="简体中文").click()
            page.wait_for_url("**lang=zh**")                 # written into the address ...
            page.reload()
            page.locator(".dk-app").wait_for(timeout=90_000)
            expect(page.locator(".dk-title")).to_contain_text("客诉应急演练")    # ... so a reload keeps it

            page.locator(".dk-name input").fill("浏览器学员")
            page.locator(".dk-name input").press("Enter")
            page.locator(".dk-picker label", has_text=TITLE_ZH).click()
            page.locator(".dk-start").click()
            first = page.locator(".dk-prompt-repurchase-target.dk-current")
            expect(first).to_contain_text("请填写 0 到 100%之间的数字。")
            box = first.locator("input")
            box.fill("500")
            box.press("Enter")
            first.locator(".dk-submit").click()
            expect(first).to_contain_text("此处不能填 500")
            expect(box).to_have_value("500")                                   # what was typed stays
            page.screenshot(path=tmp_path / "01-number-refused.png")
            for pid, value in (("repurchase-target", "36"), ("churn-target", "13.5")):
                panel = page.locator(f".dk-prompt-{pid}.dk-current")
                panel.locator("input").fill(value)
                panel.locator("input").press("Enter")
                panel.locator(".dk-submit").click()
                page.locator(f".dk-prompt-{pid}.dk-locked").wait_for(state="attached")   # (the last one: hidden under the scorecard)
            multi = page.locator(".dk-prompt-care-lines.dk-current")
            multi.locator(".widget-checkbox input").first.check()
            multi.locator(".dk-submit").click()
            cost = page.locator(".dk-prompt-care-cost.dk-current")
            cost.locator("input").fill("19000")
            cost.locator("input").press("Enter")
            cost.locator(".dk-submit").click()

            yes_no = page.locator(".dk-prompt-within-budget.dk-current")
            expect(yes_no.locator("button.widget-toggle-button")).to_have_text(["是", "否"])
            yes_no.locator("button", has_text="否").click()
            chosen = yes_no.locator("button.mod-active")
            expect(chosen).to_have_text("否")
            assert chosen.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(21, 101, 192)"
            assert yes_no.locator("button", has_text="是").evaluate(
                "e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
            yes_no.screenshot(path=tmp_path / "02-yes-no.png")

            glyph = page.locator(".dk-ihead i.fa").first.evaluate(
                "e => [getComputedStyle(e, '::before').fontFamily, e.getBoundingClientRect().width]")
            assert "Font Awesome" in glyph[0] and glyph[1] > 4, glyph     # drawn by the font the page ships

            page.locator(".dk-end").scroll_into_view_if_needed()
            page.locator(".dk-end").click()
            page.locator(".dk-end-yes").click()
            card = page.locator(".dk-card-top .dk-scorecard")
            card.wait_for()
            expect(page.locator(".dk-card-top")).to_contain_text("演练完成：评分结果如下。")
            page.wait_for_function("() => { const r = document.querySelector('.dk-card-top')"
                                   ".getBoundingClientRect(); return r.top > -2 && r.top < 120; }")
            page.screenshot(path=tmp_path / "03-scorecard-in-view.png")
        finally:
            browser.close()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "01-number-refused.png", "02-yes-no.png", "03-scorecard-in-view.png"]
    assert time.monotonic() - started < 90
