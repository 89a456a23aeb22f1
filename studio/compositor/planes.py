"""A canvas frame: one contiguous yuv420p buffer with numpy views on its three planes.

The buffer is wrapped by ``av.VideoFrame.from_numpy_buffer`` without a copy, so the encoder
reads exactly the memory the compositor wrote. Buffers come from a small pool and go back once
the encoder is done with them: no allocation per frame.
"""

from __future__ import annotations

import threading

import av
import numpy as np

BLACK_Y = 16
NEUTRAL_CHROMA = 128


class CanvasBuffer:
    def __init__(self, width: int, height: int, pool: FramePool | None = None) -> None:
        if width % 2 or height % 2:
            raise ValueError(f"canvas size must be even, got {width}x{height}")
        self.width = width
        self.height = height
        self.data = np.empty((height * 3 // 2, width), dtype=np.uint8)
        flat = self.data.reshape(-1)
        luma_size = width * height
        chroma_size = luma_size // 4
        self.y = flat[:luma_size].reshape(height, width)
        self.u = flat[luma_size : luma_size + chroma_size].reshape(height // 2, width // 2)
        self.v = flat[luma_size + chroma_size :].reshape(height // 2, width // 2)
        self._pool = pool
        self._refs = 1
        self._refs_lock = threading.Lock()

    @property
    def planes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (self.y, self.u, self.v)

    def fill_black(self) -> None:
        self.y.fill(BLACK_Y)
        self.u.fill(NEUTRAL_CHROMA)
        self.v.fill(NEUTRAL_CHROMA)

    def to_video_frame(self) -> av.VideoFrame:
        """A frame sharing this buffer: valid until :meth:`release`."""
        frame = av.VideoFrame.from_numpy_buffer(self.data, format="yuv420p")
        return frame

    def retain(self) -> CanvasBuffer:
        """One more holder (the encoder and the preview may hold the same frame)."""
        with self._refs_lock:
            self._refs += 1
        return self

    def release(self) -> None:
        with self._refs_lock:
            self._refs -= 1
            last = self._refs == 0
        if last and self._pool is not None:
            self._pool.give_back(self)


class FramePool:
    """A handful of reusable canvas buffers; grows only if every buffer is still in use."""

    def __init__(self, width: int, height: int, keep: int = 6) -> None:
        self.width = width
        self.height = height
        self._keep = keep
        self._free: list[CanvasBuffer] = []
        self._lock = threading.Lock()

    def take(self) -> CanvasBuffer:
        with self._lock:
            if self._free:
                buffer = self._free.pop()
                buffer._refs = 1
                return buffer
        return CanvasBuffer(self.width, self.height, pool=self)

    def give_back(self, buffer: CanvasBuffer) -> None:
        with self._lock:
            if len(self._free) < self._keep:
                self._free.append(buffer)


def plane_view(plane: av.video.plane.VideoPlane) -> np.ndarray:
    """A numpy view (no copy) of one plane of a PyAV frame, without the row padding."""
    rows = np.frombuffer(memoryview(plane), dtype=np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


def mix_into(incoming: CanvasBuffer, outgoing: CanvasBuffer, incoming_weight: float) -> None:
    """Cross-fade: ``incoming`` becomes ``weight·incoming + (1 − weight)·outgoing``."""
    weight = max(0, min(256, round(incoming_weight * 256)))
    mixed = incoming.data.astype(np.uint16)
    mixed *= weight
    mixed += outgoing.data.astype(np.uint16) * np.uint16(256 - weight)
    mixed += 128
    mixed >>= 8
    incoming.data[...] = mixed
