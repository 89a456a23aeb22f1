"""Product thumbnails, read and scaled once off the UI thread, then served from a cache."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter

THUMBNAIL_PX = 40


def placeholder(size_px: int = THUMBNAIL_PX) -> QImage:
    image = QImage(size_px, size_px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#3c4043"))
    painter = QPainter(image)
    painter.setPen(QColor("#9aa0a6"))
    painter.drawRect(0, 0, size_px - 1, size_px - 1)
    painter.end()
    return image


def load_thumbnail(path: str, size_px: int) -> QImage | None:
    """The picture at ``path`` scaled to fit ``size_px`` (QImage is safe off the UI thread)."""
    image = QImage(path)
    if image.isNull():
        return None
    return image.scaled(
        size_px,
        size_px,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class ThumbnailCache(QObject):
    """``get(path)`` answers at once: the cached thumbnail, or a placeholder while the file is
    read on a worker; ``loaded(path)`` tells the model to repaint the rows that show it.
    Remote images (URLs) are not fetched here: they keep the placeholder."""

    loaded = Signal(str)
    _ready = Signal(str, object)

    def __init__(self, size_px: int = THUMBNAIL_PX, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size_px = size_px
        self.placeholder = placeholder(size_px)
        self._images: dict[str, QImage] = {}
        self._pending: set[str] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._closed = False
        self._ready.connect(self._store, Qt.ConnectionType.QueuedConnection)

    def get(self, path: str) -> QImage:
        if not path:
            return self.placeholder
        cached = self._images.get(path)
        if cached is not None:
            return cached
        if path not in self._pending and not self._closed and _is_local(path):
            self._pending.add(path)
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="thumbnails")
            self._executor.submit(self._load, path)
        return self.placeholder

    def _load(self, path: str) -> None:
        image = load_thumbnail(path, self.size_px)
        self._ready.emit(path, image)

    @Slot(str, object)
    def _store(self, path: str, image: QImage | None) -> None:
        self._pending.discard(path)
        self._images[path] = image if image is not None else self.placeholder
        if image is not None:
            self.loaded.emit(path)

    def close(self) -> None:
        self._closed = True
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _is_local(path: str) -> bool:
    if "://" in path and not path.startswith("file://"):
        return False
    return Path(path.removeprefix("file://")).is_file()
