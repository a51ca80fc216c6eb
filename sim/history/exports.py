"""Writing a canonical history table as a *messy* export, in a preset's shape, to test the import against.

The kit ships no real customer data, so the import is proved on exports made from tables whose truth is
known (hand-built, or simulated: :mod:`sim.history.synthetic`). :func:`write_export` writes such a table as
a ticketing system or telephony platform would have, with the mess real exports have, each kind set by a
share in :class:`Mess` and drawn from ``seed``:

* values in both languages (``电话`` or ``phone`` for ``hotline``, ``产品质量`` for ``product_quality``);
* times in local wall-clock time mostly, some with an offset (``+08:00``), some in UTC (``Z``), some in
  other accepted formats (``2026/03/02 08:00:00``, ``2026年03月02日 08:00:00``);
* optional fields left empty; rows repeated identically;
* a few bad rows of known kinds, planted where the returned :class:`Export` says.

:class:`Export` carries what a correct import must give back: ``expected`` (the kept rows, in the canonical
table's columns, with the customer column still *raw*: pseudonymise it with the import's salt to compare),
``planted`` (the row number and reason of each bad row) and ``duplicate_rows``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from sim.history.mapping import MAPPED_FIELDS, ColumnMapping, load_mapping
from sim.history.table import COLUMNS, TIME_COLUMNS
from sim.i18n.script import HAN_CHAR

#: The bad-row kinds :func:`write_export` can plant, each reported under this reason by the import.
BAD_KINDS = ("bad_time", "order", "unknown_value", "missing", "duplicate_id", "satisfaction_range")
_OPTIONAL = ("customer", "category", "severity", "team", "satisfaction")


@dataclass(frozen=True)
class Mess:
    """How messy the export is: shares of rows or values (0 = clean), and the bad rows to plant by kind."""
    chinese: float = 0.5          # values written in Chinese (else in English)
    offsets: float = 0.2          # times written with an explicit offset; half of them in UTC with 'Z'
    formats: float = 0.2          # times written in another accepted format
    missing: float = 0.05         # rows with one optional field left empty
    duplicates: float = 0.02      # rows repeated identically
    bad: dict[str, int] = field(default_factory=lambda: {kind: 1 for kind in BAD_KINDS})
    headers: str = "en"           # "en" or "zh": which of the preset's header names to write


CLEAN = Mess(chinese=0.0, offsets=0.0, formats=0.0, missing=0.0, duplicates=0.0, bad={})


@dataclass(frozen=True)
class Export:
    path: Path
    expected: pd.DataFrame        # the canonical rows a correct import keeps (customer still raw)
    planted: dict[int, str]       # row number (header = 1) -> the reason the import must give
    duplicate_rows: int
    mapping: ColumnMapping


def _header(candidates: list[str], lang: str) -> str:
    chinese = [c for c in candidates if HAN_CHAR.search(c)]
    return chinese[0] if lang == "zh" and chinese else candidates[0]


def _variants(mapping: ColumnMapping, name: str) -> dict[str, tuple[list[str], list[str]]]:
    """kit id -> (English export values, Chinese export values) from the mapping's value map."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for export_value, target in mapping.value_map(name).items():
        en, zh = out.setdefault(target, ([], []))
        (zh if HAN_CHAR.search(export_value) else en).append(export_value)
    return out


def _write_values(ids: pd.Series, variants: dict, rng: np.random.Generator, chinese: float) -> pd.Series:
    out = ids.astype(object).where(ids.notna(), "")
    in_chinese = rng.random(len(ids)) < chinese
    for target, (en, zh) in variants.items():
        for words, mask in ((en or [target], ~in_chinese), (zh or en or [target], in_chinese)):
            rows = (ids == target).fillna(False).to_numpy() & mask
            if rows.any():
                out[rows] = np.asarray(words, dtype=object)[rng.integers(0, len(words), rows.sum())]
    return out.astype(str)


def _write_times(utc: pd.Series, zone: str, rng: np.random.Generator, mess: Mess) -> pd.Series:
    """Each time as text, mostly local wall-clock time; built with numpy's string functions (C loops over
    the column: pandas' strftime calls Python per value, far too slow for a 50 000-row export)."""
    wall = utc.dt.tz_convert(zone).dt.tz_localize(None)
    # variable-width strings: a fixed-width '<U19' array would cut the longer notations written into it
    iso = np.datetime_as_string(wall.to_numpy(dtype="datetime64[s]"), unit="s").astype(StringDType())
    out = np.strings.replace(iso, "T", " ")
    minutes = ((wall - utc.dt.tz_localize(None)).dt.total_seconds() // 60).fillna(0).to_numpy(int)
    pick = rng.random(len(utc))
    # A wall time that a DST change repeats cannot be read back without its offset: always write one.
    back = pd.DatetimeIndex(wall).tz_localize(zone, ambiguous=np.ones(len(wall), bool), nonexistent="NaT")
    repeated = utc.notna().to_numpy() & (np.asarray(back.tz_convert("UTC")) != utc.to_numpy())
    with_offset = (pick < mess.offsets / 2) | repeated
    in_utc = (pick >= mess.offsets / 2) & (pick < mess.offsets) & ~repeated
    other = (pick >= mess.offsets) & (pick < mess.offsets + mess.formats) & ~repeated
    slash = other & (rng.random(len(utc)) < 0.5)
    chinese = other & ~slash
    if with_offset.any():
        m = minutes[with_offset]
        hhmm = np.strings.add(np.strings.add(np.strings.zfill((np.abs(m) // 60).astype(str), 2), ":"),
                              np.strings.zfill((np.abs(m) % 60).astype(str), 2))
        out[with_offset] = np.strings.add(np.strings.add(iso[with_offset], np.where(m >= 0, "+", "-")), hhmm)
    if in_utc.any():
        stamp = np.datetime_as_string(utc.dt.tz_localize(None).to_numpy(dtype="datetime64[s]")[in_utc], unit="s")
        out[in_utc] = np.strings.add(stamp, "Z")
    out[slash] = np.strings.replace(out[slash], "-", "/")
    if chinese.any():
        c = iso[chinese]
        joined: Any = np.strings.slice(c, 0, 4)
        for part in ("年", np.strings.slice(c, 5, 7), "月", np.strings.slice(c, 8, 10), "日 ", np.strings.slice(c, 11, 19)):
            joined = np.strings.add(joined, part)
        out[chinese] = joined
    return pd.Series(out.astype(object), index=utc.index).where(utc.notna(), "")


def _satisfaction(satisfied: pd.Series, mapping: ColumnMapping, rng: np.random.Generator,
                  chinese: float) -> pd.Series:
    """A score on the mapping's scale, or a Chinese label, for each answer."""
    rule = mapping.satisfaction
    labels = {v: [k for k, w in rule.labels.items() if w is v and HAN_CHAR.search(k)] for v in (True, False)}
    out = pd.Series("", index=satisfied.index, dtype=object)
    known = satisfied.notna().to_numpy()
    yes = satisfied.fillna(False).to_numpy(bool)
    if rule.at_least is not None and rule.of is not None:
        top, bar, low = int(rule.of), int(np.ceil(rule.at_least)), int(np.ceil(rule.lowest))
        out[known & yes] = rng.integers(bar, top + 1, (known & yes).sum()).astype(str)
        out[known & ~yes] = rng.integers(low, bar, (known & ~yes).sum()).astype(str)
        as_label = known & (rng.random(len(out)) < chinese)
    else:
        as_label = known
    for value in (True, False):
        rows = as_label & (yes == value)
        if rows.any() and labels[value]:
            out[rows] = np.asarray(labels[value], dtype=object)[rng.integers(0, len(labels[value]), rows.sum())]
    return out.astype(str)


def write_export(table: pd.DataFrame, path: str | Path, preset: str | ColumnMapping = "tickets", *,
                 seed: int = 0, mess: Mess = Mess(), zone: str = "Asia/Shanghai",
                 encoding: str = "utf-8-sig") -> Export:
    """Write ``table`` (canonical columns; ``customer`` is written as the raw id) to ``path`` (.csv or .xlsx)
    in the shape of ``preset``. Times are rounded down to the second (exports keep no more)."""
    mapping = load_mapping(preset)
    rng = np.random.default_rng(seed)
    base = table.reset_index(drop=True).copy()
    for name in TIME_COLUMNS:
        base[name] = base[name].dt.floor("s")
    cols = {name: _header(c, mess.headers) for name, c in mapping.columns if c and name != "zone"}
    if mapping.kind == "calls" and (base["channel"] == mapping.default_for("channel")).all():
        cols.pop("channel", None)                  # a telephony export has no channel column
    out = pd.DataFrame(index=base.index)
    for name in cols:
        if name in MAPPED_FIELDS:
            out[name] = _write_values(base[name], _variants(mapping, name), rng, mess.chinese)
        elif name in TIME_COLUMNS:
            out[name] = _write_times(base[name], zone, rng, mess)
        elif name == "satisfaction":
            out[name] = _satisfaction(base["satisfied"], mapping, rng, mess.chinese)
        else:
            out[name] = base[name].astype(object).where(base[name].notna(), "").astype(str)
    for name in COLUMNS:                           # what the export cannot carry, the import cannot recover
        source = "satisfaction" if name == "satisfied" else name
        if name not in ("source_row",) and source not in cols and mapping.default_for(name) is None:
            base[name] = pd.Series([pd.NA] * len(base), dtype=COLUMNS[name])
    _blank_optional(out, base, cols, rng, mess.missing)
    rows, planted, dups = _arrange(out, base, cols, mapping, rng, mess)
    frame = pd.DataFrame([c for _, c in rows], columns=list(cols)).rename(columns=cols)
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(frame, path)
    else:
        frame.to_csv(path, index=False, encoding=encoding)
    first = _first_rows([i for i, _ in rows])
    expected = base.iloc[[i for i, _ in first]].assign(source_row=[row for _, row in first])
    return Export(path, expected.reset_index(drop=True).astype(COLUMNS), planted, dups, mapping)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """A workbook written row by row in openpyxl's write-only mode (a third faster than pandas' to_excel);
    an empty text is an empty cell, as in a real export."""
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        sheet.append([cell if cell != "" else None for cell in row])
    book.save(path)


def _blank_optional(out: pd.DataFrame, base: pd.DataFrame, cols: dict, rng: np.random.Generator,
                    share: float) -> None:
    optional = [name for name in _OPTIONAL if name in cols]
    if not optional or share <= 0:
        return
    rows = np.flatnonzero(rng.random(len(out)) < share)
    which = rng.integers(0, len(optional), len(rows))
    for row, k in zip(rows, which, strict=True):
        name = optional[k]
        out.iat[row, out.columns.get_loc(name)] = ""
        base.iat[row, base.columns.get_loc("satisfied" if name == "satisfaction" else name)] = pd.NA


# Rows are arranged as a list of (base index or -1 for a planted row, the cells); the expected table keeps
# the first appearance of each base row, at the row number it was written on.
_Row = tuple[int, list[str]]


def _arrange(out: pd.DataFrame, base: pd.DataFrame, cols: dict, mapping: ColumnMapping,
             rng: np.random.Generator, mess: Mess) -> tuple[list[_Row], dict[int, str], int]:
    names = list(cols)
    cells = out[names].to_numpy(dtype=object).tolist()
    rows: list[_Row] = [(i, c) for i, c in enumerate(cells)]
    repeat = set(np.flatnonzero(rng.random(len(rows)) < mess.duplicates).tolist())
    arranged: list[_Row] = []
    for i, c in rows:
        arranged.append((i, c))
        if i in repeat:
            arranged.append((-2, list(c)))           # an identical copy, right after its original
    kinds = [kind for kind, n in mess.bad.items() for _ in range(n)]
    planted_rows: list[tuple[str, list[str], int]] = []
    for k, kind in enumerate(kinds):
        source = int(rng.integers(0, len(cells)))
        spoilt = _spoil(kind, list(cells[source]), names, mapping, k)
        if spoilt is not None:
            planted_rows.append((kind, spoilt, source))
    for kind, c, source in planted_rows:
        first = next(p for p, (i, _) in enumerate(arranged) if i == source)
        low = first + 1 if kind == "duplicate_id" else 0
        arranged.insert(int(rng.integers(low, len(arranged) + 1)), (-1, c + [kind]))
    planted = {p + 2: c[-1] for p, (i, c) in enumerate(arranged) if i == -1}
    return [(i, c[:len(names)]) for i, c in arranged], planted, len(repeat)


def _spoil(kind: str, cells: list[str], names: list[str], mapping: ColumnMapping, k: int) -> list[str] | None:
    """A copy of a good row made bad in exactly one way (a new id, unless the point is a repeated id); None
    when the export has no column to spoil that way."""
    at = {name: names.index(name) for name in names}
    if kind != "duplicate_id":
        cells[at["contact_id"]] = f"BAD-{k}"
    if kind == "bad_time":
        cells[at["created"]] = "2026-02-30 25:61:00"
    elif kind == "order":                                   # a reply before the contact was created
        later = next((n for n in ("first_response", "resolved", "abandoned") if n in at), None)
        if later is None:
            return None
        cells[at[later]] = "2000-01-01 00:00:00"
    elif kind == "unknown_value":
        name = next((n for n in ("category", "team", "severity", "channel") if n in at and mapping.lookup(n)
                     and mapping.fallback_for(n) is None), None)
        if name is None:
            return None
        cells[at[name]] = "神秘问题"
    elif kind == "missing":
        cells[at["created"]] = ""
    elif kind == "duplicate_id":
        cells[at["created"]] = "2000-01-01 00:00:00"        # same id, other content (and before any reply)
    elif kind == "satisfaction_range":
        if "satisfaction" not in at or mapping.satisfaction.of is None:
            return None
        cells[at["satisfaction"]] = f"{mapping.satisfaction.of + 4:g}"
    return cells


def _first_rows(index: list[int]) -> list[tuple[int, int]]:
    """(base index, row number) of the first appearance of each base row."""
    seen: set[int] = set()
    out = []
    for p, i in enumerate(index):
        if i >= 0 and i not in seen:
            seen.add(i)
            out.append((i, p + 2))
    return out


def example_table(n: int, *, kind: str = "tickets", seed: int = 0,
                  start: str = "2026-03-02 00:00", days: float = 7.0) -> pd.DataFrame:
    """A canonical table of ``n`` made-up contacts with known content (for tests and benchmarks of the import;
    calibration uses simulated history instead). Customer ids are raw, phone-number-like strings, about three
    contacts each. ``kind="calls"``: hotline calls, one in ten abandoned (then no answer and no end).

    >>> table = example_table(4, seed=1)
    >>> list(table.columns) == list(COLUMNS), table["customer"].str.startswith("1380").all()
    (True, np.True_)
    """
    rng = np.random.default_rng(seed)
    created = pd.Timestamp(start, tz="UTC") + pd.to_timedelta(np.sort(rng.uniform(0, days * 1440, n)), unit="min")
    first = pd.Series(created + pd.to_timedelta(rng.exponential(30, n), unit="min"))
    resolved = pd.Series(first + pd.to_timedelta(rng.exponential(600, n), unit="min"))
    abandoned = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns, UTC]")
    channels = rng.choice(["hotline", "chat", "email", "online_form", "social_media"], n)
    categories = pd.Series(rng.choice(["product_quality", "logistics", "billing", "service_outage", "other"], n))
    if kind == "calls":
        channels[:] = "hotline"
        categories[:] = None
        gave_up = rng.random(n) < 0.1
        abandoned = pd.Series(created + pd.to_timedelta(rng.exponential(2, n), unit="min")).where(gave_up)
        first, resolved = first.where(~gave_up), resolved.where(~gave_up)
    satisfied = pd.array(rng.choice(np.array([True, False, None], dtype=object), n), dtype="boolean")
    return pd.DataFrame({
        "contact_id": [f"{'C' if kind == 'calls' else 'T'}{i:06d}" for i in range(n)],
        "customer": [f"1380013{i // 3:04d}" for i in range(n)],
        "channel": channels, "category": categories,
        "severity": rng.choice(["minor", "moderate", "major"], n), "team": rng.choice(["frontline", "specialist"], n),
        "created": created, "first_response": first, "resolved": resolved, "abandoned": abandoned,
        "satisfied": satisfied, "source_row": np.arange(n, dtype="int64") + 2,
    }).astype(COLUMNS)
