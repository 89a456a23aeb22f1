"""Transform → canvas rectangle: natural size, explicit size, crop and the fit modes."""

from __future__ import annotations

from typing import Any

import pytest

from studio.compositor.layout import Crop, Placement, RenderItem, place


def item(**fields: Any) -> RenderItem:
    return RenderItem(key="k", source=None, **fields)  # type: ignore[arg-type]


CANVAS = (1920, 1080)


def test_natural_size_at_position() -> None:
    assert place(item(x=100, y=50), (640, 360), CANVAS) == Placement(100, 50, 640, 360, Crop())


def test_one_side_given_keeps_aspect() -> None:
    assert place(item(width=320), (640, 360), CANVAS) == Placement(0, 0, 320, 180, Crop())
    assert place(item(height=90), (640, 360), CANVAS) == Placement(0, 0, 160, 90, Crop())


def test_crop_reduces_the_natural_size() -> None:
    crop = Crop(left=40, right=40, top=0, bottom=20)
    assert place(item(crop=crop), (640, 360), CANVAS) == Placement(0, 0, 560, 340, crop)


def test_contain_letterboxes_a_landscape_source_in_a_vertical_canvas() -> None:
    placement = place(item(fit="contain"), (1920, 1080), (1080, 1920))
    assert placement == Placement(0, 656, 1080, 608, Crop())


def test_cover_fills_a_vertical_canvas_by_cropping_the_sides() -> None:
    placement = place(item(fit="cover"), (1920, 1080), (1080, 1920))
    assert placement is not None
    assert (placement.width, placement.height) == (1080, 1920)
    assert placement.crop.left == placement.crop.right == pytest.approx(656, abs=1)
    assert placement.crop.top == placement.crop.bottom == 0


def test_stretch_fills_the_box() -> None:
    assert place(item(fit="stretch", width=300, height=200), (640, 360), CANVAS) == Placement(
        0, 0, 300, 200, Crop()
    )


def test_positions_and_sizes_are_even_for_420_chroma() -> None:
    placement = place(item(x=101, y=51, width=333), (640, 360), CANVAS)
    assert placement is not None
    assert placement.x % 2 == placement.y % 2 == placement.width % 2 == placement.height % 2 == 0


def test_a_source_cropped_to_nothing_is_not_drawn() -> None:
    assert place(item(crop=Crop(left=320, right=320)), (640, 360), CANVAS) is None
