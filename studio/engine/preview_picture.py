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
    """The canvas scaled to fit ``width``×``height``. A box of the canvas's own shape to within
    two pixels (a window's place for its preview, rounded to whole pixels) is filled exactly,
    so the window draws the picture unscaled; the stretch is under 1 %, too small to see."""
    scale = min(width / canvas_w, height / canvas_h)
    fitted_w, fitted_h = round(canvas_w * scale), round(canvas_h * scale)
    if abs(fitted_w - width) <= 2 and abs(fitted_h - height) <= 2:
        return max(1, width), max(1, height)
    return max(1, fitted_w), max(1, fitted_h)
