"""A small RTMP(S) publisher: connect, publish, send FLV tags, stage by stage.

Why not FFmpeg: its RTMP client connects inside the first ``mux()`` with no timeout and no
word on which step failed, and it needs FFmpeg's libraries in every process that sends. Here
each step (name lookup, TCP, TLS, the RTMP handshake, ``connect`` to the application,
``publish`` of the key) runs under its own timeout with a sentence naming the one that failed;
preflight's test connection and upload probe use it, and so does each destination's uplink
child (plain Python: a few MB per destination instead of an interpreter with FFmpeg).

Every error is an :class:`RtmpError` with its stage; no message holds the stream key.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import time
from types import TracebackType
from urllib.parse import urlsplit

from studio.outputs.urls import RtmpUrl, parse_rtmp_url, redact
from studio.rtmp import amf0, chunks
from studio.rtmp.chunks import ChunkReader, RtmpMessage
from studio.rtmp.transport import (
    RtmpError,
    ServerClosedError,
    Stage,
    open_socket,
    would_block_errors,
)

HANDSHAKE_SIZE = 1536
OUT_CHUNK_SIZE = 4096  # fewer chunk headers for video than the default 128
FLASH_VERSION = "FMLE/3.0 (compatible; LiveShop)"  # nginx keeps 32 characters
_PING_REQUEST, _PING_RESPONSE = 6, 7
_ON_METADATA = amf0.encode("onMetaData")
_ON_BW_DONE = amf0.encode("onBWDone")
_SET_DATA_FRAME = amf0.encode("@setDataFrame")
_PUBLISH_REFUSED_HINT = {
    "NetStream.Publish.BadName": (
        "the stream key is wrong, or another encoder is already live with it"
    ),
}
# What a server that hangs up or falls silent at each stage most likely means.
_HINTS: dict[str, str] = {
    "handshake": "is it an RTMP server, and is the port in the URL right?",
    "connect": "is the application in the server URL right?",
    "publish": "a wrong or expired stream key often does this",
}


class RtmpClient:
    """One connection to an RTMP(S) URL. Call :meth:`open`, :meth:`connect`, then
    :meth:`publish` and :meth:`send_tag` (or :meth:`send_video`) for each FLV tag;
    :meth:`unpublish` and :meth:`close` (or ``with``) end it."""

    def __init__(self, url: str, *, timeout_s: float, send_buffer_bytes: int | None = None) -> None:
        self.target: RtmpUrl = parse_rtmp_url(url)
        self.timeout_s = timeout_s
        self._send_buffer_bytes = send_buffer_bytes
        self._sock: socket.socket | None = None
        self._reader = ChunkReader()
        self._ack_window = 0
        self._acked = 0
        self._transaction = 0
        self._stream_id: int | None = None
        self._replies: list[RtmpMessage] = []
        self._stage: Stage = "handshake"  # what a failed send belongs to
        self._would_block = would_block_errors(self.target)
        self.app, self.stream_name = application_and_stream(self.target)

    @property
    def where(self) -> str:
        return self.target.endpoint

    def __enter__(self) -> RtmpClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- the stages --------------------------------------------------------------------

    def open(self) -> None:
        """Name lookup, TCP connect, TLS for rtmps, and the RTMP handshake."""
        self._sock = open_socket(
            self.target, timeout_s=self.timeout_s, send_buffer_bytes=self._send_buffer_bytes
        )
        self._handshake()

    def connect(self) -> None:
        """``connect`` to the URL's application; the server answers ``_result`` or ``_error``."""
        self._stage = "connect"
        split = urlsplit(self.target.raw)
        tc_url = f"{split.scheme}://{split.netloc}/{self.app}"
        self._send(chunks.CONTROL_CSID, chunks.SET_CHUNK_SIZE, struct.pack(">I", OUT_CHUNK_SIZE))
        command = {"app": self.app, "type": "nonprivate", "flashVer": FLASH_VERSION,
                   "tcUrl": tc_url}  # fmt: skip
        what = f"the connect to the application '{self.app}'"
        reply = self._call("connect", "connect", what, command)
        if reply[0] == "_error":
            info = _info(reply)
            raise RtmpError(
                "connect",
                f"the server {self.where} refused the application '{self.app}': "
                f"{self._said(info)} (check the application part of the server URL)",
            )

    def publish(self) -> None:
        """Ask to publish the stream key, as OBS and FFmpeg do (FCPublish, createStream,
        publish), and wait for ``NetStream.Publish.Start``."""
        self._stage = "publish"
        key = self.stream_name
        self._command("releaseStream", self._next_transaction(), None, key)
        self._command("FCPublish", self._next_transaction(), None, key)
        reply = self._call("publish", "createStream", "createStream", None)
        if reply[0] == "_error" or len(reply) < 4 or not isinstance(reply[3], float):
            raise RtmpError(
                "publish", f"the server {self.where} refused to create a stream for publishing"
            )
        self._stream_id = int(reply[3])
        self._command("publish", 0, None, key, "live", stream_id=self._stream_id)
        deadline = time.monotonic() + self.timeout_s
        while True:
            message = self._next_message("publish", deadline, "the publish of the stream key")
            values = _command_values(message)
            if not values or values[0] not in ("onStatus", "_error"):
                continue
            info = _info(values)
            if info.get("code") == "NetStream.Publish.Start":
                return
            if values[0] == "_error" or info.get("level") == "error":
                code = str(info.get("code", ""))
                hint = _PUBLISH_REFUSED_HINT.get(code, "check the stream key")
                raise RtmpError(
                    "publish",
                    f"the server {self.where} refused to publish the stream: "
                    f"{self._said(info)} ({hint})",
                )

    def send_video(self, payload: bytes, timestamp_ms: int) -> int:
        """Send one FLV video tag body on the published stream; the bytes put on the wire."""
        return self.send_tag(chunks.VIDEO, payload, timestamp_ms)

    def send_tag(self, type_id: int, payload: bytes, timestamp_ms: int) -> int:
        """Send one FLV tag body (audio, video or script data) on the published stream, as
        FFmpeg's RTMP client does: every tag on one chunk stream, and ``onMetaData`` as
        ``@setDataFrame`` so the server keeps it for players that join later. Returns the
        bytes put on the wire.

        Blocks while the link is full, at most ``timeout_s``; answers the server meanwhile."""
        if self._stream_id is None:
            raise RuntimeError("send_tag() before publish()")
        if type_id == chunks.DATA_AMF0 and payload.startswith(_ON_METADATA):
            payload = _SET_DATA_FRAME + payload
        message = RtmpMessage(type_id, self._stream_id, timestamp_ms, payload)
        data = chunks.encode_message(chunks.MEDIA_CSID, message, OUT_CHUNK_SIZE)
        self._sendall(data, "publish", "the upload")
        self.poll()
        return len(data)

    def poll(self) -> None:
        """Read what the server said without waiting; raise if it refused or hung up."""
        sock = self._require_socket()
        while True:
            try:
                sock.settimeout(0)
                data = sock.recv(65536)
            except self._would_block:
                return
            except OSError as exc:
                raise self._closed("publish", "the upload", exc) from None
            finally:
                sock.settimeout(self.timeout_s)
            if not data:
                raise self._closed("publish", "the upload")
            for message in self._messages_in(data, "publish"):
                self._handle(message)
                values = _command_values(message)
                if values and values[0] == "onStatus" and _info(values).get("level") == "error":
                    raise RtmpError(
                        "publish", f"the server {self.where} stopped the stream: "
                        f"{self._said(_info(values))}",
                    )  # fmt: skip

    def unpublish(self) -> None:
        """End the published stream politely (FCUnpublish, deleteStream); no answer awaited."""
        if self._stream_id is None or self._sock is None:
            return
        stream_id, self._stream_id = self._stream_id, None
        with contextlib.suppress(OSError, RtmpError):
            self._command("FCUnpublish", self._next_transaction(), None, self.stream_name)
            self._command("deleteStream", self._next_transaction(), None, float(stream_id))

    def close(self) -> None:
        if self._sock is not None:
            sock, self._sock = self._sock, None
            with contextlib.suppress(OSError):
                sock.close()

    # -- the RTMP handshake and messages -------------------------------------------------

    def _handshake(self) -> None:
        # The plain handshake (version bytes zero), the one OBS sends: C0+C1, S0+S1, C2, S2.
        deadline = time.monotonic() + self.timeout_s
        c1 = struct.pack(">II", 0, 0) + os.urandom(HANDSHAKE_SIZE - 8)
        self._sendall(b"\x03" + c1, "handshake", "the RTMP handshake")
        s0 = self._receive_exact(1, "handshake", deadline)
        if s0 != b"\x03":
            raise RtmpError(
                "handshake",
                f"the server {self.where} does not speak RTMP (its first byte was "
                f"0x{s0[0]:02x}, not RTMP's 0x03: check the URL's scheme and port)",
            )
        s1 = self._receive_exact(HANDSHAKE_SIZE, "handshake", deadline)
        self._sendall(s1, "handshake", "the RTMP handshake")
        self._receive_exact(HANDSHAKE_SIZE, "handshake", deadline)

    def _next_transaction(self) -> int:
        self._transaction += 1
        return self._transaction

    def _command(self, *values: object, stream_id: int = 0) -> None:
        self._send(chunks.COMMAND_CSID, chunks.COMMAND_AMF0, amf0.encode(*values), stream_id)

    def _call(self, stage: Stage, name: str, what: str, *arguments: object) -> list[object]:
        """Send a command and wait for its ``_result`` or ``_error``."""
        transaction = self._next_transaction()
        self._command(name, transaction, *arguments)
        deadline = time.monotonic() + self.timeout_s
        while True:
            values = _command_values(self._next_message(stage, deadline, what))
            answers = len(values) >= 2 and values[0] in ("_result", "_error")
            if answers and values[1] == float(transaction):
                return values

    def _send(self, csid: int, type_id: int, payload: bytes, stream_id: int = 0) -> None:
        data = chunks.encode_message(csid, RtmpMessage(type_id, stream_id, 0, payload),
                                     OUT_CHUNK_SIZE)  # fmt: skip
        self._sendall(data, self._stage, "a command")

    def _next_message(self, stage: Stage, deadline: float, what: str) -> RtmpMessage:
        while not self._replies:
            data = self._receive_some(stage, deadline, what)
            for message in self._messages_in(data, stage):
                self._handle(message)
                self._replies.append(message)
        return self._replies.pop(0)

    def _messages_in(self, data: bytes, stage: Stage) -> list[RtmpMessage]:
        try:
            return self._reader.feed(data)
        except chunks.ChunkStreamError as exc:
            raise RtmpError(
                stage, f"the server {self.where} sent data that is not valid RTMP ({exc})"
            ) from None

    def _handle(self, message: RtmpMessage) -> None:
        """Answer the protocol's housekeeping: pings, acknowledgement windows, and a server's
        ``onBWDone`` with ``_checkbw``, as FFmpeg and OBS do."""
        if message.type_id == chunks.COMMAND_AMF0 and message.payload.startswith(_ON_BW_DONE):
            self._command("_checkbw", self._next_transaction(), None)
        elif message.type_id == chunks.WINDOW_ACK_SIZE and len(message.payload) >= 4:
            self._ack_window = struct.unpack(">I", message.payload[:4])[0]
        elif message.type_id == chunks.USER_CONTROL and len(message.payload) >= 6:
            event, stamp = struct.unpack(">HI", message.payload[:6])
            if event == _PING_REQUEST:
                pong = struct.pack(">HI", _PING_RESPONSE, stamp)
                self._send(chunks.CONTROL_CSID, chunks.USER_CONTROL, pong)
        received = self._reader.bytes_received
        if self._ack_window and received - self._acked >= self._ack_window:
            self._acked = received
            ack = struct.pack(">I", received & 0xFFFFFFFF)
            self._send(chunks.CONTROL_CSID, chunks.ACKNOWLEDGEMENT, ack)

    def _said(self, info: dict[str, object]) -> str:
        code = str(info.get("code", "no code"))
        description = str(info.get("description", "")).strip()
        said = f"{code} ({description})" if description else code
        return redact(said, self.target.raw)

    # -- socket I/O under deadlines ---------------------------------------------------------

    def _require_socket(self) -> socket.socket:
        if self._sock is None:
            raise RtmpError("tcp", f"the connection to {self.where} is closed")
        return self._sock

    def _sendall(self, data: bytes, stage: Stage, what: str) -> None:
        sock = self._require_socket()
        try:
            sock.settimeout(self.timeout_s)
            sock.sendall(data)
        except TimeoutError:
            raise RtmpError(
                stage, f"the server {self.where} took no data for {self.timeout_s:g} s during "
                f"{what} (the connection stalled)",
            ) from None  # fmt: skip
        except OSError as exc:
            raise self._closed(stage, what, exc) from None

    def _receive_exact(self, count: int, stage: Stage, deadline: float) -> bytes:
        data = bytearray()
        while len(data) < count:
            data += self._receive_some(stage, deadline, "the RTMP handshake", count - len(data))
        return bytes(data)

    def _receive_some(self, stage: Stage, deadline: float, what: str, limit: int = 65536) -> bytes:
        sock = self._require_socket()
        try:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
            data = sock.recv(limit)
        except TimeoutError:
            raise RtmpError(
                stage, f"timed out after {self.timeout_s:g} s waiting for {self.where} to answer "
                f"{what}{_hint(stage)}",
            ) from None  # fmt: skip
        except OSError as exc:
            raise self._closed(stage, what, exc) from None
        if not data:
            raise self._closed(stage, what)
        return data

    def _closed(self, stage: Stage, what: str, exc: OSError | None = None) -> RtmpError:
        detail = f" ({redact(str(exc), self.target.raw)})" if exc is not None else ""
        return ServerClosedError(
            stage,
            f"the server {self.where} closed the connection during {what}{detail}{_hint(stage)}",
        )


def application_and_stream(target: RtmpUrl) -> tuple[str, str]:
    """The application to ``connect`` to and the stream name to publish, split from the URL's
    path as FFmpeg splits it (so as OBS-style and FFmpeg-based encoders, and this studio's
    uplinks before they were plain Python, send them): ``/live/KEY`` is ("live", "KEY"); a
    longer path keeps its first two parts as the application (``/live/_definst_/KEY`` is
    ("live/_definst_", "KEY"), Wowza's and some CDNs' form) unless a ``prefix:`` name comes
    before the next slash. A query stays on the stream name (Facebook's keys carry one)."""
    path, mark, query = f"{target.app}/{target.key}".partition("?")
    first = path.index("/")
    second = path.find("/", first + 1)
    colon = path.find(":", first + 1)
    cut = first if second < 0 or 0 <= colon < second else second
    return path[:cut], path[cut + 1 :] + mark + query


def _hint(stage: Stage) -> str:
    hint = _HINTS.get(stage)
    return f" ({hint})" if hint else ""


def _command_values(message: RtmpMessage) -> list[object]:
    if message.type_id != chunks.COMMAND_AMF0:
        return []
    try:
        return list(amf0.decode_all(message.payload))
    except amf0.AmfError:
        return []


def _info(values: list[object]) -> dict[str, object]:
    """The information object of a ``_result``/``_error``/``onStatus`` (its last object)."""
    for value in reversed(values):
        if isinstance(value, dict):
            return value
    return {}
