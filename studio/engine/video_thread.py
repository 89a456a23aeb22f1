"""The canvas clock: renders the scene at the canvas frame rate and, while an encoding run is
active, hands the frames to the encoder.

The renderer and the encoder run on two threads joined by a short queue. When the encoder falls
behind, a new frame is dropped and counted rather than queued: live video wants the newest
frame. When rendering itself is late by more than a frame, the clock skips ahead so timestamps
stay on the show clock. The newest frame is kept for the preview.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np
from av.video.reformatter import ColorRange, Colorspace, VideoReformatter

from studio.clock import NS_PER_S, Clock, ManualClock, audio_position_to_ns
from studio.compositor.layout import RenderItem
from studio.compositor.planes import CanvasBuffer, FramePool, mix_into
from studio.compositor.renderer import SceneRenderer
from studio.engine.audio_thread import MIX_BLOCK_SAMPLES
from studio.engine.encoding_run import EncodingRun
from studio.engine.preview_picture import PREVIEW_SCALING, preview_size
from studio.media import VideoPicture
from studio.thread_priority import lower_current_thread_priority

log = logging.getLogger(__name__)

_ENCODE_QUEUE_FRAMES = 3
# Real time: the canvas ticks this long after the main camera's frames are captured, so each
# frame shows the camera frame just taken rather than one up to a frame older (a random phase
# between the two clocks would add 0–33 ms at 30 fps). While not encoding, the phase is checked
# every few seconds and corrected when it is off by more than the tolerance.
PHASE_LEAD_NS = 8_000_000
_PHASE_TOLERANCE_NS = 2_000_000
_PHASE_CHECK_EVERY_S = 3.0
# Offline: how long video sources may take to reach the clock (a device or file being opened
# on a loaded machine); a failing source does not make the render wait.
_SOURCE_WAIT_S = 10.0


@dataclass(slots=True)
class VideoCounters:
    rendered_frames: int = 0
    skipped_late_frames: int = 0  # the renderer could not keep up with the clock
    dropped_encoder_frames: int = 0  # the encoder could not keep up
    encoded_frames: int = 0
    render_cpu_s: float = 0.0  # CPU time the render thread spent drawing, in all
    encode_ms: float = 0.0
    encoder_lag_ms: float = 0.0  # from a frame's due time to its packet leaving the encoder
    phase_corrections: int = 0  # times the ticks were moved to follow the main camera


@dataclass(slots=True)
class _Fade:
    from_items: Sequence[RenderItem]
    duration_ns: int
    start_ns: int | None = None  # the due time of the first frame of the fade


@dataclass(slots=True)
class _QueuedFrame:
    buffer: CanvasBuffer
    index: int
    due_ns: int
    run: EncodingRun


def frame_due_ns(start_ns: int, index: int, fps: Fraction) -> int:
    return start_ns + index * fps.denominator * NS_PER_S // fps.numerator


def phase_shift_ns(due_ns: int, reference_ns: int, interval_ns: int, lead_ns: int) -> int:
    """How far to move ``due_ns`` forward (0 ≤ shift < interval) so that it falls ``lead_ns``
    after a frame of the reference grid (a frame at ``reference_ns``, then every interval)."""
    return (reference_ns + lead_ns - due_ns) % interval_ns


class VideoThreads:
    """Render thread + encode thread for one canvas."""

    def __init__(
        self,
        *,
        width: int,
        height: int,
        fps: Fraction,
        clock: Clock,
        name: str = "canvas",
        realtime: bool = True,
    ) -> None:
        """``realtime=False`` renders as fast as the encoder takes frames: the render loop then
        drives ``clock`` (a :class:`ManualClock`) itself, frame by frame, and waits for the
        video sources to reach each frame's time, so no source frame is skipped or repeated."""
        if not realtime and not isinstance(clock, ManualClock):
            raise TypeError("offline rendering needs a ManualClock to drive")
        self.width, self.height, self.fps = width, height, fps
        self._interval_ns = fps.denominator * NS_PER_S // fps.numerator  # one frame, rounded down
        self._clock = clock
        self._name = name
        self._realtime = realtime
        self._renderer = SceneRenderer(width, height)
        self._fade_renderer = SceneRenderer(width, height)  # its own caches: no thrashing
        self._fade: _Fade | None = None
        self._pool = FramePool(width, height, keep=_ENCODE_QUEUE_FRAMES + 4)
        self._items: Sequence[RenderItem] = ()
        self._queue: queue.Queue[_QueuedFrame | None] = queue.Queue(_ENCODE_QUEUE_FRAMES)
        self._stop = threading.Event()
        self._render_thread: threading.Thread | None = None
        self._encode_thread: threading.Thread | None = None
        self._latest: CanvasBuffer | None = None
        self._latest_lock = threading.Lock()
        self._preview_reformatter = VideoReformatter()
        self._preview_lock = threading.Lock()
        self.run: EncodingRun | None = None  # frames go to it while set
        self.counters = VideoCounters()
        self.start_ns = 0
        self.next_index = 0
        self.frame_limit: int | None = None  # stop after this many frames (offline renders)
        self.finished = threading.Event()
        self.error: BaseException | None = None
        self._next_phase_check_s = 0.0

    def set_items(self, items: Sequence[RenderItem], fade_ms: float = 0.0) -> None:
        """Takes effect from the next frame (a plain reference swap, safe across threads);
        with ``fade_ms`` the old items cross-fade into the new ones over that time."""
        previous = self._items
        self._fade = _Fade(previous, int(fade_ms * 1e6)) if fade_ms > 0 and previous else None
        self._items = tuple(items)

    def start(self, start_ns: int) -> None:
        self.start_ns = start_ns
        if self._realtime:
            self.start_ns += self._phase_correction_ns(start_ns, tolerance_ns=0)
        self._render_thread = threading.Thread(
            target=self._render_loop, name=f"{self._name}-render", daemon=True
        )
        self._encode_thread = threading.Thread(
            target=self._encode_loop, name=f"{self._name}-encode", daemon=True
        )
        self._encode_thread.start()
        self._render_thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._render_thread is not None:
            self._render_thread.join(timeout_s)
        if self._encode_thread is not None:
            self._encode_thread.join(timeout_s)
        with self._latest_lock:
            latest, self._latest = self._latest, None
        if latest is not None:
            latest.release()

    def wait_encoded(self, timeout_s: float) -> bool:
        """Wait until every frame handed to the encoder so far is encoded."""
        deadline = time.monotonic() + timeout_s
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self._queue.unfinished_tasks

    # -- preview ---------------------------------------------------------------------------
    def preview(self, width: int, height: int) -> np.ndarray | None:
        """The newest rendered frame scaled to fit ``width``×``height``, as BGRA (for a QImage
        in Format_ARGB32), or None before the first frame. Safe from any thread."""
        with self._latest_lock:
            buffer = self._latest.retain() if self._latest is not None else None
        if buffer is None:
            return None
        try:
            out_w, out_h = preview_size(self.width, self.height, width, height)
            with self._preview_lock:
                frame = self._preview_reformatter.reformat(
                    buffer.to_video_frame(),
                    width=out_w,
                    height=out_h,
                    format="bgra",
                    **PREVIEW_SCALING,
                )
                return frame.to_ndarray()
        finally:
            buffer.release()

    def newest_frame(self) -> av.VideoFrame | None:
        """A copy of the newest rendered frame at canvas size (yuv420p, BT.709 limited range:
        the encoder's input), or None before the first frame. Safe from any thread."""
        with self._latest_lock:
            buffer = self._latest.retain() if self._latest is not None else None
        if buffer is None:
            return None
        try:
            frame = av.VideoFrame.from_numpy_buffer(buffer.data.copy(), format="yuv420p")
        finally:
            buffer.release()
        frame.colorspace, frame.color_range = Colorspace.ITU709, ColorRange.MPEG
        return frame

    # -- threads ---------------------------------------------------------------------------
    def _render_loop(self) -> None:
        lower_current_thread_priority()  # the encoder gets the cores first
        index = 0
        try:
            while not self._stop.is_set():
                if self.frame_limit is not None and index >= self.frame_limit:
                    break
                due_ns = frame_due_ns(self.start_ns, index, self.fps)
                if not self._realtime:
                    self._advance_offline_clock(due_ns)
                else:
                    if self.run is None:  # never during a run: its frame times stay regular
                        due_ns = self._keep_in_phase(index, due_ns)
                    if not self._clock.sleep_until_ns(due_ns, self._stop):
                        break
                    late_frames = self._frames_late(due_ns)
                    if late_frames >= 1:
                        self.counters.skipped_late_frames += late_frames
                        index += late_frames
                        due_ns = frame_due_ns(self.start_ns, index, self.fps)
                buffer = self._pool.take()
                started_cpu = time.thread_time()
                self._renderer.render(self._items, buffer)
                self._apply_fade(buffer, due_ns)
                self.counters.render_cpu_s += time.thread_time() - started_cpu
                self.counters.rendered_frames += 1
                self._keep_for_preview(buffer)
                run = self.run
                if run is not None and run.accepting:
                    run.claim_first_frame(index, due_ns)
                    self._enqueue(_QueuedFrame(buffer, index, due_ns, run))
                else:
                    buffer.release()
                index += 1
                self.next_index = index
        except Exception as error:
            log.exception("%s: rendering stopped", self._name)
            self.error = error
        finally:
            if not self._realtime:
                # Let the audio thread finish the blocks that end after the last frame: a
                # block's length past it, and a frame more.
                assert isinstance(self._clock, ManualClock)
                past_end_ns = audio_position_to_ns(MIX_BLOCK_SAMPLES) + self._interval_ns
                self._clock.set_ns(frame_due_ns(self.start_ns, index, self.fps) + past_end_ns)
            self._queue.put(None)  # wakes the encoder to end

    def _apply_fade(self, buffer: CanvasBuffer, due_ns: int) -> None:
        fade = self._fade
        if fade is None:
            return
        if fade.start_ns is None:
            fade.start_ns = due_ns
        progress = (due_ns - fade.start_ns) / max(1, fade.duration_ns)
        if progress >= 1.0:
            self._fade = None
            return
        outgoing = self._pool.take()
        try:
            self._fade_renderer.render(fade.from_items, outgoing)
            mix_into(buffer, outgoing, incoming_weight=progress)
        finally:
            outgoing.release()

    def _keep_for_preview(self, buffer: CanvasBuffer) -> None:
        buffer.retain()
        with self._latest_lock:
            previous, self._latest = self._latest, buffer
        if previous is not None:
            previous.release()

    def _phase_correction_ns(self, due_ns: int, tolerance_ns: int) -> int:
        """How far to delay ``due_ns`` to tick just after the main camera's frames: the
        bottom-most visible item showing moving video. 0 without one or within tolerance."""
        for item in self._items:
            picture = item.source.current_picture() if item.visible else None
            if isinstance(picture, VideoPicture):
                break
        else:
            return 0
        # The source's exact grid where it keeps one; else when its newest frame came.
        grid_ns = item.source.frame_grid_ns()
        reference_ns = grid_ns if grid_ns is not None else picture.captured_ns
        shift = phase_shift_ns(due_ns, reference_ns, self._interval_ns, PHASE_LEAD_NS)
        if shift <= tolerance_ns or self._interval_ns - shift <= tolerance_ns:
            return 0
        return shift

    def _keep_in_phase(self, index: int, due_ns: int) -> int:
        now_s = time.monotonic()
        if now_s < self._next_phase_check_s:
            return due_ns
        self._next_phase_check_s = now_s + _PHASE_CHECK_EVERY_S
        shift = self._phase_correction_ns(due_ns, _PHASE_TOLERANCE_NS)
        if shift:
            self.start_ns += shift
            self.counters.phase_corrections += 1
        return frame_due_ns(self.start_ns, index, self.fps)

    def _advance_offline_clock(self, due_ns: int) -> None:
        assert isinstance(self._clock, ManualClock)
        # Half a frame past the due time: a source whose own frame grid rounds a nanosecond
        # later still delivers this frame, and not the next one.
        self._clock.set_ns(due_ns + self._interval_ns // 2)
        deadline = time.monotonic() + _SOURCE_WAIT_S
        for item in self._items:
            if item.visible and not self._stop.is_set():
                item.source.wait_for_frame(due_ns, max(0.0, deadline - time.monotonic()))

    def _frames_late(self, due_ns: int) -> int:
        return max(0, (self._clock.now_ns() - due_ns) // self._interval_ns)

    def _enqueue(self, item: _QueuedFrame) -> None:
        if not self._realtime:
            self._queue.put(item)  # offline: the encoder sets the pace
            return
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self.counters.dropped_encoder_frames += 1
            item.buffer.release()

    def _encode_loop(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    self._queue.task_done()
                    break
                try:
                    started = time.perf_counter()
                    frame: av.VideoFrame = item.buffer.to_video_frame()
                    item.run.encode_video(frame, item.index, item.due_ns)
                    self._average("encode_ms", (time.perf_counter() - started) * 1000)
                    self.counters.encoded_frames += 1
                    lag_ms = (self._clock.now_ns() - item.due_ns) / 1e6
                    self._average("encoder_lag_ms", lag_ms)
                finally:
                    item.buffer.release()
                    self._queue.task_done()
        except Exception as error:
            log.exception("%s: video encoding stopped", self._name)
            self.error = error
        finally:
            self.finished.set()

    def _average(self, field: str, value: float) -> None:
        previous = getattr(self.counters, field)
        setattr(self.counters, field, value if previous == 0.0 else previous * 0.9 + value * 0.1)
