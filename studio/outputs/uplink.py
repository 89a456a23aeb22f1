"""The uplink child: reads an FLV stream on stdin and publishes it to one RTMP(S) URL.

Why a child process: a destination that stops reading, or a name lookup that hangs, must never
stall the studio or the other destinations; the parent's watchdog kills a child that stops
making progress and starts a new one. The child is plain Python (:mod:`studio.rtmp`: sockets,
TLS, the RTMP chunk stream), so each destination costs a small interpreter, not a second copy
of FFmpeg: the parent's FLV muxer has already written the tags it sends, as FFmpeg's RTMP
client sends what its FLV muxer writes.

Protocol: the URL comes in the ``LIVESHOP_UPLINK_URL`` environment variable (never argv, which
every user can read with ``ps``), the time any one step may take in ``LIVESHOP_UPLINK_TIMEOUT_S``.
Events go to stdout as JSON lines: ``{"event": "connected"}`` once the server accepted the
publish, ``{"event": "progress", "bytes": …, "video_packets": …, "packets": …}``,
``{"event": "error", "reason": "invalid_url"|"connect_failed"|"disconnected", "message": …}``
and ``{"event": "finished"}``. Messages never contain the key.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
import time
from typing import BinaryIO

from studio.outputs.uplink_launch import TIMEOUT_ENV, URL_ENV
from studio.outputs.urls import InvalidUrlError, redact
from studio.rtmp.client import RtmpClient
from studio.rtmp.flv_tags import AUDIO_TAG, VIDEO_TAG, FlvError, FlvTag, read_flv_tags
from studio.rtmp.transport import RtmpError

DEFAULT_TIMEOUT_S = 15.0
PROGRESS_INTERVAL_S = 0.25
_AVC, _AAC = 7, 10  # FLV codec ids


def emit(event: str, **fields: object) -> None:
    sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def _die_with_parent() -> None:
    # A child blocked in a send never notices that its parent died: ask the kernel.
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def is_media_packet(tag: FlvTag) -> bool:
    """A picture or a sound, not script data or an AVC/AAC tag that sets the decoder up (or,
    for AVC, ends the sequence)."""
    if tag.type_id == VIDEO_TAG and tag.payload[:1] and tag.payload[0] & 0x0F == _AVC:
        return tag.payload[1:2] == b"\x01"
    if tag.type_id == AUDIO_TAG and tag.payload[:1] and tag.payload[0] >> 4 == _AAC:
        return tag.payload[1:2] == b"\x01"
    return tag.type_id in (AUDIO_TAG, VIDEO_TAG)


def run(url: str, timeout_s: float, source: BinaryIO) -> int:
    try:
        client = RtmpClient(url, timeout_s=timeout_s)
    except InvalidUrlError as exc:
        emit("error", reason="invalid_url", message=str(exc))
        return 2
    try:
        client.open()
        client.connect()
        client.publish()
    except RtmpError as exc:
        client.close()
        emit("error", reason="connect_failed", message=str(exc))
        return 3
    emit("connected")
    sent_bytes = video_packets = packets = 0
    last_report = 0.0
    try:
        for tag in read_flv_tags(source):
            sent_bytes += client.send_tag(tag.type_id, tag.payload, tag.timestamp_ms)
            if is_media_packet(tag):
                packets += 1
                video_packets += tag.type_id == VIDEO_TAG
            now = time.monotonic()
            if now - last_report >= PROGRESS_INTERVAL_S:
                last_report = now
                emit("progress", bytes=sent_bytes, video_packets=video_packets, packets=packets)
        emit("progress", bytes=sent_bytes, video_packets=video_packets, packets=packets)
        client.unpublish()
    except RtmpError as exc:
        emit("error", reason="disconnected", message=str(exc))
        return 4
    except FlvError as exc:
        message = f"the stream to {client.where} broke inside the studio: {exc}"
        emit("error", reason="disconnected", message=message)
        return 5
    finally:
        client.close()
    emit("finished")
    return 0


def timeout_from_environment() -> float:
    try:
        value = float(os.environ.pop(TIMEOUT_ENV, DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if value > 0 else DEFAULT_TIMEOUT_S


def main() -> int:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the parent
    url = os.environ.pop(URL_ENV, "")
    timeout_s = timeout_from_environment()
    try:
        return run(url, timeout_s, sys.stdin.buffer)
    except OSError as exc:  # stdin or stdout closed under us
        emit("error", reason="disconnected", message=redact(str(exc), url))
        return 6


if __name__ == "__main__":
    sys.exit(main())
