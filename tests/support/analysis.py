"""Reading media back the way a viewer's player would, and measuring it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np


@dataclass
class VideoTrack:
    codec: str
    profile: str | None
    width: int
    height: int
    pix_fmt: str
    frame_times_s: list[float]
    keyframe_times_s: list[float]
    planes: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # yuv420p (y, u, v) per frame


@dataclass
class AudioTrack:
    codec: str
    profile: str | None
    rate_hz: int
    channels: int
    start_s: float
    samples: np.ndarray  # float32, left channel


def read_video(path: Path, keep_planes: bool = True) -> VideoTrack:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        times, keys, planes = [], [], []
        for packet in container.demux(stream):
            if packet.pts is None:
                continue
            for frame in packet.decode():
                t = float(frame.pts * frame.time_base) if frame.pts is not None else math.nan
                times.append(t)
                if packet.is_keyframe and (not keys or keys[-1] != t):
                    keys.append(t)
                if keep_planes:
                    yuv = (
                        frame.reformat(format="yuv420p")
                        if frame.format.name != "yuv420p"
                        else frame
                    )
                    planes.append(
                        tuple(
                            np.frombuffer(p, np.uint8)
                            .reshape(p.height, p.line_size)[:, : p.width]
                            .copy()
                            for p in yuv.planes
                        )
                    )
        ctx = stream.codec_context
        return VideoTrack(
            codec=ctx.name,
            profile=ctx.profile,
            width=ctx.width,
            height=ctx.height,
            pix_fmt=ctx.pix_fmt or "",
            frame_times_s=times,
            keyframe_times_s=keys,
            planes=planes,  # type: ignore[arg-type]
        )


def read_audio(path: Path) -> AudioTrack:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
        chunks: list[np.ndarray] = []
        start_s: float | None = None
        for frame in container.decode(stream):
            if start_s is None and frame.pts is not None:
                start_s = float(frame.pts * frame.time_base)
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray()[0])  # the left channel, as played
        ctx = stream.codec_context
        samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return AudioTrack(
            codec=ctx.name,
            profile=ctx.profile,
            rate_hz=ctx.sample_rate,
            channels=ctx.channels,
            start_s=start_s or 0.0,
            samples=samples,
        )


def dominant_frequency_hz(samples: np.ndarray, rate_hz: int = 48_000) -> float:
    window = samples * np.hanning(samples.size)
    spectrum = np.abs(np.fft.rfft(window))
    spectrum[:5] = 0  # ignore DC
    return float(np.argmax(spectrum) * rate_hz / samples.size)


def onsets_s(envelope: np.ndarray, times_s: np.ndarray, threshold: float) -> list[float]:
    """Times where ``envelope`` rises through ``threshold``."""
    above = envelope >= threshold
    rises = np.flatnonzero(above[1:] & ~above[:-1]) + 1
    return [float(times_s[i]) for i in rises]
