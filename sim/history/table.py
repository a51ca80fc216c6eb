"""The canonical history table: one row per contact (a ticket or a call), the same columns whatever the export.

Every importer produces this table and every calibration step consumes it, so the contract lives here and
only here. Times are timezone-aware UTC (``datetime64[ns, UTC]``) because exports mix local times, offsets
and ``Z`` suffixes; converting once on import means no later step has to think about zones. Optional
fields use pandas' missing values (``<NA>``, ``NaT``) rather than sentinels, so "not recorded" never
reads as a value.

===============  =========================  ===========================================================
column           dtype                      meaning
===============  =========================  ===========================================================
contact_id       string                     the export's ticket or call id (a repeated row kept once)
customer         string (NA allowed)        "c" + 16 hex chars of HMAC-SHA256(salt, raw id), never raw
channel          string                     a scenario channel name (phone, email, web, social, ...)
category         string (NA allowed)        a plan category id
severity         string (NA allowed)        a plan severity grade id (from the export's priority)
team             string (NA allowed)        a team name
created          datetime64[ns, UTC]        ticket created / call offered
first_response   datetime64[ns, UTC] (NaT)  first reply / call answered
resolved         datetime64[ns, UTC] (NaT)  solved / closed
abandoned        datetime64[ns, UTC] (NaT)  the caller hung up before an answer (first_response NaT)
satisfied        boolean (NA allowed)       satisfaction as the mapping's rule reads it
source_row       int64                      1-based row in the source file (header = row 1)
===============  =========================  ===========================================================

``table.attrs["period"]`` is ``(start, end)`` as UTC Timestamps (the mapping's period, else the first and
last ``created``); ``table.attrs["source"]`` is the export's path as a string.
"""
from __future__ import annotations

import pandas as pd

UTC_TIME = "datetime64[ns, UTC]"

#: Column name -> pandas dtype, in the table's order.
COLUMNS: dict[str, str] = {
    "contact_id": "string",
    "customer": "string",
    "channel": "string",
    "category": "string",
    "severity": "string",
    "team": "string",
    "created": UTC_TIME,
    "first_response": UTC_TIME,
    "resolved": UTC_TIME,
    "abandoned": UTC_TIME,
    "satisfied": "boolean",
    "source_row": "int64",
}

TIME_COLUMNS: tuple[str, ...] = ("created", "first_response", "resolved", "abandoned")
TEXT_COLUMNS: tuple[str, ...] = ("contact_id", "customer", "channel", "category", "severity", "team")
#: Columns that may never be missing: a contact without an id, a channel or an arrival time is no contact.
REQUIRED: tuple[str, ...] = ("contact_id", "channel", "created", "source_row")


def empty_table() -> pd.DataFrame:
    """A 0-row canonical table with the right dtypes (and an empty period)."""
    table = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in COLUMNS.items()})
    table.attrs["period"] = (pd.NaT, pd.NaT)
    table.attrs["source"] = ""
    return table


def check_table(table: pd.DataFrame) -> None:
    """Raise ValueError naming the first column that breaks the contract (missing, extra, wrong dtype, gaps)."""
    names = list(table.columns)
    for name in COLUMNS:
        if name not in names:
            raise ValueError(f"history table: column {name!r} is missing")
    extra = [name for name in names if name not in COLUMNS]
    if extra:
        raise ValueError(f"history table: column {extra[0]!r} is not part of the table")
    if names != list(COLUMNS):
        raise ValueError(f"history table: columns are out of order, expected {list(COLUMNS)}")
    for name, dtype in COLUMNS.items():
        actual = str(table[name].dtype)
        if actual != dtype:
            raise ValueError(f"history table: column {name!r} has dtype {actual}, expected {dtype}")
    for name in REQUIRED:
        if table[name].isna().any():
            raise ValueError(f"history table: column {name!r} has missing values")
    if table["contact_id"].duplicated().any():
        raise ValueError("history table: column 'contact_id' has duplicated ids")
    answered_and_abandoned = table["first_response"].notna() & table["abandoned"].notna()
    if answered_and_abandoned.any():
        raise ValueError("history table: column 'abandoned' is set on contacts that were answered")
