"""The trainer dashboard's assign form: a scenario of the library assigned to the selected cohort, with its
due date and its attempt policy (:mod:`sim.drill.attempt_policy`).

The form offers every scenario with a drill (the library's, and any the dashboard was given), the due date,
how many attempts a trainee may start (unlimited unless "Limit attempts" is ticked), which finished attempt
counts (first / best / last) and when the key is shown (after each attempt / after the due date / never).
Picking a scenario already assigned fills in its due date and the policy in force. Assign stores both, the
policy as a new row beside the earlier ones (:meth:`sim.store.policy.Policies.set_policy`); attempts already
taken stay stored. Bad input (the key after a due date that is not set) is shown under the form and nothing
is stored. When a trainee could read the key and have a retake count, the form says so.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import ipywidgets as W

from sim.drill.attempt_policy import (
    AFTER_DUE,
    COUNTED,
    DEFAULT_POLICY,
    KEY_SHOWN,
    MAX_ATTEMPTS,
    AttemptPolicy,
    PolicyError,
)
from sim.format.paths import scenarios_dir
from sim.i18n import t
from sim.reports import html as H
from sim.reports.attempts import policy_text
from sim.store.results import StoreError
from sim.ui.picker import library_choices


class AssignForm:
    """The form (``box``) for the cohort ``cohort_id()`` returns (None: no cohort selected). ``scenarios``:
    id -> Scenario besides the library's; ``on_done()`` runs after a successful assignment (the dashboard
    reloads)."""

    def __init__(self, store, *, cohort_id: Callable[[], int | None], on_done: Callable[[], None],
                 scenarios=None, folder: Path | None = None, lang: str = "en"):
        self.store = store
        self.lang = lang
        self._cohort_id = cohort_id
        self._on_done = on_done
        self._titles = {c.id: c.title for c in library_choices(folder or scenarios_dir())}
        for sid, sc in (scenarios or {}).items():
            if sc.drill is not None:
                self._titles[sid] = sc.title
        self.intro = W.HTML()
        self.scenario = W.Dropdown(layout=W.Layout(width="520px"))
        self.due = W.DatePicker(value=None)
        self.limit = W.Checkbox(value=False, indent=False)
        self.max_attempts = W.BoundedIntText(value=1, min=1, max=MAX_ATTEMPTS, layout=W.Layout(width="200px"))
        self.counts = W.Dropdown(layout=W.Layout(width="360px"))
        self.key = W.Dropdown(layout=W.Layout(width="360px"))
        self.button = W.Button(button_style="primary", icon="check")
        self.message = W.HTML()
        self.box = W.VBox([self.intro, self.scenario, self.due, W.HBox([self.limit, self.max_attempts]), self.counts,
                           self.key, self.button, self.message])
        self.limit.observe(lambda _: self._show_limit(), names="value")
        self.scenario.observe(lambda _: self.fill(), names="value")
        self.button.on_click(lambda _: self.assign())
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        selected = self.scenario.value
        self.intro.value = H.tag("p", t("report.app.assign.intro", lang), class_="muted")
        self.scenario.description = t("report.app.assign.scenario", lang)
        self.scenario.options = sorted(((title.get(lang), sid) for sid, title in self._titles.items()),
                                       key=lambda o: o[0])
        if selected in self._titles:
            self.scenario.value = selected
        self.due.description = t("report.app.assign.due", lang)
        self.limit.description = t("report.app.assign.limit", lang)
        self.max_attempts.description = t("report.app.assign.max_attempts", lang)
        self.counts.description = t("report.app.assign.counts", lang)
        self.key.description = t("report.app.assign.key", lang)
        counts, key = self.counts.value, self.key.value
        self.counts.options = [(t(f"policy.counted.{c}", lang), c) for c in COUNTED]
        self.key.options = [(t(f"policy.key.{k}", lang), k) for k in KEY_SHOWN]
        self.counts.value, self.key.value = counts or DEFAULT_POLICY.counted, key or DEFAULT_POLICY.key_shown
        self.button.description = t("report.app.assign.button", lang)
        self.button.disabled = not self._titles
        if not self._titles:
            self.message.value = H.tag("p", t("report.app.assign.none", lang, path=scenarios_dir()), class_="note")
        self._show_limit()

    def _show_limit(self) -> None:
        self.max_attempts.layout.display = "" if self.limit.value else "none"

    def fill(self) -> None:
        """Show the selected scenario's due date and policy in force, if it is assigned to the cohort (else
        the defaults)."""
        cohort_id, sid = self._cohort_id(), self.scenario.value
        policy, due = DEFAULT_POLICY, None
        if cohort_id is not None and sid is not None:
            try:
                due = next((a.due for a in self.store.assignments(cohort_id) if a.scenario_id == sid), None)
                policy = self.store.policy(cohort_id, sid)
            except StoreError as exc:
                self.message.value = H.tag("p", str(exc), class_="note")
                return
        self.due.value = due
        self.limit.value = policy.max_attempts is not None
        self.max_attempts.value = policy.max_attempts or 1
        self.counts.value, self.key.value = policy.counted, policy.key_shown
        self.message.value = ""

    def policy(self) -> AttemptPolicy:
        """The policy the form describes (PolicyError, in the form's language, if it cannot be)."""
        return AttemptPolicy.checked(self.max_attempts.value if self.limit.value else None, self.counts.value,
                                     self.key.value, self.lang)

    def assign(self) -> AttemptPolicy | None:
        """Assign the selected scenario to the cohort with the due date and policy shown; the message says
        what was stored (or why nothing was)."""
        cohort_id, sid, lang = self._cohort_id(), self.scenario.value, self.lang
        if cohort_id is None or sid is None:
            return None
        due: date | None = self.due.value
        try:
            policy = self.policy()
            if policy.key_shown == AFTER_DUE and due is None:
                raise PolicyError(t("report.app.assign.need_due", lang))
            how = self.store.assign(cohort_id, sid, due)
            self.store.set_policy(cohort_id, sid, policy)
            label = self.store.get_cohort(cohort_id).label
        except (PolicyError, StoreError) as exc:
            self.message.value = H.tag("p", str(exc), class_="note", data_key="assign-error")
            return None
        lines = [t("report.cli.assigned" if how == "new" else "report.cli.reassigned", lang, scenario=sid,
                   title=self._titles[sid].get(lang), label=label, due=due.isoformat() if due else "—"),
                 policy_text(policy, due, lang)]
        if policy.retake_can_use_key:
            lines.append(t("report.app.assign.retake_warning", lang))
        self._on_done()
        self.message.value = H.join([H.tag("p", line, data_key="assign-done") for line in lines])
        return policy


__all__ = ["AssignForm"]
