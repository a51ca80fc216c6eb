r"""The HTML the trainer sees is built from these few pieces: the report's style sheet, escaping, tags,
tables, numbers, rating badges and quotes; and a file offered for download in the dashboard's page
(:func:`download_link`).

Everything that comes from data goes through :func:`esc`; what is built here is marked :class:`Raw` (already
escaped), so a fragment can be passed on without being escaped twice. :mod:`sim.reports.html` (the
dashboard's and the report's fragments) and :mod:`sim.reports.replies` (scored replies) build on them.

    >>> tag("td", "<b>Ann & Bo</b>", class_="n")
    '<td class="n">&lt;b&gt;Ann &amp; Bo&lt;/b&gt;</td>'

Escaping also cleans the text (:func:`clean_text`): trainee text may carry raw control characters
(pasted from a terminal or another tool) and Unicode bidi overrides, which an HTML page shows as boxes or
uses to reorder what surrounds them ("Ann\u202egnp.exe" reads as "Annexe.png"). Control characters
other than newline and tab are removed (a carriage return becomes a newline), and so are the bidi
embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): removed, not wrapped, so no text of
a report can reorder another. The marks U+200E/U+200F stay: they only steer neutral characters, and
right-to-left text needs them.

    >>> esc("Ann\u202egnp.exe\x07\r\nok")
    'Anngnp.exe\nok'
"""
from __future__ import annotations

import base64
import io
import math
import zipfile
from html import escape
from pathlib import Path
from typing import Any

from sim.drill.evidence import EVIDENCE_CSS
from sim.i18n import t
from sim.i18n.script import clean_text
from sim.reports.theme import ACCENT, BAD, MUTED, NEUTRAL, OK, rating_css
from sim.reports.theme import badge as rating_badge

# Printing the report (a browser's Print, or Save as PDF): each section (h2) on a new page, the overview
# right under the title; headings kept with what follows; a table row, a quote, a figure or a key figure never
# split across pages, and a table's header repeated on each page; figures shrunk to fit the page; the rating
# colours printed (browsers drop backgrounds by default); anything marked .no-print (a dashboard's buttons) left out.
PRINT_CSS = """@media print{
@page{size:A4;margin:14mm 12mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{max-width:none;margin:0;padding:0;font-size:10.5pt}
h2{break-before:page;page-break-before:always;break-after:avoid;page-break-after:avoid}
h2#overview{break-before:auto;page-break-before:auto}
h3,h4{break-after:avoid;page-break-after:avoid}
table.r{width:100%;font-size:9pt;page-break-inside:auto}thead{display:table-header-group}
tr,blockquote,.kpi,dl.ov dt,dl.ov dd,li{break-inside:avoid;page-break-inside:avoid}
img{max-width:100%;max-height:235mm;object-fit:contain;break-inside:avoid;page-break-inside:avoid}
td,th{overflow-wrap:break-word}
.no-print,button,input,select,textarea,.widget-button,.jupyter-widgets.widget-toggle-buttons{display:none!important}
a.download{display:none}
}"""

CSS = f"""
body{{font-family:"Segoe UI","Helvetica Neue",Arial,"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;
 color:#1f2933;max-width:1100px;margin:24px auto;padding:0 16px;line-height:1.45;font-size:14px}}
h1{{font-size:24px;margin-bottom:4px}}h2{{font-size:19px;border-bottom:2px solid {ACCENT};padding-bottom:3px;margin-top:32px}}
h3{{font-size:16px;margin:20px 0 6px}}.sub{{color:#52606d;margin-top:0}}
table.r{{border-collapse:collapse;margin:8px 0 14px;font-size:13px}}
table.r th,table.r td{{border:1px solid #cbd2d9;padding:4px 7px;text-align:left;vertical-align:top}}
table.r th{{background:#eef2f7}}td.n{{text-align:right;font-variant-numeric:tabular-nums}}
.badge{{display:inline-block;min-width:22px;padding:1px 6px;border-radius:4px;font-weight:600;text-align:center;color:#fff}}
{rating_css(".r")}
.ok{{color:{OK}}}.bad{{color:{BAD};font-weight:600}}.muted{{color:{MUTED}}}
blockquote{{margin:4px 0 8px 0;padding:4px 10px;border-left:3px solid {NEUTRAL};background:#f5f7fa;white-space:pre-wrap}}
.kpis{{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}}.kpi{{border:1px solid #cbd2d9;border-radius:6px;padding:6px 12px}}
.kpi b{{display:block;font-size:20px}}img{{max-width:100%;height:auto;display:block;margin:6px 0 12px}}
dl.ov{{display:grid;grid-template-columns:210px 1fr;gap:4px 12px}}dl.ov dt{{font-weight:600}}dl.ov dd{{margin:0}}
.note{{background:#fff8e1;border:1px solid #ffe082;padding:6px 10px;border-radius:4px}}
{PRINT_CSS}
{EVIDENCE_CSS}
"""


class Raw(str):
    """HTML built here (already escaped)."""


def esc(value: Any) -> Raw:
    """Data as HTML text: cleaned (:func:`clean_text`) and escaped, quotes included (safe in attributes)."""
    if isinstance(value, Raw):
        return value
    return Raw(escape(clean_text("" if value is None else str(value)), quote=True))


def tag(name: str, content: Any = "", **attrs) -> Raw:
    a = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items() if v is not None)
    return Raw(f"<{name}{a}>{esc(content)}</{name}>")


def join(parts, sep: str = "") -> Raw:
    return Raw(sep.join(esc(p) for p in parts))


def table(headers, rows, cls: str = "r", **attrs) -> Raw:
    """rows: lists of cells; a cell is a value (escaped) or a (value, {attr: ...}) pair."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, tuple):
                value, cell_attrs = cell
                cells.append(tag("td", value, **cell_attrs))
            else:
                cells.append(tag("td", cell))
        body.append("<tr>" + "".join(cells) + "</tr>")
    a = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return Raw(f'<table class="{cls}"{a}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def num(value: Any, fmt: str = "{:.1f}", **attrs) -> tuple:
    """A right-aligned number cell ('—' for missing)."""
    text = "—" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt.format(value)
    return text, {"class_": "n", **attrs}


def pct(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{100 * value:.{digits}f}%"


def badge(rating: str) -> Raw:
    """A rating's badge (:func:`sim.reports.theme.badge`, escaped there), styled by the ``.r…`` rules of CSS."""
    return Raw(rating_badge(rating))


def quote(text: str, limit: int = 400) -> Raw:
    text = " ".join(str(text).split()) if len(str(text)) > limit else str(text)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return tag("blockquote", text)


# --- files offered for download in the dashboard's page ---------------------------------------------------
# Bytes of a file offered in the page: its data: link is 4/3 as long, and Chromium refuses links over 2 MB.
MAX_DOWNLOAD = 1_500_000
MIME = {".html": "text/html", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".zip": "application/zip", ".csv": "text/csv"}


def zip_files(files) -> bytes:
    """The files as one zip archive (in memory), each under its own name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.write(f, Path(f).name)
    return buf.getvalue()


def download_link(payload: bytes, filename: str, label: str, lang: str = "en", where: str | Path = "") -> Raw:
    """A link that saves ``payload`` as ``filename`` on the trainer's computer: an anchor with the file as a
    ``data:`` URI and a ``download`` attribute (no server route, no script). Over :data:`MAX_DOWNLOAD` bytes,
    a note saying the file is too large for the page and where the server's copy is (``where``)."""
    if len(payload) > MAX_DOWNLOAD:
        return tag("span", t("report.app.too_big", lang, name=filename, mb=len(payload) / 1e6, path=where),
                   class_="note")
    mime = MIME.get(Path(filename).suffix.lower(), "application/octet-stream")
    uri = f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"
    return Raw(f'<a href="{uri}" download="{esc(filename)}" class="download" data-file="{esc(filename)}">'
               f'{esc(label)} ({esc(filename)}, {len(payload) / 1024:.0f} KB)</a>')


__all__ = ["CSS", "MAX_DOWNLOAD", "PRINT_CSS", "Raw", "badge", "clean_text", "download_link", "esc", "join", "num", "pct", "quote",
           "table", "tag", "zip_files"]
