"""The practice book: where claims and sales go while the show is not live.

Like TikTok's practice mode, a host can rehearse the whole selling flow before Go Live (and
after End Show): comments become claims, the Sales tab lists them, the buyer gets the usual
reply. None of it may lower real stock or reach a report, so the practice book is a ledger of
its own, in memory, over a copy of the catalog. A product is copied when a practice claim or
sale first names it (or when the seller changed it since), so products added during practice
can be claimed at once; its practice stock then falls as practice claims take it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from studio.shop.catalog import Catalog
from studio.shop.database import ShopDatabase
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import ClaimResult, Show, utc_now
from studio.shop.model import Product

PRACTICE_SHOW_NAME = "Practice"
IN_MEMORY = Path(":memory:")


def _without_stock(product: Product) -> Product:
    variants = [variant.model_copy(update={"stock": 0}) for variant in product.variants]
    return product.model_copy(update={"stock": 0, "variants": variants})


class PracticeLedger(Ledger):
    """A ledger over an in-memory copy of ``real``: the copy follows the real catalog's
    products (price, variants, codes) one claim at a time, never the other way round."""

    def __init__(self, real: Catalog, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(Catalog(ShopDatabase(IN_MEMORY)), clock)
        self.real = real

    def claim(self, show_id: int, code: str, *args: Any, **options: Any) -> ClaimResult:
        self._copy(self.real.by_code(code), self.catalog.by_code(code))
        return super().claim(show_id, code, *args, **options)

    def record_sale(self, show_id: int, product_id: str, *args: Any, **options: Any) -> ClaimResult:
        self._copy(self.real.get(product_id), self.catalog.get(product_id))
        return super().record_sale(show_id, product_id, *args, **options)

    def _copy(self, real: Product | None, copy: Product | None) -> None:
        if real is None:
            return
        if copy is not None and _without_stock(copy) == _without_stock(real):
            return  # already copied: its practice stock stays as practice left it
        if copy is not None and copy.id != real.id:
            self.catalog.delete(copy.id)  # the code moved to another product
        taken = self.catalog.by_code(real.code) if real.code else None
        if taken is not None and taken.id != real.id:
            self.catalog.delete(taken.id)
        self.catalog.upsert(real)

    def close(self) -> None:
        self.catalog.close()


class PracticeBook:
    """One practice show in its own ledger; :meth:`start_over` begins an empty one."""

    def __init__(self, real: Catalog, currency: str) -> None:
        self.real = real
        self.currency = currency
        self.ledger = PracticeLedger(real)
        self.show: Show = self.ledger.start_show(PRACTICE_SHOW_NAME, currency)
        # Earlier books stay open until the show closes: a panel may still be reading one.
        self._retired: list[PracticeLedger] = []

    @property
    def show_id(self) -> int:
        return self.show.id

    def start_over(self) -> None:
        """Forget every practice claim and sale; stock is the real one again."""
        self._retired.append(self.ledger)
        self.ledger = PracticeLedger(self.real)
        self.show = self.ledger.start_show(PRACTICE_SHOW_NAME, self.currency)

    def close(self) -> None:
        for ledger in [*self._retired, self.ledger]:
            ledger.close()
        self._retired.clear()
