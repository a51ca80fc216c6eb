"""Loading a history export (CSV or Excel) into the canonical table, with every bad row accounted for.

:func:`load_history` reads the file as text, finds each field's column by the mapping, and reads whole
columns at a time (times with :mod:`sim.history.times`, values through the mapping's maps, customer ids
through :mod:`sim.history.pseudonym`). Then it checks the rows (:mod:`sim.history.checks`), in this order,
and gives each bad row one problem line, ``file:row: column: problem``, for the first thing wrong with it:

1. a blank row, or a row repeated identically, is counted (kept once) and needs no line;
2. a required value missing (id, created, channel), a time that cannot be read or never existed, an
   unknown zone, channel, category, severity or team value, an unreadable satisfaction answer;
3. times out of order (a reply or resolution before the contact was created); a call both answered and
   abandoned, or neither;
4. an id already kept from an earlier row with different content (the earlier row is kept);
5. a contact created outside the mapping's period is counted, not kept, and is not a problem.

The summary adds up: ``rows`` = ``kept`` + ``duplicate_rows`` + ``blank`` + the sum of ``skipped``; no row
is dropped without being counted. Only the rows with problems are visited one by one: a 50 000-row CSV
loads in about a second of CPU, a workbook in about two and a half with python-calamine installed (openpyxl,
pandas' fallback, takes about fifteen).

``row`` is the spreadsheet's row number: the header is row 1, the first contact row 2.
"""
from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.format.errors import Problem, ScenarioError
from sim.format.messages import shown
from sim.history import times
from sim.history.checks import (
    BadRows,
    flag_times,
    map_values,
    problem_lines,
    read_satisfaction,
    resolve_duplicate_ids,
)
from sim.history.mapping import MAPPED_FIELDS, ColumnMapping, load_mapping
from sim.history.pseudonym import pseudonymise, salt_for
from sim.history.table import COLUMNS, TIME_COLUMNS, empty_table
from sim.i18n import t

SUFFIXES = (".csv", ".xlsx")
_ORDER = (("first_response", "created"), ("resolved", "created"), ("abandoned", "created"),
          ("resolved", "first_response"))


class HistoryError(ScenarioError):
    """An export that cannot be read at all (one line each, in English and Chinese; exit status 2)."""


@dataclass(frozen=True)
class History:
    """An imported export: the canonical ``table``, one ``problems`` line per bad row, the ``summary``."""
    table: pd.DataFrame
    problems: list[str]
    summary: dict[str, Any]
    mapping: ColumnMapping
    lang: str = "en"

    def summary_lines(self, lang: str | None = None) -> list[str]:
        """The summary as lines a planner reads (rows read and kept, then each reason rows were not kept)."""
        lang = lang or self.lang
        s = self.summary
        lines = [t("history.summary.read", lang, path=s["source"], rows=s["rows"], kept=s["kept"])]
        if s["duplicate_rows"]:
            lines.append(t("history.summary.duplicates", lang, count=s["duplicate_rows"]))
        if s["blank"]:
            lines.append(t("history.summary.blank", lang, count=s["blank"]))
        for reason, count in s["skipped"].items():
            lines.append(t("history.summary.skipped", lang, count=count, reason=t(f"history.reason.{reason}", lang)))
        for name, (value, count) in s["fallback"].items():
            lines.append(t("history.summary.fallback", lang, count=count, value=value,
                           field=t(f"history.field.{name}", lang)))
        start, end = self.table.attrs.get("period", (pd.NaT, pd.NaT))
        if pd.notna(start):
            lines.append(t("history.summary.period", lang, start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%Y-%m-%d %H:%M}"))
        return lines


def _fail(where: str, column: str, key: str, **params: Any) -> HistoryError:
    return HistoryError([Problem(where, None, column, t(key, "en", **params), zh=t(key, "zh", **params))])


def excel_engine() -> str:
    """python-calamine (Rust) when installed: it reads a 50 000-row workbook about ten times faster than
    openpyxl, which pandas uses otherwise."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return "openpyxl"
    return "calamine"


def read_frame(path: Path, mapping: ColumnMapping, where: str) -> pd.DataFrame:
    """Every cell of the export as text ("" when empty), rows in file order (stripped later, column by column,
    only for the columns the mapping uses)."""
    if not path.exists():
        raise _fail(where, "", "history.err.not_found")
    if not stat.S_ISREG(path.stat().st_mode):
        raise _fail(where, "", "history.err.not_regular")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _fail(where, "", "history.err.suffix", suffix=suffix or "?")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False,
                                encoding=mapping.encoding)
        else:
            frame = pd.read_excel(path, sheet_name=mapping.sheet, dtype=str, keep_default_na=False,
                                  na_filter=False, engine=excel_engine())
    except UnicodeDecodeError:
        raise _fail(where, "", "history.err.encoding", encoding=mapping.encoding) from None
    except Exception as exc:  # noqa: BLE001 -- pandas and openpyxl raise many kinds; the user needs one line, not a traceback
        raise _fail(where, "", "history.err.unreadable", error=str(exc).splitlines()[0][:200] or
                    type(exc).__name__) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.fillna("")


def _columns(frame: pd.DataFrame, mapping: ColumnMapping, where: str) -> dict[str, str]:
    """field -> the export header used for it; HistoryError for a required field the file lacks."""
    headers: dict[str, str] = {}
    for header in frame.columns:
        headers.setdefault(header.casefold(), header)
    used = {}
    for name, candidates in mapping.columns:
        found = next((headers[c.strip().casefold()] for c in candidates if c.strip().casefold() in headers), None)
        if found is not None:
            used[name] = found
        elif candidates and (name in ("contact_id", "created") or (name == "channel" and
                                                                   mapping.default_for("channel") is None)):
            raise _fail(where, "", "history.err.no_column", names=" / ".join(repr(c) for c in candidates),
                        found=", ".join(repr(h) for h in frame.columns[:20]))
    return used


def load_history(path: str | Path, mapping: str | Path | ColumnMapping, *, salt: bytes | str | None = None,
                 lang: str = "en") -> History:
    """Read ``path`` (.csv or .xlsx) with ``mapping`` (a YAML file, a preset name or a ColumnMapping).

    ``salt`` pseudonymises customer ids (default: :func:`sim.history.pseudonym.salt_for`). HistoryError if
    the file cannot be read at all; otherwise every bad row is in ``problems`` and counted in ``summary``."""
    mapping = load_mapping(mapping)
    where = str(path)
    frame = read_frame(Path(path), mapping, where)
    used = _columns(frame, mapping, where)
    n = len(frame)
    rows = BadRows(n)
    text = {name: pd.Series(times.strings(frame[header]).astype(object), index=frame.index)
            for name, header in used.items()}
    empty = pd.Series("", index=frame.index)

    def cell(name: str) -> pd.Series:
        return text.get(name, empty)

    blank = frame.eq("").all(axis=1).to_numpy() if len(frame.columns) else np.ones(n, bool)
    repeated = pd.DataFrame(text).duplicated(keep="first").to_numpy() & ~blank
    rows.bad |= blank | repeated                  # counted in the summary, no line: the first copy speaks for both

    rows.flag(cell("contact_id") == "", "missing", used["contact_id"])
    when, status = {}, {}
    row_zone = times.zone_of_rows(text["zone"]) if "zone" in text else None
    _check_zone_needed(text, mapping, row_zone, where)
    for name in TIME_COLUMNS:
        if name in text:
            when[name], status[name] = times.to_utc(text[name], zone=mapping.time.zone, formats=mapping.time.formats,
                                                    row_zone=row_zone, ambiguous=mapping.time.ambiguous)
        else:
            when[name] = pd.Series(pd.NaT, index=frame.index, dtype=COLUMNS[name])
            status[name] = pd.Series(times.OK, index=frame.index)
    rows.flag(cell("created") == "", "missing", used["created"])
    flag_times(rows, "created", status, text, used, mapping)
    raw = {name: cell(name).where(cell(name) != "", mapping.default_for(name) or "") for name in MAPPED_FIELDS}
    rows.flag(raw["channel"] == "", "missing", used.get("channel", "channel"))
    mapped, fallback = {}, {}
    for name in MAPPED_FIELDS:
        mapped[name], unknown, fallback_mask = map_values(raw[name], mapping, name)
        if fallback_mask.any():
            fallback[name] = (mapping.fallback_for(name) or "", fallback_mask)
        rows.flag(unknown, "unknown_value", used.get(name, name),
                  lambda i, name=name: {"value": shown(raw[name].iat[i]), "key": name,
                                        "field": t(f"history.field.{name}", lang)})
        if name == "channel":                     # then the other times, before the optional fields
            for other in ("first_response", "resolved", "abandoned"):
                flag_times(rows, other, status, text, used, mapping)
    satisfied = read_satisfaction(rows, cell("satisfaction"), mapping, used.get("satisfaction", ""))
    for later, earlier in _ORDER:
        if later in text and earlier in text:
            rows.flag(when[later] < when[earlier], "order", used[later],
                      lambda i, later=later, earlier=earlier: {"value": shown(cell(later).iat[i]),
                                                               "other": t(f"history.field.{earlier}", lang),
                                                               "other_value": shown(cell(earlier).iat[i])})
    if mapping.kind == "calls":
        answered, gave_up = when["first_response"].notna(), when["abandoned"].notna()
        rows.flag(answered & gave_up, "answered_and_abandoned", used.get("abandoned", used["created"]))
        ended_unanswered = ~answered & ~gave_up & when["resolved"].notna()
        when["abandoned"] = when["abandoned"].where(~ended_unanswered, when["resolved"])
        when["resolved"] = when["resolved"].where(~ended_unanswered)
        rows.flag(~answered & ~gave_up & ~ended_unanswered, "unanswered", used["created"])

    table = pd.DataFrame({
        "contact_id": cell("contact_id").astype("string"),
        "customer": _customers(cell("customer"), "customer" in text, salt),
        **{name: pd.Series(pd.array(mapped[name], dtype="string"), index=frame.index) for name in MAPPED_FIELDS},
        **{name: when[name] for name in TIME_COLUMNS},
        "satisfied": satisfied,
        "source_row": pd.Series(np.arange(n, dtype="int64") + 2, index=frame.index),
    })
    table, dup_same = resolve_duplicate_ids(table, rows, used, lang)
    kept = table[~rows.bad].reset_index(drop=True)
    kept, outside = _within_period(kept, mapping)
    kept = kept.astype(COLUMNS)
    kept.attrs["period"] = _period(kept, mapping)
    kept.attrs["source"] = where
    return History(kept if len(kept) else _empty_like(kept), problem_lines(rows, where, lang),
                   _summary(rows, n, len(kept), int(blank.sum()), int(repeated.sum()) + dup_same, outside,
                            fallback, where), mapping, lang)


def _check_zone_needed(text: dict[str, pd.Series], mapping: ColumnMapping, row_zone, where: str) -> None:
    """A file whose naive times have no zone anywhere is a mapping problem: one line, not one per row."""
    if mapping.time.zone is not None or row_zone is not None:
        return
    for name in TIME_COLUMNS:
        if name in text:
            sample = text[name][text[name] != ""].head(200)
            _, status = times.to_utc(sample, formats=mapping.time.formats)
            if (status == times.NO_ZONE).any():
                raise _fail(where, name, "history.err.needs_zone", value=shown(sample[status == times.NO_ZONE].iat[0]))


def _customers(raw: pd.Series, present: bool, salt: bytes | str | None) -> pd.Series:
    if not present or not (raw != "").any():
        return pd.Series(pd.array([pd.NA] * len(raw), dtype="string"), index=raw.index)
    key = salt.encode() if isinstance(salt, str) else salt if salt is not None else salt_for()
    return pseudonymise(raw, key)


def _bounds(mapping: ColumnMapping) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    if mapping.period is None:
        return None
    zone = mapping.time.zone or "UTC"
    start = pd.Timestamp(mapping.period.start).tz_localize(zone).tz_convert("UTC")
    end = (pd.Timestamp(mapping.period.end) + pd.Timedelta(days=1)).tz_localize(zone).tz_convert("UTC")
    return start, end


def _within_period(kept: pd.DataFrame, mapping: ColumnMapping) -> tuple[pd.DataFrame, int]:
    bounds = _bounds(mapping)
    if bounds is None:
        return kept, 0
    inside = (kept["created"] >= bounds[0]) & (kept["created"] < bounds[1])
    return kept[inside].reset_index(drop=True), int((~inside).sum())


def _period(kept: pd.DataFrame, mapping: ColumnMapping) -> tuple[pd.Timestamp, pd.Timestamp]:
    bounds = _bounds(mapping)
    if bounds is not None:
        return bounds
    if not len(kept):
        return (pd.NaT, pd.NaT)
    return kept["created"].min(), kept["created"].max()


def _empty_like(kept: pd.DataFrame) -> pd.DataFrame:
    table = empty_table()
    table.attrs.update(kept.attrs)
    return table


def _summary(rows: BadRows, n: int, kept: int, blank: int, duplicates: int, outside: int,
             fallback: dict[str, tuple[str, pd.Series]], where: str) -> dict[str, Any]:
    skipped: dict[str, int] = {}
    for _, reason, _, _ in rows.found:
        skipped[reason] = skipped.get(reason, 0) + 1
    if outside:
        skipped["outside_period"] = outside
    good = ~rows.bad
    return {"source": where, "rows": n, "kept": kept, "duplicate_rows": duplicates, "blank": blank,
            "skipped": dict(sorted(skipped.items())),
            "fallback": {k: (v, int((m.to_numpy() & good).sum())) for k, (v, m) in fallback.items()}}


__all__ = ["History", "HistoryError", "load_history", "read_frame"]
