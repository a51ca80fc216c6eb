"""The after-action report in a real browser (headless Chromium through Playwright): every plot loads, nothing is
fetched from anywhere, hostile trainee text shows as text and never runs, and the page renders to a PNG.

Needs Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) and Playwright for Python; no browser download
(``playwright install`` is never needed). Under ``CI=true`` a missing browser fails the test; locally it skips.
"""
import os
import struct
from pathlib import Path

import pytest
from support.reports import SCRIPT, aar_file

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HOW = ("install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; or set CHROMIUM to its path) and "
       "Playwright for Python (`pip install playwright`; no `playwright install` needed)")


def _chromium() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "Playwright for Python is not installed"
    if problem is None and not Path(path).exists():
        problem = f"Chromium not found at {path}"
    if problem:
        message = f"{problem}: {HOW}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run the browser test)", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser():
    path = _chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        yield b
        b.close()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_renders_in_chromium_with_every_image(browser, tmp_path_factory, tmp_path, lang):
    out, _ = aar_file(tmp_path_factory, lang, anonymise=lang == "zh")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(out.as_uri(), wait_until="load")
    images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    assert len(images) >= 4
    assert all(done and w > 0 and h > 0 for done, w, h in images), images
    assert page.evaluate("document.scripts.length") == 0 and dialogs == []
    assert SCRIPT in page.inner_text("body")                       # shown as the trainee wrote it, as text
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    shot = tmp_path / f"aar_{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    width, height = _png_size(shot)
    assert width == 1200 and height > 3000 and shot.stat().st_size > 50_000
