"""History: the organisation's own complaint exports in, a canonical table out, calibrated scenarios after.

A complaint desk already keeps its history: an export of tickets from a ticketing system or CRM, or of
calls from a telephony platform, as CSV or Excel. This package reads such an export into one table the
rest of the kit can trust, then (in the calibration modules) fits a scenario to it.

The import, in the order a row travels:

1. :mod:`sim.history.mapping` -- a small YAML file (or a shipped preset, ``tickets`` or ``calls``) says
   which export column holds which field, how its timestamps are written and in which time zone, and how
   its values (``电话``, ``产品质量``, ``P1``, ``非常满意``) map onto the plan's channels, categories,
   severity grades, teams and satisfaction.
2. :mod:`sim.history.read` -- :func:`~sim.history.read.load_history` reads the file with pandas, maps the
   columns in whole-column (vectorised) steps -- timestamps and their zones with :mod:`sim.history.times`,
   the row checks with :mod:`sim.history.checks` -- and gives every bad row exactly one problem line
   ``file:row: column: problem``; a summary counts rows read, kept and skipped per reason. Nothing is
   dropped silently; a row repeated identically is kept once and counted.
3. :mod:`sim.history.pseudonym` -- customer identifiers are replaced on import by a salted HMAC, so no
   raw identifier reaches the table, the problem lines or anything written from them.
4. :mod:`sim.history.table` -- the canonical table itself: one row per contact, fixed columns and dtypes,
   times in UTC. Calibration builds to this contract and to nothing else.

:mod:`sim.history.exports` works the other way round, for tests and calibration checks: it writes a
canonical table as a *messy* export in a preset's shape (missing fields, duplicated rows, mixed time-zone
notations, Chinese names, a few planted bad rows), so a round trip proves the import recovers what was put in.
No real customer data ships with the kit.
"""
from __future__ import annotations
