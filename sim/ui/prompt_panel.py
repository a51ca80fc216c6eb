"""One prompt of a drill as widgets: its question, an input for its kind, a Submit button and a message line.

Each prompt kind has its input: pick one option (radio buttons), pick several (checkboxes), yes or no
(toggle buttons labelled Yes/No or 是/否, the chosen one filled), a number (with its unit, refused with a
message outside the prompt's ``bounds``, what was typed staying in the box), put options in order (rows
with up and down buttons), or a reply to the customer (a text area with its length as a reader counts it,
a Chinese character as one, against the prompt's minimum converted the same way:
:func:`sim.drill.answers.reader_minimum`). A panel knows
three values: :meth:`PromptPanel.value` (the answer, checked, as the session takes it),
:meth:`PromptPanel.draft` (whatever the widgets hold, for autosave) and the stored answer once
:meth:`PromptPanel.lock` has shown it, after which nothing can change it. Scoring is not done here.

Options are shown in the order of the trainee view the panel is given: a session's view is in the
attempt's own order (:mod:`sim.drill.variants`), so two trainees side by side see different lists, and a
resumed attempt shows its own again. Every value is option ids, never positions: a radio button's value,
the ticked checkboxes' ids (stored in the order written: :func:`sim.drill.scoring.normalise_answer`), an
order's ids.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from sim.drill.answers import reader_length, reader_minimum, yes_no_label
from sim.drill.scoring import reply_length
from sim.format.limits import MAX_ANSWER_NUMBER
from sim.i18n import t
from sim.ui.render import esc, icon, plain_step
from sim.ui.theme import error_html, ok_html


class PromptPanel:
    """The widgets of one prompt: its question, an input for its kind, a Submit button and a message line.

    ``input`` is the widget a trainee changes: RadioButtons (choice), a VBox of Checkboxes (multi; see
    ``checks``), ToggleButtons (yes/no), FloatText (number: not a bounded widget, which would silently
    change 500 into 12; see ``bounds``), a VBox of rows with ↑/↓ buttons (order; see ``order``, ``up``,
    ``down``) or a Textarea (reply; see ``count``).
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
        self.bounds: tuple[float | None, float | None] = (0, None)   # a number's possible values (see limit)
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
            self.input = w.FloatText(value=0, layout=w.Layout(width="160px"))
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
        if self.kind == "yesno":
            return [(yes_no_label(o.id, self.lang), o.id) for o in self.prompt.options]
        return [(o.text(self.lang), o.id) for o in self.prompt.options]

    def limit(self, low: float | None, high: float | None) -> None:
        """The values a number prompt can take at all (the prompt's ``bounds``; none below 0 without them):
        said under the question, and anything else is refused at Submit."""
        if (low, high) != self.bounds:
            self.bounds = (low, high)
            self.relabel(self.lang)

    def _range(self) -> str:
        """The possible values in words: "a number from 0 to 12 staff", "at least 0", "at most 100 %"."""
        low, high = self.bounds
        unit = self.prompt.unit.get(self.lang) if self.prompt.unit is not None else ""
        unit = (" " if unit and self.lang == "en" else "") + unit
        if low is not None and high is not None:
            return t("app.range_between", self.lang, low=f"{low:g}", high=f"{high:g}", unit=unit)
        if low is not None:
            return t("app.range_at_least", self.lang, low=f"{low:g}", unit=unit)
        return t("app.range_at_most", self.lang, high=f"{high if high is not None else MAX_ANSWER_NUMBER:g}",
                 unit=unit)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        p = self.prompt
        detail = []
        if p.kind != "order":   # an order prompt's own step would hint at its first item
            detail.append(t("app.step", lang, step=plain_step(p.step_name.get(lang))))
        if p.par_time:
            detail.append(t("app.par", lang, minutes=p.par_time))
        self.question.value = (f"<div class='dk-q'>{esc(p.question.get(lang))}</div>"
                               + (f"<div class='dk-hint'>{esc(' · '.join(detail))}</div>" if detail else ""))
        hint = t(f"app.hint.{p.kind}", lang)
        if p.kind == "number" and self.bounds[1] is not None:
            hint = t("app.number_between", lang, range=self._range())
        self.hint.value = f"<div class='dk-hint'>{esc(hint)}</div>"
        if self.kind in ("choice", "yesno"):
            value = self.input.value
            self.input.options = self._options()
            self.input.value = value
        elif self.kind == "multi":
            for o in p.options:
                self.checks[o.id].description = o.text(lang)
        elif self.kind == "number":
            self.unit.value = f"<span style='margin-left:6px'>{esc(p.unit.get(lang))}</span>" if p.unit else ""
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
            self.message.value = ok_html(t("app.saved", lang, time=self.saved_at), mark=True)
        elif self.restored and not self.locked:
            self.message.value = f"<span class='dk-hint dk-draft'>{icon('edit')} {esc(t('app.draft_restored', lang))}</span>"

    def _draw_order(self) -> None:
        labels = {o.id: o.text(self.lang) for o in self.prompt.options}
        for i, (row, oid) in enumerate(zip(self._rows, self.order)):
            row.value = f"<b>{i + 1}.</b> {esc(labels[oid])}"

    def _move(self, i: int, delta: int, _button=None) -> None:
        j = i + delta
        if self.locked or not 0 <= j < len(self.order):
            return
        self.order[i], self.order[j] = self.order[j], self.order[i]
        self._draw_order()

    def _update_count(self) -> None:
        """The reply's length as a reader counts it; "at least ..." while the scoring's rule finds it short."""
        text = self.input.value
        n, need = reader_length(text), self.prompt.min_chars
        if need and reply_length(text) < need:
            shown = t("app.chars_short", self.lang, n=n, min=reader_minimum(need, text, self.lang))
        else:
            shown = t("app.chars", self.lang, n=n)
        self.count.value = f"<span class='dk-hint'>{esc(shown)}</span>"

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
            if self.input.value is None:
                raise ValueError(t("app.number_missing", self.lang))
            number = float(self.input.value)
            low, high = self.bounds
            if (low is not None and number < low) or (high is not None and number > high):
                typed = f"{number:g}"
                raise ValueError(t("app.number_outside", self.lang, value=typed, range=self._range()))
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
        for widget in self.inputs():
            widget.disabled = True
        self.submit.disabled = True
        self.submit.button_style = ""
        self.submit.icon = "check"
        self.box.remove_class("dk-current")
        self.box.add_class("dk-locked")
        self.relabel(self.lang)

    def close(self) -> None:
        """The drill ended with this prompt open: it stays unanswered, and nothing can change it any more."""
        for widget in self.inputs():
            widget.disabled = True
        self.submit.disabled = True
        self.box.remove_class("dk-current")

    def inputs(self) -> list[w.Widget]:
        """The widgets a trainee changes (disabled once locked or the drill is over)."""
        if self.kind == "multi":
            return list(self.checks.values())
        if self.kind == "order":
            return self.up + self.down
        return [self.input]

    def error(self, text: str) -> None:
        self.message.value = error_html(text, mark=True)


__all__ = ["PromptPanel"]
