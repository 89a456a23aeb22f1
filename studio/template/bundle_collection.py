"""``collection.json`` inside a bundle: an ordinary scene collection whose every file path is
relative to the bundle and points into its ``assets/``, with the canvases the manifest says.

Paths are checked twice. On the raw JSON first, so that ``/etc/passwd`` or ``../../x`` is
named as leaving the bundle rather than accepted (an absolute path to a file that exists is a
valid path to the scene loader) or reported as "file not found"; then on the validated
collection, which catches any path field the raw walk does not know about.
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from studio.capture.base import SourceSettings
from studio.capture.registry import settings_types
from studio.scene import SceneCollection, SceneDocumentError, parse_collection
from studio.template.bundle_format import (
    ASSET_EXTENSIONS,
    ASSETS_FOLDER,
    COLLECTION_ENTRY,
    FONT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    MANIFEST_ENTRY,
    MAX_JSON_BYTES,
    MEDIA_EXTENSIONS,
    BundleError,
    BundleErrorCode,
    Manifest,
    document_refused,
    parse_json_document,
    refused,
)
from studio.template.entry_names import extension_of, name_safety_problem, shown_name

# What each source kind's files must be; kinds not named here may point at any asset.
_EXTENSIONS_BY_KIND: dict[str, tuple[str, ...]] = {
    "image": IMAGE_EXTENSIONS,
    "media": MEDIA_EXTENSIONS + IMAGE_EXTENSIONS,
}


def check_collection(folder: Path, manifest: Manifest) -> SceneCollection:
    """The collection of the unpacked bundle at ``folder``, its files resolved inside it."""
    content = _read_capped(folder / COLLECTION_ENTRY)
    data = parse_json_document(content, COLLECTION_ENTRY, BundleErrorCode.BAD_COLLECTION)
    if isinstance(data, dict):
        for json_path, value, extensions in _raw_file_paths(data):
            _check_raw_path(json_path, value, extensions)
    try:
        collection = parse_collection(content, folder, document_path=Path(COLLECTION_ENTRY))
    except SceneDocumentError as error:
        raise _from_scene_error(error) from None
    _check_resolved_paths(collection, folder)
    check_canvases(collection, manifest)
    return collection


def check_canvases(collection: SceneCollection, manifest: Manifest) -> None:
    """The manifest's canvases are the collection's (by name and size), and its orientation
    says what they are: a gallery filters and previews by them without opening the show."""
    sizes = {canvas.name: (canvas.width, canvas.height) for canvas in collection.canvases}
    for index, listed in enumerate(manifest.canvases):
        actual = sizes.get(listed.name)
        if actual is None:
            raise refused(
                f"{MANIFEST_ENTRY}: canvases[{index}].name",
                f"the collection has no canvas named {shown_name(listed.name)!r}",
                BundleErrorCode.BAD_MANIFEST,
            )
        if actual != (listed.width, listed.height):
            raise refused(
                f"{MANIFEST_ENTRY}: canvases[{index}]",
                f"says {listed.width}×{listed.height} but the collection's canvas "
                f"{shown_name(listed.name)!r} is {actual[0]}×{actual[1]}",
                BundleErrorCode.BAD_MANIFEST,
            )
    listed_names = {canvas.name for canvas in manifest.canvases}
    for index, canvas in enumerate(collection.canvases):
        if canvas.name not in listed_names:
            raise refused(
                f"{COLLECTION_ENTRY}: canvases[{index}].name",
                f"canvas {shown_name(canvas.name)!r} is not listed in manifest.json's canvases",
                BundleErrorCode.BAD_MANIFEST,
            )
        shape = "vertical" if canvas.height > canvas.width else "landscape"
        if manifest.orientation not in ("both", shape):
            raise refused(
                f"{MANIFEST_ENTRY}: orientation",
                f"says {manifest.orientation!r} but canvas {shown_name(canvas.name)!r} is "
                f"{canvas.width}×{canvas.height} ({shape})",
                BundleErrorCode.BAD_MANIFEST,
            )


def _raw_file_paths(data: dict[str, Any]) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    """(JSON path, raw value, allowed extensions) of every file the collection names."""
    for scene_index, scene in _indexed_dicts(data.get("scenes")):
        for item_index, item in _indexed_dicts(scene.get("items")):
            source = item.get("source")
            if not isinstance(source, dict) or not isinstance(source.get("kind"), str):
                continue
            kind = source["kind"]
            for field in _path_fields().get(kind, ()):
                if field in source:
                    where = f"scenes[{scene_index}].items[{item_index}].source.{field}"
                    yield where, source[field], _EXTENSIONS_BY_KIND.get(kind, ASSET_EXTENSIONS)
    template = data.get("template")
    brand = template.get("brand") if isinstance(template, dict) else None
    if not isinstance(brand, dict):
        return
    for index, font in _indexed(brand.get("fonts")):
        yield f"template.brand.fonts[{index}]", font, FONT_EXTENSIONS
    if brand.get("logo") is not None:
        yield "template.brand.logo", brand["logo"], IMAGE_EXTENSIONS


def _check_raw_path(json_path: str, value: Any, extensions: tuple[str, ...]) -> None:
    if not isinstance(value, str):
        return  # the scene validation names the wrong type
    where = f"{COLLECTION_ENTRY}: {json_path}"
    path = value
    while path.startswith("./"):
        path = path[2:]
    if path.startswith("~"):
        raise refused(
            where, "points outside the bundle (a home folder)", BundleErrorCode.UNSAFE_ENTRY
        )
    problem = name_safety_problem(path)
    if problem:
        # "leaves the bundle (.. in the path)", "is an absolute path (…)": said of the value.
        raise refused(where, f"{shown_name(value)!r} {problem}", BundleErrorCode.UNSAFE_ENTRY)
    if not path.startswith(f"{ASSETS_FOLDER}/"):
        raise refused(
            where,
            f"{shown_name(value)!r} must point into the bundle's {ASSETS_FOLDER}/ folder",
            BundleErrorCode.BAD_COLLECTION,
        )
    if extension_of(path) not in extensions:
        raise refused(
            where,
            f"{shown_name(value)!r} is not the right kind of file here "
            f"(expected {' '.join(extensions)})",
            BundleErrorCode.BAD_COLLECTION,
        )


def _check_resolved_paths(collection: SceneCollection, folder: Path) -> None:
    assets = Path(os.path.realpath(folder / ASSETS_FOLDER))
    named: list[tuple[str, Path]] = []
    for s, scene in enumerate(collection.scenes):
        for i, item in enumerate(scene.items):
            for field, value in item.source:
                if isinstance(value, Path):
                    named.append((f"scenes[{s}].items[{i}].source.{field}", value))
    if collection.template is not None:
        brand = collection.template.brand
        named += [(f"template.brand.fonts[{k}]", font) for k, font in enumerate(brand.fonts)]
        if brand.logo is not None:
            named.append(("template.brand.logo", brand.logo))
    for json_path, path in named:
        if not Path(os.path.realpath(path)).is_relative_to(assets):
            raise refused(
                f"{COLLECTION_ENTRY}: {json_path}",
                f"points outside the bundle's {ASSETS_FOLDER}/ folder",
                BundleErrorCode.UNSAFE_ENTRY,
            )


def _from_scene_error(error: SceneDocumentError) -> BundleError:
    if not error.problems:
        return refused(
            COLLECTION_ENTRY, "is not a valid scene collection", BundleErrorCode.BAD_COLLECTION
        )
    return document_refused(COLLECTION_ENTRY, error.problems, BundleErrorCode.BAD_COLLECTION)


@cache
def _path_fields() -> dict[str, tuple[str, ...]]:
    """Source kind → its settings fields that hold a file path (read from the models, so a
    new kind with a file needs no change here)."""
    fields: dict[str, tuple[str, ...]] = {}
    for settings_type in settings_types():
        kind = str(settings_type.model_fields["kind"].default)
        fields[kind] = tuple(
            name
            for name, info in settings_type.model_fields.items()
            if _mentions_path(info.annotation)
        )
    return fields


def _mentions_path(annotation: Any) -> bool:
    if annotation is Path:
        return True
    if isinstance(annotation, type) and issubclass(annotation, SourceSettings):
        return False
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or args:
        return any(_mentions_path(arg) for arg in args)
    return False


def _indexed_dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(index, entry) for index, entry in _indexed(value) if isinstance(entry, dict)]


def _indexed(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _read_capped(path: Path) -> bytes:
    with open(path, "rb") as file:
        content = file.read(MAX_JSON_BYTES + 1)
    return content  # parse_json_document refuses more than MAX_JSON_BYTES
