"""The planner's widgets (``notebooks/10_planner.ipynb``): try a roster, find the fewest staff, see the curve.

All logic lives in ``sim`` (simulation, search, plots); this module only wires ipywidgets to it, so the
notebook stays a few lines and tests can drive the UI without a browser::

    app = PlannerApp(lang="en", reps=2)   # small replication counts by default; the sliders choose more
    app                                   # shows the UI in a notebook
    app.sliders[("frontline", 0)].value = 10
    app.run_button.click()                # handlers run synchronously
    app.find_button.click()               # sets the sliders to the cheapest roster found

Results are rendered into HTML widgets (KPI table, roster, status) and figures into Output widgets.
"""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from sim.format.errors import ScenarioError
from sim.format.library import scenario_files, scenario_header
from sim.format.load import load_scenario
from sim.i18n import check_language, t
from sim.reports import centre_plots as plots
from sim.reports.kpi_table import kpi_table
from sim.simulation.centre import CentreOptions
from sim.simulation.metrics import summarise
from sim.simulation.replication import as_executor, run_kpis, simulate
from sim.staffing import derive_scenario, find_staffing, roster_cost, shift_table, staffing_curve, warm_start
from sim.ui.theme import error_html


def library_scenarios() -> dict[str, Path]:
    """Scenario files of the library (validation models last), by file stem."""
    return {p.stem: p for p in scenario_files(validation=True)}


class PlannerApp:
    """Pick a scenario, set headcounts per team and shift, the surge and the activation delay; run it, find
    the fewest staff meeting the plan's targets, and draw the staffing curve with the Erlang overlay.

    ``scenario``: a path, a loaded Scenario, or None (the flagship, else the first in the library).
    ``reps``: replications per Run (the slider's start value); ``search_reps`` / ``verify_reps``: of the
    search; ``curve_reps``: per point of the staffing curve. ``executor``: any concurrent.futures
    Executor or a distributed.Client for the search and the curve (default: a local process pool).
    """

    def __init__(self, scenario=None, *, lang: str = "en", reps: int = 2, search_reps: int = 3,
                 verify_reps: int = 4, curve_reps: int = 2, executor=None, library: dict | None = None):
        self.lang = check_language(lang)
        self.search_reps, self.verify_reps, self.curve_reps = search_reps, verify_reps, curve_reps
        self.executor = executor
        self._loaded: dict = {}
        entries = dict(library) if library is not None else library_scenarios()
        if scenario is not None and not isinstance(scenario, (str, Path)):
            key = f"{scenario.id}"
            entries = {key: scenario, **{k: v for k, v in entries.items() if k != key}}
            first = key
        elif scenario is not None:
            first = Path(scenario).stem
            entries = {first: Path(scenario), **{k: v for k, v in entries.items() if k != first}}
        else:
            first = "product_defect_surge" if "product_defect_surge" in entries else next(iter(entries))
        self._entries = entries
        self.result = None          # the last StaffingResult
        self.last_run = None        # (SimulationResult, KPI summary) of the last Run
        self.curve_data = None

        self.picker = widgets.Dropdown(options=[(self._title(k), k) for k in entries], value=first,
                                       description=t("ui.scenario", lang), layout=widgets.Layout(width="560px"),
                                       style={"description_width": "140px"})
        self.horizon = widgets.Dropdown(options=[(t("ui.horizon.whole", lang), 0.0),
                                                 (t("ui.horizon.day", lang), 1440.0)], value=0.0,
                                        description=t("ui.horizon", lang), style={"description_width": "140px"})
        self.surge = widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description=t("ui.surge", lang),
                                         style={"description_width": "140px"})
        self.delay = widgets.IntSlider(value=0, min=0, max=240, step=10, description=t("ui.delay", lang),
                                       style={"description_width": "140px"})
        self.reps = widgets.IntSlider(value=reps, min=1, max=50, description=t("ui.reps", lang),
                                      style={"description_width": "140px"})
        self.sliders: dict[tuple[str, int], widgets.IntSlider] = {}
        self.staff_box = widgets.VBox()
        self.run_button = widgets.Button(description=t("ui.run", lang), button_style="primary", icon="play")
        self.find_button = widgets.Button(description=t("ui.find", lang), button_style="success", icon="search",
                                          layout=widgets.Layout(width="220px"))
        self.curve_button = widgets.Button(description=t("ui.curve", lang), icon="line-chart")
        self.progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="560px"))
        self.status = widgets.HTML(t("ui.ready", lang))
        self.kpis = widgets.HTML()
        self.roster_view = widgets.HTML()
        self.plots = widgets.Output()
        self.curve_plot = widgets.Output()
        self.run_button.on_click(self.run)
        self.find_button.on_click(self.find)
        self.curve_button.on_click(self.curve)
        self.picker.observe(self._on_pick, names="value")
        self.horizon.observe(self._on_pick, names="value")
        self._build_sliders()
        self.widget = widgets.VBox([
            self.picker, self.horizon, self.surge, self.delay, self.reps,
            widgets.HTML(f"<b>{html.escape(t('ui.staffing', lang))}</b>"), self.staff_box,
            widgets.HBox([self.run_button, self.find_button, self.curve_button]), self.progress, self.status,
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
        if not isinstance(entry, (str, Path)):
            return f"{entry.title.get(self.lang)} ({key})"
        try:   # the title without validating the whole file
            return f"{scenario_header(entry).title.get(self.lang)} ({key})"
        except ScenarioError:  # a broken file still gets listed; loading it reports the problem
            return str(key)

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
        table = shift_table(sc)
        self.sliders = {}
        rows = []
        for team, spec in sc.staffing.items():
            if not spec.shifts:
                continue
            name = sc.plan.label("roles", team, self.lang)
            rows.append(widgets.HTML(f"<i>{html.escape(name)}</i> ({html.escape(team)})"))
            for r in table[table.team == team].itertuples():
                slider = widgets.IntSlider(value=int(r.staff), min=0, max=max(20, 3 * int(r.staff)),
                                           description=r.label, style={"description_width": "140px"},
                                           disabled=r.hours <= 0)
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
        self.kpis.value = self.roster_view.value = ""
        self.plots.outputs = ()
        self.curve_plot.outputs = ()
        self.status.value = t("ui.ready", self.lang)

    def _show(self, output: widgets.Output, figures) -> None:
        output.outputs = ()            # (clear_output() would also write terminal escapes outside a kernel)
        for fig in figures:
            output.append_display_data(fig)
            plt.close(fig)

    def _error(self, exc: Exception) -> None:
        self.status.value = error_html(t("ui.error", self.lang, message=exc))

    # --- actions -------------------------------------------------------------------------------------
    def run(self, _button=None):
        """Simulate the roster on the sliders: KPI table against the plan, first response over time and
        per severity."""
        sc, opts, n = self.scenario, self.options(), int(self.reps.value)
        self.progress.max, self.progress.value = n, 0
        self.status.value = t("ui.running", self.lang, reps=n)
        try:
            detail = simulate(sc, seed=sc.seed, replication=0, options=opts)   # replication 0, with its tables
            self.progress.value = 1
            runs = [detail.kpis]
            ex = as_executor(self.executor)
            if ex is not None:
                futures = [ex.submit(run_kpis, sc, sc.seed, i, opts) for i in range(1, n)]
                for fut in futures:
                    runs.append(fut.result())
                    self.progress.value += 1
            else:
                for i in range(1, n):
                    runs.append(run_kpis(sc, sc.seed, i, opts))
                    self.progress.value += 1
            summary = summarise(pd.DataFrame(runs), sc.plan)
        except Exception as exc:  # noqa: BLE001 - shown in the UI
            self._error(exc)
            return None
        text, met, total = kpi_table(summary, sc.plan, self.lang, only_targets=True)
        self.kpis.value = f"<pre>{html.escape(text)}</pre>"
        self.status.value = html.escape(t("ui.ran", self.lang, met=met, total=total, reps=n,
                                          cost=roster_cost(sc, self.headcounts())))
        self.last_run = (detail, summary)
        self._show(self.plots, [plots.first_response_over_time(detail, self.lang),
                                plots.first_response_distribution(detail, self.lang)])
        return summary

    def _candidate(self, row: dict) -> None:
        n = int(row["candidate"])
        self.progress.max = max(self.progress.max, n + 5)
        self.progress.value = n
        status = t("ui.met", self.lang) if row["met"] else t("ui.missed", self.lang)
        self.status.value = html.escape(t("ui.searching", self.lang, n=n, cost=row["cost"], status=status))

    def find(self, _button=None):
        """Search the cheapest roster meeting the plan's targets (with the surge and delay set); the sliders
        then show it."""
        sc = self.scenario
        self.progress.max, self.progress.value = 20, 0
        try:
            result = find_staffing(sc, reps=self.search_reps, verify_reps=self.verify_reps, executor=self.executor,
                                   progress=False, options=self.options(with_roster=False),
                                   on_candidate=self._candidate, lang=self.lang)
        except Exception as exc:  # noqa: BLE001 - shown in the UI
            self._error(exc)
            return None
        self.result = result
        self.set_headcounts(result.headcounts)
        self.progress.value = self.progress.max
        text, _, _ = kpi_table(result.summary, sc.plan, self.lang, only_targets=True)
        self.kpis.value = f"<pre>{html.escape(text)}</pre>"
        self.roster_view.value = result.roster.drop(columns=["searched"]).to_html(index=False, float_format="{:,.0f}".format)
        self.status.value = html.escape(t("ui.found", self.lang, cost=result.cost, candidates=result.candidates,
                                          seconds=result.seconds))
        return result

    def curve(self, _button=None):
        """Staff vs share on time and abandoned for frontline around the sliders' roster, Erlang overlaid."""
        sc, opts = self.scenario, self.options(with_roster=False)
        self.progress.max, self.progress.value = 1, 0
        try:
            data = staffing_curve(sc, self.headcounts(), reps=self.curve_reps, executor=self.executor, options=opts)
            warm = self.result.warm if self.result is not None and self.result.scenario is sc \
                else warm_start(sc, options=opts)
        except Exception as exc:  # noqa: BLE001 - shown in the UI
            self._error(exc)
            return None
        self.curve_data = data
        self.progress.value = 1
        self._show(self.curve_plot, [plots.staffing_curve(data, self.lang, warm=warm)])
        self.status.value = html.escape(t("ui.curve_done", self.lang, points=data["delta"].nunique()))
        return data
