"""Blending into yuv420p canvas planes: colours, alpha, clipping, opacity."""

from __future__ import annotations

import numpy as np
import pytest

from studio.compositor.blend import blend_overlay, place_video, prepare_overlay
from studio.compositor.colorspace import rgb_to_yuv709
from studio.compositor.planes import CanvasBuffer


def solid_bgra(width: int, height: int, rgb: tuple[int, int, int], alpha: int) -> np.ndarray:
    image = np.empty((height, width, 4), dtype=np.uint8)
    r, g, b = (round(c * alpha / 255) for c in rgb)  # premultiplied
    image[...] = (b, g, r, alpha)
    return image


def black_canvas(width: int = 64, height: int = 48) -> CanvasBuffer:
    canvas = CanvasBuffer(width, height)
    canvas.fill_black()
    return canvas


def test_opaque_overlay_lands_exactly_where_placed_in_its_colour() -> None:
    canvas = black_canvas()
    overlay = prepare_overlay(solid_bgra(10, 8, (255, 0, 0), 255))
    assert overlay is not None and overlay.opaque
    blend_overlay(canvas, overlay, 20, 10)
    expected_y, expected_u, expected_v = rgb_to_yuv709(255, 0, 0)
    assert np.all(np.abs(canvas.y[10:18, 20:30].astype(int) - expected_y) <= 1)
    assert np.all(np.abs(canvas.u[5:9, 10:15].astype(int) - expected_u) <= 1)
    assert np.all(np.abs(canvas.v[5:9, 10:15].astype(int) - expected_v) <= 1)
    # Nothing outside the rectangle changed.
    mask = np.ones_like(canvas.y, dtype=bool)
    mask[10:18, 20:30] = False
    assert np.all(canvas.y[mask] == 16)


def test_half_transparent_white_over_black_is_mid_grey() -> None:
    canvas = black_canvas()
    overlay = prepare_overlay(solid_bgra(8, 8, (255, 255, 255), 128))
    assert overlay is not None and not overlay.opaque
    blend_overlay(canvas, overlay, 0, 0)
    expected = 16 + (235 - 16) * 128 / 255
    assert abs(float(canvas.y[0:8, 0:8].mean()) - expected) <= 1.0
    assert np.all(np.abs(canvas.u[0:4, 0:4].astype(int) - 128) <= 1)


def test_item_opacity_scales_alpha() -> None:
    canvas = black_canvas()
    overlay = prepare_overlay(solid_bgra(8, 8, (255, 255, 255), 255), opacity=0.25)
    assert overlay is not None
    blend_overlay(canvas, overlay, 0, 0)
    assert abs(float(canvas.y[0:8, 0:8].mean()) - (16 + 219 * 0.25)) <= 1.0


def test_fully_transparent_overlay_is_skipped_and_transparent_margins_trimmed() -> None:
    assert prepare_overlay(solid_bgra(8, 8, (255, 255, 255), 0)) is None
    image = solid_bgra(40, 20, (0, 0, 0), 0)
    image[6:10, 12:20] = (255, 255, 255, 255)
    overlay = prepare_overlay(image)
    assert overlay is not None
    assert (overlay.offset_x, overlay.offset_y, overlay.width, overlay.height) == (12, 6, 8, 4)
    canvas = black_canvas()
    blend_overlay(canvas, overlay, 2, 2)
    assert np.all(canvas.y[8:12, 14:22] == 235)
    assert canvas.y[7, 14] == 16 and canvas.y[8, 13] == 16


@pytest.mark.parametrize(("x", "y"), [(-4, -4), (60, 44), (-100, 0), (0, 100)])
def test_overlays_partly_or_wholly_off_canvas_are_clipped(x: int, y: int) -> None:
    canvas = black_canvas()
    overlay = prepare_overlay(solid_bgra(8, 8, (255, 255, 255), 255))
    assert overlay is not None
    blend_overlay(canvas, overlay, x, y)
    visible_w = max(0, min(x + 8, 64) - max(x, 0))
    visible_h = max(0, min(y + 8, 48) - max(y, 0))
    assert int((canvas.y == 235).sum()) == visible_w * visible_h


def test_place_video_copies_planes_and_mixes_with_opacity() -> None:
    canvas = black_canvas()
    planes = (
        np.full((8, 8), 200, np.uint8),
        np.full((4, 4), 90, np.uint8),
        np.full((4, 4), 160, np.uint8),
    )
    place_video(canvas, planes, 4, 4)
    assert np.all(canvas.y[4:12, 4:12] == 200) and np.all(canvas.u[2:6, 2:6] == 90)
    canvas = black_canvas()
    place_video(canvas, planes, 4, 4, opacity=0.5)
    assert abs(int(canvas.y[5, 5]) - (16 + 200) // 2) <= 1


def test_odd_overlay_sizes_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="even"):
        prepare_overlay(solid_bgra(7, 8, (1, 2, 3), 255))
