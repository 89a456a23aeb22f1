"""The RTMP chunk stream: messages cut into chunks on the way out, put together on the way in.

The reader is incremental (``feed`` whatever bytes arrived, get back the whole messages) so
the same code serves a blocking wait for a reply and a non-blocking look during an upload.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

DEFAULT_CHUNK_SIZE = 128  # until a Set Chunk Size message says otherwise
MAX_CHUNK_SIZE = 0x7FFFFFFF
_EXTENDED = 0xFFFFFF  # a 24-bit timestamp field with this value: the real one follows

# Message type ids (RTMP specification 5.4 and 7.1).
SET_CHUNK_SIZE = 1
ABORT = 2
ACKNOWLEDGEMENT = 3
USER_CONTROL = 4
WINDOW_ACK_SIZE = 5
SET_PEER_BANDWIDTH = 6
AUDIO = 8
VIDEO = 9
DATA_AMF0 = 18
COMMAND_AMF0 = 20

# Chunk stream ids, as FFmpeg and OBS use them.
CONTROL_CSID = 2
COMMAND_CSID = 3
MEDIA_CSID = 8  # FFmpeg's "source channel": every FLV tag of a published stream


class ChunkStreamError(ValueError):
    """The server sent bytes that are not a valid chunk stream."""


@dataclass(frozen=True, slots=True)
class RtmpMessage:
    type_id: int
    stream_id: int
    timestamp_ms: int
    payload: bytes = field(repr=False)


def encode_message(csid: int, message: RtmpMessage, chunk_size: int) -> bytes:
    """``message`` as chunks: a full (type 0) header, then type 3 continuation chunks."""
    if not 2 <= csid <= 63:
        raise ValueError(f"chunk stream id {csid} needs a longer basic header")
    timestamp = message.timestamp_ms & 0xFFFFFFFF
    extended = timestamp >= _EXTENDED
    header = struct.pack(">B", csid) + _u24(_EXTENDED if extended else timestamp)
    header += _u24(len(message.payload)) + struct.pack("<BI", message.type_id, message.stream_id)
    # Type 3 chunks repeat the extended timestamp when the message has one (FFmpeg, nginx).
    extra = struct.pack(">I", timestamp) if extended else b""
    parts = [header + extra]
    payload = message.payload
    for start in range(0, len(payload), chunk_size):
        if start:
            parts.append(struct.pack(">B", 0xC0 | csid) + extra)
        parts.append(payload[start : start + chunk_size])
    return b"".join(parts)


def _u24(value: int) -> bytes:
    return value.to_bytes(3, "big")


@dataclass(slots=True)
class _ChunkStreamState:
    timestamp_ms: int = 0
    delta_ms: int = 0
    length: int = 0
    type_id: int = 0
    stream_id: int = 0
    extended: bool = False
    partial: bytearray = field(default_factory=bytearray)


class ChunkReader:
    """Puts incoming chunks back together into messages, following Set Chunk Size."""

    def __init__(self) -> None:
        self.chunk_size = DEFAULT_CHUNK_SIZE
        self.bytes_received = 0
        self._buffer = bytearray()
        self._streams: dict[int, _ChunkStreamState] = {}

    def feed(self, data: bytes) -> list[RtmpMessage]:
        self.bytes_received += len(data)
        self._buffer += data
        messages: list[RtmpMessage] = []
        while True:
            message, complete = self._next_chunk()
            if not complete:
                return messages
            if message is not None:
                self._follow_control(message)
                messages.append(message)

    def _follow_control(self, message: RtmpMessage) -> None:
        if message.type_id == SET_CHUNK_SIZE and len(message.payload) >= 4:
            size = struct.unpack(">I", message.payload[:4])[0] & MAX_CHUNK_SIZE
            if size < 1:
                raise ChunkStreamError("the server set a chunk size of 0")
            self.chunk_size = size
        elif message.type_id == ABORT and len(message.payload) >= 4:
            aborted = self._streams.get(struct.unpack(">I", message.payload[:4])[0])
            if aborted is not None:
                aborted.partial.clear()

    def _next_chunk(self) -> tuple[RtmpMessage | None, bool]:
        """Consume one chunk if it is all there: (the message it completes, True)."""
        data = self._buffer
        if not data:
            return None, False
        fmt, csid = data[0] >> 6, data[0] & 0x3F
        at = 1
        if csid in (0, 1):
            width = 1 if csid == 0 else 2
            if len(data) < 1 + width:
                return None, False
            csid = 64 + data[1] + (data[2] * 256 if width == 2 else 0)
            at += width
        header_size = (11, 7, 3, 0)[fmt]
        if len(data) < at + header_size:
            return None, False
        state = self._streams.setdefault(csid, _ChunkStreamState())
        header = bytes(data[at : at + header_size])
        at += header_size
        stamp = int.from_bytes(header[:3], "big") if fmt < 3 else 0
        extended = stamp == _EXTENDED if fmt < 3 else state.extended
        if extended:
            if len(data) < at + 4:
                return None, False
            stamp = struct.unpack(">I", data[at : at + 4])[0]
            at += 4
        length = int.from_bytes(header[3:6], "big") if fmt < 2 else state.length
        body = min(self.chunk_size, length - len(state.partial))
        if len(data) < at + body:
            return None, False
        self._apply_header(state, fmt, header, stamp, extended)
        state.partial += data[at : at + body]
        del data[: at + body]
        if len(state.partial) < state.length:
            return None, True
        message = RtmpMessage(
            state.type_id, state.stream_id, state.timestamp_ms, bytes(state.partial)
        )
        state.partial.clear()
        return message, True

    @staticmethod
    def _apply_header(
        state: _ChunkStreamState, fmt: int, header: bytes, stamp: int, extended: bool
    ) -> None:
        starts_message = not state.partial
        state.extended = extended
        if fmt == 0:
            state.timestamp_ms, state.delta_ms = stamp, 0
            state.stream_id = struct.unpack("<I", header[7:11])[0]
        elif fmt in (1, 2):
            state.delta_ms = stamp
        if fmt < 2:
            state.length, state.type_id = int.from_bytes(header[3:6], "big"), header[6]
        if fmt in (1, 2) or (fmt == 3 and starts_message):
            # A new message on a type 1/2/3 header: its time is the last one plus the delta.
            state.timestamp_ms += state.delta_ms
