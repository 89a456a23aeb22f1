"""What every output is: it takes encoded packets, never blocks the caller, and reports state.

One encode feeds any number of outputs (:class:`studio.outputs.fanout.Fanout`). Each output
owns a short bounded queue; a slow or dead output drops (video up to the next keyframe, as OBS
does) and counts, it never makes ``send`` wait and never grows without bound.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from studio.media import EncodedPacket, StreamSpec

log = logging.getLogger(__name__)


class OutputState(StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    LIVE = "live"  # for recordings: writing
    RECONNECTING = "reconnecting"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"


class StopReason(StrEnum):
    """Why an output stopped or is retrying (typed, like OBS's OBS_OUTPUT_* codes)."""

    NONE = ""
    REQUESTED = "requested"
    CONNECT_FAILED = "connect_failed"  # refused, unreachable host, DNS, TLS, handshake
    INVALID_URL = "invalid_url"
    DISCONNECTED = "disconnected"  # the server dropped an established stream
    STALLED = "stalled"  # no progress within the stall timeout (watchdog)
    WRITE_ERROR = "write_error"  # disk full, permission denied…
    ENCODE_ERROR = "encode_error"
    RETRIES_EXHAUSTED = "retries_exhausted"


@dataclass(slots=True)
class OutputStats:
    name: str  # display name; URLs here always have their key masked
    state: OutputState = OutputState.IDLE
    reason: StopReason = StopReason.NONE
    message: str = ""  # one sentence for the host
    bytes_sent: int = 0
    bitrate_kbps: float = 0.0  # over the last couple of seconds
    video_packets_sent: int = 0
    fps: float = 0.0
    dropped_video_packets: int = 0
    dropped_audio_packets: int = 0
    reconnects: int = 0
    queued_ms: float = 0.0  # media time waiting in this output's queue
    last_problem: str = ""  # the latest failure's sentence, kept after the output stops
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OutputEvent:
    """A state change of one output (not sent for every statistics tick)."""

    output: str
    state: OutputState
    reason: StopReason
    message: str


OutputEventHandler = Callable[[OutputEvent], None]


def announce_state(
    name: str,
    stats: OutputStats,
    lock: threading.Lock,
    on_event: OutputEventHandler | None,
    state: OutputState,
    reason: StopReason,
    message: str,
) -> None:
    """Record an output's new state in its ``stats`` (under ``lock``; a failure is kept as
    its last problem), log it, and tell ``on_event`` (whose failure is logged, never
    raised into the output's thread)."""
    with lock:
        stats.state, stats.reason, stats.message = state, reason, message
        if reason not in (StopReason.NONE, StopReason.REQUESTED):
            stats.last_problem = message
    log.info("%s: %s %s %s", name, state, reason, message)
    if on_event is not None:
        try:
            on_event(OutputEvent(name, state, reason, message))
        except Exception:
            log.exception("event handler of %s failed", name)


class Output(ABC):
    """An output kind. Implementations are thread-safe; ``send`` is called from the encoder
    threads (video and audio), ``stats``/``stop`` from anywhere."""

    @property
    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def start(self, spec: StreamSpec) -> None:
        """Begin: returns at once; connecting happens in the background."""

    @abstractmethod
    def send(self, packet: EncodedPacket) -> None:
        """Queue one packet; never blocks, never raises for a dead destination."""

    @abstractmethod
    def stop(self, timeout_s: float = 5.0) -> None:
        """Flush what is queued (within ``timeout_s``) and finalise; idempotent."""

    @abstractmethod
    def stats(self) -> OutputStats: ...
