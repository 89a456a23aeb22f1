"""A pyvirtualcam backend that keeps what it is sent, for the frame path up to the driver.

No virtual camera driver runs on the test machines; pyvirtualcam lets a program register its
own backend (``pyvirtualcam.register_backend``), which the studio then opens exactly as it
opens OBS's camera or v4l2loopback. Each test gets its own recorder under its own name, and the
registry is put back as it was afterwards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np
import pyvirtualcam
from pyvirtualcam.camera import BACKENDS
from pyvirtualcam.util import encode_fourcc

TEST_BACKEND = "liveshop-test-camera"
I420_FOURCC = encode_fourcc("I420")


@dataclass
class CameraRecorder:
    """What the backend was opened with and every frame it got, with the time it came."""

    opened: list[dict[str, Any]] = field(default_factory=list)
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)
    sends_after_close: int = 0
    hold_sends: threading.Event | None = None  # set: each send waits until it is cleared
    release_sends: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.frames)

    def wait_for_frames(self, count: int, timeout_s: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.count >= count


def i420_to_rgb(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    """A flat I420 picture as an RGB array, as an app reading the camera would see it."""
    picture = av.VideoFrame.from_ndarray(frame.reshape(height * 3 // 2, width), format="yuv420p")
    return picture.to_ndarray(format="rgb24")


def recording_backend(recorder: CameraRecorder) -> type:
    class RecordingBackend:
        def __init__(
            self, *, width: int, height: int, fps: float, fourcc: int, device: str | None, **_: Any
        ) -> None:
            recorder.opened.append(
                {"width": width, "height": height, "fps": fps, "fourcc": fourcc, "device": device}
            )

        def send(self, frame: np.ndarray) -> None:
            if recorder.closed.is_set():
                recorder.sends_after_close += 1
            if recorder.hold_sends is not None and recorder.hold_sends.is_set():
                recorder.release_sends.wait(30)
            with recorder.lock:
                recorder.frames.append((time.monotonic(), frame.copy()))

        def close(self) -> None:
            recorder.closed.set()

        def device(self) -> str:
            return "test camera"

        def native_fourcc(self) -> int | None:
            return None

    return RecordingBackend


@contextmanager
def registered_recorder() -> Iterator[CameraRecorder]:
    """A recorder registered as pyvirtualcam's ``TEST_BACKEND``; the registry is restored."""
    saved = dict(BACKENDS)
    recorder = CameraRecorder()
    pyvirtualcam.register_backend(TEST_BACKEND, recording_backend(recorder))
    try:
        yield recorder
    finally:
        BACKENDS.clear()
        BACKENDS.update(saved)


def has_video_device() -> bool:
    """A /dev/video* node exists (a v4l2loopback driver may be loaded: no "missing" here)."""
    return any(Path("/dev").glob("video*"))
