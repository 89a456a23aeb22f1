"""A virtual camera fed with one canvas's program, for tools that only take a webcam.

Unlike the other outputs it takes pictures, not encoded packets: no encoder runs for it. It
speaks their language all the same (a name, ``start``/``stop``/``stats``, an
:class:`OutputEvent` at each change of state), so the window lists it like a destination.

The render thread is never involved: the camera's own thread asks for the program's newest
frame at the canvas's frame rate (the render thread only ever swaps that frame in), converts it
to I420 — the canvas's own layout, and a format every pyvirtualcam backend takes — and sends it.
When the backend is slow, the ticks it made the camera miss are skipped and counted as dropped
frames, as the canvas does for a late render; nothing waits for the camera and nothing queues.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

import av
import numpy as np
from av.video.reformatter import ColorRange, Colorspace, Interpolation, VideoReformatter

from studio.clock import NS_PER_S, Clock, MonotonicClock
from studio.outputs.base import (
    OutputEventHandler,
    OutputState,
    OutputStats,
    StopReason,
    announce_state,
)
from studio.outputs.rates import RateMeter
from studio.outputs.virtual_camera_driver import VirtualCameraUnavailable, open_camera

if TYPE_CHECKING:
    import pyvirtualcam

log = logging.getLogger(__name__)

BLACK_Y, NEUTRAL_CHROMA = 16, 128  # limited-range black, as the canvas and swscale use
CAMERA_FORMAT = "I420"
# What apps assume of a webcam's YUV: BT.601, limited range (v4l2loopback's default, and what
# pyvirtualcam's own RGB conversions produce).
CAMERA_COLOURS = {"dst_colorspace": Colorspace.ITU601, "dst_color_range": ColorRange.MPEG}

ProgramFrame = Callable[[], av.VideoFrame | None]
"""The program's newest frame (any size and pixel format), None before the first."""


class ProgramSource(Protocol):
    """What :func:`session_program` needs of a :class:`studio.engine.session.Session`."""

    def program_frame(self, canvas: str) -> av.VideoFrame | None: ...


def session_program(session: ProgramSource, canvas: str) -> ProgramFrame:
    """The canvas's newest rendered frame at canvas size, as the encoder gets it (a copy the
    render thread hands over at once; converted on the camera's own thread)."""
    return lambda: session.program_frame(canvas)


def black_i420(width: int, height: int) -> np.ndarray:
    picture = np.full(width * height * 3 // 2, NEUTRAL_CHROMA, np.uint8)
    picture[: width * height] = BLACK_Y
    return picture


def i420_planes(picture: np.ndarray, width: int, height: int) -> tuple[np.ndarray, ...]:
    """Views of the Y, U and V planes of a flat I420 picture."""
    flat = picture.reshape(-1)
    luma, chroma = width * height, width * height // 4
    return (
        flat[:luma].reshape(height, width),
        flat[luma : luma + chroma].reshape(height // 2, width // 2),
        flat[luma + chroma :].reshape(height // 2, width // 2),
    )


def to_camera_picture(
    frame: av.VideoFrame, width: int, height: int, reformatter: VideoReformatter
) -> np.ndarray:
    """``frame`` as a flat I420 picture of exactly ``width``×``height``: scaled to fit and
    centred on black when its shape differs (a canvas resized while the camera runs keeps the
    size the receiving app was given)."""
    if (frame.width, frame.height) == (width, height):
        same_size = reformatter.reformat(frame, format="yuv420p", **CAMERA_COLOURS)
        return np.ascontiguousarray(same_size.to_ndarray()).reshape(-1)
    scale = min(width / frame.width, height / frame.height)
    fit_w = max(2, int(frame.width * scale) & ~1)
    fit_h = max(2, int(frame.height * scale) & ~1)
    fitted = reformatter.reformat(
        frame,
        width=fit_w,
        height=fit_h,
        format="yuv420p",
        interpolation=Interpolation.BILINEAR,
        **CAMERA_COLOURS,
    )
    picture = black_i420(width, height)
    left, top = (width - fit_w) // 2 & ~1, (height - fit_h) // 2 & ~1  # even: chroma is halved
    source = np.ascontiguousarray(fitted.to_ndarray()).reshape(-1)
    for index, (into, plane) in enumerate(
        zip(i420_planes(picture, width, height), i420_planes(source, fit_w, fit_h), strict=True)
    ):
        shift = 0 if index == 0 else 1
        y, x = top >> shift, left >> shift
        into[y : y + plane.shape[0], x : x + plane.shape[1]] = plane
    return picture


class VirtualCameraOutput:
    """Sends ``program_frame()`` to a virtual camera at ``fps``; thread-safe like an Output."""

    def __init__(
        self,
        program_frame: ProgramFrame,
        *,
        width: int,
        height: int,
        fps: Fraction,
        name: str = "Virtual camera",
        on_event: OutputEventHandler | None = None,
        backend: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        """``backend`` None opens whichever driver is installed (tests name their own)."""
        self.width, self.height, self.fps = width, height, Fraction(fps)
        self._program_frame = program_frame
        self._name = name
        self._on_event = on_event
        self._backend = backend
        self._clock = clock or MonotonicClock()
        self._lock = threading.Lock()
        self._stats = OutputStats(name=name)
        self._rates = RateMeter()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.problem: VirtualCameraUnavailable | None = None  # why it could not start

    @property
    def name(self) -> str:
        return self._name

    @property
    def state(self) -> OutputState:
        with self._lock:
            return self._stats.state

    def start(self) -> None:
        """Returns at once: the camera opens on the output's thread; a missing driver ends in
        FAILED, with the sentence saying how to get one (and :attr:`problem` set)."""
        if self._thread is not None:
            return
        self._set_state(OutputState.CONNECTING, StopReason.NONE, "Opening the virtual camera.")
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Stop sending and release the camera (within ``timeout_s``); idempotent."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("%s did not stop within %.1f s", self._name, timeout_s)

    def stats(self) -> OutputStats:
        with self._lock:
            return dataclasses.replace(self._stats, extra=dict(self._stats.extra))

    # -- the camera's thread -----------------------------------------------------------
    def _run(self) -> None:
        try:
            camera = open_camera(
                self.width, self.height, float(self.fps), CAMERA_FORMAT, backend=self._backend
            )
        except VirtualCameraUnavailable as problem:
            self.problem = problem
            self._set_state(OutputState.FAILED, StopReason.CONNECT_FAILED, str(problem))
            return
        with self._lock:
            self._stats.extra.update(
                device=str(camera.device),
                backend=str(camera.backend),
                format=CAMERA_FORMAT,
                size=f"{self.width}×{self.height}",
            )
        self._set_state(
            OutputState.LIVE,
            StopReason.NONE,
            f"The program goes to the virtual camera {camera.device} "
            f"({self.width}×{self.height}, {float(self.fps):g} fps).",
        )
        try:
            self._send_loop(camera)
        except Exception as error:  # the device went away, the driver refused a frame
            log.exception("%s: sending failed", self._name)
            self._set_state(
                OutputState.FAILED,
                StopReason.WRITE_ERROR,
                f"The virtual camera stopped: {error}. Start it again from the Tools menu.",
            )
            return
        finally:
            camera.close()
        self._set_state(OutputState.STOPPED, StopReason.REQUESTED, "The virtual camera is off.")

    def _send_loop(self, camera: pyvirtualcam.Camera) -> None:
        # Paced by the clock on exact frame times rather than pyvirtualcam's adaptive
        # sleep_until_next_frame: a stop wakes it at once, and the ticks missed are known.
        interval_ns = self.fps.denominator * NS_PER_S // self.fps.numerator
        reformatter = VideoReformatter()
        black = black_i420(self.width, self.height)
        start_ns = self._clock.now_ns()
        index = 0
        while True:
            due_ns = start_ns + index * self.fps.denominator * NS_PER_S // self.fps.numerator
            if not self._clock.sleep_until_ns(due_ns, self._stopping):
                return
            late = (self._clock.now_ns() - due_ns) // interval_ns
            if late > 0:  # the backend (or the machine) held us up: those frames are gone
                index += late
            frame = self._program_frame()
            camera.send(black if frame is None else self._picture(frame, reformatter))
            index += 1
            with self._lock:
                self._stats.dropped_video_packets += max(0, late)
                self._stats.video_packets_sent += 1
                self._stats.bytes_sent += black.size
                rates = self._rates.update(
                    time.monotonic(), self._stats.bytes_sent, self._stats.video_packets_sent
                )
                if rates is not None:
                    self._stats.bitrate_kbps, self._stats.fps = rates

    def _picture(self, frame: av.VideoFrame, reformatter: VideoReformatter) -> np.ndarray:
        return to_camera_picture(frame, self.width, self.height, reformatter)

    def _set_state(self, state: OutputState, reason: StopReason, message: str) -> None:
        announce_state(self._name, self._stats, self._lock, self._on_event, state, reason, message)
