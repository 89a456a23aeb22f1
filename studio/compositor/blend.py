"""Blending into the canvas planes, only where an item is.

Overlays are converted to premultiplied YUV once (:func:`prepare_overlay`); each frame then costs
a multiply-add over the overlay's own bounding box in 16-bit integers, with scratch buffers kept
from frame to frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.compositor.colorspace import premultiplied_bgra_to_yuva
from studio.compositor.planes import CanvasBuffer

_ONE = 256  # alpha scale: 0..256 so that a right shift divides


@dataclass(slots=True)
class PreparedOverlay:
    """An overlay ready to blend: premultiplied planes (scaled by 256, +128 for rounding) and
    inverse alpha, trimmed to the part that is not fully transparent."""

    offset_x: int  # where the trimmed part starts inside the item's rectangle (even)
    offset_y: int
    y_premul: np.ndarray  # uint16 (h, w)
    y_inverse_alpha: np.ndarray  # uint16 (h, w)
    u_premul: np.ndarray  # uint16 (h/2, w/2)
    v_premul: np.ndarray
    c_inverse_alpha: np.ndarray
    opaque: bool
    # Runs of luma row pairs, (first row, end row, kind): "skip" where every pixel is
    # transparent (text's line gaps), "copy" where every pixel is opaque (a card's body),
    # "blend" elsewhere. Blending costs four passes per pixel; a copy one; a skip none.
    bands: tuple[tuple[int, int, str], ...] = ()
    _scratch_luma: np.ndarray = field(init=False, repr=False)
    _scratch_chroma: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._scratch_luma = np.empty_like(self.y_premul)
        self._scratch_chroma = np.empty_like(self.u_premul)

    @property
    def width(self) -> int:
        return int(self.y_premul.shape[1])

    @property
    def height(self) -> int:
        return int(self.y_premul.shape[0])


def _even_floor(value: int) -> int:
    return value & ~1


def _alpha_bbox(alpha: np.ndarray) -> tuple[int, int, int, int] | None:
    """Even-aligned (x0, y0, x1, y1) around the non-transparent pixels, or None if none."""
    cols = np.flatnonzero(alpha.any(axis=0))
    if cols.size == 0:
        return None
    rows = np.flatnonzero(alpha.any(axis=1))
    height, width = alpha.shape
    x0, y0 = _even_floor(int(cols[0])), _even_floor(int(rows[0]))
    x1 = min(width, (int(cols[-1]) + 2) & ~1)
    y1 = min(height, (int(rows[-1]) + 2) & ~1)
    return x0, y0, x1, y1


def prepare_overlay(bgra: np.ndarray, opacity: float = 1.0) -> PreparedOverlay | None:
    """Convert a premultiplied BGRA image with even sides; None if nothing would show."""
    height, width = bgra.shape[:2]
    if width % 2 or height % 2:
        raise ValueError(f"overlay size must be even, got {width}x{height}")
    if opacity <= 0.0:
        return None
    bbox = _alpha_bbox(bgra[..., 3])
    if bbox is None:
        return None
    x0, y0, x1, y1 = bbox
    trimmed = bgra[y0:y1, x0:x1]
    y_pm, u_pm, v_pm, a_luma, a_chroma = premultiplied_bgra_to_yuva(trimmed)
    scale = _ONE * float(opacity)
    opaque = opacity >= 1.0 and bool((trimmed[..., 3] == 255).all())

    def premul(values: np.ndarray) -> np.ndarray:
        values *= np.float32(scale)
        values += np.float32(128.0)
        np.clip(values, 0, 65535, out=values)
        return values.astype(np.uint16)

    def inverse(alpha: np.ndarray) -> np.ndarray:
        alpha *= np.float32(-scale)
        alpha += np.float32(_ONE + 0.5)  # + 0.5: rounds when truncated below
        np.clip(alpha, 0, _ONE, out=alpha)
        return alpha.astype(np.uint16)

    y_inverse_alpha, c_inverse_alpha = inverse(a_luma), inverse(a_chroma)
    return PreparedOverlay(
        offset_x=x0,
        offset_y=y0,
        y_premul=premul(y_pm),
        y_inverse_alpha=y_inverse_alpha,
        u_premul=premul(u_pm),
        v_premul=premul(v_pm),
        c_inverse_alpha=c_inverse_alpha,
        opaque=opaque,
        bands=_row_bands(y_inverse_alpha, c_inverse_alpha),
    )


def _row_bands(y_inverse: np.ndarray, c_inverse: np.ndarray) -> tuple[tuple[int, int, str], ...]:
    """Runs of row pairs by what blending does to them, read off the inverse alphas (256
    leaves the canvas as it is, 0 replaces it) of both the luma and the chroma rows."""
    pairs = y_inverse.reshape(-1, 2 * y_inverse.shape[1])
    kinds = np.where(
        (pairs == _ONE).all(axis=1) & (c_inverse == _ONE).all(axis=1),
        0,
        np.where((pairs == 0).all(axis=1) & (c_inverse == 0).all(axis=1), 1, 2),
    )
    names = ("skip", "copy", "blend")
    bands: list[tuple[int, int, str]] = []
    start = 0
    for pair in range(1, len(kinds) + 1):
        if pair == len(kinds) or kinds[pair] != kinds[start]:
            bands.append((2 * start, 2 * pair, names[int(kinds[start])]))
            start = pair
    return tuple(bands)


def _clip(
    x: int, y: int, width: int, height: int, canvas_w: int, canvas_h: int
) -> tuple[int, int, int, int, int, int] | None:
    """Visible part of a rectangle at (x, y): (src_x, src_y, dst_x, dst_y, w, h), all even."""
    dst_x0, dst_y0 = max(x, 0), max(y, 0)
    dst_x1, dst_y1 = min(x + width, canvas_w), min(y + height, canvas_h)
    if dst_x1 <= dst_x0 or dst_y1 <= dst_y0:
        return None
    return dst_x0 - x, dst_y0 - y, dst_x0, dst_y0, dst_x1 - dst_x0, dst_y1 - dst_y0


def _blend_plane(
    dst: np.ndarray, premul: np.ndarray, inverse: np.ndarray, scratch: np.ndarray
) -> None:
    np.multiply(dst, inverse, out=scratch, dtype=np.uint16)
    scratch += premul
    scratch >>= 8
    dst[...] = scratch


def blend_overlay(canvas: CanvasBuffer, overlay: PreparedOverlay, x: int, y: int) -> None:
    """Blend at item position (x, y) (even), clipped to the canvas."""
    x = _even_floor(x + overlay.offset_x)
    y = _even_floor(y + overlay.offset_y)
    visible = _clip(x, y, overlay.width, overlay.height, canvas.width, canvas.height)
    if visible is None:
        return
    sx, sy, dx, dy, w, h = visible
    luma = (slice(sy, sy + h), slice(sx, sx + w))
    chroma = (slice(sy // 2, (sy + h) // 2), slice(sx // 2, (sx + w) // 2))
    dst_luma = canvas.y[dy : dy + h, dx : dx + w]
    cdx, cdy, cw, ch = dx // 2, dy // 2, w // 2, h // 2
    dst_u = canvas.u[cdy : cdy + ch, cdx : cdx + cw]
    dst_v = canvas.v[cdy : cdy + ch, cdx : cdx + cw]
    if overlay.opaque:
        dst_luma[...] = overlay.y_premul[luma] >> 8
        dst_u[...] = overlay.u_premul[chroma] >> 8
        dst_v[...] = overlay.v_premul[chroma] >> 8
        return
    for first, end, kind in overlay.bands:
        top, bottom = max(first, sy), min(end, sy + h)  # the band's visible rows
        if top >= bottom or kind == "skip":
            continue
        rows = slice(top - sy, bottom - sy)  # in the visible part
        c_rows = slice((top - sy) // 2, (bottom - sy) // 2)
        luma_src = (slice(top, bottom), luma[1])
        chroma_src = (slice(top // 2, bottom // 2), chroma[1])
        if kind == "copy":
            np.right_shift(overlay.y_premul[luma_src], 8, out=dst_luma[rows], casting="unsafe")
            np.right_shift(overlay.u_premul[chroma_src], 8, out=dst_u[c_rows], casting="unsafe")
            np.right_shift(overlay.v_premul[chroma_src], 8, out=dst_v[c_rows], casting="unsafe")
            continue
        scratch_luma = overlay._scratch_luma[: bottom - top, :w]
        _blend_plane(dst_luma[rows], overlay.y_premul[luma_src],
                     overlay.y_inverse_alpha[luma_src], scratch_luma)  # fmt: skip
        scratch_c = overlay._scratch_chroma[: (bottom - top) // 2, :cw]
        inverse_c = overlay.c_inverse_alpha[chroma_src]
        _blend_plane(dst_u[c_rows], overlay.u_premul[chroma_src], inverse_c, scratch_c)
        _blend_plane(dst_v[c_rows], overlay.v_premul[chroma_src], inverse_c, scratch_c)


def place_video(
    canvas: CanvasBuffer,
    planes: tuple[np.ndarray, np.ndarray, np.ndarray],
    x: int,
    y: int,
    opacity: float = 1.0,
) -> None:
    """Copy (or, below full opacity, mix) yuv420p planes of even size at (x, y), clipped."""
    src_y, src_u, src_v = planes
    height, width = src_y.shape
    x, y = _even_floor(x), _even_floor(y)
    visible = _clip(x, y, width, height, canvas.width, canvas.height)
    if visible is None or opacity <= 0.0:
        return
    sx, sy, dx, dy, w, h = visible
    pairs = (
        (canvas.y[dy : dy + h, dx : dx + w], src_y[sy : sy + h, sx : sx + w]),
        (
            canvas.u[dy // 2 : (dy + h) // 2, dx // 2 : (dx + w) // 2],
            src_u[sy // 2 : (sy + h) // 2, sx // 2 : (sx + w) // 2],
        ),
        (
            canvas.v[dy // 2 : (dy + h) // 2, dx // 2 : (dx + w) // 2],
            src_v[sy // 2 : (sy + h) // 2, sx // 2 : (sx + w) // 2],
        ),
    )
    if opacity >= 1.0:
        for dst, src in pairs:
            dst[...] = src
        return
    weight = round(opacity * _ONE)
    for dst, src in pairs:
        mixed = dst.astype(np.uint16) * (_ONE - weight) + src.astype(np.uint16) * weight + 128
        dst[...] = mixed >> 8
