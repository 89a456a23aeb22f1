"""What the cutters need to know of a recording, and the pieces both cutters share.

Times are the recording's own, in microseconds; a recording's time 0 is its first frame.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from studio.outputs.chapters import Cancelled

US = Fraction(1, 1_000_000)
# MP4 that plays while it downloads: the index first.
MP4_OPTIONS = {"movflags": "+faststart"}
CHECK_EVERY_PACKETS = 64  # how often a long cut looks at its cancel event

Progress = Callable[[float], None]  # 0.0 … 1.0 through one clip


class ClipError(RuntimeError):
    """A clip could not be cut (the sentence says why)."""


@dataclass(frozen=True, slots=True)
class RecordingInfo:
    path: Path
    duration_us: int
    width: int
    height: int
    fps: Fraction
    has_audio: bool


def recording_info(path: Path) -> RecordingInfo:
    """Size, rate and length of a recording; ClipError when it cannot be read. The length of
    a recording cut short (no index, no duration) is found by reading it to its end."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise ClipError(f"{path} holds no video")
            video = container.streams.video[0]
            fps = Fraction(video.average_rate or video.guessed_rate or 30)
            duration_us = int(container.duration or 0)
            if duration_us <= 0:
                duration_us = _read_to_end(container)
            return RecordingInfo(
                path=path,
                duration_us=duration_us,
                width=video.codec_context.width,
                height=video.codec_context.height,
                fps=fps,
                has_audio=bool(container.streams.audio),
            )
    except (OSError, av.FFmpegError) as error:
        raise ClipError(
            f"{path} cannot be read: {getattr(error, 'strerror', None) or error}"
        ) from error


def _read_to_end(container: av.container.InputContainer) -> int:
    end = 0
    for packet in container.demux():
        if packet.pts is not None and packet.time_base is not None:
            end = max(end, to_us(packet.pts + (packet.duration or 0), packet.time_base))
    return end


def to_us(pts: int, time_base: Fraction) -> int:
    return int(pts * time_base / US)


def from_us(micros: int, time_base: Fraction) -> int:
    return int(micros * US / time_base)


def keyframe_at_or_before(path: Path, at_us: int) -> int:
    """The time of the last video keyframe at or before ``at_us`` (the first keyframe when
    none is): a copy must begin on one."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        container.seek(max(0, at_us), backward=True, any_frame=False)
        found: int | None = None
        for packet in container.demux(video):
            if packet.pts is None or packet.time_base is None:
                continue
            time_us = to_us(packet.pts, packet.time_base)
            if time_us > at_us and found is not None:
                break
            if packet.is_keyframe and (time_us <= at_us or found is None):
                found = time_us
            if time_us > at_us:
                break
        return 0 if found is None else found


def check_cancel(cancel: threading.Event | None, what: str) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(f"{what} was cancelled")


@contextlib.contextmanager
def written_atomically(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that becomes ``target`` when the block ends well
    (a half-written clip never carries the clip's name); removed otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Named, not created: the muxer creates it with the user's usual permissions.
    temp = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.part{target.suffix}")
    try:
        yield temp
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
