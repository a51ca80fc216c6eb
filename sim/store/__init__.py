"""Durable drill results: the database schema, the results store (trainees, cohorts, attempts,
append-only answers, scores) and trainee rosters. Imports nothing from reports or ui.
"""
