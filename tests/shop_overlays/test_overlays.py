"""The overlay kinds draw what the live shop holds, and only when that changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import segno

from studio.capture.base import SourceState
from studio.capture.registry import source_kinds
from studio.capture.shop_overlay_base import ShopOverlaySource
from studio.capture.shop_overlays import (
    FlashDealSettings,
    FlashDealSource,
    GoalBarSettings,
    GoalBarSource,
    ProductCardSettings,
    ProductCardSource,
    SalesTickerSettings,
    SalesTickerSource,
    card_view,
    ticker_text,
)
from studio.clock import NS_PER_S, ManualClock
from studio.render import text as render_text
from studio.render.shop_overlays import QrPlacement, qr_matrix
from studio.shop.live import Goal, ShopLive
from tests.capture.waiting import wait_for
from tests.shop_overlays.helpers import (
    GREEN,
    RED,
    colour_pixels,
    live_shop,
    picture_of,
    seq_of,
    started,
    usd,
)

WARNING = (255, 32, 32)
SMALL = {"font_size_px": 12, "padding_px": 6, "warning_color": "#FF2020"}


@pytest.fixture(scope="module", autouse=True)
def gui_app() -> None:
    render_text.ensure_gui_app()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def shop(tmp_path: Path, clock: ManualClock) -> ShopLive:
    return live_shop(tmp_path, clock)


@pytest.fixture
def sources() -> Iterator[list[ShopOverlaySource]]:
    running: list[ShopOverlaySource] = []
    yield running
    for source in running:
        source.stop()


def card(shop: ShopLive, sources: list[ShopOverlaySource], **settings: object) -> ProductCardSource:
    options = {"width_px": 320, "height_px": 110, **SMALL, **settings}
    source = ProductCardSource(ProductCardSettings(**options), shop.clock)  # type: ignore[arg-type]
    sources.append(started(source, shop))
    return source


def test_the_kinds_are_registered() -> None:
    kinds = source_kinds()
    for kind in ("product_card", "sales_ticker", "goal_bar", "flash_deal"):
        assert issubclass(kinds[kind], ShopOverlaySource)


def test_no_featured_product_shows_nothing(
    shop: ShopLive, sources: list[ShopOverlaySource]
) -> None:
    source = card(shop, sources)
    wait_for(lambda: source.health.state == SourceState.OK)
    assert source.current_picture() is None
    shop.feature("mug")
    assert picture_of(source).size == (320, 110)
    shop.clear()
    wait_for(lambda: source.current_picture() is None)


def test_the_card_shows_image_price_stock_note_and_a_qr_code_of_the_tagged_link(
    shop: ShopLive, sources: list[ShopOverlaySource]
) -> None:
    shop.set_canvas("main", 1920, 1080, "youtube")
    source = card(shop, sources, width_px=440, height_px=140)  # room for the text and a QR
    shop.feature("mug")
    bgra = picture_of(source).bgra
    assert colour_pixels(bgra, RED) > 500  # the product image
    assert colour_pixels(bgra, (255, 210, 63)) > 20  # the price, in the accent colour
    assert colour_pixels(bgra, WARNING, 10) > 10  # "Only 2 left" (2 ≤ the threshold of 5)

    placement = source.qr_placement
    assert isinstance(placement, QrPlacement)
    url = "https://shop.example/products/mug?ref=live&utm_source=youtube&utm_medium=live&utm_campaign=Friday+Drop"
    expected = np.array([list(row) for row in segno.make(url, error="m").matrix], bool)
    assert np.array_equal(qr_matrix(url), expected)
    size = placement.modules * placement.module_px
    modules = bgra[
        placement.y + placement.module_px // 2 : placement.y + size : placement.module_px,
        placement.x + placement.module_px // 2 : placement.x + size : placement.module_px,
    ]
    assert np.array_equal(modules[..., 1] < 128, expected)  # the drawn modules decode as segno's


def test_only_n_left_follows_the_threshold(shop: ShopLive) -> None:
    shop.feature("lamp")  # 40 in stock
    snapshot = shop.snapshot()
    assert card_view(ProductCardSettings(low_stock_threshold=5), shop, snapshot).stock_note is None  # type: ignore[union-attr]
    view = card_view(ProductCardSettings(low_stock_threshold=40), shop, snapshot)
    assert view is not None and view.stock_note == "Only 40 left" and not view.sold_out
    custom = ProductCardSettings(low_stock_threshold=40, stock_note="Last {stock}!")
    assert card_view(custom, shop, snapshot).stock_note == "Last 40!"  # type: ignore[union-attr]


def test_selling_the_last_unit_switches_to_sold_out(
    shop: ShopLive, sources: list[ShopOverlaySource]
) -> None:
    source = card(shop, sources)
    shop.feature("mug")
    before = picture_of(source)
    shop.claim("12", 2, "ann")  # both mugs: stock hits zero
    after = picture_of(source, before.seq)
    view = card_view(source.settings, shop, shop.snapshot())
    assert view is not None and view.sold_out
    assert colour_pixels(after.bgra, WARNING, 10) > 10 * colour_pixels(before.bgra, WARNING, 10)
    assert not np.array_equal(after.bgra, before.bgra)


def test_the_card_redraws_only_when_what_it_shows_changes(
    shop: ShopLive, sources: list[ShopOverlaySource]
) -> None:
    source = card(shop, sources)
    shop.feature("mug")
    picture_of(source)
    drawn = source.rasterised
    shop.set_goal(Goal("units", target_units=10))  # not on the card
    shop.record_sale("lamp", 1)  # another product
    shop.tick()
    shop.feature("mug")  # the same product again
    ticker = SalesTickerSource(SalesTickerSettings(**SMALL), shop.clock)
    sources.append(started(ticker, shop))
    picture_of(ticker)
    assert source.rasterised == drawn and seq_of(source) == drawn


def test_the_flash_price_goes_on_the_card_with_the_old_price_struck(shop: ShopLive) -> None:
    shop.feature("mug")
    shop.start_flash_deal(usd("9.99"), 60)
    view = card_view(ProductCardSettings(), shop, shop.snapshot())
    assert view is not None and (view.price, view.compare_at_price) == ("$9.99", "$14.50")


def test_auto_layout_follows_the_canvas_aspect(
    shop: ShopLive, sources: list[ShopOverlaySource]
) -> None:
    shop.set_canvas("tall", 180, 320)
    source = card(shop, sources, canvas="tall", width_px=200, height_px=120)
    shop.feature("lamp")
    picture = picture_of(source)
    assert picture.size == (120, 200)  # a tall card on a tall canvas
    bgra = picture.bgra
    green_rows = np.flatnonzero((colour_pixels_by_row(bgra, GREEN)) > 0)
    assert green_rows.max() < 100  # the image on top


def colour_pixels_by_row(bgra: np.ndarray, rgb: tuple[int, int, int]) -> np.ndarray:
    want = np.array([rgb[2], rgb[1], rgb[0]], np.int16)
    close = np.abs(bgra[..., :3].astype(np.int16) - want).max(axis=2) <= 40
    return close.sum(axis=1)


def test_sales_ticker_counts_the_show(
    shop: ShopLive, sources: list[ShopOverlaySource], tmp_path: Path
) -> None:
    settings = SalesTickerSettings(show_revenue=True, **SMALL)
    assert ticker_text(settings, shop.snapshot()) == "0 sold this show · $0.00"
    source = SalesTickerSource(settings, shop.clock)
    started(source, shop)
    sources.append(source)
    first = picture_of(source)
    shop.record_sale("lamp", 27)
    assert ticker_text(settings, shop.snapshot()) == "27 sold this show · $1,053.00"
    second = picture_of(source, first.seq)
    assert second.bgra[..., 3].max() == 255 and second.size[0] > first.size[0]
    hidden = SalesTickerSettings(hide_when_zero=True)
    assert ticker_text(hidden, live_shop(tmp_path / "empty").snapshot()) is None


def test_goal_bar_fills_toward_the_goal(shop: ShopLive, sources: list[ShopOverlaySource]) -> None:
    source = GoalBarSource(GoalBarSettings(width_px=200, height_px=30, **SMALL), shop.clock)
    sources.append(started(source, shop))
    wait_for(lambda: source.health.state == SourceState.OK)
    assert source.current_picture() is None  # no goal yet
    shop.set_goal(Goal("units", target_units=10))
    shop.record_sale("lamp", 5)
    bgra = wait_for(lambda: _with_fill(source))
    filled = np.flatnonzero(colour_pixels_by_row(np.transpose(bgra, (1, 0, 2)), (255, 210, 63)))
    assert 80 <= filled.max() <= 110  # half of 200 px
    shop.set_goal(Goal("revenue", target_revenue=usd("390.00")))
    assert source.settings.label == "{current} / {target}"


def _with_fill(source: GoalBarSource) -> np.ndarray | None:
    picture = source.current_picture()
    if picture is None or colour_pixels(picture.bgra, (255, 210, 63)) < 100:  # type: ignore[union-attr]
        return None
    return picture.bgra  # type: ignore[union-attr]


def test_flash_deal_counts_down_once_a_second_and_ends_itself(
    shop: ShopLive, clock: ManualClock, sources: list[ShopOverlaySource]
) -> None:
    source = FlashDealSource(FlashDealSettings(**SMALL), shop.clock)
    sources.append(started(source, shop))
    wait_for(lambda: source.health.state == SourceState.OK)
    assert source.current_picture() is None
    shop.feature("mug")
    shop.start_flash_deal(usd("9.99"), duration_s=3)
    first = picture_of(source)
    clock.advance_ns(NS_PER_S // 2)
    shop.tick()  # half a second: the countdown still reads 0:03
    clock.advance_ns(NS_PER_S // 2)
    shop.tick()
    second = picture_of(source, first.seq)
    assert not np.array_equal(first.bgra, second.bgra)
    assert source.rasterised == 2
    clock.advance_ns(2 * NS_PER_S)
    shop.tick()
    wait_for(lambda: source.current_picture() is None)
    assert shop.flash_deal is None
    assert shop.featured is not None and shop.price_of(shop.featured) == usd("14.50")


def test_an_overlay_without_a_shop_reports_why(sources: list[ShopOverlaySource]) -> None:
    source = SalesTickerSource(SalesTickerSettings(), ManualClock())
    source.start()
    sources.append(source)
    health = wait_for(lambda: source.health if source.health.state == SourceState.ERROR else None)
    assert "needs the shop" in health.message
