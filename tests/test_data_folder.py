"""Where a host's files go on each platform: the folders a Windows or macOS user expects,
worked out here from platformdirs' classes for that platform."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import platformdirs.windows
import pytest

from studio.data_folder import APP_NAME, default_data_folder, user_folders
from studio.logging_setup import default_log_folder
from studio.settings.model import RecordingSettings
from studio.settings.settings_file import default_settings_folder

# What SHGetKnownFolderPath answers for a user called Maya (platformdirs asks it on Windows).
WINDOWS_KNOWN_FOLDERS = {
    "CSIDL_LOCAL_APPDATA": r"C:\Users\Maya\AppData\Local",
    "CSIDL_APPDATA": r"C:\Users\Maya\AppData\Roaming",
    "CSIDL_MYVIDEO": r"C:\Users\Maya\Videos",
}


def test_windows_keeps_everything_under_local_appdata_and_records_to_videos(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", WINDOWS_KNOWN_FOLDERS.__getitem__)
    folders = user_folders("win32")
    local = PureWindowsPath(r"C:\Users\Maya\AppData\Local\LiveShop Studio")
    assert PureWindowsPath(folders.data) == local
    assert PureWindowsPath(folders.config) == local
    assert PureWindowsPath(folders.logs) == local / "Logs"
    assert PureWindowsPath(folders.cache) == local / "Cache"
    assert (
        PureWindowsPath(folders.recordings) == PureWindowsPath(r"C:\Users\Maya\Videos") / APP_NAME
    )


def test_macos_uses_application_support_logs_caches_and_movies() -> None:
    folders = user_folders("darwin")
    library = Path.home() / "Library"
    assert folders.data == folders.config == library / "Application Support" / APP_NAME
    assert folders.logs == library / "Logs" / APP_NAME
    assert folders.cache == library / "Caches" / APP_NAME
    assert folders.recordings == Path.home() / "Movies" / APP_NAME


def test_linux_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    folders = user_folders("linux")
    assert folders.data == tmp_path / "data" / APP_NAME
    assert folders.config == tmp_path / "config" / APP_NAME
    assert folders.logs == tmp_path / "state" / APP_NAME / "log"
    assert folders.cache == tmp_path / "cache" / APP_NAME


def test_every_part_of_the_app_asks_the_same_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    folders = user_folders()
    assert default_data_folder() == folders.data
    assert default_settings_folder() == folders.config
    assert default_log_folder() == folders.logs
    assert RecordingSettings().folder == folders.recordings
