"""A new show made from a template: the template's files copied beside the show, and its
collection pointing at the copies.

The show owns its copy (``template-files/<name>-<digest>/`` in the show's folder), so deleting
or replacing the template later never breaks a show made from it, and undoing back to an
older show still finds that show's files.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path

from studio.capture.base import SourceSettings
from studio.capture.camera import CameraSettings
from studio.capture.image import ImageSettings
from studio.resources import resources_dir
from studio.scene import SceneCollection, load_collection
from studio.template.bundle import OpenedBundle
from studio.template.bundle_format import COLLECTION_ENTRY, MANIFEST_ENTRY
from studio.template.library import slug_for

TEMPLATE_FILES = "template-files"
CAMERA_STAND_IN = "camera-stand-in.png"


def show_from_template(template: OpenedBundle, show_folder: Path) -> SceneCollection:
    """Copy the template's files under ``show_folder`` and load its collection from there
    (file paths then point into the show's folder; the caller saves the collection)."""
    digest = hashlib.sha256((template.folder / MANIFEST_ENTRY).read_bytes()).hexdigest()[:10]
    target = show_folder / TEMPLATE_FILES / f"{slug_for(template.manifest.name)}-{digest}"
    if not (target / COLLECTION_ENTRY).is_file():
        staging = target.with_name(f".copy-{uuid.uuid4().hex[:8]}")
        shutil.copytree(template.folder, staging)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return load_collection(target / COLLECTION_ENTRY)


def cameras_as_stand_ins(collection: SceneCollection) -> SceneCollection:
    """Camera items showing the stand-in picture (a host silhouette) instead: for a still
    of a template, and for a first run on a computer without a camera, where a "camera not
    found" warning would be the first thing a new host sees."""
    stand_in = resources_dir() / "images" / CAMERA_STAND_IN

    def replaced(source: SourceSettings) -> SourceSettings:
        if isinstance(source, CameraSettings):
            return ImageSettings(name=source.name, path=stand_in)
        return source

    return collection.with_sources(replaced)
