"""The trainer's side of the drills: cohorts, progress, results per plan step, re-scoring, and the
after-action report / improvement plan (HSEEP AAR/IP) as one self-contained HTML file.

    from sim.reports import load_cohort, write_aar
    data = load_cohort(store, cohort_id)
    write_aar(data, "aar.html", lang="zh", anonymise=True)
"""
from sim.i18n.reports import REPORT_STRINGS

_LAZY = {
    "load_cohort": "sim.reports.cohort", "CohortData": "sim.reports.cohort", "rescore_cohort": "sim.reports.cohort",
    "previous_cohort": "sim.reports.cohort", "build_aar": "sim.reports.aar", "write_aar": "sim.reports.aar",
    "export_csv": "sim.reports.aar", "TrainerApp": "sim.ui.trainer", "demo_store": "sim.reports.demo",
    "import_trainees": "sim.store.roster", "read_roster": "sim.store.roster",
}


def __getattr__(name):  # lazy: the store imports the strings without pulling in pandas or matplotlib
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim.reports' has no attribute {name!r}")


__all__ = ["REPORT_STRINGS", "CohortData", "TrainerApp", "build_aar", "demo_store", "export_csv", "import_trainees",
           "load_cohort", "previous_cohort", "read_roster", "rescore_cohort", "write_aar"]
