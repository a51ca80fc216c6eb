"""The trainee drill app: an ipywidgets application for JupyterLab and Voila (``notebooks/20_drill.ipynb``).

A trainee picks a drill and handles the incident. Who they are comes from :mod:`sim.ui.identity`: behind
JupyterHub the hub user; opened with a personal link (``?token=...``) the link's trainee and cohort (a
forged or revoked link is refused: one line, no drill); else a typed name, in practice mode, marked on
screen, whose attempts are stored as practice and never count. Each attempt the app starts gets its
``attempt_context`` row (:meth:`sim.store.tokens.Tokens.record_context`), and the app offers, resumes and
shows only the trainee's own attempts of their kind (:meth:`sim.ui.setup_screen.SetupScreen.owns`). Each
inject arrives rendered as its channel would show it (a hotline transcript, an email with its headers,
a chat bubble, a social-media post with its reaction counts, an internal alert), with its prompts as
widgets. Each answer is submitted on its own, stored at once by the drill session and locked, as in a
real drill. A scenario clock, an elapsed timer and a progress bar run along; at the end the scorecard
shows the overall result, the P/S/M/U rating per plan step and, for everything missed, what the plan
expects; it comes up at the top, in place of the incident (which a button shows again), scrolled into view
and announced. The language toggle (English / 简体中文) switches every label, the scenario text and the
scorecard; the app starts in the language the page asks for (``?lang=``, which the app writes into the
address whenever the trainee switches, so a reload keeps it: :func:`sim.ui.identity.page_language`). A drill
written in one language only says so on the setup screen and runs in that language, never silently in two.
A number prompt refuses what its ``bounds`` exclude, with a message, keeping what was typed.

What reaches the browser: the app renders only the trainee view (:mod:`sim.drill.view`) until the
drill is finished; the answer key stays in the :class:`~sim.drill.session.DrillSession` in the kernel,
which scores. A page refresh in Voila starts a new kernel: the trainee enters the same name and is
offered their unfinished attempt, resumed from the store, with the drafts of its open prompt
(:mod:`sim.ui.drafts`).

The app is put together from: the setup screen (:mod:`sim.ui.setup_screen`) over the library's drills
(:mod:`sim.ui.picker`); one :class:`~sim.ui.prompt_panel.PromptPanel` per prompt; HTML from
:mod:`sim.ui.render` and :mod:`sim.ui.scorecard`, styled by :mod:`sim.ui.theme`. This module holds the
flow: start or resume, the feed of injects, submit, the timers, the end and the scorecard.

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
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from sim.drill.attempt_policy import KeyDecision
from sim.drill.scoring import AnswerError
from sim.drill.session import AlreadyAnswered, DrillSession, SessionError
from sim.drill.view import trainee_view
from sim.drill.warm import warm_up_in_background
from sim.format.errors import ScenarioError
from sim.format.load import load_scenario
from sim.i18n import LANGUAGE_NAMES, LANGUAGES, check_language, counted, t
from sim.store.results import StoreError, open_store
from sim.ui.drafts import Drafts, stored_drafts
from sim.ui.feed import Feed
from sim.ui.identity import TOKEN, identify, on_voila_page, page_language, rechecked
from sim.ui.picker import DrillChoice, choice_from_view, library_choices
from sim.ui.prompt_panel import PromptPanel
from sim.ui.render import briefing_html, esc, keep_language_js, show_card_js
from sim.ui.scorecard import card_in_language, key_for, scorecard_html
from sim.ui.setup_screen import SetupScreen, only_language
from sim.ui.status_bar import StatusBar
from sim.ui.theme import DRILL_CSS, error_html

log = logging.getLogger(__name__)


def _safe(method):
    """A widget callback never raises into the page: an unexpected error is shown, and logged. The results
    store failing (a database that cannot be opened or reached) is no surprise: its one line is shown as
    it is, and logged without a traceback (the line has the database's password masked already)."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except StoreError as exc:
            log.warning("drill app: %s: %s", method.__name__, exc)
            self.alert.value = error_html(exc, mark=True, block=True)
        except Exception as exc:
            log.exception("drill app: %s failed", method.__name__)
            self.alert.value = error_html(t("app.err.unexpected", self.lang, error=exc), mark=True, block=True)
    return run


class DrillApp:
    """The trainee's drill (see the module docstring). ``source``: a scenario folder (the picker lists its
    drills), a scenario file, or a loaded :class:`~sim.format.scenario.Scenario`. ``store``: the results store
    (default: ``DRILL_DB`` or the user data folder, opened when first needed). ``clock``: seconds, for the
    timers and the session (tests pass a fake one). ``signed_in``: the trainee's name when the environment
    vouches for it; default: the JupyterHub user (:func:`sim.ui.identity.hub_user`), if any. Then no name is
    typed: the setup screen shows it read-only and every attempt is stored and offered under it. ``token``: a
    personal link's token (default: the page's ``?token=``, :func:`sim.ui.identity.link_token`), used when
    nobody is signed in. Without either: practice. Show ``app.widget``.

    The setup screen's widgets are reachable from the app, as tests and notebooks use them: ``name``,
    ``cohort``, ``picker``, ``details``, ``start_button``, ``setup_message``, ``offer``, ``resume_buttons``.
    """

    def __init__(self, source, language: str | None = None, store=None, clock: Callable[[], float] = time.monotonic,
                 signed_in: str | None = None, token: str | None = None):
        self.lang = check_language(language or page_language() or "en")
        self.clock = clock
        self._store = store
        self._given = None            # a Scenario object passed in (kept in the kernel, never rendered)
        folder = None
        if isinstance(source, (str, Path)) and Path(source).is_dir():
            folder = Path(source)
            choices = library_choices(folder)
        elif isinstance(source, (str, Path)):
            choices = [choice_from_view(trainee_view(load_scenario(source)), Path(source))]
        else:
            self._given = source
            choices = [choice_from_view(trainee_view(source))]
        self.session = None
        self.view = None              # the trainee view of the running drill
        self.scorecard = None         # the Scorecard once finished
        self.drafts = Drafts(clock)

        # header
        self.style = w.HTML(DRILL_CSS)
        self.heading = w.HTML()
        self.heading.add_class("dk-title")
        self.language = w.ToggleButtons(options=[(LANGUAGE_NAMES[x], x) for x in LANGUAGES], value=self.lang,
                                        style={"button_width": "90px"})
        self.language.add_class("dk-language")
        self.language.observe(lambda change: self._set_language(change["new"]), "value")
        self.alert = w.HTML()
        self.timer = w.Play(interval=1000, min=0, max=10**9, step=1, show_repeat=False,
                            layout=w.Layout(display="none"))
        self.timer.observe(lambda _c: self.tick(), "value")
        self.page = w.Output(layout=w.Layout(height="0px", overflow="hidden"))   # runs the page scripts
        self._scripts = 0

        # setup screen
        self.identity = identify(lambda: self.store, signed_in=signed_in, token=token)
        self.setup_screen = SetupScreen(choices, folder, store=lambda: self.store, lang=self.lang,
                                        on_start=lambda new: self.start(new_attempt=new), on_resume=self.resume,
                                        identity=self.identity, on_language=self._choose_language)
        s = self.setup_screen
        self.choices, self.setup, self.setup_message, self.offer = s.choices, s.box, s.message, s.offer
        self.name, self.cohort, self.picker, self.details, self.start_button = (
            s.name, s.cohort, s.picker, s.details, s.start_button)
        self.name.observe(lambda _c: self._check_unfinished(), "value")

        # drill screen
        self.bar = StatusBar(clock)
        self.status, self.progress, self.progress_label = self.bar.status, self.bar.progress, self.bar.progress_label
        self.briefing = w.HTML()
        self.notice = w.HTML()
        self.feed = Feed(self.drafts, on_submit=self._submit, on_change=self._autosave)
        self.end_button = self._button("dk-end", self._ask_end, icon="flag-checkered")
        self.end_yes = self._button("dk-end-yes", self.finish, button_style="danger")
        self.end_no = self._button(None, self._cancel_end)
        self.end_question = w.HTML()
        self.end_confirm = w.HBox([self.end_question, self.end_yes, self.end_no], layout=w.Layout(display="none"))
        self.card_html = w.HTML()
        self.card_html.add_class("dk-card")
        self.card_html.add_class("dk-card-top")
        self.answers_button = self._button("dk-show-answers", self._toggle_feed, icon="list-alt",
                                           layout=w.Layout(display="none", width="auto"))
        self.again_button = self._button("dk-again", self._back_to_list, icon="list",
                                         layout=w.Layout(display="none", width="240px"))
        self.retry_button = self._button(None, self.finish, icon="refresh", layout=w.Layout(display="none"))
        self.language_note = w.HTML()     # a drill written in one language only: which, and that it stays so
        self._switched = False            # the app switched to the drill's only language when it started
        self.practice_note = w.HTML()     # practice: said on the drill screen too
        self.practice_note.add_class("dk-practice")
        self.drill_box = w.VBox()
        self.drill_box.add_class("dk-drill")
        self._arrange(finished=False)

        self.screen = w.VBox([self.setup])
        top = w.HBox([self.heading, self.language], layout=w.Layout(justify_content="space-between",
                                                                    align_items="center"))
        self.widget = w.VBox([self.style, top, self.alert, self.timer, self.page, self.screen])
        self.widget.add_class("dk-app")
        self._relabel()
        if self.setup_screen.signed_in is not None:
            self._check_unfinished()       # nothing is typed: offer the signed-in trainee's attempts now

    def _arrange(self, finished: bool) -> None:
        """The drill screen's order: while drilling, the incident then the end button; once finished, the
        scorecard first, in place of the incident (shown again, below it, by a button)."""
        head = [*([self.practice_note] if self.identity.practice else []), self.bar.box, self.notice,
                self.language_note]
        drill = [self.briefing, self.feed.box, self.end_button, self.end_confirm]
        if finished:
            self.drill_box.children = [*head, self.card_html, self.again_button, self.answers_button, *drill,
                                       self.retry_button]
        else:
            self.drill_box.children = [*head, *drill, self.card_html, self.retry_button, self.again_button]
        self.feed.box.layout.display = "none" if finished else None
        self.answers_button.layout.display = None if finished else "none"

    def _toggle_feed(self) -> None:
        self.feed.box.layout.display = None if self.feed.box.layout.display == "none" else "none"
        self._label_answers_button()

    def _label_answers_button(self) -> None:
        hidden = self.feed.box.layout.display == "none"
        self.answers_button.description = t("app.show_answers" if hidden else "app.hide_answers", self.lang)

    def run_script(self, code: str) -> None:
        """Have the browser run ``code`` (a page script of :mod:`sim.ui.render`), once."""
        self._scripts += 1      # a new output each time: the same script twice must run twice
        self.page.outputs = ({"output_type": "display_data", "metadata": {},
                              "data": {"application/javascript": f"/* {self._scripts} */ {code}"}},)

    @staticmethod
    def _button(css_class: str | None, action: Callable[[], Any], **kw) -> w.Button:
        button = w.Button(**kw)
        if css_class:
            button.add_class(css_class)
        button.on_click(lambda _b: action())
        return button

    @property
    def panels(self) -> dict[str, PromptPanel]:
        """The panel of every prompt shown in the feed, by prompt id."""
        return self.feed.panels

    @property
    def resume_buttons(self) -> list[tuple[w.Button, Any]]:
        """(button, attempt) for each unfinished attempt offered on the setup screen."""
        return self.setup_screen.resume_buttons

    # --- store and scenarios -----------------------------------------------------------------
    @property
    def store(self):
        """The results store given, else the one ``DRILL_DB`` names (StoreError, one line, if it cannot be
        opened: the setup screen shows it)."""
        if self._store is None:
            self._store = open_store(lang=self.lang)
        return self._store

    def _load(self, choice: DrillChoice):
        """The full scenario (with its key), handed straight to the session."""
        return self._given if self._given is not None else load_scenario(choice.path)

    # --- labels ------------------------------------------------------------------------------
    def _relabel(self) -> None:
        lang = self.lang
        L = lambda key, **kw: t(key, lang, **kw)
        self.heading.value = f"<h2>{esc(L('app.title'))}</h2><p>{esc(L('app.tagline'))}</p>"
        self.language.tooltip = L("app.language")
        self.end_button.description = L("app.end_early")
        self.end_question.value = f"<b>{esc(L('app.end_confirm'))}</b>"
        self.end_yes.description = L("app.end_yes")
        self.end_no.description = L("app.cancel")
        self.again_button.description = L("app.again")
        self.retry_button.description = L("app.retry_score")
        self.practice_note.value = f"<div class='dk-box'><b>{esc(L('app.practice'))}</b></div>"
        self._label_answers_button()
        self.setup_screen.relabel(lang)
        if self.session is not None:
            self._draw_briefing()
            self.feed.relabel(self.session, self._current(), lang)
            self._draw_status()
            self.tick()
            if self.scorecard is not None:
                self._draw_card()

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
        if self.session is not None:
            self._say_drill_language()
        if on_voila_page():       # a reload opens the drill in this language (see sim.ui.identity)
            self.run_script(keep_language_js(lang))

    def _choose_language(self, lang: str) -> None:
        """Switch the app to ``lang`` (the setup screen's offer for a drill written in that language only)."""
        self.language.value = lang

    def _drill_language(self, choice: DrillChoice) -> None:
        """A drill written in one language only runs in it: switch to it before it starts (the setup screen
        said so), and say so on the drill screen, in that language."""
        only = only_language(choice, self.lang)
        self._switched = only is not None
        if only is not None:
            self.language.value = only

    def _say_drill_language(self) -> None:
        """The drill screen's note on the drill's language: switched to it at the start, or the trainee has
        switched the screen to a language the drill is not written in (its text stays in its own)."""
        langs = self.session.scenario.languages() if self.session is not None else ()
        note = ""
        if langs and self.lang not in langs:
            note = t("app.drill_only_in", self.lang, language=t(f"app.lang_name.{langs[0]}", self.lang))
        elif self._switched:
            note = t("app.switched_to", self.lang)
        self.language_note.value = f"<div class='dk-box dk-warn'>{esc(note)}</div>" if note else ""

    # --- starting and resuming ---------------------------------------------------------------
    @_safe
    def _check_unfinished(self) -> None:
        """Offer the trainee's unfinished attempts (a page refresh in Voila starts a new kernel)."""
        self.setup_screen.list_unfinished(self.setup_screen.trainee_name() if self.session is None else "")

    @_safe
    def start(self, new_attempt: bool = False) -> None:
        """Start the chosen drill for the named trainee (or offer their unfinished attempt at it)."""
        name = self.setup_screen.trainee_name()
        choice = self.setup_screen.choice()
        self._recheck_link()
        if self.identity.refused is not None:       # a refused link starts nothing
            self.setup_message.value = error_html(self.identity.refusal(self.lang), mark=True)
            return
        if not name:
            self.setup_message.value = error_html(t("app.need_name", self.lang))
            return
        if choice is None:
            return
        self.setup_message.value = ""
        try:
            unfinished = self.setup_screen.unfinished(name, choice.id)
            if unfinished and not new_attempt:
                self.setup_screen.offer_resume(choice, unfinished)
                return
            self.setup_screen.register(name)
            self._drill_language(choice)
            scenario = self._load(choice)
            # Start joins the trainee's attempt in progress, if two kernels start at once; "start a new one"
            # replaces the attempt the trainee was offered, and only that one (see Store.open_attempt).
            log = self.store.practice() if self.identity.practice else self.store
            session = DrillSession(scenario, name, self.lang, log, clock=self.clock,
                                   instead_of=unfinished[0].id if unfinished and new_attempt else None)
            self._record_context(session.attempt_id)
        except ScenarioError as exc:
            self.setup_message.value = error_html(t("app.err.load", self.lang, name=choice.path, error=exc))
            return
        except (StoreError, SessionError, ValueError) as exc:
            self.setup_message.value = error_html(exc, mark=True)
            return
        self._enter(session, resumed=False)

    def _recheck_link(self) -> bool:
        """Look the personal link up again (the trainer may have revoked it since the page opened); True if it
        is refused now. Hub users and practice are not links: always False for them."""
        self.identity = rechecked(self.identity, lambda: self.store)
        return self.identity.refused is not None

    def _record_context(self, attempt_id: int) -> None:
        """How the attempt was started (kept as it is if the session joined an attempt that has one)."""
        who = self.identity
        self.store.record_context(attempt_id, who.how, who.practice, who.token_id if who.how == TOKEN else None)

    @_safe
    def resume(self, attempt_id: int) -> None:
        """Continue an unfinished attempt from its stored answers: only one of the trainee's own (any other
        id, or one that does not exist, is refused alike, naming nobody)."""
        name = self.setup_screen.trainee_name()
        self._recheck_link()
        if self.identity.refused is not None:
            self.setup_message.value = error_html(self.identity.refusal(self.lang), mark=True)
            return
        if not name:
            self.setup_message.value = error_html(t("app.need_name", self.lang))
            return
        store = self.store                 # a database that cannot be opened: its own line (see _safe)
        try:
            record = store.attempt(attempt_id)
        except StoreError:                 # no such attempt: refused as any other that is not theirs
            record = None
        choice = next((c for c in self.choices if record is not None and c.id == record.scenario_id), None)
        if record is None or choice is None or not self.setup_screen.owns(record):
            self.setup_message.value = error_html(t("app.err.not_yours", self.lang, id=attempt_id), mark=True)
            return
        try:
            scenario = self._load(choice)
            self.setup_screen.register(name)
            self._drill_language(choice)
            session = DrillSession.resume(scenario, attempt_id, trainee=name, store=self.store,
                                          clock=self.clock, language=self.lang)
            saved = self.store.answers(attempt_id)
            base = sum(a.elapsed or 0.0 for a in saved)
        except (StoreError, SessionError, ScenarioError, ValueError) as exc:
            self.setup_message.value = error_html(exc, mark=True)
            return
        self._enter(session, resumed=True, base=base, drafts=stored_drafts(session),
                    saved_at={a.prompt_id: a.answered_at.astimezone().strftime("%H:%M:%S") for a in saved})

    def _enter(self, session, *, resumed: bool, base: float = 0.0, saved_at: dict | None = None,
               drafts: dict | None = None) -> None:
        self.session = session
        self.feed.reset(saved_at)
        self.drafts.begin(drafts)
        self.view = trainee_view(session.scenario)
        self.scorecard = None
        self.bar.start(base)
        notes = []
        if resumed:
            notes.append(counted("app.resumed", self.lang, len(session.answers), name=session.trainee))
        if session.scenario_changed:
            notes.append(t("app.scenario_changed", self.lang))
        self.notice.value = "".join(f"<div class='dk-box dk-ok'>{esc(n)}</div>" for n in notes)
        self._say_drill_language()
        self.card_html.value = ""
        self._arrange(finished=False)
        for widget in (self.again_button, self.retry_button):
            widget.layout.display = "none"
        self.end_button.layout.display = None
        self.end_confirm.layout.display = "none"
        self.screen.children = [self.drill_box]
        self._draw_briefing()
        self.refresh()
        if self.scorecard is None:
            self.timer.playing = True
            warm_up_in_background(session.scenario, self.lang)     # the first reply submit then waits for nothing

    def _draw_briefing(self) -> None:
        if self.view is not None:
            self.briefing.value = briefing_html(self.view, self.lang) if self.scorecard is None else ""

    # --- the drill ---------------------------------------------------------------------------
    def _current(self):
        """The prompt to answer now (None once the drill is over)."""
        return self.session.next_prompt() if self.scorecard is None else None

    @property
    def current_panel(self) -> PromptPanel | None:
        """The panel of the prompt to answer now (None when the drill is over)."""
        return self.feed.current_panel

    def refresh(self) -> None:
        """Show every inject sent so far with its answered (locked) prompts and the prompt to answer now."""
        current = self._current()
        self.feed.draw(self.session, current, self.lang)
        self._limit_numbers()
        if current is not None:
            self.bar.open_prompt(current.id)
        self._draw_status()
        self.tick()
        if current is None and self.scorecard is None:
            self.finish()

    def _limit_numbers(self) -> None:
        """Give each number prompt shown its ``bounds`` (from the scenario in the kernel: bounds are no key)."""
        bounds = {p.id: p.bounds for inj in self.session.scenario.drill.injects for v in inj.pool()
                  for p in v.prompts if p.kind == "number" and p.bounds is not None}
        for panel in self.panels.values():
            if panel.kind == "number" and panel.prompt.id in bounds:
                panel.limit(bounds[panel.prompt.id].min, bounds[panel.prompt.id].max)

    def _autosave(self, force: bool = False) -> bool:
        """Save the open prompt's draft if it changed (see :class:`~sim.ui.drafts.Drafts`); never raises."""
        panel = self.current_panel if self.session is not None and self.scorecard is None else None
        return panel is not None and self.drafts.save(self.session, panel, force=force)

    def flush_draft(self) -> bool:
        """Save the open prompt's draft now if it changed (True if saved)."""
        return self._autosave(force=True)

    @_safe
    def _submit(self, panel: PromptPanel) -> None:
        if panel.locked or self.session is None:
            return
        if self._recheck_link():           # revoked mid-drill: nothing more is stored; the input stays
            panel.error(self.identity.refusal(self.lang))
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
        self.feed.saved_at[panel.prompt.id] = datetime.now().strftime("%H:%M:%S")
        panel.lock(ack.value, saved_at=self.feed.saved_at[panel.prompt.id])
        self.refresh()

    def _draw_status(self) -> None:
        if self.session is not None:
            self.bar.draw(self.session, self.view, self._current(), self.lang)

    def tick(self) -> None:
        """Redraw the status bar's clocks (the hidden Play widget calls this every second in a browser) and
        save the open prompt's draft if it changed."""
        self._autosave()
        if self.session is not None and self.view is not None:
            current = self.current_panel if self.scorecard is None else None
            self.bar.tick(self.view, self.session.trainee, current.prompt if current else None, self.lang)

    # --- the end -----------------------------------------------------------------------------
    def _ask_end(self) -> None:
        self.end_confirm.layout.display = None

    def _cancel_end(self) -> None:
        self.end_confirm.layout.display = "none"

    @_safe
    def finish(self) -> None:
        """Score the attempt (stored by the session) and show the scorecard."""
        if self.session is None:
            return
        self.end_confirm.layout.display = "none"
        if self._recheck_link():           # revoked mid-drill: the attempt is not finished under the link
            self.alert.value = error_html(self.identity.refusal(self.lang), mark=True, block=True)
            return
        try:
            card = self.session.finish()      # the stored answers' score, even from a stale tab
        except StoreError as exc:
            self.alert.value = error_html(exc, mark=True, block=True)
            self.retry_button.layout.display = None
            return
        self.scorecard = card
        if self.session.finished_elsewhere:
            self.notice.value = f"<div class='dk-box dk-ok'>{esc(t('drill.finished_elsewhere', self.lang))}</div>"
        self.timer.playing = False
        self.bar.stop()
        self.feed.close()            # ended early: the open prompt is closed, unanswered
        self.retry_button.layout.display = "none"
        self.end_button.layout.display = "none"
        self.again_button.layout.display = None
        self.alert.value = ""
        self._draw_briefing()
        self.refresh()
        self._draw_card()
        self._arrange(finished=True)
        self._label_answers_button()
        self.run_script(show_card_js())       # the card comes up at the top of the window, announced

    def _draw_card(self) -> None:
        scenario = self.session.scenario
        card = card_in_language(self.scorecard, scenario, self.lang)
        prompts = {p.id: p for inj in self.session.timeline() for p in inj.prompts}
        try:        # the drill is over; whether the key may be shown now is the assignment's attempt policy
            key = key_for(self.store, self.session.attempt_id)
        except StoreError as exc:       # the card without the key, and the store's one line
            self.notice.value = error_html(exc, mark=True)
            key = KeyDecision(False)
        self.card_html.value = (f"<div class='dk-box dk-ok' role='status' aria-live='polite'>"
                                f"{esc(t('app.card.ready', self.lang))}</div>"
                                + scorecard_html(card, prompts, scenario, self.lang, key))

    def _back_to_list(self) -> None:
        self.session = self.view = self.scorecard = None
        self.feed.reset()
        self.card_html.value = self.notice.value = self.language_note.value = ""
        self._switched = False
        self._arrange(finished=False)
        self.screen.children = [self.setup]
        self._check_unfinished()


__all__ = ["DrillApp"]
