"""Durable drill results: where a trainee's answers are kept and a trainer's cohorts are organised.

    schema    the database tables and the connection (SQLite in WAL mode with BEGIN IMMEDIATE, or PostgreSQL)
    errors    StoreError, and database URLs shown with their password masked (no SQLAlchemy: the CLI uses it)
    text      what text the store keeps: the same on SQLite and PostgreSQL
    queue     SQLite's writers in line, first come, first served (bounded latency under many writers)
    results   the Store: trainees, attempts, append-only answers, drafts, scores, command-drill runs
    cohorts   cohorts, their members and assignments, and which results count for a cohort
    roster    importing a cohort's trainees from a CSV file
    overrides trainers' overrides of reply points (append-only; the latest per prompt counts)

The store implements the drill layer's attempt log (:class:`sim.drill.attempts.AttemptLog`) and hands
back plain records; it knows nothing of sessions, scoring, reports or apps.
"""
