"""Where the app keeps the host's show, catalog and templates (per user, per platform).

platformdirs follows each platform's convention: ``~/.local/share/LiveShop Studio`` on Linux
(``$XDG_DATA_HOME`` when set), ``~/Library/Application Support/LiveShop Studio`` on macOS,
``%LOCALAPPDATA%\\LiveShop Studio`` on Windows.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "LiveShop Studio"


def default_data_folder() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))
