"""A canvas preview the host can click into: select, move and resize items with the mouse.

The widget shows the pictures scaled for its own view on the frame thread (PreviewFrames):
the canvas's newest frame (program) or studio mode's next scene rendered by the session
(next). Until the first picture arrives, the scene's layout is drawn as labelled boxes.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.capture.registry import shows_picture
from studio.scene import Scene, SceneItem, Transform
from studio.settings.platforms import SafeZone
from studio.ui.bridge import PROGRAM, SessionBridge
from studio.ui.preview_frames import PreviewFrames
from studio.ui.preview_geometry import CanvasView, Handle, handle_at, handle_points, moved, resized
from studio.ui.safe_zone_guide import paint_safe_zones

MARGIN_PX = 10
PHONE_BEZEL_PX = 10
FALLBACK_SIZE_FRACTION = 4  # unknown natural size: a quarter of the canvas
NUDGE_PX, NUDGE_FAST_PX = 1, 10
SELECTED_COLOUR = "#3d8bfd"
HOST_LOCKED_COLOUR = "#e0a030"
TEMPLATE_LOCKED_COLOUR = "#b38cff"  # placed by the template's agency: not the host's lock


class PreviewWidget(QWidget):
    item_selected = Signal(object)  # item id or None
    transform_previewed = Signal(str, object)  # item id, Transform (while dragging)
    transform_committed = Signal(str, object)  # item id, Transform (drag ended or nudged)

    def __init__(
        self,
        bridge: SessionBridge,
        canvas: str,
        width: int,
        height: int,
        *,
        frames: PreviewFrames,
        view: str = PROGRAM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._frames = bridge, frames
        self.canvas_name, self.canvas_w, self.canvas_h = canvas, width, height
        self.view_name = frames.new_view(view)  # this widget's own pictures (PROGRAM or NEXT)
        self.scene: Scene | None = None
        self.selected_id: str | None = None
        self._image: QImage | None = None
        self._frame = None  # the numpy array behind _image, kept alive while it is drawn
        self._drag: tuple[str, Handle | None, QPointF, QRectF] | None = None
        self._drag_rect: QRectF | None = None
        self._guides: tuple[list[float], list[float]] = ([], [])
        self.safe_zones: tuple[SafeZone, ...] = ()  # a platform's guide (vertical canvas only)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # paintEvent fills every pixel: Qt need not paint what is behind it 30 times a second
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(
            "Click an item to select it; drag to move, drag a corner to resize keeping the "
            "shape (Shift: stretch freely), an edge to resize one side; arrow keys nudge "
            "(Shift: 10 px)"
        )
        frames.frame_ready.connect(self._frame_ready)

    # -- model ------------------------------------------------------------------------
    @property
    def canvas_size(self) -> tuple[int, int]:
        return self.canvas_w, self.canvas_h

    def set_canvas(self, canvas: str, width: int, height: int) -> None:
        self.canvas_name, self.canvas_w, self.canvas_h = canvas, width, height
        self._image = self._frame = None
        self._want_frames()
        self.update()

    def clear_frame(self) -> None:
        """Forget the picture shown (the next scene changed: draw its layout until its own
        picture arrives)."""
        self._image = self._frame = None
        self.update()

    def set_scene(self, scene: Scene | None) -> None:
        self.scene = scene
        if scene is None or self.selected_id not in {i.id for i in scene.items}:
            self.selected_id = None
        self.update()

    def set_safe_zones(self, zones: tuple[SafeZone, ...]) -> None:
        """Draw a platform's safe zones over a vertical canvas (() for none)."""
        if zones != self.safe_zones:
            self.safe_zones = zones
            self.update()

    def select(self, item_id: str | None) -> None:
        if item_id != self.selected_id:
            self.selected_id = item_id
            self.update()

    @property
    def view(self) -> CanvasView:
        area = QRectF(self.rect()).adjusted(MARGIN_PX, MARGIN_PX, -MARGIN_PX, -MARGIN_PX)
        if self.canvas_h > self.canvas_w:  # a phone: leave room for its bezel
            area = area.adjusted(PHONE_BEZEL_PX, PHONE_BEZEL_PX, -PHONE_BEZEL_PX, -PHONE_BEZEL_PX)
        return CanvasView.fit(area, self.canvas_w, self.canvas_h)

    def item_rect(self, item: SceneItem) -> QRectF:
        """Where the item is on the canvas, in canvas pixels."""
        t = item.transform
        if t.fit != "none":
            return QRectF(0, 0, self.canvas_w, self.canvas_h)
        width, height = t.width, t.height
        if width is None or height is None:
            natural = self._bridge.item_natural_size(self.canvas_name, item.id)
            if natural is None:
                natural = (
                    self.canvas_w // FALLBACK_SIZE_FRACTION,
                    self.canvas_h // FALLBACK_SIZE_FRACTION,
                )
            crop = t.crop
            width = width or max(1, natural[0] - crop.left - crop.right)
            height = height or max(1, natural[1] - crop.top - crop.bottom)
        return QRectF(t.x, t.y, width, height)

    def _selected_item(self) -> SceneItem | None:
        if self.scene is None or self.selected_id is None:
            return None
        try:
            return self.scene.item(self.selected_id)
        except KeyError:
            return None

    # -- frames -----------------------------------------------------------------------
    def _want_frames(self) -> None:
        if not self.isVisible():
            self._frames.want_frames(self.view_name, None)
            return
        place = self._place(self.view)
        ratio = self.devicePixelRatioF()
        self._frames.want_frames(
            self.view_name,
            self.canvas_name,
            round(place.width() * ratio),
            round(place.height() * ratio),
        )

    def _frame_ready(self, view: str, frame: np.ndarray) -> None:
        if view != self.view_name or not self.isVisible():
            return
        height, width = frame.shape[:2]
        self._frame = frame  # contiguous (the bridge made it so); kept alive while drawn
        # RGB32: the picture is opaque (alpha 255), so Qt copies it instead of blending it
        # (half the cost of drawing it, 30 times a second)
        self._image = QImage(
            frame.data, width, height, frame.strides[0], QImage.Format.Format_RGB32
        )
        self._image.setDevicePixelRatio(self.devicePixelRatioF())
        # Only the picture changed: Qt repaints and sends the display that rectangle alone.
        picture = self._picture_rect(self.view)
        self.update(picture if picture is not None else self.rect())

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self._want_frames()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().hideEvent(event)
        self._want_frames()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._want_frames()

    @staticmethod
    def _place(view: CanvasView) -> QRect:
        """The canvas's place in whole pixels: the size of the pictures asked for."""
        rect = view.widget_rect
        left, top = round(rect.left()), round(rect.top())
        return QRect(left, top, round(rect.right()) - left, round(rect.bottom()) - top)

    def _picture_rect(self, view: CanvasView) -> QRect | None:
        """Where the picture is drawn pixel for pixel, unscaled: its place, when it was made
        for this place. None when it must be scaled (no picture, one made before a resize, or
        a fractional display scale)."""
        image = self._image
        if image is None:
            return None
        place, size = self._place(view), image.deviceIndependentSize()
        if size.width() != place.width() or size.height() != place.height():
            return None
        return place

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = self.view
        target = view.widget_rect
        picture = self._picture_rect(view)
        # Paint behind the picture only where it does not cover: a new frame repaints just
        # the picture, 30 times a second.
        behind = QRegion(event.rect())
        if picture is not None:
            behind = behind.subtracted(QRegion(picture))
        if not behind.isEmpty():
            painter.save()
            painter.setClipRegion(behind)
            painter.fillRect(self.rect(), QColor("#141518"))
            if self.canvas_h > self.canvas_w:
                bezel = QPainterPath()
                pad = PHONE_BEZEL_PX
                bezel.addRoundedRect(target.adjusted(-pad, -pad, pad, pad), 18, 18)
                painter.fillPath(bezel, QColor("#050506"))
            painter.fillRect(target, QColor("#000000"))
            painter.restore()
        if self._image is None:
            self._paint_schematic(painter, view)
        elif picture is not None:
            painter.drawImage(picture.topLeft(), self._image)
        else:
            painter.drawImage(target, self._image)
        if self.safe_zones and self.canvas_h > self.canvas_w:
            paint_safe_zones(painter, view, self.safe_zones)
        self._paint_selection(painter, view)
        painter.end()

    def _paint_schematic(self, painter: QPainter, view: CanvasView) -> None:
        if self.scene is None:
            return
        painter.save()
        painter.setClipRect(view.widget_rect)
        for item in self.scene.items_in_z_order():
            if not item.visible or not shows_picture(item.source):
                continue
            rect = view.to_widget(self.item_rect(item))
            colour = QColor(getattr(item.source, "color", "#3d4550"))
            colour.setAlpha(160)
            painter.fillRect(rect, colour)
            painter.setPen(QPen(QColor("#9aa0a6"), 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
            painter.setPen(QColor("#e6e6e6"))
            label = item.source.name or item.source.kind  # type: ignore[attr-defined]
            painter.drawText(rect.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignLeft, label)
        painter.restore()

    def _paint_selection(self, painter: QPainter, view: CanvasView) -> None:
        guides_x, guides_y = self._guides
        painter.setPen(QPen(QColor("#ff4fd8"), 1, Qt.PenStyle.DashLine))
        target = view.widget_rect
        for x in guides_x:
            wx = view.origin.x() + x * view.scale
            painter.drawLine(QPointF(wx, target.top()), QPointF(wx, target.bottom()))
        for y in guides_y:
            wy = view.origin.y() + y * view.scale
            painter.drawLine(QPointF(target.left(), wy), QPointF(target.right(), wy))
        item = self._selected_item()
        if item is None or not shows_picture(item.source):
            return  # a microphone selected in the sources list has nothing to outline
        rect = view.to_widget(self._drag_rect or self.item_rect(item))
        colour = QColor(_outline_colour(item))
        painter.setPen(QPen(colour, 2, _outline_style(item)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if item.fixed or item.transform.fit != "none":
            return  # no handles: it cannot be resized here
        painter.setBrush(colour)
        for point in handle_points(rect).values():
            painter.drawRect(QRectF(point.x() - 4, point.y() - 4, 8, 8))

    # -- mouse and keys ---------------------------------------------------------------
    def item_at(self, canvas_point: QPointF) -> SceneItem | None:
        if self.scene is None:
            return None
        for item in reversed(self.scene.items_in_z_order()):
            if (item.visible and shows_picture(item.source)
                    and self.item_rect(item).contains(canvas_point)):  # fmt: skip
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        view = self.view
        position = event.position()
        selected = self._selected_item()
        handle = None
        if selected is not None and self._movable(selected):
            handle = handle_at(view.to_widget(self.item_rect(selected)), position)
        target = selected if handle is not None else self.item_at(view.to_canvas(position))
        self.select(target.id if target else None)
        self.item_selected.emit(self.selected_id)
        if target is not None and self._movable(target):
            self._drag = (target.id, handle, view.to_canvas(position), self.item_rect(target))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        item_id, handle, start, start_rect = self._drag
        view = self.view
        point = view.to_canvas(event.position())
        dx, dy = point.x() - start.x(), point.y() - start.y()
        if handle is None:
            rect, guides_x, guides_y = moved(start_rect, dx, dy, view)
            self._guides = (guides_x, guides_y)
        else:
            # As in OBS: a corner keeps the item's shape and Shift frees it; an edge handle
            # resizes one dimension.
            free = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            keep = handle.is_corner and not free
            rect = resized(start_rect, handle, dx, dy, view, keep_aspect=keep)
        self._drag_rect = rect
        self.transform_previewed.emit(
            item_id, self._transform_for(item_id, rect, handle is not None)
        )
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        item_id, handle = self._drag[0], self._drag[1]
        rect = self._drag_rect
        self._drag, self._drag_rect, self._guides = None, None, ([], [])
        if rect is not None:
            self.transform_committed.emit(
                item_id, self._transform_for(item_id, rect, handle is not None)
            )
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        item = self._selected_item()
        step = steps.get(Qt.Key(event.key()))
        if item is None or step is None or not self._movable(item):
            super().keyPressEvent(event)
            return
        fast = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        distance = NUDGE_FAST_PX if fast else NUDGE_PX
        rect = self.item_rect(item).translated(step[0] * distance, step[1] * distance)
        self.transform_committed.emit(item.id, self._transform_for(item.id, rect))

    @staticmethod
    def _movable(item: SceneItem) -> bool:
        # Items that fill the canvas (fit) have no position to drag; set fit to "none" first.
        # Locked ones (by the host or by the template) stay selectable, never dragged.
        return not item.fixed and item.transform.fit == "none"

    def _transform_for(self, item_id: str, rect: QRectF, resizing: bool = False) -> Transform:
        assert self.scene is not None
        transform = self.scene.item(item_id).transform
        update: dict[str, int] = {"x": round(rect.x()), "y": round(rect.y())}
        if resizing or transform.width is not None:
            # A moved item without a set size keeps following its source's natural size.
            update |= {"width": max(1, round(rect.width())), "height": max(1, round(rect.height()))}
        return transform.model_copy(update=update)


def _outline_colour(item: SceneItem) -> str:
    if item.template_locked:
        return TEMPLATE_LOCKED_COLOUR
    return HOST_LOCKED_COLOUR if item.locked else SELECTED_COLOUR


def _outline_style(item: SceneItem) -> Qt.PenStyle:
    # Dotted as well as coloured: the difference must not rest on colour alone.
    return Qt.PenStyle.DotLine if item.template_locked else Qt.PenStyle.SolidLine
