"""Chat comments as a raster: each comment a bubble with a platform badge, the author's name in
bold and the text wrapped to the overlay's width.

Qt lays the text out (bidi, font fallback for emoji and other scripts, wrapping anywhere when a
"word" is longer than the line), under the same paint lock as every other text raster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from studio.render.chat_style import MAX_RENDERED_CHARS, ChatLine, ChatStyle
from studio.render.text import (
    MAX_RASTER_PX,
    ensure_gui_app,
    new_image,
    one_painter_at_a_time,
    qcolor,
    to_bgra,
)


@dataclass
class _Block:
    line: ChatLine
    layout: QTextLayout
    lines_drawn: int
    width: float  # the bubble's
    height: float


def _cut(text: str) -> str:
    return text if len(text) <= MAX_RENDERED_CHARS else text[: MAX_RENDERED_CHARS - 1] + "…"


class _Metrics:
    def __init__(self, style: ChatStyle) -> None:
        self.style = style
        self.font = QFont(style.font_family)
        self.font.setPixelSize(style.font_size_px)
        self.badge_font = QFont(style.font_family)
        self.badge_font.setPixelSize(max(4, round(style.font_size_px * 0.7)))
        self.badge_font.setBold(True)
        self.line_height = QFontMetricsF(self.font).lineSpacing()
        self.accent_w = max(3, style.font_size_px // 6) if style.accent_color else 0
        self.content_x = style.padding_px + self.accent_w
        self.content_w = max(8.0, style.width_px - self.content_x - style.padding_px)

    def badge_width(self, marker: str) -> float:
        if not marker:
            return 0.0
        advance = QFontMetricsF(self.badge_font).horizontalAdvance(marker)
        return advance + self.style.font_size_px * 0.5

    def block(self, line: ChatLine) -> _Block:
        style = self.style
        author, text = _cut(line.author), _cut(line.text)
        layout = QTextLayout(f"{author} {text}" if author else text, self.font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # The name stays on the left even when the comment is in a right-to-left script.
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        layout.setTextOption(option)
        if author:
            name = QTextLayout.FormatRange()
            name.start, name.length = 0, len(author)
            name_format = QTextCharFormat()
            name_format.setForeground(qcolor(style.name_color))
            name_format.setFontWeight(QFont.Weight.Bold)
            name.format = name_format
            layout.setFormats([name])
        indent = self.badge_width(line.marker)
        indent += style.font_size_px * 0.3 if indent else 0.0
        widest, count = 0.0, 0
        layout.beginLayout()
        while count < style.max_lines_per_message:
            text_line = layout.createLine()
            if not text_line.isValid():
                break
            x = indent if count == 0 else 0.0
            text_line.setLineWidth(self.content_w - x)
            text_line.setPosition(QPointF(x, count * self.line_height))
            widest = max(widest, x + text_line.naturalTextWidth())
            count += 1
        layout.endLayout()
        width = min(float(style.width_px), self.content_x + widest + style.padding_px)
        height = max(1, count) * self.line_height + 2 * style.padding_px
        return _Block(line, layout, count, width, height)


def _choose(blocks: list[_Block], style: ChatStyle) -> list[_Block]:
    """The newest blocks that fit a fixed height (at least the newest one, clipped)."""
    if style.height_px is None:
        return blocks
    chosen: list[_Block] = []
    used = 0.0
    for block in reversed(blocks):
        needed = block.height + (style.gap_px if chosen else 0)
        if chosen and used + needed > style.height_px:
            break
        chosen.insert(0, block)
        used += needed
    return chosen


@one_painter_at_a_time
def render_chat(lines: Sequence[ChatLine], style: ChatStyle) -> np.ndarray:
    """Comments (oldest first) as a premultiplied BGRA raster ``style.width_px`` wide; the
    newest sits at the anchor edge, older ones that do not fit a fixed height are left out."""
    ensure_gui_app()
    metrics = _Metrics(style)
    blocks = _choose([metrics.block(line) for line in lines], style)
    content_h = sum(b.height for b in blocks) + style.gap_px * max(0, len(blocks) - 1)
    width = max(1, min(MAX_RASTER_PX, style.width_px))
    height = style.height_px if style.height_px is not None else int(np.ceil(content_h))
    height = max(1, min(MAX_RASTER_PX, height))
    ordered = blocks if style.anchor == "bottom" else list(reversed(blocks))
    y = height - content_h if style.anchor == "bottom" else 0.0
    image = new_image(width, height)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if style.background is not None:
            painter.fillRect(QRectF(0, 0, width, height), qcolor(style.background))
        for block in ordered:
            _draw_block(painter, metrics, block, y)
            y += block.height + style.gap_px
    finally:
        painter.end()
    return to_bgra(image)


def _draw_block(painter: QPainter, metrics: _Metrics, block: _Block, top: float) -> None:
    style = metrics.style
    radius = style.font_size_px * 0.3
    if style.bubble_color is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(style.bubble_color))
        painter.drawRoundedRect(QRectF(0, top, block.width, block.height), radius, radius)
    if style.accent_color is not None:
        bar = QRectF(0, top, metrics.accent_w, block.height)
        painter.fillRect(bar, qcolor(style.accent_color))
    origin = QPointF(metrics.content_x, top + style.padding_px)
    marker = block.line.marker
    if marker:
        badge = QRectF(
            origin.x(),
            origin.y() + metrics.line_height * 0.1,
            metrics.badge_width(marker),
            metrics.line_height * 0.8,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(block.line.marker_color))
        painter.drawRoundedRect(badge, radius * 0.6, radius * 0.6)
        painter.setPen(QColor(255, 255, 255))
        painter.setFont(metrics.badge_font)
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), marker)
    painter.setPen(qcolor(style.text_color))
    for index in range(block.lines_drawn):
        block.layout.lineAt(index).draw(painter, origin)
