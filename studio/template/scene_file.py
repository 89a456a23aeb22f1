"""A show's scene collection, opened from what a host names on the command line: a scene
``.json`` file, or a template or profile bundle (its files unpacked while the collection is in
use). The bundle checks (zip safety, fonts, images) load only for a bundle, so a `studio record`
of a JSON scene does not pay for them (~30 ms and fontTools' ~5 MB) at every start."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from studio.scene import SceneCollection, load_collection
from studio.template.bundle_format import MANIFEST_ENTRY

TEMPLATE_SUFFIX = ".lsstemplate"
PROFILE_SUFFIX = ".lssprofile"


def is_bundle_path(path: Path) -> bool:
    """A template or profile: a bundle file, or a folder laid out like one."""
    if path.is_dir():
        return (path / MANIFEST_ENTRY).is_file()
    return path.suffix.lower() in (TEMPLATE_SUFFIX, PROFILE_SUFFIX)


@contextmanager
def open_scene(path: Path) -> Iterator[SceneCollection]:
    """A scene collection from a ``.json`` file, or from a template or profile (its files
    unpacked for as long as the collection is in use). Raises SceneDocumentError or
    BundleError."""
    if not is_bundle_path(path):
        yield load_collection(path)
        return
    from studio.template.bundle import open_bundle

    with open_bundle(path) as opened:
        yield opened.collection
