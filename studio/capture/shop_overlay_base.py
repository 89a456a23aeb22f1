"""What the shop overlays share: the style settings, and following the live shop.

Each overlay turns the live shop's snapshot into a small frozen *view* (the strings and flags
it draws) and rasterises only when the view differs from the one on screen — a sale of another
product, a new version number, or a tick of the clock change nothing the sales ticker shows,
so it does not redraw (see :mod:`studio.capture.live_overlay`). The thread sleeps until the
shop tells it something changed (listener), or, for countdowns, until the next whole second.

The texts an overlay draws from the host's wording (``stock_note``, ``countdown``…) take the
shared placeholders of :mod:`studio.shop.placeholders` (``{product.title}``, ``{deal.ends_in}``)
besides the short forms each field had before (``{stock}``, ``{time}``); each settings class
names those fields in ``placeholder_fields``, which the document checks and the session's
host values read too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import Field

from studio.capture.base import HexColor, SourceSettings
from studio.capture.live_overlay import LiveOverlaySource, ServiceMissingError
from studio.clock import NS_PER_S
from studio.shop.live import FlashDeal, ShopLive, ShopSnapshot
from studio.shop.placeholders import PlaceholderFields

IDLE_WAKE_S = 5.0  # a safety net only: changes wake the thread at once
SHOP_SERVICE = "shop"


class ShopOverlaySettings(SourceSettings):
    """Colours, font and shape shared by every shop overlay."""

    # The fields written with placeholders, each with the short forms it also accepts.
    placeholder_fields: ClassVar[PlaceholderFields] = {}

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


class ShopOverlaySource(LiveOverlaySource[ShopLive, ShopSnapshot]):
    """Subclasses implement :meth:`_view` (None: show nothing) and :meth:`_draw`."""

    service_name = SHOP_SERVICE
    service_type = ShopLive
    missing_service = "the show has no shop attached"
    idle_wake_s = IDLE_WAKE_S

    @property
    def rasterised(self) -> int:
        """How many times the overlay was drawn (tests, diagnostics)."""
        return self.renders

    def _subscribe(self, shop: ShopLive, on_change: Callable[[int], None]) -> Callable[[], None]:
        shop.add_listener(on_change)
        return lambda: shop.remove_listener(on_change)

    def _load_painter(self) -> None:
        import studio.render.shop_overlays  # noqa: F401  # Qt and segno

    def _wait_s(self, shop: ShopLive, snapshot: ShopSnapshot) -> float:
        return countdown_wait_s(snapshot.deal, shop.clock.now_ns())

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, ServiceMissingError):
            return f"'{self.display_name}' needs the shop: start the show with a catalog."
        return super()._describe_error(exc)


def countdown_wait_s(deal: FlashDeal | None, now_ns: int) -> float:
    """How long to sleep: to just past the next whole second of a running deal's countdown
    (so it ticks on time), else the idle safety net."""
    if deal is None:
        return IDLE_WAKE_S
    to_next_second = (deal.ends_at_ns - now_ns) % NS_PER_S or NS_PER_S
    return min(IDLE_WAKE_S, to_next_second / NS_PER_S + 0.001)


def box_scale(box: tuple[int, int], natural: tuple[int, int]) -> float:
    """How much bigger the text may be in ``box`` than at the natural size: by the side that
    grew least, so a card made only wider keeps its text size and gets longer lines."""
    return max(0.05, min(box[0] / max(1, natural[0]), box[1] / max(1, natural[1])))


def style_of(settings: ShopOverlaySettings, scale: float = 1.0) -> Any:
    """The renderer's style; ``scale`` sizes the font, padding and corners for a box bigger
    or smaller than the natural size (the layout then shrinks text further if need be)."""
    from studio.render.shop_overlays import OverlayStyle  # Qt is loaded only when needed

    return OverlayStyle(
        background=settings.background,
        text_color=settings.text_color,
        accent_color=settings.accent_color,
        muted_color=settings.muted_color,
        warning_color=settings.warning_color,
        font_family=settings.font_family,
        font_size_px=max(1, round(settings.font_size_px * scale)),
        corner_radius_px=round(settings.corner_radius_px * scale),
        padding_px=round(settings.padding_px * scale),
    )
