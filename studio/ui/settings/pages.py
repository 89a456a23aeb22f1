"""Settings → Video, Audio and Recording pages: each loads one settings model and builds a new
one from its controls (``value()``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.capture.devices import list_microphones
from studio.encode import probe_video_encoders
from studio.settings.model import X264_PRESETS, AudioSettings, RecordingSettings, VideoSettings

LANDSCAPE_SIZES = ((1920, 1080), (1280, 720), (2560, 1440), (3840, 2160))
FRAME_RATES = (24, 25, 30, 50, 60)
OUTPUT_SHORT_SIDES = (1080, 720, 540, 480, 360)
# Keyframe interval: platforms ask for 2 s and take at most 2–4 s; the lower end and half
# steps are for the rare custom server that wants them, the top is the settings' limit.
KEYFRAME_RANGE_S = (0.5, 10.0)
KEYFRAME_STEP_S = 0.5

ENCODER_LABELS = {
    "libx264": "Software (x264)",
    "h264_nvenc": "NVIDIA NVENC",
    "h264_qsv": "Intel Quick Sync",
    "h264_amf": "AMD AMF",
    "h264_videotoolbox": "Apple VideoToolbox",
}


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


# Sizes are stored in combo boxes as "WxH" text: Qt cannot compare Python tuples in findData.
def _size_key(size: tuple[int, int] | None) -> str | None:
    return f"{size[0]}x{size[1]}" if size else None


def _size(key: str | None) -> tuple[int, int] | None:
    if not key:
        return None
    width, _, height = key.partition("x")
    return int(width), int(height)


class VideoPage(QWidget):
    def __init__(self, video: VideoSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orientation_combo = QComboBox()
        self.orientation_combo.addItem("Landscape (16:9)", "landscape")
        self.orientation_combo.addItem("Vertical (9:16)", "vertical")
        self.orientation_combo.setToolTip(
            "Landscape for YouTube, Facebook and Twitch; vertical for TikTok, Instagram and "
            "phone-first shopping apps."
        )
        self.size_combo = QComboBox()
        self.size_combo.setToolTip("The canvas size: the resolution scenes are composed at.")
        self.fps_combo = QComboBox()
        for fps in FRAME_RATES:
            self.fps_combo.addItem(f"{fps} fps", fps)
        self.fps_combo.setToolTip("Frames per second. 30 suits most shows; 60 needs more CPU.")
        self.output_combo = QComboBox()
        self.output_combo.setToolTip(
            "Scale the picture down before encoding (saves CPU and upload bandwidth)."
        )
        self.encoder_combo = QComboBox()
        self.encoder_combo.setToolTip(
            "Only encoders that really open on this computer are listed; hardware encoders "
            "leave the CPU free for the rest of the show."
        )
        for name in probe_video_encoders():
            self.encoder_combo.addItem(ENCODER_LABELS.get(name, name), name)
        self.bitrate_spin = QSpinBox()
        self.bitrate_spin.setRange(300, 50_000)
        self.bitrate_spin.setSingleStep(500)
        self.bitrate_spin.setSuffix(" kb/s")
        self.bitrate_spin.setToolTip(
            "Video bitrate sent to every destination. Keep it below about 70% of your upload "
            "speed; the Destinations page shows each platform's recommended range."
        )
        self.keyframe_spin = QDoubleSpinBox()
        self.keyframe_spin.setRange(*KEYFRAME_RANGE_S)
        self.keyframe_spin.setSingleStep(KEYFRAME_STEP_S)
        self.keyframe_spin.setDecimals(2)  # a value typed in the settings file is kept as it is
        self.keyframe_spin.setSuffix(" s")
        self.keyframe_spin.setToolTip(
            "How often a full picture (keyframe) is sent. Most platforms want one every 2 s: "
            "Twitch and Amazon refuse more than 2 s, YouTube, Facebook and TikTok more than "
            "4 s. Preflight checks it before you go live."
        )
        # Its text field too: hovering the number shows the same advice.
        self.keyframe_spin.findChild(QLineEdit).setToolTip(self.keyframe_spin.toolTip())
        self.preset_combo = QComboBox()
        for preset in X264_PRESETS:
            self.preset_combo.addItem(preset, preset)
        self.preset_combo.setToolTip(
            "x264 speed preset: faster presets use less CPU at a slightly lower quality."
        )
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setToolTip("Notes about these settings.")

        form = QFormLayout(self)
        form.addRow("Orientation:", self.orientation_combo)
        form.addRow("Canvas size:", self.size_combo)
        form.addRow("Frame rate:", self.fps_combo)
        form.addRow("Output scaling:", self.output_combo)
        form.addRow("Encoder:", self.encoder_combo)
        form.addRow("Bitrate:", self.bitrate_spin)
        form.addRow("Keyframe interval:", self.keyframe_spin)
        form.addRow("Preset:", self.preset_combo)
        form.addRow(self.note_label)

        self.orientation_combo.currentIndexChanged.connect(lambda _: self._fill_sizes(None))
        self.size_combo.currentIndexChanged.connect(lambda _: self._fill_outputs(None))
        self.load(video)

    def load(self, video: VideoSettings) -> None:
        _select_data(self.orientation_combo, video.orientation)
        self._fill_sizes((video.canvas_width, video.canvas_height))
        output = (video.output_width, video.output_height) if video.output_width else None
        self._fill_outputs(output)
        _select_data(self.fps_combo, video.fps)
        if self.fps_combo.findData(video.fps) < 0:
            self.fps_combo.addItem(f"{video.fps} fps", video.fps)
            _select_data(self.fps_combo, video.fps)
        if self.encoder_combo.findData(video.encoder) < 0:
            self.note_label.setText(
                f"The encoder {video.encoder} does not open on this computer: the software "
                "encoder is selected instead."
            )
        _select_data(self.encoder_combo, video.encoder)
        if self.encoder_combo.findData(video.encoder) < 0:
            _select_data(self.encoder_combo, "libx264")
        self.bitrate_spin.setValue(video.bitrate_kbps)
        self.keyframe_spin.setValue(video.keyframe_interval_s)
        _select_data(self.preset_combo, video.preset)

    def apply_proposal(
        self, width: int, height: int, fps: int, preset: str, bitrate_kbps: int | None = None
    ) -> None:
        """Show an auto-configure proposal (landscape size; swapped for a vertical canvas)."""
        size = (
            (width, height)
            if self.orientation_combo.currentData() == "landscape"
            else (height, width)
        )
        self._fill_sizes(size)
        self._fill_outputs(None)
        _select_data(self.fps_combo, fps)
        if preset in X264_PRESETS:
            _select_data(self.preset_combo, preset)
        if bitrate_kbps is not None:
            self.bitrate_spin.setValue(bitrate_kbps)

    def value(self) -> VideoSettings:
        width, height = _size(self.size_combo.currentData()) or (1920, 1080)
        output = _size(self.output_combo.currentData())
        return VideoSettings(
            orientation=self.orientation_combo.currentData(),
            canvas_width=width,
            canvas_height=height,
            fps=self.fps_combo.currentData(),
            output_width=output[0] if output else None,
            output_height=output[1] if output else None,
            encoder=self.encoder_combo.currentData(),
            bitrate_kbps=self.bitrate_spin.value(),
            keyframe_interval_s=self.keyframe_spin.value(),
            preset=self.preset_combo.currentData(),
        )

    def _fill_sizes(self, wanted: tuple[int, int] | None) -> None:
        vertical = self.orientation_combo.currentData() == "vertical"
        current = wanted or _size(self.size_combo.currentData())
        sizes = [(h, w) if vertical else (w, h) for w, h in LANDSCAPE_SIZES]
        if current is not None and (current[0] < current[1]) != vertical:
            current = (current[1], current[0])  # orientation changed: same size, turned
        if current is not None and current not in sizes:
            sizes.append(current)
        self.size_combo.blockSignals(True)
        self.size_combo.clear()
        for width, height in sizes:
            self.size_combo.addItem(f"{width} × {height}", _size_key((width, height)))
        _select_data(self.size_combo, _size_key(current or sizes[0]))
        self.size_combo.blockSignals(False)
        self._fill_outputs(None)

    def _fill_outputs(self, wanted: tuple[int, int] | None) -> None:
        width, height = _size(self.size_combo.currentData()) or (1920, 1080)
        current = wanted or _size(self.output_combo.currentData())
        if current and (current[0] > width or current[1] > height):
            current = None  # larger than the new canvas: not a scaling any more
        self.output_combo.blockSignals(True)
        self.output_combo.clear()
        self.output_combo.addItem("Same as canvas", None)
        short, long = min(width, height), max(width, height)
        for side in OUTPUT_SHORT_SIDES:
            if side >= short:
                continue
            other = round(long * side / short / 2) * 2
            size = (other, side) if width >= height else (side, other)
            self.output_combo.addItem(f"{size[0]} × {size[1]}", _size_key(size))
        if current and self.output_combo.findData(_size_key(current)) < 0:
            self.output_combo.addItem(f"{current[0]} × {current[1]}", _size_key(current))
        _select_data(self.output_combo, _size_key(current))
        self.output_combo.blockSignals(False)


class AudioPage(QWidget):
    def __init__(self, audio: AudioSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.microphone_combo = QComboBox()
        self.microphone_combo.setToolTip(
            "The microphone used by every microphone source that names no device of its own."
        )
        self.microphone_combo.addItem("System default", None)
        for device in list_microphones():
            label = device.name + (" (default)" if device.is_default else "")
            self.microphone_combo.addItem(label, device.name)
        if audio.microphone and self.microphone_combo.findData(audio.microphone) < 0:
            self.microphone_combo.addItem(f"{audio.microphone} (not connected)", audio.microphone)
        _select_data(self.microphone_combo, audio.microphone)
        self.rate_combo = QComboBox()
        self.rate_combo.addItem("48 kHz", 48_000)
        self.rate_combo.addItem("44.1 kHz", 44_100)
        self.rate_combo.setToolTip(
            "Sample rate of the streamed and recorded sound; every platform accepts 44.1 and "
            "48 kHz."
        )
        _select_data(self.rate_combo, audio.sample_rate_hz)
        self.bitrate_spin = QSpinBox()
        self.bitrate_spin.setRange(64, 320)
        self.bitrate_spin.setSingleStep(32)
        self.bitrate_spin.setSuffix(" kb/s")
        self.bitrate_spin.setValue(audio.bitrate_kbps)
        self.bitrate_spin.setToolTip("AAC audio bitrate: 128–160 kb/s suits every platform.")
        form = QFormLayout(self)
        form.addRow("Microphone:", self.microphone_combo)
        form.addRow("Sample rate:", self.rate_combo)
        form.addRow("Audio bitrate:", self.bitrate_spin)

    def value(self) -> AudioSettings:
        return AudioSettings(
            microphone=self.microphone_combo.currentData(),
            sample_rate_hz=self.rate_combo.currentData(),
            bitrate_kbps=self.bitrate_spin.value(),
        )


class RecordingPage(QWidget):
    def __init__(self, recording: RecordingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder_edit = QLineEdit(str(recording.folder))
        self.folder_edit.setToolTip("Where recordings of the show are saved.")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setToolTip("Choose the recordings folder.")
        self.browse_button.clicked.connect(self._browse)
        self.format_combo = QComboBox()
        self.format_combo.addItem("Matroska (.mkv) — survives a crash", "mkv")
        self.format_combo.addItem("MP4 (.mp4) — fragmented, finalised on stop", "mp4")
        self.format_combo.setToolTip(
            "MKV keeps everything recorded up to a crash or power cut; MP4 plays everywhere."
        )
        _select_data(self.format_combo, recording.format)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout(self)
        form.addRow("Folder:", row)
        form.addRow("Format:", self.format_combo)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Recordings folder", self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def value(self) -> RecordingSettings:
        return RecordingSettings(
            folder=Path(self.folder_edit.text().strip()).expanduser(),
            format=self.format_combo.currentData(),
        )
