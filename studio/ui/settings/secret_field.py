"""A masked field for a stream key or token, with a Show/Hide toggle (mind the screen share).

Used by the Destinations, Store and Chat pages, so every secret looks and behaves alike: masked
when shown, masked again whenever the page loads another value, never written anywhere by the
field itself (the page decides when a typed value goes to the keyring).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

KEYRING_NOTE = "Kept in the system keyring, never in the settings file or the log."


class SecretField(QWidget):
    """``edit`` holds the value, ``toggle`` reveals it; ``edited`` carries what the host typed
    (stripped), not values set by the page."""

    edited = Signal(str)

    def __init__(
        self,
        value: str = "",
        placeholder: str = "",
        tooltip: str = "",
        what: str = "it",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(value)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setToolTip(f"{tooltip} {KEYRING_NOTE}".strip())
        self.toggle = QToolButton()
        self.toggle.setText("Show")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(f"Show or hide {what} (mind your screen share).")
        self.toggle.toggled.connect(self.set_revealed)
        self.edit.textEdited.connect(lambda text: self.edited.emit(text.strip()))
        self.setFocusProxy(self.edit)  # a form's buddy label and Tab land in the text
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, value: str) -> None:
        """Show a stored value, masked again."""
        self.edit.setText(value)
        self.set_revealed(False)

    def set_revealed(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.toggle.setText("Hide" if revealed else "Show")
        if self.toggle.isChecked() != revealed:
            self.toggle.setChecked(revealed)
