"""An RTMP(S) destination: a child uplink process, a watchdog, and OBS-like reconnects."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import TypedDict

import av

from studio.media import EncodedPacket, StreamSpec
from studio.outputs.base import (
    OutputEventHandler,
    OutputState,
    StopReason,
)
from studio.outputs.packet_queue import PacketQueue
from studio.outputs.queued import QueuedOutput
from studio.outputs.rates import RateMeter
from studio.outputs.rebase import Rebase
from studio.outputs.uplink_launch import TIMEOUT_ENV, URL_ENV, uplink_command
from studio.outputs.urls import InvalidUrlError, mask_url, parse_rtmp_url, redact

# Uplink children start a Python interpreter (a burst of CPU, each time a destination connects
# or reconnects) and then only mux and send. On a busy machine the studio itself (the window,
# the render and encode threads every output depends on) goes first.
UPLINK_NICENESS = 10
# Each packet reaches the child at once; no duration or size to seek back and fill in a pipe.
FLV_TO_UPLINK = {"flush_packets": "1", "flvflags": "no_duration_filesize"}
# Windows' documented value of subprocess.CREATE_NO_WINDOW (the name exists only on Windows).
_CREATE_NO_WINDOW = 0x08000000

log = logging.getLogger(__name__)


class UplinkProcessOptions(TypedDict, total=False):
    creationflags: int


def uplink_process_options(platform: str = sys.platform) -> UplinkProcessOptions:
    """Extra ``subprocess.Popen`` arguments for an uplink child on ``platform``.

    On Windows a console program (``studio.exe``, ``python.exe``) started by a process that
    has no console (the windowed app, or a console app started without a terminal) opens a
    console window of its own: one would flash up for each destination at every connect.
    CREATE_NO_WINDOW runs the child without a console whoever starts it; it talks through its
    pipes only, and Ctrl+C in a terminal reaches only the parent, which stops its outputs."""
    if platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", _CREATE_NO_WINDOW)}
    return {}


@dataclass
class _Connection:
    """One attempt: one child process and the feeder thread writing into it."""

    process: subprocess.Popen[bytes]
    events: queue.Queue[dict[str, object]]
    ended: threading.Event = dataclasses.field(default_factory=threading.Event)
    fed_at: float = 0.0  # monotonic time of the last packet written to the child
    feed_done: threading.Event = dataclasses.field(default_factory=threading.Event)


class NetworkOutput(QueuedOutput):
    """Pushes the stream to one RTMP(S) URL; never blocks the encoder, reconnects by itself.

    ``on_event`` is called from this output's supervisor thread on every state change;
    a UI must post it to its own thread. Every name and message shows the masked URL.
    """

    def __init__(
        self,
        url: str,
        name: str | None = None,
        connect_timeout_s: float = 10.0,
        stall_timeout_s: float = 10.0,
        reconnect_delay_s: float = 2.0,
        reconnect_growth: float = 1.5,
        max_reconnect_delay_s: float = 60.0,
        max_retries: int = 25,
        on_event: OutputEventHandler | None = None,
        packet_queue: PacketQueue | None = None,
    ) -> None:
        super().__init__(name or mask_url(url), on_event, packet_queue or PacketQueue())
        self._url = url
        self.connect_timeout_s = connect_timeout_s
        self.stall_timeout_s = stall_timeout_s
        self.reconnect_delay_s = reconnect_delay_s
        self.reconnect_growth = reconnect_growth
        self.max_reconnect_delay_s = max_reconnect_delay_s
        self.max_retries = max_retries
        self._stop_requested = threading.Event()
        self._stop_deadline = float("inf")
        self._supervisor: threading.Thread | None = None
        self._spec: StreamSpec | None = None
        self._connection: _Connection | None = None
        self._base_bytes = self._base_video = 0

    # Output API -------------------------------------------------------------------------
    def start(self, spec: StreamSpec) -> None:
        if self._supervisor is not None:
            return
        try:
            parse_rtmp_url(self._url)
        except InvalidUrlError as exc:
            self._set_state(OutputState.FAILED, StopReason.INVALID_URL, str(exc))
            return
        self._spec = spec
        self._supervisor = threading.Thread(target=self._run, name=f"output {self._name}")
        self._supervisor.daemon = True
        self._supervisor.start()

    def send(self, packet: EncodedPacket) -> None:
        if self._supervisor is not None and not self._stop_requested.is_set():
            self._queue.push(packet)

    def stop(self, timeout_s: float = 5.0) -> None:
        if self._supervisor is None or self._stop_requested.is_set():
            self._join(timeout_s)
            return
        self._stop_deadline = time.monotonic() + timeout_s
        self._set_state(OutputState.STOPPING, StopReason.REQUESTED, "Stopping.")
        self._stop_requested.set()
        self._queue.close()  # the feeder drains what is queued, then ends the child's input
        self._join(timeout_s + 2.0)

    def _join(self, timeout_s: float) -> None:
        if self._supervisor is None:
            return
        self._supervisor.join(timeout_s)
        connection = self._connection
        if self._supervisor.is_alive() and connection is not None:
            connection.process.kill()  # last resort: never hang the caller
            self._supervisor.join(2.0)

    def _redact(self, message: str) -> str:
        return redact(message, self._url)

    def _record_progress(self, event: dict[str, object]) -> None:
        now = time.monotonic()
        with self._lock:
            # Children count from zero; this output's totals keep growing across reconnects.
            self._stats.bytes_sent = self._base_bytes + int(str(event.get("bytes", 0)))
            self._stats.video_packets_sent = self._base_video + int(
                str(event.get("video_packets", 0))
            )
            self._update_rates(now)

    def _new_connection_counters(self) -> None:
        with self._lock:
            self._base_bytes = self._stats.bytes_sent
            self._base_video = self._stats.video_packets_sent
            self._stats.bitrate_kbps = self._stats.fps = 0.0
            self._rates = RateMeter()

    # supervisor -----------------------------------------------------------------------------
    def _run(self) -> None:
        delay_s = self.reconnect_delay_s
        retries = 0
        self._set_state(OutputState.CONNECTING, StopReason.NONE, "Connecting.")
        first = True
        while True:
            reason, message, was_live = self._run_connection(first)
            first = False
            if self._stop_requested.is_set():
                self._set_state(OutputState.STOPPED, StopReason.REQUESTED, "Stopped.")
                return
            if was_live:  # as OBS: a connection that worked resets the back-off
                retries, delay_s = 0, self.reconnect_delay_s
            retries += 1
            if retries > self.max_retries:
                self._set_state(
                    OutputState.FAILED,
                    StopReason.RETRIES_EXHAUSTED,
                    f"{message}. Gave up after {self.max_retries} attempts.",
                )
                return
            self._set_state(
                OutputState.RECONNECTING,
                reason,
                f"{message}. Retrying in {delay_s:.1f} s (attempt {retries} of "
                f"{self.max_retries}).",
            )
            if self._stop_requested.wait(delay_s):
                self._set_state(OutputState.STOPPED, StopReason.REQUESTED, "Stopped.")
                return
            delay_s = min(delay_s * self.reconnect_growth, self.max_reconnect_delay_s)
            with self._lock:
                self._stats.reconnects += 1

    def _spawn(self) -> _Connection:
        # The child's own timeouts stay longer than this watchdog's, which names the stall.
        child_timeout_s = max(self.connect_timeout_s, self.stall_timeout_s) + 5.0
        env = dict(os.environ, **{URL_ENV: self._url, TIMEOUT_ENV: f"{child_timeout_s:g}"})
        process = subprocess.Popen(
            uplink_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # FFmpeg/Python may print the URL there: discard
            env=env,
            bufsize=0,
            **uplink_process_options(),
        )
        _lower_priority(process.pid)
        connection = _Connection(process=process, events=queue.Queue())
        threading.Thread(
            target=self._read_events,
            args=(connection,),
            name=f"uplink events {self._name}",
            daemon=True,
        ).start()
        return connection

    def _read_events(self, connection: _Connection) -> None:
        assert connection.process.stdout is not None
        for line in connection.process.stdout:
            with contextlib.suppress(ValueError):
                connection.events.put(json.loads(line))
        connection.events.put({"event": "exit"})

    def _run_connection(self, first: bool) -> tuple[StopReason, str, bool]:
        """One attempt; returns why it ended and whether it went live."""
        if not first:
            self._queue.clear()  # a new connection starts live, not with the backlog
        self._queue.resync()
        self._new_connection_counters()
        connection = self._spawn()
        self._connection = connection
        feeder = threading.Thread(
            target=self._feed, args=(connection,), name=f"uplink feed {self._name}", daemon=True
        )
        feeder.start()
        started = last_progress = time.monotonic()
        connected = False
        reason, message = StopReason.DISCONNECTED, ""
        endpoint = parse_rtmp_url(self._url).endpoint
        while True:
            try:
                event = connection.events.get(timeout=0.1)
            except queue.Empty:
                event = {}
            kind = event.get("event")
            now = time.monotonic()
            if kind == "connected":
                connected, last_progress = True, now
                self._set_state(OutputState.LIVE, StopReason.NONE, f"Live on {endpoint}.")
            elif kind == "progress":
                last_progress = now
                self._record_progress(event)
            elif kind == "error":
                reason = StopReason(str(event.get("reason", "disconnected")))
                message = str(event.get("message", ""))
            elif kind == "exit":
                break
            if self._stop_requested.is_set():
                if now > self._stop_deadline:
                    break
                continue
            if not connected and now - started > self.connect_timeout_s:
                reason = StopReason.STALLED
                message = (
                    f"the server {endpoint} did not answer within {self.connect_timeout_s:g} s"
                )
                break
            fed_recently = now - connection.fed_at < self.stall_timeout_s
            if connected and fed_recently and now - last_progress > self.stall_timeout_s:
                reason = StopReason.STALLED
                message = f"no data went out to {endpoint} for {self.stall_timeout_s:g} s"
                break
        connection.ended.set()
        if connection.process.poll() is None:
            connection.process.kill()
        connection.process.wait()
        feeder.join(5.0)
        if not message:
            message = (
                f"the connection to {endpoint} ended"
                if connected
                else f"could not connect to {endpoint}"
            )
            reason = StopReason.DISCONNECTED if connected else StopReason.CONNECT_FAILED
        return reason, message, connected

    def _feed(self, connection: _Connection) -> None:
        """Mux queued packets as FLV into the child's stdin (this thread may block there)."""
        assert self._spec is not None and connection.process.stdin is not None
        pipe = connection.process.stdin
        try:
            flv = av.open(pipe, "w", format="flv", options=FLV_TO_UPLINK)
            video = flv.add_stream_from_template(self._spec.video_template)
            audio = flv.add_stream_from_template(self._spec.audio_template)
            rebase = Rebase()  # resync: the first packet is a video keyframe
            while not connection.ended.is_set():
                packet = self._queue.pop(0.2)
                if packet is None:
                    if self._stop_requested.is_set() and self._queue.closed_and_empty:
                        break
                    continue
                stream = video if packet.media == "video" else audio
                flv.mux(packet.to_av_packet(stream, rebase.shift(packet)))
                connection.fed_at = time.monotonic()
            flv.close()
            pipe.close()
        except (BrokenPipeError, ValueError, OSError, av.FFmpegError) as exc:
            log.debug("%s: feeding the uplink stopped: %s", self._name, redact(str(exc), self._url))
        finally:
            connection.feed_done.set()
            with contextlib.suppress(OSError):
                pipe.close()


def _lower_priority(pid: int) -> None:
    if hasattr(os, "setpriority"):  # POSIX; Windows children keep the normal priority
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, UPLINK_NICENESS)
