"""Driving the window as a host does: real mouse clicks on buttons, menus and menu bars, and
modal dialogs answered from inside their own event loop (a click that opens one only returns
when it closes)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QWidget

MODAL_WAIT_S = 10.0


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    """A left click where a host would click: the middle of the widget by default."""
    assert widget.isVisible() and widget.isEnabled(), f"{widget!r} cannot be clicked"
    where = pos if pos is not None else widget.rect().center()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def _wait_for(find: Callable[[], QWidget | None], what: str) -> QWidget:
    deadline = time.monotonic() + MODAL_WAIT_S
    while time.monotonic() < deadline:
        QApplication.processEvents()
        found = find()
        if found is not None and found.isVisible():
            return found
        time.sleep(0.01)
    raise AssertionError(f"no {what} opened")


def open_popup() -> QMenu:
    popup = _wait_for(QApplication.activePopupWidget, "menu")
    assert isinstance(popup, QMenu)
    return popup


def choose_in_menu(menu: QMenu, text: str) -> None:
    """Click the action whose text (without the & accelerators) is ``text``."""
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            click(menu, menu.actionGeometry(action).center())
            return
    names = [a.text() for a in menu.actions()]
    raise AssertionError(f"no {text!r} in the menu {names}")


def when_opens(kind: str, answer: Callable[[QWidget], None]) -> None:
    """Answer the next modal dialog (``kind`` "dialog") or popup menu ("menu") with
    ``answer``; call it before the click that opens it, which returns only once it closes.
    Polled from a timer, never a busy wait: the click that opens it must get to run."""
    find = QApplication.activeModalWidget if kind == "dialog" else QApplication.activePopupWidget
    timer = QTimer()
    deadline = time.monotonic() + MODAL_WAIT_S

    def poll() -> None:
        found = find()
        if found is None or not found.isVisible():
            if time.monotonic() > deadline:
                timer.stop()
                raise AssertionError(f"no {kind} opened")
            return
        timer.stop()
        try:
            answer(found)
        except BaseException:
            found.close()  # never leave a test hanging in a modal loop
            raise

    timer.timeout.connect(poll)
    timer.start(20)
    _PENDING.append(timer)


_PENDING: list[QTimer] = []  # kept alive until they fire


def choose_from_button_menu(button: QWidget, text: str) -> None:
    """A tool button with an instant popup menu: click it, click ``text`` in the menu."""
    when_opens("menu", lambda menu: choose_in_menu(menu, text))  # type: ignore[arg-type]
    click(button)


def choose_from_menu_bar(bar: QMenuBar, menu_title: str, action_text: str) -> None:
    """Click a menu of the menu bar, then one of its actions."""
    for action in bar.actions():
        if action.text().replace("&", "") == menu_title:
            click(bar, bar.actionGeometry(action).center())
            choose_in_menu(open_popup(), action_text)
            return
    raise AssertionError(f"no {menu_title!r} menu")
