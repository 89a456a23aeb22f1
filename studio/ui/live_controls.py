"""Go Live / End Show, Record, and what the host watches while live (status bar, health).

"LIVE" and its timer mean a destination is receiving the show (its uplink published), never
only that Go Live was pressed: until then the window says "Connecting…", and while no
destination receives it says "Not on air" (the banner says which and why).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QStyle,
    QWidget,
)

from studio.engine.canvas import CanvasStats
from studio.outputs.base import OutputEvent, OutputState
from studio.settings.model import RecordingSettings
from studio.ui.bridge import SessionBridge
from studio.ui.destinations import DestinationsProvider, SettingsOpener
from studio.ui.health_graph import HealthGraph
from studio.ui.recording_status import RecordingStatus, format_elapsed

HEALTH_SAMPLE_MS = 1000
TICK_MS = 500
GO_LIVE_TIP = "Start streaming to every enabled destination (Ctrl+L)"
END_SHOW_TIP = "End the show on every destination (Ctrl+L)"
CONNECTING_TIP = "No destination is receiving the show yet. Click to stop and end the show (Ctrl+L)"
ConfirmEndShow = Callable[[QWidget], bool]  # True: end the show
ConfirmGoLive = Callable[[QWidget], bool]  # True: go live (the preflight report's answer)


def go_live_at_once(_parent: QWidget) -> bool:
    return True


def ask_end_show(parent: QWidget) -> bool:
    """Ask before ending the show: a stray click or hotkey must not end it in front of buyers."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "End the show?",
        "End the show on every destination? Viewers will see the stream end.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    end = box.addButton("End show", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep streaming", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is end


class LiveControls(QWidget):
    def __init__(
        self,
        bridge: SessionBridge,
        destinations: DestinationsProvider,
        open_settings: SettingsOpener,
        recording_settings: Callable[[], RecordingSettings],
        notify: Callable[[str], None],
        parent: QWidget | None = None,
        confirm_end_show: ConfirmEndShow = ask_end_show,
        confirm_go_live: ConfirmGoLive = go_live_at_once,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._destinations = bridge, destinations
        self._open_settings, self._notify = open_settings, notify
        self._recording_settings = recording_settings
        self._confirm_end_show = confirm_end_show
        self._confirm_go_live = confirm_go_live
        self.live_since: float | None = None  # when the first destination started receiving
        self._starting = False  # Go Live pressed, the outputs not added yet
        self._checking = False  # Go Live pressed, the preflight report open
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.go_live = QPushButton("Go Live")
        self.go_live.setObjectName("goLive")
        self.go_live.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.go_live.setToolTip(GO_LIVE_TIP)
        self.go_live.setShortcut("Ctrl+L")
        self.go_live.clicked.connect(self.toggle_live)
        self.record = QPushButton("Record")
        self.record.setObjectName("record")
        self.record.setCheckable(True)
        self.record.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.record.setToolTip(
            "Record the show to the folder and format set in Settings → Recording (Ctrl+R)"
        )
        self.record.setShortcut("Ctrl+R")
        self.record.clicked.connect(self.toggle_record)
        self.recording_status = RecordingStatus(bridge)
        self.elapsed = QLabel("Off air")
        self.elapsed.setObjectName("onAir")
        self.elapsed.setToolTip("Time since a destination started receiving the show")
        self.health = HealthGraph()
        for widget in (self.go_live, self.elapsed, self.record, self.recording_status):
            layout.addWidget(widget)
        layout.addWidget(self.health, 1)
        bridge.live_changed.connect(self._live_changed)
        bridge.receiving_changed.connect(self._receiving_changed)
        bridge.destination_changed.connect(self._refresh)
        bridge.failed.connect(self._call_failed)
        bridge.recording_changed.connect(self._recording_changed)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._refresh)

    def toggle_live(self) -> None:
        if self._bridge.live:
            if self._confirm_end_show(self):
                self._bridge.end_show()
            return
        if self._starting:
            return
        # Preflight first: a show the platform would refuse must fail here, not on air.
        if self._checking:
            return  # the report is open (a hotkey pressed again meanwhile)
        self._checking = True
        try:
            confirmed = self._confirm_go_live(self)
        finally:
            self._checking = False
        if not confirmed:
            return
        try:
            targets = self._destinations()
        except Exception as error:  # keyring locked, unreadable settings…
            self._notify(f"The destinations could not be read: {error}")
            return
        if not targets:
            self._notify("No destination is set up yet: add one in Settings → Destinations.")
            self._open_settings(self)
            return
        self._starting = True
        self.go_live.setEnabled(False)  # until the outputs are added
        self._refresh()
        self._bridge.go_live([(t.url, t.canvas) for t in targets], [t.name for t in targets])

    def toggle_record(self) -> None:
        if self._bridge.recording:
            self._bridge.stop_recording()
            return
        settings = self._recording_settings()
        try:
            settings.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._notify(f"The recordings folder {settings.folder} cannot be used: {error}")
            self.record.setChecked(False)
            return
        name = datetime.now().strftime(f"show-%Y-%m-%d_%H-%M-%S.{settings.format}")
        self._bridge.start_recording(settings.folder / name)

    def _live_changed(self, live: bool) -> None:
        self._starting = False
        self.go_live.setEnabled(True)
        self.live_since = None
        if live:
            self.health.clear()
            self._tick.start()
        else:
            self._tick.stop()
        self._refresh()

    def _receiving_changed(self, receiving: bool) -> None:
        if receiving and self.live_since is None:
            self.live_since = time.monotonic()  # the show's clock: kept across reconnects
        self._refresh()

    def _call_failed(self, _message: str) -> None:
        if self._starting and not self._bridge.live:  # adding the outputs failed
            self._starting = False
            self.go_live.setEnabled(True)
            self._refresh()

    def _refresh(self, *_event: object) -> None:
        """Button and label from the bridge's per-destination states (and the clock)."""
        if not self._bridge.live and not self._starting:
            self._show_state("Go Live", GO_LIVE_TIP, "off", "Off air")
        elif self._bridge.receiving and self.live_since is not None:
            seconds = time.monotonic() - self.live_since
            self._show_state("End Show", END_SHOW_TIP, "live", f"LIVE {format_elapsed(seconds)}")
        else:
            states = [e.state for e in self._bridge.destination_states().values()]
            trying = not states or any(s != OutputState.FAILED for s in states)
            waiting = (OutputState.RECONNECTING, OutputState.FAILED)
            if states and all(s in waiting for s in states):
                why = "reconnecting" if trying else "every destination failed"
                label = f"Not on air — {why}"
            else:
                label = "Connecting…"
            button = "Connecting…" if trying else "End Show"
            self._show_state(button, CONNECTING_TIP, "connecting", label)

    def _show_state(self, button: str, tip: str, state: str, label: str) -> None:
        self.go_live.setText(button)
        self.go_live.setToolTip(tip)
        if self.go_live.property("state") != state:
            self.go_live.setProperty("state", state)
            self.go_live.setProperty("live", state == "live")
            self.go_live.style().polish(self.go_live)
            self.elapsed.setProperty("state", state)
            self.elapsed.style().polish(self.elapsed)
        self.elapsed.setText(label)

    def _recording_changed(self, recording: bool) -> None:
        self.record.setChecked(recording)
        self.record.setText("Stop recording" if recording else "Record")
        self.record.setProperty("recording", recording)
        self.record.style().polish(self.record)


class StatusPanel:
    """Fills the status bar from the polled statistics: per-destination state and bitrate,
    dropped frames, process CPU and fps; feeds the health graph once a second."""

    def __init__(self, status_bar: QStatusBar, bridge: SessionBridge, health: HealthGraph) -> None:
        self.destinations = QLabel()  # empty off air: the live controls say "Off air"
        self.destinations.setToolTip("Each destination's state and bitrate")
        self.dropped = QLabel()
        self.dropped.setToolTip("Frames dropped: rendering late / encoder / network")
        self.encoder_lag = QLabel()
        self.encoder_lag.setToolTip(
            "Encoder lag: from a frame's due time to its packet leaving the encoder (while live)"
        )
        self.cpu = QLabel()
        self.cpu.setToolTip("CPU used by LiveShop Studio (100% = one core)")
        self.fps = QLabel()
        self.fps.setToolTip("Frames per second rendered by the program canvas")
        for label in (self.destinations, self.dropped, self.encoder_lag, self.cpu, self.fps):
            status_bar.addPermanentWidget(label)
        self._health = health
        self._last_cpu = (time.monotonic(), time.process_time())
        self._last_frames: tuple[float, int] | None = None
        self._last_sample = 0.0
        self._last_dropped = 0
        bridge.stats_updated.connect(self.show)
        bridge.output_event.connect(self.output_event)
        self.last_event: OutputEvent | None = None

    def output_event(self, event: OutputEvent) -> None:
        self.last_event = event

    def show(self, stats: list[CanvasStats]) -> None:
        now, cpu_s = time.monotonic(), time.process_time()
        wall = now - self._last_cpu[0]
        if wall >= 1.0:
            percent = (cpu_s - self._last_cpu[1]) / wall * 100
            self.cpu.setText(f"CPU {percent:.0f}% ({os.cpu_count()} cores)")
            self._last_cpu = (now, cpu_s)
        if not stats:
            return
        program = stats[0]
        frames = program.video.rendered_frames
        if self._last_frames is not None and now - self._last_frames[0] >= 1.0:
            fps = (frames - self._last_frames[1]) / (now - self._last_frames[0])
            self.fps.setText(f"{fps:.1f} fps")
            self._last_frames = (now, frames)
        elif self._last_frames is None:
            self._last_frames = (now, frames)
        outputs = [
            o for canvas in stats for o in canvas.outputs if o.state not in ("stopped", "idle")
        ]
        self.destinations.setText(
            "  ".join(f"{o.name}: {o.state} {o.bitrate_kbps:.0f} kb/s" for o in outputs)
        )
        video = [c.video for c in stats]
        skipped = sum(v.skipped_late_frames for v in video)
        encoder = sum(v.dropped_encoder_frames for v in video)
        network = sum(o.dropped_video_packets for o in outputs)
        self.dropped.setText(f"Dropped {skipped} / {encoder} / {network}")
        live = [c.video.encoder_lag_ms for c in stats if c.live]
        self.encoder_lag.setText(f"Encoder lag {max(live):.0f} ms" if live else "")
        if any(c.live for c in stats) and now - self._last_sample >= HEALTH_SAMPLE_MS / 1000:
            total = skipped + encoder + network
            self._health.add_sample(
                sum(o.bitrate_kbps for o in outputs), max(0, total - self._last_dropped)
            )
            self._last_dropped, self._last_sample = total, now
