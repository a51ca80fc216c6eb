"""Drafts: the open prompt's input, autosaved so that typed text survives a page reload.

While a prompt is open, what its widgets hold (a reply above all, but every kind) is saved as a draft
(:meth:`Store.save_draft`) when it changes, at most every :data:`DRAFT_EVERY_S` seconds; a change inside
that window is saved by the next one-second tick. Resuming the attempt puts each draft back into its
prompt when the prompt opens ("Draft restored"). Drafts are a convenience, never on the answer path: a
draft that cannot be saved, read or restored is logged and the trainee carries on.

    >>> draft_key({"b": 1, "a": [2]})
    '{"a": [2], "b": 1}'
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
DRAFT_EVERY_S = 2.0         # at most one draft save per this many seconds (the tick flushes the rest)


def draft_key(value: Any) -> str:
    """A draft value compared by content (what would be stored)."""
    return json.dumps(value, sort_keys=True, default=str)


def stored_drafts(session) -> dict[str, Any]:
    """The attempt's unsubmitted drafts ({} if the store cannot read them: never an error)."""
    try:
        return dict(session.store.drafts(session.attempt_id))
    except Exception:
        log.warning("drill app: drafts of attempt %s not read", session.attempt_id, exc_info=True)
        return {}


class Drafts:
    """The drafts of one running drill: which to restore, what was last saved of each prompt, and when."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self._saved: dict[str, str] = {}          # prompt id -> key of its input as last saved (or shown)
        self._at = float("-inf")                  # the clock at the last save
        self._pending: dict[str, Any] = {}        # prompt id -> stored draft, put back when its panel opens

    def begin(self, drafts: dict[str, Any] | None = None) -> None:
        """A drill starts (``drafts``: those stored for a resumed attempt, restored as their prompts open)."""
        self._saved, self._pending = {}, dict(drafts or {})

    def track(self, panel, *, answered: bool, on_change: Callable[[], Any]) -> None:
        """A prompt's panel opens: put its draft back (unless it is answered) and call ``on_change`` whenever
        its input changes."""
        pid = panel.prompt.id
        draft = self._pending.pop(pid, None)
        if draft is not None and not answered:
            try:
                panel.show(draft)
                panel.restored = True
                panel.relabel(panel.lang)
            except Exception:       # e.g. the drill was edited and the option is gone: start blank
                log.warning("drill app: draft of %s not restored", pid, exc_info=True)
        self._saved[pid] = draft_key(panel.draft())
        if panel.kind != "order":   # order changes by buttons: the tick saves those
            for widget in panel.inputs():
                widget.observe(lambda _c: on_change(), "value")

    def save(self, session, panel, *, force: bool = False) -> bool:
        """Save ``panel``'s input if it changed since the last save, at most once every ``DRAFT_EVERY_S``
        (``force``: now). True if a draft was saved; never raises (a failure is logged, tried again later)."""
        try:
            value = panel.draft()
            key = draft_key(value)
            pid = panel.prompt.id
            if self._saved.get(pid) == key:
                return False
            now = self.clock()
            if not force and now - self._at < DRAFT_EVERY_S:
                return False
            self._at = now
            session.store.save_draft(session.attempt_id, pid, value)
            self._saved[pid] = key
            return True
        except Exception:
            log.warning("drill app: draft not saved", exc_info=True)
            return False


__all__ = ["DRAFT_EVERY_S", "Drafts", "draft_key", "stored_drafts"]
