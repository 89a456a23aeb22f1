"""Resizing a product card's item lays it out again at the box size (not a stretched bitmap),
and costs a raster per new size, never one per frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from studio.capture.shop_overlays import ProductCardSettings, ProductCardSource
from studio.compositor.layout import RenderItem
from studio.compositor.planes import CanvasBuffer
from studio.compositor.renderer import SceneRenderer
from studio.media import OverlayPicture
from studio.render import text as render_text
from studio.render.card_layout import CardLayout
from studio.shop import Product
from studio.shop.live import ShopLive
from tests.capture.waiting import wait_for
from tests.shop_overlays.helpers import live_shop, picture_of, started, usd

NATURAL = (320, 110)
TITLE = "Hand-poured Soy Wax Scented Candle"


@pytest.fixture(scope="module", autouse=True)
def gui_app() -> None:
    render_text.ensure_gui_app()


@pytest.fixture
def shop(tmp_path: Path) -> ShopLive:
    shop = live_shop(tmp_path)
    shop.catalog.add(Product(id="candle", title=TITLE, price=usd("16.00"), stock=9, code="8"))
    return shop


@pytest.fixture
def source(shop: ShopLive) -> Iterator[ProductCardSource]:
    settings = ProductCardSettings(
        width_px=NATURAL[0], height_px=NATURAL[1], layout="auto", show_qr=False,
        font_size_px=16, padding_px=8,
    )  # fmt: skip
    card = ProductCardSource(settings, shop.clock)
    started(card, shop)
    yield card
    card.stop()


def boxed(source: ProductCardSource, width: int, height: int) -> tuple[np.ndarray, CardLayout]:
    natural = picture_of(source)

    def drawn() -> OverlayPicture | None:
        return source.picture_for_box("test", width, height, natural.seq)

    picture = wait_for(drawn)
    layout = source.last_layout
    assert isinstance(layout, CardLayout) and (layout.width, layout.height) == (width, height)
    return picture.bgra, layout


def title_stroke_px(bgra: np.ndarray, layout: CardLayout) -> int:
    """Rows of white title ink in the first title line's box."""
    box = layout.runs_of("title")[0].box
    region = bgra[int(box.y) : int(box.bottom), int(box.x) : int(box.right), :3]
    white = (region.min(axis=2) > 200).any(axis=1)
    return int(white.sum())


def test_a_wider_box_gives_the_title_fewer_lines_and_a_bigger_box_bigger_text(
    shop: ShopLive, source: ProductCardSource
) -> None:
    shop.feature("candle")
    natural = picture_of(source)
    assert natural.size == NATURAL
    natural_layout = source.last_layout
    assert isinstance(natural_layout, CardLayout)
    assert len(natural_layout.runs_of("title")) == 2  # wrapped at the natural size

    wide, wide_layout = boxed(source, 640, 110)
    assert wide.shape[:2] == (110, 640)  # drawn at the box, not scaled from 320 × 110
    assert len(wide_layout.runs_of("title")) == 1
    assert wide_layout.font_px == natural_layout.font_px  # wider alone: same size, one line

    double, double_layout = boxed(source, 640, 220)
    assert double_layout.font_px >= 1.8 * natural_layout.font_px
    natural_stroke = title_stroke_px(natural.bgra, natural_layout)
    assert title_stroke_px(double, double_layout) >= 1.7 * natural_stroke
    assert double_layout.buy_code == natural_layout.buy_code == "SOLD 8"


def test_the_compositor_draws_the_card_at_the_items_box_once_per_size(
    shop: ShopLive, source: ProductCardSource
) -> None:
    shop.feature("candle")
    picture_of(source)
    renderer = SceneRenderer(960, 540)
    buffer = CanvasBuffer(960, 540)
    item = RenderItem("scene/card", source, x=100, y=100, width=640, height=220)
    for _ in range(3):
        renderer.render([item], buffer)
    wait_for(lambda: source.box_renders == 1 or None)
    for _ in range(60):  # two seconds of frames: no new raster
        renderer.render([item], buffer)
    assert source.box_renders == 1
    layout = source.last_layout
    assert isinstance(layout, CardLayout) and (layout.width, layout.height) == (640, 220)
    # The canvas shows the laid-out card: the chip's accent yellow where the layout put it.
    chip = layout.chip
    assert chip is not None
    y = 100 + int(chip.y + chip.height / 2)
    x = 100 + int(chip.x + 2)
    assert buffer.y[y, x] > 150  # accent yellow on the dark card
    # A new size is drawn once more; the old one is no longer asked for.
    smaller = RenderItem("scene/card", source, x=100, y=100, width=400, height=140)
    renderer.render([smaller], buffer)
    wait_for(lambda: source.box_renders == 2 or None)
    for _ in range(30):
        renderer.render([smaller], buffer)
    assert source.box_renders == 2
