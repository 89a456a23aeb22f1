"""Filling in the fields a template leaves open to the host, and reading them back.

Filling in is an ordinary edit: the value is validated as the target source's own settings
validate it, and every item with the target's id, in every scene, gets it (with every item
sharing its named source, which must stay identical). The fields are checked on loading by
:mod:`studio.scene.template_checks`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studio.capture.base import SourceSettings
from studio.scene.model import Scene, SceneCollection
from studio.scene.problems import problems_from_validation_error
from studio.scene.sources import SOURCE_ADAPTER, known_kinds
from studio.scene.template_checks import IDENTITY_SETTINGS
from studio.scene.template_info import OpenField, TemplateInfo, split_target


class FieldValueError(ValueError):
    """A value the host gave for an open field cannot be used; ``reason`` is a sentence for
    them, shown beside the field."""

    def __init__(self, field_id: str, reason: str) -> None:
        self.field_id = field_id
        self.reason = reason
        super().__init__(f"{field_id}: {reason}")


# -- reading and filling in ----------------------------------------------------------------------
def field_value(collection: SceneCollection, field_id: str) -> str:
    """The field's current value: a text field's typed value (else its default); an image's
    path or a colour as its first target holds it."""
    if collection.template is None:
        raise KeyError("the show was not made from a template")
    field = collection.template.field(field_id)  # KeyError: no such field
    if field.type == "text":
        return collection.template.values.get(field.id, field.default)
    for target in field.targets:
        item_id, setting = split_target(target)
        for item in _items_with_id(collection.scenes, item_id):
            value = getattr(item.source, setting, None)
            return "" if value is None else str(value)
    return field.default


def apply_field_values(collection: SceneCollection, values: Mapping[str, str]) -> SceneCollection:
    """The collection with the host's ``values`` (field id → value) filled in; raises
    :class:`FieldValueError` for the first value that cannot be used."""
    if not values:
        return collection
    scenes = list(collection.scenes)
    typed: dict[str, str] = {}
    for field_id, value in values.items():
        field = _field(collection, field_id)
        setting_value: str | Path = _checked_value(field, value)
        if field.type == "text":
            typed[field.id] = value
        for target in field.targets:
            scenes = _with_setting(scenes, field, target, setting_value)
    template = _template(collection, next(iter(values)))
    new_template = template.model_copy(update={"values": {**template.values, **typed}})
    return collection.model_copy(update={"scenes": scenes, "template": new_template})


def _template(collection: SceneCollection, field_id: str) -> TemplateInfo:
    if collection.template is None:
        raise FieldValueError(
            field_id, "this show was not made from a template, so it has no fields to fill in"
        )
    return collection.template


def _field(collection: SceneCollection, field_id: str) -> OpenField:
    try:
        return _template(collection, field_id).field(field_id)
    except KeyError:
        raise FieldValueError(field_id, "the template has no field with this id") from None


def _checked_value(field: OpenField, value: str) -> str | Path:
    if field.type == "text":
        if len(value) > field.max_length:
            raise FieldValueError(
                field.id, f"is too long: at most {field.max_length} characters, please"
            )
        return value
    if field.type == "color":
        choices = {choice.upper(): choice for choice in field.choices}
        if choices:
            if value.upper() not in choices:
                raise FieldValueError(
                    field.id, f"choose one of the template's colours ({', '.join(choices)})"
                )
            return choices[value.upper()]
        return value  # its form is checked by the target setting
    if not value.strip():
        raise FieldValueError(field.id, "choose a file")
    return Path(value)


def _items_with_id(scenes: list[Scene], item_id: str) -> Iterator[Any]:
    for scene in scenes:
        for item in scene.items:
            if item.id == item_id:
                yield item


def _with_setting(
    scenes: list[Scene], field: OpenField, target: str, value: str | Path
) -> list[Scene]:
    item_id, setting = split_target(target)
    targeted = list(_items_with_id(scenes, item_id))
    if not targeted:
        raise FieldValueError(field.id, f"the show has no item {item_id!r} to take this value")
    # A named source is one source in every item showing it: they all take the value.
    names = {item.source.name for item in targeted if item.source.name}
    changed: dict[int, SourceSettings] = {}  # by id() of the old settings: validated once

    def new_source(old: SourceSettings) -> SourceSettings:
        if id(old) not in changed:
            changed[id(old)] = _set_setting(old, setting, value, field.id)
        return changed[id(old)]

    return [
        scene.model_copy(
            update={
                "items": [
                    item.model_copy(update={"source": new_source(item.source)})
                    if item.id == item_id or (item.source.name and item.source.name in names)
                    else item
                    for item in scene.items
                ]
            }
        )
        for scene in scenes
    ]


def _set_setting(
    source: SourceSettings, setting: str, value: str | Path, field_id: str
) -> SourceSettings:
    kind = str(getattr(source, "kind", ""))
    if setting in IDENTITY_SETTINGS or setting not in type(source).model_fields:
        raise FieldValueError(field_id, f"a {kind} source has no setting {setting!r} to fill")
    try:
        # Validated as a loaded source is (files must exist; paths made absolute).
        return SOURCE_ADAPTER.validate_python({**source.model_dump(), setting: value})
    except ValidationError as error:
        problems = problems_from_validation_error(error, known_kinds())
        reason = "; ".join(problem.message for problem in problems)
        if isinstance(value, Path):
            reason = f"{reason} ({value.name})"
        raise FieldValueError(field_id, reason) from None
