"""Alerts while live, in the banner area: once a second the :class:`AlertMonitor` is fed what
the bridge already has (the statistics it polls for the status bar and the meters, the
destinations' states, whether the show is live or recording) and what the window knows (the
microphones, their mute buttons, the recordings folder); each active alert is one banner line
with a button to the settings page where it is fixed, gone when the alert clears.

A destination off air for a while gets no second line: its own line (raised at its first
reconnect by :mod:`studio.ui.destination_alerts`) then says for how long.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from studio.alerts import Alert, AlertId, AlertMonitor, AlertThresholds, microphone_peaks
from studio.alerts.disk import DiskUsageProbe
from studio.alerts.wording import duration_text
from studio.engine.canvas import CanvasStats
from studio.outputs.base import OutputEvent
from studio.ui.banner import BannerAction, BannerArea, BannerCondition, BannerLevel
from studio.ui.bridge import SessionBridge
from studio.ui.destination_alerts import describe, destination_key
from studio.ui.mixer_dock import microphone_names

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 1000  # off the hot paths: the rules need seconds, not frames
KEY_PREFIX = "alert:"
PageOpener = Callable[[str], object]  # opens Settings on a page ("video", "audio", …)


@dataclass(frozen=True)
class WindowReadings:
    """What the window knows and the bridge does not."""

    microphones: Callable[[], list[str]]  # names of the show's microphone sources
    muted: Callable[[str], bool]
    recording_folder: Callable[[], Path]  # where a recording started now is written
    bitrate_kbps: Callable[[], float]  # video and audio of a recording started now


def alert_key(alert: Alert) -> str:
    return f"{KEY_PREFIX}{alert.key}"


def with_off_air_time(line: str, off_air_s: float) -> str:
    """``Not receiving the show: X — …`` → ``Not receiving the show for 12 s: X — …``."""
    head, colon, rest = line.partition(":")
    return f"{head} for {duration_text(off_air_s)}{colon}{rest}" if colon else line


class LiveAlerts(QObject):
    def __init__(
        self,
        bridge: SessionBridge,
        banner: BannerArea,
        readings: WindowReadings,
        open_page: PageOpener,
        monitor: AlertMonitor | None = None,
        *,
        interval_ms: int = POLL_INTERVAL_MS,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._banner, self._readings = bridge, banner, readings
        self._open_page, self._clock = open_page, clock
        self.monitor = monitor or AlertMonitor()
        self._stats: list[CanvasStats] = []
        self._recording_folder = readings.recording_folder() if bridge.recording else None
        self._shown: dict[str, BannerCondition] = {}  # our own lines, by key
        self._off_air: dict[str, Alert] = {}  # destination alerts, by destination name
        self._connections: list[Any] = [
            bridge.stats_updated.connect(self._stats_updated),
            bridge.recording_changed.connect(self._recording_changed),
            # Connected after DestinationAlerts (the window makes it first): when it rewrites
            # a destination's line, the time off air goes back in before anything is drawn.
            bridge.destination_changed.connect(self._destination_changed),
        ]
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def close(self) -> None:
        """Stop watching and take our lines down."""
        self._timer.stop()
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        for key in self._shown:
            self._banner.clear(key)
        self._shown, self._off_air = {}, {}

    def active(self) -> list[Alert]:
        return self.monitor.active()

    # -- readings ----------------------------------------------------------------------
    def _stats_updated(self, stats: list[CanvasStats]) -> None:
        self._stats = stats  # read at the next poll; the bridge polls faster than we need

    def _recording_changed(self, recording: bool) -> None:
        self._recording_folder = self._readings.recording_folder() if recording else None

    def poll(self) -> None:
        now_s = self._clock()
        monitor, stats = self.monitor, self._stats
        monitor.observe_stats(now_s, stats)
        monitor.observe_destinations(now_s, self._bridge.destination_states())
        peaks = microphone_peaks(stats, self._readings.microphones(), self._readings.muted)
        monitor.observe_microphones(now_s, self._bridge.live, peaks)
        folder = self._recording_folder if self._bridge.recording else None
        monitor.observe_recording(now_s, folder, self._readings.bitrate_kbps())
        self._show(now_s, monitor.active())

    # -- the banner --------------------------------------------------------------------
    def _show(self, now_s: float, alerts: list[Alert]) -> None:
        shown: dict[str, BannerCondition] = {}
        off_air: dict[str, Alert] = {}
        for alert in alerts:
            if alert.id == AlertId.DESTINATION_RECONNECTING:
                off_air[alert.subject] = alert
                continue
            key = alert_key(alert)
            level = BannerLevel(str(alert.level))
            condition = BannerCondition(key, level, alert.text, self._actions(alert))
            before = self._shown.get(key)
            if before is None:
                log.info("alert: %s", alert.text)
            if before is None or before.text != condition.text:
                self._banner.raise_condition(condition)
            shown[key] = condition
        for key in self._shown.keys() - shown.keys():
            log.info("alert cleared: %s", key.removeprefix(KEY_PREFIX))
            self._banner.clear(key)
        for name in off_air.keys() - self._off_air.keys():
            log.info("alert: %s", off_air[name].text)
        for name in self._off_air.keys() - off_air.keys():
            log.info("alert cleared: %s", name)
        self._shown, self._off_air = shown, off_air
        self._mark_off_air(now_s)

    def _actions(self, alert: Alert) -> tuple[BannerAction, ...]:
        page = alert.settings_page
        if page is None:
            return ()
        title = str(page).capitalize()
        return (
            BannerAction(
                f"{title} settings",
                lambda: self._open_page(str(page)),
                f"Open Settings → {title}",
            ),
        )

    def _destination_changed(self, event: OutputEvent) -> None:
        if event.output in self._off_air:
            self._mark_off_air(self._clock())

    def _mark_off_air(self, now_s: float) -> None:
        """Each destination off air for a while: its line says for how long."""
        states = self._bridge.destination_states()
        rows = {row.condition.key: row for row in self._banner.rows()}
        for name, alert in self._off_air.items():
            row, event = rows.get(destination_key(name)), states.get(name)
            if row is None or event is None:
                continue  # its line is gone: it is live again (the alert clears shortly)
            text = with_off_air_time(describe(event), now_s - alert.since_s)
            if row.condition.text != text:
                self._banner.raise_condition(replace(row.condition, text=text))


def settings_page_opener(window: Any) -> PageOpener:
    """Opens the Settings dialog on a page, on the window's settings store."""

    def open_page(page: str) -> None:
        from studio.ui.settings.dialog import SettingsDialog

        SettingsDialog(window.store, window, page=page).exec()

    return open_page


def _muted(window: Any, name: str) -> bool:
    strip = window.mixer_dock.strips.get(name)
    if strip is not None and strip.mute.isChecked():
        return True
    # Muted in the show itself (the saved source) and never unmuted from the mixer.
    return any(
        (item.source.name or item.source.kind) == name and getattr(item.source, "muted", False)
        for scene in window.document.collection.scenes
        for item in scene.items
    )


def install_live_alerts(
    window: Any,
    *,
    thresholds: AlertThresholds | None = None,
    open_page: PageOpener | None = None,
    disk_usage: DiskUsageProbe | None = None,
    interval_ms: int = POLL_INTERVAL_MS,
) -> LiveAlerts:
    """Watch the window's show and show its alerts in the window's banner area (again: an
    earlier installation is replaced). ``window`` is the :class:`MainWindow`, built."""
    previous = getattr(window, "live_alerts", None)
    if isinstance(previous, LiveAlerts):
        previous.close()
        previous.deleteLater()
    store = window.store
    readings = WindowReadings(
        microphones=lambda: microphone_names(window.document.collection),
        muted=lambda name: _muted(window, name),
        recording_folder=lambda: store.settings.recording.folder,
        bitrate_kbps=lambda: store.settings.video.bitrate_kbps + store.settings.audio.bitrate_kbps,
    )
    monitor = AlertMonitor(thresholds, disk_usage or shutil.disk_usage)
    alerts = LiveAlerts(
        window.bridge,
        window.banners,
        readings,
        open_page or settings_page_opener(window),
        monitor,
        interval_ms=interval_ms,
        parent=window,
    )
    window.live_alerts = alerts
    return alerts
