"""The shop on air: what is featured, the flash deal, the sales counts and the goal.

One :class:`ShopLive` per show, shared by the overlays that draw it (product card, sales
ticker, goal bar, flash deal), the UI panels and the CLI that drive it. Every change bumps
:attr:`ShopLive.version` and calls the listeners (outside the lock, so a listener may read the
state back); an overlay compares a cheap :class:`ShopSnapshot` with the one it last drew and
rasterises again only when what it shows changed.

Stock and sales live in the catalog and the ledger: a sale taken through :meth:`ShopLive.claim`
or :meth:`ShopLive.record_sale` refreshes them at once; a sale written to the ledger elsewhere
(the chat's comment-to-buy) is picked up by :meth:`ShopLive.refresh`.

ShopLive is put together from parts that share one lock and version (:mod:`~studio.shop.live_core`):
the featured product and lineup (:mod:`~studio.shop.live_lineup`), the flash deal and goal
(:mod:`~studio.shop.live_deals`), the sales counts (:mod:`~studio.shop.live_sales`) and the
canvases and links (:mod:`~studio.shop.live_canvases`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studio.clock import Clock, MonotonicClock
from studio.listeners import Listeners
from studio.shop.live_canvases import CanvasLinks, CanvasTarget, utm_url
from studio.shop.live_core import ShopListener, ShopLiveError
from studio.shop.live_deals import DealsAndGoal, FlashDeal, Goal
from studio.shop.live_lineup import FeaturedLineup
from studio.shop.live_sales import SalesCounting, SalesCounts
from studio.shop.model import Product

if TYPE_CHECKING:  # annotations only: the ledger and SQLite load when a show has them
    from studio.shop.catalog import Catalog
    from studio.shop.ledger import Ledger


__all__ = [  # the parts' values, importable from here as they always were
    "CanvasTarget",
    "FlashDeal",
    "Goal",
    "SalesCounts",
    "ShopListener",
    "ShopLive",
    "ShopLiveError",
    "ShopSnapshot",
    "utm_url",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ShopSnapshot:
    """Everything the overlays draw, read in one go (compare two to see what changed)."""

    version: int
    featured: Product | None
    deal: FlashDeal | None
    sales: SalesCounts
    goal: Goal | None
    campaign: str
    segment_index: int | None
    canvases: dict[str, CanvasTarget] = field(default_factory=dict)


class ShopLive(FeaturedLineup, DealsAndGoal, SalesCounting, CanvasLinks):
    """Thread-safe live state of the shop during a show. ``clock`` is the show's clock (the
    session's): flash deals end by it."""

    def __init__(
        self,
        catalog: Catalog,
        ledger: Ledger | None = None,
        show_id: int | None = None,
        *,
        clock: Clock | None = None,
        campaign: str | None = None,
    ) -> None:
        if show_id is not None and ledger is None:
            raise ShopLiveError("a show id needs the ledger it belongs to")
        self.catalog = catalog
        self.ledger = ledger
        self.show_id = show_id
        self.clock = clock or MonotonicClock()
        self._lock = threading.RLock()
        self._listeners: Listeners[int] = Listeners("shop")
        self._version = 0
        self._featured: Product | None = None
        self._deal: FlashDeal | None = None
        self._goal: Goal | None = None
        self._sales = SalesCounts()
        self._lineup: list[str] = []
        self._segment_index: int | None = None
        self._segment_started_ns = 0
        self._canvases: dict[str, CanvasTarget] = {}
        if campaign is None and ledger is not None and show_id is not None:
            campaign = ledger.show(show_id).name
        self.campaign = campaign or ""
        self._sales = self._read_sales()
        if ledger is not None and show_id is not None:
            # Comment-to-buy writes the ledger directly: the ledger asks us for the deal price.
            ledger.set_live_price(show_id, self._deal_price)

    def attach(self, ledger: Ledger | None, show_id: int | None, campaign: str = "") -> None:
        """Take sales into another ledger show from now on (the show's practice book, then
        its live show, then practice again): the sales counts are read from it, the flash
        price follows, and the product on screen starts a featured interval in it."""
        if show_id is not None and ledger is None:
            raise ShopLiveError("a show id needs the ledger it belongs to")
        with self._lock:
            old_ledger, old_show = self.ledger, self.show_id
            self.ledger, self.show_id, self.campaign = ledger, show_id, campaign
            featured = self._featured
        if old_ledger is not None and old_show is not None:
            old_ledger.set_live_price(old_show, None)
            if featured is not None:
                old_ledger.clear_feature(old_show)
        if ledger is not None and show_id is not None:
            ledger.set_live_price(show_id, self._deal_price)
            if featured is not None:
                ledger.feature(show_id, featured.id)
        sales = self._read_sales()
        with self._lock:
            self._sales = sales
            version = self._bump()
        self._notify(version)

    def snapshot(self) -> ShopSnapshot:
        self._expire_deal()
        with self._lock:
            return ShopSnapshot(
                version=self._version,
                featured=self._featured,
                deal=self._deal,
                sales=self._sales,
                goal=self._goal,
                campaign=self.campaign,
                segment_index=self._segment_index,
                canvases=dict(self._canvases),
            )

    def tick(self) -> None:
        """Time passed: end a flash deal that is due and wake the overlays (countdowns)."""
        if not self._expire_deal():
            self._notify(self.version)
