"""One encode, many outputs: every output gets every packet, none can slow another."""

from __future__ import annotations

import logging
import threading

from studio.media import EncodedPacket, StreamSpec
from studio.outputs.base import Output, OutputStats

log = logging.getLogger(__name__)


class Fanout:
    """Distributes packets to outputs; outputs may be added or removed while running.

    ``send`` only calls each output's ``send``, which queues and returns at once, so a slow
    or dead destination cannot delay the others. An output added while running starts with
    the current :class:`StreamSpec` and picks up at the next keyframe (its queue resyncs).
    """

    def __init__(self, spec: StreamSpec | None = None) -> None:
        self._spec = spec
        self._outputs: list[Output] = []
        self._lock = threading.Lock()

    def start(self, spec: StreamSpec) -> None:
        """Start every output added so far with ``spec``."""
        with self._lock:
            self._spec = spec
            outputs = list(self._outputs)
        for output in outputs:
            output.start(spec)

    def add(self, output: Output) -> None:
        with self._lock:
            self._outputs = [*self._outputs, output]
            spec = self._spec
        if spec is not None:
            output.start(spec)

    def remove(self, output: Output, timeout_s: float = 5.0) -> None:
        with self._lock:
            self._outputs = [o for o in self._outputs if o is not output]
        output.stop(timeout_s)

    def send(self, packet: EncodedPacket) -> None:
        # Copy-on-write list: no lock held while outputs run, add/remove never waits for send.
        for output in self._outputs:
            try:
                output.send(packet)
            except Exception:  # an output bug must not silence the others
                log.exception("output %s refused a packet", output.name)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop every output in parallel, within ``timeout_s`` overall."""
        with self._lock:
            outputs, self._outputs = self._outputs, []
        threads = [
            threading.Thread(target=o.stop, args=(timeout_s,), name=f"stop {o.name}", daemon=True)
            for o in outputs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout_s + 2.0)

    @property
    def outputs(self) -> list[Output]:
        return list(self._outputs)

    def stats(self) -> list[OutputStats]:
        return [o.stats() for o in self._outputs]
