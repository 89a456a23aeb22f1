"""A small graph of the stream's health: bitrate and dropped frames over the last minutes."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

HISTORY_SAMPLES = 240  # at one sample a second: four minutes
EMPTY_TEXT = "Stream health shows here when you go live"


class HealthGraph(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bitrate_kbps: deque[float] = deque(maxlen=HISTORY_SAMPLES)
        self.dropped: deque[int] = deque(maxlen=HISTORY_SAMPLES)  # new drops per sample
        self.setMinimumSize(160, 36)
        self.setToolTip(
            "Stream health over the last minutes: bitrate (blue line), dropped frames (red bars)"
        )

    def sizeHint(self) -> QSize:
        return QSize(220, 40)

    def add_sample(self, bitrate_kbps: float, dropped_since_last: int) -> None:
        self.bitrate_kbps.append(bitrate_kbps)
        self.dropped.append(dropped_since_last)
        self.update()

    def clear(self) -> None:
        self.bitrate_kbps.clear()
        self.dropped.clear()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.fillRect(rect, QColor("#101113"))
        painter.setPen(QColor("#2b2e33"))
        painter.drawRect(rect)
        step = rect.width() / max(1, HISTORY_SAMPLES - 1)
        top = max(self.bitrate_kbps, default=0.0) * 1.2 or 1.0
        for index, drops in enumerate(self.dropped):
            if drops:
                height = min(rect.height(), 4 + drops)
                x = rect.left() + index * step
                painter.fillRect(
                    QRectF(x, rect.bottom() - height, max(2.0, step), height), QColor("#d63b3b")
                )
        if not self.bitrate_kbps:  # off air: say what will be drawn here
            painter.setPen(QColor("#8a8f98"))  # the graph is dark in either theme
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
        points = [
            QPointF(rect.left() + i * step, rect.bottom() - value / top * rect.height())
            for i, value in enumerate(self.bitrate_kbps)
        ]
        if len(points) > 1:
            painter.setPen(QPen(QColor("#3d8bfd"), 1.5))
            painter.drawPolyline(QPolygonF(points))
        painter.end()
