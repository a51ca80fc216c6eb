"""Reading YAML within bounds: a file is refused before it can cost much time or memory.

Two steps, each bounded by :mod:`sim.format.limits`:

- :func:`read_text` opens only a regular file (never a folder, ``/dev/zero`` or a named pipe, which could
  block or never end), and reads at most :data:`~sim.format.limits.MAX_FILE_BYTES`, whatever the file
  claims its size is.
- :func:`compose` turns the parser's events into YAML nodes, as PyYAML's composer does, but without
  recursion (a deeply nested file cannot reach a ``RecursionError``) and counting as it goes: depth,
  entries per list or mapping, text length, alias uses and the number of values, each alias counted as
  the values it stands for.
  An alias bomb ("billion laughs") is refused after a few aliases, because each alias adds the size of
  the value it names; ``id: &a [*a]`` is refused because the alias is used inside its own value. PyYAML
  shares an aliased node, so nothing is copied until :mod:`sim.format.yamlio` builds plain data, which
  these counts bound.

Problems are reported at the line and field (``drill.injects[3].message``) where the limit was passed.

    >>> compose("a: &x [1, 2]\\nb: *x\\n", yaml.SafeLoader, "f.yaml").value[1][1].value[1].value
    '2'
    >>> compose("id: &a [*a]\\n", yaml.SafeLoader, "f.yaml")
    Traceback (most recent call last):
    sim.format.errors.ScenarioError: f.yaml:1: id[0]: alias *a is used inside the value it names (the value would contain itself)
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from sim.format import limits
from sim.format.errors import ScenarioError
from sim.format.messages import file_kind, problem

Loc = tuple[str | int, ...]


def read_text(path: Path, shown: str) -> str:
    """The UTF-8 text of the regular file ``path``; ScenarioError if it is anything else or too big."""
    try:
        before = os.stat(path)        # before opening: opening a device or a pipe can block or have effects
        if not stat.S_ISREG(before.st_mode):
            raise ScenarioError([problem(shown, None, "", "file.not_regular", kind=file_kind(before.st_mode))])
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as f:
            now = os.fstat(f.fileno())   # the file opened may not be the one looked at (it was replaced)
            if not stat.S_ISREG(now.st_mode):
                raise ScenarioError([problem(shown, None, "", "file.not_regular", kind=file_kind(now.st_mode))])
            _check_size(now.st_size, shown)
            data = f.read(limits.MAX_FILE_BYTES + 1)     # a file that grows, or lies about its size
        _check_size(len(data), shown)
    except FileNotFoundError:
        raise ScenarioError([problem(shown, None, "", "file.not_found")]) from None
    except OSError as exc:      # the system's words in English; in Chinese, what they mean for the user
        key = "file.no_access" if isinstance(exc, PermissionError) else "file.unreadable"
        raise ScenarioError([problem(shown, None, "", key, error=exc.strerror or str(exc))]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError([problem(shown, None, "", "file.not_utf8", reason=exc.reason, start=exc.start)]) from None


def _check_size(size: int, shown: str) -> None:
    if size > limits.MAX_FILE_BYTES:
        raise ScenarioError([problem(shown, None, "", "file.too_big", size=size, limit=limits.MAX_FILE_BYTES,
                                     entries=limits.MAX_ENTRIES)])


def field_path(loc: Loc) -> str:
    """``drill.injects[0].id`` for the location ``("drill", "injects", 0, "id")``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Open:
    """A list or mapping being composed: its node, its location, the key waiting for its value."""
    __slots__ = ("entries", "is_list", "key", "loc", "node", "values_before")

    def __init__(self, node: yaml.Node, loc: Loc, values_before: int):
        self.node = node
        self.loc = loc
        self.values_before = values_before          # values counted before this one started
        self.is_list = isinstance(node, yaml.SequenceNode)
        self.key: yaml.Node | None = None
        self.entries = 0


class _Composer:
    """PyYAML's composer without recursion, counting as it goes (one instance per file)."""

    def __init__(self, loader: yaml.BaseLoader, shown: str):
        self.loader = loader
        self.shown = shown
        self.stack: list[_Open] = []
        self.anchors: dict[str, yaml.Node] = {}
        self.sizes: dict[int, int] = {}         # id(list or mapping) -> values once expanded, when closed
        self.tags: dict[tuple[str, Any], str] = {}   # (plain scalar, implicit) -> its resolved tag
        self.values = 0
        self.aliases = 0

    def fail(self, line: int, key: str, **params) -> ScenarioError:
        loc = self.child_loc()
        where = field_path(loc[:8]) + ("…" if len(loc) > 8 else "")     # deep nesting: the start is enough
        return ScenarioError([problem(self.shown, line, where, key, **params)])

    def child_loc(self) -> Loc:
        """Where the next node goes: a list index, or a mapping's key (the mapping itself while on a key)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_list:
            return (*top.loc, top.entries)
        if top.key is None or not isinstance(top.key, yaml.ScalarNode):
            return top.loc
        return (*top.loc, top.key.value)

    def attach(self, node: yaml.Node) -> yaml.Node | None:
        """Put a finished node into its parent; the root (no parent) is returned."""
        if not self.stack:
            return node
        top = self.stack[-1]
        if top.is_list:
            top.node.value.append(node)
        elif top.key is None:
            top.key = node
            return None
        else:
            top.node.value.append((top.key, node))
            top.key = None
        top.entries += 1
        if top.entries > limits.MAX_ENTRIES:
            self.stack.pop()          # the message names the list or mapping, not its entry
            # Measured service times are the list a trainer really fills: say how to make it fit.
            key = "yaml.too_many_times" if top.is_list and top.loc[-1:] == ("empirical",) else "yaml.too_many_entries"
            raise ScenarioError([problem(self.shown, top.node.start_mark.line + 1, field_path(top.loc), key,
                                         limit=limits.MAX_ENTRIES)])
        return None

    def anchor(self, name: str, node: yaml.Node) -> None:
        if name in self.anchors:
            raise yaml.composer.ComposerError(f"found duplicate anchor {name!r}; first occurrence",
                                              self.anchors[name].start_mark, "second occurrence", node.start_mark)
        self.anchors[name] = node

    def node(self) -> yaml.Node:
        """Compose one document's root node from the events, without recursion.

        The loop is the reader's hot path (a megabyte is some 60 000 events): event types are compared by
        identity, plain scalars' tags are resolved once per distinct text, limits are read once."""
        max_values, max_text, max_depth = limits.MAX_VALUES, limits.MAX_TEXT, limits.MAX_DEPTH
        get_event, stack, tags = self.loader.get_event, self.stack, self.tags
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value = event.value
                if len(value) > max_text:
                    raise self.fail(event.start_mark.line + 1, "yaml.text_too_long", length=len(value), limit=max_text)
                tag = event.tag
                if tag is None or tag == "!":
                    tag = tags.get((value, event.implicit))
                    if tag is None:
                        tag = tags[(value, event.implicit)] = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
                # libyaml marks a plain scalar with style '', PyYAML with None: one convention for the builder
                node: yaml.Node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style or None)
                self.values += 1
                if event.anchor is not None:
                    self.anchor(event.anchor, node)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= max_depth:
                    raise self.fail(event.start_mark.line + 1, "yaml.too_deep", limit=max_depth)
                node_kind = yaml.MappingNode if kind is yaml.MappingStartEvent else yaml.SequenceNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = self.loader.resolve(node_kind, None, event.implicit)
                node = node_kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
                if event.anchor is not None:
                    self.anchor(event.anchor, node)
                stack.append(_Open(node, self.child_loc(), self.values))
                self.values += 1
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                closed = stack.pop()
                node = closed.node
                node.end_mark = event.end_mark
                self.sizes[id(node)] = self.values - closed.values_before
            elif kind is yaml.AliasEvent:
                line = event.start_mark.line + 1
                node = self.anchors.get(event.anchor)       # type: ignore[assignment]
                if node is None:
                    raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                      event.start_mark)
                self.aliases += 1
                if self.aliases > limits.MAX_ALIASES:
                    raise self.fail(line, "yaml.too_many_aliases", limit=limits.MAX_ALIASES)
                if isinstance(node, yaml.ScalarNode):
                    self.values += 1
                elif id(node) in self.sizes:
                    self.values += self.sizes[id(node)]     # what the alias will expand to when built
                else:                                       # still open: the alias is inside its own value
                    raise self.fail(line, "yaml.alias_recursive", name=event.anchor)
            else:    # the parser yields nothing else inside a document
                raise yaml.composer.ComposerError(None, None, f"unexpected {kind.__name__}", event.start_mark)
            if self.values > max_values:
                raise self.fail(event.start_mark.line + 1, "yaml.too_many_values", limit=max_values)
            done = self.attach(node)
            if done is not None:
                return done


def compose(text: str, loader_class: type, shown: str) -> yaml.Node | None:
    """The root node of the one YAML document in ``text`` (None when there is none), within the limits.

    ``loader_class`` parses and resolves tags (a PyYAML or libyaml loader); a second document is an error
    at its line. Syntax errors propagate as PyYAML's ``MarkedYAMLError``."""
    loader = loader_class(text)
    composer = _Composer(loader, shown)
    roots: list[yaml.Node] = []
    try:
        loader.get_event()                                  # stream start
        while not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()                              # document start
            root = composer.node()
            loader.get_event()                              # document end
            composer.anchors.clear()                        # anchors belong to their document
            if not (isinstance(root, yaml.ScalarNode) and root.value == "" and root.style is None):
                roots.append(root)                          # an empty document ('---' alone) is skipped
            if len(roots) > 1:
                raise ScenarioError([problem(shown, roots[1].start_mark.line + 1, "", "yaml.two_documents")])
        return roots[0] if roots else None
    finally:
        loader.dispose()
