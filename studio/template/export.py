"""The host's current show written out as a template folder, ready to pack and hand on.

Every file the show uses (images, media, the brand kit's fonts and logo) is copied under
``assets/`` and the collection points at the copies by relative path, so the bundle works on
any computer. Nothing secret is in a collection (stream keys and tokens live in the keyring),
and device choices are the exporter's own: cameras and microphones go back to "the default
one" so the template opens on the next host's devices.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np

from studio.capture.base import SourceSettings
from studio.capture.camera import CameraSettings
from studio.capture.microphone import MicrophoneSettings
from studio.scene import SceneCollection, collection_to_json
from studio.scene.template_info import TemplateInfo
from studio.template.bundle_format import (
    ASSETS_FOLDER,
    COLLECTION_ENTRY,
    MANIFEST_ENTRY,
    THUMBNAIL_ENTRY,
)
from studio.template.entry_names import name_safety_problem

THUMBNAIL_WIDTH = 640
Orientation = Literal["landscape", "vertical", "both"]


def orientation_of(collection: SceneCollection) -> Orientation:
    shapes = {"vertical" if c.height > c.width else "landscape" for c in collection.canvases}
    return "both" if len(shapes) > 1 else shapes.pop()  # type: ignore[return-value]


def manifest_data(
    collection: SceneCollection,
    *,
    kind: Literal["template", "profile"],
    name: str,
    version: str,
    author: str,
    description: str,
) -> dict[str, Any]:
    """A manifest without ``files`` (packing adds them)."""
    return {
        "format_version": 1,
        "kind": kind,
        "name": name,
        "version": version,
        "author": author,
        "description": description,
        "orientation": orientation_of(collection),
        "canvases": [
            {"name": c.name, "width": c.width, "height": c.height} for c in collection.canvases
        ],
    }


def portable_collection(collection: SceneCollection, folder: Path, name: str) -> SceneCollection:
    """``collection`` with its files copied into ``folder/assets`` and pointing there, devices
    reset to the defaults, and template info named ``name`` (kept if it had one)."""
    copies = _AssetCopies(folder / ASSETS_FOLDER)

    def portable(source: SourceSettings) -> SourceSettings:
        updates: dict[str, object] = {
            field: copies.copy(value) for field, value in source if isinstance(value, Path)
        }
        if isinstance(source, CameraSettings | MicrophoneSettings):
            updates["device"] = ""
        return source.model_copy(update=updates) if updates else source

    collection = collection.with_sources(portable)
    template = collection.template or TemplateInfo(name=name)
    brand = template.brand.model_copy(
        update={
            "fonts": [copies.copy(font) for font in template.brand.fonts],
            "logo": copies.copy(template.brand.logo) if template.brand.logo else None,
        }
    )
    template = template.model_copy(update={"name": name, "brand": brand})
    return collection.model_copy(update={"template": template})


class _AssetCopies:
    """Each distinct file copied once, under its own name (numbered when two share one)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._by_digest: dict[str, Path] = {}

    def copy(self, path: Path) -> Path:
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        known = self._by_digest.get(digest)
        if known is not None:
            return known
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-")[:60] or "asset"
        suffix = path.suffix.lower()
        if name_safety_problem(f"{ASSETS_FOLDER}/{stem}{suffix}") is not None:
            stem = f"asset-{stem}"  # e.g. "con.png", a name Windows reserves
        target, number = self.folder / f"{stem}{suffix}", 1
        while target.exists():
            number += 1
            target = self.folder / f"{stem}-{number}{suffix}"
        target.write_bytes(content)
        self._by_digest[digest] = target
        return target


def write_template_folder(
    collection: SceneCollection,
    folder: Path,
    manifest: dict[str, Any],
    thumbnail: np.ndarray | None,
) -> SceneCollection:
    """Write ``folder`` (empty or new) as a template folder; returns the collection as
    written (paths inside ``folder``). ``thumbnail`` None renders it from the collection."""
    from studio.template.render import render_still, scaled_to_width, write_png

    folder.mkdir(parents=True, exist_ok=True)
    portable = portable_collection(collection, folder, manifest["name"])
    (folder / COLLECTION_ENTRY).write_text(collection_to_json(portable, folder), encoding="utf-8")
    if thumbnail is None:
        thumbnail = render_still(portable)
    write_png(scaled_to_width(thumbnail, THUMBNAIL_WIDTH), folder / THUMBNAIL_ENTRY)
    (folder / MANIFEST_ENTRY).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return portable


@contextmanager
def temporary_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="liveshop-template-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export_template(
    collection: SceneCollection,
    output: Path,
    *,
    name: str,
    author: str = "",
    version: str = "1.0",
    description: str = "",
) -> Path:
    """Pack the show as ``output`` (a ``.lsstemplate``)."""
    manifest = manifest_data(
        collection, kind="template", name=name, version=version, author=author,
        description=description,
    )  # fmt: skip
    return pack_show(collection, manifest, output)


def pack_show(
    collection: SceneCollection,
    manifest: dict[str, Any],
    output: Path,
    extra_files: dict[str, str] | None = None,
) -> Path:
    """Write the show as a template folder (plus ``extra_files``, name → text) in a
    temporary place and pack it as ``output``."""
    from studio.template.pack import pack_folder

    with temporary_folder() as folder:
        target = folder / "bundle"
        write_template_folder(collection, target, manifest, None)
        for name, text in (extra_files or {}).items():
            (target / name).write_text(text, encoding="utf-8")
        return pack_folder(target, output)
