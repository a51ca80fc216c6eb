"""The apps' look, defined once: their style sheets, the rating badge and the error and success lines.

Colours that carry a meaning (a rating, something done, something wrong, a muted aside) come from
:mod:`sim.reports.theme`, the one home of the kit's colours, so a rating is the same colour in the
trainee's scorecard, the trainer's dashboard and the after-action report; the drill's rating badge is
that module's badge in the drill's classes. The rest is layout: the
channel cards of the drill (a call transcript, an email, a chat bubble, a post) and the app's frame.

Each app's rules are scoped under its own class (``.dk-…`` for the trainee drill, ``.trainer-app`` for the
trainer's dashboard), so showing an app in a notebook restyles nothing else on the page.

    >>> badge("M")
    "<span class='dk-badge dk-rM'>M</span>"
    >>> error_html("<b>", mark=True)
    "<span class='dk-error' style='color:#c62828'>✗ &lt;b&gt;</span>"
"""
from __future__ import annotations

from html import escape

from sim.reports.theme import BAD, MUTED, NEUTRAL, OK, rating_css
from sim.reports.theme import badge as rating_badge

# The chosen yes/no (and language) button: white on a dark blue, 5.7:1 (WCAG AA asks 4.5:1), with a tick, so
# the choice does not rest on colour alone; the other button stays white with a grey border.
SELECTED = "#1565c0"

# The notebooks' narrative for JupyterLab readers (markdown cells tagged lab-only, in English) is not part of an
# app page: Voila's page template gives each cell its tags as classes (celltag_<tag>), JupyterLab does not, so
# this rule hides the narrative in Voila only. (`make drill` also removes those cells: TagRemovePreprocessor,
# which Voila applies when it serves one notebook but not a folder or a hub's servers.)
LAB_ONLY_CSS = ".celltag_lab-only {display: none !important;}"

# The trainee drill app (sim.ui.drill_app). The badge colours are rating_css rules (.dk-rP ... .dk-rNA).
DRILL_CSS = f"""<style>
{LAB_ONLY_CSS}
.dk-app {{max-width: 1000px; font-size: 14px;}}
.dk-title h2 {{margin: 4px 0 0 0;}} .dk-title p {{margin: 2px 0 8px 0; color: #555;}}
.dk-box {{border: 1px solid #dde3ea; border-radius: 8px; padding: 10px 14px; margin: 6px 0; background: #fff;}}
.dk-details h3 {{margin: 2px 0 6px 0;}} .dk-details p {{margin: 4px 0;}}
.dk-muted {{color: {MUTED};}} .dk-error {{color: {BAD};}} .dk-ok {{color: {OK};}}
.dk-status {{display: flex; flex-wrap: wrap; gap: 18px; align-items: baseline;}}
.dk-status b {{font-size: 15px;}} .dk-clock {{font-family: monospace; font-size: 16px; font-weight: 700;}}
.dk-late {{color: {BAD}; font-weight: 700;}}
.dk-inject {{border: 1px solid #cfd8dc; border-radius: 8px; padding: 10px 14px; margin: 10px 0 4px 0;
            background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.06);}}
.dk-inject.dk-old {{background: #fafafa;}}
.dk-ihead {{display: flex; gap: 10px; align-items: center; font-size: 12px; color: #455a64; margin-bottom: 6px;}}
.dk-tag {{font-family: monospace; background: #263238; color: #fff; border-radius: 4px; padding: 1px 6px;}}
.dk-state {{border-radius: 10px; padding: 0 8px; font-size: 11px; background: #e3f2fd; color: #0d47a1;}}
.dk-state.dk-done {{background: #e8f5e9; color: #1b5e20;}}
.dk-transcript {{background: #f5f8fc; border-left: 4px solid #1565c0; padding: 6px 12px;}}
.dk-transcript .dk-label {{font-size: 11px; text-transform: uppercase; color: #1565c0; letter-spacing: .04em;}}
.dk-email {{border: 1px solid #cfd8dc; border-radius: 6px; overflow: hidden;}}
.dk-email-hdr {{background: #eceff1; padding: 6px 10px; font-size: 13px; line-height: 1.5;}}
.dk-email-body, .dk-text {{padding: 8px 10px; white-space: pre-wrap;}}
.dk-chat-name {{font-size: 12px; color: #455a64; margin-bottom: 2px;}}
.dk-bubble {{display: inline-block; background: #e3f2fd; border-radius: 16px 16px 16px 3px; padding: 8px 12px;
            max-width: 85%; white-space: pre-wrap;}}
.dk-post {{border: 1px solid #cfd8dc; border-radius: 10px; padding: 10px 12px; max-width: 600px; background: #fff;}}
.dk-post-top {{display: flex; gap: 8px; align-items: center; margin-bottom: 6px;}}
.dk-avatar {{width: 34px; height: 34px; border-radius: 50%; background: #78909c; color: #fff; text-align: center;
            line-height: 34px; font-weight: 700;}}
.dk-post-media {{background: #eceff1; border-radius: 6px; padding: 16px; margin: 6px 0; text-align: center;
                color: #455a64; font-style: italic;}}
.dk-counts {{display: flex; gap: 16px; color: #546e7a; font-size: 13px; margin-top: 6px;}}
.dk-alert-box {{background: #fff8e1; border-left: 5px solid #ff8f00; padding: 6px 12px; white-space: pre-wrap;}}
.dk-meeting {{background: #f3e5f5; border-left: 5px solid #6a1b9a; padding: 6px 12px; white-space: pre-wrap;}}
.dk-attachment {{border: 1px dashed #b0bec5; border-radius: 6px; padding: 6px 10px; margin-top: 6px;}}
.dk-prompt {{border-left: 3px solid #1976d2; padding: 4px 0 4px 12px; margin: 2px 0 8px 18px;}}
.dk-prompt.dk-locked {{border-left-color: #9e9e9e;}}
.dk-q {{font-weight: 600; font-size: 14px;}} .dk-hint {{color: {MUTED}; font-size: 12px;}}
.dk-result {{border-radius: 10px; padding: 12px 16px; color: #fff; margin: 8px 0;}}
.dk-result.dk-pass {{background: {OK};}} .dk-result.dk-fail {{background: {BAD};}}
.dk-result .dk-big {{font-size: 30px; font-weight: 800;}}
.dk-badge {{display: inline-block; min-width: 30px; text-align: center; color: #fff; border-radius: 4px;
           font-weight: 700; padding: 0 4px;}}
{rating_css(".dk-r")}
table.dk-steps {{border-collapse: collapse; margin: 6px 0;}} table.dk-steps td, table.dk-steps th
  {{border-bottom: 1px solid #eceff1; padding: 3px 10px; text-align: left;}}
.dk-review {{border-left: 4px solid #ef6c00; padding: 4px 12px; margin: 8px 0; background: #fffdf7;}}
.dk-review ul {{margin: 4px 0;}} .dk-quote {{white-space: pre-wrap; color: #37474f; font-style: italic;}}
.dk-critical {{background: #ffebee; border: 1px solid {BAD}; border-radius: 6px; padding: 6px 10px;}}
.dk-icon {{margin-right: 3px;}}
.dk-box.dk-warn {{background: #fff8e1; border-color: #ffe082;}}
.dk-app .dk-input-yesno .widget-toggle-button, .dk-app .dk-language .widget-toggle-button
  {{min-width: 90px; border: 1px solid #90a4ae; background: #fff; color: #263238; font-weight: 600;}}
.dk-app .dk-input-yesno .widget-toggle-button.mod-active, .dk-app .dk-language .widget-toggle-button.mod-active
  {{background: {SELECTED}; border-color: {SELECTED}; color: #fff; opacity: 1; box-shadow: 0 0 0 2px #0d47a1 inset;}}
.dk-app .dk-input-yesno .widget-toggle-button.mod-active::before {{content: "✓ ";}}
.dk-app .dk-input-yesno .widget-toggle-button:disabled:not(.mod-active) {{opacity: .45;}}
.dk-card-top {{scroll-margin-top: 8px;}}
</style>"""

# The trainer's dashboard (sim.ui.trainer): the after-action report's look (its fragments come from
# sim.reports.html), scoped to the dashboard.
TRAINER_CSS = f"""<style>
{LAB_ONLY_CSS}
.trainer-app .widget-tab > .lm-TabBar .lm-TabBar-tab{{flex:0 0 auto !important;max-width:none !important}}
.trainer-app .widget-tab > .lm-TabBar .lm-TabBar-content{{flex-wrap:wrap}}
.trainer-app .widget-tab > .lm-TabBar{{height:auto !important;overflow:visible}}
.trainer-app table.r{{border-collapse:collapse;margin:6px 0 12px;font-size:13px}}
.trainer-app table.r th,.trainer-app table.r td{{border:1px solid #cbd2d9;padding:3px 6px;text-align:left;
 vertical-align:top}}
.trainer-app table.r th{{background:#eef2f7}}.trainer-app td.n{{text-align:right}}
.trainer-app .badge{{display:inline-block;min-width:20px;padding:0 5px;border-radius:4px;font-weight:600;
 text-align:center;color:#fff}}
{rating_css(".trainer-app .r")}
.trainer-app .ok{{color:{OK}}}.trainer-app .bad{{color:{BAD};font-weight:600}}.trainer-app .muted{{color:{MUTED}}}
.trainer-app blockquote{{margin:3px 0 6px 0;padding:3px 8px;border-left:3px solid {NEUTRAL};background:#f5f7fa;
 white-space:pre-wrap}}
.trainer-app .note{{background:#fff8e1;border:1px solid #ffe082;padding:4px 8px;border-radius:4px}}
</style>"""


def badge(rating: str) -> str:
    """A P/S/M/U (or N/A) rating as a coloured badge (styled by the ``.dk-r…`` rules of :data:`DRILL_CSS`)."""
    return rating_badge(rating, box="dk-badge", prefix="dk-r")


def _line(kind: str, colour: str, sign: str, text: object, block: bool) -> str:
    tag = "div" if block else "span"
    # The colour is inline as well as in the class: the planner and command apps have no style sheet.
    return f"<{tag} class='{kind}' style='color:{colour}'>{sign}{escape(str(text))}</{tag}>"


def error_html(text: object, *, mark: bool = False, block: bool = False) -> str:
    """Something went wrong, in red (``mark``: with a ✗; ``block``: a line of its own)."""
    return _line("dk-error", BAD, "✗ " if mark else "", text, block)


def ok_html(text: object, *, mark: bool = False, block: bool = False) -> str:
    """Something was done, in green (``mark``: with a ✓; ``block``: a line of its own)."""
    return _line("dk-ok", OK, "✓ " if mark else "", text, block)


__all__ = ["DRILL_CSS", "SELECTED", "TRAINER_CSS", "badge", "error_html", "ok_html"]
