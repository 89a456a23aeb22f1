"""Unknown placeholders in a scene collection, each named by its path.

A typo like ``{product.colour}`` would draw as written on air; the loader reports it instead,
with the names that field knows: the shared placeholders (:mod:`studio.shop.placeholders`),
the ``{host.…}`` text fields the collection's template opens, and the short forms the field
took before (``{stock}`` in a product card's ``stock_note``, nowhere else). The fields that
take placeholders are the ones each source settings class lists in ``placeholder_fields``.

Like :mod:`studio.scene.checks` it reads the raw JSON data, so these problems are reported
together with every other problem of the file; parts with the wrong shape are skipped here
(validation reports those).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from studio.capture.registry import settings_types
from studio.problems import Problem
from studio.scene.raw_document import json_objects
from studio.shop.placeholders import (
    HOST_PREFIX,
    KNOWN_PLACEHOLDERS,
    PlaceholderFields,
    fields_taking_placeholders,
    known_list,
    unknown_placeholders,
)


def placeholder_problems(data: Mapping[str, Any]) -> list[Problem]:
    """One problem per unknown placeholder in each field of each item's source."""
    host_names = template_host_names(data)
    fields_by_kind = _fields_by_kind()
    problems: list[Problem] = []
    for scene_index, scene in json_objects(data.get("scenes")):
        for item_index, item in json_objects(scene.get("items")):
            source = item.get("source")
            if not isinstance(source, dict):
                continue
            kind = source.get("kind")
            fields = fields_by_kind.get(kind, {}) if isinstance(kind, str) else {}
            path = f"scenes[{scene_index}].items[{item_index}].source"
            for field, short_forms in fields.items():
                text = source.get(field)
                if not isinstance(text, str):
                    continue
                allowed = [*KNOWN_PLACEHOLDERS, *host_names, *sorted(short_forms)]
                problems += [
                    Problem(
                        f"{path}.{field}",
                        f"unknown placeholder {{{name}}} (known: {known_list(allowed)})",
                    )
                    for name in unknown_placeholders(text, allowed)
                ]
    return problems


def template_host_names(data: Mapping[str, Any]) -> list[str]:
    """The ``host.…`` text fields the raw document's template opens, in their order."""
    template = data.get("template")
    if not isinstance(template, dict):
        return []
    names: list[str] = []
    for _, field in json_objects(template.get("fields")):
        field_id = field.get("id")
        if (
            field.get("type") == "text"
            and isinstance(field_id, str)
            and field_id.startswith(HOST_PREFIX)
            and field_id not in KNOWN_PLACEHOLDERS
            and field_id not in names
        ):
            names.append(field_id)
    return names


def _fields_by_kind() -> dict[str, PlaceholderFields]:
    by_kind: dict[str, PlaceholderFields] = {}
    for settings_type in settings_types():
        fields = fields_taking_placeholders(settings_type)
        if fields:
            by_kind[str(settings_type.model_fields["kind"].default)] = fields
    return by_kind
