"""App settings (core, no Qt): the settings document, its store, secrets, platform presets
and crash recovery. The Qt dialog lives in ``studio.ui.settings``."""

from __future__ import annotations

from studio.settings.hotkeys import (
    DEFAULT_HOTKEYS,
    HOTKEY_ACTIONS,
    HotkeyConflict,
    find_hotkey_conflicts,
)
from studio.settings.model import (
    AppSettings,
    AudioSettings,
    Destination,
    DestinationNotReadyError,
    MissingStreamKeyError,
    RecordingSettings,
    VideoSettings,
)
from studio.settings.platforms import PlatformPreset, platform_presets, server_url_problems
from studio.settings.recovery import RecoveryGuard
from studio.settings.secrets import SecretStore, SecretStoreError
from studio.settings.settings_file import SettingsFile, SettingsFileError

__all__ = [
    "DEFAULT_HOTKEYS",
    "HOTKEY_ACTIONS",
    "AppSettings",
    "AudioSettings",
    "Destination",
    "DestinationNotReadyError",
    "HotkeyConflict",
    "MissingStreamKeyError",
    "PlatformPreset",
    "RecordingSettings",
    "RecoveryGuard",
    "SecretStore",
    "SecretStoreError",
    "SettingsFile",
    "SettingsFileError",
    "VideoSettings",
    "find_hotkey_conflicts",
    "platform_presets",
    "server_url_problems",
]
