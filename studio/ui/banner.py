"""The banner area across the top of the preview: conditions the host must see while they
last (a destination not receiving the show, …), each one line that updates in place.

Conditions are kept by key: raising a key again replaces its line, clearing it removes the
line. Whoever watches a condition raises and clears it; the area only shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.ui.notifier import breakable
from studio.ui.widgets import buttons_in, replace_buttons


class BannerLevel(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class BannerAction:
    label: str
    run: Callable[[], object]
    tooltip: str = ""


@dataclass(frozen=True, slots=True)
class BannerCondition:
    key: str  # e.g. "destination:YouTube"
    level: BannerLevel
    text: str  # plain text: it may quote a server's or a stranger's words
    actions: tuple[BannerAction, ...] = ()


class BannerRow(QFrame):
    def __init__(self, condition: BannerCondition) -> None:
        super().__init__()
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self._buttons = QHBoxLayout()
        layout.addLayout(self._buttons)
        self.condition = condition
        self.show_condition(condition)

    def show_condition(self, condition: BannerCondition) -> None:
        self.condition = condition
        self.setProperty("level", str(condition.level))
        self.style().polish(self)
        self.label.setText(breakable(condition.text))
        labels = [a.label for a in condition.actions]
        if labels != [b.text() for b in self.buttons()]:
            replace_buttons(
                self._buttons,
                [
                    (action.label, action.tooltip, lambda label=action.label: self._run(label))
                    for action in condition.actions
                ],
            )

    def _run(self, label: str) -> None:
        # Looked up at the click: the condition may have been updated since the button was made.
        for action in self.condition.actions:
            if action.label == label:
                action.run()
                return

    def buttons(self) -> list[QPushButton]:
        return buttons_in(self._buttons)


class BannerArea(QWidget):
    """The column of banner lines, in the order their conditions were first raised."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._rows: dict[str, BannerRow] = {}
        self.hide()

    def raise_condition(self, condition: BannerCondition) -> None:
        row = self._rows.get(condition.key)
        if row is None:
            row = BannerRow(condition)
            self._rows[condition.key] = row
            self._layout.addWidget(row)
        else:
            row.show_condition(condition)
        self.setVisible(True)

    def clear(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is None:
            return
        self._layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self.setVisible(bool(self._rows))

    def clear_prefix(self, prefix: str) -> None:
        for key in [k for k in self._rows if k.startswith(prefix)]:
            self.clear(key)

    def rows(self) -> list[BannerRow]:
        """The lines on screen (what a test or a screenshot sees)."""
        return [r for r in self.findChildren(BannerRow) if not r.isHidden()]
