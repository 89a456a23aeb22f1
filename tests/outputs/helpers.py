"""Reading back what a viewer would get."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import av


@dataclass
class MediaSummary:
    video_codec: str = ""
    audio_codec: str = ""
    size: tuple[int, int] = (0, 0)
    audio_rate_hz: int = 0
    audio_channels: int = 0
    video_pts_s: list[float] = field(default_factory=list)
    keyframes_s: list[float] = field(default_factory=list)
    audio_pts_s: list[float] = field(default_factory=list)
    decoded_frames: int = 0


def read_media(path: Path, decode: bool = False) -> MediaSummary:
    summary = MediaSummary()
    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        summary.video_codec, summary.audio_codec = (
            video.codec_context.name,
            audio.codec_context.name,
        )
        summary.size = (video.codec_context.width, video.codec_context.height)
        summary.audio_rate_hz = audio.codec_context.sample_rate
        summary.audio_channels = audio.codec_context.channels
        for packet in container.demux(video, audio):
            if packet.pts is None:
                continue
            t = float(packet.pts * packet.time_base)
            if packet.stream.type == "video":
                summary.video_pts_s.append(t)
                if packet.is_keyframe:
                    summary.keyframes_s.append(t)
                if decode:
                    summary.decoded_frames += len(packet.decode())
            else:
                summary.audio_pts_s.append(t)
    summary.video_pts_s.sort()
    return summary


def wait_until(predicate: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def max_gap_s(times: list[float]) -> float:
    return max((b - a for a, b in itertools.pairwise(times)), default=0.0)
