"""The Qt binding itself: faults of a PySide6 release that would take the app down."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    bare = Signal()
    carrying = Signal(object)


def test_emitting_a_signal_keeps_the_reference_count_of_true() -> None:
    # PySide6 6.12.0 returned a borrowed True from emit(): the app lost ~60 references a
    # second (preview frames, stats) and aborted with "deallocating True" minutes in.
    emitter = _Emitter()
    received: list[object] = []
    emitter.carrying.connect(received.append)
    before = sys.getrefcount(True)
    for number in range(200):
        emitter.bare.emit()
        emitter.carrying.emit([number, True])
    received.clear()
    assert sys.getrefcount(True) >= before - 5, "emit() drops references to True"
