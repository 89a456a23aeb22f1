"""The benchmark's FLV output: muxes on its own thread and times every packet it writes.

Each video packet's show-clock time (its frame's due time) and the clock time right after
``mux`` returned are kept when ``keep_records`` is set: that is the pipeline latency probe.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import av

from studio.clock import Clock
from studio.media import EncodedPacket, StreamSpec
from studio.outputs.base import Output, OutputState, OutputStats

_QUEUE_PACKETS = 512


@dataclass(frozen=True, slots=True)
class MuxRecord:
    pts: int  # frame index (video time base 1/fps)
    clock_ns: int  # the frame's due time on the show clock
    muxed_ns: int  # show clock right after the packet left the muxer


class FlvOutput(Output):
    def __init__(self, path: Path | str, clock: Clock, *, keep_records: bool = False) -> None:
        self.path = str(path)
        self._clock = clock
        self._keep_records = keep_records
        self._queue: queue.Queue[EncodedPacket | None] = queue.Queue(_QUEUE_PACKETS)
        self._thread: threading.Thread | None = None
        self._state = OutputState.IDLE
        self.records: list[MuxRecord] = []
        self.mux_s = 0.0
        self.packets = 0
        self.video_packets = 0
        self.bytes_written = 0
        self.dropped_packets = 0
        self.error: BaseException | None = None

    @property
    def name(self) -> str:
        return "bench flv"

    def start(self, spec: StreamSpec) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, args=(spec,), name="bench-flv", daemon=True
            )
            self._thread.start()

    def send(self, packet: EncodedPacket) -> None:
        try:
            self._queue.put_nowait(packet)
        except queue.Full:
            self.dropped_packets += 1

    def stop(self, timeout_s: float = 5.0) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout_s)

    def stats(self) -> OutputStats:
        return OutputStats(
            name=self.name,
            state=self._state,
            bytes_sent=self.bytes_written,
            video_packets_sent=self.video_packets,
            dropped_video_packets=self.dropped_packets,
        )

    @property
    def mux_ms_per_packet(self) -> float:
        return self.mux_s * 1000 / self.packets if self.packets else 0.0

    def _run(self, spec: StreamSpec) -> None:
        try:
            container = av.open(self.path, "w", format="flv")
            video = container.add_stream_from_template(spec.video_template)
            audio = container.add_stream_from_template(spec.audio_template)
            self._state = OutputState.LIVE
            while (packet := self._queue.get()) is not None:
                is_video = packet.media == "video"
                started = time.perf_counter()
                container.mux(packet.to_av_packet(video if is_video else audio))
                self.mux_s += time.perf_counter() - started
                self.packets += 1
                self.bytes_written += len(packet.data)
                if is_video:
                    self.video_packets += 1
                    if self._keep_records:
                        muxed_ns = self._clock.now_ns()
                        self.records.append(MuxRecord(packet.pts, packet.clock_ns, muxed_ns))
            container.close()
            self._state = OutputState.STOPPED
        except Exception as error:  # reported by the runner, which checks the frame count
            self.error = error
            self._state = OutputState.FAILED
