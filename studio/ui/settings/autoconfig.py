"""Runs the capability measurement on a worker thread; the result comes back as a queued
signal on the UI thread, so the dialog stays responsive while the encoder is timed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from studio.bench import capability
from studio.bench.capability import CapabilityProposal

log = logging.getLogger(__name__)


class AutoConfigRunner(QObject):
    finished = Signal(object)  # CapabilityProposal
    failed = Signal(str)

    def __init__(
        self,
        measure: Callable[[], CapabilityProposal] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._measure = measure or capability.measure_capability
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._thread = threading.Thread(target=self._run, name="auto-configure", daemon=True)
        self._thread.start()

    def wait(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        try:
            proposal = self._measure()
        except Exception as exc:  # any failure becomes a message, never a dead dialog
            log.exception("auto-configure failed")
            self.failed.emit(f"The measurement failed: {exc}")
            return
        self.finished.emit(proposal)
