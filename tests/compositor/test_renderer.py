"""The scene renderer: the black background is painted unless a full-canvas video covers it."""

from __future__ import annotations

import av
import numpy as np

from studio.capture.base import Source, SourceHealth, SourceState
from studio.clock import ManualClock
from studio.compositor.layout import RenderItem
from studio.compositor.planes import BLACK_Y, CanvasBuffer
from studio.compositor.renderer import SceneRenderer
from studio.media import Picture, VideoPicture


class StillVideo(Source):
    kind = "still_video"
    has_video = True

    def __init__(self, width: int, height: int, luma: int) -> None:
        super().__init__(None, ManualClock())
        frame = av.VideoFrame(width, height, "yuv420p")
        for plane, value in zip(frame.planes, (luma, 128, 128), strict=True):
            np.frombuffer(plane, np.uint8)[:] = value
        self._picture = VideoPicture(frame, 1, 0)
        self._health = SourceHealth(SourceState.OK)

    @property
    def display_name(self) -> str:
        return "still"

    def current_picture(self) -> Picture | None:
        return self._picture


def test_a_smaller_video_after_a_full_one_leaves_no_stale_pixels() -> None:
    renderer = SceneRenderer(64, 48)
    buffer = CanvasBuffer(64, 48)
    full = RenderItem("full", StillVideo(64, 48, 200), fit="stretch")
    renderer.render([full], buffer)
    assert (buffer.y == 200).all()  # covered: painted by the video alone

    small = RenderItem("small", StillVideo(16, 16, 100), x=0, y=0)
    renderer.render([small], buffer)  # the same (dirty) buffer, as the frame pool reuses it
    assert (buffer.y[:16, :16] == 100).all()
    assert (buffer.y[16:, :] == BLACK_Y).all() and (buffer.y[:, 16:] == BLACK_Y).all()


def test_a_half_transparent_full_video_is_drawn_over_black() -> None:
    renderer = SceneRenderer(64, 48)
    buffer = CanvasBuffer(64, 48)
    buffer.y.fill(255)  # whatever the pool left there
    item = RenderItem("full", StillVideo(64, 48, 200), fit="stretch", opacity=0.5)
    renderer.render([item], buffer)
    expected = (BLACK_Y * 128 + 200 * 128 + 128) >> 8
    assert np.abs(buffer.y.astype(int) - expected).max() <= 1
