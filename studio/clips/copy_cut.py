"""A landscape clip cut without re-encoding: the recording's own H.264 and AAC packets.

A copy can only begin on a keyframe, so the clip begins at the last keyframe at or before the
span (never after it: the product's first words stay in), up to one keyframe interval early.
It can end on any frame, so it ends where the span ends: the clip is at most one keyframe
interval longer than the span. With B-frames, the frames decoded before the end are kept too.
"""

from __future__ import annotations

import threading
from pathlib import Path

import av

from studio.clips.media import (
    CHECK_EVERY_PACKETS,
    MP4_OPTIONS,
    ClipError,
    Progress,
    check_cancel,
    from_us,
    keyframe_at_or_before,
    to_us,
    written_atomically,
)


def cut_copy(
    source: Path,
    target: Path,
    start_us: int,
    end_us: int,
    metadata: dict[str, str],
    *,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write ``[start_us, end_us)`` of ``source`` to the MP4 ``target`` (faststart, tagged
    with ``metadata``); returns the part really cut (its start on a keyframe)."""
    begin_us = keyframe_at_or_before(source, start_us)
    try:
        with written_atomically(target) as temp:
            _copy(source, temp, begin_us, end_us, metadata, cancel, progress)
    except (OSError, av.FFmpegError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ClipError(f"copying from {source} failed: {reason}") from error
    return begin_us, end_us


def _copy(
    source: Path,
    target: Path,
    begin_us: int,
    end_us: int,
    metadata: dict[str, str],
    cancel: threading.Event | None,
    progress: Progress | None,
) -> None:
    with av.open(str(source)) as reader:
        streams = [reader.streams.video[0], *reader.streams.audio[:1]]
        with av.open(str(target), "w", format="mp4", options=dict(MP4_OPTIONS)) as writer:
            writer.metadata.update(metadata)
            mapping = {s.index: writer.add_stream_from_template(s) for s in streams}
            reader.seek(begin_us, backward=True, any_frame=False)
            started = False  # the video has reached its first keyframe
            done = {s.index: False for s in streams}
            decode_order = DecodeOrder()
            for count, packet in enumerate(reader.demux(streams)):
                if count % CHECK_EVERY_PACKETS == 0:
                    check_cancel(cancel, f"cutting {target.name}")
                if all(done.values()):
                    break
                if packet.pts is None or packet.time_base is None:
                    continue
                index, base = packet.stream.index, packet.time_base
                if packet.stream.type == "video":
                    dts = decode_order.fill(packet)
                    if not started:
                        if not packet.is_keyframe or to_us(packet.pts, base) < begin_us:
                            continue
                        started = True
                    # dts: the frames shown before the end are all decoded before it.
                    if to_us(dts, base) >= end_us:
                        done[index] = True
                        continue
                else:
                    if packet.dts is None:
                        packet.dts = packet.pts  # audio is never reordered
                    at_us = to_us(packet.pts, base)
                    if at_us < begin_us:
                        continue
                    if at_us >= end_us:
                        done[index] = True
                        continue
                shift = from_us(begin_us, base)
                packet.pts -= shift
                packet.dts = (packet.dts or 0) - shift
                packet.stream = mapping[index]
                writer.mux(packet)
                if progress is not None and packet.stream.type == "video":
                    progress(
                        min(1.0, max(0.0, to_us(packet.pts, base) / max(1, end_us - begin_us)))
                    )


class DecodeOrder:
    """Gives video packets the decode time Matroska does not store. With B-frames, the packets
    a demuxer reads first after the start or a seek (the keyframe among them) come without
    one, and an MP4 needs it: each gets a time just before the next known one, in order, early
    enough for the frames reordered after it (``REORDER_FRAMES``), and never after its own
    presentation time."""

    REORDER_FRAMES = 4  # more than x264 or any camera uses between a frame and its display

    def __init__(self) -> None:
        self.last_dts: int | None = None

    def fill(self, packet: av.Packet) -> int:
        """Set ``packet.dts`` where it is missing or out of order; returns it."""
        pts = packet.pts
        assert pts is not None
        dts = packet.dts
        if dts is None or (self.last_dts is not None and dts <= self.last_dts):
            step = max(1, int(packet.duration or 1))
            guess = pts - self.REORDER_FRAMES * step
            dts = min(pts, guess if self.last_dts is None else max(self.last_dts + 1, guess))
            packet.dts = dts
        self.last_dts = dts
        return dts
