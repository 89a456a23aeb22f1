"""A scene collection that cannot be read, with every problem found, each named by its path in
the document (the problems themselves are :mod:`studio.problems`)."""

from __future__ import annotations

from pathlib import Path

from studio.problems import (
    HEX_COLOR_PATTERN,
    Problem,
    format_path,
    problems_from_validation_error,
)

__all__ = [
    "HEX_COLOR_PATTERN",
    "Problem",
    "SceneDocumentError",
    "format_path",
    "problems_from_validation_error",
]


class SceneDocumentError(Exception):
    """A scene collection could not be read; ``problems`` lists every reason found."""

    def __init__(self, path: Path | None, problems: list[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(self._report())

    def _report(self) -> str:
        where = (
            f"Cannot open scene collection '{self.path}'"
            if self.path is not None
            else "Invalid scene collection"
        )
        if len(self.problems) == 1:
            return f"{where}: {self.problems[0]}"
        lines = [f"{where} ({len(self.problems)} problems):"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)
