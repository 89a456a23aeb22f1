"""Sales over time as bars per bucket, with the featured products' intervals shaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.shop.ledger_model import FeaturedInterval, SalesBucket

BACKGROUND = QColor("#202124")
AXIS = QColor("#5f6368")
BAR = QColor("#34a853")
TEXT = QColor("#e8eaed")
# Featured intervals take these in turn, by product, translucent behind the bars.
SHADES = [QColor(66, 133, 244, 70), QColor(251, 188, 4, 70), QColor(234, 67, 53, 70)]
MARGIN_PX = 6
LABEL_PX = 14


@dataclass(frozen=True)
class ChartData:
    buckets: list[SalesBucket] = field(default_factory=list)
    bucket_s: int = 60
    featured: list[FeaturedInterval] = field(default_factory=list)
    now: datetime | None = None  # the right edge when no bucket reaches it


class SalesChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("salesChart")
        self.data = ChartData()
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(300, 140)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), BACKGROUND)
        plot = QRectF(self.rect()).adjusted(MARGIN_PX, MARGIN_PX, -MARGIN_PX, -LABEL_PX)
        painter.setPen(AXIS)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        data = self.data
        if not data.buckets:
            painter.setPen(TEXT)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No sales yet")
            painter.end()
            return
        start = data.buckets[0].start
        span_s = len(data.buckets) * data.bucket_s
        if data.now is not None:
            span_s = max(span_s, (data.now - start).total_seconds())
        span_s = max(span_s, 1.0)

        def x_of(moment: datetime) -> float:
            seconds = min(max((moment - start).total_seconds(), 0.0), span_s)
            return plot.left() + plot.width() * seconds / span_s

        shades: dict[str, QColor] = {}
        for interval in data.featured:
            shade = shades.setdefault(interval.product_id, SHADES[len(shades) % len(SHADES)])
            end = interval.end or data.now or start
            left, right = x_of(interval.start), x_of(end)
            if right > left:
                painter.fillRect(QRectF(left, plot.top(), right - left, plot.height()), shade)

        top_units = max(bucket.units for bucket in data.buckets) or 1
        width = plot.width() * data.bucket_s / span_s
        for index, bucket in enumerate(data.buckets):
            if not bucket.units:
                continue
            height = plot.height() * bucket.units / top_units
            left = plot.left() + index * width
            bar = QRectF(left + 1, plot.bottom() - height, max(width - 2, 1.0), height)
            painter.fillRect(bar, BAR)
        painter.setPen(TEXT)
        label = QRectF(plot.left(), plot.bottom(), plot.width(), LABEL_PX)
        minutes = span_s / 60
        painter.drawText(label, Qt.AlignmentFlag.AlignLeft, "0:00")
        painter.drawText(label, Qt.AlignmentFlag.AlignRight, f"{minutes:.0f} min")
        painter.drawText(label, Qt.AlignmentFlag.AlignHCenter, f"max {top_units} per bucket")
        painter.end()
