"""Comparing renderings with a tolerance: the same picture drawn on another computer (another
font rasteriser, another resampler) passes; a picture with an element missing, moved or
showing other words does not.

Two checks, each catching what the other cannot:

- The whole picture: mean absolute difference under 3 (of 255) and under 2 % of pixels
  differing by more than 40. A wrong layout, colour or background, a blank canvas or the
  product card missing fails it. A small element (a 60 px logo, a name) barely moves either
  number (dropping the host name moves the mean by 0.3), so it cannot be the only check.
- Tiles: the average colour of every 16×16 tile (32×32 canvas pixels at 1920 wide) differs
  by under 22. Measured on the built-ins: redrawing with another resampler moves a tile by at
  most 2.5, even shifting the whole picture by a pixel (worse than any rasteriser drift) by
  at most 16; while removing any single element (the sales ticker, the goal bar, the host
  name, the logo) moves its tiles by 28 or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

MAX_MEAN_DIFFERENCE = 3.0
MAX_SHARE_FAR_OFF = 0.02
FAR_OFF = 40
TILE_PX = 16
MAX_TILE_DIFFERENCE = 22.0


@dataclass(frozen=True)
class Difference:
    mean: float  # mean absolute difference per colour channel, 0–255
    share_far_off: float  # pixels with a channel more than FAR_OFF apart, 0–1
    worst_tile: float  # the largest difference of a tile's average colour, 0–255
    worst_tile_at: tuple[int, int]  # its top-left pixel (x, y) in the compared pictures

    @property
    def close(self) -> bool:
        return (
            self.mean < MAX_MEAN_DIFFERENCE
            and self.share_far_off < MAX_SHARE_FAR_OFF
            and self.worst_tile < MAX_TILE_DIFFERENCE
        )

    def __str__(self) -> str:
        return (
            f"mean {self.mean:.2f} (< {MAX_MEAN_DIFFERENCE}), "
            f"{self.share_far_off:.2%} of pixels over {FAR_OFF} off (< {MAX_SHARE_FAR_OFF:.0%}), "
            f"worst {TILE_PX}px tile {self.worst_tile:.1f} at {self.worst_tile_at} "
            f"(< {MAX_TILE_DIFFERENCE})"
        )


def read_png(path: Path) -> np.ndarray:
    """A PNG as a BGRA array (as the renderer gives them)."""
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="bgra")


def difference(picture: np.ndarray, expected: np.ndarray) -> Difference:
    """How far ``picture`` is from ``expected`` (both BGRA, the same size; alpha ignored:
    a rendering is opaque)."""
    assert picture.shape == expected.shape, f"{picture.shape} != {expected.shape}"
    a = picture[:, :, :3].astype(np.int16)
    b = expected[:, :, :3].astype(np.int16)
    apart = np.abs(a - b)
    tiles = np.abs(_tile_means(a) - _tile_means(b)).max(axis=2)
    row, column = np.unravel_index(int(tiles.argmax()), tiles.shape)
    return Difference(
        mean=float(apart.mean()),
        share_far_off=float((apart.max(axis=2) > FAR_OFF).mean()),
        worst_tile=float(tiles.max()),
        worst_tile_at=(int(column) * TILE_PX, int(row) * TILE_PX),
    )


def _tile_means(picture: np.ndarray) -> np.ndarray:
    """The average colour of each TILE_PX square (edge tiles padded with their edge)."""
    height, width = picture.shape[:2]
    padded_h, padded_w = -(-height // TILE_PX) * TILE_PX, -(-width // TILE_PX) * TILE_PX
    padded = np.pad(
        picture.astype(np.float32), ((0, padded_h - height), (0, padded_w - width), (0, 0)),
        mode="edge",
    )  # fmt: skip
    tiles = padded.reshape(padded_h // TILE_PX, TILE_PX, padded_w // TILE_PX, TILE_PX, 3)
    return tiles.mean(axis=(1, 3))


def is_blank(picture: np.ndarray) -> bool:
    """One flat colour, or next to it: nothing was drawn."""
    colours = picture[:, :, :3].reshape(-1, 3)
    return bool(colours.std(axis=0).max() < 2.0)
