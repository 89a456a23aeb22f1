"""A local recording: in-process, on its own thread, crash-safe by construction.

Matroska (default): clusters close at least every second and every packet is flushed to the
OS, so a killed process leaves a file that plays up to its last second. ``.mp4`` paths get
fragmented MP4 (one fragment per keyframe, an empty moov up front), which also survives a crash.
A recording shares nothing with network outputs, so their problems never interrupt it.

Chapters given with :meth:`RecordingOutput.set_chapters` are written when it closes (see
:mod:`studio.outputs.chapters`), and ``on_started`` hears when its first frame is on disk: the
show notes that instant, so a recording cut short still gets its chapters afterwards.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import av

from studio.media import EncodedPacket, StreamSpec
from studio.outputs.base import (
    OutputEventHandler,
    OutputState,
    StopReason,
)
from studio.outputs.chapters import (
    Chapter,
    ChaptersError,
    container_chapters,
    remux_with_chapters,
)
from studio.outputs.packet_queue import PacketQueue
from studio.outputs.queued import QueuedOutput
from studio.outputs.rebase import Rebase

log = logging.getLogger(__name__)

MKV_OPTIONS = {"cluster_time_limit": "1000", "flush_packets": "1"}
MP4_OPTIONS = {"movflags": "frag_keyframe+empty_moov+default_base_moof", "flush_packets": "1"}


def container_options(path: Path) -> tuple[str, dict[str, str]]:
    if path.suffix.lower() == ".mp4":
        return "mp4", dict(MP4_OPTIONS)
    return "matroska", dict(MKV_OPTIONS)


class RecordingOutput(QueuedOutput):
    """Writes the stream to ``path`` (.mkv by default, fragmented .mp4 on request).

    ``on_started(recording)`` is called once, on the recording's thread, when its first frame
    is written: :attr:`started_clock_ns` is then the show-clock time of its time 0."""

    def __init__(
        self,
        path: str | Path,
        name: str | None = None,
        on_event: OutputEventHandler | None = None,
        packet_queue: PacketQueue | None = None,
        *,
        on_started: Callable[[RecordingOutput], None] | None = None,
    ) -> None:
        self.path = Path(path)
        # A disk is fast: the queue only absorbs hiccups, and still never grows without bound.
        queue = packet_queue or PacketQueue(drop_threshold_ms=5000.0)
        super().__init__(name or f"recording {self.path.name}", on_event, queue)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._spec: StreamSpec | None = None
        self._on_started = on_started
        self._chapters: tuple[Chapter, ...] = ()
        self.started_clock_ns: int | None = None

    def set_chapters(self, chapters: Sequence[Chapter]) -> None:
        """The chapters to write when the recording closes (replacing any set before); times
        in the recording's own time, 0 being its first frame (:attr:`started_clock_ns`)."""
        with self._lock:
            self._chapters = tuple(chapters)

    def start(self, spec: StreamSpec) -> None:
        if self._thread is not None:
            return
        self._spec = spec
        self._set_state(OutputState.CONNECTING, StopReason.NONE, f"Opening {self.path}.")
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def send(self, packet: EncodedPacket) -> None:
        if self._thread is not None and not self._stopping.is_set():
            self._queue.push(packet)

    def stop(self, timeout_s: float = 5.0) -> None:
        if self._thread is None:
            return
        self._stopping.set()
        self._queue.close()
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.warning("%s did not finish within %.1f s", self._name, timeout_s)

    def _open(self) -> av.container.OutputContainer:
        assert self._spec is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fmt, options = container_options(self.path)
        container = av.open(str(self.path), "w", format=fmt, options=options)
        container.add_stream_from_template(self._spec.video_template)
        container.add_stream_from_template(self._spec.audio_template)
        return container

    def _run(self) -> None:
        try:
            container = self._open()
        except (OSError, av.FFmpegError) as exc:
            self._fail(f"Cannot record to {self.path}: {getattr(exc, 'strerror', None) or exc}.")
            return
        self._set_state(OutputState.LIVE, StopReason.NONE, f"Recording to {self.path}.")
        video, audio = container.streams.video[0], container.streams.audio[0]
        rebase = Rebase()
        end_us = 0
        try:
            while True:
                packet = self._queue.pop(0.2)
                if packet is None:
                    if self._stopping.is_set() and self._queue.closed_and_empty:
                        break
                    continue
                first = rebase.base_s is None
                shift = rebase.shift(packet)
                stream = video if packet.media == "video" else audio
                container.mux(packet.to_av_packet(stream, shift))
                end_us = max(end_us, _end_us(packet, shift))
                with self._lock:
                    self._stats.bytes_sent += len(packet.data)
                    self._stats.video_packets_sent += packet.media == "video"
                    self._update_rates(time.monotonic())
                if first:
                    self._started(packet.clock_ns)
            remux = self._close_with_chapters(container, end_us)
        except (OSError, av.FFmpegError) as exc:
            self._fail(f"Writing {self.path} failed: {getattr(exc, 'strerror', None) or exc}.")
            try:
                container.close()
            except (OSError, av.FFmpegError):
                pass
            return
        if remux:
            try:
                remux_with_chapters(self.path, remux)
            except ChaptersError as error:  # the recording itself is saved all the same
                log.warning("%s", error)
        self._set_state(OutputState.STOPPED, StopReason.REQUESTED, f"Saved {self.path}.")

    def _started(self, clock_ns: int) -> None:
        self.started_clock_ns = clock_ns
        if self._on_started is not None:
            try:
                self._on_started(self)
            except Exception:  # the recording goes on whatever its listener did
                log.exception("%s: on_started failed", self._name)

    def _close_with_chapters(
        self, container: av.container.OutputContainer, end_us: int
    ) -> tuple[Chapter, ...]:
        """Close the file with its chapters: Matroska takes them now; a fragmented MP4 wrote
        its header long ago, so its chapters are returned to be remuxed in."""
        with self._lock:
            chapters = self._chapters
        if chapters and container_options(self.path)[0] == "matroska":
            container.set_chapters(container_chapters(chapters, end_us))  # type: ignore[arg-type]
            chapters = ()
        container.close()
        return chapters

    def _fail(self, message: str) -> None:
        self._queue.close()
        self._queue.clear()
        self._set_state(OutputState.FAILED, StopReason.WRITE_ERROR, message)


def _end_us(packet: EncodedPacket, shift: int) -> int:
    """Where the packet ends, in whole microseconds (toward zero) after the shift."""
    ticks_us = (packet.pts - shift + packet.duration) * packet.time_base.numerator * 1_000_000
    whole, _ = divmod(abs(ticks_us), packet.time_base.denominator)
    return whole if ticks_us >= 0 else -whole
