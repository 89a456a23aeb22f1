"""Rasters of the shop overlays: product card, pill (sales ticker), goal bar, flash deal.

Drawn with Qt's painter like :mod:`studio.render.text` (one painter at a time, premultiplied
BGRA out). The callers (the overlay sources) pass plain values already formatted for the
viewer; nothing here knows about the catalog or the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import segno
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter, QPainterPath

from studio.render.card_layout import (
    QR_QUIET_MODULES,
    CardLayout,
    CardText,
    font_of,
    layout_card,
)
from studio.render.text import (
    DEFAULT_FONT_FAMILY,
    MAX_RASTER_PX,
    ensure_gui_app,
    new_image,
    one_painter_at_a_time,
    qcolor,
    to_bgra,
)

SOLD_OUT = "SOLD OUT"
CHIP_TEXT = "#15151A"  # dark words on the accent-coloured chip of the buy line


@dataclass(frozen=True, slots=True)
class OverlayStyle:
    background: str = "#1E1E24E6"
    text_color: str = "#FFFFFF"
    accent_color: str = "#FFD23F"
    muted_color: str = "#B4B4B4"
    warning_color: str = "#FF5A5F"
    font_family: str = DEFAULT_FONT_FAMILY
    font_size_px: int = 28
    corner_radius_px: int = 16
    padding_px: int = 12


@dataclass(frozen=True, slots=True)
class CardContent:
    """A product card as the viewer reads it: its words (strings already formatted, the buy
    line's words to type fullest first, see studio.capture.buy_line), the link its QR code
    holds, and its shape."""

    text: CardText
    sold_out: bool = False
    qr_text: str | None = None  # the product link with UTM tags
    layout: Literal["landscape", "vertical"] = "landscape"


@dataclass(frozen=True, slots=True)
class QrPlacement:
    """Where the QR code's first module is, and the size of one module, in raster pixels."""

    x: int
    y: int
    module_px: int
    modules: int


@dataclass(frozen=True, slots=True)
class CardRaster:
    bgra: np.ndarray
    qr: QrPlacement | None
    layout: CardLayout  # where each text went: tests and diagnostics read it


def qr_matrix(text: str) -> np.ndarray:
    """The QR code of ``text`` (error correction M) as a bool array, True = dark module,
    without the quiet zone."""
    code = segno.make(text, error="m", micro=False)
    return np.array([list(row) for row in code.matrix], dtype=bool)


def _font(style: OverlayStyle, scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(style.font_family)
    font.setPixelSize(max(4, round(style.font_size_px * scale)))
    font.setBold(bold)
    return font


def fitted_font(style: OverlayStyle, text: str, width: float, height: float) -> QFont:
    """The style's bold font, shrunk until ``text`` fits on one line in width × height (a
    goal label on a narrow bar is smaller, never cut)."""
    font = _font(style, bold=True)
    metrics = QFontMetricsF(font)
    advance, line_h = metrics.horizontalAdvance(text), metrics.height()
    scale = min(1.0, max(1.0, width) / max(1.0, advance), max(1.0, height) / max(1.0, line_h))
    if scale < 1.0:
        font.setPixelSize(max(4, int(font.pixelSize() * scale)))
    return font


def _size(width: int, height: int) -> tuple[int, int]:
    return max(1, min(width, MAX_RASTER_PX)), max(1, min(height, MAX_RASTER_PX))


def _background(painter: QPainter, width: int, height: int, style: OverlayStyle) -> None:
    path = QPainterPath()
    radius = min(style.corner_radius_px, width / 2, height / 2)
    path.addRoundedRect(QRectF(0, 0, width, height), radius, radius)
    painter.fillPath(path, qcolor(style.background))


def _painter(image: QImage) -> QPainter:
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    return painter


def _text(
    painter: QPainter, x: float, y: float, width: float, font: QFont, color: str, text: str
) -> float:
    """One line at (x, y top), elided to ``width``; returns the line's height."""
    metrics = QFontMetricsF(font)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(1.0, width))
    painter.setFont(font)
    painter.setPen(qcolor(color))
    painter.drawText(
        QRectF(x, y, max(1.0, width), metrics.height()),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        shown,
    )
    return metrics.height()


def _draw_image(painter: QPainter, box: QRectF, bgra: np.ndarray) -> None:
    """Scaled to fit the box, centred, keeping its aspect."""
    height, width = bgra.shape[:2]
    data = np.ascontiguousarray(bgra)
    image = QImage(data.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
    scale = min(box.width() / width, box.height() / height)
    w, h = width * scale, height * scale
    target = QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)
    painter.drawImage(target, image)


def _draw_qr(painter: QPainter, x: int, y: int, side: int, text: str) -> QrPlacement | None:
    matrix = qr_matrix(text)
    modules = matrix.shape[0]
    module_px = side // (modules + 2 * QR_QUIET_MODULES)
    if module_px < 1:
        return None  # too small to scan: better no code than a blur
    full = module_px * (modules + 2 * QR_QUIET_MODULES)
    x, y = x + (side - full) // 2, y + (side - full) // 2
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp modules
    painter.fillRect(QRectF(x, y, full, full), qcolor("#FFFFFF"))
    origin_x, origin_y = x + QR_QUIET_MODULES * module_px, y + QR_QUIET_MODULES * module_px
    black = qcolor("#000000")
    for row, col in zip(*np.nonzero(matrix), strict=True):
        painter.fillRect(
            QRectF(origin_x + int(col) * module_px, origin_y + int(row) * module_px,
                   module_px, module_px),
            black,
        )  # fmt: skip
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    return QrPlacement(origin_x, origin_y, module_px, modules)


def _sold_out_band(painter: QPainter, width: int, height: int, style: OverlayStyle) -> None:
    """A dimmed card with a bold band across it: readable at a glance, even small."""
    painter.fillRect(QRectF(0, 0, width, height), qcolor("#00000099"))
    band_h = max(8.0, height * 0.28)
    top = (height - band_h) / 2
    painter.fillRect(QRectF(0, top, width, band_h), qcolor(style.warning_color))
    font = _font(style, 1.0, bold=True)
    font.setPixelSize(max(4, int(band_h * 0.6)))
    advance = QFontMetricsF(font).horizontalAdvance(SOLD_OUT)
    if advance > width * 0.9:  # a narrow (vertical) card: shrink the words to fit
        font.setPixelSize(max(4, int(font.pixelSize() * width * 0.9 / advance)))
    painter.setFont(font)
    painter.setPen(qcolor("#FFFFFF"))
    painter.drawText(QRectF(0, top, width, band_h), int(Qt.AlignmentFlag.AlignCenter), SOLD_OUT)


def _card_text(content: CardContent) -> CardText:
    if content.sold_out:  # nothing to buy: the band says it, the buy line and QR go
        return replace(content.text, stock_note=None, buy_lead="", buy_codes=(), buy_tail="")
    return content.text


def lay_out_card(
    content: CardContent, style: OverlayStyle, width: int, height: int, has_image: bool
) -> CardLayout:
    """Where everything goes on a card of this size (no painting)."""
    ensure_gui_app()
    width, height = _size(width, height)
    with_qr = content.qr_text is not None and not content.sold_out
    return layout_card(
        _card_text(content),
        width=width,
        height=height,
        layout=content.layout,
        font_family=style.font_family,
        font_size_px=style.font_size_px,
        padding_px=style.padding_px,
        has_image=has_image,
        qr_modules=qr_matrix(content.qr_text).shape[0] if with_qr and content.qr_text else 0,
    )


def _draw_runs(painter: QPainter, layout: CardLayout, style: OverlayStyle) -> None:
    colours = {
        "title": style.text_color, "price": style.accent_color,
        "compare_at": style.muted_color, "stock": style.warning_color,
        "buy_lead": style.text_color, "buy_code": CHIP_TEXT, "buy_tail": style.text_color,
    }  # fmt: skip
    if layout.chip is not None:
        chip = layout.chip
        path = QPainterPath()
        radius = chip.height / 2
        path.addRoundedRect(QRectF(chip.x, chip.y, chip.width, chip.height), radius, radius)
        painter.fillPath(path, qcolor(style.accent_color))
    no_clip = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip)
    for run in layout.runs:
        font = font_of(style.font_family, run.font_px, run.bold, run.strike)
        painter.setFont(font)
        painter.setPen(qcolor(colours[run.role]))
        box = run.box
        painter.drawText(QRectF(box.x, box.y, box.width + 1, box.height), no_clip, run.text)


@one_painter_at_a_time
def render_product_card(
    content: CardContent,
    style: OverlayStyle,
    width: int,
    height: int,
    image: np.ndarray | None = None,
) -> CardRaster:
    """The card laid out for ``width`` × ``height``: image, title, price (compare-at struck
    through), stock note, the buy line and the QR code; sold out dims it under a band."""
    layout = lay_out_card(content, style, width, height, image is not None)
    width, height = layout.width, layout.height
    qimage = new_image(width, height)
    painter = _painter(qimage)
    qr: QrPlacement | None = None
    try:
        _background(painter, width, height, style)
        if image is not None and layout.image is not None:
            box = layout.image
            _draw_image(painter, QRectF(box.x, box.y, box.width, box.height), image)
        _draw_runs(painter, layout, style)
        if content.qr_text and layout.qr is not None and not content.sold_out:
            box = layout.qr
            qr = _draw_qr(painter, int(box.x), int(box.y), int(box.width), content.qr_text)
        if content.sold_out:
            _sold_out_band(painter, width, height, style)
    finally:
        painter.end()
    return CardRaster(to_bgra(qimage), qr, layout)


@one_painter_at_a_time
def render_pill(text: str, style: OverlayStyle) -> np.ndarray:
    """One line of text on the style's rounded background, sized to fit (sales ticker)."""
    ensure_gui_app()
    font = _font(style, bold=True)
    metrics = QFontMetricsF(font)
    width, height = _size(
        int(np.ceil(metrics.horizontalAdvance(text))) + 2 * style.padding_px,
        int(np.ceil(metrics.height())) + 2 * style.padding_px,
    )
    qimage = new_image(width, height)
    painter = _painter(qimage)
    try:
        _background(painter, width, height, style)
        _text(painter, style.padding_px, style.padding_px, width, font, style.text_color, text)
    finally:
        painter.end()
    return to_bgra(qimage)


@one_painter_at_a_time
def render_goal_bar(
    label: str, progress: float, style: OverlayStyle, width: int, height: int
) -> np.ndarray:
    """A bar filled to ``progress`` (0–1) in the accent colour, the label centred on it."""
    ensure_gui_app()
    width, height = _size(width, height)
    qimage = new_image(width, height)
    painter = _painter(qimage)
    try:
        _background(painter, width, height, style)
        filled = width * min(1.0, max(0.0, progress))
        if filled > 0:
            path = QPainterPath()
            radius = min(style.corner_radius_px, width / 2, height / 2)
            path.addRoundedRect(QRectF(0, 0, width, height), radius, radius)
            clip = QPainterPath()
            clip.addRect(QRectF(0, 0, filled, height))
            painter.fillPath(path.intersected(clip), qcolor(style.accent_color))
        font = fitted_font(style, label, width - 2 * style.padding_px, height * 0.8)
        painter.setFont(font)
        painter.setPen(qcolor(style.text_color))
        painter.drawText(QRectF(0, 0, width, height), int(Qt.AlignmentFlag.AlignCenter), label)
    finally:
        painter.end()
    return to_bgra(qimage)


@one_painter_at_a_time
def render_flash_deal(
    title: str, price: str, old_price: str | None, countdown: str, style: OverlayStyle
) -> np.ndarray:
    """Title, the special price (the old one struck through) and the countdown, stacked."""
    ensure_gui_app()
    title_font, price_font = _font(style, 0.8, bold=True), _font(style, 1.3, bold=True)
    old_font, count_font = _font(style, 0.8), _font(style, 1.0, bold=True)
    old_font.setStrikeOut(True)
    pad, gap = style.padding_px, style.font_size_px * 0.4
    price_w = QFontMetricsF(price_font).horizontalAdvance(price)
    old_w = QFontMetricsF(old_font).horizontalAdvance(old_price) + gap if old_price else 0.0
    widths = [
        QFontMetricsF(title_font).horizontalAdvance(title),
        price_w + old_w,
        QFontMetricsF(count_font).horizontalAdvance(countdown),
    ]
    heights = [QFontMetricsF(f).height() for f in (title_font, price_font, count_font)]
    width, height = _size(int(np.ceil(max(widths))) + 2 * pad, int(np.ceil(sum(heights))) + 2 * pad)
    qimage = new_image(width, height)
    painter = _painter(qimage)
    try:
        _background(painter, width, height, style)
        y = float(pad)
        y += _text(painter, pad, y, width, title_font, style.warning_color, title)
        _text(painter, pad, y, width, price_font, style.accent_color, price)
        if old_price:
            old_y = y + (heights[1] - QFontMetricsF(old_font).height()) * 0.7
            _text(painter, pad + price_w + gap, old_y, width, old_font, style.muted_color,
                  old_price)  # fmt: skip
        y += heights[1]
        _text(painter, pad, y, width, count_font, style.text_color, countdown)
    finally:
        painter.end()
    return to_bgra(qimage)
