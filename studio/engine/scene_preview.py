"""Studio mode's second picture: a scene rendered on demand, beside the one on air.

It shares the canvas's sources (acquired from the pool while the preview is open) and has its
own renderer, so preparing the next scene never touches the program's caches or timing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from av.video.reformatter import Interpolation, VideoReformatter

from studio.compositor.layout import RenderItem
from studio.compositor.planes import CanvasBuffer
from studio.compositor.renderer import SceneRenderer


class ScenePreview:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._renderer = SceneRenderer(width, height)
        self._buffer = CanvasBuffer(width, height)
        self._reformatter = VideoReformatter()
        self._lock = threading.Lock()

    def render(self, items: Sequence[RenderItem], width: int, height: int) -> np.ndarray:
        """Render ``items`` now and return the picture scaled to fit, as BGRA."""
        scale = min(width / self.width, height / self.height)
        out_w = max(2, int(self.width * scale) & ~1)
        out_h = max(2, int(self.height * scale) & ~1)
        with self._lock:
            self._renderer.render(items, self._buffer)
            frame = self._reformatter.reformat(
                self._buffer.to_video_frame(),
                width=out_w,
                height=out_h,
                format="bgra",
                interpolation=Interpolation.BILINEAR,
            )
            return frame.to_ndarray()
