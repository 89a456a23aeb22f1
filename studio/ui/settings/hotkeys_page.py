"""Settings → Hotkeys: one key sequence editor per action, conflicts reported as you type."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QKeySequenceEdit,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.settings.hotkeys import HOTKEY_ACTIONS, HotkeyConflict, find_hotkey_conflicts


class HotkeysPage(QWidget):
    conflicts_changed = Signal(list)  # list[HotkeyConflict]

    def __init__(self, hotkeys: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._extra = {k: v for k, v in hotkeys.items() if k not in HOTKEY_ACTIONS}
        self.editors: dict[str, QKeySequenceEdit] = {}
        inner = QWidget()
        form = QFormLayout(inner)
        for action, label in HOTKEY_ACTIONS.items():
            editor = QKeySequenceEdit(QKeySequence(hotkeys.get(action, "")))
            editor.setMaximumSequenceLength(1)
            editor.setClearButtonEnabled(True)
            editor.setToolTip(f"Press the keys for “{label}”; clear the field to unbind it.")
            editor.keySequenceChanged.connect(self._check)
            self.editors[action] = editor
            form.addRow(f"{label}:", editor)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet("color: #c0392b;")
        self.conflict_label.setToolTip("Two actions cannot share a key.")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.conflict_label)
        self._check()

    def set_sequence(self, action: str, sequence: str) -> None:
        self.editors[action].setKeySequence(QKeySequence(sequence))

    def value(self) -> dict[str, str]:
        portable = QKeySequence.SequenceFormat.PortableText
        return self._extra | {
            action: editor.keySequence().toString(portable)
            for action, editor in self.editors.items()
        }

    def conflicts(self) -> list[HotkeyConflict]:
        return find_hotkey_conflicts(self.value())

    def _check(self, *_args: object) -> None:
        conflicts = self.conflicts()
        self.conflict_label.setText("\n".join(c.message for c in conflicts))
        self.conflicts_changed.emit(conflicts)
