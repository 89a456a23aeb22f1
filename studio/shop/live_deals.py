"""The live shop's flash deal (a special price with a countdown) and the show's goal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from studio.clock import NS_PER_S
from studio.shop.live_core import LiveCore, ShopLiveError
from studio.shop.model import Product
from studio.shop.money import Money


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


class DealsAndGoal(LiveCore):
    """The running flash deal, ended by the show clock, and the goal the goal bar shows."""

    _deal: FlashDeal | None
    _goal: Goal | None

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
