"""The trainer's side of the drills: a cohort's results read from the store, the analyses the dashboard
shows, and the after-action report / improvement plan (HSEEP AAR/IP) as one self-contained HTML file.

    cohort        a cohort's results (one row per trainee and assigned scenario), progress, scores per
                  plan step, last year's comparison, one trainee's drill-down, re-scoring
    findings      criteria met and missed, conduct flags, timeliness: the evidence behind the report
    aar           the AAR/IP document
    improvement   the improvement plan (HSEEP IP): issues, corrective actions, owners, dates
    export        CSV exports for spreadsheets
    html, plots   HTML fragments and figures shared by the dashboard and the report
    markup        the pieces those fragments are built from: style sheet, escaping, tags, tables, quotes
    replies       a scored reply with its evidence marked; the trainers' overrides, listed
    overrides     a trainer overrides a reply's points: checked, kept with who and when, the attempt re-scored
    theme         the kit's colours (ratings, OK/BAD/MUTED) and the rating badge, defined once
    centre_plots, kpi_table
                  figures and the KPI table of simulation and staffing runs
    demo          a scripted demo cohort (for notebooks and tests)

    from sim.reports.aar import write_aar
    from sim.reports.cohort import load_cohort
    data = load_cohort(store, cohort_id)
    write_aar(data, "aar.html", anonymise=True)

The trainer's dashboard is :class:`sim.ui.trainer.TrainerApp` (the apps sit above the reports). The
package itself imports nothing: pandas and matplotlib load with the module that needs them, so
:mod:`sim.reports.theme` (the colours) stays light for the apps.
"""
