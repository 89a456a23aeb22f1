"""Application-wide keyboard shortcuts bound from the settings' hotkeys."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from studio.settings.model import AppSettings

log = logging.getLogger(__name__)


class HotkeyManager(QObject):
    """Binds one QShortcut per action that has both a key in the settings and a callable.
    Call :meth:`rebind` (or subscribe it to the store) when the settings change."""

    def __init__(
        self, window: QWidget, settings: AppSettings, actions: dict[str, Callable[[], object]]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._actions = dict(actions)
        self.shortcuts: dict[str, QShortcut] = {}
        self.rebind(settings)

    def rebind(self, settings: AppSettings) -> None:
        for shortcut in self.shortcuts.values():
            # Left with its parent and deleted later: dropping an unparented shortcut would
            # delete it at once, even from inside its own activated signal.
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.shortcuts = {}
        for action, sequence in settings.hotkeys.items():
            callback = self._actions.get(action)
            if callback is None or not sequence:
                continue
            shortcut = QShortcut(QKeySequence(sequence), self._window)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(lambda cb=callback, name=action: self._run(name, cb))
            self.shortcuts[action] = shortcut

    def _run(self, action: str, callback: Callable[[], object]) -> None:
        log.debug("hotkey %s", action)
        callback()
