"""Errors that reach the user as one line each: ``path:line: field.path: what is wrong``.

A problem's message is English, and carries its Simplified Chinese wording (every message of the format,
the reader and pydantic's own errors come from the catalogue of :mod:`sim.format.messages`), which
:meth:`Problem.text` gives for ``lang="zh"``; a problem made without one says its English in both.

    >>> p = Problem("a.yaml", 3, "seed", "too big", zh="太大")
    >>> str(p), p.text("zh"), Problem("a.yaml", None, "", "file not found").text("zh")
    ('a.yaml:3: seed: too big', 'a.yaml:3: seed：太大', 'a.yaml: file not found')
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str
    message: str
    zh: str | None = dataclasses.field(default=None, compare=False)    # the message in Chinese, when the kit has it

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The one line in ``lang``: Chinese punctuation after the field when the message is Chinese."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        if lang == "zh" and self.zh:
            return f"{where}: {self.field}：{self.zh}" if self.field else f"{where}: {self.zh}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ScenarioError(ValueError):
    """One or more problems found in a plan or scenario file (several are reported at once)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def text(self, lang: str = "en") -> str:
        """Every problem, one line each, in ``lang``."""
        return "\n".join(p.text(lang) for p in self.problems)


class UsageError(Exception):
    """A problem with what the user asked for, such as a scenario that is not in the library: one line,
    exit status 2 from the CLI, a message in the app."""
