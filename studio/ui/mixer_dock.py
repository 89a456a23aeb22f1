"""The audio mixer: one strip per sound source with a live meter, gain, mute and a clip light.

Gain and mute go to the session as live overrides (changing the source's saved settings would
restart the source); they are remembered per source name in the app's QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.audio.meters import LevelReading
from studio.capture.registry import source_kinds
from studio.engine.canvas import CanvasStats
from studio.scene import SceneCollection
from studio.ui.bridge import SessionBridge

FLOOR_DBFS = -60.0
YELLOW_DBFS, RED_DBFS = -20.0, -6.0
GAIN_MIN_DB, GAIN_MAX_DB = -60, 24
GAIN_STEPS_PER_DB = 10
STRIP_MIN_WIDTH_PX, STRIP_MAX_WIDTH_PX = 170, 300


def audio_source_names(collection: SceneCollection) -> list[str]:
    """Display names (name, or kind when unnamed) of every source that makes sound."""
    kinds = source_kinds()
    names: list[str] = []
    for scene in collection.scenes:
        for item in scene.items:
            kind = str(item.source.kind)  # type: ignore[attr-defined]
            cls = kinds.get(kind)
            name = item.source.name or kind
            if cls is not None and cls.has_audio and name not in names:
                names.append(name)
    return names


def microphone_names(collection: SceneCollection) -> list[str]:
    """Display names of the collection's microphone sources."""
    names: list[str] = []
    for scene in collection.scenes:
        for item in scene.items:
            kind = str(item.source.kind)  # type: ignore[attr-defined]
            name = item.source.name or kind
            if kind == "microphone" and name not in names:
                names.append(name)
    return names


class LevelMeter(QWidget):
    """Peak (thin bar) and RMS (wide bar) in dBFS, green/yellow/red by level."""

    def __init__(self) -> None:
        super().__init__()
        self.reading = LevelReading()
        self.setMinimumHeight(12)
        self.setToolTip("Level in dBFS: RMS (wide bar) and peak (thin line); red is near clipping")

    def sizeHint(self) -> QSize:
        return QSize(160, 12)

    def set_reading(self, reading: LevelReading) -> None:
        self.reading = reading
        self.update()

    @staticmethod
    def fraction(dbfs: float) -> float:
        return min(1.0, max(0.0, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor("#101113"))
        width = rect.width()
        for start, end, colour in (
            (FLOOR_DBFS, YELLOW_DBFS, "#2fa84f"),
            (YELLOW_DBFS, RED_DBFS, "#d5b32f"),
            (RED_DBFS, 0.0, "#d63b3b"),
        ):
            level = min(self.reading.rms_dbfs, end)
            if level <= start:
                continue
            x0, x1 = self.fraction(start) * width, self.fraction(level) * width
            painter.fillRect(QRectF(x0, 2, x1 - x0, rect.height() - 4), QColor(colour))
        peak_x = self.fraction(self.reading.peak_dbfs) * width
        painter.fillRect(QRectF(peak_x - 1, 0, 2, rect.height()), QColor("#f0f0f0"))
        painter.end()


class MixerStrip(QFrame):
    """One channel, compact: name and mute, the meter, then gain with its value and the clip
    light. Channels sit side by side so a laptop's short mixer shows several at once."""

    def __init__(self, name: str, bridge: SessionBridge, settings: QSettings) -> None:
        super().__init__()
        self.name, self._bridge, self._settings = name, bridge, settings
        self.setObjectName("mixerStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(STRIP_MIN_WIDTH_PX)
        self.setMaximumWidth(STRIP_MAX_WIDTH_PX)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.label = QLabel(name)
        self.label.setToolTip(name)
        self.label.setMinimumWidth(40)
        top.addWidget(self.label, 1)
        self.mute = QToolButton()
        self.mute.setCheckable(True)
        self.mute.setText("Mute")
        self.mute.setToolTip(f"Mute or unmute {name}")
        top.addWidget(self.mute)
        layout.addLayout(top)
        self.meter = LevelMeter()
        layout.addWidget(self.meter)
        bottom = QHBoxLayout()
        self.gain = QSlider(Qt.Orientation.Horizontal)
        self.gain.setRange(GAIN_MIN_DB * GAIN_STEPS_PER_DB, GAIN_MAX_DB * GAIN_STEPS_PER_DB)
        self.gain.setToolTip(f"Gain of {name} in dB (double-click the label to reset)")
        self.gain.setAccessibleName(f"{name} gain")
        bottom.addWidget(self.gain, 1)
        self.gain_label = QLabel()
        bottom.addWidget(self.gain_label)
        self.clip = QLabel("CLIP")
        self.clip.setToolTip("Lights up when this source reaches full scale")
        self.clip.setStyleSheet("color: #4a4a4a; font-weight: bold")
        self._clip_lit = False
        bottom.addWidget(self.clip)
        layout.addLayout(bottom)
        gain_db = float(settings.value(self._key("gain_db"), 0.0))  # type: ignore[arg-type]
        muted = str(settings.value(self._key("muted"), "false")).lower() == "true"
        self.gain.setValue(round(gain_db * GAIN_STEPS_PER_DB))
        self.mute.setChecked(muted)
        self._show_gain()
        self.gain.valueChanged.connect(self._gain_changed)
        self.mute.toggled.connect(self._mute_toggled)
        if gain_db != 0.0 or muted:
            bridge.set_audio(name, gain_db=gain_db, muted=muted)

    def _key(self, what: str) -> str:
        return f"mixer/{self.name}/{what}"

    @property
    def gain_db(self) -> float:
        return self.gain.value() / GAIN_STEPS_PER_DB

    def _show_gain(self) -> None:
        self.gain_label.setText(f"{self.gain_db:+.1f} dB")

    def _gain_changed(self) -> None:
        self._show_gain()
        self._settings.setValue(self._key("gain_db"), self.gain_db)
        self._bridge.set_audio(self.name, gain_db=self.gain_db)

    def _mute_toggled(self, muted: bool) -> None:
        self._settings.setValue(self._key("muted"), muted)
        self._bridge.set_audio(self.name, muted=muted)

    def set_reading(self, reading: LevelReading) -> None:
        self.meter.set_reading(reading)
        if reading.clipped != self._clip_lit:
            self._clip_lit = reading.clipped
            self.clip.setStyleSheet(
                f"color: {'#ff3030' if reading.clipped else '#4a4a4a'}; font-weight: bold"
            )


class MixerDock(QDockWidget):
    def __init__(
        self, bridge: SessionBridge, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__("Audio mixer", parent)
        self.setObjectName("mixerDock")
        self._bridge, self._settings = bridge, settings
        self.strips: dict[str, MixerStrip] = {}
        self._body = QWidget()
        self._layout = QHBoxLayout(self._body)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._body)
        self.setWidget(scroll)
        self.setToolTip("Levels, gain and mute of every sound source")
        bridge.stats_updated.connect(self.show_levels)

    def set_collection(self, collection: SceneCollection) -> None:
        names = audio_source_names(collection)
        for name in list(self.strips):
            if name not in names:
                self.strips.pop(name).deleteLater()
        for name in names:
            if name not in self.strips:
                strip = MixerStrip(name, self._bridge, self._settings)
                self.strips[name] = strip
                self._layout.insertWidget(self._layout.count() - 1, strip)

    def toggle_microphones(self, collection: SceneCollection) -> bool:
        """Mute every microphone strip, or unmute all when every one is muted already (the
        strips send it to the session and remember it); False when there is no microphone."""
        strips = [self.strips[n] for n in microphone_names(collection) if n in self.strips]
        if not strips:
            return False
        mute = not all(strip.mute.isChecked() for strip in strips)
        for strip in strips:
            strip.mute.setChecked(mute)
        return True

    def show_levels(self, stats: list[CanvasStats]) -> None:
        levels: dict[str, LevelReading] = {}
        for canvas in stats:
            for name, reading in canvas.audio_levels.items():
                if name not in levels or reading.peak_dbfs > levels[name].peak_dbfs:
                    levels[name] = reading
        for name, strip in self.strips.items():
            strip.set_reading(levels.get(name, LevelReading()))
