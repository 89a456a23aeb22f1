"""Reading the raw JSON of a document for the checks that span it (names, ids, fields):
parts with the wrong shape are skipped here, the structural validation reports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.problems import Problem


def json_objects(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSON list with their indexes (nothing when it is not a list)."""
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def duplicate_problems(
    entries: list[tuple[int, dict[str, Any]]],
    key: str,
    list_path: str,
    message: Callable[[str, str], str],
) -> list[Problem]:
    """A problem at ``list_path[i].key`` for each entry whose ``key`` an earlier one has;
    ``message(value, path of the first)`` says it."""
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for index, entry in entries:
        value = entry.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            first = f"{list_path}[{seen[value]}]"
            problems.append(Problem(f"{list_path}[{index}].{key}", message(value, first)))
        else:
            seen[value] = index
    return problems
