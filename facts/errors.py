"""Errors for people: each problem says where (file, line, column, field) and what to do."""

from __future__ import annotations

from dataclasses import dataclass


def describe(value: object) -> str:
    """A short, escaped rendering of a value: control characters never reach the terminal.

    Yes-or-no values and empty ones are named as the file says them (`true`, `false`,
    `null`: YAML and JSON alike), not as Python prints them (`True`, `None`).
    """
    text = _as_written(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _as_written(value: object, items: int = 12) -> str:
    """repr(), with YAML's and JSON's words; lists and mappings show their first items."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        shown = [_as_written(item) for item in value[:items]]
        return "[" + ", ".join(shown + (["..."] if len(value) > items else [])) + "]"
    if isinstance(value, dict):
        pairs = [f"{_as_written(k)}: {_as_written(v)}" for k, v in list(value.items())[:items]]
        return "{" + ", ".join(pairs + (["..."] if len(value) > items else [])) + "}"
    return repr(value)


def format_field(path: tuple[str | int, ...]) -> str:
    """`("claims", 3, "date")` reads as `claims[3].date`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as precisely as the file allows."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


class DatasetError(Exception):
    """A dataset that cannot be used, with every problem found in it."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        heading = f"{self.file}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([heading, *(f"  {problem}" for problem in self.problems)])
