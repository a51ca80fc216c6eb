"""The evidence in a scored reply, as a browser draws it (headless Chromium through Playwright): the sentence that
met a criterion is highlighted with what the plan expects drawn after it (the style sheet's label: the reply's own
text stays as written), and the trainee's markup shows as text and never runs. Skips locally without Chromium, as
the report's browser test does (whose check for Chromium it uses)."""
from support.overrides import SCRIPT, finished_attempt, hand_card, reply_scenario

from sim.reports import cohort as C
from sim.reports.aar import write_aar
from sim.store.results import Store

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def test_a_met_sentence_is_highlighted_and_labelled_in_the_browser(tmp_path, plan):
    from test_reports_browser import _chromium
    path = _chromium()
    from playwright.sync_api import sync_playwright
    scenario = reply_scenario(plan)
    store = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    cid = store.cohort("Browser", 2026)
    store.add_members(cid, [("Ann", "A", None)])
    store.assign(cid, scenario.id)
    finished_attempt(store, scenario, "Ann", {"grade": "major", "reply": "x", "public": "Sorry."}, hand_card(scenario))
    out = write_aar(C.load_cohort(store, cid, {scenario.id: scenario}), tmp_path / "aar.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(out.as_uri(), wait_until="load")
        marks = page.evaluate("""Array.from(document.querySelectorAll('mark.dk-met')).map(m => [m.textContent,
            getComputedStyle(m, '::after').content, getComputedStyle(m).backgroundColor])""")
        body = page.inner_text("body")
        browser.close()
    assert ["So sorry, Ms Li.", '" [Apologise sincerely]"', "rgb(255, 243, 176)"] in marks
    assert dialogs == [] and f"So sorry, Ms Li. {SCRIPT} Please unplug it now & keep it away." in body   # as written
