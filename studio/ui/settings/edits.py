"""Hear every edit a host makes in a form: one callback for all its editors.

The Settings dialog re-checks the problems it showed after OK at each edit, so a sentence
goes away as soon as the host has corrected what it names (not at the next OK).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)


def watch_edits(root: QWidget, on_edit: Callable[[], None]) -> None:
    """Call ``on_edit()`` after any editor under ``root`` changes (typed, picked, ticked,
    or a list row added or removed). ``on_edit`` is a bound method (Qt drops the connection
    with its object); connected after the pages' own handlers, it sees the page updated. It
    must not delete widgets: it runs inside the editor's signal."""
    for line in root.findChildren(QLineEdit):
        if not isinstance(line.parentWidget(), QAbstractSpinBox | QComboBox | QKeySequenceEdit):
            line.textChanged.connect(on_edit)
    for combo in root.findChildren(QComboBox):
        combo.currentIndexChanged.connect(on_edit)
        if combo.isEditable():
            combo.editTextChanged.connect(on_edit)
    for spin in root.findChildren(QSpinBox):
        spin.valueChanged.connect(on_edit)
    for text in root.findChildren(QPlainTextEdit):
        text.textChanged.connect(on_edit)
    for keys in root.findChildren(QKeySequenceEdit):
        keys.keySequenceChanged.connect(on_edit)
    for button in root.findChildren(QAbstractButton):
        if button.isCheckable():
            button.toggled.connect(on_edit)
    for rows in root.findChildren(QListWidget):
        rows.itemChanged.connect(on_edit)
        rows.model().rowsInserted.connect(on_edit)
        rows.model().rowsRemoved.connect(on_edit)
