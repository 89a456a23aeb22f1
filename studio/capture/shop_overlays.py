"""On-stream shop overlays: ``product_card``, ``sales_ticker``, ``goal_bar``, ``flash_deal``.

Each reads the :class:`~studio.shop.live.ShopLive` the session was given (service ``shop``)
and draws through :mod:`studio.render.shop_overlays`, only when what it shows changes. Their
wording fields take the shared placeholders (:mod:`studio.shop.placeholders`) and the short
forms they always took, put in by :func:`~studio.shop.placeholders.resolve`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from studio.capture.base import SourceEventHandler
from studio.capture.buy_line import CODE, BuyLine, buy_line
from studio.capture.image import decode_image
from studio.capture.live_overlay import AVERAGE_GLYPH_FACTOR, LINE_HEIGHT_FACTOR
from studio.capture.registry import register_source
from studio.capture.shop_overlay_base import (
    ShopOverlaySettings,
    ShopOverlaySource,
    box_scale,
    style_of,
)
from studio.clock import Clock
from studio.shop.live import ShopLive, ShopSnapshot
from studio.shop.money import Money
from studio.shop.money_format import format_money
from studio.shop.placeholders import (
    PlaceholderFields,
    PlaceholderValues,
    featured_prices,
    format_countdown,
    goal_progress,
    resolve,
)

# -- product card -----------------------------------------------------------------------------


class ProductCardSettings(ShopOverlaySettings):
    placeholder_fields: ClassVar[PlaceholderFields] = {
        "stock_note": frozenset({"stock"}),
        "code_prompt": frozenset({"code"}),
    }

    kind: Literal["product_card"] = "product_card"
    width_px: int = Field(default=616, ge=32, le=4096)
    height_px: int = Field(default=220, ge=32, le=4096)
    layout: Literal["auto", "landscape", "vertical"] = Field(
        default="auto", description="auto: vertical on a canvas taller than wide"
    )
    canvas: str | None = Field(
        default=None,
        description="The canvas showing this card: its aspect picks the automatic layout and "
        "its destination platform tags the QR link (default: the first canvas).",
    )
    low_stock_threshold: int = Field(default=5, ge=0, le=100_000)
    stock_note: str = Field(default="Only {stock} left", max_length=200)
    code_prompt: str = Field(
        default="Comment SOLD {code}",
        max_length=200,
        description="The buy line: the word before {code} is the keyword buyers type; the "
        "words before it are dropped first when the card is small.",
    )
    variant_in_prompt: bool = Field(
        default=True,
        description="Add the first in-stock variant's options to the code ('SOLD 1 RED M') so "
        "buyers name the variant they want.",
    )
    show_image: bool = True
    show_qr: bool = True


@dataclass(frozen=True, slots=True)
class CardView:
    title: str
    price: str
    compare_at_price: str | None
    stock_note: str | None
    sold_out: bool
    buy: BuyLine | None
    qr_text: str | None
    layout: Literal["landscape", "vertical"]
    width: int
    height: int
    image_path: str | None


def card_view(
    settings: ProductCardSettings, shop: ShopLive, snapshot: ShopSnapshot
) -> CardView | None:
    """What the card shows now (None: nothing featured)."""
    product = snapshot.featured
    prices = featured_prices(snapshot)
    if product is None or prices is None:
        return None
    price, compare = prices
    stock = product.stock
    low = 0 < stock <= settings.low_stock_threshold
    layout, width, height = _card_shape(settings, shop)
    values = PlaceholderValues.of_show(snapshot, now_ns=shop.clock.now_ns(), locale=settings.locale)
    # The buy line finds the keyword by where the code goes: both spellings mark that place.
    prompt = resolve(settings.code_prompt, values.with_values({"code": CODE, "product.code": CODE}))
    buy = buy_line(prompt, product, with_variant=settings.variant_in_prompt)
    image = product.image if settings.show_image and product.image else None
    stock_note = resolve(settings.stock_note, values.with_values({"stock": str(stock)}))
    return CardView(
        title=product.title,
        price=format_money(price, settings.locale),
        compare_at_price=format_money(compare, settings.locale) if compare else None,
        stock_note=stock_note if low else None,
        sold_out=stock == 0,
        buy=buy,
        qr_text=shop.product_url(product, settings.canvas) if settings.show_qr else None,
        layout=layout,
        width=width,
        height=height,
        image_path=image if image and "://" not in image else None,  # local files only
    )


def _card_shape(
    settings: ProductCardSettings, shop: ShopLive
) -> tuple[Literal["landscape", "vertical"], int, int]:
    width, height = settings.width_px, settings.height_px
    if settings.layout != "auto":
        return settings.layout, width, height
    target = shop.canvas(settings.canvas)
    vertical = target.vertical if target is not None and target.width else height > width
    if vertical:
        return "vertical", min(width, height), max(width, height)
    return "landscape", max(width, height), min(width, height)


@register_source
class ProductCardSource(ShopOverlaySource):
    """The featured product; nothing while none is featured."""

    kind = "product_card"
    settings_type = ProductCardSettings
    lays_out_at_box = True

    def __init__(
        self,
        settings: ProductCardSettings,
        clock: Clock,
        on_event: SourceEventHandler | None = None,
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._images: dict[str, tuple[float, np.ndarray | None]] = {}
        self.qr_placement: object | None = None  # where the last card drew its QR code
        self.last_layout: object | None = None  # the last card's layout (tests, diagnostics)

    def _view(self, shop: ShopLive, snapshot: ShopSnapshot) -> CardView | None:
        return card_view(self.settings, shop, snapshot)

    def _draw(self, view: CardView) -> np.ndarray:
        return self._draw_at(view, view.width, view.height, (view.width, view.height))

    def _draw_at(
        self, view: CardView, width: int, height: int, natural: tuple[int, int]
    ) -> np.ndarray:
        from studio.render.card_layout import CardText
        from studio.render.shop_overlays import CardContent, render_product_card

        layout = view.layout
        if self.settings.layout == "auto" and (width, height) != natural:
            layout = "vertical" if height > width else "landscape"  # the box's own shape
            if (layout == "vertical") != (natural[1] > natural[0]):
                natural = (natural[1], natural[0])  # turned: compare like with like
        buy = view.buy
        text = CardText(
            title=view.title,
            price=view.price,
            compare_at_price=view.compare_at_price,
            stock_note=view.stock_note,
            buy_lead=buy.lead if buy else "",
            buy_codes=buy.codes if buy else (),
            buy_tail=buy.tail if buy else "",
        )
        content = CardContent(text, view.sold_out, view.qr_text, layout)
        image = self._image(view.image_path) if view.image_path else None
        style = style_of(self.settings, box_scale((width, height), natural))
        raster = render_product_card(content, style, width, height, image)
        self.qr_placement = raster.qr
        self.last_layout = raster.layout
        return raster.bgra

    def _image(self, path: str) -> np.ndarray | None:
        """Decoded once per file version; a missing or broken image leaves the card without
        one rather than failing it."""
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        cached = self._images.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        try:
            bgra: np.ndarray | None = decode_image(Path(path))
        except Exception:
            bgra = None
        self._images[path] = (mtime, bgra)
        return bgra


# -- sales ticker -----------------------------------------------------------------------------


class SalesTickerSettings(ShopOverlaySettings):
    placeholder_fields: ClassVar[PlaceholderFields] = {
        "template": frozenset({"units"}),
        "revenue_template": frozenset({"revenue"}),
    }

    kind: Literal["sales_ticker"] = "sales_ticker"
    template: str = Field(default="{units} sold this show", max_length=200)
    show_revenue: bool = False
    revenue_template: str = Field(default=" · {revenue}", max_length=200)
    hide_when_zero: bool = False


def ticker_text(
    settings: SalesTickerSettings, snapshot: ShopSnapshot, *, now_ns: int | None = None
) -> str | None:
    """The ticker's line (None: hidden); ``now_ns`` on the show clock for ``{deal.ends_in}``."""
    sales = snapshot.sales
    if settings.hide_when_zero and sales.units == 0:
        return None
    values = PlaceholderValues.of_show(snapshot, now_ns=now_ns, locale=settings.locale)
    text = resolve(settings.template, values.with_values({"units": str(sales.units)}))
    if settings.show_revenue and sales.revenue is not None:
        revenue = values.with_values({"revenue": format_money(sales.revenue, settings.locale)})
        text += resolve(settings.revenue_template, revenue)
    return text


@register_source
class SalesTickerSource(ShopOverlaySource):
    """The show's sales count ("27 sold this show"), and the revenue if asked."""

    kind = "sales_ticker"
    settings_type = SalesTickerSettings

    @classmethod
    def expected_size(cls, settings: Any) -> tuple[int, int] | None:
        # Its text changes with the sales: the template's length is the estimate.
        glyphs = len(settings.template) * settings.font_size_px * AVERAGE_GLYPH_FACTOR
        line_px = settings.font_size_px * LINE_HEIGHT_FACTOR
        return round(glyphs + 2 * settings.padding_px), round(line_px + 2 * settings.padding_px)

    def _view(self, shop: ShopLive, snapshot: ShopSnapshot) -> str | None:
        return ticker_text(self.settings, snapshot, now_ns=shop.clock.now_ns())

    def _draw(self, view: str) -> np.ndarray:
        from studio.render.shop_overlays import render_pill

        return render_pill(view, style_of(self.settings))


# -- goal bar ---------------------------------------------------------------------------------


class GoalBarSettings(ShopOverlaySettings):
    placeholder_fields: ClassVar[PlaceholderFields] = {
        "label": frozenset({"current", "target"}),
        "units_label": frozenset({"current", "target"}),
    }

    kind: Literal["goal_bar"] = "goal_bar"
    width_px: int = Field(default=480, ge=16, le=4096)
    height_px: int = Field(default=44, ge=8, le=1024)
    label: str = Field(default="{current} / {target}", max_length=200)
    units_label: str = Field(default="{current} / {target} sold", max_length=200)


@dataclass(frozen=True, slots=True)
class GoalView:
    label: str
    progress: float


def goal_view(
    settings: GoalBarSettings, snapshot: ShopSnapshot, *, now_ns: int | None = None
) -> GoalView | None:
    """Progress toward the shop's goal (None: no goal set)."""
    goal, sales = snapshot.goal, snapshot.sales
    progress = goal_progress(snapshot)
    if goal is None or progress is None:
        return None
    values = PlaceholderValues.of_show(snapshot, now_ns=now_ns, locale=settings.locale)
    if goal.measure == "units":
        units = {"current": str(sales.units), "target": str(goal.target_units)}
        return GoalView(resolve(settings.units_label, values.with_values(units)), progress)
    assert goal.target_revenue is not None
    target = goal.target_revenue
    current = sales.revenue if sales.revenue is not None else Money.zero(target.currency)
    amounts = {
        "current": format_money(current, settings.locale),
        "target": format_money(target, settings.locale),
    }
    return GoalView(resolve(settings.label, values.with_values(amounts)), progress)


@register_source
class GoalBarSource(ShopOverlaySource):
    kind = "goal_bar"
    settings_type = GoalBarSettings
    lays_out_at_box = True  # a resized bar keeps its label sharp and whole

    def _view(self, shop: ShopLive, snapshot: ShopSnapshot) -> GoalView | None:
        return goal_view(self.settings, snapshot, now_ns=shop.clock.now_ns())

    def _draw(self, view: GoalView) -> np.ndarray:
        size = (self.settings.width_px, self.settings.height_px)
        return self._draw_at(view, *size, size)

    def _draw_at(
        self, view: GoalView, width: int, height: int, natural: tuple[int, int]
    ) -> np.ndarray:
        from studio.render.shop_overlays import render_goal_bar

        style = style_of(self.settings, box_scale((width, height), natural))
        return render_goal_bar(view.label, view.progress, style, width, height)


# -- flash deal -------------------------------------------------------------------------------


class FlashDealSettings(ShopOverlaySettings):
    placeholder_fields: ClassVar[PlaceholderFields] = {
        "title": frozenset(),
        "countdown": frozenset({"time"}),
    }

    kind: Literal["flash_deal"] = "flash_deal"
    title: str = Field(default="FLASH DEAL", max_length=100)
    countdown: str = Field(default="Ends in {time}", max_length=100)


@dataclass(frozen=True, slots=True)
class DealView:
    title: str
    price: str
    old_price: str | None
    countdown: str


def deal_view(
    settings: FlashDealSettings, shop: ShopLive, snapshot: ShopSnapshot
) -> DealView | None:
    """The running deal with its countdown (None: no deal, or it ended)."""
    deal = snapshot.deal
    if deal is None:
        return None
    seconds = deal.seconds_left(shop.clock.now_ns())
    if seconds == 0:
        return None
    featured = snapshot.featured
    product = featured if featured is not None and featured.id == deal.product_id else None
    product = product or shop.find(deal.product_id)
    old = product.price if product is not None and deal.price < product.price else None
    values = PlaceholderValues.of_show(snapshot, now_ns=shop.clock.now_ns(), locale=settings.locale)
    countdown = values.with_values({"time": format_countdown(seconds)})
    return DealView(
        title=resolve(settings.title, values),
        price=format_money(deal.price, settings.locale),
        old_price=format_money(old, settings.locale) if old is not None else None,
        countdown=resolve(settings.countdown, countdown),
    )


@register_source
class FlashDealSource(ShopOverlaySource):
    """The special price and a countdown, redrawn once per second; hides when the deal ends."""

    kind = "flash_deal"
    settings_type = FlashDealSettings

    def _view(self, shop: ShopLive, snapshot: ShopSnapshot) -> DealView | None:
        return deal_view(self.settings, shop, snapshot)

    def _draw(self, view: DealView) -> np.ndarray:
        from studio.render.shop_overlays import render_flash_deal

        return render_flash_deal(view.title, view.price, view.old_price, view.countdown,
                                 style_of(self.settings))  # fmt: skip
