"""Where an item lands on the canvas: its transform applied to the source's natural size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from studio.capture.base import Source

Fit = Literal["none", "contain", "cover", "stretch"]


@dataclass(frozen=True, slots=True)
class Crop:
    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.left or self.top or self.right or self.bottom)


@dataclass(frozen=True, slots=True)
class RenderItem:
    """One item of the scene as the compositor sees it (the engine builds these from the
    scene document; the compositor never reads the document itself)."""

    key: str  # stable per item, keys the compositor's caches
    source: Source
    x: int = 0
    y: int = 0
    width: int | None = None
    height: int | None = None
    fit: Fit = "none"
    crop: Crop = Crop()
    opacity: float = 1.0
    visible: bool = True


@dataclass(frozen=True, slots=True)
class Placement:
    x: int
    y: int
    width: int
    height: int
    crop: Crop  # in source pixels, including what "cover" cuts away


def _even(value: float) -> int:
    return max(2, round(value / 2.0) * 2)


def _even_position(value: float) -> int:
    return int(value) & ~1


def place(
    item: RenderItem, natural_size: tuple[int, int], canvas_size: tuple[int, int]
) -> Placement | None:
    """The even-aligned destination rectangle and source crop, or None if nothing shows."""
    src_w, src_h = natural_size
    crop = item.crop
    visible_w = src_w - crop.left - crop.right
    visible_h = src_h - crop.top - crop.bottom
    if visible_w < 2 or visible_h < 2:
        return None
    canvas_w, canvas_h = canvas_size

    if item.fit == "none":
        if item.width is None and item.height is None:
            width, height = float(visible_w), float(visible_h)
        elif item.width is None:
            assert item.height is not None
            width, height = visible_w * item.height / visible_h, float(item.height)
        elif item.height is None:
            width, height = float(item.width), visible_h * item.width / visible_w
        else:
            width, height = float(item.width), float(item.height)
        return Placement(
            _even_position(item.x), _even_position(item.y), _even(width), _even(height), crop
        )

    box_w = item.width if item.width is not None else canvas_w
    box_h = item.height if item.height is not None else canvas_h
    if item.fit == "stretch":
        return Placement(
            _even_position(item.x), _even_position(item.y), _even(box_w), _even(box_h), crop
        )
    if item.fit == "contain":
        scale = min(box_w / visible_w, box_h / visible_h)
        fit_w, fit_h = visible_w * scale, visible_h * scale
        x = item.x + (box_w - fit_w) / 2
        y = item.y + (box_h - fit_h) / 2
        return Placement(_even_position(x), _even_position(y), _even(fit_w), _even(fit_h), crop)
    # cover: scale to fill the box, cut the overflow away symmetrically
    scale = max(box_w / visible_w, box_h / visible_h)
    keep_w = min(visible_w, round(box_w / scale))
    keep_h = min(visible_h, round(box_h / scale))
    cut_x, cut_y = visible_w - keep_w, visible_h - keep_h
    cover_crop = Crop(
        crop.left + cut_x // 2,
        crop.top + cut_y // 2,
        crop.right + cut_x - cut_x // 2,
        crop.bottom + cut_y - cut_y // 2,
    )
    return Placement(
        _even_position(item.x), _even_position(item.y), _even(box_w), _even(box_h), cover_crop
    )
