"""A small shop for comment-to-buy tests, and overlay sources read as a viewer would see them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.capture.base import Services
from studio.capture.chat_overlay import (
    ChatOverlaySettings,
    ChatOverlaySource,
    PinnedCommentSettings,
    PinnedCommentSource,
)
from studio.chat import ChatLive, ChatLiveSnapshot, ChatMessage
from studio.clock import ManualClock
from studio.media import OverlayPicture
from studio.render.chat import render_chat
from studio.shop import Catalog, Ledger, Money, Product, Show, Variant
from studio.shop.live import ShopLive
from tests.chat.helpers import wait_until

BLOCKED = ("scam", "free money")
OVERLAY = ChatOverlaySettings(lines=4, font_size_px=12, max_width_px=200, height_px=120)
PINNED = PinnedCommentSettings(font_size_px=14, max_width_px=200)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


@dataclass
class Shop:
    catalog: Catalog
    ledger: Ledger
    show: Show
    _till: ShopLive | None = None

    def codes(self) -> list[str]:
        return [p.code for p in self.catalog.products() if p.code]

    @property
    def till(self) -> ShopLive:
        """The live shop of the show: where comment-to-buy takes its claims."""
        if self._till is None:
            self._till = ShopLive(self.catalog, self.ledger, self.show.id)
        return self._till


def small_shop(folder: Path) -> Shop:
    """Mug #1 (one left), scarf #2 (three left), tee #3 in Blue/Red × S/M."""
    catalog = Catalog.open(folder=folder)
    catalog.add(Product(id="mug", code="1", title="Mug", price=usd("14.50"), stock=1,
                        url="https://shop.test/mug"))  # fmt: skip
    catalog.add(Product(id="scarf", code="2", title="Scarf", price=usd("30.00"), stock=3))
    catalog.add(
        Product(
            id="tee",
            code="3",
            title="Tee",
            price=usd("20.00"),
            variants=[
                Variant(sku="TEE-BS", options={"Colour": "Blue", "Size": "S"}, stock=1),
                Variant(sku="TEE-BM", options={"Colour": "Blue", "Size": "M"}, stock=1),
                Variant(sku="TEE-RM", options={"Colour": "Red", "Size": "M"}, stock=0),
            ],
        )
    )
    ledger = Ledger(catalog)
    return Shop(catalog, ledger, ledger.start_show("Friday drop", "USD"))


def started(source_type: type, settings: object, live: ChatLive) -> ChatOverlaySource:
    source = source_type(settings, ManualClock())
    source.services = Services(chat=live)
    source.start()
    return source


def picture_of(source: ChatOverlaySource | PinnedCommentSource) -> np.ndarray | None:
    picture = source.current_picture()
    assert picture is None or isinstance(picture, OverlayPicture)
    return None if picture is None else picture.bgra


def expected_raster(
    messages: list[ChatMessage], settings: ChatOverlaySettings = OVERLAY
) -> np.ndarray:
    """What the chat overlay must show for these messages (the newest ``lines``)."""
    source = ChatOverlaySource(settings, ManualClock())
    wanted = source.what_to_draw(ChatLiveSnapshot(0, tuple(messages), None), settings)
    assert wanted is not None
    return render_chat(*wanted)


def wait_for_raster(source: ChatOverlaySource, expected: np.ndarray, timeout_s: float = 5) -> None:
    wait_until(
        lambda: (shown := picture_of(source)) is not None and np.array_equal(shown, expected),
        timeout_s,
        "the overlay to show the expected raster",
    )


def wait_until_drawn(source: ChatOverlaySource | PinnedCommentSource, live: ChatLive) -> None:
    """Until the source has looked at the chat's current version."""
    wait_until(lambda: source.seen_version >= live.version, 5, "the overlay to catch up")
