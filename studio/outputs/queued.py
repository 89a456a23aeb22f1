"""What the built-in outputs share: a bounded packet queue, statistics and state events."""

from __future__ import annotations

import dataclasses
import logging
import threading

from studio.outputs.base import (
    Output,
    OutputEventHandler,
    OutputState,
    OutputStats,
    StopReason,
    announce_state,
)
from studio.outputs.packet_queue import PacketQueue
from studio.outputs.rates import RateMeter

log = logging.getLogger(__name__)


class QueuedOutput(Output):
    def __init__(
        self, name: str, on_event: OutputEventHandler | None, packet_queue: PacketQueue
    ) -> None:
        self._name = name
        self._on_event = on_event
        self._queue = packet_queue
        self._lock = threading.Lock()
        self._stats = OutputStats(name=name)
        self._rates = RateMeter()

    @property
    def name(self) -> str:
        return self._name

    def stats(self) -> OutputStats:
        with self._lock:
            stats = dataclasses.replace(self._stats, extra=dict(self._stats.extra))
        stats.queued_ms = self._queue.queued_ms
        stats.dropped_video_packets = self._queue.dropped_video
        stats.dropped_audio_packets = self._queue.dropped_audio
        return stats

    def _redact(self, message: str) -> str:
        """Subclasses hide secrets (stream keys) from every message."""
        return message

    def _set_state(self, state: OutputState, reason: StopReason, message: str) -> None:
        message = self._redact(message)
        announce_state(self._name, self._stats, self._lock, self._on_event, state, reason, message)

    def _update_rates(self, now_s: float) -> None:
        """Call with ``_lock`` held, after the byte and packet totals changed."""
        rates = self._rates.update(now_s, self._stats.bytes_sent, self._stats.video_packets_sent)
        if rates is not None:
            self._stats.bitrate_kbps, self._stats.fps = rates
