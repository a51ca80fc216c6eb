"""Grouped sums, minima and "any" over numpy columns, giving exactly what pandas' ``groupby`` gives.

The customer model folds contacts into complaints and complaints into customers. It runs in the workers of
``sim run`` once per replication (:mod:`sim.customers.kept`), where importing pandas for two group-bys
cost a worker a fifth of a second of its share of the batch. These functions do the same with NumPy, and
to the last bit: pandas sums a group with Kahan's compensated summation, row by row in the order the rows
come, so :func:`group_sum` does that too (a plain ``np.add.at`` differs in the last digits once a group
has three rows).

    >>> g = Groups(np.array([2, 0, 2, 2]))
    >>> g.keys.tolist(), g.size().tolist(), g.sum(np.array([1.0, 5.0, 2.0, 3.0])).tolist()
    ([0, 2], [1, 3], [5.0, 6.0])
    >>> g.min(np.array([np.nan, 1.0, 4.0, np.nan])).tolist(), g.last_valid(np.array([1.0, 2.0, 3.0, np.nan])).tolist()
    ([1.0, 4.0], [2.0, 3.0])
"""
from __future__ import annotations

import numpy as np


class Groups:
    """The rows of ``labels`` grouped by label (groups in ascending label order, rows in their order
    within a group), as ``groupby(labels, sort=True)`` groups them. ``labels`` may be a tuple of
    columns, grouped by the first, then the second (``groupby([a, b])``)."""

    def __init__(self, labels: np.ndarray | tuple[np.ndarray, ...]):
        cols = labels if isinstance(labels, tuple) else (labels,)
        n = len(cols[0])
        # a stable sort keeps each group's rows in their order (np.lexsort sorts by its last key first)
        self.order = np.lexsort(cols[::-1]) if len(cols) > 1 else np.argsort(cols[0], kind="stable")
        self.n = n
        new = np.ones(n, dtype=bool)
        if n:
            new[1:] = np.zeros(n - 1, dtype=bool)
            for col in cols:
                s = col[self.order]
                new[1:] |= s[1:] != s[:-1]
        self.starts = np.flatnonzero(new)
        self.keys_of = tuple(col[self.order][self.starts] for col in cols)
        self.keys = self.keys_of[0]
        sizes = np.diff(np.append(self.starts, n))
        self.group = np.repeat(np.arange(len(self.starts)), sizes)      # group of each sorted row
        self.position = np.arange(n) - np.repeat(self.starts, sizes)    # its place within the group
        self._sizes = sizes

    def __len__(self) -> int:
        return len(self.starts)

    def size(self) -> np.ndarray:
        return self._sizes.astype(np.int64)

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Each group's sum, compensated as pandas' ``group_sum`` computes it (NaN rows skipped)."""
        v = np.asarray(values, dtype=float)[self.order]
        total = np.zeros(len(self))
        comp = np.zeros(len(self))
        for k in range(int(self.position.max()) + 1 if self.n else 0):
            at = (self.position == k) & ~np.isnan(v)
            g = self.group[at]
            y = v[at] - comp[g]
            t = total[g] + y
            c = (t - total[g]) - y
            c[np.isnan(c)] = 0.0            # an infinite value: pandas drops the compensation
            comp[g] = c
            total[g] = t
        return total

    def min(self, values: np.ndarray) -> np.ndarray:
        """Each group's least value, NaN rows skipped (NaN when the group has no other)."""
        if not self.n:
            return np.zeros(0)
        return np.fmin.reduceat(np.asarray(values, dtype=float)[self.order], self.starts)

    def any(self, values: np.ndarray) -> np.ndarray:
        if not self.n:
            return np.zeros(0, dtype=bool)
        return np.logical_or.reduceat(np.asarray(values, dtype=bool)[self.order], self.starts)

    def last_valid(self, values: np.ndarray) -> np.ndarray:
        """Each group's last value that is not NaN (NaN when it has none): pandas' ``last``."""
        if not self.n:
            return np.zeros(0)
        v = np.asarray(values, dtype=float)[self.order]
        where = np.where(np.isnan(v), -1, np.arange(self.n))
        last = np.maximum.reduceat(where, self.starts)
        return np.where(last >= 0, v[np.maximum(last, 0)], np.nan)


__all__ = ["Groups"]
