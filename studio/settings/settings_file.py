"""Loading and saving the settings file, atomically and without ever losing a user's file.

A file that cannot be read is kept beside the new one as ``settings.json.bad`` and the
backup (``settings.json.bak``, the previous save) or the defaults are used instead; the
reason is kept in ``store.load_error`` for the window to show.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studio.atomic_file import BACKUP_SUFFIX, write_atomic
from studio.data_folder import user_folders
from studio.settings.model import SETTINGS_FORMAT_VERSION, AppSettings

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME = "settings.json"
BAD_SUFFIX = ".bad"

# One migration per format version: _MIGRATIONS[n] turns a version-n document into n+1.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class SettingsFileError(Exception):
    """The settings file could not be read; the message names the file and each problem."""

    def __init__(self, path: Path, problems: list[str], kept_as: Path | None = None) -> None:
        self.path, self.problems, self.kept_as = path, list(problems), kept_as
        lines = [f"Cannot read the settings file '{path}':"]
        lines += [f"  - {problem}" for problem in problems]
        if kept_as is not None:
            lines.append(f"The file was kept as '{kept_as}'.")
        super().__init__("\n".join(lines))


def default_settings_folder() -> Path:
    return user_folders().config


class SettingsFile:
    """The settings of this user. ``SettingsFile(folder)`` loads at once (never raises for a
    bad file: ``load_error`` says what happened); ``save`` writes and notifies listeners."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_settings_folder()
        self.load_error: SettingsFileError | None = None
        self._listeners: list[Callable[[AppSettings], None]] = []
        try:
            self.settings = SettingsFile.load(self.folder)
        except SettingsFileError as exc:
            self.load_error = exc
            log.warning("%s", exc)
            self.settings = self._backup_or_defaults()

    @property
    def path(self) -> Path:
        return self.folder / SETTINGS_FILE_NAME

    @staticmethod
    def load(folder: Path) -> AppSettings:
        """Read ``folder/settings.json`` (defaults when there is none). A bad file is renamed
        to ``settings.json.bad`` and :class:`SettingsFileError` says why."""
        path = Path(folder) / SETTINGS_FILE_NAME
        try:
            return _read(path)
        except FileNotFoundError:
            return AppSettings()
        except SettingsFileError as exc:
            kept = path.with_name(path.name + BAD_SUFFIX)
            try:
                os.replace(path, kept)
            except OSError:
                kept = None  # type: ignore[assignment]
            raise SettingsFileError(path, exc.problems, kept) from None

    def save(self, settings: AppSettings) -> None:
        """Write atomically (keeping the previous file as .bak), then tell the listeners."""
        if not isinstance(settings, AppSettings):
            raise TypeError(f"expected AppSettings, got {type(settings).__name__}")
        content = settings.model_dump_json(indent=2) + "\n"
        write_atomic(self.path, content.encode("utf-8"))
        self.settings = settings
        for listener in list(self._listeners):
            listener(settings)

    def subscribe(self, listener: Callable[[AppSettings], None]) -> Callable[[], None]:
        """Call ``listener(settings)`` after every save; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _backup_or_defaults(self) -> AppSettings:
        backup = self.path.with_name(self.path.name + BACKUP_SUFFIX)
        try:
            settings = _read(backup)
        except (OSError, SettingsFileError):
            return AppSettings()
        log.warning("using the previous settings from '%s'", backup)
        return settings


def _read(path: Path) -> AppSettings:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsFileError(path, [f"it cannot be read ({exc})"]) from None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SettingsFileError(
            path, [f"line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from None
    if not isinstance(document, dict):
        raise SettingsFileError(path, ["the file must hold a JSON object"])
    document = _migrate(path, document)
    try:
        return AppSettings.model_validate(document)
    except ValidationError as exc:
        raise SettingsFileError(path, [_problem(error) for error in exc.errors()]) from None


def _migrate(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    version = document.get("format_version", SETTINGS_FORMAT_VERSION)
    while isinstance(version, int) and version in _MIGRATIONS:
        document = _MIGRATIONS[version](document)
        version = document["format_version"]
    return document


def _problem(error: Any) -> str:
    where = ".".join(
        f"[{part}]" if isinstance(part, int) else str(part) for part in error["loc"]
    ).replace(".[", "[")
    message = str(error["msg"]).removeprefix("Value error, ")
    # Never echo the offending value: a user may have pasted a key into the wrong field.
    return f"{where}: {message}" if where else message
