"""One canvas: its scene, renderer, mixer, and — while it has outputs — an encoding run.

Several canvases run side by side from the same sources (a 16:9 show for YouTube and a 9:16
one for TikTok at once); each has its own clock-driven threads, encoders and destinations.
A canvas renders and mixes from ``start`` on (the preview and the meters need it); adding the
first output starts encoding at the next frame, removing the last one ends it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import av
import numpy as np

from studio.audio.meters import LevelReading
from studio.audio.mixer import AudioMixer, MixerInput
from studio.clock import Clock
from studio.compositor.layout import RenderItem
from studio.encode import AudioEncoderSettings, VideoEncoderSettings
from studio.engine.audio_thread import MIX_BLOCK_SAMPLES, AudioThread
from studio.engine.canvas_config import CanvasConfig
from studio.engine.encoding_run import EncodingRun
from studio.engine.video_thread import VideoCounters, VideoThreads
from studio.media import EncodedPacket
from studio.outputs.base import Output, OutputStats
from studio.outputs.fanout import Fanout

log = logging.getLogger(__name__)

__all__ = ["CanvasConfig", "CanvasPipeline", "CanvasStats"]


@dataclass(slots=True)
class CanvasStats:
    name: str
    width: int
    height: int
    fps: float
    running: bool
    live: bool  # an encoding run is active (streaming or recording)
    video: VideoCounters
    audio_levels: dict[str, LevelReading]
    outputs: list[OutputStats]
    encoder_name: str = ""
    encoder_message: str = ""
    errors: list[str] = field(default_factory=list)
    on_slate: str = ""  # the slate scene on air instead of the program ("" when the program is)
    slate_reason: str = ""  # why: a SlateReason value


class CanvasPipeline:
    def __init__(
        self,
        config: CanvasConfig,
        clock: Clock,
        video_settings: VideoEncoderSettings | None = None,
        audio_settings: AudioEncoderSettings | None = None,
        *,
        realtime: bool = True,
        on_packet: Callable[[EncodedPacket], None] | None = None,
    ) -> None:
        self.config = config
        self._clock = clock
        self.video_settings = video_settings or VideoEncoderSettings()
        self.audio_settings = audio_settings or AudioEncoderSettings()
        self._on_packet = on_packet
        self.mixer = AudioMixer()
        self._lock = threading.RLock()
        self._outputs: list[Output] = []  # every output ever added, for the final statistics
        self._fanout: Fanout | None = None
        self._run: EncodingRun | None = None
        self._last_run: EncodingRun | None = None
        self._video = VideoThreads(
            width=config.width,
            height=config.height,
            fps=config.fps,
            clock=clock,
            name=config.name,
            realtime=realtime,
        )
        self._audio = AudioThread(clock=clock, mixer=self.mixer, name=config.name,
                                  realtime=realtime)  # fmt: skip
        self.running = False

    # -- what is on screen -------------------------------------------------------------
    def set_content(
        self, items: Sequence[RenderItem], inputs: Sequence[MixerInput], fade_ms: float = 0.0
    ) -> None:
        """Show these items and mix these sources from the next frame/block on (the picture
        and the sound cross-fading over ``fade_ms``)."""
        self._video.set_items(items, fade_ms)
        self._audio.set_inputs(inputs, fade_ms)

    def preview(self, width: int, height: int) -> np.ndarray | None:
        """The newest frame, scaled to fit, as BGRA; None before the first frame."""
        return self._video.preview(width, height)

    def newest_frame(self) -> av.VideoFrame | None:
        """A copy of the newest frame at canvas size (yuv420p); None before the first."""
        return self._video.newest_frame()

    # -- outputs -----------------------------------------------------------------------
    @property
    def outputs(self) -> list[Output]:
        return list(self._outputs)

    @property
    def live(self) -> bool:
        return self._run is not None

    @property
    def first_packet_delivered(self) -> threading.Event | None:
        run = self._run or self._last_run
        return run.first_packet_delivered if run is not None else None

    def add_output(self, output: Output) -> None:
        """Send to ``output`` too; starts encoding at the next frame if none is running."""
        with self._lock:
            self._outputs.append(output)
            if self.running and self._run is None:
                self._begin_run([output])
            elif self._fanout is not None:
                self._fanout.add(output)  # joins the stream at the next keyframe

    def remove_output(self, output: Output, timeout_s: float = 5.0) -> None:
        """Stop sending to ``output``; encoding ends with the last output."""
        with self._lock:
            fanout = self._fanout
            remaining = [o for o in (fanout.outputs if fanout else []) if o is not output]
            if not remaining and self._run is not None:
                self._end_run(timeout_s)
            elif fanout is not None:
                fanout.remove(output, timeout_s)
            else:
                output.stop(timeout_s)

    def _begin_run(self, outputs: list[Output]) -> None:
        fanout = Fanout()
        run = EncodingRun(
            self.config, self.video_settings, self.audio_settings, fanout, self._on_packet
        )
        fanout.start(run.spec)
        for output in outputs:
            fanout.add(output)
        self._fanout, self._run = fanout, run
        self._video.run = run
        self._audio.run = run

    def _end_run(self, timeout_s: float) -> None:
        run, fanout = self._run, self._fanout
        self._video.run = self._audio.run = None
        self._run, self._fanout = None, None
        if run is None or fanout is None:
            return
        self._video.wait_encoded(timeout_s)  # frames already rendered for the run go out
        run.close()
        fanout.stop(timeout_s)
        self._last_run = run

    # -- lifecycle ---------------------------------------------------------------------
    def start(self, start_ns: int, *, frame_limit: int | None = None) -> None:
        """Start rendering and mixing; outputs added before start begin with frame 0."""
        with self._lock:
            if self.running:
                return
            if self._outputs:
                self._begin_run(list(self._outputs))
            if frame_limit is not None:
                self._video.frame_limit = frame_limit
                duration = Fraction(frame_limit) / self.config.fps
                self._audio.block_limit = int(duration * 48_000 // MIX_BLOCK_SAMPLES) + 1
            self._video.start(start_ns)
            self._audio.start(start_ns)
            self.running = True

    def wait_finished(self, timeout_s: float | None = None) -> bool:
        """For runs with a frame limit: True once every frame and block was encoded."""
        return self._video.finished.wait(timeout_s) and self._audio.finished.wait(timeout_s)

    def stop(self, timeout_s: float = 8.0) -> None:
        """Stop the clock, flush the encoders into the outputs, then finalise the outputs."""
        with self._lock:
            if self.running:
                self._video.stop(timeout_s)  # the encode thread drains what was rendered
                self._audio.stop(timeout_s)
            self._end_run(timeout_s)
            self.running = False

    def stats(self) -> CanvasStats:
        errors = [
            f"{label} stopped: {error}"
            for label, error in (("video", self._video.error), ("audio", self._audio.error))
            if error is not None
        ]
        run = self._run or self._last_run
        return CanvasStats(
            name=self.config.name,
            width=self.config.width,
            height=self.config.height,
            fps=float(self.config.fps),
            running=self.running,
            live=self._run is not None,
            video=self._video.counters,
            audio_levels=self.mixer.levels(),
            outputs=[output.stats() for output in self._outputs],
            encoder_name=run.video_encoder.encoder_name if run else "",
            encoder_message=run.video_encoder.fallback_message if run else "",
            errors=errors,
        )
