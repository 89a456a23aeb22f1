"""FLV tags read from a byte stream: what FFmpeg's FLV muxer writes, cut into the audio, video
and script-data messages an RTMP publisher sends (as FFmpeg's own RTMP client does)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

AUDIO_TAG, VIDEO_TAG, SCRIPT_TAG = 8, 9, 18
_HEADER_SIZE = 9  # "FLV", version, flags, header length
_TAG_HEADER_SIZE = 11
_PREVIOUS_TAG_SIZE = 4
MAX_TAG_BYTES = 0xFFFFFF  # the tag header's 24-bit size field


class FlvError(ValueError):
    """The bytes are not an FLV stream, or it ended in the middle of a tag."""


@dataclass(frozen=True, slots=True)
class FlvTag:
    type_id: int  # AUDIO_TAG, VIDEO_TAG or SCRIPT_TAG
    timestamp_ms: int
    payload: bytes = field(repr=False)


def read_flv_tags(stream: BinaryIO) -> Iterator[FlvTag]:
    """The tags of the FLV stream on ``stream`` as they arrive; ends at a clean end of input
    (before the header or between two tags), raises :class:`FlvError` on anything else."""
    header = _read_exactly(stream, _HEADER_SIZE, "the FLV header", at_start=True)
    if header is None:
        return
    if header[:3] != b"FLV":
        raise FlvError("the input is not an FLV stream (it does not start with 'FLV')")
    header_size = struct.unpack(">I", header[5:9])[0]
    if header_size < _HEADER_SIZE:
        raise FlvError(f"the FLV header says it is {header_size} bytes long, less than 9")
    _read_exactly(stream, header_size - _HEADER_SIZE + _PREVIOUS_TAG_SIZE, "the FLV header")
    while True:
        tag_header = _read_exactly(stream, _TAG_HEADER_SIZE, "a tag header", at_start=True)
        if tag_header is None:
            return
        type_id = tag_header[0] & 0x1F
        if tag_header[0] & 0x20:
            raise FlvError("the FLV stream has an encrypted (filtered) tag")
        size = int.from_bytes(tag_header[1:4], "big")
        timestamp = int.from_bytes(tag_header[4:7], "big") | tag_header[7] << 24
        payload = _read_exactly(stream, size + _PREVIOUS_TAG_SIZE, "a tag")
        assert payload is not None
        if type_id in (AUDIO_TAG, VIDEO_TAG, SCRIPT_TAG):
            yield FlvTag(type_id, timestamp, payload[:size])
        # other tag types are not for RTMP: skipped, as FFmpeg's RTMP client does


def _read_exactly(stream: BinaryIO, count: int, what: str, at_start: bool = False) -> bytes | None:
    """``count`` bytes; None if the input ended before the first one and ``at_start``."""
    data = stream.read(count)
    while data is not None and len(data) < count:
        more = stream.read(count - len(data))
        if not more:
            break
        data += more
    if not data and at_start:
        return None
    if data is None or len(data) < count:
        raise FlvError(f"the FLV stream ended in the middle of {what}")
    return data
