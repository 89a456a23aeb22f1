"""The alert rules together: fed timestamped readings (the canvases' statistics, the
destinations' states, the microphones' levels, the recording's folder), it keeps the set of
active alerts. It runs on any clock (tests feed a fake one) and never blocks on anything but
one free-space query of the recordings disk per reading."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from studio.alerts.destinations import DestinationRules
from studio.alerts.disk import DiskRule, DiskUsageProbe
from studio.alerts.frames import FrameRules
from studio.alerts.microphone import MicrophoneRules
from studio.alerts.model import Alert
from studio.alerts.thresholds import AlertThresholds
from studio.engine.canvas import CanvasStats
from studio.outputs.base import OutputEvent


class AlertMonitor:
    def __init__(
        self,
        thresholds: AlertThresholds | None = None,
        disk_usage: DiskUsageProbe = shutil.disk_usage,
    ) -> None:
        self.thresholds = limits = thresholds or AlertThresholds()
        self._frames = FrameRules(limits)
        self._destinations = DestinationRules(limits)
        self._microphones = MicrophoneRules(limits)
        self._disk = DiskRule(limits, disk_usage)

    def observe_stats(self, now_s: float, stats: Sequence[CanvasStats]) -> None:
        """Every canvas's statistics (``Session.stats()``)."""
        self._frames.observe(now_s, stats)

    def observe_destinations(self, now_s: float, states: Mapping[str, OutputEvent]) -> None:
        """The latest event of each destination of the running show, by name."""
        self._destinations.observe(now_s, states)

    def observe_microphones(
        self, now_s: float, live: bool, peaks_dbfs: Mapping[str, float]
    ) -> None:
        """Whether the show is live, and the peak of each microphone on air and not muted
        (see :func:`microphone_peaks`)."""
        self._microphones.observe(now_s, live, peaks_dbfs)

    def observe_recording(self, now_s: float, folder: Path | None, bitrate_kbps: float) -> None:
        """The folder the running recording is written to (None: none runs), and the
        bitrate it is written at (video and audio)."""
        self._disk.observe(now_s, folder, bitrate_kbps)

    def active(self) -> list[Alert]:
        """The active alerts, as of the latest readings."""
        return [
            *self._frames.alerts,
            *self._destinations.alerts,
            *self._microphones.alerts,
            *self._disk.alerts,
        ]


def microphone_peaks(
    stats: Sequence[CanvasStats], microphones: Iterable[str], muted: Callable[[str], bool]
) -> dict[str, float]:
    """The loudest recent peak of each microphone heard in an encoding canvas (its item shown
    in the scene on air) and not muted, by name."""
    names = {name for name in microphones if not muted(name)}
    peaks: dict[str, float] = {}
    for canvas in stats:
        if not canvas.live:
            continue
        for name, reading in canvas.audio_levels.items():
            if name in names:
                peaks[name] = max(peaks.get(name, reading.peak_dbfs), reading.peak_dbfs)
    return peaks
