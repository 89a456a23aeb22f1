"""Checks that span the document: unique names, scene references, shared-source conflicts.

They run on the raw JSON data (not the validated models) so that they are reported together
with type errors elsewhere in the same file: one load shows the host every problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studio.capture.base import SourceSettings
from studio.scene.placeholder_checks import placeholder_problems
from studio.scene.problems import Problem
from studio.scene.raw_document import duplicate_problems, json_objects
from studio.scene.sources import SOURCE_ADAPTER
from studio.scene.template_checks import template_problems


def reference_problems(data: Mapping[str, Any], base_dir: Path | None) -> list[Problem]:
    """Problems between parts of ``data``; parts with the wrong shape are skipped here
    (validation reports those)."""
    problems = document_problems(data)
    named = _raw_named_sources(json_objects(data.get("scenes")), base_dir)
    return problems + shared_source_problems(named)


def document_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Names and references, the template's open fields, and the placeholders texts use."""
    return name_problems(data) + template_problems(data) + placeholder_problems(data)


def name_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Duplicate scene, canvas and item names, and canvases showing (or keeping as their
    be-right-back slate) a scene that is missing."""
    scenes = json_objects(data.get("scenes"))
    canvases = json_objects(data.get("canvases"))
    problems = _duplicate_names("scenes", scenes, "scene")
    problems += _duplicate_names("canvases", canvases, "canvas")
    problems += _item_id_problems(scenes)
    if isinstance(data.get("scenes"), list):
        scene_names = {scene["name"] for _, scene in scenes if isinstance(scene.get("name"), str)}
        for index, canvas in canvases:
            for field in ("scene", "slate_scene"):
                wanted = canvas.get(field)
                if isinstance(wanted, str) and wanted not in scene_names:
                    problems.append(
                        Problem(f"canvases[{index}].{field}", f"no scene named {wanted!r}")
                    )
    return problems


def shared_source_problems(named: Iterable[tuple[str, SourceSettings]]) -> list[Problem]:
    """Sources with one name are one source, so their settings must be identical."""
    first_seen: dict[str, tuple[str, SourceSettings]] = {}
    problems: list[Problem] = []
    for path, settings in named:
        name = settings.name
        if not name:
            continue
        if name not in first_seen:
            first_seen[name] = (path, settings)
            continue
        first_path, first = first_seen[name]
        if settings != first:
            fields = ", ".join(_differing_fields(first, settings))
            problems.append(
                Problem(
                    path,
                    f"source {name!r} differs from the one at {first_path} (different {fields}); "
                    "sources with the same name are one shared source",
                )
            )
    return problems


def _duplicate_names(
    field: str, entries: list[tuple[int, dict[str, Any]]], what: str
) -> list[Problem]:
    return duplicate_problems(
        entries,
        "name",
        field,
        lambda name, first: f"another {what} is already named {name!r} ({first})",
    )


def _item_id_problems(scenes: list[tuple[int, dict[str, Any]]]) -> list[Problem]:
    problems: list[Problem] = []
    for scene_index, scene in scenes:
        problems += duplicate_problems(
            json_objects(scene.get("items")),
            "id",
            f"scenes[{scene_index}].items",
            lambda item_id, first: f"another item in this scene has the id {item_id!r} ({first})",
        )
    return problems


def _raw_named_sources(
    scenes: list[tuple[int, dict[str, Any]]], base_dir: Path | None
) -> list[tuple[str, SourceSettings]]:
    # Compare validated settings, not raw JSON: "./logo.png" and "logo.png", or a field left
    # at its default and the same value written out, are the same source.
    context = {"base_dir": base_dir} if base_dir is not None else None
    named: list[tuple[str, SourceSettings]] = []
    for scene_index, scene in scenes:
        for item_index, item in json_objects(scene.get("items")):
            raw = item.get("source")
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                continue
            try:
                settings = SOURCE_ADAPTER.validate_python(raw, context=context)
            except ValidationError:
                continue  # reported by the structural validation
            named.append((f"scenes[{scene_index}].items[{item_index}].source", settings))
    return named


def _differing_fields(first: SourceSettings, second: SourceSettings) -> list[str]:
    a = first.model_dump(mode="json")
    b = second.model_dump(mode="json")
    return [key for key in sorted(a.keys() | b.keys()) if a.get(key) != b.get(key)]
