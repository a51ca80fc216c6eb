"""Keeping Python's cyclic garbage collector out of the simulation's hot path.

A run allocates millions of short-lived objects (SimPy events, generator frames, tuples). Each
allocation counts towards the collector's thresholds, and every so often a *full* collection walks
every object the process holds — the whole of numpy, pandas and the scenario included — so the cost
of a complaint grew with everything around it, and with the horizon. The model frees its objects by
reference counting (it keeps no per-complaint reference cycles), so the collector has nothing to find
during a run: :func:`paused` *freezes* the objects alive at its start (the collector ignores them from
then on) and switches the collector off, then restores both, even if the run fails.

Paused sections nest: only the outermost one freezes and restores, so a caller may pause around a
whole ``simulate()`` while the centre pauses around each stretch of running.

    >>> import gc
    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """Run the body with the collector off and the objects alive now frozen; restore both after."""
    if not gc.isenabled():          # an enclosing pause (or the caller) has it off already
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
