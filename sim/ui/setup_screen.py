"""The drill app's first screen: who the trainee is, which drill they take, and what they left unfinished.

The trainee enters their name and, if their trainer gave them one, a cohort code; picks a drill from the
library (with its details: role, duration, difficulty, languages); and presses Start. Their unfinished
attempts are offered for resuming as soon as the name is entered (a page refresh in Voila starts a new
kernel), and again if they start a drill they have an unfinished attempt at. The screen starts nothing
itself: Start and Resume call back into the app, which owns the session.

A drill written in one language only says so under its details, in the screen's language ("This drill is
written in Chinese only: it will run in Chinese..."), with a button to switch the screen to it now; Start
switches anyway (:meth:`sim.ui.drill_app.DrillApp.start`), so no drill mixes two languages silently.

Who the trainee is comes from :mod:`sim.ui.identity` (an :class:`~sim.ui.identity.Identity`):

* the JupyterHub user, or a personal link (``?token=...``): no name is typed; the name field is replaced
  by that name, shown read-only, and :meth:`SetupScreen.trainee_name` returns it whatever the (hidden) field
  holds. A link also says the cohort, so the cohort code field goes too;
* a refused link (forged, revoked...): its one line, and nothing can be started or resumed;
* neither: practice. The name is typed, the screen says "Practice: results do not count", no cohort code is
  asked (practice joins no cohort: typing a colleague's name must not move them to another cohort).

Every store call and the list of unfinished attempts are that trainee's only, and of their kind: a signed-in
trainee is offered their counted attempts, practice only practice attempts of the typed name
(:meth:`SetupScreen.owns` is the one test, used for resuming by id too).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from sim.i18n import counted, t
from sim.ui.identity import HUB, TOKEN, TYPED, Identity
from sim.ui.picker import DrillChoice
from sim.ui.render import details_html, esc
from sim.ui.theme import error_html


def only_language(choice: DrillChoice | None, lang: str) -> str | None:
    """The language ``choice`` runs in when it is not written in ``lang`` (else None)."""
    if choice is None or not choice.languages or lang in choice.languages:
        return None
    return choice.languages[0]


class SetupScreen:
    """The setup widgets (``box``) over the drills in ``choices`` (listed from ``folder``, if any).
    ``store``: returns the results store (opened when first needed); ``on_start(new_attempt)`` and
    ``on_resume(attempt_id)``: what Start, Start new and Resume do; ``signed_in``: the trainee's name when
    the environment vouches for it (shown read-only instead of the name field); ``identity``: who the trainee
    is (:func:`sim.ui.identity.identify`; default: hub for ``signed_in``, else practice)."""

    def __init__(self, choices: list[DrillChoice], folder: Path | None, *, store: Callable[[], Any],
                 on_start: Callable[[bool], None], on_resume: Callable[[int], None], lang: str = "en",
                 signed_in: str | None = None, identity: Identity | None = None,
                 on_language: Callable[[str], None] | None = None):
        self.choices = choices
        if identity is None:
            name = signed_in.strip() if signed_in and signed_in.strip() else None
            identity = Identity(HUB, name) if name else Identity(TYPED)
        self.identity = identity
        self.signed_in = identity.signed_in
        self.folder = folder
        self.lang = lang
        self._store = store
        self._on_start, self._on_resume = on_start, on_resume
        self._pending_new: DrillChoice | None = None    # the drill Start found an unfinished attempt at
        self.resume_buttons: list[tuple[w.Button, Any]] = []
        self.intro = w.HTML()
        self.name = w.Text(continuous_update=False, layout=w.Layout(width="340px"), style={"description_width": "110px"})
        self.name.add_class("dk-name")
        self.signed_in_label = w.HTML()          # the signed-in name, in place of the name field
        self.signed_in_label.add_class("dk-signed-in")
        self.practice_label = w.HTML()           # practice: results do not count
        self.practice_label.add_class("dk-practice")
        self.refused_label = w.HTML()            # a personal link that is refused
        self.refused_label.add_class("dk-refused")
        if self.signed_in is not None:
            self.name.value = self.signed_in
            self.name.disabled = True
        self.cohort = w.Text(continuous_update=False, layout=w.Layout(width="340px"),
                             style={"description_width": "110px"})
        self.cohort.add_class("dk-cohort")
        self.resume_box = w.VBox()
        self.picker_label = w.HTML()
        self.picker = w.RadioButtons(options=[(c.label(lang), i) for i, c in enumerate(choices)],
                                     value=0 if choices else None, layout=w.Layout(width="auto"))
        self.picker.add_class("dk-picker")
        self.picker.observe(lambda _c: self._on_pick(), "value")
        self.details = w.HTML()
        self.language_note = w.HTML()        # the drill is written in another language only
        self.language_note.add_class("dk-language-note")
        self.language_button = w.Button(icon="language", layout=w.Layout(display="none", width="auto"))
        self.language_button.add_class("dk-use-language")
        self.language_button.on_click(lambda _b: self._use_language(on_language))
        self.start_button = w.Button(button_style="success", icon="play", layout=w.Layout(width="220px"))
        self.start_button.add_class("dk-start")
        self.start_button.on_click(lambda _b: on_start(False))
        self.start_button.disabled = not choices or identity.refused is not None
        self.message = w.HTML()
        self.offer = w.VBox()         # resume / new attempt, when the chosen drill has an unfinished attempt
        picker_parts = [self.picker_label, self.picker] if folder is not None or len(choices) > 1 else []
        if identity.refused is not None:        # no name, no cohort, nothing to start or resume
            parts = [self.refused_label, *picker_parts, self.details]
        else:
            who = [self.practice_label, self.name] if identity.practice else [self.signed_in_label]
            cohort = [self.cohort] if identity.how == HUB else []     # a link knows it; practice joins none
            parts = [self.intro, *who, *cohort, self.resume_box, *picker_parts, self.details, self.language_note,
                     self.language_button, self.offer, self.start_button]
        self.box = w.VBox([*parts, self.message])
        self.box.add_class("dk-setup")

    # --- labels ------------------------------------------------------------------------------
    def trainee_name(self) -> str:
        """Whose drill this is: the signed-in name, else the name typed (stripped; "" if none)."""
        return self.signed_in if self.signed_in is not None else self.name.value.strip()

    def choice(self) -> DrillChoice | None:
        """The drill picked (None if the library has none)."""
        return None if self.picker.value is None else self.choices[self.picker.value]

    def relabel(self, lang: str) -> None:
        self.lang = lang
        L = lambda key, **kw: t(key, lang, **kw)
        self.name.description = L("app.name")
        self.name.placeholder = L("app.name_placeholder")
        self.cohort.description = L("app.cohort")
        self.cohort.placeholder = L("app.cohort_placeholder")
        self.picker_label.value = f"<b>{esc(L('app.choose'))}</b>"
        value = self.picker.value
        self.picker.options = [(c.label(lang), i) for i, c in enumerate(self.choices)]
        self.picker.value = value
        intro = L("app.intro") if self.identity.practice else L("app.intro_signed_in")
        self.intro.value = f"<p class='dk-muted'>{esc(intro)}</p>"
        if self.signed_in is not None:
            said = (L("app.signed_in", name=self.signed_in) if self.identity.how != TOKEN else
                    L("app.link_signed_in", name=self.signed_in, cohort=self.identity.cohort_label or ""))
            self.signed_in_label.value = f"<div class='dk-box'>{esc(said)}</div>"
        self.practice_label.value = f"<div class='dk-box dk-warn'><b>{esc(L('app.practice'))}</b></div>"
        refusal = self.identity.refusal(lang)
        self.refused_label.value = error_html(refusal, mark=True, block=True) if refusal else ""
        self.start_button.description = L("app.start")
        if not self.choices:
            self.message.value = error_html(L("app.err.no_drills", path=self.folder))
        self._draw_details()
        self._draw_offer()
        self._draw_resume_box()

    def _draw_details(self) -> None:
        choice = self.choice()
        self.details.value = details_html(choice, self.lang) if choice is not None else ""
        only = self.only_language(choice)
        if only is None:
            self.language_note.value = ""
            self.language_button.layout.display = "none"
            return
        name = t(f"app.lang_name.{only}", self.lang)
        self.language_note.value = f"<div class='dk-box dk-warn'>{esc(t('app.only_in', self.lang, language=name))}</div>"
        self.language_button.description = t("app.use_language", self.lang, language=name)
        self.language_button.layout.display = None

    def only_language(self, choice: DrillChoice | None) -> str | None:
        """The language ``choice`` runs in when it is not written in the screen's language (else None)."""
        return only_language(choice, self.lang)

    def _use_language(self, on_language: Callable[[str], None] | None) -> None:
        only = self.only_language(self.choice())
        if only is not None and on_language is not None:
            on_language(only)

    def _on_pick(self) -> None:
        self.offer.children = ()
        self._pending_new = None
        self._draw_details()

    # --- unfinished attempts -----------------------------------------------------------------
    def unfinished(self, name: str, scenario_id: str | None = None) -> list:
        """The trainee's unfinished attempts at the drills listed here (at one drill, if given), of their kind
        (counted for a signed-in trainee, practice for a typed name); none for a refused link."""
        if self.identity.refused is not None or not name:
            return []
        ids = {c.id for c in self.choices}
        found = [a for a in self._store().attempts(trainee=name, scenario_id=scenario_id, status="in_progress")
                 if a.scenario_id in ids]
        return [a for a in found if a.id in self._own_kind([a.id for a in found])]

    def _own_kind(self, attempt_ids: list[int]) -> set[int]:
        """Which of these attempts are of the kind this trainee may continue: practice ones (typed, practice)
        for practice; the others (counted, or older attempts without a context) for a signed-in trainee."""
        contexts = self._store().contexts(attempt_ids) if attempt_ids else {}
        practice = {i for i, c in contexts.items() if c.practice}
        return practice if self.identity.practice else set(attempt_ids) - practice

    def owns(self, attempt) -> bool:
        """Whether the trainee at the app may see and continue ``attempt`` (a stored record): their own name,
        and their kind (see :meth:`_own_kind`); never with a refused link or no name."""
        name = self.trainee_name()
        if self.identity.refused is not None or not name or attempt.trainee != name:
            return False
        return attempt.id in self._own_kind([attempt.id])

    def list_unfinished(self, name: str) -> None:
        """Offer ``name``'s unfinished attempts, each with a Resume button (none for an empty name)."""
        self.resume_buttons = []
        for attempt in self.unfinished(name) if name else ():
            button = w.Button(button_style="warning", icon="history", layout=w.Layout(width="auto"))
            button.add_class("dk-resume")
            button.on_click(functools.partial(self._resume_clicked, attempt.id))
            self.resume_buttons.append((button, attempt))
        self.offer.children = ()
        self._draw_resume_box()

    def _resume_clicked(self, attempt_id: int, _button=None) -> None:
        self._on_resume(attempt_id)

    def _attempt_line(self, attempt) -> str:
        choice = next(c for c in self.choices if c.id == attempt.scenario_id)
        n = len(self._store().answers(attempt.id))
        started = attempt.started_at.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(
            attempt.started_at, datetime) else str(attempt.started_at)
        line = counted("app.unfinished", self.lang, n, title=choice.title.get(self.lang), started=started)
        return f"<div class='dk-box'>{esc(line)}</div>"

    def _draw_resume_box(self) -> None:
        rows = []
        for button, attempt in self.resume_buttons:
            button.description = t("app.resume", self.lang)
            rows.append(w.HBox([w.HTML(self._attempt_line(attempt)), button], layout=w.Layout(align_items="center")))
        self.resume_box.children = rows

    def offer_resume(self, choice: DrillChoice, unfinished: list) -> None:
        """Start found an unfinished attempt at ``choice``: offer to resume it or start a new one."""
        self._pending_new = choice
        attempt = unfinished[0]
        resume = w.Button(description=t("app.resume", self.lang), button_style="warning", icon="history")
        resume.add_class("dk-resume")
        resume.on_click(functools.partial(self._resume_clicked, attempt.id))
        new = w.Button(description=t("app.start_new", self.lang), icon="plus")
        new.add_class("dk-start-new")
        new.on_click(lambda _b: self._on_start(True))
        self.offer.children = [w.HTML(self._attempt_line(attempt)), w.HBox([resume, new])]

    def _draw_offer(self) -> None:
        if self._pending_new is None or not self.offer.children:
            return
        self.offer_resume(self._pending_new, self.unfinished(self.trainee_name(), self._pending_new.id))

    # --- the trainee -------------------------------------------------------------------------
    def register(self, name: str) -> None:
        """Put the trainee in their cohort: a link's; behind the hub, the one of the code they entered (created
        by their trainer); none for practice (its results count for no cohort)."""
        if self.identity.how == TOKEN and self.identity.cohort_id is not None:
            self._store().trainee(name, self.identity.cohort_id)
            return
        if self.identity.how != HUB:
            return
        code = self.cohort.value.strip()
        if not code:
            return
        store = self._store()
        found = store.find_cohort(code)
        if found is None:
            raise ValueError(t("app.err.no_cohort", self.lang, code=code))
        store.trainee(name, found.id)


__all__ = ["SetupScreen"]
