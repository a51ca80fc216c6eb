"""Reading an export's timestamps into UTC, whole columns at a time, whatever zone notation each value uses.

Exports mix notations, sometimes in one column: ``2026-03-02 08:00:00`` (local, naive),
``2026-03-02T00:00:00Z``, ``2026-03-02 08:00 +08:00``, ``2026/03/02 08:00`` or ``2026年3月2日 08:00``.
Each value is read in three whole-column steps, never a Python loop over rows:

1. an offset written after the time (``Z``, ``UTC``, ``+08:00``, ``+0800``, ``GMT+8``) is split off;
2. the rest is read as ISO 8601, then with each of the mapping's formats in turn, each on what is still
   unread;
3. a value with its own offset is shifted by it; a naive one takes its row's zone (a per-row column of
   offsets or IANA names) or else the mapping's zone.

A naive local time near a daylight-saving change may be *ambiguous* (the hour repeated in autumn: the
mapping says ``earlier``, ``later`` or ``problem``) or *non-existent* (the hour skipped in spring: always a
problem, since no clock showed it). Each value ends with a status: :data:`OK` (or empty) or the reason it
could not be read.

    >>> s = pd.Series(["2026-03-02 08:00", "2026-03-02T00:00:00Z", "2026-03-02 09:00+09:00", "", "soon"])
    >>> when, status = to_utc(s, zone="Asia/Shanghai")
    >>> [str(w) for w in when], list(status)
    (['2026-03-02 00:00:00+00:00', '2026-03-02 00:00:00+00:00', '2026-03-02 00:00:00+00:00', 'NaT', 'NaT'], ['ok', 'ok', 'ok', 'ok', 'bad_time'])
"""
from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

OK = "ok"
BAD_TIME = "bad_time"             # not a timestamp in any accepted format
TIME_GAP = "time_gap"             # a local time skipped by a daylight-saving change
TIME_AMBIGUOUS = "time_ambiguous" # a local time repeated by a daylight-saving change (when the mapping says so)
NO_ZONE = "no_zone"               # a naive time with no zone to read it in
BAD_ZONE = "bad_zone"             # the row's zone column holds neither an offset nor a zone name

_OFFSET_ALONE = re.compile(r"^(?:(?P<z>[Zz]|UTC|GMT)|(?:UTC|GMT)?\s*(?P<sign>[+-])(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?)$")
_MAX_OFFSET_MINUTES = 14 * 60     # the widest offset in use (UTC+14)


def strings(values: pd.Series | np.ndarray) -> np.ndarray:
    """Text as a numpy ``StringDType`` array, stripped: numpy's string functions run in C over a whole
    column, where pandas' ``.str`` methods (without pyarrow) call Python once per value."""
    return np.strings.strip(np.asarray(pd.Series(values).fillna("").astype(object).to_numpy(), dtype=StringDType()))


def split_offset(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the timestamp without its offset, the offset in minutes east of UTC or NaN) for each stripped value.

    An offset counts only after a time of day (a ':' before it), so the "-02" ending the date 2026-03-02
    is not read as one; a value with an offset beyond +-14 h (or garbled) gets an empty body: unreadable.

    >>> body, minutes = split_offset(strings(["2026-03-02 08:00+08:00", "2026-03-02T00:00Z", "2026-03-02",
    ...                                       "2026-03-02 08:00 GMT-0530", "2026-03-02 08:00 +99:00"]))
    >>> body.tolist(), minutes.tolist()
    (['2026-03-02 08:00', '2026-03-02T00:00', '2026-03-02', '2026-03-02 08:00', ''], [480.0, 0.0, nan, -330.0, nan])
    """
    body = text.copy()
    offset = np.full(len(text), np.nan)
    colon = np.strings.find(text, ":")
    timed = colon >= 0
    for suffix in ("Z", "z", "UTC", "GMT"):
        ends = timed & np.isnan(offset) & np.strings.endswith(text, suffix)
        if ends.any():
            body[ends] = np.strings.rstrip(np.strings.slice(text[ends], 0, -len(suffix)))
            offset[ends] = 0.0
    plus, minus = np.strings.rfind(text, "+"), np.strings.rfind(text, "-")
    signed = timed & np.isnan(offset) & (np.maximum(plus, minus) > colon)
    if signed.any():
        sub, at = text[signed], np.maximum(plus, minus)[signed]
        head = np.strings.rstrip(np.strings.slice(sub, 0, at))
        for prefix in ("UTC", "GMT"):                       # GMT+8, UTC-05:00
            named = np.strings.endswith(head, prefix)
            head[named] = np.strings.rstrip(np.strings.slice(head[named], 0, -len(prefix)))
        digits = np.strings.replace(np.strings.slice(sub, at + 1, None), ":", "")
        size = np.strings.str_len(digits)
        ok = np.strings.isdigit(digits) & (size >= 1) & (size <= 4)
        number = np.where(ok, digits, "0").astype(np.int64)
        hours, mins = np.where(size <= 2, number, number // 100), np.where(size <= 2, 0, number % 100)
        minutes = np.where(plus[signed] > minus[signed], 1, -1) * (hours * 60 + mins)
        ok &= (mins < 60) & (np.abs(minutes) <= _MAX_OFFSET_MINUTES)
        offset[signed] = np.where(ok, minutes, np.nan)
        body[signed] = np.where(ok, head, "")
    return body, offset


def parse_naive(body: pd.Series, formats: Sequence[str] = ()) -> pd.Series:
    """Wall-clock times (naive ``datetime64[ns]``) from text without an offset: ISO 8601, then each format."""
    out = pd.to_datetime(body, format="ISO8601", errors="coerce")
    for fmt in formats:
        todo = out.isna() & (body != "")
        if not todo.any():
            break
        out = out.where(~todo, pd.to_datetime(body[todo], format=fmt, errors="coerce"))
    return out.astype("datetime64[ns]")


def _localise(naive: pd.Series, zone: str, ambiguous: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Naive times read in ``zone`` as UTC; with the rows that never existed there and the ambiguous ones."""
    index = pd.DatetimeIndex(naive)
    earlier = index.tz_localize(zone, ambiguous=np.ones(len(index), bool), nonexistent="NaT")
    later = index.tz_localize(zone, ambiguous=np.zeros(len(index), bool), nonexistent="NaT")
    gap = naive.notna().to_numpy() & earlier.isna()
    twice = ~gap & naive.notna().to_numpy() & (earlier != later)
    chosen = later if ambiguous == "later" else earlier
    utc = pd.Series(chosen.tz_convert("UTC"), index=naive.index)
    return utc, pd.Series(gap, index=naive.index), pd.Series(twice, index=naive.index)


def zone_of_rows(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A per-row zone column read as (offset minutes or NaN, IANA name or None, bad) for each row. A zone
    column holds few distinct values, so each distinct value is read once."""
    codes, uniques = pd.factorize(pd.Series(strings(values).astype(object), index=values.index))
    offsets, names, bad = [], [], []
    for value in uniques:
        match = _OFFSET_ALONE.match(value)
        minutes = np.nan
        if match and match["z"]:
            minutes = 0.0
        elif match:
            minutes = (1 if match["sign"] == "+" else -1) * (int(match["hh"]) * 60 + int(match["mm"] or 0))
        known = True
        if match is None and value:
            try:
                zoneinfo.ZoneInfo(value)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                known = False
        wide = match is not None and abs(minutes) > _MAX_OFFSET_MINUTES
        offsets.append(np.nan if wide else minutes)
        names.append(value if match is None and value and known else None)
        bad.append(wide or not known)

    def take(per_value: list, missing: Any, dtype: Any) -> pd.Series:
        # code -1 (an empty cell) picks the value appended last: the missing one
        return pd.Series(np.asarray([*per_value, missing], dtype=dtype)[codes], index=values.index)

    return take(offsets, np.nan, float), take(names, None, object), take(bad, False, bool)


def to_utc(values: pd.Series, *, zone: str | None = None, formats: Sequence[str] = (),
           row_zone: tuple[pd.Series, pd.Series, pd.Series] | None = None,
           ambiguous: str = "earlier") -> tuple[pd.Series, pd.Series]:
    """Text timestamps as ``datetime64[ns, UTC]`` and a status per value (:data:`OK` for empty ones too)."""
    text = strings(values)
    empty = pd.Series(text == "", index=values.index)
    body_text, minutes = split_offset(text)
    body = pd.Series(body_text.astype(object), index=values.index)
    written = pd.Series(minutes, index=values.index)
    naive = parse_naive(body, formats)
    status = pd.Series(OK, index=values.index, dtype=object)
    status[~empty & naive.isna()] = BAD_TIME          # an empty body from split_offset lands here too
    utc = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")

    def shifted(mask: pd.Series, minutes: pd.Series) -> None:
        if mask.any():
            local = naive[mask] - pd.to_timedelta(minutes[mask], unit="min")
            utc[mask] = local.dt.tz_localize("UTC")

    readable = naive.notna()
    shifted(readable & written.notna(), written)
    naive_rows = readable & written.isna()
    if row_zone is not None:
        offsets, names, bad = row_zone
        shifted(naive_rows & offsets.notna(), offsets)
        status[naive_rows & bad] = BAD_ZONE
        for name in names[naive_rows].dropna().unique():
            mask = naive_rows & (names == name)
            _assign_local(utc, status, naive, mask, name, ambiguous)
        naive_rows = naive_rows & offsets.isna() & names.isna() & ~bad
    if zone is not None:
        _assign_local(utc, status, naive, naive_rows, zone, ambiguous)
    else:
        status[naive_rows] = NO_ZONE
    return utc, status


def _assign_local(utc: pd.Series, status: pd.Series, naive: pd.Series, mask: pd.Series, zone: str,
                  ambiguous: str) -> None:
    if not mask.any():
        return
    local, gap, twice = _localise(naive[mask], zone, ambiguous)
    utc[mask] = local
    status[gap[gap].index] = TIME_GAP
    if ambiguous == "problem":
        status[twice[twice].index] = TIME_AMBIGUOUS
        utc[twice[twice].index] = pd.NaT
