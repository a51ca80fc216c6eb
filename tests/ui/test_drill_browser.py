"""The trainee drill in a real browser: Voila serves notebooks/20_drill.ipynb on a free loopback port and
Playwright drives Debian's Chromium (/usr/bin/chromium, no browser download) through the flagship drill:
name, every prompt, written replies, submit, scorecard; a reload mid-drill resumes from the store. The
page source and everything the kernel sends to the browser before the scorecard carry no answer key.

Under CI=true a missing Chromium (or Playwright) is a failure; locally the test is skipped and says how
to install it. Screenshots are saved under the test's tmp dir.
"""
import html
import re
import time
import urllib.request

import pytest
from support import ROOT
from support.browser import CHROMIUM, CHROMIUM_ARGS, require_browser, voila_server
from support.drill import contains_phrase, key_texts, rubric_phrases

NOTEBOOK = ROOT / "notebooks" / "20_drill.ipynb"
FLAGSHIP_TITLE = "Overheating power bank: batch defect"

# Replies written for this test (not the scenario's examples), each meeting every rubric criterion.
REPLIES = {
    "reply-li": "I am very sorry, Ms Li. Please unplug it, stop using it and keep it away from your child. "
                "I have logged it as case number PB-2001, and our quality team will call you tonight.",
    "public-reply-text": "We are sorry and understand your concern. Please stop using and unplug the power bank. "
                         "We are investigating the batch. Please send us a direct message so our team can help.",
}


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """A Voila server for the drill notebook, with its results database and Jupyter dirs in a tmp dir."""
    require_browser()
    base = tmp_path_factory.mktemp("voila")
    db = base / "drills.sqlite"
    with voila_server(NOTEBOOK, base, cwd=ROOT, db=db) as url:
        yield {"url": url, "db": db, "log": base / "voila.log"}


def _normalise(text: str) -> str:
    """JSON-escaped text as the trainee would read it, lower case."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace('\\"', '"').replace("\\n", "\n").replace("\\/", "/")
    return html.unescape(text).lower()


def _assert_no_key(text: str, flagship, where: str, words: str | None = None) -> None:
    """No key text (explanations, what criteria expect, example replies) in ``text``, and no rubric phrase
    in ``words`` (what a trainee can read; default ``text``): a short phrase such as "noted" or "inbox"
    also occurs in the framework's stylesheets, which say nothing about the drill."""
    text = _normalise(text)
    words = text if words is None else _normalise(words)
    for reply in REPLIES.values():      # the trainee's own text, echoed back by the kernel, is theirs
        text = text.replace(reply.lower(), " ")
        words = words.replace(reply.lower(), " ")
    for key in key_texts(flagship):
        if len(key) > 12:
            assert key.lower() not in text, f"{where}: answer key text reached the browser: {key!r}"
    leaked = sorted(ph for ph in rubric_phrases(flagship) if contains_phrase(words, ph))
    assert not leaked, f"{where}: rubric phrases reached the browser: " + "; ".join(
        f"{ph!r} in …{_context(words, ph)}…" for ph in leaked)


def _context(text: str, phrase: str) -> str:
    at = text.find(phrase)
    return text[max(0, at - 100):at + len(phrase) + 40]


def _readable(page_html: str) -> str:
    """The text of an HTML page a reader (or a widget manager) gets: tags, stylesheets and code dropped,
    JSON data blocks (notebook outputs, widget state) kept."""
    def script(m):
        return m.group(2) if "json" in m.group(1).lower() else " "
    text = re.sub(r"<script([^>]*)>(.*?)</script>", script, page_html, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<style[^>]*>.*?</style>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"<[^>]+>", " ", text)


# What a trainee can read in the live page: the text, and the tooltips, placeholders and values of controls.
READABLE_JS = """() => document.body.innerText + "\\n" + Array.from(document.querySelectorAll("*")).flatMap(
    e => ["title", "placeholder", "aria-label", "value"].map(a => e.getAttribute(a) || "")
         .concat(e.value !== undefined && typeof e.value === "string" ? [e.value] : [])).join("\\n")"""


def test_served_page_source_has_no_answer_key(voila, flagship):
    with urllib.request.urlopen(voila["url"], timeout=90) as response:
        page = response.read().decode("utf-8", errors="replace")
    assert response.status == 200 and "<html" in page.lower()
    assert "DrillApp(" not in page                     # --strip_sources: no code in the page
    _assert_no_key(page, flagship, "served HTML", words=_readable(page))


def _answer(page, prompt, value, labels, view_order):
    from playwright.sync_api import expect
    panel = page.locator(f".dk-prompt-{prompt.id}.dk-current")
    panel.wait_for()
    kind = prompt.kind
    if kind == "choice":
        panel.locator(".widget-radio-box label", has_text=labels[value]).click()
    elif kind == "yesno":
        panel.locator("button", has_text=labels[value]).click()
    elif kind == "multi":
        for oid in value:
            panel.locator(".widget-checkbox", has_text=labels[oid]).locator("input").check()
    elif kind == "number":
        box = panel.locator("input")
        box.fill(str(value))
        box.press("Enter")
    elif kind == "order":
        # the rows start in the attempt's own order (sim.drill.variants), read from the page
        by_label = {text: oid for oid, text in labels.items()}
        current = [by_label[row.split(". ", 1)[1]] for row in panel.locator(".dk-order-row").all_inner_texts()]
        for i, target in enumerate(value):
            j = current.index(target)
            while j > i:
                panel.locator(".dk-order-row").nth(j).locator(".dk-up").click()
                current[j - 1], current[j] = current[j], current[j - 1]
                j -= 1
        expect(panel.locator(".dk-order-row")).to_contain_text(        # the kernel has redrawn the order
            [f"{i}. {labels[o]}" for i, o in enumerate(value, 1)])
    else:
        panel.locator("textarea").fill(value)
        count = len(" ".join(value.split()))
        panel.get_by_text(f"{count} characters", exact=True).wait_for()     # the live count
    panel.locator(".dk-submit").click()
    page.locator(f".dk-prompt-{prompt.id}.dk-locked").wait_for(state="attached")   # (the last one: hidden under the scorecard)


def test_trainee_drills_the_flagship_in_a_real_browser(voila, flagship, tmp_path):
    from playwright.sync_api import expect, sync_playwright
    from support.drill import perfect_answers

    from sim.drill.view import trainee_view
    from sim.store.results import Store
    started = time.monotonic()
    answers = {**perfect_answers(flagship), **REPLIES}
    view = trainee_view(flagship)
    prompts = [p for p in flagship.drill.prompts() if p.id != "activate"]    # the contingency is not sent
    trainee_prompts = {p.id: p for inj in view.injects for p in inj.prompts}
    labels = {pid: {o.id: o.text("en") for o in p.options} for pid, p in trainee_prompts.items()}
    frames: list[str] = []
    name = "Browser Trainee"

    def on_socket(ws):
        ws.on("framereceived", lambda payload: frames.append(
            payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else payload))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 2000})
            page.set_default_timeout(30_000)
            page.on("websocket", on_socket)
            page.goto(voila["url"], timeout=90_000)
            page.locator(".dk-app").wait_for(timeout=90_000)
            page.screenshot(path=tmp_path / "01-setup.png")
            page.locator(".dk-name input").fill(name)
            page.locator(".dk-name input").press("Enter")
            page.locator(".dk-picker label", has_text=FLAGSHIP_TITLE).click()
            page.locator(".dk-start").click()
            page.locator(".dk-current").wait_for()
            drill = page.locator(".dk-drill")
            expect(drill).to_contain_text("Caller · Ms Li, customer since 2019:")
            expect(drill).to_contain_text("Scenario time: T+00:05")
            page.screenshot(path=tmp_path / "02-first-inject.png")
            for prompt in prompts[:3]:
                _answer(page, prompt, answers[prompt.id], labels[prompt.id],
                        trainee_prompts[prompt.id].option_ids())
            expect(drill).to_contain_text("0 of 4 messages handled · 3 answers saved")

            # A reload starts a new kernel: the same name is offered the unfinished attempt.
            page.reload()
            page.locator(".dk-app").wait_for(timeout=90_000)
            page.locator(".dk-name input").fill(name)
            page.locator(".dk-name input").press("Enter")
            resume = page.locator(".dk-resume")
            resume.wait_for()
            expect(page.locator(".dk-setup")).to_contain_text(f"{FLAGSHIP_TITLE} — 3 answers saved")
            resume.click()
            page.locator(f".dk-prompt-{prompts[3].id}.dk-current").wait_for()
            expect(drill).to_contain_text("Welcome back, Browser Trainee: your 3 saved answers are restored.")
            expect(page.locator(".dk-prompt-category.dk-locked input[type=radio]:checked")).to_have_count(1)
            page.screenshot(path=tmp_path / "03-resumed.png")
            for prompt in prompts[3:-1]:
                _answer(page, prompt, answers[prompt.id], labels[prompt.id],
                        trainee_prompts[prompt.id].option_ids())
                if prompt.kind == "reply" and not (tmp_path / "04-reply.png").exists():
                    page.screenshot(path=tmp_path / "04-reply.png")

            # Before the scorecard nothing the browser holds or received carries the key.
            readable = page.evaluate(READABLE_JS)
            assert "Write the public reply to this post." in readable       # (the scan sees the drill)
            _assert_no_key(page.content(), flagship, "page DOM", words=readable)
            # (the kernel's own kernel_info_reply lists "Python Reference" and such help links)
            from_app = [f for f in frames if '"kernel_info_reply"' not in f]
            _assert_no_key("\n".join(from_app), flagship, "kernel messages")
            assert "whom do you notify now?" in _normalise("\n".join(from_app))   # widget state is scanned

            _answer(page, prompts[-1], answers[prompts[-1].id], labels[prompts[-1].id],
                    trainee_prompts[prompts[-1].id].option_ids())
            card = page.locator(".dk-scorecard")
            card.wait_for()
            for text in ("100%", "PASSED", "13 of 13 points", "1. Receive and record", "Every question earned"):
                expect(card).to_contain_text(text)
            page.locator(".dk-card").screenshot(path=tmp_path / "05-scorecard.png")
        finally:
            browser.close()

    store = Store(f"sqlite:///{voila['db']}")
    attempts = store.attempts(trainee=name)
    assert [a.status for a in attempts] == ["finished"]     # resumed, not restarted
    stored = {a.prompt_id: a.value for a in store.answers(attempts[0].id)}
    assert list(stored) == [p.id for p in prompts]
    assert stored["reply-li"] == REPLIES["reply-li"] and stored["notify"] == ["crisis_group", "production"]
    assert store.scores(attempts[0].id)[-1].passed
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "01-setup.png", "02-first-inject.png", "03-resumed.png", "04-reply.png", "05-scorecard.png"]
    assert time.monotonic() - started < 90, "the browser drill should take well under 90 s"


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_chromium_fails_under_ci_and_skips_locally(monkeypatch, ci, outcome):
    import support.browser
    monkeypatch.setattr(support.browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="install with: apt-get install chromium"):
        require_browser()


def test_a_personal_link_opens_the_app_as_its_trainee_and_a_forged_one_is_refused(voila, tmp_path):
    """Voila hands the page's query string to the kernel (QUERY_STRING): the link's trainee is shown, no name
    field; a link with its signature changed is refused with one line. The key file is made beside the
    database by the trainer's command and read by the kernel."""
    from playwright.sync_api import expect, sync_playwright

    from sim.store.results import Store
    store = Store(f"sqlite:///{voila['db']}")
    cohort = store.cohort("Link cohort", 2026)
    store.add_members(cohort, [("Link Trainee", None, None)])
    store.issue_tokens(cohort)
    token = store.personal_links(cohort)[0].token
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.set_default_timeout(30_000)
            page.goto(f"{voila['url']}?token={token}", timeout=90_000)
            page.locator(".dk-app").wait_for(timeout=90_000)
            expect(page.locator(".dk-signed-in")).to_contain_text("Personal link of Link Trainee (Link cohort (2026))")
            expect(page.locator(".dk-name")).to_have_count(0)
            expect(page.locator(".dk-practice")).to_have_count(0)
            page.screenshot(path=tmp_path / "link-ok.png")
            page.goto(f"{voila['url']}?token={forged}", timeout=90_000)
            page.locator(".dk-app").wait_for(timeout=90_000)
            expect(page.locator(".dk-refused")).to_contain_text("not issued by your organisation")
            expect(page.locator(".dk-start")).to_have_count(0)
            expect(page.locator(".dk-name")).to_have_count(0)
            page.screenshot(path=tmp_path / "link-forged.png")
        finally:
            browser.close()
