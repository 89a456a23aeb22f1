"""Real encoded media for output tests: a StreamSpec plus packets from generated frames."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from fractions import Fraction

import av
import numpy as np

from studio.encode import (
    AudioEncoder,
    AudioEncoderSettings,
    VideoEncoder,
    VideoEncoderSettings,
    build_stream_spec,
)
from studio.media import AUDIO_FRAME_SAMPLES, EncodedPacket, StreamSpec


def make_frame(index: int, width: int, height: int) -> av.VideoFrame:
    """A moving gradient with some noise, so the encoder has real work to do."""
    rng = np.random.default_rng(index % 7)
    y = (np.add.outer(np.arange(height), np.arange(width)) + index * 4) % 256
    luma = (y + rng.integers(0, 40, (height, width))).clip(0, 255).astype(np.uint8)
    chroma = np.full((height // 2, width), 128, np.uint8)
    return av.VideoFrame.from_ndarray(np.vstack([luma, chroma]), format="yuv420p")


def tone(start_sample: int, count: int, rate_hz: int = 48_000) -> np.ndarray:
    t = (start_sample + np.arange(count)) / rate_hz
    mono = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    return np.stack([mono, mono], axis=1)


class EncodedMedia:
    """Encodes ``duration_s`` of test media once; :meth:`play` replays it to a sink."""

    def __init__(
        self,
        duration_s: float = 4.0,
        width: int = 320,
        height: int = 240,
        fps: int = 30,
        video: VideoEncoderSettings | None = None,
        audio_kbps: int = 128,
    ) -> None:
        self.video_encoder = VideoEncoder(
            width, height, Fraction(fps), video or VideoEncoderSettings(bitrate_kbps=800)
        )
        self.audio_encoder = AudioEncoder(AudioEncoderSettings(bitrate_kbps=audio_kbps))
        self.spec: StreamSpec = build_stream_spec(self.video_encoder, self.audio_encoder)
        packets: list[EncodedPacket] = []
        frames = round(duration_s * fps)
        for i in range(frames):
            packets += self.video_encoder.encode(make_frame(i, width, height), i, i * 10**9 // fps)
        packets += self.video_encoder.flush()
        samples = 0
        while samples < duration_s * 48_000:
            packets += self.audio_encoder.encode(tone(samples, AUDIO_FRAME_SAMPLES), samples)
            samples += AUDIO_FRAME_SAMPLES
        packets += self.audio_encoder.flush()
        self.packets = sorted(packets, key=lambda p: (p.pts_s, p.media))

    @property
    def video_packets(self) -> list[EncodedPacket]:
        return [p for p in self.packets if p.media == "video"]

    def play(
        self,
        sink: Callable[[EncodedPacket], None],
        realtime: bool = True,
        stop: threading.Event | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> None:
        """Send every packet to ``sink``, paced by its pts when ``realtime``."""
        start = time.monotonic()
        for packet in self.packets:
            if stop is not None and stop.is_set():
                return
            if realtime:
                delay_s = packet.pts_s - (time.monotonic() - start)
                if delay_s > 0:
                    time.sleep(delay_s)
            if on_progress is not None:
                on_progress(packet.pts_s)
            sink(packet)
