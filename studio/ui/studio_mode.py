"""The centre of the window: every canvas of the show side by side, each with its program and,
in studio mode, its next scene and Transition controls (studio.ui.canvas_pane).

A vertical canvas beside a landscape one gets the share of the width its shape needs for the
two programs to stand as tall as each other, as far as the width allows. With several
canvases a bar above them names the canvas the docks edit (also a keyboard way to change it)
and holds Transition all, which puts the next scene of every canvas on air at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.scene import Canvas
from studio.settings.platforms import SafeZone
from studio.ui.bridge import SessionBridge
from studio.ui.canvas_pane import TRANSITION_KEY, CanvasPane
from studio.ui.preview import PreviewWidget
from studio.ui.preview_frames import PreviewFrames
from studio.ui.widget_lifetime import retire


class PreviewArea(QWidget):
    transition_requested = Signal(str)  # canvas
    transition_all_requested = Signal()
    canvas_activated = Signal(str)  # pressed into, or picked in the selector
    panes_changed = Signal()  # the panes were built again (other canvases)
    # From any canvas's previews: (preview, item id or None), (preview, item id, Transform).
    item_selected = Signal(object, object)
    transform_previewed = Signal(object, str, object)
    transform_committed = Signal(object, str, object)

    def __init__(
        self, bridge: SessionBridge, canvases: list[Canvas], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.frames = PreviewFrames(bridge, self)
        self.panes: list[CanvasPane] = []
        self._current = ""
        self._studio_mode = False
        self._safe_zones: tuple[SafeZone, ...] = ()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.bar = QWidget()
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Editing canvas:")
        self.canvas_selector = QComboBox()
        self.canvas_selector.setToolTip(
            "The canvas the Scenes and Sources docks edit (or click into its preview)"
        )
        label.setBuddy(self.canvas_selector)
        self.canvas_selector.currentTextChanged.connect(self._picked)
        self.transition_all = QPushButton("Transition all")
        self.transition_all.setToolTip(
            "Put the next scene of every canvas on air (the Transition hotkey, Ctrl+Shift+T "
            "unless changed in Settings → Hotkeys)"
        )
        self.transition_all.clicked.connect(self.transition_all_requested)
        # One key for the edited canvas's Transition, whichever pane that is.
        self._transition_key = QShortcut(QKeySequence(TRANSITION_KEY), self)
        self._transition_key.activated.connect(self._transition_current)
        for widget in (label, self.canvas_selector):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.transition_all)
        column.addWidget(self.bar)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._row, 1)
        self.set_canvases(canvases)

    # -- canvases -----------------------------------------------------------------------
    def set_canvases(self, canvases: list[Canvas]) -> None:
        """One pane per canvas: built again when the canvases are others, else resized."""
        names = [c.name for c in canvases]
        if names != [pane.canvas_name for pane in self.panes]:
            self._build_panes(canvases)
        for pane, canvas in zip(self.panes, canvases, strict=True):
            pane.set_canvas(canvas)
        if self._current not in names:
            self.set_current(names[0])
        self._share_width()

    def _build_panes(self, canvases: list[Canvas]) -> None:
        # Retired first: a hidden preview stops its pictures before the new ones ask.
        for pane in self.panes:
            self._row.removeWidget(pane)
            retire(pane)
        titled = len(canvases) > 1
        self.panes = [
            CanvasPane(self._bridge, self.frames, canvas, titled=titled) for canvas in canvases
        ]
        for pane in self.panes:
            pane.set_studio_mode(self._studio_mode)
            pane.transition_requested.connect(self.transition_requested)
            pane.activated.connect(self.canvas_activated)
            for preview in pane.previews:
                preview.set_safe_zones(self._safe_zones)
                self._forward(preview)
            pane.program.installEventFilter(self)  # its height sets the panes' widths
            self._row.addWidget(pane)
        blocked = self.canvas_selector.blockSignals(True)
        self.canvas_selector.clear()
        self.canvas_selector.addItems([c.name for c in canvases])
        self.canvas_selector.blockSignals(blocked)
        self._current = ""
        self._show_bar()
        self.panes_changed.emit()

    def _forward(self, preview: PreviewWidget) -> None:
        preview.item_selected.connect(lambda item_id: self.item_selected.emit(preview, item_id))
        preview.transform_previewed.connect(
            lambda item_id, t: self.transform_previewed.emit(preview, item_id, t)
        )
        preview.transform_committed.connect(
            lambda item_id, t: self.transform_committed.emit(preview, item_id, t)
        )

    def _share_width(self) -> None:
        """Stretch each pane to the width its pictures need at one common height: the
        tallest all programs can be, side by side in the width and each in its height."""
        if len(self.panes) < 2:
            return
        parts = [pane.width_parts() for pane in self.panes]
        spacing = self._row.spacing() * (len(self.panes) - 1)
        fixed_px = sum(fixed for fixed, _ in parts) + spacing
        per_px = sum(per for _, per in parts)
        room_px = min(pane.picture_height_room() for pane in self.panes)
        height_px = max(1.0, min(room_px, (self.width() - fixed_px) / per_px))
        for index, (fixed, per) in enumerate(parts):
            stretch = max(1, round(fixed + per * height_px))
            if self._row.stretch(index) != stretch:
                self._row.setStretch(index, stretch)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._share_width()
        return False

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._share_width()

    def pane(self, canvas: str) -> CanvasPane:
        for pane in self.panes:
            if pane.canvas_name == canvas:
                return pane
        raise KeyError(f"no canvas named {canvas!r} in the window")

    def set_current(self, canvas: str) -> None:
        """Highlight the canvas the docks edit; Ctrl+T is its Transition."""
        self._current = canvas
        for pane in self.panes:
            if pane.canvas_name != canvas:
                pane.set_current(False)
        self.pane(canvas).set_current(True)
        blocked = self.canvas_selector.blockSignals(True)
        self.canvas_selector.setCurrentText(canvas)
        self.canvas_selector.blockSignals(blocked)

    @property
    def current(self) -> CanvasPane:
        return self.pane(self._current)

    def all_previews(self) -> Iterator[PreviewWidget]:
        for pane in self.panes:
            yield from pane.previews

    def set_safe_zones(self, zones: tuple[SafeZone, ...]) -> None:
        """A platform's safe zones over every vertical canvas, kept for panes built later."""
        self._safe_zones = zones
        for preview in self.all_previews():
            preview.set_safe_zones(zones)

    def _transition_current(self) -> None:
        if self._studio_mode:
            self.transition_requested.emit(self._current)

    def _picked(self, canvas: str) -> None:
        if canvas:
            self.canvas_activated.emit(canvas)

    # -- studio mode --------------------------------------------------------------------
    @property
    def studio_mode(self) -> bool:
        return self._studio_mode

    def set_studio_mode(self, on: bool) -> None:
        self._studio_mode = on
        for pane in self.panes:
            pane.set_studio_mode(on)
        self._show_bar()
        self._share_width()

    def _show_bar(self) -> None:
        several = len(self.panes) > 1
        self.bar.setVisible(several)
        self.transition_all.setVisible(several and self._studio_mode)

    def stop_frames(self) -> None:
        self.frames.stop()

    # -- the current canvas's parts (one canvas: the only ones) -------------------------
    @property
    def program(self) -> PreviewWidget:
        return self.current.program

    @property
    def next(self) -> PreviewWidget:
        return self.current.next

    @property
    def transition(self) -> QPushButton:
        return self.current.transition

    @property
    def kind(self) -> QComboBox:
        return self.current.kind

    @property
    def duration_ms(self) -> QSpinBox:
        return self.current.duration_ms

    @property
    def transition_ms(self) -> float:
        return self.current.transition_ms
