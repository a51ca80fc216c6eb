"""The trainer dashboard (ipywidgets): pick a cohort; see progress (with each trainee's counted attempt and
number of attempts under each scenario's attempt policy, :mod:`sim.reports.attempts`), the trainee × scenario
heatmap, the P/S/M/U distribution per plan step, the criteria most often missed (with replies), last year's
comparison, one trainee's answers and feedback (each reply with the sentences that met the plan marked),
and live command drills; override the points of a reply, with a comment (:mod:`sim.reports.overrides`: kept
with who and when, and never undone by a re-score); re-score after a rubric change; assign a scenario with its due
date and attempt policy (:mod:`sim.ui.assign_form`); write the after-action report, and with it the CSV files
and an Excel workbook. ``notebooks/30_trainer.ipynb`` only builds a :class:`TrainerApp`.

The dashboard runs in a kernel on a server (Voila, JupyterLab, a JupyterHub user server), so a file it
writes lands there, not on the trainer's computer. Each file written is therefore also offered in the page
as a download (:func:`sim.reports.markup.download_link`: a link holding the file as a ``data:`` URI with a ``download`` name,
which works wherever the page is shown, behind JupyterHub included, without a file server or a script),
and the page says where the server's copy was saved. The CSV files come as one zip. A file larger than
:data:`sim.reports.markup.MAX_DOWNLOAD` is not put in the page (browsers refuse longer links); the page then says so and
where to take it from.

Trainee text is data: every HTML widget is filled with fragments from :mod:`sim.reports.html`, which
escape it; names in drop-downs are plain text. The fragments look as in the after-action report: the
dashboard's style sheet is :data:`sim.ui.theme.TRAINER_CSS`, with the kit's rating colours.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import ipywidgets as W

from sim.drill.errors import SessionError
from sim.drill.overrides import OverrideError
from sim.format.errors import ScenarioError, UsageError
from sim.i18n import LANGUAGE_NAMES, LANGUAGES, t
from sim.reports import cohort as C
from sim.reports import html as H
from sim.reports import plots
from sim.reports.aar import export_csv, export_xlsx, write_aar
from sim.reports.attempts import attempts_html
from sim.reports.markup import download_link, zip_files
from sim.reports.overrides import override_reply
from sim.store.results import StoreError
from sim.ui.assign_form import AssignForm
from sim.ui.theme import TRAINER_CSS

TABS = ("progress", "scores", "steps", "missed", "compare", "trainee", "command", "rescore", "assign", "aar")


class TrainerApp:
    """The dashboard for one results store. ``scenarios`` (id -> Scenario) overrides the library."""

    def __init__(self, store, *, language: str = "en", cohort_id: int | None = None, scenarios=None,
                 today: date | None = None, out_dir: str | Path | None = None):
        self.store = store
        self.scenarios = scenarios
        self.today = today
        self.out_dir = Path(out_dir) if out_dir is not None else Path.cwd()
        self.data = None
        self.previous = None
        self.last_rescore: list = []
        self._quiet = False
        self._drawn = None
        self._store_error: str | None = None      # why the cohorts could not be listed
        lang = language
        self.cohort = W.Dropdown(layout=W.Layout(width="340px"))
        self.language = W.ToggleButtons(options=[(LANGUAGE_NAMES[x], x) for x in LANGUAGES], value=lang)
        self.anonymise = W.Checkbox(value=False, indent=False)
        self.refresh_button = W.Button(icon="refresh")
        self.message = W.HTML()
        self.progress = W.HTML()
        self.heatmap = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.scores = W.HTML()
        self.steps_plot = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.steps = W.HTML()
        self.missed = W.HTML()
        self.compare_plot = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.compare = W.HTML()
        self.trainee = W.Dropdown(layout=W.Layout(width="340px"))
        self.detail = W.HTML()
        self.override_reply = W.Dropdown(layout=W.Layout(width="520px"))
        self.override_points = W.FloatText(value=0.0, layout=W.Layout(width="200px"))
        self.override_comment = W.Textarea(layout=W.Layout(width="520px", height="60px"))
        self.override_by = W.Text(layout=W.Layout(width="300px"))
        self.override_button = W.Button(button_style="warning", icon="pencil")
        self.override_message = W.HTML()
        self.override_heading = W.HTML()
        self.command = W.HTML()
        self.rescore_all = W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"))
        self.rescore_button = W.Button(button_style="warning", icon="calculator")
        self.rescored = W.HTML()
        self.aar_path = W.Text(layout=W.Layout(width="420px"))
        self.aar_csv = W.Checkbox(value=False, indent=False)
        self.aar_xlsx = W.Checkbox(value=False, indent=False)
        self.aar_button = W.Button(button_style="primary", icon="file")
        self.aar_done = W.HTML()
        self.assign_form = AssignForm(store, cohort_id=lambda: self.cohort.value, on_done=self.refresh,
                                      scenarios=scenarios, lang=lang)
        self.tabs = W.Tab(children=[
            self.progress,
            W.VBox([self.heatmap, self.scores]),
            W.VBox([self.steps_plot, self.steps]),
            self.missed,
            W.VBox([self.compare_plot, self.compare]),
            W.VBox([self.trainee, self.detail, self.override_heading, self.override_reply,
                    W.HBox([self.override_points, self.override_by]), self.override_comment,
                    self.override_button, self.override_message]),
            self.command,
            W.VBox([W.HBox([self.rescore_all, self.rescore_button]), self.rescored]),
            self.assign_form.box,
            W.VBox([W.HBox([self.aar_path, self.aar_csv, self.aar_xlsx, self.aar_button]), self.aar_done]),
        ])
        self.widget = W.VBox([W.HTML(TRAINER_CSS),
                              W.HBox([self.cohort, self.language, self.anonymise, self.refresh_button]),
                              self.message, self.tabs])
        self.widget.add_class("trainer-app")
        self._fill_cohorts(cohort_id)
        self._label()
        self.cohort.observe(lambda _: self._quiet or self.refresh(), names="value")
        self.language.observe(lambda _: (self._label(), self.refresh()), names="value")
        self.anonymise.observe(lambda _: self.render(), names="value")
        self.trainee.observe(lambda _: self._quiet or self.show_trainee(), names="value")
        self.refresh_button.on_click(lambda _: (self._fill_cohorts(self.cohort.value), self.refresh()))
        self.rescore_button.on_click(lambda _: self.rescore())
        self.override_button.on_click(lambda _: self.override())
        self.aar_button.on_click(lambda _: self.write_aar())
        self.refresh()

    # --- set-up -----------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.language.value

    def _fill_cohorts(self, selected: int | None) -> None:
        self._store_error = None
        try:
            found = list(reversed(self.store.cohorts()))     # newest year first
        except StoreError as exc:   # the database cannot be reached: one line (password masked), no traceback
            self._store_error = str(exc)
            found = []
        options = [(f"{c.label} · #{c.id}", c.id) for c in found]
        ids = [c.id for c in found]
        self._quiet = True
        try:
            self.cohort.options = options
            if options:
                self.cohort.value = selected if selected in ids else ids[0]
        finally:
            self._quiet = False

    def _label(self) -> None:
        lang = self.lang
        self.tabs.titles = tuple(t(f"report.app.tab.{k}", lang) for k in TABS)
        self.anonymise.description = t("report.app.anonymise", lang)
        self.refresh_button.description = t("report.app.refresh", lang)
        self.rescore_all.description = t("report.app.rescore_all", lang)
        self.rescore_button.description = t("report.app.rescore", lang)
        self.aar_csv.description = t("report.app.csv", lang)
        self.aar_xlsx.description = t("report.app.xlsx", lang)
        self.aar_button.description = t("report.app.write_aar", lang)
        self.cohort.description = t("report.app.cohort", lang)
        self.trainee.description = t("report.col.trainee", lang)
        self.override_heading.value = H.tag("h4", t("report.app.override.heading", lang))
        self.override_reply.description = t("report.app.override.reply", lang)
        self.override_points.description = t("report.app.override.points", lang)
        self.override_comment.description = t("report.app.override.comment", lang)
        self.override_by.description = t("report.app.override.by", lang)
        self.override_button.description = t("report.app.override.button", lang)
        self.assign_form.relabel(lang)

    # --- loading and rendering --------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the selected cohort (and last year's) from the store, then redraw."""
        self.data = self.previous = None
        if self.cohort.value is None:
            self.message.value = H.tag("p", self._store_error or t("report.cli.no_cohorts", self.lang), class_="note")
            self._clear()
            return
        try:
            self.data = C.load_cohort(self.store, self.cohort.value, self.scenarios, lang=self.lang, today=self.today)
            prev = C.previous_cohort(self.store, self.data.cohort)
            known = {**(self.scenarios or {}), **self.data.scenarios}
            self.previous = C.load_cohort(self.store, prev.id, known, lang=self.lang, today=self.today) if prev else None
        except (UsageError, ScenarioError, StoreError) as exc:
            self.message.value = H.tag("p", str(exc), class_="note")
            self._clear()
            return
        self.message.value = ""
        self.assign_form.fill()
        safe = f"aar_{self.data.cohort.id}.html"
        if not self.aar_path.value or Path(self.aar_path.value).name.startswith("aar_"):
            self.aar_path.value = str(self.out_dir / safe)
        self.render()

    @staticmethod
    def _image(widget, png: bytes) -> None:
        widget.value = png
        widget.layout.display = "" if png else "none"      # no broken-image icon for an empty plot

    def _clear(self) -> None:
        for w in (self.progress, self.scores, self.steps, self.missed, self.compare, self.detail, self.command):
            w.value = ""
        for img in (self.heatmap, self.steps_plot, self.compare_plot):
            self._image(img, b"")
        self.override_reply.options = []
        self.override_button.disabled = True

    def render(self) -> None:
        d = self.data
        if d is None:
            return
        anon = self.anonymise.value
        lang = self.lang
        self.progress.value = H.join([H.progress_html(d, anon), attempts_html(d, anon)])
        has_grid = bool(len(d.members) and len(d.scenarios))
        self._image(self.heatmap, plots.score_heatmap(d, lang, anon) if has_grid else b"")
        self.scores.value = H.join([H.scenario_table(d), H.score_table(d, anon),
                                    H.tag("p", t("report.scores_legend", lang), class_="muted")])
        dist = C.step_distribution(d)
        observed = int(dist["observed"].sum()) if len(dist) else 0
        fresh = self._drawn is not d                 # plots without names are drawn once per load
        if fresh:
            self._image(self.steps_plot, plots.step_ratings(dist, lang) if observed else b"")
        self.steps.value = H.steps_table(d, dist)
        self.missed.value = H.missed_html(d, top=12, anonymise=anon)
        if self.previous is not None:
            cmp = C.compare(d, self.previous)
            if fresh:
                self._image(self.compare_plot, plots.comparison(cmp["steps"], lang, d.cohort.label,
                                                                self.previous.cohort.label))
            self.compare.value = H.join([H.tag("p", t("report.compare_intro", lang, last=self.previous.cohort.label)),
                                         H.comparison_html(d, cmp, self.previous.cohort.label)])
        else:
            self._image(self.compare_plot, b"")
            self.compare.value = H.tag("p", t("report.no_previous", lang))
        self.command.value = H.join([H.tag("p", t("report.cmd.intro", lang)), H.command_html(d, anon)])
        self._drawn = d
        selected = self.trainee.value
        names = [m.name for m in d.members]
        self._quiet = True
        try:
            self.trainee.options = [(d.name(n, anon), n) for n in names]
            self.trainee.value = selected if selected in names else (names[0] if names else None)
        finally:
            self._quiet = False
        self.show_trainee()

    def show_trainee(self, trainee: str | None = None) -> None:
        """Drill down to one trainee's answers and feedback (the selected one unless given)."""
        if self.data is None:
            return
        if trainee is not None and trainee != self.trainee.value:
            self.trainee.value = trainee         # the observer calls back here
            return
        name = self.trainee.value
        self.detail.value = H.trainee_html(self.data, name, self.anonymise.value) if name else ""
        self._fill_replies(name)

    def _fill_replies(self, name: str | None) -> None:
        """The selected trainee's answered replies in their counted results: what may be overridden."""
        d, lang = self.data, self.lang
        p = d.prompts
        options = []
        if name and len(p):
            mine = p[(p.trainee == name) & (p.kind == "reply") & p.answered.fillna(False).astype(bool)]
            for r in mine.itertuples(index=False):
                sc = d.scenarios[r.scenario_id]
                prompt = C.prompt_of(sc, r.prompt_id)
                question = C.question_text(sc, prompt, lang) if prompt is not None else r.prompt_id
                options.append((t("report.app.override.option", lang, scenario=sc.title.get(lang), question=question,
                                  points=f"{round(r.points, 2):g}", max=f"{r.max_points:g}"),
                                (int(r.attempt_id), r.prompt_id)))
        selected = self.override_reply.value
        self.override_reply.options = options
        self.override_reply.value = selected if selected in [v for _, v in options] else (
            options[0][1] if options else None)
        self.override_button.disabled = not options
        self.override_message.value = "" if options or not name else \
            H.tag("p", t("report.app.override.none", lang), class_="muted")

    # --- actions ----------------------------------------------------------------------------------
    def rescore(self) -> list:
        """Re-score the cohort's finished attempts against the scenarios as they are now (all of them when
        'all' is ticked, else those scored against an earlier version); earlier scores are kept."""
        if self.data is None:
            return []
        cohort_id = self.data.cohort.id
        try:
            self.last_rescore = C.rescore_cohort(self.store, cohort_id, self.scenarios,
                                                 only_changed=not self.rescore_all.value, lang=self.lang)
        except (SessionError, StoreError) as exc:   # e.g. a scenario whose drill was removed since
            self.rescored.value = H.tag("p", str(exc), class_="note")
            return []
        self.refresh()
        self.rescored.value = H.rescored_html(self.data, self.last_rescore, self.anonymise.value)
        return self.last_rescore

    def override(self):
        """Override the points of the selected reply with the comment and name given; the attempt is scored
        again and the dashboard redrawn. Bad input is shown under the form (nothing is stored)."""
        if self.data is None or self.override_reply.value is None:
            return None
        attempt_id, prompt_id = self.override_reply.value
        try:
            done, card = override_reply(self.store, attempt_id, prompt_id, self.override_points.value,
                                        self.override_comment.value, self.override_by.value,
                                        scenarios=self.scenarios, lang=self.lang)
        except (OverrideError, SessionError, StoreError, UsageError, ScenarioError) as exc:
            self.override_message.value = H.tag("p", str(exc), class_="note", data_key="override-error")
            return None
        self.refresh()
        self.override_comment.value = ""
        old = "—" if done.old_points is None else f"{round(done.old_points, 2):g}"
        self.override_message.value = H.tag("p", t(
            "override.cli.done", self.lang, id=attempt_id, trainee=self.data.name(card.trainee, self.anonymise.value),
            prompt=prompt_id, old=old, new=f"{round(card.prompt(prompt_id).points, 2):g}", by=done.by,
            percent=card.percent, result=t("drill.card.passed" if card.passed else "drill.card.failed", self.lang)),
            data_key="override-done")
        return done

    def write_aar(self, path: str | Path | None = None) -> Path | None:
        """Write the after-action report (and the CSVs and the Excel workbook when ticked) for the selected
        cohort on the server, and offer each in the page as a download."""
        if self.data is None:
            return None
        lang = self.lang
        out = Path(path or self.aar_path.value or self.out_dir / f"aar_{self.data.cohort.id}.html")
        links: list = []
        try:
            written = write_aar(self.data, out, anonymise=self.anonymise.value, previous=self.previous,
                                as_of=self.today)
            lines = [t("report.cli.wrote", lang, path=written, kb=written.stat().st_size / 1024,
                       label=self.data.cohort.label)]
            links.append(download_link(written.read_bytes(), written.name, t("report.app.download_aar", lang),
                                       lang, written))
            if self.aar_csv.value:
                folder = out.with_name(out.stem + "_csv")
                files = export_csv(self.data, folder, anonymise=self.anonymise.value, as_of=self.today)
                lines.append(t("report.cli.wrote_csv", lang, path=folder))
                links.append(download_link(zip_files(files), folder.name + ".zip",
                                           t("report.app.download_csv", lang), lang, folder))
            if self.aar_xlsx.value:
                book = export_xlsx(self.data, out.with_suffix(".xlsx"), anonymise=self.anonymise.value,
                                   as_of=self.today)
                lines.append(t("report.cli.wrote_xlsx", lang, path=book))
                links.append(download_link(book.read_bytes(), book.name, t("report.app.download_xlsx", lang),
                                           lang, book))
        except OSError as exc:
            self.aar_done.value = H.tag("p", t("report.cli.cannot_write", lang, path=exc.filename or out,
                                               error=exc.strerror), class_="note")
            return None
        self.aar_done.value = H.join([H.tag("p", H.join(links, " · "), class_="downloads"),
                                      H.tag("p", t("report.app.saved_on_server", lang), class_="muted"),
                                      *[H.tag("p", line, class_="muted") for line in lines]])
        return written


__all__ = ["TrainerApp"]
