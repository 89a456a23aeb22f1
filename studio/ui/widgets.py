"""Small helpers shared by the docks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar, QWidget


def standard_icon(widget: QWidget, icon: QStyle.StandardPixmap) -> QIcon:
    return widget.style().standardIcon(icon)


def tool_action(
    toolbar: QToolBar,
    icon: QIcon,
    text: str,
    tip: str,
    slot: Callable[[], object],
    shortcut: str | None = None,
) -> QAction:
    action = QAction(icon, text, toolbar)
    action.setToolTip(tip + (f" ({shortcut})" if shortcut else ""))
    action.setStatusTip(tip)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    toolbar.addAction(action)
    return action


def unique_name(stem: str, taken: set[str]) -> str:
    if stem not in taken:
        return stem
    number = 2
    while f"{stem} {number}" in taken:
        number += 1
    return f"{stem} {number}"
