"""The planner's widgets (``notebooks/10_planner.ipynb``): try a roster, find the fewest staff, see the curve.

All logic lives in ``sim`` (simulation, search, plots); this module only wires ipywidgets to it, so the
notebook stays a few lines and tests can drive the UI without a browser::

    app = PlannerApp(lang="en", reps=2)   # builds the controls only: nothing is simulated yet
    app                                   # shows the UI in a notebook
    app.sliders[("frontline", 0)].value = 10
    app.run_button.click()                # simulates in the background; the UI stays live
    app.wait()                            # (scripts and tests) until it is done
    app.find_button.click()               # the fewest staff; progress and a Cancel button meanwhile

**Compute on demand.** Building the app loads the scenario and reads its shifts, nothing more: the first
render costs an import and a YAML file. Each button starts its work in a background thread, so a long
search (minutes on a whole scenario) leaves the kernel free to take a click on Cancel; the search checks
it between candidate rosters (``find_staffing(should_stop=...)``) and stops with ``SearchCancelled``.
One job runs at a time; the controls that would change its input are disabled meanwhile.

Results are rendered into HTML widgets (KPI table, roster, status) and figures, as PNG, into Output widgets
(figures are made without pyplot, so drawing in the background thread touches no global state).
"""
from __future__ import annotations

import html
import threading
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from sim.format.errors import ScenarioError
from sim.format.library import scenario_files, scenario_header
from sim.format.load import load_scenario
from sim.i18n import check_language, t
from sim.reports import centre_plots as plots
from sim.reports.kpi_table import kpi_table_html, kpi_tally
from sim.simulation.centre import CentreOptions
from sim.simulation.metrics import summarise
from sim.simulation.replication import as_executor, run_kpis, simulate
from sim.staffing import derive_scenario, find_staffing, roster_cost, shift_table, staffing_curve, warm_start
from sim.staffing.result import SearchCancelled
from sim.ui.planner_views import SEARCH_STAGES, roster_html, search_progress_text, show_figures, stage_index
from sim.ui.theme import error_html

_WIDE = {"description_width": "180px"}      # room for "Activation delay (min)", "08:00-18:00 周一至周五"
_SLIDER = {"width": "480px"}                 # the label's 180 px and a slider long enough to drag


def library_scenarios() -> dict[str, Path]:
    """Scenario files of the library (validation models last), by file stem."""
    return {p.stem: p for p in scenario_files(validation=True)}


class Cancelled(Exception):
    """The user pressed Cancel during a Run (the search has its own, SearchCancelled)."""


class PlannerApp:
    """Pick a scenario, set headcounts per team and shift, the surge and the activation delay; run it, find
    the fewest staff meeting the plan's targets, and draw the staffing curve with the Erlang overlay.

    ``scenario``: a path, a loaded Scenario, or None (the flagship, else the first in the library).
    ``reps``: replications per Run (the slider's start value); ``search_reps`` / ``verify_reps``: of the
    search; ``curve_reps``: per point of the staffing curve. ``executor``: any concurrent.futures
    Executor or a distributed.Client for the runs, the search and the curve (default: a local process pool).
    """

    def __init__(self, scenario=None, *, lang: str = "en", reps: int = 2, search_reps: int = 3,
                 verify_reps: int = 4, curve_reps: int = 2, executor=None, library: dict | None = None):
        self.lang = check_language(lang)
        self.search_reps, self.verify_reps, self.curve_reps = search_reps, verify_reps, curve_reps
        self.executor = executor
        self._loaded: dict = {}
        entries = dict(library) if library is not None else library_scenarios()
        if scenario is not None and not isinstance(scenario, (str, Path)):
            first = f"{scenario.id}"
            entries = {first: scenario, **{k: v for k, v in entries.items() if k != first}}
        elif scenario is not None:
            first = Path(scenario).stem
            entries = {first: Path(scenario), **{k: v for k, v in entries.items() if k != first}}
        else:
            first = "product_defect_surge" if "product_defect_surge" in entries else next(iter(entries))
        self._entries = entries
        self.result = None          # the last StaffingResult
        self.last_run = None        # (SimulationResult, KPI summary) of the last Run
        self.curve_data = None
        self._job: threading.Thread | None = None
        self._stop = threading.Event()
        self._best: float | None = None      # the cheapest roster meeting the targets in this search
        self._evaluated = 0                   # rosters the search has judged so far

        self.picker = widgets.Dropdown(options=[(self._title(k), k) for k in entries], value=first,
                                       description=t("ui.scenario", lang), layout=widgets.Layout(width="720px"),
                                       style=_WIDE)
        self.horizon = widgets.Dropdown(options=[(t("ui.horizon.whole", lang), 0.0),
                                                 (t("ui.horizon.day", lang), 1440.0)], value=0.0,
                                        description=t("ui.horizon", lang), style=_WIDE,
                                        layout=widgets.Layout(width="380px"))
        self.surge = widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description=t("ui.surge", lang),
                                         style=_WIDE, layout=widgets.Layout(**_SLIDER))
        self.delay = widgets.IntSlider(value=0, min=0, max=240, step=10, description=t("ui.delay", lang), style=_WIDE,
                                       layout=widgets.Layout(**_SLIDER))
        self.reps = widgets.IntSlider(value=reps, min=1, max=50, description=t("ui.reps", lang), style=_WIDE,
                                      layout=widgets.Layout(**_SLIDER))
        self.sliders: dict[tuple[str, int], widgets.IntSlider] = {}
        self.staff_box = widgets.VBox()
        self.run_button = widgets.Button(description=t("ui.run", lang), button_style="primary", icon="play")
        self.find_button = widgets.Button(description=t("ui.find", lang), button_style="success", icon="search",
                                          layout=widgets.Layout(width="220px"))
        self.curve_button = widgets.Button(description=t("ui.curve", lang), icon="line-chart")
        self.cancel_button = widgets.Button(description=t("ui.cancel", lang), icon="stop", button_style="danger",
                                            disabled=True)
        self.progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="360px"))
        self.progress_label = widgets.HTML()
        self.status = widgets.HTML(t("ui.ready", lang))
        self.kpis = widgets.HTML()
        self.roster_view = widgets.HTML()
        self.plots = widgets.Output()
        self.curve_plot = widgets.Output()
        self.run_button.on_click(self.run)
        self.find_button.on_click(self.find)
        self.curve_button.on_click(self.curve)
        self.cancel_button.on_click(self.cancel)
        self.picker.observe(self._on_pick, names="value")
        self.horizon.observe(self._on_pick, names="value")
        self._build_sliders()
        self.widget = widgets.VBox([
            self.picker, self.horizon, self.surge, self.delay, self.reps,
            widgets.HTML(f"<b>{html.escape(t('ui.staffing', lang))}</b>"), self.staff_box,
            widgets.HBox([self.run_button, self.find_button, self.curve_button, self.cancel_button]),
            widgets.HBox([self.progress, self.progress_label]), self.status,
            self.kpis, self.roster_view, self.plots, self.curve_plot])

    # --- display ----------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # --- state --------------------------------------------------------------------------------------
    def _load(self, key):
        if key not in self._loaded:
            entry = self._entries[key]
            if isinstance(entry, (str, Path)):
                entry = load_scenario(entry)
            self._loaded[key] = entry
        return self._loaded[key]

    def _title(self, key) -> str:
        entry = self._entries[key]
        try:   # the title without validating the whole file
            title = (entry if not isinstance(entry, (str, Path)) else scenario_header(entry)).title.get(self.lang)
        except ScenarioError:  # a broken file still gets listed; loading it reports the problem
            return str(key)
        # The file's name helps find it from a terminal; a Chinese screen shows no ids.
        return f"{title} ({key})" if self.lang == "en" else title

    @property
    def scenario(self):
        """The scenario as simulated: the one picked, cut to the first day if chosen."""
        key = (self.picker.value, self.horizon.value)
        if key not in self._loaded:
            base = self._load(self.picker.value)
            if self.horizon.value and self.horizon.value < base.horizon:
                self._loaded[key] = derive_scenario(base, horizon=self.horizon.value)
            else:
                self._loaded[key] = base
        return self._loaded[key]

    def headcounts(self) -> dict[str, tuple[int, ...]]:
        """The roster the sliders show: team -> headcount per shift."""
        out: dict[str, list[int]] = {}
        for (team, _k), slider in self.sliders.items():
            out.setdefault(team, []).append(int(slider.value))
        return {team: tuple(v) for team, v in out.items()}

    def options(self, with_roster: bool = True):
        return CentreOptions(surge_multiplier=float(self.surge.value), activation_delay=float(self.delay.value),
                             record_log=False,
                             staffing_overrides={k: list(v) for k, v in self.headcounts().items()} if with_roster
                             else {})

    def set_headcounts(self, roster) -> None:
        for team, counts in roster.items():
            for k, n in enumerate(counts):
                slider = self.sliders.get((team, k))
                if slider is not None:
                    slider.max = max(slider.max, int(n))
                    slider.value = int(n)

    def _build_sliders(self) -> None:
        sc = self.scenario
        table = shift_table(sc, self.lang)
        self.sliders = {}
        rows = []
        for team, spec in sc.staffing.items():
            if not spec.shifts:
                continue
            name = html.escape(sc.plan.label("roles", team, self.lang))
            rows.append(widgets.HTML(f"<i>{name}</i>"))       # the plan's name for the team, never its id
            for r in table[table.team == team].itertuples():
                slider = widgets.IntSlider(value=int(r.staff), min=0, max=max(20, 3 * int(r.staff)),
                                           description=r.label, style=_WIDE, disabled=r.hours <= 0,
                                           layout=widgets.Layout(**_SLIDER))
                self.sliders[(team, int(r.shift))] = slider
                rows.append(slider)
        self.staff_box.children = rows

    def _on_pick(self, _change=None) -> None:
        try:
            self._build_sliders()
        except Exception as exc:  # noqa: BLE001 - e.g. "first day only" of a scenario whose warm-up is a day
            if self.horizon.value:
                self.horizon.value = 0.0      # back to the whole scenario (this handler runs again)
            self._error(exc)
            return
        self.result = self.last_run = self.curve_data = None
        self.kpis.value = self.roster_view.value = self.progress_label.value = ""
        self.plots.outputs = ()
        self.curve_plot.outputs = ()
        self.status.value = t("ui.ready", self.lang)

    def _error(self, exc: Exception) -> None:
        self.status.value = error_html(t("ui.error", self.lang, message=exc))

    # --- background jobs ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A Run, search or curve is under way."""
        return self._job is not None and self._job.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current job ends (scripts and tests; a notebook just watches). True when idle."""
        if self._job is not None:
            self._job.join(timeout)
        return not self.busy

    def cancel(self, _button=None) -> None:
        """Ask the current job to stop at its next check (between replications, between candidate rosters)."""
        if self.busy:
            self._stop.set()
            self.cancel_button.disabled = True
            self.progress_label.value = html.escape(t("ui.cancelling", self.lang))

    def _controls(self, enabled: bool, cancellable: bool = False) -> None:
        for w in (self.run_button, self.find_button, self.curve_button, self.picker, self.horizon):
            w.disabled = not enabled
        self.cancel_button.disabled = enabled or not cancellable

    def _launch(self, work: Callable[[], None], cancellable: bool) -> bool:
        """Start ``work`` in a background thread (one job at a time); errors end up in the status line."""
        if self.busy:
            self.status.value = html.escape(t("ui.busy", self.lang))
            return False
        self._stop.clear()
        self._controls(False, cancellable)

        def body() -> None:
            try:
                work()
            except Exception as exc:  # noqa: BLE001 - shown in the UI: the thread has nobody else to tell
                self._error(exc)
            finally:
                self._controls(True)

        self._job = threading.Thread(target=body, name="planner-job", daemon=True)
        self._job.start()
        return True

    # --- actions -------------------------------------------------------------------------------------
    def run(self, _button=None) -> bool:
        """Simulate the roster on the sliders (in the background): KPI table against the plan, backlog,
        first response over time and per severity, utilisation."""
        sc, opts, n = self.scenario, self.options(), int(self.reps.value)
        self.progress.max, self.progress.value = n, 0
        self.progress_label.value = ""
        self.status.value = html.escape(t("ui.running", self.lang, reps=n))
        return self._launch(lambda: self._run(sc, opts, n), cancellable=True)

    def _run(self, sc, opts, n: int) -> None:
        detail = simulate(sc, seed=sc.seed, replication=0, options=opts)   # replication 0, with its tables
        self.progress.value = 1
        runs = [detail.kpis]
        try:
            for kpis in self._replications(sc, opts, n):
                runs.append(kpis)
                self.progress.value += 1
        except Cancelled:
            self.status.value = html.escape(t("ui.run_cancelled", self.lang, done=len(runs), reps=n))
            return
        summary = summarise(pd.DataFrame(runs), sc.plan)
        self.kpis.value = kpi_table_html(summary, sc.plan, self.lang, only_targets=True)
        met, total, _ = kpi_tally(summary, sc.plan)
        self.last_run = (detail, summary)
        self.status.value = html.escape(t("ui.drawing", self.lang))
        show_figures(self.plots, [plots.backlog_and_queues(detail, self.lang),
                                plots.first_response_over_time(detail, self.lang),
                                plots.first_response_distribution(detail, self.lang),
                                plots.utilisation(detail.kpis, self.lang, plan=sc.plan)])
        self.status.value = html.escape(t("ui.ran", self.lang, met=met, total=total, reps=n,
                                          cost=roster_cost(sc, self.headcounts())))

    def _replications(self, sc, opts, n: int):
        """KPIs of replications 1..n-1, one at a time; stops (Cancelled) when Cancel is pressed."""
        ex = as_executor(self.executor)
        if ex is None:
            for i in range(1, n):
                if self._stop.is_set():
                    raise Cancelled
                yield run_kpis(sc, sc.seed, i, opts)
            return
        futures = [ex.submit(run_kpis, sc, sc.seed, i, opts) for i in range(1, n)]
        for fut in futures:
            if self._stop.is_set():
                for f in futures:
                    f.cancel()
                raise Cancelled
            yield fut.result()

    def find(self, _button=None) -> bool:
        """Search the cheapest roster meeting the plan's targets (with the surge and delay set), in the
        background with progress; the sliders then show it. Cancel stops it between candidate rosters."""
        sc, opts = self.scenario, self.options(with_roster=False)
        self._best, self._evaluated = None, 0
        self.progress.max, self.progress.value = len(SEARCH_STAGES), 0
        self.progress_label.value = ""
        self.status.value = html.escape(t("ui.searching_start", self.lang))
        return self._launch(lambda: self._find(sc, opts), cancellable=True)

    def _find(self, sc, opts) -> None:
        try:
            result = find_staffing(sc, reps=self.search_reps, verify_reps=self.verify_reps, executor=self.executor,
                                   options=opts, progress=self._on_progress, should_stop=self._stop.is_set,
                                   lang=self.lang)
        except SearchCancelled:
            self.status.value = html.escape(t("ui.search_cancelled", self.lang, evaluated=self._evaluated))
            return
        self.result = result
        self.set_headcounts(result.headcounts)
        self.progress.value = self.progress.max
        self.kpis.value = kpi_table_html(result.summary, sc.plan, self.lang, only_targets=True)
        self.roster_view.value = roster_html(result.roster, sc.plan, self.lang)
        self.progress_label.value = ""      # the status line says how the search ended
        self.status.value = html.escape(t("ui.found", self.lang, cost=result.cost, candidates=result.candidates,
                                          seconds=result.seconds))

    def _on_progress(self, info: dict) -> None:
        """find_staffing's progress callback: stage, rosters evaluated, the cheapest feasible cost so far."""
        self._evaluated = int(info.get("evaluated", 0))
        if info.get("feasible") and (self._best is None or info["cost"] < self._best):
            self._best = float(info["cost"])
        self.progress.value = max(self.progress.value, stage_index(info.get("stage", "")) + 1)
        self.progress_label.value = html.escape(search_progress_text(info, self._best, self.lang))

    def curve(self, _button=None) -> bool:
        """Staff vs share on time and abandoned for frontline around the sliders' roster, Erlang overlaid,
        and the frontline's need per hour against who is on duty (in the background)."""
        sc, opts, roster = self.scenario, self.options(with_roster=False), self.headcounts()
        self.progress.max, self.progress.value = 1, 0
        self.progress_label.value = ""
        self.status.value = html.escape(t("ui.curve_running", self.lang))
        return self._launch(lambda: self._curve(sc, opts, roster), cancellable=False)

    def _curve(self, sc, opts, roster) -> None:
        data = staffing_curve(sc, roster, reps=self.curve_reps, executor=self.executor, options=opts)
        warm = self.result.warm if self.result is not None and self.result.scenario is sc \
            else warm_start(sc, options=opts)
        self.curve_data = data
        self.progress.value = 1
        show_figures(self.curve_plot, [plots.staffing_curve(data, self.lang, warm=warm, scenario=sc, roster=roster)])
        self.status.value = html.escape(t("ui.curve_done", self.lang, points=data["delta"].nunique()))

    def need_view(self) -> widgets.Output:
        """The analytic warm start, instantly (no simulation): frontline's Erlang need per hour against the
        sliders' roster and the reserves the plan's activation brings."""
        sc = self.scenario
        out = widgets.Output()
        show_figures(out, [plots.staffing_need(warm_start(sc, options=self.options(with_roster=False)), sc,
                                             roster=self.headcounts(), lang=self.lang)])
        return out
