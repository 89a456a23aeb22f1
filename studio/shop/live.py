"""The shop on air: what is featured, the flash deal, the sales counts and the goal.

One :class:`ShopLive` per show, shared by the overlays that draw it (product card, sales
ticker, goal bar, flash deal), the UI panels and the CLI that drive it. Every change bumps
:attr:`ShopLive.version` and calls the listeners (outside the lock, so a listener may read the
state back); an overlay compares a cheap :class:`ShopSnapshot` with the one it last drew and
rasterises again only when what it shows changed.

Stock and sales live in the catalog and the ledger: a sale taken through :meth:`ShopLive.claim`
or :meth:`ShopLive.record_sale` refreshes them at once; a sale written to the ledger elsewhere
(the chat's comment-to-buy) is picked up by :meth:`ShopLive.refresh`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from studio.clock import NS_PER_S, Clock, MonotonicClock
from studio.listeners import Listeners
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import ClaimResult, LedgerEntry
from studio.shop.model import Product
from studio.shop.money import Money

log = logging.getLogger(__name__)

ShopListener = Callable[[int], None]  # called with the new version


class ShopLiveError(ValueError):
    """A request the live shop refuses (unknown product, a deal without a price…)."""


@dataclass(frozen=True, slots=True)
class FlashDeal:
    """A special price for one product until ``ends_at_ns`` (on the show clock)."""

    product_id: str
    price: Money
    ends_at_ns: int

    def seconds_left(self, now_ns: int) -> int:
        """Whole seconds left, rounded up (a countdown shows 0:01 until the very end)."""
        return max(0, -(-(self.ends_at_ns - now_ns) // NS_PER_S))


@dataclass(frozen=True, slots=True)
class Goal:
    """A target for the show: ``units`` sold, or revenue (``target_revenue``)."""

    measure: Literal["units", "revenue"]
    target_units: int = 0
    target_revenue: Money | None = None

    def __post_init__(self) -> None:
        if self.measure == "units" and self.target_units <= 0:
            raise ShopLiveError("a units goal needs a positive target")
        if self.measure == "revenue" and (
            self.target_revenue is None or self.target_revenue.minor_units <= 0
        ):
            raise ShopLiveError("a revenue goal needs a positive target amount")


@dataclass(frozen=True, slots=True)
class SalesCounts:
    units: int = 0
    revenue: Money | None = None  # None until a ledger show is attached


@dataclass(frozen=True, slots=True)
class CanvasTarget:
    """What the overlays need to know about a canvas: its aspect and where it streams to."""

    width: int
    height: int
    platform: str = ""  # utm_source of links shown on this canvas ("youtube", "tiktok"…)

    @property
    def vertical(self) -> bool:
        return self.height > self.width


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


def utm_url(url: str, platform: str, campaign: str) -> str:
    """``url`` with ``utm_source=<platform>&utm_medium=live&utm_campaign=<campaign>`` (any
    UTM tags it already had are replaced; its other query parameters are kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k not in ("utm_source", "utm_medium", "utm_campaign")]
    tags = [("utm_source", platform or "direct"), ("utm_medium", "live")]
    if campaign:
        tags.append(("utm_campaign", campaign))
    return urlunsplit(parts._replace(query=urlencode(query + tags)))


class ShopLive:
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

    # -- listening ---------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Grows by one on every change: cheap enough to poll once per frame."""
        with self._lock:
            return self._version

    def add_listener(self, listener: ShopListener) -> None:
        self._listeners.add(listener)

    def remove_listener(self, listener: ShopListener) -> None:
        self._listeners.remove(listener)

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

    # -- featured product --------------------------------------------------------------
    @property
    def featured(self) -> Product | None:
        with self._lock:
            return self._featured

    def find(self, id_or_code: str) -> Product | None:
        """A catalog product by id, else by show code."""
        return self.catalog.get(id_or_code) or self.catalog.by_code(id_or_code)

    def feature(self, product_id: str) -> Product:
        """Put a product on screen (by id or show code); recorded in the ledger's featured
        intervals when a show is attached."""
        product = self.find(product_id)
        if product is None:
            raise ShopLiveError(f"no product with id or code {product_id!r} in the catalog")
        with self._lock:
            if self.ledger is not None and self.show_id is not None:
                self.ledger.feature(self.show_id, product.id)
            self._featured = product
            version = self._bump()
        self._notify(version)
        return product

    def clear(self) -> None:
        """Nothing featured: the product card disappears."""
        with self._lock:
            if self._featured is None:
                return
            if self.ledger is not None and self.show_id is not None:
                self.ledger.clear_feature(self.show_id)
            self._featured = None
            version = self._bump()
        self._notify(version)

    # -- the run of show's order ---------------------------------------------------------
    def set_lineup(self, product_ids: list[str]) -> None:
        """The products of the run of show, in order, for :meth:`next` / :meth:`previous`."""
        with self._lock:
            self._lineup = list(product_ids)
            self._segment_index = None
            version = self._bump()
        self._notify(version)

    @property
    def lineup(self) -> list[str]:
        with self._lock:
            return list(self._lineup)

    @property
    def segment_index(self) -> int | None:
        with self._lock:
            return self._segment_index

    @property
    def segment_started_ns(self) -> int:
        with self._lock:
            return self._segment_started_ns

    def go_to(self, index: int, started_ns: int | None = None) -> Product:
        """Feature the lineup's product at ``index``; the segment starts now (or at
        ``started_ns`` on the show clock: an autopilot's schedule does not drift)."""
        with self._lock:
            if not 0 <= index < len(self._lineup):
                raise ShopLiveError(f"the run of show has no segment {index + 1}")
            product_id = self._lineup[index]
            self._segment_index = index
            self._segment_started_ns = self.clock.now_ns() if started_ns is None else started_ns
            return self.feature(product_id)

    def next(self) -> Product | None:
        """The next segment's product (the first if none yet); None past the end."""
        with self._lock:
            index = 0 if self._segment_index is None else self._segment_index + 1
            return self.go_to(index) if index < len(self._lineup) else None

    def previous(self) -> Product | None:
        with self._lock:
            if not self._segment_index:
                return None
            return self.go_to(self._segment_index - 1)

    # -- flash deal ----------------------------------------------------------------------
    @property
    def flash_deal(self) -> FlashDeal | None:
        self._expire_deal()
        with self._lock:
            return self._deal

    def start_flash_deal(
        self, price: Money, duration_s: float, product_id: str | None = None
    ) -> FlashDeal:
        """A special price for ``duration_s`` (the featured product unless named); it ends by
        itself and the price reverts."""
        if duration_s <= 0:
            raise ShopLiveError("a flash deal needs a positive duration")
        if price.minor_units <= 0:
            raise ShopLiveError("a flash price must be more than zero")
        with self._lock:
            product = self.find(product_id) if product_id else self._featured
            if product is None:
                raise ShopLiveError("a flash deal needs a product (feature one first)")
            if price.currency != product.price.currency:
                raise ShopLiveError(f"{product.title!r} is priced in {product.price.currency}")
            if not price < product.price:
                raise ShopLiveError(
                    f"a flash price must be below {product.title!r}'s regular price "
                    f"({product.price})"
                )
            ends_at_ns = self.clock.now_ns() + round(duration_s * NS_PER_S)
            self._deal = FlashDeal(product.id, price, ends_at_ns)
            deal, version = self._deal, self._bump()
        self._notify(version)
        return deal

    def end_flash_deal(self) -> None:
        with self._lock:
            if self._deal is None:
                return
            self._deal = None
            version = self._bump()
        self._notify(version)

    def price_of(self, product: Product) -> Money:
        """What a viewer pays now: the flash price while a deal on it runs."""
        deal = self.flash_deal
        return deal.price if deal is not None and deal.product_id == product.id else product.price

    def _deal_price(self, product: Product) -> Money | None:
        """The flash price of ``product`` if its deal runs now (the ledger's live price).

        Reads the deal without the lock on purpose: the ledger calls this inside its write
        transaction while :meth:`feature` holds our lock and waits for that transaction, so
        taking the lock here could deadlock. A reference read is atomic and a deal is frozen."""
        deal = self._deal
        if deal is None or deal.product_id != product.id:
            return None
        return deal.price if self.clock.now_ns() < deal.ends_at_ns else None

    def _expire_deal(self) -> bool:
        with self._lock:
            deal = self._deal
            if deal is None or self.clock.now_ns() < deal.ends_at_ns:
                return False
            self._deal = None
            version = self._bump()
        self._notify(version)
        return True

    # -- sales ---------------------------------------------------------------------------
    @property
    def sales(self) -> SalesCounts:
        with self._lock:
            return self._sales

    def claim(
        self, code: str, quantity: int, buyer: str, variant: str | None = None,
        external_id: str | None = None,
    ) -> ClaimResult:  # fmt: skip
        """A comment-to-buy through the ledger; the overlays see the new stock at once."""
        ledger, show_id = self._ledger_show()
        result = ledger.claim(show_id, code, quantity, buyer, variant, external_id)
        self.refresh()
        return result

    def record_sale(self, product_id: str, quantity: int, **options: Any) -> ClaimResult:
        """A sale through :meth:`Ledger.record_sale`, at the flash price while a deal runs (the
        ledger asks :meth:`_deal_price` unless ``unit_price`` is given)."""
        ledger, show_id = self._ledger_show()
        result = ledger.record_sale(show_id, product_id, quantity, **options)
        self.refresh()
        return result

    def cancel(self, entry_id: int) -> LedgerEntry:
        ledger, _ = self._ledger_show()
        entry = ledger.cancel(entry_id)
        self.refresh()
        return entry

    def refresh(self) -> None:
        """Read stock and totals again (after the ledger changed elsewhere); listeners are
        told only if something they show changed."""
        sales = self._read_sales()
        with self._lock:
            featured = self._featured
        fresh = self.catalog.get(featured.id) if featured is not None else None
        with self._lock:
            changed = sales != self._sales
            self._sales = sales
            if featured is not None and self._featured is featured and fresh != featured:
                self._featured = fresh
                changed = True
            if not changed:
                return
            version = self._bump()
        self._notify(version)

    def _ledger_show(self) -> tuple[Ledger, int]:
        if self.ledger is None or self.show_id is None:
            raise ShopLiveError("no show is attached: sales need a ledger show")
        return self.ledger, self.show_id

    def _read_sales(self) -> SalesCounts:
        if self.ledger is None or self.show_id is None:
            return SalesCounts()
        totals = self.ledger.totals(self.show_id)
        return SalesCounts(units=totals.units, revenue=totals.revenue)

    # -- goal ----------------------------------------------------------------------------
    @property
    def goal(self) -> Goal | None:
        with self._lock:
            return self._goal

    def set_goal(self, goal: Goal | None) -> None:
        with self._lock:
            if goal == self._goal:
                return
            self._goal = goal
            version = self._bump()
        self._notify(version)

    # -- canvases and links --------------------------------------------------------------
    def set_canvas(self, name: str, width: int, height: int, platform: str | None = None) -> None:
        """Tell the overlays a canvas's size (for the automatic layout) and, optionally, the
        platform it streams to (for UTM tags)."""
        with self._lock:
            current = self._canvases.get(name)
            keep = current.platform if current is not None else ""
            target = CanvasTarget(width, height, keep if platform is None else platform)
            if target == current:
                return
            self._canvases[name] = target
            version = self._bump()
        self._notify(version)

    def set_platform(self, canvas: str, platform: str) -> None:
        with self._lock:
            current = self._canvases.get(canvas, CanvasTarget(0, 0))
            self._canvases[canvas] = replace(current, platform=platform)
            version = self._bump()
        self._notify(version)

    def canvas(self, name: str | None) -> CanvasTarget | None:
        """The named canvas, or the first one told about when ``name`` is None."""
        with self._lock:
            if name is None:
                return next(iter(self._canvases.values()), None)
            return self._canvases.get(name)

    def product_url(self, product: Product, canvas: str | None = None) -> str | None:
        """The product's link tagged for the canvas's platform; None without a link."""
        if not product.url:
            return None
        target = self.canvas(canvas)
        return utm_url(product.url, target.platform if target else "", self.campaign)

    # -- internals -----------------------------------------------------------------------
    def _bump(self) -> int:
        self._version += 1
        return self._version

    def _notify(self, version: int) -> None:
        self._listeners.notify(version)
