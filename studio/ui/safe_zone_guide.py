"""The safe-zone guide: where a vertical platform's app draws over the picture (its buttons
column, comments, caption and bars), drawn over the preview as translucent boxes with their
names, so the host keeps the product card and the price clear of them.

The maps are the presets' ``safe_zones`` (``resources/platforms.json``), the same ones
preflight warns from. The guide is a view choice for this session, off by default, and shows
over a vertical canvas only (a landscape picture sits letterboxed, clear of most of them).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QMenu, QWidget

from studio.settings.platforms import PlatformPreset, SafeZone, platform_presets
from studio.ui.preview_geometry import CanvasView

ZONE_FILL = QColor(255, 72, 72, 70)
ZONE_OUTLINE = QColor(255, 120, 120, 200)
LABEL_COLOUR = QColor("#ffffff")
LABEL_BACKING = QColor(0, 0, 0, 150)
LABEL_PIXEL_SIZE = 11
LABEL_PADDING_PX = 3


def platforms_with_safe_zones() -> list[PlatformPreset]:
    """The presets that publish a safe-zone map, in the data file's order."""
    return [preset for preset in platform_presets().values() if preset.safe_zones]


def paint_safe_zones(painter: QPainter, view: CanvasView, zones: tuple[SafeZone, ...]) -> None:
    """Each zone as a translucent box with its label, over the canvas ``view`` shows."""
    painter.save()
    painter.setClipRect(view.widget_rect)
    font = QFont(painter.font())
    font.setPixelSize(LABEL_PIXEL_SIZE)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    for zone in zones:
        rect = view.to_widget(QRectF(*zone.on_canvas(view.width, view.height)))
        painter.fillRect(rect, ZONE_FILL)
        painter.setPen(QPen(ZONE_OUTLINE, 1, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        text = rect.adjusted(LABEL_PADDING_PX, LABEL_PADDING_PX, -LABEL_PADDING_PX, 0)
        # On a dark backing: the label reads over a light picture (a white card) too.
        backing = painter.boundingRect(text, int(flags), zone.label)
        painter.fillRect(backing.adjusted(-2, -1, 2, 1).intersected(rect), LABEL_BACKING)
        painter.setPen(LABEL_COLOUR)
        painter.drawText(text, int(flags), zone.label)
    painter.restore()


class SafeZoneMenu(QMenu):
    """View → Safe zones: one checkable entry per platform with a map, at most one checked.
    ``chosen`` carries the zones of the checked platform, or () when none is."""

    chosen = Signal(object)  # tuple[SafeZone, ...]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Safe &zones", parent)
        self.setToolTipsVisible(True)
        note = self.addAction("Drawn over a vertical canvas")
        note.setEnabled(False)
        self.addSeparator()
        self._group = QActionGroup(self)
        self._group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self._presets: dict[QAction, PlatformPreset] = {}
        for preset in platforms_with_safe_zones():
            action = QAction(preset.display_name, self)
            action.setCheckable(True)
            action.setToolTip(
                f"Where {preset.display_name} draws its buttons, comments and bars over a "
                "vertical picture: keep the product card and the price out of them"
            )
            self._group.addAction(action)
            self.addAction(action)
            self._presets[action] = preset
        self._group.triggered.connect(lambda _action: self.chosen.emit(self.zones()))

    def zones(self) -> tuple[SafeZone, ...]:
        checked = self._group.checkedAction()
        return self._presets[checked].safe_zones if checked in self._presets else ()

    def action_for(self, display_name: str) -> QAction:
        return next(a for a, p in self._presets.items() if p.display_name == display_name)
