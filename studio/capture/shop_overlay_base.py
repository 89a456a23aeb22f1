"""What the shop overlays share: the style settings and a thread that redraws on change.

Each overlay turns the live shop's snapshot into a small frozen *view* (the strings and flags
it draws) and rasterises only when the view differs from the one on screen — a sale of another
product, a new version number, or a tick of the clock change nothing the sales ticker shows,
so it does not redraw. The thread sleeps until the shop tells it something changed (listener),
or, for countdowns, until the next whole second.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from pydantic import Field

from studio.capture.base import HexColor, SourceEventHandler, SourceSettings, SourceState
from studio.capture.threaded import ThreadedSource, exception_reason
from studio.clock import NS_PER_S, Clock
from studio.media import OverlayPicture
from studio.shop.live import ShopLive, ShopSnapshot

IDLE_WAKE_S = 5.0  # a safety net only: changes wake the thread at once
SHOP_SERVICE = "shop"


class ShopOverlaySettings(SourceSettings):
    """Colours, font and shape shared by every shop overlay."""

    background: HexColor = "#1E1E24E6"
    text_color: HexColor = "#FFFFFF"
    accent_color: HexColor = Field(default="#FFD23F", description="prices, goal bar fill")
    muted_color: HexColor = Field(default="#B4B4B4", description="struck-through prices")
    warning_color: HexColor = Field(default="#FF5A5F", description="'only N left', sold out")
    font_family: str = "DejaVu Sans"
    font_size_px: int = Field(default=28, ge=4, le=400)
    corner_radius_px: int = Field(default=16, ge=0, le=1000)
    padding_px: int = Field(default=12, ge=0, le=500)
    locale: str = Field(default="en_US", description="how prices are written, e.g. de_DE")


class ShopUnavailableError(RuntimeError):
    pass


class ShopOverlaySource(ThreadedSource):
    """Subclasses implement :meth:`_view` (None: show nothing) and :meth:`_draw`."""

    has_video = True
    retry_interval_s = 1.0

    def __init__(
        self, settings: Any, clock: Clock, on_event: SourceEventHandler | None = None
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._wake = threading.Event()
        self.rasterised = 0  # how many times the overlay was drawn (tests, diagnostics)

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()
        super().stop()

    def _view(self, shop: ShopLive, snapshot: ShopSnapshot) -> object | None:
        raise NotImplementedError

    def _draw(self, view: Any) -> np.ndarray:
        raise NotImplementedError

    def _wake_in_s(self, snapshot: ShopSnapshot, now_ns: int) -> float:
        """How long to sleep when nothing changes (countdowns wake on the second)."""
        deal = snapshot.deal
        if deal is None:
            return IDLE_WAKE_S
        to_next_second = (deal.ends_at_ns - now_ns) % NS_PER_S or NS_PER_S
        return min(IDLE_WAKE_S, to_next_second / NS_PER_S + 0.001)

    def _shop(self) -> ShopLive:
        shop = self.services.get(SHOP_SERVICE)
        if not isinstance(shop, ShopLive):
            raise ShopUnavailableError("the show has no shop attached")
        return shop

    def _run(self) -> None:
        shop = self._shop()
        # Load the painter (Qt, segno) now, so the first product featured appears in the
        # next frame instead of waiting for the imports.
        import studio.render.shop_overlays  # noqa: F401

        listener = self._on_shop_change
        shop.add_listener(listener)
        shown: object | None = _NOTHING_YET
        try:
            while not self.stopping:
                self._wake.clear()  # before reading: a change after this wakes the wait
                snapshot = shop.snapshot()
                view = self._view(shop, snapshot)
                if view != shown:
                    if view is None:
                        self._publish_none()
                    else:
                        bgra = self._draw(view)
                        self.rasterised += 1
                        self._publish(OverlayPicture(bgra, self._next_seq(), opaque=False))
                    shown = view
                self._set_health(SourceState.OK)
                self._wake.wait(self._wake_in_s(snapshot, shop.clock.now_ns()))
        finally:
            shop.remove_listener(listener)

    def _on_shop_change(self, version: int) -> None:
        self._wake.set()

    def _publish_none(self) -> None:
        self._slot.put(None)

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, ShopUnavailableError):
            return f"'{self.display_name}' needs the shop: start the show with a catalog."
        return f"'{self.display_name}' could not be drawn: {exception_reason(exc)}"


_NOTHING_YET = object()


def style_of(settings: ShopOverlaySettings) -> Any:
    from studio.render.shop_overlays import OverlayStyle  # Qt is loaded only when needed

    return OverlayStyle(
        background=settings.background,
        text_color=settings.text_color,
        accent_color=settings.accent_color,
        muted_color=settings.muted_color,
        warning_color=settings.warning_color,
        font_family=settings.font_family,
        font_size_px=settings.font_size_px,
        corner_radius_px=settings.corner_radius_px,
        padding_px=settings.padding_px,
    )
