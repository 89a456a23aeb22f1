"""PNG writing and text rasters for the ffmpeg side of the benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np


def write_png(path: Path, rgba: np.ndarray) -> Path:
    """Write a straight-alpha RGBA image as PNG with PyAV's encoder."""
    height, width = rgba.shape[:2]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgba"
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba), format="rgba")
    packets = list(codec.encode(frame)) + list(codec.encode(None))
    path.write_bytes(b"".join(bytes(p) for p in packets))
    return path


def premultiplied_bgra_to_rgba(bgra: np.ndarray) -> np.ndarray:
    """Undo premultiplication (what PNG and ffmpeg's overlay filter expect)."""
    alpha = bgra[..., 3:4].astype(np.uint16)
    safe = np.maximum(alpha, 1)
    colour = np.minimum(255, (bgra[..., :3].astype(np.uint16) * 255 + safe // 2) // safe)
    rgba = np.empty_like(bgra)
    rgba[..., :3] = colour[..., ::-1].astype(np.uint8)
    rgba[..., 3] = bgra[..., 3]
    rgba[bgra[..., 3] == 0] = 0
    return rgba


def text_rgba(text: str, style: dict[str, Any]) -> np.ndarray:
    """The same raster our text source draws, as straight RGBA."""
    from studio.render.text import render_text_image

    return premultiplied_bgra_to_rgba(render_text_image(text, **style))


def pad_rgba(rgba: np.ndarray, width: int, height: int) -> np.ndarray:
    """Extend with transparent pixels (an image sequence must keep one size)."""
    padded = np.zeros((height, width, 4), np.uint8)
    h, w = min(height, rgba.shape[0]), min(width, rgba.shape[1])
    padded[:h, :w] = rgba[:h, :w]
    return padded
