"""The centre of the window: program preview, and in studio mode the next scene beside it with
the Transition controls.

The next scene is rendered by the session (its sources run while it is the next scene);
Transition puts it on air with a cut or a cross-fade of the chosen duration.
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

from studio.ui.bridge import NEXT, SessionBridge
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
        self.next = PreviewWidget(bridge, canvas, width, height, view=NEXT)
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
            "How the next scene replaces the program: at once (Cut) or cross-fading (Fade)"
        )
        self.kind.currentTextChanged.connect(self._kind_changed)
        self.duration_ms = QSpinBox()
        self.duration_ms.setRange(0, 5000)
        self.duration_ms.setSingleStep(100)
        self.duration_ms.setValue(300)
        self.duration_ms.setSuffix(" ms")
        self.duration_ms.setToolTip("How long the fade takes")
        self.duration_ms.setEnabled(False)
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

    def _kind_changed(self, kind: str) -> None:
        self.duration_ms.setEnabled(kind == "Fade")

    @property
    def transition_ms(self) -> float:
        """The chosen transition: 0 for a cut, else the fade's duration."""
        return float(self.duration_ms.value()) if self.kind.currentText() == "Fade" else 0.0

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
