"""Blending into yuv420p canvas planes: colours, alpha, clipping, opacity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.compositor.blend import PreparedOverlay, blend_overlay, place_video, prepare_overlay
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


def _blended_everywhere(canvas: CanvasBuffer, overlay: PreparedOverlay, x: int, y: int) -> None:
    """The reference: every visible pixel through the blend's formula, no bands."""
    x, y = x + overlay.offset_x, y + overlay.offset_y
    for plane, premul, inverse, scale in (
        (canvas.y, overlay.y_premul, overlay.y_inverse_alpha, 1),
        (canvas.u, overlay.u_premul, overlay.c_inverse_alpha, 2),
        (canvas.v, overlay.v_premul, overlay.c_inverse_alpha, 2),
    ):
        px, py = x // scale, y // scale
        x0, y0 = max(px, 0), max(py, 0)
        x1 = min(px + premul.shape[1], plane.shape[1])
        y1 = min(py + premul.shape[0], plane.shape[0])
        if x1 <= x0 or y1 <= y0:
            continue
        src = (slice(y0 - py, y1 - py), slice(x0 - px, x1 - px))
        dst = plane[y0:y1, x0:x1].astype(np.uint32)
        plane[y0:y1, x0:x1] = (dst * inverse[src] + premul[src]) >> 8


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.sampled_from(["clear", "solid", "soft", "text"]), min_size=1, max_size=12),
    x=st.integers(-40, 70).map(lambda v: v & ~1),
    y=st.integers(-40, 60).map(lambda v: v & ~1),
    opacity=st.sampled_from([1.0, 0.5]),
    seed=st.integers(0, 2**16),
)
def test_skipping_clear_rows_and_copying_solid_ones_gives_the_blend_of_every_pixel(
    rows: list[str], x: int, y: int, opacity: float, seed: int
) -> None:
    """Text and cards: runs of clear, solid and part-transparent row pairs, anywhere on or
    off the canvas, at full and half opacity, land exactly as blending every pixel would."""
    random = np.random.default_rng(seed)
    width = 24
    image = np.zeros((2 * len(rows), width, 4), dtype=np.uint8)
    for index, kind in enumerate(rows):
        pair = image[2 * index : 2 * index + 2]
        alpha = {"clear": np.zeros((2, width)), "solid": np.full((2, width), 255),
                 "soft": np.full((2, width), 128),
                 "text": random.choice([0, 90, 255], size=(2, width))}[kind]  # fmt: skip
        colour = random.integers(0, 256, size=(2, width, 3))
        pair[..., 3] = alpha
        pair[..., :3] = (colour * alpha[..., None] // 255).astype(np.uint8)  # premultiplied
    overlay = prepare_overlay(image, opacity)
    if overlay is None:
        return  # nothing shows: nothing to compare
    banded, reference = black_canvas(), black_canvas()
    for canvas in (banded, reference):
        canvas.y[...] = random.integers(16, 236, size=canvas.y.shape)
        canvas.u[...] = canvas.v[...] = 128
    reference.y[...] = banded.y
    blend_overlay(banded, overlay, x, y)
    _blended_everywhere(reference, overlay, x, y)
    for got, want in zip(banded.planes, reference.planes, strict=True):
        np.testing.assert_array_equal(got, want)
