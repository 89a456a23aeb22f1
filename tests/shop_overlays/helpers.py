"""A small catalog, a live shop and overlay sources for the shop overlay tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.capture.base import Services
from studio.capture.shop_overlay_base import ShopOverlaySource
from studio.clock import ManualClock
from studio.media import OverlayPicture
from studio.shop import Catalog, Ledger, Money, Product
from studio.shop.live import ShopLive
from tests.capture.waiting import wait_for
from tests.shop.helpers import FakeClock
from tests.support.scenes import solid_png

RED = (220, 30, 30)
GREEN = (30, 200, 60)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def shop_catalog(folder: Path) -> Catalog:
    """Mug (2 left, compare-at price, link, red image), lamp (40 left, green image), tee
    (no link, no image)."""
    catalog = Catalog.open(folder=folder)
    red = solid_png(folder / "mug.png", 40, 40, RED)
    green = solid_png(folder / "lamp.png", 40, 40, GREEN)
    catalog.add(
        Product(
            id="mug", title="Enamel Mug", price=usd("14.50"), compare_at_price=usd("19.00"),
            stock=2, url="https://shop.example/products/mug?ref=live", image=str(red), code="12",
        )
    )  # fmt: skip
    catalog.add(
        Product(
            id="lamp", title="Desk Lamp", price=usd("39.00"), stock=40,
            url="https://shop.example/products/lamp", image=str(green), code="7",
        )
    )  # fmt: skip
    catalog.add(Product(id="tee", title="Tee", price=usd("20.00"), stock=9, code="3"))
    return catalog


def live_shop(folder: Path, clock: ManualClock | None = None) -> ShopLive:
    catalog = shop_catalog(folder)
    ledger = Ledger(catalog, clock=FakeClock())
    show = ledger.start_show("Friday Drop", "USD")
    return ShopLive(catalog, ledger, show.id, clock=clock or ManualClock())


def started(source: ShopOverlaySource, shop: ShopLive) -> ShopOverlaySource:
    source.services = Services(shop=shop)
    source.start()
    return source


def picture_of(source: ShopOverlaySource, after_seq: int = 0) -> OverlayPicture:
    def newer() -> OverlayPicture | None:
        picture = source.current_picture()
        if isinstance(picture, OverlayPicture) and picture.seq > after_seq:
            return picture
        return None

    return wait_for(newer)


def seq_of(source: ShopOverlaySource) -> int:
    picture = source.current_picture()
    return picture.seq if isinstance(picture, OverlayPicture) else 0


def colour_pixels(bgra: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 40) -> int:
    """How many opaque pixels are close to ``rgb``."""
    want = np.array([rgb[2], rgb[1], rgb[0]], np.int16)
    close = np.abs(bgra[..., :3].astype(np.int16) - want).max(axis=2) <= tolerance
    return int((close & (bgra[..., 3] > 200)).sum())
