"""Studio mode's second picture: a scene rendered on demand, beside the one on air.

It shares the canvas's sources (acquired from the pool while the preview is open) and has its
own renderer, so preparing the next scene never touches the program's caches or timing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from av.video.reformatter import VideoReformatter

from studio.compositor.layout import RenderItem
from studio.compositor.planes import CanvasBuffer
from studio.compositor.renderer import SceneRenderer
from studio.engine.preview_picture import PREVIEW_SCALING, preview_size


class ScenePreview:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._renderer = SceneRenderer(width, height)
        self._buffer = CanvasBuffer(width, height)
        self._reformatter = VideoReformatter()
        self._lock = threading.Lock()

    def render(self, items: Sequence[RenderItem], width: int, height: int) -> np.ndarray:
        """Render ``items`` now and return the picture scaled to fit, as BGRA."""
        out_w, out_h = preview_size(self.width, self.height, width, height)
        with self._lock:
            self._renderer.render(items, self._buffer)
            frame = self._reformatter.reformat(
                self._buffer.to_video_frame(),
                width=out_w,
                height=out_h,
                format="bgra",
                **PREVIEW_SCALING,
            )
            return frame.to_ndarray()
