"""Where Go Live sends the show: the enabled destinations of the app settings.

The window takes a provider (and a settings opener) so tests can replace them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from studio.settings.secrets import SecretStore
from studio.settings.settings_file import SettingsFile

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LiveTarget:
    name: str
    url: str  # with the stream key: never shown or logged
    canvas: str | None = None


DestinationsProvider = Callable[[], list[LiveTarget]]
SettingsOpener = Callable[[QWidget], None]


def settings_destinations(
    store: SettingsFile, secrets: SecretStore | None = None
) -> DestinationsProvider:
    """The enabled destinations of the app settings, read at each Go Live (so a destination
    saved a moment ago is used); the stream keys come from the keyring."""

    def provide() -> list[LiveTarget]:
        keys = secrets or SecretStore()
        return [
            LiveTarget(d.name, d.stream_url(keys), d.canvas)
            for d in store.settings.enabled_destinations()
        ]

    return provide


def settings_dialog_opener(store: SettingsFile) -> SettingsOpener:
    """Opens the Settings dialog on the app's store (its listeners, e.g. the hotkeys, hear
    the save)."""

    def open_dialog(parent: QWidget) -> None:
        from studio.ui.settings.dialog import SettingsDialog

        SettingsDialog(store, parent, page="destinations").exec()

    return open_dialog
