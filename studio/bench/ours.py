"""Our pipeline on the standard scene, offline: every source frame exactly once, as fast as
the encoder goes (a :class:`ManualClock` driven by the render thread).

The chat and ticker texts change on the exact frames ffmpeg's image sequences change: the
clock calls back when the render thread moves it to a new frame, before that frame is drawn,
and the callback waits for the text source to publish the new raster. That wait (Qt
rasterising the text) is counted as "convert" time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from studio.bench.flv_output import FlvOutput
from studio.bench.processes import cpu_seconds, current_rss_mb
from studio.bench.scene import CANVAS_NAME, BenchScene, TimedText
from studio.capture.base import Source
from studio.capture.text import TextSource
from studio.clock import NS_PER_S, ManualClock
from studio.compositor.blend import prepare_overlay
from studio.encode import VideoEncoderSettings
from studio.engine.session import Session
from studio.media import OverlayPicture
from studio.scene import load_collection

_PICTURE_WAIT_S = 5.0
_SAMPLE_EVERY_S = 0.05


class FrameClock(ManualClock):
    """A ManualClock that reports each new frame index the render thread moves it to."""

    def __init__(self, fps: Fraction, on_frame: Callable[[int], None]) -> None:
        super().__init__()
        self._interval_ns = Fraction(NS_PER_S) / fps
        self._on_frame = on_frame
        self._last_index = -1

    def set_ns(self, now_ns: int) -> None:
        super().set_ns(now_ns)
        index = int(now_ns / self._interval_ns)
        if index > self._last_index:
            self._last_index = index
            self._on_frame(index)


@dataclass(slots=True)
class OursFigures:
    frames: int
    encoded_frames: int
    wall_s: float
    cpu_s: float
    stage_ms: dict[str, float] = field(default_factory=dict)
    rss_samples: list[tuple[int, float]] = field(default_factory=list)  # (frame, MB)
    dropped: int = 0
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def wait_for_pictures(sources: list[Source], timeout_s: float = _PICTURE_WAIT_S) -> None:
    """Let every video source publish its first picture (images load on their own threads)."""
    deadline = time.monotonic() + timeout_s
    for source in sources:
        if not source.has_video:
            continue
        while source.current_picture() is None and time.monotonic() < deadline:
            time.sleep(0.005)


def source_named(session: Session, name: str) -> Source:
    for source in session.sources.sources():
        if source.display_name == name:
            return source
    raise KeyError(name)


class TextScript:
    """Changes the timed texts on their frames; measures the rasterising it waits for."""

    def __init__(self, session: Session, timed: list[TimedText], frames: int) -> None:
        self._texts = [(t, source_named(session, t.item_id)) for t in timed]
        self._frames = frames
        self.rasterise_s = 0.0
        self.changes = 0

    def on_frame(self, index: int) -> None:
        if index == 0 or index >= self._frames:
            return
        for timed, source in self._texts:
            if index % timed.every_frames:
                continue
            assert isinstance(source, TextSource)
            before = source.current_picture()
            started = time.perf_counter()
            source.set_text(timed.text_at(index // timed.every_frames))
            deadline = time.monotonic() + _PICTURE_WAIT_S
            while source.current_picture() is before and time.monotonic() < deadline:
                time.sleep(0.001)
            self.rasterise_s += time.perf_counter() - started
            self.changes += 1


def prepare_ms_per_change(session: Session, timed: list[TimedText]) -> float:
    """What the compositor pays per text change to convert the raster to YUV (measured on the
    current rasters, outside the run)."""
    total_s, count = 0.0, 0
    for t in timed:
        picture = source_named(session, t.item_id).current_picture()
        if not isinstance(picture, OverlayPicture):
            continue
        bgra = picture.bgra[: picture.bgra.shape[0] & ~1, : picture.bgra.shape[1] & ~1]
        for _ in range(5):
            started = time.perf_counter()
            prepare_overlay(bgra)
            total_s += time.perf_counter() - started
            count += 1
    return total_s * 1000 / count if count else 0.0


def run_ours(
    scene: BenchScene, output: Path | str, *, preset: str = "veryfast", rss_every_s: float = 0.0
) -> OursFigures:
    """Render ``scene.frames`` frames to FLV. Call ``ensure_gui_app()`` on the main thread first."""
    collection = load_collection(scene.scene_path)
    script_holder: list[TextScript] = []
    clock = FrameClock(
        Fraction(scene.fps), lambda i: script_holder[0].on_frame(i) if script_holder else None
    )
    session = Session(collection, clock=clock, video_settings=VideoEncoderSettings(preset=preset))
    flv = FlvOutput(output, clock)
    session.pipeline(CANVAS_NAME).add_output(flv)
    wait_for_pictures(session.sources.sources())
    script = TextScript(session, scene.timed, scene.frames)
    script_holder.append(script)
    prepare_ms = prepare_ms_per_change(session, scene.timed)

    encode_ms: list[float] = []
    rss: list[tuple[int, float]] = [(0, current_rss_mb())]
    cpu_before, started = cpu_seconds(), time.perf_counter()
    session.start(frame_limit=scene.frames)
    next_rss = time.monotonic() + rss_every_s
    while not session.wait_finished(_SAMPLE_EVERY_S):
        video = session.stats()[0].video
        if video.encoded_frames > 2:
            encode_ms.append(video.encode_ms)
        if rss_every_s and time.monotonic() >= next_rss:
            rss.append((video.rendered_frames, current_rss_mb()))
            next_rss += rss_every_s
    session.stop()
    wall_s, cpu_s = time.perf_counter() - started, cpu_seconds() - cpu_before
    stats = session.stats()[0]
    rss.append((stats.video.encoded_frames, current_rss_mb()))

    convert_ms = (script.rasterise_s * 1000 + script.changes * prepare_ms) / scene.frames
    figures = OursFigures(
        frames=scene.frames,
        encoded_frames=flv.video_packets,
        wall_s=wall_s,
        cpu_s=cpu_s,
        stage_ms={
            # CPU, not wall: the render thread runs below the encoder and waits for it.
            "compose": stats.video.render_cpu_s * 1000 / max(1, stats.video.rendered_frames),
            "convert": convert_ms,
            "encode": _mean(encode_ms),
            "mux": flv.mux_ms_per_packet,
        },
        rss_samples=rss,
        dropped=stats.video.dropped_encoder_frames + flv.dropped_packets,
        errors=stats.errors + ([f"flv: {flv.error}"] if flv.error else []),
    )
    session.sources.stop_all()
    return figures


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
