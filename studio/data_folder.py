"""Where the app keeps the host's files, per user and per platform, in one place.

platformdirs follows each platform's convention (``user_folders("darwin")`` etc. show them on
any machine, which the tests use):

- Linux: show, catalog and templates in ``~/.local/share/LiveShop Studio`` (``$XDG_DATA_HOME``
  when set), settings in ``~/.config/LiveShop Studio``, logs in
  ``~/.local/state/LiveShop Studio/log``, recordings in ``~/Videos/LiveShop Studio``.
- macOS: ``~/Library/Application Support/LiveShop Studio`` (data and settings),
  ``~/Library/Logs/LiveShop Studio``, ``~/Library/Caches/LiveShop Studio``,
  ``~/Movies/LiveShop Studio``.
- Windows: ``%LOCALAPPDATA%\\LiveShop Studio`` (data and settings, with ``Logs`` and
  ``Cache`` inside), recordings in the user's Videos folder, ``LiveShop Studio`` inside.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs.api import PlatformDirsABC

APP_NAME = "LiveShop Studio"


@dataclass(frozen=True)
class UserFolders:
    data: Path  # the show, the catalog, imported templates
    config: Path  # settings.json
    logs: Path
    cache: Path  # template thumbnails
    recordings: Path


def _platform_dirs(platform: str) -> PlatformDirsABC:
    if platform == "win32":
        from platformdirs.windows import Windows

        return Windows(APP_NAME, appauthor=False)
    if platform == "darwin":
        from platformdirs.macos import MacOS

        return MacOS(APP_NAME, appauthor=False)
    from platformdirs.unix import Unix

    return Unix(APP_NAME, appauthor=False)


def user_folders(platform: str = sys.platform) -> UserFolders:
    dirs = _platform_dirs(platform)
    return UserFolders(
        data=Path(dirs.user_data_dir),
        config=Path(dirs.user_config_dir),
        logs=Path(dirs.user_log_dir),
        cache=Path(dirs.user_cache_dir),
        recordings=Path(dirs.user_videos_dir) / APP_NAME,
    )


def default_data_folder() -> Path:
    return user_folders().data
