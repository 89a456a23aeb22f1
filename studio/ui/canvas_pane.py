"""One canvas in the window: its program, and in studio mode its next scene with the
Transition controls that put it on air.

Alone, a canvas is laid out as studio mode always was: next scene, controls, program, side by
side. Beside other canvases it is titled and stacked (next scene above its program) so a
vertical and a landscape canvas both fit the width; the title says which canvas the Scenes and
Sources docks edit, and a press in the canvas's previews or title makes it that canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.scene import Canvas
from studio.ui.bridge import NEXT, SessionBridge
from studio.ui.preview import MARGIN_PX, PHONE_BEZEL_PX, PreviewWidget
from studio.ui.preview_frames import PreviewFrames

TRANSITION_KEY = "Ctrl+T"  # the edited canvas's Transition (studio.ui.studio_mode)
CUT, FADE = "Cut", "Fade"
DEFAULT_FADE_MS = 300
BORDER_PX = 2


class CanvasPane(QFrame):
    transition_requested = Signal(str)  # the canvas whose next scene goes on air
    activated = Signal(str)  # the host pressed into this canvas: the docks edit it

    def __init__(
        self,
        bridge: SessionBridge,
        frames: PreviewFrames,
        canvas: Canvas,
        *,
        titled: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.canvas_name = canvas.name
        self.titled = titled
        self.is_current = False
        name, width, height = canvas.name, canvas.width, canvas.height
        self.next = PreviewWidget(bridge, name, width, height, view=NEXT, frames=frames)
        self.program = PreviewWidget(bridge, name, width, height, frames=frames)
        self.title = QLabel()
        self.title.setMargin(3)
        self.title.setToolTip("Click this canvas's preview to edit it in Scenes and Sources")
        self.controls = self._build_controls()
        self.next_column = _titled(self.next, "Next")
        self.program_column = _titled(self.program, "Program")
        self._grid = QGridLayout(self)
        if titled:
            self._grid.setContentsMargins(*(BORDER_PX + 2,) * 4)
            self._grid.addWidget(self.title, 0, 0, 1, 2)
            self._grid.addWidget(self.next_column, 1, 0)
            self._grid.addWidget(self.controls, 1, 1)
            self._grid.addWidget(self.program_column, 2, 0)
            self._grid.setColumnStretch(0, 1)
        else:  # one canvas: as studio mode always looked
            self._grid.setContentsMargins(0, 0, 0, 0)
            self._grid.addWidget(self.next_column, 0, 0)
            self._grid.addWidget(self.controls, 0, 1)
            self._grid.addWidget(self.program_column, 0, 2)
            self._grid.setColumnStretch(0, 1)
            self._grid.setColumnStretch(2, 1)
        self.title.setVisible(titled)
        for widget in (self.next, self.program, self.title):
            widget.installEventFilter(self)
        self.set_canvas(canvas)
        self.set_studio_mode(False)
        self.set_current(False)

    def _build_controls(self) -> QWidget:
        controls = QWidget()
        column = QVBoxLayout(controls)
        column.addStretch(1)
        self.transition = QPushButton("Transition")
        self.transition.clicked.connect(lambda: self.transition_requested.emit(self.canvas_name))
        self.kind = QComboBox()
        self.kind.addItems([CUT, FADE])
        self.kind.setToolTip(
            "How the next scene replaces the program: at once (Cut) or cross-fading (Fade)"
        )
        self.kind.currentTextChanged.connect(self._kind_changed)
        self.duration_ms = QSpinBox()
        self.duration_ms.setRange(0, 5000)
        self.duration_ms.setSingleStep(100)
        self.duration_ms.setValue(DEFAULT_FADE_MS)
        self.duration_ms.setSuffix(" ms")
        self.duration_ms.setToolTip("How long the fade takes")
        self.duration_ms.setEnabled(False)
        for widget in (self.transition, self.kind, self.duration_ms):
            column.addWidget(widget)
        column.addStretch(1)
        controls.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        return controls

    # -- state ------------------------------------------------------------------------
    @property
    def previews(self) -> tuple[PreviewWidget, PreviewWidget]:
        return self.next, self.program

    @property
    def transition_ms(self) -> float:
        """The chosen transition: 0 for a cut, else the fade's duration."""
        return float(self.duration_ms.value()) if self.kind.currentText() == FADE else 0.0

    def width_parts(self) -> tuple[float, float]:
        """This pane's width as (fixed px, px per px of picture height): what it needs to show
        its pictures at a given height, the controls and margins included."""
        margins = self._grid.contentsMargins()
        fixed = margins.left() + margins.right() + 2 * MARGIN_PX
        if self.canvas_h > self.canvas_w:
            fixed += 2 * PHONE_BEZEL_PX
        if self.controls.isVisibleTo(self):
            fixed += self.controls.sizeHint().width() + self._grid.horizontalSpacing()
        return fixed, self.canvas_w / self.canvas_h

    def picture_height_room(self) -> float:
        """The tallest the program's picture can be in the pane's height."""
        room = self.program.height() - 2 * MARGIN_PX
        return room - 2 * PHONE_BEZEL_PX if self.canvas_h > self.canvas_w else room

    def set_canvas(self, canvas: Canvas) -> None:
        """The canvas's size may change (Settings → Video, a template)."""
        for preview in self.previews:
            if preview.canvas_size != (canvas.width, canvas.height):
                preview.set_canvas(canvas.name, canvas.width, canvas.height)
        self.canvas_w, self.canvas_h = canvas.width, canvas.height
        self._show_title()

    def set_studio_mode(self, on: bool) -> None:
        self.next_column.setVisible(on)
        self.controls.setVisible(on)
        self.program_column.title.setVisible(on)  # type: ignore[attr-defined]
        # A hidden next scene's row (stacked) or column (side by side) takes no room.
        if self.titled:
            self._grid.setRowStretch(1, 1 if on else 0)
            self._grid.setRowStretch(2, 1)
        else:
            self._grid.setColumnStretch(0, 1 if on else 0)

    def set_current(self, current: bool) -> None:
        """The canvas the docks edit: its title is highlighted and says so, and its
        Transition is the one Ctrl+T presses."""
        self.is_current = current
        where = f" of {self.canvas_name}" if self.titled else ""
        key = f" ({TRANSITION_KEY})" if current else ""
        self.transition.setToolTip(f"Put the next scene{where} on air{key}")
        self.transition.setAccessibleName(f"Transition{where}")
        self.next.setAccessibleName(f"Next scene{where}")
        self.program.setAccessibleName(f"Program{where}")
        self._show_title()
        self.update()

    def _show_title(self) -> None:
        text = f"{self.canvas_name}  {self.canvas_w}×{self.canvas_h}"
        self.title.setText(f"{text} — editing" if self.is_current else text)
        self.title.setAutoFillBackground(self.is_current)
        role = QPalette.ColorRole
        self.title.setBackgroundRole(role.Highlight if self.is_current else role.Window)
        self.title.setForegroundRole(role.HighlightedText if self.is_current else role.WindowText)
        font = self.title.font()
        font.setBold(self.is_current)
        self.title.setFont(font)

    def _kind_changed(self, kind: str) -> None:
        self.duration_ms.setEnabled(kind == FADE)

    # -- the host's presses -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Before the preview handles the press: the docks switch to this canvas first, then
        # the preview selects the item under the pointer in it.
        if event.type() == QEvent.Type.MouseButtonPress:
            self.activated.emit(self.canvas_name)
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.titled:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        role = QPalette.ColorRole.Highlight if self.is_current else QPalette.ColorRole.Mid
        width = BORDER_PX if self.is_current else 1
        painter.setPen(QPen(self.palette().color(role), width))
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)
        painter.end()


def _titled(widget: QWidget, title: str) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    label = QLabel(title)
    label.setToolTip(f"{title} preview")
    column.addWidget(label)
    column.addWidget(widget, 1)
    box.title = label  # type: ignore[attr-defined]
    return box
