"""Values that travel between the stages of the pipeline.

Sources publish :class:`Picture` values, the compositor turns them into canvas frames, the
encoders turn those into :class:`EncodedPacket` values, and every output gets its own copy of
each packet (PyAV's muxer consumes the packet it is given).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

import av
import numpy as np

log = logging.getLogger(__name__)

AUDIO_CHANNELS = 2
AUDIO_FRAME_SAMPLES = 1024  # one AAC-LC frame


@dataclass(frozen=True, slots=True)
class VideoPicture:
    """A frame of moving video (camera, media file, test pattern), in any pixel format.

    ``seq`` grows by one for every new frame a source publishes, so consumers can tell a new
    frame from one they have already scaled.
    """

    frame: av.VideoFrame
    seq: int
    captured_ns: int

    @property
    def size(self) -> tuple[int, int]:
        return (self.frame.width, self.frame.height)


@dataclass(frozen=True, slots=True)
class OverlayPicture:
    """A still raster (image, text, solid colour, placeholder) that changes rarely.

    ``bgra`` is premultiplied BGRA (QImage.Format_ARGB32_Premultiplied in memory), shape
    (height, width, 4), uint8. ``seq`` changes only when the pixels change, so the compositor
    converts it to YUV once per change, not once per frame.
    """

    bgra: np.ndarray
    seq: int
    opaque: bool = False

    @property
    def size(self) -> tuple[int, int]:
        return (int(self.bgra.shape[1]), int(self.bgra.shape[0]))


Picture = VideoPicture | OverlayPicture


@dataclass(slots=True)
class EncodedPacket:
    """One compressed packet, detached from PyAV so it can be copied to many outputs."""

    media: Literal["video", "audio"]
    data: bytes
    pts: int
    dts: int
    duration: int
    time_base: Fraction
    is_keyframe: bool
    clock_ns: int = 0  # show-clock time of the source instant it carries (for latency stats)

    @property
    def pts_s(self) -> float:
        # Integer product, one correctly rounded division: the float of pts * time_base,
        # without building a Fraction per packet (read several times per packet by queues).
        return self.pts * self.time_base.numerator / self.time_base.denominator

    def to_av_packet(self, stream: av.stream.Stream, shift: int = 0) -> av.Packet:
        """A PyAV packet for ``stream``, its timestamps moved back by ``shift`` ticks."""
        packet = av.Packet(self.data)
        packet.stream = stream
        packet.time_base = self.time_base
        packet.pts = self.pts - shift
        packet.dts = self.dts - shift
        packet.duration = self.duration
        packet.is_keyframe = self.is_keyframe
        return packet


@dataclass(slots=True)
class StreamSpec:
    """What outputs need to create their streams: templates taken from the opened encoders.

    ``video_template``/``audio_template`` are PyAV streams whose codec parameters (including
    the H.264 SPS/PPS and AAC AudioSpecificConfig) are final; outputs call
    ``container.add_stream_from_template`` on them.
    """

    video_template: av.video.stream.VideoStream
    audio_template: av.audio.stream.AudioStream
    width: int
    height: int
    fps: Fraction
    audio_rate_hz: int = 48_000
    video_bitrate_kbps: int = 0
    audio_bitrate_kbps: int = 0
    encoder_name: str = "libx264"
    extra: dict[str, str] = field(default_factory=dict)


def picture_file_size(path: Path) -> tuple[int, int] | None:
    """Width and height of the first picture of an image or video file (None if unreadable)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            context = container.streams.video[0].codec_context
            return (context.width, context.height) if context.width and context.height else None
    except (OSError, av.FFmpegError) as error:
        log.info("size of %s unknown: %s", path, error)
        return None
