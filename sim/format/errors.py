"""Errors that reach the user as one line each: ``path:line: field.path: what is wrong``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ScenarioError(ValueError):
    """One or more problems found in a plan or scenario file (several are reported at once)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A problem with what the user asked for, such as a scenario that is not in the library: one line,
    exit status 2 from the CLI, a message in the app."""
