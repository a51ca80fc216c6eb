"""The checks a row of an export must pass, each over a whole column, and the bad rows they find.

:class:`BadRows` remembers, for each row, the *first* problem found (checks run in the order
:func:`sim.history.read.load_history` calls them), so every bad row gets exactly one line. Masks are
computed for whole columns; only the rows a mask flags are visited one by one, to word their line.
Value maps and satisfaction labels are applied once per *distinct* value (a column of channels holds a
handful), not once per row.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.format.messages import shown
from sim.history import times
from sim.history.mapping import ColumnMapping
from sim.history.table import COLUMNS
from sim.i18n import t


class BadRows:
    """The bad rows found so far: each row's first problem, recorded once."""

    def __init__(self, n: int):
        self.bad = np.zeros(n, bool)
        self.found: list[tuple[int, str, str, dict[str, Any]]] = []

    def flag(self, mask: Any, reason: str, column: str, params=lambda i: {}) -> None:
        new = np.asarray(mask, bool) & ~self.bad
        for i in np.flatnonzero(new):          # only the bad rows are visited one by one
            self.found.append((int(i), reason, column, params(int(i))))
        self.bad |= new

    def flag_one(self, i: int, reason: str, column: str, params: dict[str, Any]) -> None:
        if not self.bad[i]:
            self.found.append((i, reason, column, params))
            self.bad[i] = True


def flag_times(rows: BadRows, name: str, status: dict, text: dict, used: dict, mapping: ColumnMapping) -> None:
    if name not in text:
        return
    st = status[name]
    zone = mapping.time.zone or ""
    for reason in (times.BAD_TIME, times.TIME_GAP, times.TIME_AMBIGUOUS, times.NO_ZONE):
        rows.flag(st == reason, reason, used[name],
                  lambda i: {"value": shown(text[name].iat[i]),
                             "zone": text["zone"].iat[i] if "zone" in text and text["zone"].iat[i] else zone})
    if "zone" in text:
        rows.flag(st == times.BAD_ZONE, times.BAD_ZONE, used["zone"], lambda i: {"value": shown(text["zone"].iat[i])})


def per_value(raw: pd.Series, read) -> pd.Series:
    """``read`` applied once to each distinct value of a column (a column of channels holds a handful)."""
    codes, uniques = pd.factorize(raw)
    return pd.Series(np.asarray([*(read(u) for u in uniques), None], dtype=object)[codes], index=raw.index)


def map_values(raw: pd.Series, mapping: ColumnMapping, name: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(kit ids, unknown values, values read as the fallback) for one mapped field."""
    table = mapping.lookup(name)
    present = raw != ""
    none = pd.Series(False, index=raw.index)
    if table is None:
        return raw.where(present), none, none
    ids = per_value(raw, lambda v: table.get(v.casefold()))
    unknown = present & ids.isna()
    instead = mapping.fallback_for(name)
    if instead is not None:
        return ids.where(~unknown, instead), none, unknown
    return ids, unknown, none


def read_satisfaction(rows: BadRows, raw: pd.Series, mapping: ColumnMapping, column: str) -> pd.Series:
    """Each answer as satisfied / not / NA by the mapping's labels, else its numeric scale."""
    rule = mapping.satisfaction
    labels = mapping.satisfaction_labels()
    key = per_value(raw, str.casefold)
    labelled = key.isin(list(labels))
    score = pd.to_numeric(raw.where(~labelled & (raw != "")), errors="coerce")
    scored = score.notna() & (rule.of is not None)
    rows.flag((raw != "") & ~labelled & ~scored, "bad_satisfaction", column, lambda i: {"value": shown(raw.iat[i])})
    if rule.of is not None:
        off = scored & ((score < rule.lowest) | (score > rule.of))
        rows.flag(off, "satisfaction_range", column,
                  lambda i: {"value": raw.iat[i], "low": rule.lowest, "high": rule.of})
    out = pd.Series(pd.array([pd.NA] * len(raw), dtype="boolean"), index=raw.index)
    from_label = key[labelled].map(labels)
    out[labelled] = pd.array(from_label.tolist(), dtype="boolean")
    if rule.at_least is not None:
        out[scored] = score[scored] >= rule.at_least
    return out


def resolve_duplicate_ids(table: pd.DataFrame, rows: BadRows, used: dict[str, str],
                           lang: str) -> tuple[pd.DataFrame, int]:
    """An id on several good rows: a later row with the same content is a duplicate (counted), with other
    content a problem (the first row is kept). Returns the number of same-content duplicates."""
    good = table[~rows.bad]
    repeated = good[good["contact_id"].duplicated(keep=False)]
    same = 0
    first: dict[str, pd.Series] = {}
    content = [c for c in COLUMNS if c not in ("contact_id", "source_row")]
    for i, row in repeated.iterrows():               # duplicated ids only: few rows
        kept = first.get(row["contact_id"])
        if kept is None:
            first[row["contact_id"]] = row
            continue
        differ = [c for c in content if not _same(row[c], kept[c])]
        if not differ:
            same += 1
            rows.bad[i] = True
            continue
        names = ", ".join(used.get("satisfaction" if c == "satisfied" else c, c) for c in differ)
        rows.flag_one(int(i), "duplicate_id", used["contact_id"],
                      {"value": shown(row["contact_id"]), "row": int(kept["source_row"]), "columns": names})
    return table, same


def _same(a: Any, b: Any) -> bool:
    return (pd.isna(a) and pd.isna(b)) if (pd.isna(a) or pd.isna(b)) else bool(a == b)


def problem_lines(rows: BadRows, where: str, lang: str) -> list[str]:
    out = []
    for i, reason, column, params in sorted(rows.found, key=lambda f: f[0]):
        message = t(f"history.problem.{reason}", lang, **params)
        sep = "：" if lang == "zh" else ": "
        out.append(f"{where}:{i + 2}: {column}{sep}{message}")
    return out
