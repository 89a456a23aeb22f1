"""Problems found in a document (a scene collection, a run of show), each named by its path in
the document. A module of its own below the packages that read documents, so the shop can name
problems without importing the scene package (which imports capture, which imports the shop).

Pydantic's errors are rewritten here into short sentences a host can act on; nobody should ever
see a pydantic traceback for a typo in a JSON file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

HEX_COLOR_PATTERN = r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document: ``path`` like ``scenes[1].items[3].source.path``
    (``line 3 column 7`` for bad JSON, empty for the document as a whole)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def format_path(loc: Iterable[int | str]) -> str:
    """``("scenes", 1, "items", 3)`` -> ``scenes[1].items[3]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def problems_from_validation_error(
    error: ValidationError, known_kinds: Collection[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for details in error.errors():
        loc = _without_union_tags(details["loc"], known_kinds)
        message = _human_message(details, known_kinds)
        if details["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "kind")  # the problem is the kind field, not the whole source
        problem = Problem(format_path(loc), message)
        if problem not in problems:
            problems.append(problem)
    return problems


def _without_union_tags(
    loc: tuple[int | str, ...], known_kinds: Collection[str]
) -> tuple[int | str, ...]:
    # Pydantic puts the discriminator's value into the path (``source.image.path``); the
    # document has no such level, so drop the element right after ``source``.
    parts = list(loc)
    for index in range(len(parts) - 1):
        if parts[index] == "source" and parts[index + 1] in known_kinds:
            del parts[index + 1]
            break
    return tuple(parts)


def _number(value: Any) -> Any:
    # "at most 0", not "at most 0.0": limits on float fields read better as written.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _plural(count: Any, singular: str, plural: str) -> str:
    return f"{count} {singular}" if count == 1 else f"{count} {plural}"


def _human_message(details: ErrorDetails, known_kinds: Collection[str]) -> str:
    kind_list = ", ".join(sorted(known_kinds))
    error_type = details["type"]
    ctx: dict[str, Any] = dict(details.get("ctx") or {})
    if error_type == "union_tag_invalid":
        given = details["input"].get("kind") if isinstance(details["input"], dict) else None
        if not isinstance(given, str):
            return f"must be a string naming the source kind (known: {kind_list})"
        return f"unknown source kind {given!r} (known: {kind_list})"
    if error_type == "union_tag_not_found":
        return f"is required: the source kind (known: {kind_list})"
    if error_type in ("value_error", "assertion_error"):
        return str(ctx.get("error", details["msg"]))  # our validators already speak human
    if error_type == "string_pattern_mismatch" and ctx.get("pattern") == HEX_COLOR_PATTERN:
        return "must be a colour like #RRGGBB or #RRGGBBAA"
    if error_type == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    if error_type == "too_short":
        return f"must have at least {_plural(ctx.get('min_length'), 'entry', 'entries')}"
    if error_type == "too_long":
        return f"must have at most {_plural(ctx.get('max_length'), 'entry', 'entries')}"
    if error_type == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"must be at least {_plural(ctx.get('min_length'), 'character', 'characters')} long"
    if error_type == "string_too_long":
        return f"must be at most {_plural(ctx.get('max_length'), 'character', 'characters')} long"
    template = _SIMPLE_MESSAGES.get(error_type)
    if template is not None:
        return template.format(**{key: _number(value) for key, value in ctx.items()})
    return details["msg"]


_SIMPLE_MESSAGES: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "unknown field",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "path_type": "must be a file path",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be greater than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
}
