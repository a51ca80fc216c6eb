"""Durable drill results: where a trainee's answers are kept and a trainer's cohorts are organised.

    schema    the database tables and the connection (SQLite in WAL mode with BEGIN IMMEDIATE, or PostgreSQL)
    results   the Store: trainees, attempts, append-only answers, drafts, scores, command-drill runs
    cohorts   cohorts, their members and assignments, and which results count for a cohort
    roster    importing a cohort's trainees from a CSV file
    overrides trainers' overrides of reply points (append-only; the latest per prompt counts)

The store implements the drill layer's attempt log (:class:`sim.drill.attempts.AttemptLog`) and hands
back plain records; it knows nothing of sessions, scoring, reports or apps.
"""
