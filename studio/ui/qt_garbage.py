"""Python's cycle collector runs on whichever thread allocates when a threshold is crossed.
Qt objects caught in reference cycles must be destroyed on the GUI thread, so the app collects
on its own schedule, on the main thread, and keeps automatic collections rare."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

COLLECT_EVERY_MS = 2_000
FULL_COLLECTION_EVERY = 30  # ticks: every minute, all generations
# Generation-0 threshold: high enough that the engine's worker threads practically never
# trigger a collection between two of the main thread's.
GEN0_THRESHOLD = 50_000


def collect_qt_garbage() -> None:
    QCoreApplication.sendPostedEvents(None, 0)  # pending deleteLater()s first
    gc.collect()


def collect_on_the_main_thread(parent: QObject) -> QTimer:
    """Start collecting garbage every few seconds from ``parent``'s (the GUI) thread."""
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
    timer = QTimer(parent)
    timer.setInterval(COLLECT_EVERY_MS)
    ticks = [0]

    def collect() -> None:
        ticks[0] += 1
        gc.collect(2 if ticks[0] % FULL_COLLECTION_EVERY == 0 else 0)

    timer.timeout.connect(collect)
    timer.start()
    return timer
