"""Still image (PNG, JPEG, WebP) decoded with PyAV."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import av
import numpy as np

from studio.capture.base import ExistingFile, SourceSettings, SourceState
from studio.capture.registry import register_source
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.media import OverlayPicture, picture_file_size


class ImageSettings(SourceSettings):
    kind: Literal["image"] = "image"
    path: ExistingFile


def premultiply_bgra(bgra: np.ndarray) -> np.ndarray:
    """Straight-alpha BGRA → premultiplied BGRA (rounded), as the compositor expects."""
    alpha = bgra[..., 3:4].astype(np.uint16)
    out = bgra.copy()
    out[..., :3] = ((bgra[..., :3].astype(np.uint16) * alpha + 127) // 255).astype(np.uint8)
    return out


def decode_image(path: Path) -> np.ndarray:
    """The first frame of an image file as premultiplied BGRA (h, w, 4)."""
    with av.open(str(path)) as container:
        if not container.streams.video:
            raise ValueError("it holds no picture")
        for frame in container.decode(video=0):
            return premultiply_bgra(np.ascontiguousarray(frame.to_ndarray(format="bgra")))
    raise ValueError("it holds no picture")


@register_source
class ImageSource(ThreadedSource):
    """Loads on its own thread and reloads when the file changes on disk."""

    kind = "image"
    settings_type = ImageSettings
    has_video = True

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        return picture_file_size(Path(settings.path))

    def _run(self) -> None:
        path = Path(self.settings.path)
        loaded: tuple[int, int] | None = None
        while not self.stopping:
            stat = os.stat(path)  # raises while the file is missing: ERROR, then retried
            signature = (stat.st_mtime_ns, stat.st_size)
            if signature != loaded:
                bgra = decode_image(path)
                opaque = bool((bgra[..., 3] == 255).all())
                self._publish(OverlayPicture(bgra, self._next_seq(), opaque))
                loaded = signature
                self._set_health(SourceState.OK)
            self._stop_event.wait(self.retry_interval_s)

    def _describe_error(self, exc: BaseException) -> str:
        path = self.settings.path
        if isinstance(exc, FileNotFoundError):
            return f"Image file '{path}' was not found."
        return f"Image file '{path}' could not be read: {exception_reason(exc)}"
