"""The live shop's sales counts: sales taken through it, and totals read from the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.shop.live_core import LiveCore, ShopLiveError
from studio.shop.money import Money

if TYPE_CHECKING:  # annotations only: the ledger and SQLite load when a show has them
    from studio.shop.ledger import Ledger
    from studio.shop.ledger_model import ClaimResult, LedgerEntry


@dataclass(frozen=True, slots=True)
class SalesCounts:
    units: int = 0
    revenue: Money | None = None  # None until a ledger show is attached


class SalesCounting(LiveCore):
    """Sales and stock as the overlays show them, kept in step with the ledger."""

    _sales: SalesCounts

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
