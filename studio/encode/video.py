"""The H.264 video encoder: canvas frames in, :class:`EncodedPacket` values out."""

from __future__ import annotations

import io
import logging
from fractions import Fraction
from typing import cast

import av

from studio.encode.hardware import try_open_video_encoder
from studio.encode.settings import SOFTWARE_VIDEO_ENCODER, VideoEncoderSettings
from studio.media import EncodedPacket

log = logging.getLogger(__name__)


def _x264_options(settings: VideoEncoderSettings, gop: int) -> dict[str, str]:
    bitrate = f"{settings.bitrate_kbps}k"
    options = {
        "preset": settings.preset,
        "profile": settings.profile,
        "g": str(gop),
        "keyint_min": str(gop),
        "bf": str(settings.b_frames),
        "sc_threshold": "0",  # no scene-cut keyframes: the interval stays exact
        "maxrate": bitrate,
        "bufsize": f"{round(settings.bitrate_kbps * settings.buffer_s)}k",
        # x264's own names, so nothing depends on how FFmpeg maps its generic options.
        "x264-params": f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={settings.b_frames}",
    }
    if settings.tune:
        options["tune"] = settings.tune
    return options


def _hardware_options(settings: VideoEncoderSettings, gop: int) -> dict[str, str]:
    bitrate = f"{settings.bitrate_kbps}k"
    return {
        "g": str(gop),
        "bf": str(settings.b_frames),
        "maxrate": bitrate,
        "bufsize": f"{round(settings.bitrate_kbps * settings.buffer_s)}k",
        "profile": settings.profile,
    }


class VideoEncoder:
    """Encodes yuv420p frames whose pts count frames (time base 1/fps).

    The encoder is opened inside a throwaway NUT container: ``start_encoding`` fills the codec
    parameters (SPS/PPS extradata) that outputs copy with ``add_stream_from_template``.
    If a hardware encoder cannot be opened, libx264 is used and ``fallback_message`` says why.
    """

    def __init__(
        self, width: int, height: int, fps: Fraction, settings: VideoEncoderSettings | None = None
    ) -> None:
        self.settings = settings or VideoEncoderSettings()
        self.width, self.height, self.fps = width, height, Fraction(fps)
        self.time_base = 1 / self.fps
        self.gop_frames = max(1, round(self.settings.keyframe_interval_s * self.fps))
        self.fallback_message = ""
        requested = self.settings.encoder
        if requested != SOFTWARE_VIDEO_ENCODER:
            problem = try_open_video_encoder(requested, width, height)
            if problem is not None:
                self.fallback_message = (
                    f"The hardware encoder {requested} is not available on this computer; "
                    f"using the software encoder (libx264) instead. Details: {problem}"
                )
                log.warning(self.fallback_message)
                requested = SOFTWARE_VIDEO_ENCODER
        self.encoder_name = requested
        self._clock_by_pts: dict[int, int] = {}
        self._container = av.open(io.BytesIO(), "w", format="nut")
        self.stream = self._open_stream()

    def _open_stream(self) -> av.video.stream.VideoStream:
        software = self.encoder_name == SOFTWARE_VIDEO_ENCODER
        options = (_x264_options if software else _hardware_options)(self.settings, self.gop_frames)
        stream = cast(
            av.video.stream.VideoStream,
            self._container.add_stream(self.encoder_name, rate=self.fps, options=options),
        )
        stream.width, stream.height = self.width, self.height
        stream.pix_fmt = self.settings.pix_fmt
        stream.time_base = self.time_base
        stream.bit_rate = self.settings.bitrate_kbps * 1000
        if software and self.settings.threads:
            stream.codec_context.thread_count = self.settings.threads
        # Opens the encoder now (not at the first frame) so the template is complete.
        self._container.start_encoding()
        return stream

    def encode(self, frame: av.VideoFrame, pts: int, clock_ns: int = 0) -> list[EncodedPacket]:
        """Encode one frame shown at ``pts`` (in frames); returns the packets ready so far."""
        frame.pts = pts
        frame.time_base = self.time_base
        self._clock_by_pts[pts] = clock_ns
        return self._convert(self.stream.codec_context.encode(frame))

    def flush(self) -> list[EncodedPacket]:
        return self._convert(self.stream.codec_context.encode(None))

    def _convert(self, packets: list[av.Packet]) -> list[EncodedPacket]:
        out = []
        for packet in packets:
            if packet.pts is None:
                continue
            clock_ns = self._clock_by_pts.pop(packet.pts, 0)
            out.append(
                EncodedPacket(
                    media="video",
                    data=bytes(packet),
                    pts=packet.pts,
                    dts=packet.dts if packet.dts is not None else packet.pts,
                    duration=packet.duration or 1,
                    time_base=self.time_base,
                    is_keyframe=packet.is_keyframe,
                    clock_ns=clock_ns,
                )
            )
        if len(self._clock_by_pts) > 1000:  # frames the encoder dropped never come back
            self._clock_by_pts.clear()
        return out

    def close(self) -> None:
        self._container.close()
