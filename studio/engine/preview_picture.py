"""How a canvas becomes a preview picture: its colours named for swscale, and its size."""

from __future__ import annotations

from typing import Any

from av.video.reformatter import ColorRange, Colorspace, Interpolation

# The canvas is BT.709 limited range (studio.compositor.colorspace): swscale must be told, or it
# reads it as BT.601 and every colour shifts.
CANVAS_COLOURS = {"src_colorspace": Colorspace.ITU709, "src_color_range": ColorRange.MPEG}

# How a preview is scaled: swscale's fast bilinear on the preview thread alone. A preview runs
# 30 times a second for as long as the app is open; against BILINEAR with swscale's own
# threads this halves its CPU (1.4 against 2.5 ms a frame, 1080p to a 904-pixel preview),
# and a preview a third of the canvas's size shows no difference a host could see.
PREVIEW_SCALING: dict[str, Any] = {
    "interpolation": Interpolation.FAST_BILINEAR,
    "threads": 1,
    **CANVAS_COLOURS,
}


def preview_size(canvas_w: int, canvas_h: int, width: int, height: int) -> tuple[int, int]:
    """The canvas scaled to fit ``width``×``height``: even, and a multiple of 8 wide (swscale's
    vector paths leave the last columns of narrower BGRA rows unwritten)."""
    scale = min(width / canvas_w, height / canvas_h)
    return max(8, int(canvas_w * scale) & ~7), max(2, int(canvas_h * scale) & ~1)
