"""The trainee drill app: an ipywidgets application for JupyterLab and Voila (``notebooks/20_drill.ipynb``).

A trainee enters a name (and an optional cohort code), picks a drill, and handles the incident: each
inject arrives rendered as its channel would show it (a hotline transcript, an email with its headers,
a chat bubble, a social-media post with its reaction counts, an internal alert), with its prompts as
widgets. Each answer is submitted on its own, stored at once by the drill session and locked, as in a
real drill. A scenario clock, an elapsed timer and a progress bar run along; at the end the scorecard
shows the overall result, the P/S/M/U rating per plan step and, for everything missed, what the plan
expects. The language toggle (English / 简体中文) switches every label, the scenario text and the
scorecard.

What reaches the browser: the app renders only the trainee view (:mod:`sim.drill.view`) until the
drill is finished; the answer key stays in the :class:`~sim.drill.session.DrillSession` in the kernel,
which scores. A page refresh in Voila starts a new kernel: the trainee enters the same name and is
offered their unfinished attempt, resumed from the store.

Drafts: while a prompt is open, its input (a reply above all, but every kind) is autosaved as a draft
(:meth:`Store.save_draft`) when it changes, at most every ``DRAFT_EVERY_S`` seconds, and otherwise on the
next one-second tick. Resuming puts the draft back into the open prompt ("Draft restored"). A draft save
that fails is logged and retried later, never shown as an error: the answer path does not depend on it.

Tests drive the app without a browser::

    app = DrillApp(scenarios_dir(), store=Store("sqlite:///tmp/d.sqlite"))
    app.name.value = "Ann"
    app.start_button.click()
    panel = app.current_panel
    panel.input.value = "product_quality"
    panel.submit.click()
"""
from __future__ import annotations

import functools
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from sim.format.base import Text
from sim.format.library import scenario_files
from sim.i18n import LANGUAGE_NAMES, LANGUAGES, check_language, t
from sim.i18n.drill_app import APP_STRINGS

log = logging.getLogger(__name__)
DRAFT_EVERY_S = 2.0         # at most one draft save per this many seconds (the tick flushes the rest)

DIFFICULTY_ORDER = {"introductory": 0, "intermediate": 1, "advanced": 2}
RATING_COLOURS = {"P": "#2e7d32", "S": "#7cb342", "M": "#f9a825", "U": "#c62828", "N/A": "#90a4ae"}
_STEP_NUMBER = re.compile(r"^\s*\d+\s*[.、．]\s*")
CHANNEL_ICONS = {"hotline": "📞", "phone": "📞", "email": "✉️", "online_form": "📝", "chat": "💬",
                 "social_media": "🌐", "internal": "⚠️", "meeting": "🗓️"}

CSS = """<style>
.dk-app {max-width: 1000px; font-size: 14px;}
.dk-title h2 {margin: 4px 0 0 0;} .dk-title p {margin: 2px 0 8px 0; color: #555;}
.dk-box {border: 1px solid #dde3ea; border-radius: 8px; padding: 10px 14px; margin: 6px 0; background: #fff;}
.dk-details h3 {margin: 2px 0 6px 0;} .dk-details p {margin: 4px 0;}
.dk-muted {color: #607d8b;} .dk-error {color: #b71c1c;} .dk-ok {color: #2e7d32;}
.dk-status {display: flex; flex-wrap: wrap; gap: 18px; align-items: baseline;}
.dk-status b {font-size: 15px;} .dk-clock {font-family: monospace; font-size: 16px; font-weight: 700;}
.dk-late {color: #c62828; font-weight: 700;}
.dk-inject {border: 1px solid #cfd8dc; border-radius: 8px; padding: 10px 14px; margin: 10px 0 4px 0;
            background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.06);}
.dk-inject.dk-old {background: #fafafa;}
.dk-ihead {display: flex; gap: 10px; align-items: center; font-size: 12px; color: #455a64; margin-bottom: 6px;}
.dk-tag {font-family: monospace; background: #263238; color: #fff; border-radius: 4px; padding: 1px 6px;}
.dk-state {border-radius: 10px; padding: 0 8px; font-size: 11px; background: #e3f2fd; color: #0d47a1;}
.dk-state.dk-done {background: #e8f5e9; color: #1b5e20;}
.dk-transcript {background: #f5f8fc; border-left: 4px solid #1565c0; padding: 6px 12px;}
.dk-transcript .dk-label {font-size: 11px; text-transform: uppercase; color: #1565c0; letter-spacing: .04em;}
.dk-email {border: 1px solid #cfd8dc; border-radius: 6px; overflow: hidden;}
.dk-email-hdr {background: #eceff1; padding: 6px 10px; font-size: 13px; line-height: 1.5;}
.dk-email-body, .dk-text {padding: 8px 10px; white-space: pre-wrap;}
.dk-chat-name {font-size: 12px; color: #455a64; margin-bottom: 2px;}
.dk-bubble {display: inline-block; background: #e3f2fd; border-radius: 16px 16px 16px 3px; padding: 8px 12px;
            max-width: 85%; white-space: pre-wrap;}
.dk-post {border: 1px solid #cfd8dc; border-radius: 10px; padding: 10px 12px; max-width: 600px; background: #fff;}
.dk-post-top {display: flex; gap: 8px; align-items: center; margin-bottom: 6px;}
.dk-avatar {width: 34px; height: 34px; border-radius: 50%; background: #78909c; color: #fff; text-align: center;
            line-height: 34px; font-weight: 700;}
.dk-post-media {background: #eceff1; border-radius: 6px; padding: 16px; margin: 6px 0; text-align: center;
                color: #455a64; font-style: italic;}
.dk-counts {display: flex; gap: 16px; color: #546e7a; font-size: 13px; margin-top: 6px;}
.dk-alert-box {background: #fff8e1; border-left: 5px solid #ff8f00; padding: 6px 12px; white-space: pre-wrap;}
.dk-meeting {background: #f3e5f5; border-left: 5px solid #6a1b9a; padding: 6px 12px; white-space: pre-wrap;}
.dk-attachment {border: 1px dashed #b0bec5; border-radius: 6px; padding: 6px 10px; margin-top: 6px;}
.dk-prompt {border-left: 3px solid #1976d2; padding: 4px 0 4px 12px; margin: 2px 0 8px 18px;}
.dk-prompt.dk-locked {border-left-color: #9e9e9e;}
.dk-q {font-weight: 600; font-size: 14px;} .dk-hint {color: #607d8b; font-size: 12px;}
.dk-result {border-radius: 10px; padding: 12px 16px; color: #fff; margin: 8px 0;}
.dk-result.dk-pass {background: #2e7d32;} .dk-result.dk-fail {background: #c62828;}
.dk-result .dk-big {font-size: 30px; font-weight: 800;}
.dk-badge {display: inline-block; min-width: 30px; text-align: center; color: #fff; border-radius: 4px;
           font-weight: 700; padding: 0 4px;}
table.dk-steps {border-collapse: collapse; margin: 6px 0;} table.dk-steps td, table.dk-steps th
  {border-bottom: 1px solid #eceff1; padding: 3px 10px; text-align: left;}
.dk-review {border-left: 4px solid #ef6c00; padding: 4px 12px; margin: 8px 0; background: #fffdf7;}
.dk-review ul {margin: 4px 0;} .dk-quote {white-space: pre-wrap; color: #37474f; font-style: italic;}
.dk-critical {background: #ffebee; border: 1px solid #c62828; border-radius: 6px; padding: 6px 10px;}
</style>"""


def _esc(text: Any) -> str:
    return escape(str(text), quote=True)


def _plain_step(name: str) -> str:
    """A step name without its number ("4. Decide a solution" would hint at an order prompt's answer)."""
    return _STEP_NUMBER.sub("", name)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _label(key: str, lang: str) -> str:
    """An escaped label with the colon of its language ("From:", "发件人：")."""
    return escape(t(key, lang)) + ("：" if lang == "zh" else ":")


def _mmss(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


# --- the scenario list ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DrillChoice:
    """What the picker shows of one scenario (nothing of its key)."""
    id: str
    title: Text
    role: Text
    difficulty: str
    duration: float                 # minutes
    languages: tuple[str, ...]
    summary: Text | None = None
    path: Path | None = None

    def label(self, lang: str) -> str:
        return t("app.picker_item", lang, title=self.title.get(lang),
                 duration=t("app.minutes", lang, minutes=round(self.duration)),
                 difficulty=t(f"app.difficulty.{self.difficulty}", lang))


def _choice_from_view(view, path: Path | None = None) -> DrillChoice:
    return DrillChoice(view.id, view.title, view.role, view.difficulty, view.duration, tuple(view.languages),
                       view.summary, path)


def _choice_from_file(path: Path) -> DrillChoice | None:
    """The picker entry of a scenario file, read without validating the whole scenario and its plan.

    Validating every scenario of the library (and its plan) takes about 0.3 s each; the picker needs only
    the title, role, difficulty and duration. The chosen scenario is loaded and validated in full when
    the drill starts, and a broken file is reported then.
    """
    import yaml

    from sim.format.base import _duration
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=loader)
        drill = data.get("drill") if isinstance(data, dict) else None
        if not isinstance(drill, dict):
            return None
        title = Text.model_validate(data["title"])
        role = Text.model_validate(drill["role"])
        summary = Text.model_validate(data["summary"]) if data.get("summary") else None
        difficulty = drill.get("difficulty", "intermediate")
        if difficulty not in DIFFICULTY_ORDER:
            return None
        duration = _duration(drill.get("duration", "30min"))
        texts = [title, role] + [Text.model_validate(inj["message"]) for inj in drill.get("injects") or ()]
        languages = tuple(lang for lang in LANGUAGES if all(x.has(lang) for x in texts))
        return DrillChoice(str(data["id"]), title, role, difficulty, duration, languages, summary, path)
    except Exception:   # a broken file in the library is not this trainee's problem; it is left out
        log.warning("drill app: cannot read %s for the picker", path, exc_info=True)
        return None


def library_choices(folder: Path) -> list[DrillChoice]:
    """The drills of a scenario folder, easiest first."""
    found = [c for c in (_choice_from_file(p) for p in scenario_files(folder)) if c is not None]
    return sorted(found, key=lambda c: (DIFFICULTY_ORDER[c.difficulty], c.duration, c.title.get("en")))


# --- rendering injects ---------------------------------------------------------------------------

def _counts_html(a, lang: str) -> str:
    bits = []
    for n, key, icon in ((a.reactions, "drill.cli.reactions", "❤"), (a.shares, "drill.cli.shares", "↻"),
                         (a.comments, "drill.cli.comments", "💬")):
        if n is not None:
            bits.append(f"<span class='dk-count'>{icon} {_esc(t(key, lang, n=n))}</span>")
    return f"<div class='dk-counts'>{''.join(bits)}</div>" if bits else ""


def _post_html(name: str | None, handle: str | None, text: str, attachment, lang: str) -> str:
    who = name or handle or "?"
    initial = _esc(who.lstrip("@#")[:1].upper() or "?")
    top = (f"<div class='dk-post-top'><div class='dk-avatar'>{initial}</div><div>"
           f"<div><b>{_esc(who)}</b></div>"
           + (f"<div class='dk-muted'>{_esc(handle)}</div>" if handle and handle != who else "")
           + f"</div><div class='dk-muted' style='margin-left:auto'>{_esc(t('app.post_public', lang))}</div></div>")
    body = f"<div class='dk-text' style='padding:0'>{_esc(text)}</div>" if text else ""
    media = counts = ""
    if attachment is not None:
        if attachment.text is not None:
            body += f"<div class='dk-text' style='padding:4px 0'>{_esc(attachment.text.get(lang))}</div>"
        if attachment.caption is not None:
            media = f"<div class='dk-post-media'>🖼 {_esc(attachment.caption.get(lang))}</div>"
        counts = _counts_html(attachment, lang)
    return f"<div class='dk-post'>{top}{body}{media}{counts}</div>"


def _attachment_html(a, lang: str) -> str:
    if a.kind == "social_post":
        return _post_html(None, a.author, "", a, lang)
    parts = [f"<b>📎 {_esc(t(f'drill.attachment.{a.kind}', lang))}</b>"]
    if a.author:
        parts.append(f" · {_esc(a.author)}")
    for text in (a.caption, a.text):
        if text is not None:
            parts.append(f"<div class='dk-text' style='padding:2px 0'>{_esc(text.get(lang))}</div>")
    extra = _counts_html(a, lang)
    return f"<div class='dk-attachment'>{''.join(parts)}{extra}</div>"


def inject_html(inj, lang: str, *, handled: bool = False) -> str:
    """One inject as its channel shows it (the trainee view only: time, channel, sender, message...)."""
    L = lambda key, **kw: t(key, lang, **kw)
    sender = inj.sender.get(lang) if inj.sender is not None else None
    message = inj.message.get(lang)
    channel = inj.channel
    icon = CHANNEL_ICONS.get(channel, "✉️")
    state = (f"<span class='dk-state dk-done'>{_esc(L('app.handled'))}</span>" if handled
             else f"<span class='dk-state'>{_esc(L('app.new'))}</span>")
    head = (f"<div class='dk-ihead'><span class='dk-tag'>{_esc(inj.clock)}</span>"
            f"<span><b>{icon} {_esc(inj.channel_name.get(lang))}</b></span>{state}</div>")
    a = inj.attachment
    if channel in ("hotline", "phone"):
        who = L("app.caller") + (f" · {sender}" if sender else "")
        body = (f"<div class='dk-transcript'><div class='dk-label'>{_esc(L('app.transcript'))}</div>"
                f"<p><b>{_esc(who)}{_colon(lang).strip()}</b> “{_esc(message)}”</p></div>")
    elif channel in ("email", "online_form"):
        subject = inj.subject.get(lang) if inj.subject is not None else L("app.no_subject")
        body = (f"<div class='dk-email'><div class='dk-email-hdr'>"
                f"<div><b>{_label('app.mail_from', lang)}</b> {_esc(sender or '—')}</div>"
                f"<div><b>{_label('app.mail_to', lang)}</b> {_esc(L('app.mail_to_us'))}</div>"
                f"<div><b>{_label('app.mail_subject', lang)}</b> {_esc(subject)}</div></div>"
                f"<div class='dk-email-body'>{_esc(message)}</div></div>")
    elif channel == "chat":
        body = (f"<div class='dk-chat-name'>{_esc(sender or L('app.caller'))}</div>"
                f"<div class='dk-bubble'>{_esc(message)}</div>")
    elif channel == "social_media":
        handle = a.author if a is not None and a.kind == "social_post" else None
        body = _post_html(sender, handle, message, a if a is not None and a.kind == "social_post" else None, lang)
        if a is not None and a.kind == "social_post":
            a = None     # shown in the post card
    elif channel == "meeting":
        who = f"<b>{_esc(L('app.meeting'))}</b>" + (f" · {_esc(sender)}" if sender else "")
        body = f"<div class='dk-meeting'>{who}<br>{_esc(message)}</div>"
    else:       # internal alerts and any other channel
        title = L("app.alert") if channel == "internal" else inj.channel_name.get(lang)
        who = f"<b>{_esc(title)}</b>" + (f" · {_esc(L('app.sender'))} {_esc(sender)}" if sender else "")
        if inj.subject is not None:
            who += f" — {_esc(inj.subject.get(lang))}"
        body = f"<div class='dk-alert-box'>{who}<br>{_esc(message)}</div>"
    if a is not None:
        body += _attachment_html(a, lang)
    return f"<div class='dk-inject{' dk-old' if handled else ''}'>{head}{body}</div>"


# --- prompts -------------------------------------------------------------------------------------

class PromptPanel:
    """The widgets of one prompt: its question, an input for its kind, a Submit button and a message line.

    ``input`` is the widget a trainee changes: RadioButtons (choice), a VBox of Checkboxes (multi; see
    ``checks``), ToggleButtons (yes/no), BoundedFloatText (number), a VBox of rows with ↑/↓ buttons
    (order; see ``order``, ``up``, ``down``) or a Textarea (reply; see ``count``).
    """

    def __init__(self, prompt, lang: str, on_submit: Callable[[PromptPanel], None]):
        self.prompt = prompt
        self.kind = prompt.kind
        self.lang = lang
        self.locked = False
        self.stored: Any = None
        self.saved_at: str | None = None
        self.restored = False          # the input holds a draft restored after a reload (a note says so)
        self.question = w.HTML()
        self.hint = w.HTML()
        self.message = w.HTML()
        self.submit = w.Button(button_style="primary", icon="paper-plane")
        self.submit.add_class("dk-submit")
        self.submit.on_click(lambda _b: on_submit(self))
        self.checks: dict[str, w.Checkbox] = {}
        self.order: list[str] = list(prompt.option_ids())
        self.up: list[w.Button] = []
        self.down: list[w.Button] = []
        self._rows: list[w.HTML] = []
        self.count: w.HTML | None = None
        self.unit: w.HTML | None = None
        kind = self.kind
        if kind == "choice":
            self.input = w.RadioButtons(options=self._options(), value=None, layout=w.Layout(width="auto"))
        elif kind == "multi":
            self.checks = {o.id: w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
                           for o in prompt.options}
            self.input = w.VBox(list(self.checks.values()))
        elif kind == "yesno":
            self.input = w.ToggleButtons(options=self._options(), value=None)
        elif kind == "number":
            self.input = w.BoundedFloatText(value=0, min=0, max=1e9, layout=w.Layout(width="160px"))
            self.unit = w.HTML()
        elif kind == "order":
            rows = []
            for i in range(len(self.order)):
                label = w.HTML(layout=w.Layout(width="420px"))
                up = w.Button(icon="arrow-up", layout=w.Layout(width="40px"), disabled=i == 0)
                down = w.Button(icon="arrow-down", layout=w.Layout(width="40px"), disabled=i == len(self.order) - 1)
                up.add_class("dk-up")
                down.add_class("dk-down")
                up.on_click(functools.partial(self._move, i, -1))
                down.on_click(functools.partial(self._move, i, +1))
                row = w.HBox([label, up, down])
                row.add_class("dk-order-row")
                rows.append(row)
                self._rows.append(label)
                self.up.append(up)
                self.down.append(down)
            self.input = w.VBox(rows)
        else:   # reply
            self.input = w.Textarea(rows=7, continuous_update=True, layout=w.Layout(width="95%", max_width="760px"))
            self.count = w.HTML()
            self.input.observe(lambda _c: self._update_count(), "value")
        self.input.add_class(f"dk-input-{kind}")
        parts: list[w.Widget] = [self.question, self.hint, self.input]
        if self.unit is not None:
            parts = [self.question, self.hint, w.HBox([self.input, self.unit])]
        if self.count is not None:
            parts.append(self.count)
        parts += [self.submit, self.message]
        self.box = w.VBox(parts)
        self.box.add_class("dk-prompt")
        self.box.add_class(f"dk-prompt-{prompt.id}")
        self.relabel(lang)

    # --- labels ------------------------------------------------------------------------------
    def _options(self) -> list[tuple[str, str]]:
        return [(o.text(self.lang), o.id) for o in self.prompt.options]

    def relabel(self, lang: str) -> None:
        self.lang = lang
        p = self.prompt
        detail = []
        if p.kind != "order":   # an order prompt's own step would hint at its first item
            detail.append(t("app.step", lang, step=_plain_step(p.step_name.get(lang))))
        if p.par_time:
            detail.append(t("app.par", lang, minutes=p.par_time))
        self.question.value = (f"<div class='dk-q'>{_esc(p.question.get(lang))}</div>"
                               + (f"<div class='dk-hint'>{_esc(' · '.join(detail))}</div>" if detail else ""))
        self.hint.value = f"<div class='dk-hint'>{_esc(t(f'app.hint.{p.kind}', lang))}</div>"
        if self.kind in ("choice", "yesno"):
            value = self.input.value
            self.input.options = self._options()
            self.input.value = value
        elif self.kind == "multi":
            for o in p.options:
                self.checks[o.id].description = o.text(lang)
        elif self.kind == "number":
            self.unit.value = f"<span style='margin-left:6px'>{_esc(p.unit.get(lang))}</span>" if p.unit else ""
        elif self.kind == "order":
            self._draw_order()
            for b in self.up:
                b.tooltip = t("app.up", lang)
            for b in self.down:
                b.tooltip = t("app.down", lang)
        else:
            self.input.placeholder = t("app.reply_placeholder", lang)
            self._update_count()
        self.submit.description = t("app.submitted" if self.locked else "app.submit", lang)
        if self.locked and self.saved_at:
            self.message.value = f"<span class='dk-ok'>✓ {_esc(t('app.saved', lang, time=self.saved_at))}</span>"
        elif self.restored and not self.locked:
            self.message.value = f"<span class='dk-hint dk-draft'>✎ {_esc(t('app.draft_restored', lang))}</span>"

    def _draw_order(self) -> None:
        labels = {o.id: o.text(self.lang) for o in self.prompt.options}
        for i, (row, oid) in enumerate(zip(self._rows, self.order)):
            row.value = f"<b>{i + 1}.</b> {_esc(labels[oid])}"

    def _move(self, i: int, delta: int, _button=None) -> None:
        j = i + delta
        if self.locked or not 0 <= j < len(self.order):
            return
        self.order[i], self.order[j] = self.order[j], self.order[i]
        self._draw_order()

    def _update_count(self) -> None:
        from sim.drill.scoring import reply_length
        n = reply_length(self.input.value)
        need = self.prompt.min_chars
        if need and n < need:
            self.count.value = f"<span class='dk-hint'>{_esc(t('app.length_short', self.lang, n=n, min=need))}</span>"
        else:
            self.count.value = f"<span class='dk-hint'>{_esc(t('app.length', self.lang, n=n))}</span>"

    # --- values ------------------------------------------------------------------------------
    def value(self) -> Any:
        """The answer in the form :meth:`DrillSession.answer` takes; ValueError (shown) if none is chosen."""
        kind = self.kind
        if kind == "choice":
            if self.input.value is None:
                raise ValueError(t("app.pick_one", self.lang))
            return self.input.value
        if kind == "yesno":
            if self.input.value is None:
                raise ValueError(t("app.pick_yesno", self.lang))
            return self.input.value
        if kind == "multi":
            return [oid for oid, cb in self.checks.items() if cb.value]
        if kind == "number":
            number = float(self.input.value)
            return int(number) if number.is_integer() else number
        if kind == "order":
            return list(self.order)
        return self.input.value

    def draft(self) -> Any:
        """What the widgets hold now, unchecked (autosaved as a draft; :meth:`show` puts it back)."""
        if self.kind == "multi":
            return [oid for oid, cb in self.checks.items() if cb.value]
        if self.kind == "order":
            return list(self.order)
        return self.input.value

    def show(self, value: Any) -> None:
        """Put a stored answer into the widgets (after a resume, or another tab's answer)."""
        kind = self.kind
        if kind in ("choice", "yesno"):
            self.input.value = value
        elif kind == "multi":
            for oid, cb in self.checks.items():
                cb.value = oid in value
        elif kind == "number":
            self.input.value = float(value)
        elif kind == "order":
            self.order = [o for o in value if o in self.order] + [o for o in self.order if o not in value]
            self._draw_order()
        else:
            self.input.value = value

    def lock(self, value: Any, saved_at: str | None = None) -> None:
        """The answer is stored: show it, and nothing can change it any more."""
        self.stored = value
        self.show(value)
        self.locked = True
        self.restored = False
        self.saved_at = saved_at
        for widget in self._inputs():
            widget.disabled = True
        self.submit.disabled = True
        self.submit.button_style = ""
        self.submit.icon = "check"
        self.box.remove_class("dk-current")
        self.box.add_class("dk-locked")
        self.relabel(self.lang)

    def _inputs(self) -> list[w.Widget]:
        if self.kind == "multi":
            return list(self.checks.values())
        if self.kind == "order":
            return self.up + self.down
        return [self.input]

    def error(self, text: str) -> None:
        self.message.value = f"<span class='dk-error'>✗ {_esc(text)}</span>"


# --- the scorecard -------------------------------------------------------------------------------

def _badge(rating: str) -> str:
    return f"<span class='dk-badge' style='background:{RATING_COLOURS.get(rating, '#90a4ae')}'>{_esc(rating)}</span>"


def answer_text(prompt, value: Any, lang: str) -> str:
    """A stored answer as the trainee saw it (option labels, not ids)."""
    labels = {o.id: o.text(lang) for o in prompt.options}
    if value is None:
        return t("drill.fb.not_answered", lang)
    if prompt.kind in ("choice", "yesno"):
        return labels.get(value, str(value))
    if prompt.kind == "multi":
        return t("drill.list_sep", lang).join(labels.get(v, v) for v in value) or t("app.card.none", lang)
    if prompt.kind == "order":
        return " → ".join(labels.get(v, v) for v in value)
    if prompt.kind == "number":
        unit = f" {prompt.unit.get(lang)}" if prompt.unit is not None else ""
        return f"{value:g}{unit}" if isinstance(value, (int, float)) else f"{value}{unit}"
    return str(value)


def scorecard_html(card, prompts: dict, scenario, lang: str) -> str:
    """The scorecard for the trainee (after the drill only: it cites the key — what the plan expects)."""
    L = lambda key, **kw: t(key, lang, **kw)
    plan = scenario.plan
    result = L("drill.card.passed" if card.passed else "drill.card.failed")
    points = L("app.card.points", points=round(card.points, 2), max=card.max_points, mark=100 * card.pass_mark)
    out = [f"<div class='dk-scorecard'><h3>{_esc(L('app.card.heading'))} — {_esc(card.title)}</h3>",
           f"<div class='dk-result {'dk-pass' if card.passed else 'dk-fail'}'>",
           f"<span class='dk-big'>{card.percent:.0f}%</span> &nbsp; <b class='dk-verdict'>{_esc(result)}</b><br>",
           f"{_esc(points)} · {_esc(L('app.trainee'))}{_colon(lang)}{_esc(card.trainee or '—')}</div>"]
    critical = dict.fromkeys(f"{f.name} ({f.flag})" for p in card.prompts for f in p.flags if f.critical)
    if critical:
        out.append(f"<div class='dk-critical'>⚠ {_esc(L('drill.card.critical', flags='; '.join(critical)))}</div>")
    rows = []
    for s in card.steps.values():
        share = "" if s.share is None else f"{100 * s.share:.0f}% ({round(s.points, 2):g}/{s.max_points:g})"
        rows.append(f"<tr><td>{_badge(s.rating)}</td><td>{_esc(s.name)}</td><td>{share}</td></tr>")
    out.append(f"<h4>{_esc(L('drill.card.steps'))}</h4><table class='dk-steps'>"
               f"<tr><th>{_esc(L('app.card.rating'))}</th><th>{_esc(L('app.card.step'))}</th>"
               f"<th>{_esc(L('app.card.score'))}</th></tr>{''.join(rows)}</table>")
    legend = L("drill.card.legend", p=card.legend.get("P", 0), s=card.legend.get("S", 0), m=card.legend.get("M", 0))
    out.append(f"<div class='dk-hint'>{_esc(legend)}</div>")
    tl = card.timeliness
    timeliness = (L("drill.card.timeliness", within=tl.within, timed=tl.timed, rating=tl.rating) if tl.timed
                  else L("drill.card.no_par"))
    out.append(f"<p>{_esc(timeliness)}</p>")
    flags = [(p, f) for p in card.prompts for f in p.flags]
    if flags:
        items = "".join(
            f"<li><b>{_esc(f.name)}</b> ({_esc(f.flag)}, "
            f"{_esc(L('drill.card.flag_critical' if f.critical else 'drill.card.flag_minor'))}): "
            f"“{_esc('”, “'.join(f.evidence))}”</li>" for _, f in flags)
        out.append(f"<h4>{_esc(L('app.card.flags'))}</h4><ul>{items}</ul>")
    review_at = len(out)
    full = 0
    for score in card.prompts:
        view = prompts.get(score.prompt_id)
        if score.answered and score.points >= score.max_points - 1e-9 and not score.flags:
            full += 1
            continue
        question = view.question.get(lang) if view is not None else score.prompt_id
        step = plan.steps[score.step]
        lines = list(score.feedback)
        if score.kind == "reply" and score.missed:
            lines.append(L("app.card.step_does", step=step.name.get(lang), does=step.does.get(lang)))
        given = (answer_text(view, score.value, lang) if view is not None and score.answered
                 else L("drill.fb.not_answered"))
        quote_cls = "dk-quote" if score.kind == "reply" else ""
        got = f"{round(score.points, 2):g}/{score.max_points:g}"
        out.append(
            f"<div class='dk-review'>{_badge(score.rating)} <b>{_esc(question)}</b> "
            f"<span class='dk-muted'>({got} · {_esc(step.name.get(lang))})</span>"
            f"<div><span class='dk-muted'>{_label('app.card.your_answer', lang)}</span> "
            f"<span class='{quote_cls}'>{_esc(given)}</span></div>"
            f"<ul>{''.join(f'<li>{_esc(line)}</li>' for line in lines)}</ul></div>")
    if full < len(card.prompts):
        out.insert(review_at, f"<h4>{_esc(L('app.card.review'))}</h4>")
    if full == len(card.prompts):
        out.append(f"<p class='dk-ok'>{_esc(L('app.card.all_full'))}</p>")
    elif full:
        out.append(f"<p class='dk-ok'>✓ {_esc(L('app.card.full_marks', n=full))}</p>")
    out.append("</div>")
    return "".join(out)


def card_in_language(card, scenario, lang: str):
    """The same scorecard with its names and feedback in ``lang`` (recomputed from the stored answers)."""
    if card.language == lang:
        return card
    from sim.drill.scorecard import build_scorecard
    from sim.drill.scoring import score_prompt
    full = {p.id: p for p in scenario.drill.prompts()}
    scores = [score_prompt(full[s.prompt_id], s.value, scenario.plan, lang, elapsed=s.elapsed, answered=s.answered)
              for s in card.prompts]
    return build_scorecard(scenario, scores, lang, trainee=card.trainee, attempt_id=card.attempt_id)


# --- the app -------------------------------------------------------------------------------------

def _draft_key(value: Any) -> str:
    """A draft value compared by content (what would be stored)."""
    return json.dumps(value, sort_keys=True, default=str)


def _safe(method):
    """A widget callback never raises into the page: an unexpected error is shown, and logged."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            log.exception("drill app: %s failed", method.__name__)
            self.alert.value = f"<div class='dk-error'>✗ {_esc(t('app.err.unexpected', self.lang, error=exc))}</div>"
    return run


class DrillApp:
    """The trainee's drill (see the module docstring). ``source``: a scenario folder (the picker lists its
    drills), a scenario file, or a loaded :class:`~sim.format.scenario.Scenario`. ``store``: the results store
    (default: ``DRILL_DB`` or the user data folder, opened when first needed). ``clock``: seconds, for the
    timers and the session (tests pass a fake one). Show ``app.widget``.
    """

    def __init__(self, source, language: str = "en", store=None, clock: Callable[[], float] = time.monotonic):
        self.lang = check_language(language)
        self.clock = clock
        self._store = store
        self._given = None            # a Scenario object passed in (kept in the kernel, never rendered)
        folder = self._folder = None
        if isinstance(source, (str, Path)) and Path(source).is_dir():
            folder = self._folder = Path(source)
            self.choices = library_choices(folder)
        elif isinstance(source, (str, Path)):
            from sim.format.scenario import load_scenario
            scenario = load_scenario(source)
            self.choices = [_choice_from_view(scenario.for_trainee(), Path(source))]
        else:
            self._given = source
            self.choices = [_choice_from_view(source.for_trainee())]
        self.session = None
        self.view = None              # the trainee view of the running drill
        self.scorecard = None         # the Scorecard once finished
        self.panels: dict[str, PromptPanel] = {}
        self._blocks: dict[str, tuple[w.HTML, w.VBox]] = {}
        self._pending_new: DrillChoice | None = None
        self._t0 = self._base = 0.0
        self._prompt_t0: tuple[str, float] | None = None
        self._clock_text = "T+00:00"
        self._stopped_at: float | None = None     # the clock when the drill ended (the timers stop)
        self._saved_at: dict[str, str] = {}         # prompt id -> when its answer was stored (shown)
        self._drafted: dict[str, str] = {}          # prompt id -> JSON of its input as last saved (or shown)
        self._draft_at = float("-inf")              # the clock at the last draft save
        self._to_restore: dict[str, Any] = {}       # prompt id -> stored draft, put back when its panel opens

        # header
        self.style = w.HTML(CSS)
        self.heading = w.HTML()
        self.heading.add_class("dk-title")
        self.language = w.ToggleButtons(options=[(LANGUAGE_NAMES[x], x) for x in LANGUAGES], value=self.lang,
                                        style={"button_width": "90px"})
        self.language.add_class("dk-language")
        self.language.observe(self._on_language, "value")
        self.alert = w.HTML()
        self.timer = w.Play(interval=1000, min=0, max=10**9, step=1, show_repeat=False,
                            layout=w.Layout(display="none"))
        self.timer.observe(lambda _c: self.tick(), "value")

        # setup screen
        self.intro = w.HTML()
        self.name = w.Text(continuous_update=False, layout=w.Layout(width="340px"), style={"description_width": "110px"})
        self.name.add_class("dk-name")
        self.name.observe(self._on_name, "value")
        self.cohort = w.Text(continuous_update=False, layout=w.Layout(width="340px"), style={"description_width": "110px"})
        self.cohort.add_class("dk-cohort")
        self.resume_box = w.VBox()
        self.resume_buttons: list[tuple[w.Button, Any]] = []
        self.picker_label = w.HTML()
        self.picker = w.RadioButtons(options=[(c.label(self.lang), i) for i, c in enumerate(self.choices)],
                                     value=0 if self.choices else None, layout=w.Layout(width="auto"))
        self.picker.add_class("dk-picker")
        self.picker.observe(lambda _c: self._on_pick(), "value")
        self.details = w.HTML()
        self.start_button = w.Button(button_style="success", icon="play", layout=w.Layout(width="220px"))
        self.start_button.add_class("dk-start")
        self.start_button.on_click(lambda _b: self.start())
        self.setup_message = w.HTML()
        self.offer = w.VBox()         # resume / new attempt, when the chosen drill has an unfinished attempt
        picker_parts = [self.picker_label, self.picker] if folder is not None or len(self.choices) > 1 else []
        self.setup = w.VBox([self.intro, self.name, self.cohort, self.resume_box, *picker_parts, self.details,
                             self.offer, self.start_button, self.setup_message])
        self.setup.add_class("dk-setup")
        self.start_button.disabled = not self.choices

        # drill screen
        self.status = w.HTML()
        self.status.add_class("dk-statusbar")
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="320px"))
        self.progress_label = w.HTML()
        self.briefing = w.HTML()
        self.notice = w.HTML()
        self.feed = w.VBox()
        self.feed.add_class("dk-feed")
        self.end_button = w.Button(icon="flag-checkered")
        self.end_button.add_class("dk-end")
        self.end_button.on_click(lambda _b: self._ask_end())
        self.end_yes = w.Button(button_style="danger")
        self.end_yes.add_class("dk-end-yes")
        self.end_yes.on_click(lambda _b: self.finish())
        self.end_no = w.Button()
        self.end_no.on_click(lambda _b: self._cancel_end())
        self.end_question = w.HTML()
        self.end_confirm = w.HBox([self.end_question, self.end_yes, self.end_no], layout=w.Layout(display="none"))
        self.card_html = w.HTML()
        self.card_html.add_class("dk-card")
        self.again_button = w.Button(icon="list", layout=w.Layout(display="none", width="240px"))
        self.again_button.add_class("dk-again")
        self.again_button.on_click(lambda _b: self._back_to_list())
        self.retry_button = w.Button(icon="refresh", layout=w.Layout(display="none"))
        self.retry_button.on_click(lambda _b: self.finish())
        self.drill_box = w.VBox([
            w.VBox([self.status, w.HBox([self.progress, self.progress_label])], layout=w.Layout(
                border="1px solid #dde3ea", padding="6px 12px", margin="4px 0")),
            self.notice, self.briefing, self.feed, self.end_button, self.end_confirm, self.card_html,
            self.retry_button, self.again_button])
        self.drill_box.add_class("dk-drill")

        self.screen = w.VBox([self.setup])
        top = w.HBox([self.heading, self.language], layout=w.Layout(justify_content="space-between",
                                                                    align_items="center"))
        self.widget = w.VBox([self.style, top, self.alert, self.timer, self.screen])
        self.widget.add_class("dk-app")
        self._relabel()

    # --- store and scenarios -----------------------------------------------------------------
    @property
    def store(self):
        if self._store is None:
            from sim.store.results import Store
            self._store = Store(lang=self.lang)
        return self._store

    def _choice(self) -> DrillChoice | None:
        if self.picker.value is None:
            return None
        return self.choices[self.picker.value]

    def _load(self, choice: DrillChoice):
        """The full scenario (with its key), handed straight to the session."""
        if self._given is not None:
            return self._given
        from sim.format.scenario import load_scenario
        return load_scenario(choice.path)

    # --- labels ------------------------------------------------------------------------------
    def _relabel(self) -> None:
        lang = self.lang
        L = lambda key, **kw: t(key, lang, **kw)
        self.heading.value = f"<h2>{_esc(L('app.title'))}</h2><p>{_esc(L('app.tagline'))}</p>"
        self.language.tooltip = L("app.language")
        self.name.description = L("app.name")
        self.name.placeholder = L("app.name_placeholder")
        self.cohort.description = L("app.cohort")
        self.cohort.placeholder = L("app.cohort_placeholder")
        self.picker_label.value = f"<b>{_esc(L('app.choose'))}</b>"
        value = self.picker.value
        self.picker.options = [(c.label(lang), i) for i, c in enumerate(self.choices)]
        self.picker.value = value
        self.intro.value = f"<p class='dk-muted'>{_esc(L('app.intro'))}</p>"
        self.start_button.description = L("app.start")
        if not self.choices:
            self.setup_message.value = f"<span class='dk-error'>{_esc(L('app.err.no_drills', path=self._folder))}</span>"
        self.end_button.description = L("app.end_early")
        self.end_question.value = f"<b>{_esc(L('app.end_confirm'))}</b>"
        self.end_yes.description = L("app.end_yes")
        self.end_no.description = L("app.cancel")
        self.again_button.description = L("app.again")
        self.retry_button.description = L("app.retry_score")
        self._draw_details()
        self._draw_offer()
        self._draw_resume_box()
        if self.session is not None:
            self._draw_briefing()
            for inj in self.session.timeline():
                if inj.id in self._blocks:
                    self._blocks[inj.id][0].value = self._inject_html(inj)
            for panel in self.panels.values():
                panel.relabel(lang)
            self._draw_status()
            self.tick()
            if self.scorecard is not None:
                self._draw_card()

    def _draw_details(self) -> None:
        choice = self._choice()
        if choice is None:
            self.details.value = ""
            return
        lang = self.lang
        L = lambda key, **kw: t(key, lang, **kw)
        summary = f"<p>{_esc(choice.summary.get(lang))}</p>" if choice.summary is not None else ""
        langs = ", ".join(LANGUAGE_NAMES[x] for x in choice.languages) or "—"
        self.details.value = (
            f"<div class='dk-box dk-details'><h3>{_esc(choice.title.get(lang))}</h3>{summary}"
            f"<p><b>{_label('app.your_role', lang)}</b> {_esc(choice.role.get(lang))}</p>"
            f"<p><b>{_label('app.duration', lang)}</b> {_esc(L('app.minutes', minutes=round(choice.duration)))} · "
            f"<b>{_label('app.difficulty', lang)}</b> {_esc(L(f'app.difficulty.{choice.difficulty}'))} · "
            f"<b>{_label('app.available_in', lang)}</b> {_esc(langs)}</p></div>")

    def _on_pick(self) -> None:
        self.offer.children = ()
        self._pending_new = None
        self._draw_details()

    def _on_language(self, change) -> None:
        self._set_language(change["new"])

    @_safe
    def _set_language(self, lang: str) -> None:
        self.lang = check_language(lang)
        if self._store is not None:
            self._store.lang = lang
        if self.session is not None and self.scorecard is None:
            self.session.language = lang      # errors and the scorecard in the trainee's language
        for panel in self.panels.values():    # messages were in the other language
            if not panel.locked:
                panel.message.value = ""
        self.alert.value = ""
        self.setup_message.value = ""
        self._relabel()

    # --- resuming ----------------------------------------------------------------------------
    def _unfinished(self, name: str, scenario_id: str | None = None) -> list:
        ids = {c.id for c in self.choices}
        return [a for a in self.store.attempts(trainee=name, scenario_id=scenario_id, status="in_progress")
                if a.scenario_id in ids]

    def _on_name(self, _change) -> None:
        self._check_unfinished()

    @_safe
    def _check_unfinished(self) -> None:
        """Offer the trainee's unfinished attempts (a page refresh in Voila starts a new kernel)."""
        name = self.name.value.strip()
        self.resume_buttons = []
        if name and self.session is None:
            for attempt in self._unfinished(name):
                button = w.Button(button_style="warning", icon="history", layout=w.Layout(width="auto"))
                button.add_class("dk-resume")
                button.on_click(functools.partial(self._resume_clicked, attempt))
                self.resume_buttons.append((button, attempt))
        self.offer.children = ()
        self._draw_resume_box()

    def _attempt_line(self, attempt) -> str:
        choice = next(c for c in self.choices if c.id == attempt.scenario_id)
        n = len(self.store.answers(attempt.id))
        started = attempt.started_at.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(
            attempt.started_at, datetime) else str(attempt.started_at)
        return t("app.unfinished", self.lang, title=choice.title.get(self.lang), n=n, started=started)

    def _draw_resume_box(self) -> None:
        rows = []
        for button, attempt in self.resume_buttons:
            button.description = t("app.resume", self.lang)
            rows.append(w.HBox([w.HTML(f"<div class='dk-box'>{_esc(self._attempt_line(attempt))}</div>"), button],
                               layout=w.Layout(align_items="center")))
        self.resume_box.children = rows

    def _resume_clicked(self, attempt, _button=None) -> None:
        self.resume(attempt.id)

    def _draw_offer(self) -> None:
        if self._pending_new is None or not self.offer.children:
            return
        self._make_offer(self._pending_new, self._unfinished(self.name.value.strip(), self._pending_new.id))

    def _make_offer(self, choice: DrillChoice, unfinished: list) -> None:
        self._pending_new = choice
        attempt = unfinished[0]
        resume = w.Button(description=t("app.resume", self.lang), button_style="warning", icon="history")
        resume.add_class("dk-resume")
        resume.on_click(functools.partial(self._resume_clicked, attempt))
        new = w.Button(description=t("app.start_new", self.lang), icon="plus")
        new.add_class("dk-start-new")
        new.on_click(lambda _b: self.start(new_attempt=True))
        self.offer.children = [w.HTML(f"<div class='dk-box'>{_esc(self._attempt_line(attempt))}</div>"),
                               w.HBox([resume, new])]

    # --- starting ----------------------------------------------------------------------------
    def _register(self, name: str) -> None:
        """Put the trainee in the cohort of the code they entered (created by their trainer)."""
        code = self.cohort.value.strip()
        if not code:
            return
        find = getattr(self.store, "find_cohort", None)
        if find is None:            # a store without cohort management: the code names the cohort
            cohort_id = self.store.cohort(code)
        else:
            found = find(code)
            if found is None:
                raise ValueError(t("app.err.no_cohort", self.lang, code=code))
            cohort_id = found.id
        self.store.trainee(name, cohort_id)

    @_safe
    def start(self, new_attempt: bool = False) -> None:
        """Start the chosen drill for the named trainee (or offer their unfinished attempt at it)."""
        from sim.drill.session import DrillSession, SessionError
        from sim.format.errors import ScenarioError
        from sim.store.results import StoreError
        name = self.name.value.strip()
        choice = self._choice()
        if not name:
            self.setup_message.value = f"<span class='dk-error'>{_esc(t('app.need_name', self.lang))}</span>"
            return
        if choice is None:
            return
        self.setup_message.value = ""
        try:
            unfinished = self._unfinished(name, choice.id)
            if unfinished and not new_attempt:
                self._make_offer(choice, unfinished)
                return
            self._register(name)
            scenario = self._load(choice)
            session = DrillSession(scenario, name, self.lang, self.store, clock=self.clock)
        except ScenarioError as exc:
            self.setup_message.value = (f"<span class='dk-error'>"
                                        f"{_esc(t('app.err.load', self.lang, name=choice.path, error=exc))}</span>")
            return
        except (StoreError, SessionError, ValueError) as exc:
            self.setup_message.value = f"<span class='dk-error'>✗ {_esc(exc)}</span>"
            return
        self._enter(session, resumed=False)

    @_safe
    def resume(self, attempt_id: int) -> None:
        """Continue an unfinished attempt from its stored answers."""
        from sim.drill.session import DrillSession, SessionError
        from sim.format.errors import ScenarioError
        from sim.store.results import StoreError
        name = self.name.value.strip()
        try:
            record = self.store.attempt(attempt_id)
            choice = next(c for c in self.choices if c.id == record.scenario_id)
            scenario = self._load(choice)
            if name:
                self._register(name)
            session = DrillSession.resume(scenario, attempt_id, trainee=name or None, store=self.store,
                                          clock=self.clock, language=self.lang)
            saved = self.store.answers(attempt_id)
            base = sum(a.elapsed or 0.0 for a in saved)
        except (StoreError, SessionError, ScenarioError, ValueError) as exc:
            self.setup_message.value = f"<span class='dk-error'>✗ {_esc(exc)}</span>"
            return
        if not name:
            self.name.value = session.trainee
        self._enter(session, resumed=True, base=base, drafts=self._stored_drafts(session),
                    saved_at={a.prompt_id: a.answered_at.astimezone().strftime("%H:%M:%S") for a in saved})

    @staticmethod
    def _stored_drafts(session) -> dict[str, Any]:
        """The attempt's unsubmitted drafts ({} if the store has none or cannot read them: never an error)."""
        try:
            read = getattr(session.store, "drafts", None)
            return dict(read(session.attempt_id)) if read is not None else {}
        except Exception:
            log.warning("drill app: drafts of attempt %s not read", session.attempt_id, exc_info=True)
            return {}

    def _enter(self, session, *, resumed: bool, base: float = 0.0, saved_at: dict | None = None,
               drafts: dict | None = None) -> None:
        self.session = session
        self._saved_at = dict(saved_at or {})
        self._drafted, self._to_restore = {}, dict(drafts or {})
        self.view = session.scenario.for_trainee()
        self.scorecard = None
        self.panels = {}
        self._blocks = {}
        self._prompt_t0 = None
        self._base, self._t0 = base, self.clock()
        self._stopped_at = None
        notes = []
        if resumed:
            notes.append(t("app.resumed", self.lang, name=session.trainee, n=len(session.answers)))
        if getattr(session, "scenario_changed", False):
            notes.append(t("app.scenario_changed", self.lang))
        self.notice.value = "".join(f"<div class='dk-box dk-ok'>{_esc(n)}</div>" for n in notes)
        self.card_html.value = ""
        for widget in (self.again_button, self.retry_button):
            widget.layout.display = "none"
        self.end_button.layout.display = None
        self.end_confirm.layout.display = "none"
        self.screen.children = [self.drill_box]
        self._draw_briefing()
        self.refresh()
        if self.scorecard is None:
            self.timer.playing = True

    def _draw_briefing(self) -> None:
        v = self.view
        if v is None:
            return
        lang = self.lang
        if self.scorecard is not None:
            self.briefing.value = ""
            return
        briefing = f"<p>{_esc(v.briefing.get(lang))}</p>" if v.briefing is not None else ""
        self.briefing.value = (
            f"<div class='dk-box'><b>{_esc(t('app.briefing', lang))}</b> — {_esc(v.title.get(lang))}"
            f"<p><b>{_label('app.your_role', lang)}</b> {_esc(v.role.get(lang))}</p>{briefing}"
            f"<p class='dk-muted'>{_esc(t('app.howto', lang, mark=100 * v.pass_mark))}</p></div>")

    # --- the drill ---------------------------------------------------------------------------
    @property
    def current_panel(self) -> PromptPanel | None:
        """The panel of the prompt to answer now (None when the drill is over)."""
        return next((p for p in self.panels.values() if not p.locked), None)

    def _inject_html(self, inj) -> str:
        current = self.session.next_prompt() if self.scorecard is None else None
        handled = all(p.id in self.session.answers for p in inj.prompts) and (
            current is None or current.inject_id != inj.id)
        return inject_html(inj, self.lang, handled=handled)

    def refresh(self) -> None:
        """Show every inject sent so far with its answered (locked) prompts and the prompt to answer now."""
        s = self.session
        current = s.next_prompt() if self.scorecard is None else None
        answers = s.answers
        children = []
        for inj in s.timeline():
            if inj.id not in self._blocks:
                self._blocks[inj.id] = (w.HTML(), w.VBox())
                self._blocks[inj.id][1].add_class(f"dk-inject-{inj.id}")
            html, box = self._blocks[inj.id]
            html.value = self._inject_html(inj)
            parts: list[w.Widget] = [html]
            for p in inj.prompts:
                if p.id in answers:
                    panel = self._panel(p)
                    if not panel.locked:
                        panel.lock(answers[p.id], saved_at=self._saved_at.get(p.id))
                elif current is not None and p.id == current.id:
                    panel = self._panel(p)
                    panel.box.add_class("dk-current")
                else:
                    continue
                parts.append(panel.box)
            box.children = parts
            children.append(box)
        self.feed.children = children
        if current is not None and (self._prompt_t0 is None or self._prompt_t0[0] != current.id):
            self._prompt_t0 = (current.id, self.clock())
        self._draw_status()
        self.tick()
        if current is None and self.scorecard is None:
            self.finish()

    def _panel(self, prompt) -> PromptPanel:
        if prompt.id not in self.panels:
            panel = self.panels[prompt.id] = PromptPanel(prompt, self.lang, self._submit)
            draft = self._to_restore.pop(prompt.id, None)
            if draft is not None and prompt.id not in self.session.answers:
                try:
                    panel.show(draft)
                    panel.restored = True
                    panel.relabel(self.lang)
                except Exception:       # e.g. the drill was edited and the option is gone: start blank
                    log.warning("drill app: draft of %s not restored", prompt.id, exc_info=True)
            self._drafted[prompt.id] = _draft_key(panel.draft())
            if panel.kind != "order":   # order changes by buttons: the tick saves those
                for widget in panel._inputs():
                    widget.observe(lambda _c: self._autosave(), "value")
        return self.panels[prompt.id]

    def _autosave(self, force: bool = False) -> bool:
        """Save the open prompt's input as a draft if it changed since the last save, at most once every
        ``DRAFT_EVERY_S`` (``force``: now). True if a draft was saved; never raises (a failure is logged and
        tried again later; the answer path does not depend on drafts)."""
        try:
            panel = self.current_panel if self.session is not None and self.scorecard is None else None
            if panel is None:
                return False
            value = panel.draft()
            key = _draft_key(value)
            pid = panel.prompt.id
            if self._drafted.get(pid) == key:
                return False
            now = self.clock()
            if not force and now - self._draft_at < DRAFT_EVERY_S:
                return False
            save = getattr(self.session.store, "save_draft", None)
            if save is None:
                return False
            self._draft_at = now
            save(self.session.attempt_id, pid, value)
            self._drafted[pid] = key
            return True
        except Exception:
            log.warning("drill app: draft not saved", exc_info=True)
            return False

    def flush_draft(self) -> bool:
        """Save the open prompt's draft now if it changed (True if saved)."""
        return self._autosave(force=True)

    @_safe
    def _submit(self, panel: PromptPanel) -> None:
        from sim.drill.scoring import AnswerError
        from sim.drill.session import AlreadyAnswered, SessionError
        from sim.store.results import StoreError
        if panel.locked or self.session is None:
            return
        try:
            value = panel.value()
            ack = self.session.answer(panel.prompt.id, value)
        except AlreadyAnswered as exc:     # e.g. another tab answered it first: show what is stored
            panel.error(str(exc))
            self.refresh()
            return
        except (AnswerError, SessionError, StoreError, ValueError) as exc:
            panel.error(str(exc))          # nothing is cleared: the trainee's input stays as it was
            return
        self._saved_at[panel.prompt.id] = datetime.now().strftime("%H:%M:%S")
        panel.lock(ack.value, saved_at=self._saved_at[panel.prompt.id])
        self.refresh()

    def _draw_status(self) -> None:
        s, v, lang = self.session, self.view, self.lang
        if s is None:
            return
        timeline = s.timeline()
        answers = s.answers
        shown = {i.id for i in v.injects}
        total = len(v.injects) + sum(1 for i in timeline if i.id not in shown)
        current = s.next_prompt() if self.scorecard is None else None
        done = sum(1 for i in timeline if all(p.id in answers for p in i.prompts)
                   and (current is None or current.inject_id != i.id))
        self.progress.max = max(total, 1)
        self.progress.value = min(done, total)
        self.progress_label.value = (f"<span style='margin-left:8px'>"
                                     f"{_esc(t('app.progress', lang, done=done, total=total, answered=len(answers)))}</span>")
        self._clock_text = (current.inject.clock if current is not None and current.inject is not None
                            else timeline[-1].clock if timeline else "T+00:00")

    def tick(self) -> None:
        """Redraw the status bar's clocks (the hidden Play widget calls this every second in a browser) and
        save the open prompt's draft if it changed."""
        self._autosave()
        s, v, lang = self.session, self.view, self.lang
        if s is None or v is None:
            return
        now = self.clock() if self._stopped_at is None else self._stopped_at
        elapsed = self._base + (now - self._t0)
        parts = [f"<span><b>{_esc(v.title.get(lang))}</b> · {_label('app.trainee', lang)} {_esc(s.trainee)}</span>",
                 (f"<span>{_label('app.scenario_clock', lang)} <span class='dk-clock'>"
                 f"{_esc(self._clock_text)}</span></span>"),
                 f"<span>{_label('app.elapsed', lang)} <span class='dk-clock dk-elapsed'>{_mmss(elapsed)}</span></span>"]
        current = self.current_panel if self.scorecard is None else None
        if current is not None and self._prompt_t0 is not None and self._prompt_t0[0] == current.prompt.id:
            on = now - self._prompt_t0[1]
            par = current.prompt.par_time
            late = par is not None and on > par * 60
            par_text = f" / {_esc(t('app.par', lang, minutes=par))}" if par else ""
            parts.append(f"<span>{_label('app.this_question', lang)} <span class='dk-clock"
                         f"{' dk-late' if late else ''}'>{_mmss(on)}</span>{par_text}</span>")
        self.status.value = f"<div class='dk-status'>{''.join(parts)}</div>"

    # --- the end -----------------------------------------------------------------------------
    def _ask_end(self) -> None:
        self.end_confirm.layout.display = None

    def _cancel_end(self) -> None:
        self.end_confirm.layout.display = "none"

    @_safe
    def finish(self) -> None:
        """Score the attempt (stored by the session) and show the scorecard."""
        from sim.store.results import StoreError
        if self.session is None:
            return
        self.end_confirm.layout.display = "none"
        try:
            card = self.session.finish()
        except StoreError as exc:
            self.alert.value = f"<div class='dk-error'>✗ {_esc(exc)}</div>"
            self.retry_button.layout.display = None
            return
        self.scorecard = card
        self.timer.playing = False
        self._stopped_at = self.clock()
        for panel in self.panels.values():
            if not panel.locked:     # ended early: the open prompt is closed, unanswered
                for widget in panel._inputs():
                    widget.disabled = True
                panel.submit.disabled = True
                panel.box.remove_class("dk-current")
        self.retry_button.layout.display = "none"
        self.end_button.layout.display = "none"
        self.again_button.layout.display = None
        self.alert.value = ""
        self._draw_briefing()
        self.refresh()
        self._draw_card()

    def _draw_card(self) -> None:
        scenario = self.session.scenario      # the key may be shown now: the drill is over
        card = card_in_language(self.scorecard, scenario, self.lang)
        prompts = {p.id: p for inj in self.session.timeline() for p in inj.prompts}
        self.card_html.value = (f"<div class='dk-box dk-ok'>{_esc(t('app.card.done', self.lang))}</div>"
                                + scorecard_html(card, prompts, scenario, self.lang))

    def _back_to_list(self) -> None:
        self.session = self.view = self.scorecard = None
        self.panels, self._blocks = {}, {}
        self.feed.children = ()
        self.card_html.value = self.notice.value = ""
        self.screen.children = [self.setup]
        self._check_unfinished()


__all__ = ["APP_STRINGS", "DrillApp", "DrillChoice", "PromptPanel", "answer_text", "card_in_language",
           "inject_html", "library_choices", "scorecard_html"]
