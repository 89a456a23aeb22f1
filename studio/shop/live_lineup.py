"""The live shop's featured product and the run of show's order (lineup) that steps it."""

from __future__ import annotations

from studio.shop.live_core import LiveCore, ShopLiveError
from studio.shop.model import Product


class FeaturedLineup(LiveCore):
    """What is on screen, and the segment of the run of show it belongs to."""

    _lineup: list[str]
    _segment_index: int | None
    _segment_started_ns: int

    # -- featured product --------------------------------------------------------------
    @property
    def featured(self) -> Product | None:
        with self._lock:
            return self._featured

    def feature(self, product_id: str) -> Product:
        """Put a product on screen (by id or show code); recorded in the ledger's featured
        intervals when a show is attached."""
        product = self.find(product_id)
        if product is None:
            raise ShopLiveError(f"no product with id or code {product_id!r} in the catalog")
        interval = None
        with self._lock:
            ledger = self.ledger
            if ledger is not None and self.show_id is not None:
                # The picture is kept after the card is told: a first decode of a large
                # image would hold the card back by frames.
                interval = ledger.feature(self.show_id, product.id, picture=False)
            self._featured = product
            version = self._bump()
        self._notify(version)
        if ledger is not None and interval is not None:
            ledger.keep_feature_picture(interval, product.id)
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
