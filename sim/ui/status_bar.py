"""The drill's status bar: where the trainee is in the incident and how long they are taking.

It shows the drill and the trainee; the scenario clock (the time of the inject being handled, "T+01:30");
the elapsed time, which counts on from what a resumed attempt had already spent; the open question's own
timer, red once past its par time; and progress through the injects sent so far. The timers stop when
the drill ends. A hidden Play widget in the app calls :meth:`StatusBar.tick` every second in a browser.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from sim.i18n import counted
from sim.ui.render import esc, status_html


class StatusBar:
    """The status bar's widgets (``box``: ``status`` over ``progress`` and ``progress_label``) and timers."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.status = w.HTML()
        self.status.add_class("dk-statusbar")
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="320px"))
        self.progress_label = w.HTML()
        self.box = w.VBox([self.status, w.HBox([self.progress, self.progress_label])],
                          layout=w.Layout(border="1px solid #dde3ea", padding="6px 12px", margin="4px 0"))
        self._t0 = self._base = 0.0
        self._stopped_at: float | None = None      # the clock when the drill ended (the timers stop)
        self._prompt: tuple[str, float] | None = None   # the open prompt and when it opened
        self._clock_text = "T+00:00"

    def start(self, base: float = 0.0) -> None:
        """A drill starts (``base``: seconds a resumed attempt had already spent)."""
        self._base, self._t0 = base, self.clock()
        self._stopped_at = self._prompt = None

    def stop(self) -> None:
        self._stopped_at = self.clock()

    def open_prompt(self, prompt_id: str) -> None:
        """The prompt to answer now; its timer starts when it first opens."""
        if self._prompt is None or self._prompt[0] != prompt_id:
            self._prompt = (prompt_id, self.clock())

    def draw(self, session, view, current, lang: str) -> None:
        """Progress through the injects sent so far, and the scenario clock (``current``: the prompt to answer
        now, None once the drill is over)."""
        timeline = session.timeline()
        answers = session.answers
        shown = {i.id for i in view.injects}
        total = len(view.injects) + sum(1 for i in timeline if i.id not in shown)
        done = sum(1 for i in timeline if all(p.id in answers for p in i.prompts)
                   and (current is None or current.inject_id != i.id))
        self.progress.max = max(total, 1)
        self.progress.value = min(done, total)
        self.progress_label.value = (f"<span style='margin-left:8px'>"
                                     f"{esc(counted('app.progress', lang, len(answers), done=done, total=total))}"
                                     f"</span>")
        self._clock_text = (current.inject.clock if current is not None and current.inject is not None
                            else timeline[-1].clock if timeline else "T+00:00")

    def tick(self, view, trainee: str, prompt, lang: str) -> None:
        """Redraw the clocks (``prompt``: the open prompt, None when there is none)."""
        now = self.clock() if self._stopped_at is None else self._stopped_at
        question = None
        if prompt is not None and self._prompt is not None and self._prompt[0] == prompt.id:
            question = (now - self._prompt[1], prompt.par_time)
        self.status.value = status_html(view, trainee, self._clock_text, self._base + (now - self._t0), lang,
                                        question)


__all__ = ["StatusBar"]
