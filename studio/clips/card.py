"""The product card of a vertical clip, drawn again from the ledger's snapshot by the very
renderer the show's card uses (:func:`studio.render.shop_overlays.render_product_card`).

It shows the product as it was featured: its picture, title, price and the QR code of its
page. It has no "Comment SOLD 12" line: a clip is watched after the show, when a comment buys
nothing; the QR code does. The link is tagged ``utm_source=clip`` and the show's name, so the
store tells clip buyers from live ones.
"""

from __future__ import annotations

import io
from typing import Any

import av
import numpy as np

from studio.capture.image import premultiply_bgra
from studio.capture.shop_overlay_base import style_of
from studio.capture.shop_overlays import ProductCardSettings
from studio.clips.spans import ProductSpan
from studio.clips.vertical_frame import Rect
from studio.shop.ledger import Ledger
from studio.shop.live_canvases import utm_url
from studio.shop.money_format import format_money

CLIP_PLATFORM = "clip"  # utm_source of the links on clips
# How the card looks when no scene collection says: the phone template's colours and size.
PHONE_CARD = ProductCardSettings(
    width_px=840, height_px=320, layout="landscape", accent_color="#FF4F8B",
    background="#FFFFFFF0", text_color="#1A1A1A", muted_color="#7A7A7A", font_size_px=38,
)  # fmt: skip


def picture_bgra(png: bytes | None) -> np.ndarray | None:
    """A kept picture as premultiplied BGRA, as the card renderer takes it."""
    if not png:
        return None
    try:
        with av.open(io.BytesIO(png), "r") as container:
            for frame in container.decode(video=0):
                return premultiply_bgra(np.ascontiguousarray(frame.to_ndarray(format="bgra")))
    except (OSError, av.FFmpegError):
        return None
    return None


def render_card(
    span: ProductSpan,
    ledger: Ledger,
    box: Rect,
    *,
    campaign: str,
    settings: ProductCardSettings | None = None,
    locale: str | None = None,
) -> np.ndarray:
    """The card for ``box`` (premultiplied BGRA, ``box.height`` × ``box.width``), in the
    style of ``settings`` (the show's own card; the phone template's when None)."""
    from studio.render.card_layout import CardText
    from studio.render.shop_overlays import CardContent, render_product_card
    from studio.render.text import ensure_gui_app

    ensure_gui_app()
    card = settings or PHONE_CARD
    product = span.product
    price = format_money(product.price, locale or card.locale) if product is not None else ""
    url = product.url if product is not None else ""
    picture_id = product.picture_id if product is not None else None
    picture = picture_bgra(ledger.featured_picture(picture_id)) if picture_id else None
    text = CardText(title=span.title, price=price)
    qr = utm_url(url, CLIP_PLATFORM, campaign) if url and card.show_qr else None
    layout: Any = "vertical" if box.height > box.width else "landscape"
    content = CardContent(text, sold_out=False, qr_text=qr, layout=layout)
    natural = (max(card.width_px, card.height_px), min(card.width_px, card.height_px))
    scale = max(0.05, min(box.width / natural[0], box.height / natural[1]))
    raster = render_product_card(
        content,
        style_of(card, scale),
        box.width,
        box.height,
        picture if card.show_image else None,
    )
    return _fit(raster.bgra, box)


def _fit(bgra: np.ndarray, box: Rect) -> np.ndarray:
    """The raster at exactly the box's size (the renderer caps very large rasters)."""
    if bgra.shape[0] == box.height and bgra.shape[1] == box.width:
        return bgra
    out = np.zeros((box.height, box.width, 4), np.uint8)
    height, width = min(box.height, bgra.shape[0]), min(box.width, bgra.shape[1])
    out[:height, :width] = bgra[:height, :width]
    return out
