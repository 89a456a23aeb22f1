"""The floor: the same encoder fed the same frames with no compositing at all.

testsrc2 is decoded on one thread (FFmpeg releases the GIL while decoding) and encoded and
muxed to FLV on another, joined by a short queue; the gap between this and our pipeline is what
compositing costs. The stand-alone decode time is our "source" stage figure.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from studio.bench.processes import cpu_seconds
from studio.encode import AudioEncoder, VideoEncoder, VideoEncoderSettings, build_stream_spec
from studio.media import AUDIO_FRAME_SAMPLES

_QUEUE_FRAMES = 3


@dataclass(frozen=True, slots=True)
class FloorFigures:
    frames: int
    wall_s: float
    cpu_s: float


def testsrc2_graph(width: int, height: int, fps: int) -> str:
    return f"testsrc2=size={width}x{height}:rate={fps}"


def decode_frames(width: int, height: int, fps: int, frames: int) -> Iterator[av.VideoFrame]:
    """The camera stand-in's frames, exactly as our test-pattern source decodes them."""
    with av.open(testsrc2_graph(width, height, fps), format="lavfi") as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index >= frames:
                return
            yield frame


def source_ms_per_frame(width: int, height: int, fps: int, frames: int = 60) -> float:
    started = time.perf_counter()
    count = sum(1 for _ in decode_frames(width, height, fps, frames))
    return (time.perf_counter() - started) * 1000 / max(1, count)


def _tone_block(start: int) -> np.ndarray:
    t = (np.arange(start, start + AUDIO_FRAME_SAMPLES) / 48_000.0).astype(np.float64)
    mono = (0.1 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)
    return np.repeat(mono[:, None], 2, axis=1)


def run_floor(
    width: int, height: int, fps: int, frames: int, output: Path | str, preset: str = "veryfast"
) -> FloorFigures:
    frames_queue: queue.Queue[av.VideoFrame | None] = queue.Queue(_QUEUE_FRAMES)

    def decode() -> None:
        for frame in decode_frames(width, height, fps, frames):
            frames_queue.put(frame)
        frames_queue.put(None)

    cpu_before, started = cpu_seconds(), time.perf_counter()
    video_encoder = VideoEncoder(width, height, Fraction(fps), VideoEncoderSettings(preset=preset))
    audio_encoder = AudioEncoder()
    spec = build_stream_spec(video_encoder, audio_encoder)
    container = av.open(str(output), "w", format="flv")
    video = container.add_stream_from_template(spec.video_template)
    audio = container.add_stream_from_template(spec.audio_template)
    decoder = threading.Thread(target=decode, name="floor-decode", daemon=True)
    decoder.start()
    index, audio_position = 0, 0
    while (frame := frames_queue.get()) is not None:
        for packet in video_encoder.encode(frame, index):
            container.mux(packet.to_av_packet(video))
        index += 1
        while audio_position * fps < index * 48_000:  # audio up to this frame's time
            for packet in audio_encoder.encode(_tone_block(audio_position), audio_position):
                container.mux(packet.to_av_packet(audio))
            audio_position += AUDIO_FRAME_SAMPLES
    for packet in video_encoder.flush():
        container.mux(packet.to_av_packet(video))
    for packet in audio_encoder.flush():
        container.mux(packet.to_av_packet(audio))
    container.close()
    decoder.join()
    video_encoder.close()
    audio_encoder.close()
    return FloorFigures(index, time.perf_counter() - started, cpu_seconds() - cpu_before)
