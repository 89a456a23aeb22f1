"""The window's one way to the template library: listing, importing, thumbnails, new shows
and exports run on a worker thread; their results come back as signals on the UI thread.

Thumbnails are drawn by the real compositor (:func:`studio.template.render.render_still`) and
kept in the cache folder under the bundle's content hash, so the gallery draws each template
once per version of it and of the app.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from studio import __version__
from studio.data_folder import user_folders
from studio.scene import SceneCollection
from studio.settings.model import AppSettings
from studio.template.bundle import open_bundle
from studio.template.bundle_format import MANIFEST_ENTRY
from studio.template.library import (
    TemplateEntry,
    import_template,
    list_templates,
)

log = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 320


def thumbnail_cache_folder() -> Path:
    return user_folders().cache / "template-thumbnails"


class TemplateBridge(QObject):
    listed = Signal(list)  # [TemplateEntry]
    thumbnail_ready = Signal(str, object)  # entry path, Path of the PNG
    imported = Signal(object)  # TemplateEntry
    show_ready = Signal(object, object)  # TemplateEntry, SceneCollection
    exported = Signal(object)  # Path of the written bundle
    failed = Signal(str)  # a sentence for the host
    _done = Signal(object, object)

    def __init__(
        self,
        data_folder: Path,
        cache_folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_folder = data_folder
        self.cache_folder = cache_folder or thumbnail_cache_folder()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="templates")
        self._closed = False
        self._done.connect(self._call_back)

    def close(self) -> None:
        self._closed = True
        self._worker.shutdown(wait=False, cancel_futures=True)

    # -- requests (answered by signals) ----------------------------------------------------
    def list_templates(self) -> None:
        self._run(lambda: list_templates(self.data_folder), self.listed.emit)

    def draw_thumbnail(self, entry: TemplateEntry) -> None:
        self._run(lambda: self._thumbnail(entry),
                  lambda png: self.thumbnail_ready.emit(str(entry.path), png))  # fmt: skip

    def import_file(self, path: Path, *, replace: bool = False) -> None:
        self._run(lambda: import_template(path, self.data_folder, replace=replace),
                  self.imported.emit)  # fmt: skip

    def new_show(self, entry: TemplateEntry, camera_found: bool) -> None:
        def build() -> tuple[TemplateEntry, SceneCollection]:
            from studio.template.new_show import cameras_as_stand_ins, show_from_template

            with open_bundle(entry.path) as opened:
                collection = show_from_template(opened, self.data_folder)
            return entry, collection if camera_found else cameras_as_stand_ins(collection)

        self._run(build, lambda result: self.show_ready.emit(*result))

    def export_template(self, collection: SceneCollection, output: Path, name: str) -> None:
        from studio.template.export import export_template

        self._run(lambda: export_template(collection, output, name=name), self.exported.emit)

    def export_profile(
        self, settings: AppSettings, collection: SceneCollection, output: Path, name: str
    ) -> None:
        from studio.template.profile import export_profile

        self._run(lambda: export_profile(settings, collection, output, name=name),
                  self.exported.emit)  # fmt: skip

    # -- worker ------------------------------------------------------------------------------
    def _thumbnail(self, entry: TemplateEntry) -> Path:
        from studio.template.render import render_still, scaled_to_width, write_png

        key = _content_hash(entry.path)
        png = self.cache_folder / f"{key}.png"
        if png.is_file():
            return png
        with open_bundle(entry.path) as opened:
            picture = render_still(opened.collection)
        write_png(scaled_to_width(picture, THUMBNAIL_WIDTH), png)
        return png

    def _run(self, work: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
        if self._closed:
            return
        future = self._worker.submit(work)

        def finished(done: Future[Any]) -> None:
            if done.cancelled() or self._closed:
                return
            error = done.exception()
            if error is not None:
                log.info("template work failed", exc_info=error)
                self._done.emit(self.failed.emit, _sentence(error))
            else:
                self._done.emit(deliver, done.result())

        future.add_done_callback(finished)

    @Slot(object, object)
    def _call_back(self, deliver: Callable[[Any], None], result: Any) -> None:
        if not self._closed:
            deliver(result)


def _content_hash(path: Path) -> str:
    """Of a bundle's bytes, or of a folder's manifest (which lists every file's hash)."""
    digest = hashlib.sha256(__version__.encode())
    source = path / MANIFEST_ENTRY if path.is_dir() else path
    digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def _sentence(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
