"""Checks of the fields a template leaves open to the host (filling them in:
:mod:`studio.scene.template_fields`).

A field names the item settings its value goes to (``targets``: ``"ITEM_ID.SETTING"``). The
checks run on the raw JSON, like :mod:`studio.scene.checks`, so a bundle from a stranger is
refused with every problem named by its path (``template.fields[1].targets[0]``) instead of
failing later when the host fills in the form. Filling in is an ordinary edit: the value is
validated as the target source's own settings validate it, and every item with the target's id,
in every scene, gets it (with every item sharing its named source, which must stay identical).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from studio.capture.base import SourceSettings
from studio.capture.registry import settings_types
from studio.scene.problems import (
    HEX_COLOR_PATTERN,
    Problem,
    format_path,
)
from studio.scene.raw_document import duplicate_problems, json_objects
from studio.scene.template_info import OpenField, split_target

SettingShape = Literal["path", "color", "text", "other"]
# What each field type may fill: a text field a text setting, an image a file, a colour a colour.
SHAPE_FOR_TYPE: dict[str, SettingShape] = {"text": "text", "image": "path", "color": "color"}
SHAPE_WORDS: dict[SettingShape, str] = {
    "text": "a text setting",
    "path": "a file setting",
    "color": "a colour setting",
    "other": "a setting of another type",
}
# A source's identity, not part of its look: a field that renamed a source would split it from
# the items sharing it.
IDENTITY_SETTINGS = frozenset({"kind", "name"})


# -- checks on the raw document --------------------------------------------------------------
def template_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Problems of ``data["template"]``'s open fields against the rest of the document; parts
    with the wrong shape are skipped here (the structural validation reports those)."""
    template = data.get("template")
    if not isinstance(template, dict):
        return []
    fields = json_objects(template.get("fields"))
    kinds_by_item = _kinds_by_item(data)
    problems = _duplicate_field_problems(fields)
    for index, field in fields:
        path = f"template.fields[{index}]"
        problems += _target_problems(path, field, kinds_by_item)
        problems += _default_problems(path, field)
        problems += _choice_problems(path, field, template.get("brand"))
    problems += _value_problems(template.get("values"), fields)
    return problems


def _kinds_by_item(data: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Item id → (path of the item, source kind) for every item of every scene."""
    found: dict[str, list[tuple[str, str]]] = {}
    for scene_index, scene in json_objects(data.get("scenes")):
        for item_index, item in json_objects(scene.get("items")):
            item_id, source = item.get("id"), item.get("source")
            if isinstance(item_id, str) and isinstance(source, dict):
                kind = source.get("kind")
                path = f"scenes[{scene_index}].items[{item_index}]"
                found.setdefault(item_id, []).append((path, kind if isinstance(kind, str) else ""))
    return found


def _duplicate_field_problems(fields: list[tuple[int, dict[str, Any]]]) -> list[Problem]:
    return duplicate_problems(
        fields,
        "id",
        "template.fields",
        lambda field_id, first: f"another field already has the id {field_id!r} ({first})",
    )


def _target_problems(
    path: str, field: dict[str, Any], kinds_by_item: dict[str, list[tuple[str, str]]]
) -> list[Problem]:
    field_type, targets = field.get("type"), field.get("targets")
    wanted = SHAPE_FOR_TYPE.get(field_type) if isinstance(field_type, str) else None
    if wanted is None or not isinstance(targets, list):
        return []
    field_id = field.get("id")
    is_host_text = (
        field_type == "text" and isinstance(field_id, str) and field_id.startswith("host.")
    )
    if not targets and not is_host_text:
        return [Problem(f"{path}.targets", _no_target_message(str(field_type)))]
    problems: list[Problem] = []
    settings_by_kind = _settings_by_kind()
    for target_index, target in enumerate(targets):
        if not isinstance(target, str) or "." not in target:
            continue  # the pattern check reports it
        item_id, setting = split_target(target)
        message = _target_message(item_id, setting, wanted, kinds_by_item, settings_by_kind)
        if message:
            problems.append(Problem(f"{path}.targets[{target_index}]", message))
    return problems


def _no_target_message(field_type: str) -> str:
    if field_type == "text":
        return (
            "a text field needs a target (an item setting to fill) unless its id starts with "
            "'host.' (read by the {host.…} placeholders)"
        )
    return f"an {field_type} field needs at least one target (an item setting to fill)"


def _target_message(
    item_id: str,
    setting: str,
    wanted: SettingShape,
    kinds_by_item: dict[str, list[tuple[str, str]]],
    settings_by_kind: dict[str, type[SourceSettings]],
) -> str | None:
    items = kinds_by_item.get(item_id)
    if not items:
        return f"no item has the id {item_id!r} in any scene"
    for item_path, kind in items:
        settings_type = settings_by_kind.get(kind)
        if settings_type is None:
            continue  # an unknown kind is reported at the item itself
        if setting in IDENTITY_SETTINGS:
            return f"{setting!r} is the source's identity, not a setting a field may fill"
        shape = setting_shape(settings_type, setting)
        if shape is None:
            return (
                f"item {item_id!r} ({item_path}) is a {kind} source, "
                f"which has no setting {setting!r}"
            )
        if shape != wanted:
            return (
                f"the {kind} setting {setting!r} of item {item_id!r} is {SHAPE_WORDS[shape]}, "
                f"not {SHAPE_WORDS[wanted]}"
            )
    return None


def _default_problems(path: str, field: dict[str, Any]) -> list[Problem]:
    default, field_type = field.get("default"), field.get("type")
    if not isinstance(default, str) or not default:
        return []
    if field_type == "text":
        max_length = field.get("max_length", OpenField.model_fields["max_length"].default)
        if isinstance(max_length, int) and len(default) > max_length:
            return [
                Problem(
                    f"{path}.default",
                    f"is {len(default)} characters long, more than the field's max_length "
                    f"({max_length})",
                )
            ]
    if field_type == "color":
        choices = _colour_choices(field)
        if choices and default.upper() not in choices:
            return [
                Problem(
                    f"{path}.default",
                    f"{default} is not one of the field's choices ({', '.join(choices)})",
                )
            ]
    return []


def _choice_problems(path: str, field: dict[str, Any], brand: Any) -> list[Problem]:
    """A colour field offers colours of the brand kit (when the kit names any)."""
    kit = brand.get("colors") if isinstance(brand, dict) else None
    if field.get("type") != "color" or not isinstance(kit, dict) or not kit:
        return []
    kit_colours = {value.upper() for value in kit.values() if isinstance(value, str)}
    choices = field.get("choices")
    return [
        Problem(f"{path}.choices[{index}]", f"{choice} is not one of the brand kit's colours")
        for index, choice in enumerate(choices if isinstance(choices, list) else [])
        if isinstance(choice, str) and choice.upper() not in kit_colours
    ]


def _colour_choices(field: dict[str, Any]) -> list[str]:
    choices = field.get("choices")
    if not isinstance(choices, list):
        return []
    return [choice.upper() for choice in choices if isinstance(choice, str)]


def _value_problems(values: Any, fields: list[tuple[int, dict[str, Any]]]) -> list[Problem]:
    """``template.values`` keeps what the host typed into text fields, nothing else."""
    if not isinstance(values, dict):
        return []
    by_id = {field.get("id"): field for _, field in fields}
    problems: list[Problem] = []
    for key, value in values.items():
        path = format_path(("template", "values", str(key)))
        field = by_id.get(key)
        if field is None:
            problems.append(Problem(path, f"no field has the id {key!r}"))
        elif field.get("type") != "text":
            problems.append(
                Problem(
                    path, "only text fields keep their value here (the others fill their targets)"
                )
            )
        elif isinstance(value, str):
            max_length = field.get("max_length", OpenField.model_fields["max_length"].default)
            if isinstance(max_length, int) and len(value) > max_length:
                problems.append(
                    Problem(path, f"is longer than the field's max_length ({max_length})")
                )
    return problems


# -- the settings a target names ---------------------------------------------------------------
def _settings_by_kind() -> dict[str, type[SourceSettings]]:
    return {str(cls.model_fields["kind"].default): cls for cls in settings_types()}


def setting_shape(settings_type: type[SourceSettings], setting: str) -> SettingShape | None:
    """What kind of value ``setting`` of ``settings_type`` holds; None when it has no such
    setting (optional settings count as their type)."""
    info = settings_type.model_fields.get(setting)
    if info is None:
        return None
    base, metadata = _unwrap(info)
    if isinstance(base, type) and issubclass(base, Path):
        return "path"
    if base is str:
        patterns = {getattr(meta, "pattern", None) for meta in metadata}
        return "color" if HEX_COLOR_PATTERN in patterns else "text"
    return "other"


def _unwrap(info: FieldInfo) -> tuple[Any, list[Any]]:
    """The field's type without ``| None`` and ``Annotated``, with all its constraint metadata."""
    annotation, metadata = info.annotation, list(info.metadata)
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            annotation = members[0]
    if get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        for meta in extra:
            metadata += meta.metadata if isinstance(meta, FieldInfo) else [meta]
    return annotation, metadata
