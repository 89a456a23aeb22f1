"""The end-of-show report as a PDF: a heading, the sales chart and the per-product totals.

Drawn with QPdfWriter and QPainter (Qt's GUI types, no widgets: the offscreen platform is
enough). The shop formats every figure; this module only lays out the strings it is given,
so no amount is ever turned into a number here.

The chart arrives as SVG (matplotlib's, text kept as text) and QSvgRenderer paints it onto
the PDF page: it stays vector paths and real text, sharp at any zoom and searchable, and its
labels get Qt's font fallback and right-to-left shaping like the table below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

from studio.render.text import DEFAULT_FONT_FAMILY, ensure_gui_app, one_painter_at_a_time

RESOLUTION_DPI = 144
MARGIN_MM = 15.0
ROW_GAP = 1.35  # row height as a multiple of the font's height
RULE = QColor(170, 170, 170)


@dataclass(frozen=True)
class Swatch:
    """A product's key in the table: ``fill`` inside an ``edge`` (the chart's band colours)."""

    fill: tuple[int, int, int]
    edge: tuple[int, int, int]


@dataclass(frozen=True)
class ReportTable:
    """Rows of already formatted text; ``right_aligned`` column indexes hold figures.
    ``swatches`` (one per row, None for none) key the rows to the chart's bands."""

    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    right_aligned: frozenset[int] = frozenset()
    swatches: list[Swatch | None] = field(default_factory=list)
    footer: tuple[str, ...] | None = None  # the TOTAL row, drawn bold under a rule


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont(DEFAULT_FONT_FAMILY)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


class _Page:
    """A cursor down the pages of one writer: starts a new page when the next line won't fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.painter = writer, painter
        self.width = float(writer.width())
        self.height = float(writer.height())
        self.y = 0.0

    def make_room(self, height: float) -> None:
        if self.y + height > self.height and self.y > 0:
            self.writer.newPage()
            self.y = 0.0

    def text(self, text: str, font: QFont) -> None:
        line_h = QFontMetricsF(font, self.writer).height() * ROW_GAP
        self.make_room(line_h)
        self.painter.setFont(font)
        box = QRectF(0, self.y, self.width, line_h)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.painter.drawText(box, flags, text)
        self.y += line_h


def _column_widths(page: _Page, table: ReportTable, font: QFont, bold: QFont) -> list[float]:
    metrics, bold_metrics = QFontMetricsF(font, page.writer), QFontMetricsF(bold, page.writer)
    gap = metrics.horizontalAdvance("MM")
    figures = [
        max(
            [bold_metrics.horizontalAdvance(table.headers[c])]
            + [metrics.horizontalAdvance(row[c]) for row in table.rows]
            + ([bold_metrics.horizontalAdvance(table.footer[c])] if table.footer else [])
        )
        + gap
        for c in range(1, len(table.headers))
    ]
    return [max(page.width - sum(figures), page.width * 0.3), *figures]


def _table(page: _Page, table: ReportTable) -> None:
    font, bold = _font(10), _font(10, bold=True)
    widths = _column_widths(page, table, font, bold)
    line_h = QFontMetricsF(font, page.writer).height() * ROW_GAP
    swatch = line_h * 0.45

    def row(cells: tuple[str, ...], row_font: QFont, key: Swatch | None, product: bool) -> None:
        page.make_room(line_h)
        page.painter.setFont(row_font)
        x = 0.0
        for column, (text, width) in enumerate(zip(cells, widths, strict=True)):
            left = x
            if column == 0 and key is not None:
                top = page.y + (line_h - swatch) / 2
                page.painter.save()
                page.painter.setPen(QPen(QColor(*key.edge), max(swatch / 8, 1.0)))
                page.painter.setBrush(QColor(*key.fill))
                page.painter.drawRect(QRectF(x, top, swatch, swatch))
                page.painter.restore()
            if column == 0 and product:  # product rows line up, with a swatch or without
                left += swatch * 1.8
            align = (
                Qt.AlignmentFlag.AlignRight
                if column in table.right_aligned
                else Qt.AlignmentFlag.AlignLeft
            )
            box = QRectF(left, page.y, x + width - left, line_h)
            # A title longer than its column ends in "…" instead of running under the figures.
            room = box.width() - QFontMetricsF(row_font, page.writer).horizontalAdvance(" ")
            text = QFontMetricsF(row_font, page.writer).elidedText(
                text, Qt.TextElideMode.ElideRight, room
            )
            page.painter.drawText(box, int(align | Qt.AlignmentFlag.AlignVCenter), text)
            x += width
        page.y += line_h

    def rule() -> None:
        page.painter.fillRect(QRectF(0, page.y, page.width, 2), RULE)
        page.y += 4

    row(table.headers, bold, None, product=False)
    rule()
    for index, cells in enumerate(table.rows):
        key = table.swatches[index] if index < len(table.swatches) else None
        row(cells, font, key, product=True)
    if table.footer is not None:
        rule()
        row(table.footer, bold, None, product=False)


@one_painter_at_a_time
def render_report_pdf(title: str, lines: list[str], chart_svg: bytes, table: ReportTable) -> bytes:
    """A4 pages: ``title``, the summary ``lines``, the chart (SVG, drawn as vectors) at full
    width, then ``table``. Raises ValueError when ``chart_svg`` is not an SVG Qt can draw."""
    ensure_gui_app()
    chart = QSvgRenderer(QByteArray(chart_svg))
    if not chart.isValid():
        raise ValueError("the report chart is not a drawable SVG")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("LiveShop Studio")
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    try:
        page = _Page(writer, painter)
        page.text(title, _font(18, bold=True))
        for line in lines:
            page.text(line, _font(10))
        page.y += 10
        size = chart.defaultSize()
        chart_h = page.width * size.height() / max(size.width(), 1)
        page.make_room(chart_h)
        chart.render(painter, QRectF(0, page.y, page.width, chart_h))
        page.y += chart_h + 20
        _table(page, table)
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data())
