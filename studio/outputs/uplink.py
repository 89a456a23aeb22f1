"""The uplink child: reads a NUT stream on stdin and pushes it to one RTMP(S) URL.

Why a child process: FFmpeg's RTMP connect and handshake run inside the first ``mux()`` with
the GIL held, and output containers have no I/O timeout, so a server that accepts and never
answers would freeze a whole Python process. Here it can only freeze this child, which the
parent's watchdog kills.

Protocol: the URL comes in the ``LIVESHOP_UPLINK_URL`` environment variable (never argv, which
every user can read with ``ps``). Events go to stdout as JSON lines:
``{"event": "connected"}``, ``{"event": "progress", "bytes": …, "video_packets": …,
"packets": …}``, ``{"event": "error", "reason": "connect_failed"|"disconnected", "message": …}``
and ``{"event": "finished"}``. Messages never contain the key.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import signal
import socket
import sys
import time
from typing import BinaryIO

import av

from studio.outputs.urls import InvalidUrlError, RtmpUrl, parse_rtmp_url, redact

URL_ENV = "LIVESHOP_UPLINK_URL"
PROGRESS_INTERVAL_S = 0.25


def uplink_command() -> list[str]:
    """How to start this program. A PyInstaller-frozen app has no ``-m``: its entry point
    must call :func:`main` when started with ``--uplink``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--uplink"]
    return [sys.executable, "-m", "studio.outputs.uplink"]


def emit(event: str, **fields: object) -> None:
    sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def _die_with_parent() -> None:
    # A child stuck in a GIL-holding connect cannot run a Python watchdog: ask the kernel.
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def describe_connect_error(exc: BaseException, target: RtmpUrl) -> str:
    code = getattr(exc, "errno", None)
    where = target.endpoint
    if code == errno.ECONNREFUSED:
        return f"connection refused by {where}"
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"the server {where} cannot be reached (no route to host)"
    if code == errno.ETIMEDOUT:
        return f"timed out connecting to {where}"
    if code in (errno.ECONNRESET, errno.EPIPE):
        return f"the server {where} closed the connection during the handshake"
    return f"could not connect to {where} ({redact(str(exc), target.raw)})"


def describe_disconnect(exc: BaseException, target: RtmpUrl) -> str:
    return f"the server {target.endpoint} closed the connection ({redact(str(exc), target.raw)})"


def unbuffered_stdin() -> BinaryIO:
    """Standard input without Python's buffering, so each read returns what has arrived.

    PyAV reads its input in 32 KB requests; ``sys.stdin.buffer.read(32768)`` waits until all
    32 KB are there. A colour card with silence (a missing microphone, no audio source) encodes
    to under 1 KB/s, so the stream would reach the server half a minute late, in bursts, and
    the stall watchdog would cut it. A raw read returns at once with whatever the pipe holds.
    """
    return open(sys.stdin.fileno(), "rb", buffering=0, closefd=False)


def _resolve(target: RtmpUrl) -> str | None:
    try:
        socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError:
        return f"cannot find the server '{target.host}' (name lookup failed)"
    return None


def run(url: str) -> int:
    try:
        target = parse_rtmp_url(url)
    except InvalidUrlError as exc:
        emit("error", reason="invalid_url", message=str(exc))
        return 2
    problem = _resolve(target)
    if problem:
        emit("error", reason="connect_failed", message=problem)
        return 3
    source = av.open(unbuffered_stdin(), "r", format="nut", options={"fpsprobesize": "0"})
    sink = av.open(url, "w", format="flv", options={"flvflags": "no_duration_filesize"})
    streams = {s.index: sink.add_stream_from_template(s) for s in source.streams}
    connected = False
    sent_bytes = video_packets = packets = 0
    last_report = 0.0
    try:
        for packet in source.demux():
            if packet.dts is None:  # the flush packet at the end of the input
                continue
            kind = packet.stream.type
            size = packet.size
            packet.stream = streams[packet.stream.index]
            try:
                sink.mux(packet)
            except (av.FFmpegError, OSError) as exc:
                if connected:
                    emit("error", reason="disconnected", message=describe_disconnect(exc, target))
                else:
                    message = describe_connect_error(exc, target)
                    emit("error", reason="connect_failed", message=message)
                return 4
            if not connected:
                connected = True
                emit("connected")
            sent_bytes += size
            packets += 1
            video_packets += kind == "video"
            now = time.monotonic()
            if now - last_report >= PROGRESS_INTERVAL_S:
                last_report = now
                emit("progress", bytes=sent_bytes, video_packets=video_packets, packets=packets)
        emit("progress", bytes=sent_bytes, video_packets=video_packets, packets=packets)
    finally:
        try:
            sink.close()
        except (av.FFmpegError, OSError):
            pass
    emit("finished")
    return 0


def main() -> int:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the parent
    url = os.environ.pop(URL_ENV, "")
    try:
        return run(url)
    except (av.FFmpegError, OSError, ValueError) as exc:  # input ended early, etc.
        emit("error", reason="disconnected", message=redact(str(exc), url))
        return 5


if __name__ == "__main__":
    sys.exit(main())
