"""A vertical clip, 1080×1920: the crop of the recording scaled up, its card drawn again where
the crop cut it off, re-encoded with the show's encoder settings (its sound copied as is).

Re-encoding lets the clip start on any frame: it is the span to the frame. Frames are cropped
in yuv420p and the card is blended by the compositor's own code
(:mod:`studio.compositor.blend`), so its colours are the show's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import Interpolation

from studio.clips.media import (
    MP4_OPTIONS,
    ClipError,
    Progress,
    check_cancel,
    from_us,
    to_us,
    written_atomically,
)
from studio.clips.vertical_frame import VERTICAL_HEIGHT, VERTICAL_WIDTH, Rect, VerticalFrame
from studio.compositor.blend import PreparedOverlay, blend_overlay, place_video, prepare_overlay
from studio.compositor.planes import CanvasBuffer
from studio.encode.settings import VideoEncoderSettings
from studio.encode.video import VideoEncoder
from studio.media import EncodedPacket


def cut_vertical(
    source: Path,
    target: Path,
    start_us: int,
    end_us: int,
    frame: VerticalFrame,
    card: np.ndarray | None,
    settings: VideoEncoderSettings,
    metadata: dict[str, str],
    *,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> None:
    """Write ``[start_us, end_us)`` of ``source`` cropped to ``frame.crop``, with ``card``
    (premultiplied BGRA the size of ``frame.card``) over it, to the MP4 ``target``."""
    try:
        with written_atomically(target) as temp:
            _encode(source, temp, start_us, end_us, frame, card, settings, metadata,
                    cancel, progress)  # fmt: skip
    except (OSError, av.FFmpegError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ClipError(f"re-encoding from {source} failed: {reason}") from error


def _encode(
    source: Path,
    target: Path,
    start_us: int,
    end_us: int,
    frame: VerticalFrame,
    card: np.ndarray | None,
    settings: VideoEncoderSettings,
    metadata: dict[str, str],
    cancel: threading.Event | None,
    progress: Progress | None,
) -> None:
    with av.open(str(source)) as reader:
        video = reader.streams.video[0]
        audio = reader.streams.audio[0] if reader.streams.audio else None
        fps = Fraction(video.average_rate or video.guessed_rate or 30)
        encoder = VideoEncoder(VERTICAL_WIDTH, VERTICAL_HEIGHT, fps, settings)
        try:
            with av.open(str(target), "w", format="mp4", options=dict(MP4_OPTIONS)) as writer:
                writer.metadata.update(metadata)
                out_video = writer.add_stream_from_template(encoder.stream)
                out_audio = writer.add_stream_from_template(audio) if audio is not None else None
                pictures = _Pictures(encoder, writer, out_video, frame, card, (start_us, end_us))
                reader.seek(max(0, start_us), backward=True, any_frame=False)
                audio_done = audio is None
                for packet in reader.demux([video] if audio is None else [video, audio]):
                    check_cancel(cancel, f"making {target.name}")
                    if packet.pts is None or packet.time_base is None:
                        continue
                    at_us = to_us(packet.pts, packet.time_base)
                    if packet.stream.type == "audio":
                        audio_done = at_us >= end_us
                        if start_us <= at_us < end_us and out_audio is not None:
                            shift = from_us(start_us, packet.time_base)
                            packet.pts -= shift
                            packet.dts = packet.pts if packet.dts is None else packet.dts - shift
                            packet.stream = out_audio
                            writer.mux(packet)
                    elif not pictures.done:
                        pictures.add(_pictures(packet.decode()), progress)
                        pictures.done = at_us >= end_us
                    if pictures.done and audio_done:
                        break
                pictures.add(
                    _pictures(video.codec_context.decode(None)), progress
                )  # frames held back
                pictures.finish()
        finally:
            encoder.close()


class _Pictures:
    """Decoded frames of the span, composed and encoded in order."""

    def __init__(
        self,
        encoder: VideoEncoder,
        writer: av.container.OutputContainer,
        stream: av.stream.Stream,
        frame: VerticalFrame,
        card: np.ndarray | None,
        span_us: tuple[int, int],
    ) -> None:
        self.encoder, self.writer, self.stream, self.frame = encoder, writer, stream, frame
        self.overlay = prepare_overlay(card) if card is not None and frame.card else None
        self.canvas = CanvasBuffer(VERTICAL_WIDTH, VERTICAL_HEIGHT)
        self.start_us, self.end_us = span_us
        self.last_pts = -1
        self.done = False

    def add(self, frames: Iterable[av.VideoFrame], progress: Progress | None) -> None:
        for decoded in frames:
            if decoded.pts is None or decoded.time_base is None:
                continue
            shown_us = to_us(decoded.pts, decoded.time_base)
            if not self.start_us <= shown_us < self.end_us:
                continue
            pts = round((shown_us - self.start_us) * self.encoder.fps / 1_000_000)
            if pts <= self.last_pts:
                continue
            self.last_pts = pts
            _compose(self.canvas, decoded, self.frame, self.overlay)
            self._mux(self.encoder.encode(self.canvas.to_video_frame(), pts))
            if progress is not None:
                progress((shown_us - self.start_us) / max(1, self.end_us - self.start_us))

    def finish(self) -> None:
        self._mux(self.encoder.flush())
        if self.last_pts < 0:
            raise ClipError("the recording has no picture in this span")

    def _mux(self, packets: list[EncodedPacket]) -> None:
        for packet in packets:
            self.writer.mux(packet.to_av_packet(self.stream))


def _pictures(frames: Iterable[object]) -> list[av.VideoFrame]:
    return [frame for frame in frames if isinstance(frame, av.VideoFrame)]


def _compose(
    canvas: CanvasBuffer,
    decoded: av.VideoFrame,
    frame: VerticalFrame,
    overlay: PreparedOverlay | None,
) -> None:
    crop = frame.crop
    planes = _yuv_planes(decoded)
    cropped = _crop(planes, crop)
    scaled = av.VideoFrame.from_ndarray(cropped, format="yuv420p").reformat(
        width=VERTICAL_WIDTH,
        height=VERTICAL_HEIGHT,
        format="yuv420p",
        interpolation=Interpolation.BICUBIC,
    )
    y, u, v = _yuv_planes(scaled)
    place_video(canvas, (y, u, v), 0, 0)
    if overlay is not None and frame.card is not None:
        blend_overlay(canvas, overlay, frame.card.x, frame.card.y)


def _yuv_planes(frame: av.VideoFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    planes = []
    for plane in frame.planes:
        rows = np.frombuffer(memoryview(plane), dtype=np.uint8).reshape(
            plane.height, plane.line_size
        )
        planes.append(rows[:, : plane.width])
    return planes[0], planes[1], planes[2]


def _crop(planes: tuple[np.ndarray, np.ndarray, np.ndarray], crop: Rect) -> np.ndarray:
    """The crop as one contiguous yuv420p array (crop offsets and size are even)."""
    y, u, v = planes
    x0, y0, width, height = crop.x, crop.y, crop.width, crop.height
    luma = y[y0 : y0 + height, x0 : x0 + width]
    chroma = (slice(y0 // 2, (y0 + height) // 2), slice(x0 // 2, (x0 + width) // 2))
    return np.concatenate([luma.reshape(-1), u[chroma].reshape(-1), v[chroma].reshape(-1)]).reshape(
        height * 3 // 2, width
    )
