"""Small helpers shared by the docks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QPushButton, QStyle, QToolBar, QWidget

from studio.ui.widget_lifetime import retire


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


def open_in_desktop(path: Path) -> None:
    """Open a file or folder with the desktop's own program (a text editor, a file manager)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


ButtonSpec = tuple[str, str, Callable[[], object]]  # label, tooltip, what a click runs


def replace_buttons(
    row: QBoxLayout, buttons: Iterable[ButtonSpec], alignment: Qt.AlignmentFlag | None = None
) -> None:
    """Put these push buttons in ``row`` instead of those there, which are retired (one of
    them may be the button whose click led here). They are shown at once, so a layout sized
    right after counts them."""
    while row.count():
        item = row.takeAt(0)
        retire(item.widget() if item is not None else None)
    for label, tooltip, run in buttons:
        button = QPushButton(label)
        button.setToolTip(tooltip)
        button.clicked.connect(lambda _checked=False, run=run: run())
        if alignment is None:
            row.addWidget(button)
        else:
            row.addWidget(button, 0, alignment)
        button.show()


def buttons_in(row: QBoxLayout) -> list[QPushButton]:
    widgets = (row.itemAt(i).widget() for i in range(row.count()))
    return [widget for widget in widgets if isinstance(widget, QPushButton)]
