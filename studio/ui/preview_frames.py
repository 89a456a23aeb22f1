"""Pictures for the window's previews, one view per preview widget.

With several canvases in studio mode the window shows a program and a next scene of each: a
view is named per widget (``next#3``), and says by its kind which picture the bridge draws for
it (the canvas's program, or the next scene the session renders for the canvas). Pictures are
scaled off the UI thread by the bridge's :class:`FramePoller` and handed over on it; a hidden
preview asks for none, so it costs nothing.
"""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal, Slot

from studio.ui.bridge import NEXT, FramePoller, SessionBridge

_serials = itertools.count(1)


class PreviewFrames(QObject):
    frame_ready = Signal(str, object)  # view (from new_view), BGRA numpy frame
    _grabbed = Signal(str, object)  # frame thread → main thread

    def __init__(self, bridge: SessionBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._stopped = False
        self.wanted: dict[str, str] = {}  # view → canvas: the previews shown now
        self._poller = FramePoller(self._grab, self._grabbed.emit)
        self._grabbed.connect(self._hand, Qt.ConnectionType.QueuedConnection)
        self._poller.start()

    @staticmethod
    def new_view(kind: str) -> str:
        """A view of its own for one widget showing ``kind`` (PROGRAM or NEXT) pictures."""
        return f"{kind}#{next(_serials)}"

    def want_frames(self, view: str, canvas: str | None, width: int = 0, height: int = 0) -> None:
        """Ask for ``frame_ready(view, frame)`` pictures of this size (canvas None: stop)."""
        if canvas is None or width < 2 or height < 2:
            self.wanted.pop(view, None)
        else:
            self.wanted[view] = canvas
        self._poller.want(view, canvas, width, height)

    def stop(self) -> None:
        """End the frame thread (the window is closing, before the session ends)."""
        self._stopped = True
        self._poller.stop()

    def _grab(self, view: str, canvas: str, width: int, height: int) -> np.ndarray | None:
        if view.partition("#")[0] == NEXT:
            return self._bridge.preview_scene(canvas, width, height)
        return self._bridge.preview(canvas, width, height)

    @Slot(str, object)
    def _hand(self, view: str, frame: np.ndarray) -> None:
        self._poller.taken(view)
        if not self._stopped:
            self.frame_ready.emit(view, frame)
