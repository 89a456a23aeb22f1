"""One canvas on air: its scene, renderer, mixer, encoders and outputs.

Several canvases run side by side from the same sources (a 16:9 show for YouTube and a 9:16
one for TikTok at once); each has its own clock-driven threads, encoders and destinations.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from studio.audio.meters import LevelReading
from studio.audio.mixer import AudioMixer, MixerInput
from studio.clock import Clock
from studio.compositor.layout import RenderItem
from studio.compositor.planes import CanvasBuffer
from studio.encode import (
    AudioEncoder,
    AudioEncoderSettings,
    VideoEncoder,
    VideoEncoderSettings,
    build_stream_spec,
)
from studio.engine.audio_thread import AudioThread
from studio.engine.video_thread import VideoCounters, VideoThreads
from studio.media import EncodedPacket, StreamSpec
from studio.outputs.base import Output, OutputStats
from studio.outputs.fanout import Fanout

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CanvasConfig:
    name: str
    width: int
    height: int
    fps: Fraction


@dataclass(slots=True)
class CanvasStats:
    name: str
    width: int
    height: int
    fps: float
    running: bool
    video: VideoCounters
    audio_levels: dict[str, LevelReading]
    outputs: list[OutputStats]
    encoder_name: str = ""
    encoder_message: str = ""
    errors: list[str] = field(default_factory=list)


class CanvasPipeline:
    def __init__(
        self,
        config: CanvasConfig,
        clock: Clock,
        video_settings: VideoEncoderSettings | None = None,
        audio_settings: AudioEncoderSettings | None = None,
        *,
        realtime: bool = True,
        on_frame: Callable[[CanvasBuffer, int], None] | None = None,
        on_packet: Callable[[EncodedPacket], None] | None = None,
    ) -> None:
        self.config = config
        self._clock = clock
        self._video_settings = video_settings or VideoEncoderSettings()
        self._audio_settings = audio_settings or AudioEncoderSettings()
        self._realtime = realtime
        self._on_packet = on_packet
        self.fanout = Fanout()
        self._outputs: list[Output] = []  # kept after stop, for the final statistics
        self.mixer = AudioMixer()
        self._video_encoder: VideoEncoder | None = None
        self._audio_encoder: AudioEncoder | None = None
        self.spec: StreamSpec | None = None
        self._video = VideoThreads(
            width=config.width,
            height=config.height,
            fps=config.fps,
            clock=clock,
            encode=self._encode_video,
            flush=self._flush_video,
            deliver=self._deliver,
            on_frame=on_frame,
            name=config.name,
            realtime=realtime,
        )
        self._audio = AudioThread(
            clock=clock,
            mixer=self.mixer,
            encode=self._encode_audio,
            flush=self._flush_audio,
            deliver=self._deliver,
            name=config.name,
            realtime=realtime,
        )
        self.running = False

    # -- what is on screen -------------------------------------------------------------
    def set_content(self, items: Sequence[RenderItem], inputs: Sequence[MixerInput]) -> None:
        """Show these items and mix these sources from the next frame/block on."""
        self._video.set_items(items)
        self._audio.set_inputs(inputs)

    # -- outputs -----------------------------------------------------------------------
    def add_output(self, output: Output) -> None:
        self._outputs.append(output)
        self.fanout.add(output)  # started now if the encoders are open, else at start()

    def remove_output(self, output: Output, timeout_s: float = 5.0) -> None:
        self.fanout.remove(output, timeout_s)
        self._outputs = [o for o in self._outputs if o is not output]

    # -- lifecycle ---------------------------------------------------------------------
    def open_encoders(self) -> StreamSpec:
        if self.spec is None:
            cfg = self.config
            self._video_encoder = VideoEncoder(cfg.width, cfg.height, cfg.fps, self._video_settings)
            self._audio_encoder = AudioEncoder(self._audio_settings)
            self.spec = build_stream_spec(self._video_encoder, self._audio_encoder)
        return self.spec

    def start(self, start_ns: int, *, frame_limit: int | None = None) -> None:
        spec = self.open_encoders()
        self.fanout.start(spec)
        if frame_limit is not None:
            self._video.frame_limit = frame_limit
            duration = Fraction(frame_limit) / self.config.fps
            self._audio.block_limit = int(duration * 48_000 // 1024) + 1
        self._video.start(start_ns)
        self._audio.start(start_ns)
        self.running = True

    def wait_finished(self, timeout_s: float | None = None) -> bool:
        """For runs with a frame limit: True once every frame and block was encoded."""
        return self._video.finished.wait(timeout_s) and self._audio.finished.wait(timeout_s)

    def stop(self, timeout_s: float = 8.0) -> None:
        """Stop the clock, flush the encoders into the outputs, then finalise the outputs."""
        if not self.running:
            self.fanout.stop(timeout_s)
            return
        self._video.stop(timeout_s)
        self._audio.stop(timeout_s)
        self.fanout.stop(timeout_s)
        for encoder in (self._video_encoder, self._audio_encoder):
            if encoder is not None:
                encoder.close()
        self.running = False

    def stats(self) -> CanvasStats:
        errors = [
            f"{label} stopped: {error}"
            for label, error in (("video", self._video.error), ("audio", self._audio.error))
            if error is not None
        ]
        return CanvasStats(
            name=self.config.name,
            width=self.config.width,
            height=self.config.height,
            fps=float(self.config.fps),
            running=self.running,
            video=self._video.counters,
            audio_levels=self.mixer.levels(),
            outputs=[output.stats() for output in self._outputs],
            encoder_name=self._video_encoder.encoder_name if self._video_encoder else "",
            encoder_message=self._video_encoder.fallback_message if self._video_encoder else "",
            errors=errors,
        )

    # -- encoder plumbing (called on the canvas's threads) -----------------------------
    def _encode_video(self, frame: object, index: int, due_ns: int) -> list[EncodedPacket]:
        assert self._video_encoder is not None
        return self._video_encoder.encode(frame, index, due_ns)  # type: ignore[arg-type]

    def _flush_video(self) -> list[EncodedPacket]:
        return self._video_encoder.flush() if self._video_encoder else []

    def _encode_audio(self, samples: object, pts: int, clock_ns: int) -> list[EncodedPacket]:
        assert self._audio_encoder is not None
        return self._audio_encoder.encode(samples, pts, clock_ns)  # type: ignore[arg-type]

    def _flush_audio(self) -> list[EncodedPacket]:
        return self._audio_encoder.flush() if self._audio_encoder else []

    def _deliver(self, packet: EncodedPacket) -> None:
        self.fanout.send(packet)
        if self._on_packet is not None:
            self._on_packet(packet)
