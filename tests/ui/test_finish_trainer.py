"""The trainer dashboard offers what it writes as downloads (issue 20): "Write AAR" saves the report (and, when
ticked, the CSV files as one zip and the Excel workbook) on the server, says where, and puts a link in the
page that holds each file as a data: URI with a download name, so the trainer gets the file on their own
computer in Voila and behind JupyterHub alike. A file too large for a link is a note naming the server's copy."""
import base64
import html
import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest
from support.reports import load

from sim.i18n import t
from sim.reports.demo import generate_cohort, scripted_trainees
from sim.reports.markup import MAX_DOWNLOAD, download_link
from sim.store.results import Store
from sim.ui.trainer import TrainerApp

LINK = re.compile(r'<a href="data:([^;"]+);base64,([A-Za-z0-9+/=]+)" download="([^"]+)"')


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trainer")
    store = Store(f"sqlite:///{folder / 't.sqlite'}")
    scenario = load("customer_data_leak")
    cid = generate_cohort(store, "Hotline team", 2026, [scenario], scripted_trainees(3, seed=5), in_progress=0,
                          not_started=0)
    return TrainerApp(store, cohort_id=cid, scenarios={scenario.id: scenario}, today=date(2026, 6, 1),
                      out_dir=folder)


def links(value: str) -> dict[str, tuple[str, bytes]]:
    return {name: (mime, base64.b64decode(payload)) for mime, payload, name in LINK.findall(value)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_write_aar_offers_every_file_it_wrote_as_a_download(app, tmp_path, lang):
    app.language.value = lang
    app.aar_path.value = str(tmp_path / "aar_1.html")
    app.aar_csv.value = app.aar_xlsx.value = True
    app.aar_button.click()
    shown = app.aar_done.value
    got = links(shown)
    assert sorted(got) == ["aar_1.html", "aar_1.xlsx", "aar_1_csv.zip"]
    mime, report = got["aar_1.html"]
    assert mime == "text/html" and report == (tmp_path / "aar_1.html").read_bytes()      # the very file
    assert t("report.title", lang).encode() in report
    mime, book = got["aar_1.xlsx"]
    assert mime.endswith("spreadsheetml.sheet") and book == (tmp_path / "aar_1.xlsx").read_bytes()
    assert openpyxl.load_workbook(io.BytesIO(book)).sheetnames[0] == t("report.xlsx.sheet.results", lang)
    names = zipfile.ZipFile(io.BytesIO(got["aar_1_csv.zip"][1])).namelist()
    assert "scores.csv" in names and "improvement_plan.csv" in names
    text = html.unescape(re.sub(r"<[^>]+>", " ", shown))
    for label in ("report.app.download_aar", "report.app.download_csv", "report.app.download_xlsx",
                  "report.app.saved_on_server"):
        assert t(label, lang) in text
    assert str(tmp_path / "aar_1.html") in text and str(tmp_path / "aar_1.xlsx") in text   # where the copies are
    assert app.aar_xlsx.description == t("report.app.xlsx", lang)


def test_unticked_exports_are_neither_written_nor_offered(app, tmp_path):
    app.language.value = "en"
    app.aar_path.value = str(tmp_path / "only.html")
    app.aar_csv.value = app.aar_xlsx.value = False
    app.aar_button.click()
    assert sorted(links(app.aar_done.value)) == ["only.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["only.html"]


def test_a_file_at_the_limit_is_a_link_and_one_byte_more_is_a_note_naming_the_server_copy():
    at = download_link(b"x" * MAX_DOWNLOAD, "a.html", "Download", "en", "/srv/a.html")
    assert LINK.search(at) and 'download="a.html"' in at
    over = download_link(b"x" * (MAX_DOWNLOAD + 1), "a.html", "Download", "zh", "/srv/a.html")
    assert "<a " not in over and "/srv/a.html" in over and "过大" in over


def test_a_file_name_is_escaped_in_the_link():
    link = download_link(b"hi", 'a"><script>.html', "Download")
    assert "<script>" not in link and 'download="a&quot;&gt;&lt;script&gt;.html"' in link
