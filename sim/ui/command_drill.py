"""The live command drill's dashboard and decision widgets (JupyterLab and Voila).

Logic stays in :mod:`sim.drill.command`; this module only wires widgets to it and draws the dashboard
(its HTML from :mod:`sim.ui.render`).

The app stores the result itself (the drill runs without a store): a results database that fails is its
one line under the buttons, never a traceback out of the button's callback, and the result stays in the
app (``app.result_record``) with "Finish and score" enabled to save it again. Give ``store`` a
:class:`~sim.store.results.DeferredStore` (as notebook 40 does) and a database that cannot even be opened
is said at once, while the drill can still be played.
Plots are rendered to PNG into an ``Image`` widget, which redraws the same way in JupyterLab, Voila and
widget-level tests; the board and the charts are :mod:`sim.ui.command_board`.

The duty manager decides everything: none of the plan's actions is ticked at the start; the plan's default
actions are named under them, with a button that ticks them (so a default taken is a decision seen, not a
box left as found). Once the drill is finished every input is disabled (only "Finish and score" comes back,
to save again after a failed save). The drill opens shortly before the first sign of the incident, and the
charts show the hours before for comparison (:func:`sim.drill.command.opening_minute`); the opening line
says so.

Who the duty manager is follows the same rules as the trainee drill (:func:`sim.ui.identity.identify`):
the JupyterHub user (with a cohort code field, as in the drill app), a personal link (``?token=...``: the
link's trainee and cohort), or else practice, with a typed name and "Practice: results do not count" on
screen. A refused link shows its one line and every decision button stays disabled. The stored result
says how it was started in ``result["identity"]`` (``how``, ``practice``, ``cohort_id``, ``token_id``), as
``attempt_context`` does for a trainee drill: the cohort's reports leave practice results out.
"""
from __future__ import annotations

from dataclasses import asdict
from html import escape

import ipywidgets as w

from sim.drill.command import CommandDrill, CommandResult
from sim.format.scenario import Scenario
from sim.format.units import parse_duration
from sim.format.vocabulary import ACTION_KINDS
from sim.i18n import t
from sim.store.results import DeferredStore, StoreError
from sim.ui.command_board import CommandCharts, board_html
from sim.ui.identity import HUB, TOKEN, Identity, identify
from sim.ui.render import esc, summary_html
from sim.ui.theme import error_html


class CommandApp:
    """Dashboard + decisions for one trainee on one scenario. ``store``: where the result is saved (a Store or
    a DeferredStore; None: not saved). Who the duty manager is: ``signed_in`` (a name the caller vouches for),
    else the hub user, else the link's ``token`` (default: the page's ``?token=``), else practice under the
    name typed in ``app.name`` (``trainee``: its first value)."""

    def __init__(self, scenario: Scenario, trainee: str = "", language: str = "en", store=None,
                 decision_interval: str = "30min", duration: str | None = None, seed: int | None = None,
                 signed_in: str | None = None, token: str | None = None):
        self.scenario = scenario
        self.lang = language
        self.store = store
        self.identity: Identity = identify(self._the_store, signed_in=signed_in, token=token)
        # No store for the drill: the app saves the result, so that a failed save keeps it (see finish).
        self.drill = CommandDrill(scenario, self.identity.signed_in or trainee.strip() or "trainee",
                                  decision_interval=decision_interval, store=None,
                                  seed=seed, language=language, duration=duration)
        self.result_record: CommandResult | None = None   # the result, once finished
        self.saved = store is None                         # whether it is stored (nothing to store without one)
        self.history: list[dict] = []
        self._boards: list = []
        self._charts: CommandCharts | None = None
        plan = scenario.plan
        L = lambda key, **kw: t(key, language, **kw)
        self.title = w.HTML(f"<h3>{escape(scenario.title.get(language))}</h3>"
                            f"<p>{escape(L('cmd.role'))}</p><p>{escape(L('cmd.intro'))}</p>"
                            f"<p class='dk-cmd-opening'><b>{escape(self._opening())}</b></p>")
        self.name = w.Text(value=trainee.strip(), description=L("app.name"), placeholder=L("app.name_placeholder"),
                           continuous_update=False, style={"description_width": "110px"})
        self.cohort = w.Text(description=L("app.cohort"), placeholder=L("app.cohort_placeholder"),
                             continuous_update=False, style={"description_width": "110px"})
        self.who = w.VBox(self._who_parts())
        self.status = w.HTML()
        self.plot = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
        # None ticked: the duty manager decides; the plan's defaults are said, and one button ticks them.
        self.actions = {a: w.Checkbox(value=False, description=plan.label("actions", a, language), indent=False)
                        for a in ACTION_KINDS}
        defaults = plan.activation.default_actions
        self.defaults_note = w.HTML(escape(L("cmd.defaults", actions=", ".join(plan.label("actions", a, language)
                                                                              for a in defaults))))
        self.defaults_button = w.Button(description=L("cmd.tick_defaults"), icon="check-square")
        self.defaults_button.on_click(lambda _b: self.tick_defaults())
        self.activate_button = w.Button(description=L("cmd.activate"), button_style="danger", icon="bolt")
        self.team = w.Dropdown(options=[(plan.label("roles", n, language), n) for n, spec in scenario.staffing.items()
                                        if spec.reserve], description=L("cmd.team"))
        self.count = w.BoundedIntText(value=1, min=1, max=99, description=L("cmd.count"))
        self.call_in_button = w.Button(description=L("cmd.call_in"), icon="user-plus")
        self.notice_button = w.Button(description=L("cmd.notice"), icon="bullhorn")
        self.self_service_button = w.Button(description=L("cmd.self_service"), icon="robot")
        self.extend_button = w.Button(description=L("cmd.extend"), icon="clock")
        self.notify_button = w.Button(description=L("cmd.notify"), icon="phone")
        interval = L("cmd.interval", minutes=parse_duration(decision_interval))      # "30 min", "30 分钟"
        self.advance_button = w.Button(description=L("cmd.advance", interval=interval), button_style="primary",
                                       icon="forward")
        self.finish_button = w.Button(description=L("cmd.finish"), icon="flag-checkered")
        self.message = w.HTML()
        self.result = w.HTML()
        # Buttons and choices as wide as their words (ipywidgets' fixed widths cut "Activate the plan" short).
        for control in (*self.actions.values(), self.defaults_button, self.activate_button, self.call_in_button,
                        self.notice_button, self.self_service_button, self.extend_button, self.notify_button,
                        self.advance_button, self.finish_button):
            control.layout.width = "auto"
        self.activate_button.layout.flex = "0 0 auto"        # beside the list of actions: never squeezed
        self.activate_button.on_click(lambda _b: self._do("activate", actions=[a for a, cb in self.actions.items()
                                                                              if cb.value]))
        self.call_in_button.on_click(lambda _b: self._do("call_in", team=self.team.value, n=int(self.count.value)))
        self.notice_button.on_click(lambda _b: self._do("publish_notice"))
        self.self_service_button.on_click(lambda _b: self._do("enable_self_service"))
        self.extend_button.on_click(lambda _b: self._do("extend_hours"))
        self.notify_button.on_click(lambda _b: self._do("notify_crisis_group"))
        self.advance_button.on_click(lambda _b: self.advance())
        self.finish_button.on_click(lambda _b: self.finish())
        decisions = w.VBox([
            w.HTML(f"<b>{escape(L('cmd.decisions'))}</b>"),
            w.HBox([w.VBox([*self.actions.values(), self.defaults_note, self.defaults_button]),
                    self.activate_button]),
            w.HBox([self.team, self.count, self.call_in_button]),
            w.HBox([self.notice_button, self.self_service_button, self.extend_button, self.notify_button],
                   layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.advance_button, self.finish_button]), self.message])
        self.widget = w.VBox([self.title, self.who, self.status, self.plot, decisions, self.result])
        if self.identity.refused is not None:        # a refused link: nothing can be played or stored
            self._lock()
        for board in self.drill.before:               # the hours before the duty manager took over
            self._record(board)
        self._record(self.drill.dashboard())
        self.redraw()
        if isinstance(store, DeferredStore) and self.identity.refused is None:   # say so now, not at the end
            try:
                store.open()
            except StoreError as exc:
                self.message.value = error_html(exc, mark=True)

    # --- who ------------------------------------------------------------------------------------
    def _the_store(self):
        if self.store is None:
            raise StoreError(t("cmd.no_store", self.lang))
        return self.store

    def _who_parts(self) -> list:
        """What the top of the app says about the duty manager (see the module docstring)."""
        who, lang = self.identity, self.lang
        refusal = who.refusal(lang)
        if refusal is not None:
            return [w.HTML(error_html(refusal, mark=True, block=True))]
        if who.practice:
            return [w.HTML(f"<div class='dk-box'><b>{esc(t('app.practice', lang))}</b></div>"), self.name]
        said = (t("app.signed_in", lang, name=who.name) if who.how != TOKEN else
                t("app.link_signed_in", lang, name=who.name, cohort=who.cohort_label or ""))
        return [w.HTML(f"<div class='dk-box'>{esc(said)}</div>"), *([self.cohort] if who.how == HUB else [])]

    def trainee_name(self) -> str:
        """Whose result this is: the signed-in name, else the name typed ("" if none)."""
        return self.identity.signed_in or self.name.value.strip()

    def _buttons(self) -> list[w.Button]:
        return [self.activate_button, self.call_in_button, self.notice_button, self.self_service_button,
                self.extend_button, self.notify_button, self.advance_button, self.finish_button,
                self.defaults_button]

    def inputs(self) -> list[w.DOMWidget]:
        """Every control the duty manager can change: the buttons, the action boxes, the reserve fields, and
        the name and cohort code."""
        return [*self._buttons(), *self.actions.values(), self.team, self.count, self.name, self.cohort]

    def _lock(self) -> None:
        for widget in self.inputs():
            widget.disabled = True

    def tick_defaults(self) -> None:
        """Tick the plan's default actions (and only those)."""
        defaults = set(self.scenario.plan.activation.default_actions)
        for action, box in self.actions.items():
            box.value = action in defaults

    def _opening(self) -> str:
        """The opening line: when the duty manager takes over, and since when the charts show the centre."""
        drill = self.drill
        at = drill.clock(drill.start)
        if not drill.before:
            return t("cmd.opening_at_start", self.lang, clock=at)
        return t("cmd.opening", self.lang, clock=at, since=drill.clock(drill.before[0].minute))

    def _stored_result(self, result: CommandResult) -> dict:
        """The result as stored, with how it was started (``identity``: the reports leave practice out)."""
        who = self.identity
        return {**asdict(result), "identity": {"how": who.how, "practice": who.practice,
                                               "cohort_id": who.cohort_id, "token_id": who.token_id}}

    def _register(self, store, name: str) -> None:
        """Put the duty manager in their cohort, as the drill app does: a link's; behind the hub, the code
        typed; none for practice. StoreError (one line) for a code no trainer created."""
        who = self.identity
        if who.how == TOKEN and who.cohort_id is not None:
            store.trainee(name, who.cohort_id)
        elif who.how == HUB and self.cohort.value.strip():
            found = store.find_cohort(self.cohort.value.strip())
            if found is None:
                raise StoreError(t("app.err.no_cohort", self.lang, code=self.cohort.value.strip()))
            store.trainee(name, found.id)

    # --- actions --------------------------------------------------------------------------------
    def _do(self, kind: str, **detail) -> None:
        try:
            decision = self.drill.decide(kind, **detail)
        except ValueError as exc:
            self.message.value = error_html(exc)
            return
        when = self.drill.clock(decision.effective_min) if decision.effective_min is not None else "—"
        self.message.value = escape(t("cmd.done", self.lang, what=t(f"cmd.decision.{kind}", self.lang), when=when))
        self.redraw()

    def advance(self) -> None:
        if self.identity.refused is not None:
            return
        if self.drill.finished:
            self.finish()
            return
        board = self.drill.advance()
        self._record(board)
        self.redraw()
        if self.drill.finished:
            self.finish()

    def finish(self) -> None:
        """Score the drill (once), show the result and store it; pressed again after a failed save, save again.
        Nothing happens with a refused link; practice needs a typed name first."""
        if self.identity.refused is not None:
            return
        name = self.trainee_name()
        if not name and self.result_record is None:
            self.message.value = error_html(t("cmd.name_needed", self.lang))
            return
        if self.result_record is None:
            self.drill.trainee = name
            self.name.disabled = self.cohort.disabled = True     # the result is under this name now
        result = self.drill.finish()
        self.result_record = result
        self._lock()                                             # the drill is over: nothing more to change
        self.result.value = summary_html(result.summary(self.lang))
        self.save()

    def save(self) -> bool:
        """Store the result (if not yet). A database that fails is its one line under the buttons, the result
        is kept and "Finish and score" stays enabled to try again. True once it is stored."""
        result = self.result_record
        if self.saved or result is None:
            return self.saved
        try:
            self._register(self.store, result.trainee)
            self.store.save_command_result(result.trainee, self.scenario.id, self.scenario.content_hash(),
                                           self.lang, self._stored_result(result))
        except StoreError as exc:
            self.message.value = error_html(exc, mark=True)
            self.finish_button.disabled = False
            return False
        self.saved = True
        self.message.value = ""
        return True

    # --- drawing --------------------------------------------------------------------------------
    def _record(self, board) -> None:
        self.history.append({"minute": board.minute, "arrivals": sum(board.arrivals_last_hour.values()),
                             "baseline": sum(board.baseline_last_hour.values()),
                             "attention": board.public_attention,
                             **{f"queue.{s.team}": s.waiting for s in board.teams}})
        self._boards.append(board)
        self.board = board

    @property
    def _previous_board(self):
        """The board of the decision point before now (None at the first one): what public attention moved from."""
        now = self.drill.now
        return next((b for b in reversed(self._boards) if b.minute < now - 1e-9), None)

    def redraw(self) -> None:
        self.board = self.drill.dashboard()
        previous = self._previous_board
        since = self.drill.clock(previous.minute) if previous is not None else ""
        self.status.value = board_html(self.board, self.scenario.plan, self.lang, previous, since)
        if self._charts is None:
            self._charts = CommandCharts(self.scenario, self.lang, self.drill.start)
        self.plot.value = self._charts.png(self.history)
