"""A camera the test can pull out and plug back in, for the be-right-back slate tests.

The device is a named pipe that a writer thread fills with frames of one colour at 30 fps, and
the real :class:`~studio.capture.camera.CameraSource` reads it (only its ``opener``, the hook
the camera tests replace, opens the pipe as raw video instead of a v4l2 device). Unplugged,
the device is gone: a stream in progress ends, as when a USB camera is pulled out, and opening
fails until it is plugged back in, so the source goes through its own error and retry path.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from studio.capture.camera import CameraSettings, CameraSource

FPS = 30
RETRY_INTERVAL_S = 0.1  # the source tries the device again this often while it is missing


class PipeCamera:
    def __init__(
        self,
        folder: Path,
        rgb: tuple[int, int, int] = (0, 0, 255),
        size: tuple[int, int] = (64, 48),
    ) -> None:
        self.path = folder / "camera0"
        self.size = size
        frame = np.empty((size[1], size[0], 3), np.uint8)
        frame[...] = rgb
        self._frame = frame.tobytes()
        self._stop = threading.Event()
        self._writer: threading.Thread | None = None

    @property
    def settings(self) -> CameraSettings:
        return CameraSettings(name="Camera", device=str(self.path))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Camera sources of this test open the pipe, and retry quickly while it is gone."""
        monkeypatch.setattr(CameraSource, "opener", staticmethod(self.open))
        monkeypatch.setattr(CameraSource, "retry_interval_s", RETRY_INTERVAL_S)

    def open(self, url: str, _input_format: str, _options: dict[str, str]) -> Any:
        width, height = self.size
        options = {"video_size": f"{width}x{height}", "pixel_format": "rgb24",
                   "framerate": str(FPS)}  # fmt: skip
        return av.open(url, format="rawvideo", options=options)

    # -- the cable -----------------------------------------------------------------------
    def plug(self) -> None:
        os.mkfifo(self.path)
        self._stop.clear()
        self._writer = threading.Thread(target=self._write, name="pipe-camera", daemon=True)
        self._writer.start()

    def unplug(self) -> None:
        """The device disappears: the stream being read ends, new opens fail."""
        self._stop.set()
        if self._writer is not None:
            self._writer.join(5)
            assert not self._writer.is_alive()
            self._writer = None
        # A reader caught opening the pipe waits for a writer: one that comes and goes at
        # once lets it through to the end of the stream.
        try:
            os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # no reader waiting
        self.path.unlink(missing_ok=True)

    def _write(self) -> None:
        # A device stays plugged in across readers: a reader that goes (the source stopped or
        # restarted) leaves the writer waiting for the next one.
        while not self._stop.is_set():
            fd = self._open_for_a_reader()
            if fd is None:
                return
            try:
                next_s = time.monotonic()
                while not self._stop.is_set():
                    os.write(fd, self._frame)
                    next_s += 1 / FPS
                    self._stop.wait(max(0.0, next_s - time.monotonic()))
            except BrokenPipeError:
                continue  # the reader closed
            finally:
                os.close(fd)

    def _open_for_a_reader(self) -> int | None:
        """Opening a pipe's writing end fails (ENXIO) until a reader has it open: polled, so
        an unplug never leaves this thread stuck in open()."""
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno not in (errno.ENXIO, errno.ENOENT):
                    raise
                self._stop.wait(0.01)
                continue
            os.set_blocking(fd, True)
            return fd
        return None
