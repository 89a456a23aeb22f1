"""A random host at the keyboard and mouse: real Qt events on the widgets of the window's docks
and of the dialogs they open, from a fixed seed.

Each event runs from its own single-shot timer, scheduled before the event is sent: a click
that opens a modal dialog (Settings, a file or colour picker, a menu) only returns when the
dialog closes, and the next events run inside the dialog's own event loop, as a host's would.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QKeySequenceEdit,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

# Widgets the fuzz never presses, by their text or object name, and why.
SKIPPED = {
    "goLive": "Go Live / End Show: the show under test must stay live (its own tests end it)",
    "Go Live": "as goLive",
    "End Show": "as goLive",
    "&Quit": "quits the app under test",
    "Quit": "quits the app under test",
    "Auto-configure…": "measures every encoder for seconds on all cores: the live show would "
    "starve on a 2-core machine (auto-configure has its own tests)",
    "Test connection": "connects to whatever store address the fuzz typed",
    "OK": "saving random settings is not a host's edit; the dialog is closed with Escape after "
    "its page tour (saving has its own tests)",
    "Cancel": "would end the Settings page tour early; Escape closes the dialog at its end",
}
# Title-bar buttons of the docks: closing or floating the dock under test hides it from the
# fuzz (a layout change, not an edit).
SKIPPED_NAME_PREFIXES = ("qt_dockwidget_",)

KEYS = [
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_Space,
    Qt.Key.Key_F2,
]
COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
COMMIT_IN_DIALOG = (Qt.Key.Key_Tab,)
# Text a host types, and text a stranger pastes (markup, format strings, right-to-left marks).
TEXTS = ["7", "42", "-5", "0", "1e9", "3.5", "abc", "Only 3 left!", "<b>x</b>", "%s%d{}",
         "\u202eevil", "😀", "x" * 120, "SOLD 1", "#FF00FF", " "]  # fmt: skip
EDITORS = (
    QAbstractSpinBox,
    QLineEdit,
    QComboBox,
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QKeySequenceEdit,
    QTabBar,
)
CLOSING_TRIES = 3  # Escape presses before an unexpected dialog is rejected outright


def skipped(widget: QWidget) -> bool:
    name = widget.objectName()
    if name in SKIPPED or name.startswith(SKIPPED_NAME_PREFIXES):
        return True
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return text in SKIPPED or text.replace("&", "") in SKIPPED


def editors_in(root: QWidget) -> list[QWidget]:
    """The visible, enabled editors under ``root``, walking its widget tree."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, EDITORS) or isinstance(widget, QScrollBar):
            continue
        if not (widget.isVisible() and widget.isEnabled()) or skipped(widget):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), QAbstractSpinBox | QComboBox
        ):
            continue  # a spin box's or combo box's own line: driven through its owner
        if widget.window() is not root.window():
            continue
        found.append(widget)
    return sorted(found, key=lambda w: (type(w).__name__, w.objectName(), w.y(), w.x()))


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text``. QTest's own typing takes ASCII only (it asserts on
    anything else), so other characters are sent as the key events an input method sends."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def wheel(widget: QWidget, steps: int) -> None:
    centre = widget.rect().center()
    event = QWheelEvent(
        QPointF(centre),
        QPointF(widget.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@dataclass
class Target:
    """A place the fuzz works in for a while: a dock, or a dialog it opened."""

    name: str
    root: Callable[[], QWidget]
    before: Callable[[], None] | None = None  # e.g. select a source for the Properties dock


@dataclass
class FuzzLog:
    """What was sent; each event also goes to ``trail`` (flushed) before it is sent, so a
    native crash leaves the event that caused it on disk."""

    trail: Path | None = None
    events: list[str] = field(default_factory=list)
    closed_dialogs: list[str] = field(default_factory=list)
    settings_pages: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.events.append(text)
        if self.trail is not None:
            with self.trail.open("a", encoding="utf-8") as file:
                file.write(f"{len(self.events)} {text}\n")


class Fuzzer:
    """Sends ``events`` random events, ``block`` at a time to each target in turn; at
    ``settings_at`` it opens Settings from the File menu and tours every page."""

    def __init__(
        self,
        rng: random.Random,
        targets: list[Target],
        open_settings: Callable[[], None],
        *,
        events: int,
        block: int = 25,
        settings_at: tuple[int, ...] = (),
        interval_ms: int = 5,
        budget_s: float = 45.0,
        trail: Path | None = None,
    ) -> None:
        self.rng, self.targets, self.open_settings = rng, targets, open_settings
        self.events_left, self.block, self.interval_ms = events, block, interval_ms
        self.settings_at = set(settings_at)
        self.sent = 0
        self.deadline = time.monotonic() + budget_s
        self.log = FuzzLog(trail)
        self.done = False
        self._closing: dict[int, int] = {}
        self._dialog_events: dict[int, int] = {}
        self._current_target = -1

    def start(self) -> None:
        QTimer.singleShot(0, self._step)

    # -- the loop ---------------------------------------------------------------------------
    def _step(self) -> None:
        popup = QApplication.activePopupWidget()
        modal = QApplication.activeModalWidget()
        finished = self.events_left <= 0 or time.monotonic() > self.deadline
        if finished and popup is None and modal is None:
            self.done = True
            return
        QTimer.singleShot(self.interval_ms, self._step)  # first: the event below may block
        if popup is not None:
            self._in_popup(popup, finished)
        elif modal is not None:
            self._in_dialog(modal, finished)
        elif self.settings_at and self.sent >= min(self.settings_at):
            self.settings_at.discard(min(self.settings_at))
            self.log.add("open Settings")
            self.open_settings()  # returns when the dialog closes
        else:
            self._in_window()

    def _count(self, text: str) -> None:
        self.sent += 1
        self.events_left -= 1
        self.log.add(text)

    def _in_window(self) -> None:
        index = (self.sent // self.block) % len(self.targets)
        target = self.targets[index]
        if index != self._current_target:  # a new block: e.g. click the dock's tab first
            self._current_target = index
            if target.before is not None:
                self._count(f"{target.name}: prepare")
                target.before()
                return
        self._random_event(target.name, target.root())

    def _in_popup(self, popup: QWidget, finished: bool) -> None:
        if isinstance(popup, QMenu) and not finished:
            actions = [
                a
                for a in popup.actions()
                if a.isEnabled() and a.isVisible() and not a.isSeparator()
                and a.text() not in SKIPPED and a.text().replace("&", "") not in SKIPPED
            ]  # fmt: skip
            if actions and self.rng.random() < 0.7:
                action = self.rng.choice(actions)
                self._count(f"menu → {action.text()}")
                QTest.mouseClick(
                    popup, Qt.MouseButton.LeftButton, pos=popup.actionGeometry(action).center()
                )
                return
        key = Qt.Key.Key_Escape if finished else self.rng.choice(
            [Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Escape]
        )  # fmt: skip
        self._count(f"popup {type(popup).__name__} key {key.name}")
        QTest.keyClick(popup, key)

    def _in_dialog(self, dialog: QWidget, finished: bool) -> None:
        from studio.ui.settings.dialog import SettingsDialog

        if isinstance(dialog, SettingsDialog):
            self._in_settings(dialog, finished)
        elif isinstance(dialog, QDialog) and type(dialog).__module__.startswith("studio."):
            # Our own dialogs (the product form): a few events, then Escape.
            done = self._dialog_events.get(id(dialog), 0)
            if finished or done >= self.block:
                self._close(dialog)
            else:
                self._dialog_events[id(dialog)] = done + 1
                self._random_event(type(dialog).__name__, dialog)
        else:
            self._close(dialog)  # a file or colour picker, a message box

    def _in_settings(self, dialog: QWidget, finished: bool) -> None:
        pages = list(dialog.pages)  # type: ignore[attr-defined]
        done = self._dialog_events.get(id(dialog), 0)
        page_number = done // self.block
        if finished or page_number >= len(pages):
            self._close(dialog)
            return
        self._dialog_events[id(dialog)] = done + 1
        if done % self.block == 0:  # a new page: click it in the page list
            page_list = dialog.page_list  # type: ignore[attr-defined]
            rect = page_list.visualItemRect(page_list.item(page_number))
            self._count(f"Settings page {pages[page_number]}")
            self.log.settings_pages.append(pages[page_number])
            QTest.mouseClick(page_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
        page = dialog.pages[pages[page_number]]  # type: ignore[attr-defined]
        # Enter in a field presses the dialog's default button (OK): fields are left with Tab,
        # so the tour reaches every page and the random values are never saved.
        self._random_event(f"Settings/{pages[page_number]}", page, commit_keys=COMMIT_IN_DIALOG)

    def _close(self, dialog: QWidget) -> None:
        tries = self._closing.get(id(dialog), 0)
        self._closing[id(dialog)] = tries + 1
        if tries == 0:
            self.log.closed_dialogs.append(f"{type(dialog).__name__} {dialog.windowTitle()!r}")
        if tries < CLOSING_TRIES:
            self.log.add(f"Escape to {type(dialog).__name__}")
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        elif isinstance(dialog, QDialog):
            dialog.reject()  # a message box without an escape button
        else:
            dialog.close()

    # -- one event ----------------------------------------------------------------------------
    def _random_event(
        self, where: str, root: QWidget, commit_keys: tuple[Qt.Key, ...] = COMMIT_KEYS
    ) -> None:
        editors = editors_in(root)
        if not editors:
            self._count(f"{where}: nothing to edit")
            return
        widget = self.rng.choice(editors)
        label = f"{where}: {type(widget).__name__} {widget.objectName() or _text(widget)!r}"
        roll = self.rng.random()
        if isinstance(widget, QAbstractItemView):
            self._in_view(label, widget, roll, commit_keys)
        elif isinstance(widget, QTabBar):
            index = self.rng.randrange(widget.count())
            self._count(f"{label} tab {index}")
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.tabRect(index).center())
        elif roll < 0.3 or isinstance(widget, QAbstractButton):
            self._count(f"{label} click")
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        elif roll < 0.5 and isinstance(widget, QAbstractSpinBox | QComboBox | QAbstractSlider):
            steps = self.rng.choice([-2, -1, 1, 1, 3])
            self._count(f"{label} wheel {steps}")
            wheel(widget, steps)
        elif roll < 0.75 and isinstance(widget, QAbstractSpinBox | QLineEdit | QTextEdit
                                        | QPlainTextEdit | QComboBox):  # fmt: skip
            text = self.rng.choice(TEXTS)
            self._count(f"{label} type {text[:20]!r} + Enter")
            type_text(widget, text)
            QTest.keyClick(widget, self.rng.choice(commit_keys))
        else:
            key = self.rng.choice(_keys(commit_keys))
            self._count(f"{label} key {key.name}")
            QTest.keyClick(widget, key)

    def _in_view(
        self, label: str, view: QAbstractItemView, roll: float, commit_keys: tuple[Qt.Key, ...]
    ) -> None:
        model = view.model()
        rows = model.rowCount() if model is not None else 0
        if rows and roll < 0.6:
            index = model.index(self.rng.randrange(rows), 0)
            rect = view.visualRect(index)
            if rect.isValid() and view.viewport().rect().contains(rect.center()):
                double = roll < 0.1
                self._count(f"{label} {'double-' if double else ''}click row {index.row()}")
                click = QTest.mouseDClick if double else QTest.mouseClick
                click(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                return
        key = self.rng.choice(_keys(commit_keys))
        self._count(f"{label} key {key.name}")
        QTest.keyClick(view, key)


def _keys(commit_keys: tuple[Qt.Key, ...]) -> list[Qt.Key]:
    return [k for k in KEYS if k in commit_keys or k not in COMMIT_KEYS]


def _text(widget: QWidget) -> str:
    for attribute in ("text", "currentText", "windowTitle"):
        read = getattr(widget, attribute, None)
        if callable(read):
            value = read()
            if isinstance(value, str) and value:
                return value[:30]
    return ""
