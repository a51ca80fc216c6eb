"""Orders that must not go round in a circle: contingency injects waiting on each other's prompts, and a
reply rubric's ``before`` (acknowledge, then solve).

A circle of "waits on" can never start (no inject in it is sent first), and a circle of "before" can
never be met (no reply says each thing before the others); both are errors that name the circle, so the
author sees which links to break. The search walks the graph with its own stack, never by recursion, so
a long chain cannot exhaust Python's stack.

    >>> find_cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]})
    ['a', 'b', 'c', 'a']
    >>> find_cycle({"a": ["a"]}), find_cycle({"a": ["b"], "b": []})
    (['a', 'a'], None)
    >>> arrow(["a", "b", "a"])
    'a → b → a'
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

_NEW, _OPEN, _DONE = 0, 1, 2


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A circle in the directed graph ``edges`` (node -> the nodes it points to) as ``[a, b, ..., a]``,
    starting from the first node (in the mapping's order) that leads into one; None when there is none."""
    state: dict[str, int] = {}
    for start in edges:
        if state.get(start, _NEW) != _NEW:
            continue
        path: list[str] = [start]
        todo: list[list[str]] = [list(edges.get(start, ()))]
        state[start] = _OPEN
        while path:
            if not todo[-1]:
                state[path.pop()] = _DONE
                todo.pop()
                continue
            nxt = todo[-1].pop(0)
            seen = state.get(nxt, _NEW)
            if seen == _OPEN:
                return path[path.index(nxt):] + [nxt]
            if seen == _NEW:
                state[nxt] = _OPEN
                path.append(nxt)
                todo.append(list(edges.get(nxt, ())))
    return None


def arrow(cycle: Sequence[str]) -> str:
    """A circle as a message writes it: ``a → b → a``."""
    return " → ".join(cycle)
