"""The Settings dialog (Qt); the settings themselves live in the core, ``studio.settings``."""

from __future__ import annotations

from studio.ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
