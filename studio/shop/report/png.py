"""PNG encoding of an RGB array through PyAV's png encoder: no imaging library needed."""

from __future__ import annotations

import av
import numpy as np


def encode_png(rgb: np.ndarray) -> bytes:
    """``rgb``: height × width × 3, uint8."""
    height, width = rgb.shape[:2]
    context = av.CodecContext.create("png", "w")
    context.width, context.height, context.pix_fmt = width, height, "rgb24"
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb, dtype=np.uint8), format="rgb24")
    packets = [*context.encode(frame), *context.encode(None)]
    return b"".join(bytes(packet) for packet in packets)
