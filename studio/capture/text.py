"""Text rendered with Qt's font engine (bundled DejaVu Sans by default).

Rendering happens on the source's thread through :mod:`studio.render.text` (the one module
allowed to touch Qt), and again only when the text it shows changes.

A text may show live shop data through placeholders (``Only {product.stock} left``,
``Ends in {deal.ends_in}``, see :mod:`studio.shop.placeholders`): it then follows the show's
shop like the shop overlays do (:class:`~studio.capture.live_overlay.LiveOverlaySource`),
redrawn only when the resolved text changes — on the next whole second while a countdown runs —
and shows nothing while it names the featured product and none is featured. A text without
shop placeholders needs no shop and draws once per change of its settings, as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from studio.capture.base import HexColor, SourceSettings
from studio.capture.live_overlay import LiveOverlaySource, ServiceMissingError
from studio.capture.registry import register_source
from studio.capture.shop_overlay_base import IDLE_WAKE_S, SHOP_SERVICE, countdown_wait_s
from studio.capture.threaded import exception_reason
from studio.shop.live import SalesCounts, ShopLive, ShopSnapshot
from studio.shop.placeholders import (
    PlaceholderFields,
    PlaceholderValues,
    needs_shop,
    resolve,
    uses_countdown,
    uses_product,
)


class TextSettings(SourceSettings):
    placeholder_fields: ClassVar[PlaceholderFields] = {"text": frozenset()}

    kind: Literal["text"] = "text"
    text: str = Field(max_length=10_000)
    font_family: str = "DejaVu Sans"
    font_size_px: int = Field(default=48, ge=4, le=1000)
    bold: bool = False
    color: HexColor = "#FFFFFF"
    background: HexColor | None = None
    outline_color: HexColor | None = None
    outline_px: int = Field(default=0, ge=0, le=50)
    padding_px: int = Field(default=8, ge=0, le=500)
    align: Literal["left", "center", "right"] = "left"
    wrap_width_px: int | None = Field(default=None, ge=16, le=7680)
    locale: str = Field(
        default="en_US", max_length=20, description="how {product.price} and others are written"
    )


class _NoShop:
    """What a text without shop placeholders follows: a shop that never changes."""

    snapshot_value = ShopSnapshot(
        version=0, featured=None, deal=None, sales=SalesCounts(), goal=None, campaign="",
        segment_index=None,
    )  # fmt: skip

    def snapshot(self) -> ShopSnapshot:
        return self.snapshot_value


class _ShopNowNeededError(Exception):
    """The text was edited to show shop data: follow the shop from now on."""


@dataclass(frozen=True, slots=True)
class TextView:
    """What the source draws: its settings with the text as the viewer reads it."""

    text: str
    settings: TextSettings


@register_source
class TextSource(LiveOverlaySource[ShopLive | _NoShop, ShopSnapshot]):
    kind = "text"
    settings_type = TextSettings
    has_video = True
    service_name = SHOP_SERVICE
    service_type = ShopLive
    missing_service = "the show has no shop attached"
    idle_wake_s = IDLE_WAKE_S

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        from studio.render.text import render_text_image  # Qt is loaded only when needed

        height, width = render_text_image(**text_render_args(settings)).shape[:2]
        return width, height

    def set_text(self, text: str) -> None:
        """Live update (prices, countdowns): re-rendered on the source's thread."""
        with self._pending_lock:
            settings = self._pending_settings
        self.update_settings(settings.model_copy(update={"text": text}))

    # -- following the shop, or nothing ------------------------------------------------------
    def _service(self) -> ShopLive | _NoShop:
        with self._pending_lock:
            text = self._pending_settings.text
        if needs_shop(text):
            return super()._service()
        return _NoShop()

    def _run(self) -> None:
        while not self.stopping:
            try:
                super()._run()
            except _ShopNowNeededError:
                continue  # round again: now with the shop (or an error saying it is missing)

    def _subscribe(
        self, service: ShopLive | _NoShop, on_change: Callable[[int], None]
    ) -> Callable[[], None]:
        if isinstance(service, _NoShop):
            return lambda: None
        service.add_listener(on_change)
        return lambda: service.remove_listener(on_change)

    def _load_painter(self) -> None:
        import studio.render.text  # noqa: F401  # Qt

    def _view(self, service: ShopLive | _NoShop, snapshot: ShopSnapshot) -> TextView | None:
        settings: TextSettings = self.settings
        text = settings.text
        if isinstance(service, _NoShop):
            if needs_shop(text):
                raise _ShopNowNeededError
            return TextView(resolve(text, PlaceholderValues.of_host()), settings)
        if snapshot.featured is None and uses_product(text):
            return None
        values = PlaceholderValues.of_show(
            snapshot, now_ns=service.clock.now_ns(), locale=settings.locale
        )
        return TextView(resolve(text, values), settings)

    def _draw(self, view: TextView) -> np.ndarray:
        from studio.render.text import render_text_image

        return render_text_image(**{**text_render_args(view.settings), "text": view.text})

    def _wait_s(self, service: ShopLive | _NoShop, snapshot: ShopSnapshot) -> float:
        if isinstance(service, _NoShop) or not uses_countdown(self.settings.text):
            return IDLE_WAKE_S
        return countdown_wait_s(snapshot.deal, service.clock.now_ns())

    def _describe_error(self, exc: BaseException) -> str:
        if isinstance(exc, ServiceMissingError):
            return f"Text '{self.display_name}' shows shop data: start the show with a catalog."
        return f"Text '{self.display_name}' could not be drawn: {exception_reason(exc)}"


def text_render_args(settings: TextSettings) -> dict[str, Any]:
    """The renderer's arguments for ``settings`` (the text as written)."""
    return settings.model_dump(exclude={"kind", "name", "locale"})
