"""Which H.264 encoders really work on this machine.

FFmpeg lists h264_nvenc/qsv/amf even without the GPU or driver, so the only honest test is to
open one and encode a frame. The answer does not change while the app runs: it is cached.
"""

from __future__ import annotations

import functools
import io
import logging
from fractions import Fraction
from typing import cast

import av
import numpy as np

from studio.encode.settings import HARDWARE_VIDEO_ENCODERS, SOFTWARE_VIDEO_ENCODER

log = logging.getLogger(__name__)


def try_open_video_encoder(name: str, width: int = 256, height: int = 144) -> str | None:
    """Open ``name`` and encode one frame; return None when it works, else the reason."""
    if name not in av.codecs_available:
        return f"{name} is not part of this FFmpeg build"
    try:
        container = av.open(io.BytesIO(), "w", format="nut")
        try:
            stream = cast(av.video.stream.VideoStream, container.add_stream(name, rate=30))
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.time_base = Fraction(1, 30)
            stream.bit_rate = 1_000_000
            frame = av.VideoFrame.from_ndarray(
                np.zeros((height * 3 // 2, width), np.uint8), format="yuv420p"
            )
            frame.pts = 0
            packets = list(stream.encode(frame)) + list(stream.encode(None))
        finally:
            container.close()
    except Exception as exc:  # any FFmpeg/driver failure means "not available"
        return f"{name} could not be opened ({exc})"
    return None if packets else f"{name} produced no output"


@functools.cache
def probe_video_encoders() -> tuple[str, ...]:
    """The H.264 encoders that open and encode a frame here, software last (the fallback)."""
    working = [name for name in HARDWARE_VIDEO_ENCODERS if try_open_video_encoder(name) is None]
    log.info("working hardware H.264 encoders: %s", ", ".join(working) or "none")
    return (*working, SOFTWARE_VIDEO_ENCODER)
