"""What every part of the live shop shares: the lock, the version and the listeners.

:class:`~studio.shop.live.ShopLive` is assembled from parts that each keep one kind of state
(featured product and lineup, flash deal and goal, sales counts, canvases); each part is a
:class:`LiveCore`, so all of them change state under the one lock and announce it the same
way: bump the version inside the lock, notify the listeners outside it (a listener may read
the state back).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from studio.clock import Clock
from studio.listeners import Listeners
from studio.shop.model import Product

if TYPE_CHECKING:  # annotations only: the ledger and SQLite load when a show has them
    from studio.shop.catalog import Catalog
    from studio.shop.ledger import Ledger


ShopListener = Callable[[int], None]  # called with the new version


class ShopLiveError(ValueError):
    """A request the live shop refuses (unknown product, a deal without a price…)."""


class LiveCore:
    """The state the parts share; :class:`~studio.shop.live.ShopLive` sets it up."""

    catalog: Catalog
    ledger: Ledger | None
    show_id: int | None
    clock: Clock
    campaign: str
    _lock: threading.RLock
    _listeners: Listeners[int]
    _version: int
    # The product on screen: the card shows it, a flash deal is on it unless another is
    # named, and a refresh reads its stock again.
    _featured: Product | None

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

    # -- the catalog ---------------------------------------------------------------------
    def find(self, id_or_code: str) -> Product | None:
        """A catalog product by id, else by show code."""
        return self.catalog.get(id_or_code) or self.catalog.by_code(id_or_code)

    # -- internals -----------------------------------------------------------------------
    def _bump(self) -> int:
        self._version += 1
        return self._version

    def _notify(self, version: int) -> None:
        self._listeners.notify(version)
