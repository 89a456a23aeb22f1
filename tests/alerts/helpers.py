"""Canvas statistics as the engine reports them, built by the unit tests frame by frame."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.audio.meters import LevelReading
from studio.engine.canvas import CanvasStats
from studio.engine.video_thread import VideoCounters


@dataclass
class FakeCanvas:
    """One canvas's counters, advanced as the engine would advance them."""

    name: str = "Main"
    fps: float = 30.0
    live: bool = True
    encoder_name: str = "libx264"
    counters: VideoCounters = field(default_factory=VideoCounters)
    levels: dict[str, LevelReading] = field(default_factory=dict)

    def run(self, seconds: float, *, skipped_late: int = 0, encoder_dropped: int = 0,
            lag_ms: float = 20.0) -> None:  # fmt: skip
        """``seconds`` of frames at the canvas rate: some never drawn (late), some drawn but
        dropped before the encoder; the rest encoded."""
        due = round(self.fps * seconds)
        drawn = due - skipped_late
        self.counters.skipped_late_frames += skipped_late
        self.counters.rendered_frames += drawn
        self.counters.dropped_encoder_frames += encoder_dropped
        self.counters.encoded_frames += drawn - encoder_dropped
        self.counters.encoder_lag_ms = lag_ms

    def stats(self) -> CanvasStats:
        return CanvasStats(
            name=self.name, width=1280, height=720, fps=self.fps, running=True, live=self.live,
            video=VideoCounters(**{f: getattr(self.counters, f) for f in
                                   VideoCounters.__dataclass_fields__}),
            audio_levels=dict(self.levels), outputs=[], encoder_name=self.encoder_name,
        )  # fmt: skip
