"""The centre of the window: program preview, and in studio mode the next scene beside it with
the Transition controls.

The engine has no crossfade yet, so a Fade transition cuts (its duration is kept for when it
has); the next scene is drawn as a layout because only scenes on a canvas are rendered.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.ui.bridge import SessionBridge
from studio.ui.preview import PreviewWidget


class PreviewArea(QWidget):
    transition_requested = Signal()

    def __init__(
        self,
        bridge: SessionBridge,
        canvas: str,
        width: int,
        height: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.next = PreviewWidget(bridge, canvas, width, height, live_frames=False)
        self.next.setAccessibleName("Next scene")
        self.program = PreviewWidget(bridge, canvas, width, height)
        self.program.setAccessibleName("Program")
        controls = QWidget()
        column = QVBoxLayout(controls)
        column.addStretch(1)
        self.transition = QPushButton("Transition")
        self.transition.setToolTip("Put the next scene on air (Ctrl+T)")
        self.transition.setShortcut("Ctrl+T")
        self.transition.clicked.connect(self.transition_requested)
        self.kind = QComboBox()
        self.kind.addItems(["Cut", "Fade"])
        self.kind.setToolTip(
            "How the next scene replaces the program (a fade cuts for now: "
            "the engine has no crossfade yet)"
        )
        self.duration_ms = QSpinBox()
        self.duration_ms.setRange(0, 5000)
        self.duration_ms.setSingleStep(100)
        self.duration_ms.setValue(300)
        self.duration_ms.setSuffix(" ms")
        self.duration_ms.setToolTip("Fade duration")
        for widget in (self.transition, self.kind, self.duration_ms):
            column.addWidget(widget)
        column.addStretch(1)
        self.controls = controls
        self.next_column = self._titled(self.next, "Next")
        self.program_column = self._titled(self.program, "Program")
        layout.addWidget(self.next_column, 1)
        layout.addWidget(controls)
        layout.addWidget(self.program_column, 1)
        self.set_studio_mode(False)

    @staticmethod
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

    @property
    def studio_mode(self) -> bool:
        return not self.next_column.isHidden()

    def set_studio_mode(self, on: bool) -> None:
        self.next_column.setVisible(on)
        self.controls.setVisible(on)
        self.program_column.title.setVisible(on)  # type: ignore[attr-defined]

    def set_canvas(self, canvas: str, width: int, height: int) -> None:
        self.next.set_canvas(canvas, width, height)
        self.program.set_canvas(canvas, width, height)
