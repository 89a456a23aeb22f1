"""The host's prompter above the catalog: segment, talking points, time left, overrun."""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from studio.shop.autopilot import Prompter, PrompterState

REFRESH_MS = 500
OVERRUN_STYLE = "QFrame#prompter { background: #8c1d18; border-radius: 4px; }"
NORMAL_STYLE = "QFrame#prompter { background: #2d2f31; border-radius: 4px; }"


def clock_text(seconds: float) -> str:
    """``4:05`` for 244.2 s: whole seconds rounded up, as a countdown shows them."""
    whole = math.ceil(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class PrompterStrip(QFrame):
    """Reads :meth:`Prompter.state` twice a second (a lock and the clock: cheap)."""

    def __init__(self, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prompter")
        self.prompter = prompter
        self.overrun = False
        self.segment = QLabel()
        self.segment.setObjectName("prompterSegment")
        self.time_left = QLabel()
        self.time_left.setObjectName("prompterTimeLeft")
        self.points = QLabel()
        self.points.setObjectName("prompterPoints")
        self.points.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.segment)
        layout.addWidget(self.time_left)
        layout.addWidget(self.points)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        self.show_state(self.prompter.state())

    def show_state(self, state: PrompterState | None) -> None:
        if state is None:
            self.segment.setText("Run of show loaded — press Next to start the first segment.")
            self.time_left.clear()
            self.points.clear()
            self._set_overrun(False)
            return
        self.segment.setText(f"Segment {state.index + 1}/{state.count}: {state.product_title}")
        following = f" · next: {state.next_title}" if state.next_title else ""
        if state.overrun:
            self.time_left.setText(f"Over by {clock_text(-state.time_left_s)}{following}")
        else:
            self.time_left.setText(f"{clock_text(state.time_left_s)} left{following}")
        self.points.setText("\n".join(f"• {point}" for point in state.talking_points))
        self._set_overrun(state.overrun)

    def _set_overrun(self, overrun: bool) -> None:
        if overrun == self.overrun and self.styleSheet():
            return
        self.overrun = overrun
        self.setStyleSheet(OVERRUN_STYLE if overrun else NORMAL_STYLE)
