"""What the apps show, as HTML: pure functions from data to an escaped HTML string, no widgets.

The trainee sees each inject as its channel would show it: a hotline call as a transcript, an email with
its headers, a chat message as a bubble, a social-media post as a card with its reaction counts, a
meeting note, an internal alert. Each channel is marked by a Font Awesome icon (:func:`icon`): Jupyter and
Voila ship Font Awesome 5 with the page (its v4 names, ``fa fa-phone``, work in both), whereas emoji
show as empty boxes on machines without an emoji font. These renderers take the trainee view (:mod:`sim.drill.view`), never the
scenario with its key. Everything that comes from data (scenario text, names, replies) is escaped here;
the classes they use are styled by :data:`sim.ui.theme.DRILL_CSS`.

Also here: the drill app's setup and status fragments (a drill's details, the briefing, the status bar)
and the command drill's dashboard. The scorecard lives in :mod:`sim.ui.scorecard`.

    >>> mmss(75), mmss(3725)
    ('01:15', '1:02:05')
    >>> plain_step("4. Decide a solution")
    'Decide a solution'
    >>> label("app.duration", "zh")
    '时长：'
"""
from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from sim.i18n import LANGUAGE_NAMES, t

# Font Awesome names (present in Font Awesome 4 and 5 alike), not emoji: see the module docstring.
CHANNEL_ICONS = {"hotline": "phone", "phone": "phone", "email": "envelope", "online_form": "edit", "chat": "comments",
                 "social_media": "globe", "internal": "exclamation-triangle", "meeting": "calendar"}
_STEP_NUMBER = re.compile(r"^\s*\d+\s*[.、．]\s*")


# --- small pieces --------------------------------------------------------------------------------

def esc(text: Any) -> str:
    """Data as HTML text (quotes too: it may land in an attribute)."""
    return escape(str(text), quote=True)


def icon(name: str) -> str:
    """A Font Awesome icon (``name`` as in ``fa-phone``), hidden from screen readers: the text beside it says
    the same.

    >>> icon("phone")
    "<i class='fa fa-phone dk-icon' aria-hidden='true'></i>"
    """
    return f"<i class='fa fa-{esc(name)} dk-icon' aria-hidden='true'></i>"


def colon(lang: str) -> str:
    """The colon of ``lang``, as after a label ("Trainee: ", "学员：")."""
    return "：" if lang == "zh" else ": "


def label(key: str, lang: str) -> str:
    """An escaped label with the colon of its language ("From:", "发件人：")."""
    return escape(t(key, lang)) + colon(lang).strip()


def mmss(seconds: float) -> str:
    """A timer's reading: minutes and seconds, with hours in front once there are any."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def plain_step(name: str) -> str:
    """A step name without its number ("4. Decide a solution" would hint at an order prompt's answer)."""
    return _STEP_NUMBER.sub("", name)


# --- injects, by channel -------------------------------------------------------------------------

def _counts_html(a, lang: str) -> str:
    bits = []
    for n, key, name in ((a.reactions, "drill.cli.reactions", "heart"), (a.shares, "drill.cli.shares", "retweet"),
                         (a.comments, "drill.cli.comments", "comment")):
        if n is not None:
            bits.append(f"<span class='dk-count'>{icon(name)} {esc(t(key, lang, n=n))}</span>")
    return f"<div class='dk-counts'>{''.join(bits)}</div>" if bits else ""


def _post_html(name: str | None, handle: str | None, text: str, attachment, lang: str) -> str:
    """A social-media post card: avatar, name and handle, text, picture caption, reaction counts."""
    who = name or handle or "?"
    initial = esc(who.lstrip("@#")[:1].upper() or "?")
    top = (f"<div class='dk-post-top'><div class='dk-avatar'>{initial}</div><div>"
           f"<div><b>{esc(who)}</b></div>"
           + (f"<div class='dk-muted'>{esc(handle)}</div>" if handle and handle != who else "")
           + f"</div><div class='dk-muted' style='margin-left:auto'>{esc(t('app.post_public', lang))}</div></div>")
    body = f"<div class='dk-text' style='padding:0'>{esc(text)}</div>" if text else ""
    media = counts = ""
    if attachment is not None:
        if attachment.text is not None:
            body += f"<div class='dk-text' style='padding:4px 0'>{esc(attachment.text.get(lang))}</div>"
        if attachment.caption is not None:
            media = f"<div class='dk-post-media'>{icon('image')} {esc(attachment.caption.get(lang))}</div>"
        counts = _counts_html(attachment, lang)
    return f"<div class='dk-post'>{top}{body}{media}{counts}</div>"


def _attachment_html(a, lang: str) -> str:
    if a.kind == "social_post":
        return _post_html(None, a.author, "", a, lang)
    parts = [f"<b>{icon('paperclip')} {esc(t(f'drill.attachment.{a.kind}', lang))}</b>"]
    if a.author:
        parts.append(f" · {esc(a.author)}")
    for text in (a.caption, a.text):
        if text is not None:
            parts.append(f"<div class='dk-text' style='padding:2px 0'>{esc(text.get(lang))}</div>")
    return f"<div class='dk-attachment'>{''.join(parts)}{_counts_html(a, lang)}</div>"


# Each channel's body: (inject, sender, message, lang) -> HTML.
def _call(inj, sender, message, lang):
    who = t("app.caller", lang) + (f" · {sender}" if sender else "")
    return (f"<div class='dk-transcript'><div class='dk-label'>{esc(t('app.transcript', lang))}</div>"
            f"<p><b>{esc(who)}{colon(lang).strip()}</b> “{esc(message)}”</p></div>")


def _email(inj, sender, message, lang):
    subject = inj.subject.get(lang) if inj.subject is not None else t("app.no_subject", lang)
    return (f"<div class='dk-email'><div class='dk-email-hdr'>"
            f"<div><b>{label('app.mail_from', lang)}</b> {esc(sender or '—')}</div>"
            f"<div><b>{label('app.mail_to', lang)}</b> {esc(t('app.mail_to_us', lang))}</div>"
            f"<div><b>{label('app.mail_subject', lang)}</b> {esc(subject)}</div></div>"
            f"<div class='dk-email-body'>{esc(message)}</div></div>")


def _chat(inj, sender, message, lang):
    return (f"<div class='dk-chat-name'>{esc(sender or t('app.caller', lang))}</div>"
            f"<div class='dk-bubble'>{esc(message)}</div>")


def _social(inj, sender, message, lang):
    post = inj.attachment if inj.attachment is not None and inj.attachment.kind == "social_post" else None
    return _post_html(sender, post.author if post is not None else None, message, post, lang)


def _meeting(inj, sender, message, lang):
    who = f"<b>{esc(t('app.meeting', lang))}</b>" + (f" · {esc(sender)}" if sender else "")
    return f"<div class='dk-meeting'>{who}<br>{esc(message)}</div>"


def _alert(inj, sender, message, lang):
    """Internal alerts, and any channel without a look of its own."""
    title = t("app.alert", lang) if inj.channel == "internal" else inj.channel_name.get(lang)
    who = f"<b>{esc(title)}</b>" + (f" · {esc(t('app.sender', lang))} {esc(sender)}" if sender else "")
    if inj.subject is not None:
        who += f" — {esc(inj.subject.get(lang))}"
    return f"<div class='dk-alert-box'>{who}<br>{esc(message)}</div>"


_CHANNELS = {"hotline": _call, "phone": _call, "email": _email, "online_form": _email, "chat": _chat,
             "social_media": _social, "meeting": _meeting}


def inject_html(inj, lang: str, *, handled: bool = False) -> str:
    """One inject as its channel shows it (the trainee view only: time, channel, sender, message...)."""
    state = (f"<span class='dk-state dk-done'>{esc(t('app.handled', lang))}</span>" if handled
             else f"<span class='dk-state'>{esc(t('app.new', lang))}</span>")
    head = (f"<div class='dk-ihead'><span class='dk-tag'>{esc(inj.clock)}</span>"
            f"<span><b>{icon(CHANNEL_ICONS.get(inj.channel, 'envelope'))} {esc(inj.channel_name.get(lang))}</b></span>"
            f"{state}</div>")
    sender = inj.sender.get(lang) if inj.sender is not None else None
    body = _CHANNELS.get(inj.channel, _alert)(inj, sender, inj.message.get(lang), lang)
    a = inj.attachment
    if a is not None and not (inj.channel == "social_media" and a.kind == "social_post"):   # else in the card
        body += _attachment_html(a, lang)
    return f"<div class='dk-inject{' dk-old' if handled else ''}'>{head}{body}</div>"


# --- the drill app's screens ---------------------------------------------------------------------

def details_html(choice, lang: str) -> str:
    """What the picker tells of the chosen drill: title, summary, role, duration, difficulty, languages."""
    summary = f"<p>{esc(choice.summary.get(lang))}</p>" if choice.summary is not None else ""
    langs = ", ".join(LANGUAGE_NAMES[x] for x in choice.languages) or "—"
    return (f"<div class='dk-box dk-details'><h3>{esc(choice.title.get(lang))}</h3>{summary}"
            f"<p><b>{label('app.your_role', lang)}</b> {esc(choice.role.get(lang))}</p>"
            f"<p><b>{label('app.duration', lang)}</b> {esc(t('app.minutes', lang, minutes=round(choice.duration)))}"
            f" · <b>{label('app.difficulty', lang)}</b> {esc(t(f'app.difficulty.{choice.difficulty}', lang))} · "
            f"<b>{label('app.available_in', lang)}</b> {esc(langs)}</p></div>")


def briefing_html(view, lang: str) -> str:
    """The briefing above the feed: the drill, the trainee's role, the situation and how it is scored."""
    briefing = f"<p>{esc(view.briefing.get(lang))}</p>" if view.briefing is not None else ""
    return (f"<div class='dk-box'><b>{esc(t('app.briefing', lang))}</b> — {esc(view.title.get(lang))}"
            f"<p><b>{label('app.your_role', lang)}</b> {esc(view.role.get(lang))}</p>{briefing}"
            f"<p class='dk-muted'>{esc(t('app.howto', lang, mark=100 * view.pass_mark))}</p></div>")


def status_html(view, trainee: str, clock_text: str, elapsed: float, lang: str,
                question: tuple[float, float | None] | None = None) -> str:
    """The status bar: drill and trainee, the scenario clock, the elapsed time and, while a prompt is open,
    ``question`` = (seconds on it, its par time in minutes or None); past par its timer turns red."""
    parts = [f"<span><b>{esc(view.title.get(lang))}</b> · {label('app.trainee', lang)} {esc(trainee)}</span>",
             (f"<span>{label('app.scenario_clock', lang)} <span class='dk-clock'>"
              f"{esc(clock_text)}</span></span>"),
             f"<span>{label('app.elapsed', lang)} <span class='dk-clock dk-elapsed'>{mmss(elapsed)}</span></span>"]
    if question is not None:
        on, par = question
        late = par is not None and on > par * 60
        par_text = f" / {esc(t('app.par', lang, minutes=par))}" if par else ""
        parts.append(f"<span>{label('app.this_question', lang)} <span class='dk-clock"
                     f"{' dk-late' if late else ''}'>{mmss(on)}</span>{par_text}</span>")
    return f"<div class='dk-status'>{''.join(parts)}</div>"


# --- what the drill app asks the browser to do ----------------------------------------------------
# Two small scripts, run by an Output widget (Voila and JupyterLab run JavaScript outputs; an HTML widget's
# <script> is not run). Both only touch the page's own address and scroll position.

def keep_language_js(lang: str) -> str:
    """Write ``?lang=`` into the page's address without reloading it, so that a reload opens the drill in the
    language the trainee chose (the other parameters, such as a personal link's token, stay)."""
    return ("(function(){var u=new URL(window.location.href);"
            f"u.searchParams.set('lang',{json.dumps(lang)});"
            "window.history.replaceState(window.history.state,'',u.toString());})();")


def show_card_js(css_class: str = "dk-card-top") -> str:
    """Scroll the scorecard (the element of ``css_class``) to the top of the window and move the keyboard
    focus there, once the browser has drawn it (tried every 100 ms for up to 5 s)."""
    return ("(function find(n){var e=document.querySelector(" + json.dumps("." + css_class) + ");"
            "if(e&&e.offsetHeight>0){e.scrollIntoView({block:'start'});e.setAttribute('tabindex','-1');"
            "e.focus({preventScroll:true});}else if(n>0){setTimeout(function(){find(n-1);},100);}})(50);")


# --- the live command drill ----------------------------------------------------------------------

def board_html(board, plan, lang: str) -> str:
    """The command drill's dashboard: clock, plan state, triggers holding, and each team's queue."""
    L = lambda key, **kw: esc(t(key, lang, **kw))
    held = [plan.label("triggers", k, lang) for k, v in board.triggers.items() if v]
    rows = "".join(
        f"<tr><td>{esc(plan.label('roles', s.team, lang))}</td><td>{s.on_duty}</td><td>{s.busy}</td>"
        f"<td>{s.waiting}</td><td>{s.longest_wait_min:.0f}</td><td>{s.reserve_left}</td></tr>"
        for s in board.teams)
    state = L("cmd.plan_active") if board.plan_active else L("cmd.plan_inactive")
    return (f"<p><b>{L('cmd.clock')}</b> {esc(board.clock)} · <b>{state}</b> · "
            f"{L('cmd.triggers')}: <b>{esc(', '.join(held) or t('cmd.none', lang))}</b> · "
            f"{L('cmd.at_risk', n=board.at_risk)} · {L('cmd.awaiting', n=board.majors_awaiting_crisis_group)}</p>"
            f"<table><tr><th>{L('table.team')}</th><th>{L('cmd.on_duty')}</th><th>{L('cmd.busy')}</th>"
            f"<th>{L('cmd.waiting')}</th><th>{L('cmd.longest')}</th><th>{L('table.reserve')}</th></tr>{rows}</table>")


def summary_html(text: str) -> str:
    """A text summary (first line a heading, then one point per line) as a heading and a list."""
    first, *rest = text.splitlines() or [""]
    return f"<h4>{esc(first)}</h4><ul>" + "".join(f"<li>{esc(line.strip())}</li>" for line in rest) + "</ul>"


__all__ = ["CHANNEL_ICONS", "board_html", "briefing_html", "colon", "details_html", "esc", "icon", "inject_html",
           "keep_language_js", "label",
           "mmss", "plain_step", "show_card_js", "status_html", "summary_html"]
