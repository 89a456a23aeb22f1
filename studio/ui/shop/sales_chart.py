"""The Sales tab's live chart: cumulative units sold (left axis) and revenue (right axis) over
show time, the featured products as bands in their report colours, and a legend.

Drawn with QPainter rather than matplotlib: it repaints on every resize and every few
seconds while live, and the studio's start must not pay for importing matplotlib. The data,
the time ticks and the colours are the report's own (:mod:`studio.shop.report`), so the
live chart and the end-of-show chart read the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.shop.ledger import Ledger
from studio.shop.ledger_model import ShowTotals
from studio.shop.money import Money, minor_digits
from studio.shop.money_format import format_money
from studio.shop.report import report_products
from studio.shop.report.chart import SalesSteps, one_line_label, sales_steps
from studio.shop.report.palette import ProductKey
from studio.shop.report.show_time import (
    ShowWindow,
    format_show_time,
    show_window,
    time_ticks_s,
)

BACKGROUND = QColor("#202124")
AXIS = QColor("#5f6368")
GRID = QColor(95, 99, 104, 90)
TEXT = QColor("#e8eaed")
UNITS = QColor("#8ab4f8")
REVENUE = QColor("#fdd663")
BAND_ALPHA = 110  # of 255: the palette's colours, see-through on the dark background
MARGIN_PX = 4
TICK_PX = 3
LEGEND_LABEL_CHARS = 24


@dataclass(frozen=True)
class Band:
    key: ProductKey
    start_s: float
    end_s: float


@dataclass(frozen=True)
class ChartData:
    """What the chart draws; ``window`` None: nothing happened in the show yet."""

    window: ShowWindow | None = None
    steps: SalesSteps = field(default_factory=lambda: SalesSteps([0.0], [0], [0]))
    bands: list[Band] = field(default_factory=list)
    currency: str = "USD"
    locale: str = "en_US"


def chart_data(ledger: Ledger, show_id: int, totals: ShowTotals, locale: str) -> ChartData:
    """The chart of the show so far, read on the shop worker: from its first featured
    product or sale up to now."""
    show = ledger.show(show_id)
    entries = ledger.entries(show_id)
    featured = ledger.featured_intervals(show_id)
    if not entries and not featured:
        return ChartData(currency=show.currency, locale=locale)
    so_far = show_window(entries, featured, fallback_start=show.started_at)
    window = ShowWindow(so_far.start, max(so_far.end, ledger.clock()))
    keys = {key.product_id: key for key in report_products(ledger, totals, featured)}
    bands = [
        Band(keys[interval.product_id], *span)
        for interval in featured
        if (span := window.clip(interval)) is not None
    ]
    return ChartData(window, sales_steps(entries, window), bands, show.currency, locale)


def nice_step(top: float, count: int) -> float:
    """A 1, 2 or 5 × 10ⁿ step that splits 0…``top`` into at most ``count`` parts."""
    raw = max(top, 1e-9) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


class SalesChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("salesChart")
        self.data = ChartData()
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(320, 170)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), BACKGROUND)
            font = QFont(self.font())
            font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
            painter.setFont(font)
            if self.data.window is None:
                painter.setPen(TEXT)
                painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No sales yet")
                return
            _Painter(painter, QFontMetricsF(font), QRectF(self.rect()), self.data).draw()
        finally:
            painter.end()


class _Painter:
    """One paint of the chart: the layout, then the layers back to front."""

    def __init__(
        self, painter: QPainter, metrics: QFontMetricsF, area: QRectF, data: ChartData
    ) -> None:
        assert data.window is not None
        self.p, self.metrics, self.data = painter, metrics, data
        self.span_s = data.window.axis_span_s
        self.scale = 10 ** minor_digits(data.currency)
        self.top_units = max(data.steps.units[-1], 1)
        self.units_step = max(nice_step(self.top_units, 4), 1)
        self.top_units = math.ceil(self.top_units / self.units_step) * self.units_step
        top_revenue = max(data.steps.revenue_minor[-1] / self.scale, 1.0)
        self.revenue_step = nice_step(top_revenue, 4)
        self.top_revenue = math.ceil(top_revenue / self.revenue_step) * self.revenue_step
        line_h = metrics.height()
        left = metrics.horizontalAdvance(str(int(self.top_units))) + TICK_PX + 2 * MARGIN_PX
        right = metrics.horizontalAdvance(self._money(self.top_revenue)) + TICK_PX + 2 * MARGIN_PX
        self.plot = area.adjusted(left, line_h + 2 * MARGIN_PX, -right, -(line_h + MARGIN_PX))

    def _money(self, value: float) -> str:
        money = Money.from_minor(round(value * self.scale), self.data.currency)
        return format_money(money, self.data.locale)

    def x(self, seconds: float) -> float:
        return self.plot.left() + self.plot.width() * min(max(seconds / self.span_s, 0.0), 1.0)

    def draw(self) -> None:
        if self.plot.width() < 20 or self.plot.height() < 20:
            return
        self._bands()
        self._axes()
        steps = self.data.steps
        self._steps(steps.units, self.top_units, QPen(UNITS, 2))
        revenue = [minor / self.scale for minor in steps.revenue_minor]
        self._steps(revenue, self.top_revenue, QPen(REVENUE, 1.4, Qt.PenStyle.DashLine))
        self._legend()

    def _bands(self) -> None:
        for band in self.data.bands:
            colour = QColor(*band.key.colour, BAND_ALPHA)
            left, right = self.x(band.start_s), self.x(band.end_s)
            self.p.fillRect(QRectF(left, self.plot.top(), right - left, self.plot.height()), colour)

    def _axes(self) -> None:
        p, plot, metrics = self.p, self.plot, self.metrics
        line_h = metrics.height()
        max_ticks = max(int(plot.width() // (metrics.horizontalAdvance("0:00:00") * 1.6)), 1)
        for seconds in time_ticks_s(self.span_s, max_ticks):
            x = self.x(seconds)
            p.setPen(GRID)
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(TEXT)
            label = format_show_time(seconds)
            width = metrics.horizontalAdvance(label)
            left = min(max(x - width / 2, plot.left() - 2), plot.right() - width + 2)
            p.drawText(QRectF(left, plot.bottom() + 1, width + 2, line_h), label)
        units = 0.0
        while units <= self.top_units + 1e-9:
            y = plot.bottom() - plot.height() * units / self.top_units
            p.setPen(GRID)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(UNITS)
            box = QRectF(0, y - line_h / 2, plot.left() - TICK_PX - 2, line_h)
            p.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                       str(int(units)))  # fmt: skip
            units += self.units_step
        revenue = 0.0
        p.setPen(REVENUE)
        while revenue <= self.top_revenue + 1e-9:
            y = plot.bottom() - plot.height() * revenue / self.top_revenue
            box = QRectF(plot.right() + TICK_PX + 2, y - line_h / 2, 400, line_h)
            p.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                       self._money(revenue))  # fmt: skip
            revenue += self.revenue_step
        p.setPen(AXIS)
        p.drawRect(plot)

    def _steps(self, values: list[int] | list[float], top: float, pen: QPen) -> None:
        plot, times = self.plot, self.data.steps.times_s
        points = QPolygonF()
        for index, (seconds, value) in enumerate(zip(times, values, strict=True)):
            y = plot.bottom() - plot.height() * value / top
            if index:
                points.append(QPointF(self.x(seconds), points[-1].y()))  # hold, then step
            points.append(QPointF(self.x(seconds), y))
        self.p.save()
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.p.setPen(pen)
        self.p.drawPolyline(points)
        self.p.restore()

    def _legend(self) -> None:
        """One line over the plot: the two lines, then each featured product's colour."""
        p, metrics = self.p, self.metrics
        line_h = metrics.height()
        x, y, right = self.plot.left(), MARGIN_PX, self.plot.right()
        entries: list[tuple[QColor, str, bool]] = [
            (UNITS, "Units", False),
            (REVENUE, "Revenue", False),
        ]
        seen: set[str] = set()
        for band in self.data.bands:
            if band.key.product_id not in seen:
                seen.add(band.key.product_id)
                title = one_line_label(band.key.title, LEGEND_LABEL_CHARS)
                entries.append((QColor(*band.key.colour), title, True))
        for colour, label, is_band in entries:
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(right - x - 14, 0))
            if not text or x + 14 >= right:
                break
            mark = QRectF(x, y + line_h * 0.25, 10, line_h * 0.5)
            if is_band:
                p.fillRect(mark, colour)
            else:
                p.fillRect(QRectF(x, y + line_h / 2 - 1, 10, 2), colour)
            p.setPen(TEXT)
            width = metrics.horizontalAdvance(text)
            p.drawText(QRectF(x + 13, y, width + 2, line_h), text)
            x += 13 + width + 10
