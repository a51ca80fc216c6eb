"""The trainer's side of the drills: a cohort's results read from the store, the analyses the dashboard
shows, and the after-action report / improvement plan (HSEEP AAR/IP) as one self-contained HTML file.

    cohort        a cohort's results (one row per trainee and assigned scenario), progress, scores per
                  plan step, last year's comparison, one trainee's drill-down, re-scoring
    findings      criteria met and missed, conduct flags, timeliness: the evidence behind the report
    aar           the AAR/IP document
    improvement   the improvement plan (HSEEP IP): issues, corrective actions, owners, dates
    export        CSV exports for spreadsheets
    html, plots   HTML fragments and figures shared by the dashboard and the report
    theme         the kit's colours (ratings, OK/BAD/MUTED), defined once
    centre_plots, kpi_table
                  figures and the KPI table of simulation and staffing runs
    demo          a scripted demo cohort (for notebooks and tests)

    from sim.reports import load_cohort, write_aar
    data = load_cohort(store, cohort_id)
    write_aar(data, "aar.html", anonymise=True)

The trainer's dashboard is :class:`sim.ui.trainer.TrainerApp` (the apps sit above the reports).
"""
from sim.i18n.reports import REPORT_STRINGS

_LAZY = {
    "load_cohort": "sim.reports.cohort", "CohortData": "sim.reports.cohort", "rescore_cohort": "sim.reports.cohort",
    "previous_cohort": "sim.reports.cohort", "build_aar": "sim.reports.aar", "write_aar": "sim.reports.aar",
    "export_csv": "sim.reports.export", "demo_store": "sim.reports.demo",
    "import_trainees": "sim.store.roster", "read_roster": "sim.store.roster",
}


def __getattr__(name):
    # pandas and matplotlib are imported on first use: sim.reports.theme (the colours) stays light for the apps.
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim.reports' has no attribute {name!r}")


__all__ = ["REPORT_STRINGS", "CohortData", "build_aar", "demo_store", "export_csv", "import_trainees",
           "load_cohort", "previous_cohort", "read_roster", "rescore_cohort", "write_aar"]
