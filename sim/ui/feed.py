"""The drill's feed: the incident as it reached the trainee, one inject after another.

Each inject sent so far is shown as its channel would show it (:func:`sim.ui.render.inject_html`), marked
new or handled, and followed by its prompts: those answered are locked, showing the stored answer and
when it was saved; the prompt to answer now is open (``dk-current``). Prompts not reached yet are not
shown. Each prompt is one :class:`~sim.ui.prompt_panel.PromptPanel`, made when it first appears; its
draft, if a resumed attempt has one, is put back then (:mod:`sim.ui.drafts`).
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from sim.ui.drafts import Drafts
from sim.ui.prompt_panel import PromptPanel
from sim.ui.render import inject_html


class Feed:
    """The feed's widgets (``box``) and the panel of every prompt shown. ``on_submit(panel)``: what a Submit
    button does; ``on_change()``: called when an open prompt's input changes (to autosave it)."""

    def __init__(self, drafts: Drafts, on_submit: Callable[[PromptPanel], None], on_change: Callable[[], object]):
        self.drafts = drafts
        self._on_submit, self._on_change = on_submit, on_change
        self.box = w.VBox()
        self.box.add_class("dk-feed")
        self.panels: dict[str, PromptPanel] = {}
        self.saved_at: dict[str, str] = {}          # prompt id -> when its answer was stored (shown)
        self._blocks: dict[str, tuple[w.HTML, w.VBox]] = {}

    def reset(self, saved_at: dict[str, str] | None = None) -> None:
        """Empty the feed for a new drill (``saved_at``: when a resumed attempt's answers were stored)."""
        self.panels, self._blocks = {}, {}
        self.saved_at = dict(saved_at or {})
        self.box.children = ()

    @property
    def current_panel(self) -> PromptPanel | None:
        """The panel of the prompt open now (None when there is none)."""
        return next((p for p in self.panels.values() if not p.locked), None)

    @staticmethod
    def _handled(session, inj, current) -> bool:
        return all(p.id in session.answers for p in inj.prompts) and (current is None or current.inject_id != inj.id)

    def draw(self, session, current, lang: str) -> None:
        """Show every inject sent so far with its answered (locked) prompts and ``current``, the prompt to
        answer now (None once the drill is over)."""
        answers = session.answers
        children = []
        for inj in session.timeline():
            if inj.id not in self._blocks:
                self._blocks[inj.id] = (w.HTML(), w.VBox())
                self._blocks[inj.id][1].add_class(f"dk-inject-{inj.id}")
            html, box = self._blocks[inj.id]
            html.value = inject_html(inj, lang, handled=self._handled(session, inj, current))
            parts: list[w.Widget] = [html]
            for p in inj.prompts:
                if p.id in answers:
                    panel = self._panel(p, session, lang)
                    if not panel.locked:
                        panel.lock(answers[p.id], saved_at=self.saved_at.get(p.id))
                elif current is not None and p.id == current.id:
                    panel = self._panel(p, session, lang)
                    panel.box.add_class("dk-current")
                else:
                    continue
                parts.append(panel.box)
            box.children = parts
            children.append(box)
        self.box.children = children

    def relabel(self, session, current, lang: str) -> None:
        """Redraw the injects and prompts shown in ``lang``."""
        for inj in session.timeline():
            if inj.id in self._blocks:
                self._blocks[inj.id][0].value = inject_html(inj, lang, handled=self._handled(session, inj, current))
        for panel in self.panels.values():
            panel.relabel(lang)

    def _panel(self, prompt, session, lang: str) -> PromptPanel:
        if prompt.id not in self.panels:
            panel = self.panels[prompt.id] = PromptPanel(prompt, lang, self._on_submit)
            self.drafts.track(panel, answered=prompt.id in session.answers, on_change=self._on_change)
        return self.panels[prompt.id]

    def close(self) -> None:
        """The drill is over: a prompt still open stays unanswered and can no longer be changed."""
        for panel in self.panels.values():
            if not panel.locked:
                panel.close()


__all__ = ["Feed"]
