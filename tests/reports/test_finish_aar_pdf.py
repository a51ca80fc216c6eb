"""The after-action report prints cleanly to PDF (issue 20): Chromium's print (Playwright's ``page.pdf``) of
the report gives a PDF whose first page holds the title, in which every section starts on a page of its own,
within a sensible number of pages, in English and in Chinese. The PDFs are kept as test artefacts in
``$AAR_ARTEFACTS`` (default ``test-artefacts/aar``).

The text is read back with pypdf when it is installed; without it the PDF's page objects are counted and its
document title (which Chromium takes from the page's ``<title>``) is read from the raw bytes. Needs Debian's
Chromium and Playwright for Python, like ``tests/ui/test_reports_browser.py``: skipped locally without
them, failed under ``CI=true``.
"""
import os
import re
import unicodedata
from pathlib import Path

import pytest
from support import ROOT
from support.reports import aar_file

from sim.i18n import t

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTEFACTS = Path(os.environ.get("AAR_ARTEFACTS", ROOT / "test-artefacts" / "aar"))
SECTIONS = ("overview", "summary", "analysis", "conduct", "overrides", "command", "comparison", "ip",
            "participants")


@pytest.fixture(scope="module")
def browser():
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "Playwright for Python is not installed (pip install playwright)"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem + " (CI must run the browser tests)", pytrace=False)
        pytest.skip(problem)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def plain(text: str) -> str:
    """Text as compared: compatibility forms folded (PDF text of CJK fonts may come back as Kangxi radicals,
    ⽇ for 日) and every space removed (extraction spaces words differently from the page)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_pages_and_title(pdf: bytes) -> tuple[int, str]:
    """Without pypdf: the number of page objects and the document title (a UTF-16 hex string or literal)."""
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    found = re.search(rb"/Title\s*<FEFF([0-9A-Fa-f]*)>", pdf)
    if found:
        return pages, bytes.fromhex(found.group(1).decode()).decode("utf-16-be")
    found = re.search(rb"/Title\s*\((.*?)(?<!\\)\)", pdf, re.DOTALL)
    return pages, found.group(1).decode("latin-1") if found else ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_prints_to_pdf_with_each_section_on_a_new_page(browser, tmp_path_factory, lang):
    html_file, _ = aar_file(tmp_path_factory, lang, anonymise=lang == "zh")     # the files the browser test uses
    html = html_file.read_text(encoding="utf-8")
    assert "@media print" in html and "break-before:page" in html
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTEFACTS / f"aar_{lang}.pdf"
    page = browser.new_page()
    page.goto(html_file.as_uri(), wait_until="load")
    page.pdf(path=str(out), format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    pdf = out.read_bytes()
    title = t("report.title", lang)
    assert pdf.startswith(b"%PDF-")
    pages, doc_title = pdf_pages_and_title(pdf)
    # nine sections, each from a new page; 20 trainees' analysis, quotes and appendices fit in far fewer than 60
    assert len(SECTIONS) <= pages <= 60, pages
    assert doc_title.startswith(title)
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    texts = [plain(p.extract_text()) for p in reader.pages]
    assert texts[0].startswith(plain(title))
    headings = [plain(t(f"report.h.{key}", lang)) for key in SECTIONS]
    assert plain(t("report.h.overview", lang)) in texts[0]                 # the overview under the title
    starts = [h for h in headings[1:] if any(text.startswith(h) for text in texts[1:])]
    assert starts == headings[1:]                                           # every other section opens a page
    assert "receive_and_record" not in "".join(texts)                       # no step id, whatever the language
