"""Where Go Live sends the show: the enabled destinations of the app settings.

The settings (``studio.settings``, ``studio.ui.settings``) are built separately; the window
takes a provider so it works, and is testable, without them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LiveTarget:
    name: str
    url: str  # with the stream key: never shown or logged
    canvas: str | None = None


DestinationsProvider = Callable[[], list[LiveTarget]]
SettingsOpener = Callable[[QWidget], None]


def settings_destinations(folder: Path | None = None) -> DestinationsProvider:
    """The enabled destinations saved by the settings dialog (none if it is not built in);
    ``folder`` None is the settings' own default folder."""

    def provide() -> list[LiveTarget]:
        try:
            from studio.settings.secrets import SecretStore
            from studio.settings.store import SettingsStore
        except ImportError:
            log.warning("the settings module is not part of this build: no destinations")
            return []
        store = SettingsStore(folder)
        secrets = SecretStore()
        return [
            LiveTarget(d.name, d.stream_url(secrets), d.canvas)
            for d in store.settings.enabled_destinations()
        ]

    return provide


def settings_dialog_opener(folder: Path | None, notify: Callable[[str], None]) -> SettingsOpener:
    def open_dialog(parent: QWidget) -> None:
        try:
            from studio.settings.store import SettingsStore
            from studio.ui.settings.dialog import SettingsDialog
        except ImportError:
            notify("Add a destination first: the settings are not part of this build yet.")
            return
        SettingsDialog(SettingsStore(folder), parent, page="destinations").exec()

    return open_dialog
