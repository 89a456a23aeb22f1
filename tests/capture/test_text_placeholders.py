"""A text with placeholders follows the live shop; a text without them needs none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import Services, SourceState
from studio.capture.text import TextSettings, TextSource, text_render_args
from studio.clock import NS_PER_S, ManualClock
from studio.media import OverlayPicture
from studio.render import text as render
from studio.shop.live import ShopLive
from tests.capture.waiting import wait_for
from tests.shop_overlays.helpers import live_shop, usd

STOCK_TEXT = "Only {product.stock} left"
# Well under the sources' idle wake-up (5 s): a change must wake them, not the safety net.
CHANGE_WAIT_S = 2.0


@pytest.fixture(scope="module", autouse=True)
def gui_app() -> None:
    render.ensure_gui_app()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start_ns=100 * NS_PER_S)


@pytest.fixture
def shop(tmp_path: Path, clock: ManualClock) -> ShopLive:
    return live_shop(tmp_path / "shop", clock)


@pytest.fixture
def running() -> Iterator[list[TextSource]]:
    sources: list[TextSource] = []
    yield sources
    for source in sources:
        source.stop()


def start(
    running: list[TextSource], text: str, shop: ShopLive | None = None, **settings: object
) -> TextSource:
    source = TextSource(TextSettings(text=text, **settings), ManualClock())
    source.retry_interval_s = 0.05
    source.services = Services(shop=shop) if shop is not None else Services()
    source.start()
    running.append(source)
    return source


def drawn(text: str, **settings: object) -> np.ndarray:
    """The raster a text source shows for ``text`` (placeholders already resolved)."""
    args = text_render_args(TextSettings(text=text, **settings))
    return render.render_text_image(**args)


def shows(source: TextSource, text: str, **settings: object) -> OverlayPicture:
    """Wait until the source shows exactly the raster of ``text``."""
    want = drawn(text, **settings)

    def showing() -> OverlayPicture | None:
        picture = source.current_picture()
        if isinstance(picture, OverlayPicture) and np.array_equal(picture.bgra, want):
            return picture
        return None

    picture = wait_for(showing, timeout_s=CHANGE_WAIT_S)
    assert picture is not None
    return picture


def settled(source: TextSource, shop: ShopLive) -> None:
    """The source has seen the shop's latest change."""
    version = shop.version
    wait_for(
        lambda: source.seen_version >= version and source.health.state is SourceState.OK,
        timeout_s=CHANGE_WAIT_S,
    )


def test_a_stock_text_follows_feature_and_claims(shop: ShopLive, running: list) -> None:
    source = start(running, STOCK_TEXT, shop)
    settled(source, shop)
    assert source.current_picture() is None  # nothing featured: nothing to say

    shop.feature("mug")  # 2 left
    first = shows(source, "Only 2 left")
    shop.claim("12", 1, "ann")
    second = shows(source, "Only 1 left")
    assert second.seq == first.seq + 1

    shop.clear()
    settled(source, shop)
    wait_for(lambda: source.current_picture() is None)


def test_only_a_change_of_the_resolved_text_redraws(shop: ShopLive, running: list) -> None:
    shop.feature("mug")
    source = start(running, STOCK_TEXT + " of {product.title}", shop)
    shows(source, "Only 2 left of Enamel Mug")
    renders = source.renders
    shop.claim("7", 1, "bob")  # the lamp, not the mug on screen
    shop.set_goal(None)
    settled(source, shop)
    assert source.renders == renders


def test_prices_use_the_texts_locale(shop: ShopLive, running: list) -> None:
    shop.feature("mug")
    source = start(running, "{product.price} statt {product.compare_at_price}", shop,
                   locale="de_DE")  # fmt: skip
    shows(source, "14,50\u00a0$ statt 19,00\u00a0$", locale="de_DE")


def test_a_countdown_ticks_with_the_show_clock(
    shop: ShopLive, clock: ManualClock, running: list
) -> None:
    shop.feature("mug")
    shop.start_flash_deal(usd("9.99"), 65)
    source = start(running, "{product.price} for {deal.ends_in}", shop)
    shows(source, "$9.99 for 1:05")
    clock.advance_ns(NS_PER_S)
    shop.tick()
    shows(source, "$9.99 for 1:04")
    clock.advance_ns(64 * NS_PER_S)
    shop.tick()  # the deal ends: the price goes back, the countdown empties
    shows(source, "$14.50 for ")


def test_show_totals_need_no_featured_product(shop: ShopLive, running: list) -> None:
    source = start(running, "{show.units_sold} sold", shop)
    shows(source, "0 sold")
    shop.feature("lamp")
    shop.claim("7", 3, "bob")
    shows(source, "3 sold")


def test_a_text_without_placeholders_needs_no_shop(running: list) -> None:
    plain = start(running, "Hello {{world}} {stock}")
    shows(plain, "Hello {world} {stock}")
    host = start(running, "Live with {host.name}!")  # no template value: left out
    shows(host, "Live with !")
    assert plain.health.state is SourceState.OK and host.health.state is SourceState.OK


def test_a_shop_text_without_a_shop_says_so(running: list) -> None:
    source = start(running, STOCK_TEXT)
    wait_for(lambda: source.health.state is SourceState.ERROR)
    assert "shows shop data" in source.health.message
    assert source.current_picture() is None


def test_a_plain_text_edited_to_show_stock_follows_the_shop(shop: ShopLive, running: list) -> None:
    shop.feature("mug")
    source = start(running, "Hello", shop)
    shows(source, "Hello")
    source.set_text(STOCK_TEXT)
    shows(source, "Only 2 left")
    shop.claim("12", 1, "ann")
    shows(source, "Only 1 left")
    source.set_text("Bye")
    shows(source, "Bye")
