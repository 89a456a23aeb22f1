"""The disk of the recordings folder filling up while recording: warned while there is time
to act, before the recording stops with "disk full". Whichever limit is reached first
counts: minutes of recording left at the current bitrate, or free space."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from studio.alerts.latch import Latch
from studio.alerts.model import Alert, AlertId, AlertLevel, SettingsPage
from studio.alerts.thresholds import AlertThresholds
from studio.alerts.wording import duration_text, size_text

log = logging.getLogger(__name__)


class DiskUsage(Protocol):
    @property
    def free(self) -> int: ...


DiskUsageProbe = Callable[[Path], DiskUsage]


def existing_folder(folder: Path) -> Path:
    """The folder, or its nearest existing parent (a recording creates its folder)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path(os.sep)


class DiskRule:
    def __init__(
        self, thresholds: AlertThresholds, disk_usage: DiskUsageProbe = shutil.disk_usage
    ) -> None:
        self._limits, self._disk_usage = thresholds, disk_usage
        self._latch = Latch(0.0, thresholds.clear_after_s)
        self._folder: Path | None = None
        self.alerts: list[Alert] = []

    def observe(self, now_s: float, folder: Path | None, bitrate_kbps: float) -> None:
        """``folder``: where the running recording is written (None: not recording);
        ``bitrate_kbps``: video and audio together."""
        if folder != self._folder:
            self._folder = folder
            self._latch = Latch(0.0, self._limits.clear_after_s)
        if folder is None:
            self.alerts = []
            return
        try:
            free = self._disk_usage(existing_folder(folder)).free
        except OSError as error:  # a drive gone: the recording says so itself
            log.debug("free space of %s unknown: %s", folder, error)
            return
        limits = self._limits
        seconds_left = free * 8 / (max(bitrate_kbps, 1.0) * 1000)
        short_of_time = seconds_left < limits.disk_min_recording_s
        short_of_space = free < limits.disk_min_free_bytes
        margin = limits.disk_clear_margin
        cause = (
            True if short_of_time or short_of_space
            else False if seconds_left > limits.disk_min_recording_s * margin
            and free > limits.disk_min_free_bytes * margin
            else None
        )  # fmt: skip
        if not self._latch.update(now_s, cause):
            self.alerts = []
            return
        if short_of_time or not short_of_space:
            which = (
                f"about {duration_text(seconds_left)} of recording left at "
                f"{bitrate_kbps / 1000:.1f} Mbit/s"
            )
        else:
            which = f"less than {size_text(limits.disk_min_free_bytes)} free"
        text = (
            f"The disk of the recordings folder is nearly full: {size_text(free)} free, "
            f"{which} ({folder}). The recording stops when it is full — free some space on "
            "that disk now, or choose a folder on another disk in Settings → Recording for "
            "the next recording."
        )
        self.alerts = [Alert(AlertId.DISK_NEARLY_FULL, str(folder), AlertLevel.WARNING, text,
                             self._latch.since_s, SettingsPage.RECORDING)]  # fmt: skip
