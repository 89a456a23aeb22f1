"""Pure geometry of editing items in the preview: canvas ↔ widget mapping, handles, snapping.

Everything is in canvas pixels except where a name says ``widget``; the widget scale is the
only bridge between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF

SNAP_DISTANCE_WIDGET_PX = 8.0
HANDLE_WIDGET_PX = 8.0


class Handle(StrEnum):
    TOP_LEFT = "tl"
    TOP = "t"
    TOP_RIGHT = "tr"
    RIGHT = "r"
    BOTTOM_RIGHT = "br"
    BOTTOM = "b"
    BOTTOM_LEFT = "bl"
    LEFT = "l"

    @property
    def is_corner(self) -> bool:
        return len(self.value) == 2


@dataclass(frozen=True, slots=True)
class CanvasView:
    """Where the canvas is drawn in the widget: top-left corner and scale."""

    origin: QPointF
    scale: float
    width: int
    height: int

    @staticmethod
    def fit(area: QRectF, canvas_w: int, canvas_h: int) -> CanvasView:
        scale = min(area.width() / canvas_w, area.height() / canvas_h)
        x = area.x() + (area.width() - canvas_w * scale) / 2
        y = area.y() + (area.height() - canvas_h * scale) / 2
        return CanvasView(QPointF(x, y), max(scale, 1e-6), canvas_w, canvas_h)

    @property
    def widget_rect(self) -> QRectF:
        return QRectF(
            self.origin.x(), self.origin.y(), self.width * self.scale, self.height * self.scale
        )

    def to_canvas(self, point: QPointF) -> QPointF:
        return QPointF(
            (point.x() - self.origin.x()) / self.scale, (point.y() - self.origin.y()) / self.scale
        )

    def to_widget(self, rect: QRectF) -> QRectF:
        return QRectF(
            self.origin.x() + rect.x() * self.scale,
            self.origin.y() + rect.y() * self.scale,
            rect.width() * self.scale,
            rect.height() * self.scale,
        )


def handle_points(rect: QRectF) -> dict[Handle, QPointF]:
    cx, cy = rect.center().x(), rect.center().y()
    return {
        Handle.TOP_LEFT: rect.topLeft(),
        Handle.TOP: QPointF(cx, rect.top()),
        Handle.TOP_RIGHT: rect.topRight(),
        Handle.RIGHT: QPointF(rect.right(), cy),
        Handle.BOTTOM_RIGHT: rect.bottomRight(),
        Handle.BOTTOM: QPointF(cx, rect.bottom()),
        Handle.BOTTOM_LEFT: rect.bottomLeft(),
        Handle.LEFT: QPointF(rect.left(), cy),
    }


def handle_at(widget_rect: QRectF, point: QPointF) -> Handle | None:
    reach = HANDLE_WIDGET_PX
    for handle, centre in handle_points(widget_rect).items():
        if abs(point.x() - centre.x()) <= reach and abs(point.y() - centre.y()) <= reach:
            return handle
    return None


def snap_offset(edges: list[float], targets: list[float], threshold: float) -> float:
    """The smallest shift that puts one of ``edges`` on one of ``targets`` (0 if none is near)."""
    best = 0.0
    best_distance = threshold
    for edge in edges:
        for target in targets:
            distance = abs(target - edge)
            if distance <= best_distance:
                best, best_distance = target - edge, distance
    return best


def moved(
    rect: QRectF, dx: float, dy: float, view: CanvasView, snap: bool = True
) -> tuple[QRectF, list[float], list[float]]:
    """``rect`` moved by (dx, dy) canvas pixels, snapped to the canvas edges and centre lines;
    also the x and y guide lines that it snapped to."""
    out = rect.translated(dx, dy)
    guides_x: list[float] = []
    guides_y: list[float] = []
    if snap:
        threshold = SNAP_DISTANCE_WIDGET_PX / view.scale
        xs = [0.0, view.width / 2, float(view.width)]
        ys = [0.0, view.height / 2, float(view.height)]
        sx = snap_offset([out.left(), out.center().x(), out.right()], xs, threshold)
        sy = snap_offset([out.top(), out.center().y(), out.bottom()], ys, threshold)
        out.translate(sx, sy)
        guides_x = _touching([out.left(), out.center().x(), out.right()], xs)
        guides_y = _touching([out.top(), out.center().y(), out.bottom()], ys)
    return out, guides_x, guides_y


def _touching(edges: list[float], lines: list[float]) -> list[float]:
    return [line for line in lines if any(abs(edge - line) < 0.5 for edge in edges)]


def resized(
    rect: QRectF, handle: Handle, dx: float, dy: float, view: CanvasView, keep_aspect: bool
) -> QRectF:
    """``rect`` with the edges under ``handle`` moved by (dx, dy), the moving edges snapped to
    the canvas edges and centre lines; with ``keep_aspect`` (corners) the shape is kept."""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    value = handle.value
    threshold = SNAP_DISTANCE_WIDGET_PX / view.scale
    xs = [0.0, view.width / 2, float(view.width)]
    ys = [0.0, view.height / 2, float(view.height)]
    if "l" in value:
        left += dx + snap_offset([left + dx], xs, threshold)
    if "r" in value:
        right += dx + snap_offset([right + dx], xs, threshold)
    if "t" in value:
        top += dy + snap_offset([top + dy], ys, threshold)
    if "b" in value:
        bottom += dy + snap_offset([bottom + dy], ys, threshold)
    width = max(1.0, right - left)
    height = max(1.0, bottom - top)
    if keep_aspect and handle.is_corner and rect.width() > 0 and rect.height() > 0:
        aspect = rect.width() / rect.height()
        if width / aspect >= height:
            height = width / aspect
        else:
            width = height * aspect
    # The edge opposite the handle stays where it was.
    x = rect.right() - width if "l" in value else rect.left()
    y = rect.bottom() - height if "t" in value else rect.top()
    if "l" not in value and "r" not in value:
        x, width = rect.left(), (rect.width() if not keep_aspect else width)
    if "t" not in value and "b" not in value:
        y, height = rect.top(), (rect.height() if not keep_aspect else height)
    return QRectF(x, y, width, height)
