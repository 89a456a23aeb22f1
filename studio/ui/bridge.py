"""The one object the window talks to the engine through.

It owns the :class:`Session`, re-emits its events (sent from engine threads) as Qt signals
delivered on the main thread, polls ``session.stats()`` for the status bar and the meters, and
runs every call that may block (sources restarting, outputs connecting or stopping, the session
ending) on one worker thread, in order, so the UI thread never waits on a device or a network.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from studio.capture.base import SourceEvent
from studio.encode import AudioEncoderSettings, VideoEncoderSettings
from studio.engine.session import Session, SessionEvent
from studio.engine.slate import NoSlateSceneError, SlateEvent
from studio.outputs.base import Output, OutputEvent, OutputState
from studio.outputs.urls import mask_url
from studio.scene import SceneCollection

log = logging.getLogger(__name__)

STATS_INTERVAL_MS = 250
FRAME_INTERVAL_S = 1 / 30
PROGRAM, NEXT = "program", "next"  # what a preview widget shows
SessionFactory = Callable[..., Session]


@dataclass(frozen=True, slots=True)
class RecordingHooks:
    """What the show asks of a recording the window starts: ``on_started`` is the
    RecordingOutput's (called on its thread with its first frame on disk: the ledger notes
    the instant), ``before_close`` runs on the session's worker just before the file closes
    (Record off, the app closing): the recording's chapters are set then."""

    on_started: Callable[[Any], None] | None = None
    before_close: Callable[[], None] | None = None


RecordingHooksFor = Callable[[str], RecordingHooks]  # the canvas recorded → its hooks


class FramePoller:
    """Scales the newest picture of each requested view off the UI thread and hands it over
    with ``deliver(view, frame)``; a view whose last picture was not taken yet is skipped."""

    def __init__(
        self, grab: Callable[[str, str, int, int], np.ndarray | None], deliver: Callable
    ) -> None:
        self._grab, self._deliver = grab, deliver
        self._lock = threading.Lock()
        self._wanted: dict[str, tuple[str, int, int]] = {}  # view → (canvas, width, height)
        self._in_flight: set[str] = set()
        self._stop = threading.Event()
        self._work = threading.Event()  # set while a view is wanted: idle, the thread sleeps
        self._thread = threading.Thread(target=self._loop, name="preview frames", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._work.set()
        if self._thread.is_alive():
            self._thread.join(5.0)

    def want(self, view: str, canvas: str | None, width: int = 0, height: int = 0) -> None:
        with self._lock:
            if canvas is None or width < 2 or height < 2:
                self._wanted.pop(view, None)
            else:
                self._wanted[view] = (canvas, width, height)
            if self._wanted:
                self._work.set()
            else:
                self._work.clear()

    def taken(self, view: str) -> None:
        with self._lock:
            self._in_flight.discard(view)

    def _loop(self) -> None:
        # No preview shown (window minimised, headless bench, hidden studio mode): no wake-ups.
        while self._work.wait() and not self._stop.wait(FRAME_INTERVAL_S):
            with self._lock:
                wanted = [(v, w) for v, w in self._wanted.items() if v not in self._in_flight]
            for view, (canvas, width, height) in wanted:
                try:
                    frame = self._grab(view, canvas, width, height)
                except Exception:
                    log.exception("preview frame of %s failed", view)
                    continue
                if frame is None:
                    continue
                with self._lock:
                    self._in_flight.add(view)
                self._deliver(view, np.ascontiguousarray(frame))


class SessionBridge(QObject):
    source_event = Signal(object)  # SourceEvent
    output_event = Signal(object)  # OutputEvent
    stats_updated = Signal(object)  # list[CanvasStats]
    live_changed = Signal(bool)  # the show runs (its destinations may still be connecting)
    receiving_changed = Signal(bool)  # at least one destination is receiving the show
    destination_changed = Signal(object)  # OutputEvent of a destination of the running show
    recording_changed = Signal(bool)
    recording_saved = Signal(object)  # Path of a recording closed by stop_recording
    slate_changed = Signal(object)  # SlateEvent: a canvas's slate went on or off air
    failed = Signal(str)  # a sentence for the host
    frame_ready = Signal(str, object)  # view (PROGRAM / NEXT), BGRA numpy frame
    _posted = Signal(object)  # engine thread → main thread
    _done = Signal(object, object)  # (callback, result) → main thread
    _frame_grabbed = Signal(str, object)  # frame thread → main thread

    def __init__(
        self,
        collection: SceneCollection,
        *,
        session_factory: SessionFactory = Session,
        stats_interval_ms: int = STATS_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._call_back, Qt.ConnectionType.QueuedConnection)
        self.session = session_factory(collection, on_event=self._posted.emit)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="session-calls")
        self._pending_collection: SceneCollection | None = None
        self._pending_lock = threading.Lock()
        self._destinations: list[Output] = []
        # The running show's destinations by name (url, canvas) and each one's latest state:
        # what "on air" means is read from these, never from a button's state.
        self._targets: dict[str, tuple[str, str | None]] = {}
        self._states: dict[str, OutputEvent] = {}
        self._receiving = False
        self._recording: Output | None = None
        self._recording_path: Path | None = None
        self._recording_closes: Callable[[], None] | None = None
        # Set by the show (studio.ui.shop.show_recordings): each recording's hooks.
        self.recording_hooks: RecordingHooksFor | None = None
        self._closed = False
        self.slates: dict[str, SlateEvent] = {}  # canvas → its slate on air now, and why
        self._timer = QTimer(self)
        self._timer.setInterval(stats_interval_ms)
        self._timer.timeout.connect(self.poll_stats)
        self._frames = FramePoller(self._grab_frame, self._frame_grabbed.emit)
        self._frame_grabbed.connect(self._hand_frame, Qt.ConnectionType.QueuedConnection)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        """Preview every canvas (render and mix, no encoding yet)."""
        self.session.start(all_canvases=True)
        self._timer.start()
        self._frames.start()

    def shutdown(self, timeout_s: float = 15.0) -> None:
        """End the show and stop every engine thread (blocks: called when the app closes)."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._frames.stop()
        closing, self._recording_closes = self._recording_closes, None

        def stop() -> None:
            _before_close(closing)  # the recording's chapters, before the session closes it
            self.session.stop()

        future = self._worker.submit(stop)
        try:
            future.result(timeout_s)
        except Exception:
            log.exception("stopping the session failed")
        self._worker.shutdown(wait=True)

    @property
    def canvas_names(self) -> list[str]:
        return self.session.canvas_names

    # -- fast reads (main thread) ------------------------------------------------------
    def preview(self, canvas: str, width: int, height: int) -> np.ndarray | None:
        if self._closed or width < 2 or height < 2:
            return None
        frame = self.session.preview(canvas, width, height)
        return frame if isinstance(frame, np.ndarray) else None

    def preview_scene(self, canvas: str, width: int, height: int) -> np.ndarray | None:
        """Studio mode's next scene rendered now (None when studio mode is off)."""
        if self._closed or width < 2 or height < 2:
            return None
        frame = self.session.preview_scene(canvas, width, height)
        return frame if isinstance(frame, np.ndarray) else None

    def want_frames(self, view: str, canvas: str | None, width: int = 0, height: int = 0) -> None:
        """Ask for ``frame_ready(view, frame)`` pictures of this size (canvas None: stop)."""
        self._frames.want(view, canvas, width, height)

    def _grab_frame(self, view: str, canvas: str, width: int, height: int) -> np.ndarray | None:
        if view == NEXT:
            return self.preview_scene(canvas, width, height)
        return self.preview(canvas, width, height)

    @Slot(str, object)
    def _hand_frame(self, view: str, frame: np.ndarray) -> None:
        self._frames.taken(view)
        if not self._closed:
            self.frame_ready.emit(view, frame)

    def item_natural_size(self, canvas: str, item_id: str) -> tuple[int, int] | None:
        return None if self._closed else self.session.item_natural_size(canvas, item_id)

    @Slot()
    def poll_stats(self) -> None:
        if not self._closed:
            self.stats_updated.emit(self.session.stats())

    # -- edits (worker thread, in order) -----------------------------------------------
    def update_collection(self, collection: SceneCollection) -> None:
        """Apply an edited collection; while a drag sends many, only the newest is applied."""
        with self._pending_lock:
            already_queued = self._pending_collection is not None
            self._pending_collection = collection
        if not already_queued:
            self._submit(self._apply_pending_collection)

    def _apply_pending_collection(self) -> None:
        with self._pending_lock:
            collection, self._pending_collection = self._pending_collection, None
        if collection is not None:
            self.session.update_collection(collection)

    def show_scene(self, canvas: str, scene_name: str, transition_ms: float = 0.0) -> None:
        """Put a scene on air: a cut, or a cross-fade over ``transition_ms``."""
        self._submit(self.session.show_scene, canvas, scene_name, transition_ms)

    def set_preview_scene(self, canvas: str, scene_name: str | None) -> None:
        """Studio mode: render ``scene_name`` for the next preview (None: stop, free its
        sources). Sources may start here, so it runs on the worker."""
        self._submit(self.session.set_preview_scene, canvas, scene_name)

    def set_audio(
        self, source_name: str, *, gain_db: float | None = None, muted: bool | None = None
    ) -> None:
        self._submit(self.session.set_audio, source_name, gain_db=gain_db, muted=muted)

    def toggle_be_right_back(self) -> None:
        """The be-right-back key: the host's break on every canvas with a slate scene, or
        back to the show; without a slate scene the host is told how to choose one."""

        def toggle() -> str:
            try:
                self.session.toggle_be_right_back()
            except NoSlateSceneError as error:
                return str(error)
            return ""

        self._submit(toggle, on_done=lambda problem: problem and self.failed.emit(problem))

    # -- going live --------------------------------------------------------------------
    @property
    def live(self) -> bool:
        return bool(self._destinations)

    @property
    def recording(self) -> bool:
        return self._recording is not None

    def set_encoder_settings(
        self, video: VideoEncoderSettings, audio: AudioEncoderSettings | None = None
    ) -> None:
        """Used from the next Go Live or recording on."""
        self._submit(self.session.set_encoder_settings, video, audio)

    @property
    def receiving(self) -> bool:
        """At least one destination said it is publishing (the uplink's first packet went
        out), and has not failed or started reconnecting since."""
        return self._receiving

    def destination_states(self) -> dict[str, OutputEvent]:
        """The latest state of each destination of the running show, by name."""
        return {name: self._states[name] for name in self._targets if name in self._states}

    def go_live(
        self, destinations: list[tuple[str, str | None]], names: list[str] | None = None
    ) -> None:
        """Start streaming to each (url, canvas), named ``names`` (default: the masked URL);
        the outputs connect on their own threads."""
        named = _unique_names(names or [mask_url(url) for url, _ in destinations])
        self._targets = dict(zip(named, destinations, strict=True))
        self._states = {}

        def add_all() -> list[Output]:
            return [
                self.session.add_destination(url, canvas, name=name)
                for name, (url, canvas) in zip(named, destinations, strict=True)
            ]

        def added(outputs: list[Output]) -> None:
            self._destinations = outputs
            self.live_changed.emit(True)

        self._submit(add_all, on_done=added)

    def retry_destination(self, name: str) -> bool:
        """Connect ``name`` again now instead of after its back-off (False: not in the show)."""
        if name not in self._targets or not self._destinations:
            return False
        url, canvas = self._targets[name]
        old = next((o for o in self._destinations if o.name == name), None)

        def replace() -> Output:
            # The new one first: removing a canvas's last output would stop its encoder.
            output = self.session.add_destination(url, canvas, name=name)
            if old is not None:
                self.session.remove_output(old)
            return output

        def replaced(output: Output) -> None:
            if name in self._targets:
                self._destinations = [o for o in self._destinations if o is not old] + [output]
            else:  # the show ended meanwhile
                self._submit(self.session.remove_output, output)

        self._submit(replace, on_done=replaced)
        return True

    def end_show(self) -> None:
        outputs, self._destinations = self._destinations, []
        self._targets, self._states = {}, {}
        self._set_receiving(False)
        self.live_changed.emit(False)
        for output in outputs:
            self._submit(self.session.remove_output, output)

    def _destination_event(self, event: OutputEvent) -> None:
        # Stopping/stopped only come from a removal (End Show, Retry now replacing the
        # output): they say nothing about whether the show is received.
        if event.output not in self._targets or event.state in (
            OutputState.STOPPING,
            OutputState.STOPPED,
        ):
            return
        self._states[event.output] = event
        self.destination_changed.emit(event)
        self._set_receiving(any(e.state == OutputState.LIVE for e in self._states.values()))

    def _set_receiving(self, receiving: bool) -> None:
        if receiving != self._receiving:
            self._receiving = receiving
            self.receiving_changed.emit(receiving)

    @property
    def recording_path(self) -> Path | None:
        """The file being recorded now (None: not recording)."""
        return self._recording_path if self._recording is not None else None

    def start_recording(self, path: Path, canvas: str | None = None) -> None:
        """Record ``canvas`` (None: the first) to ``path``, with the hooks the show asks for
        (:attr:`recording_hooks`)."""
        hooks = RecordingHooks()
        if self.recording_hooks is not None:
            hooks = self.recording_hooks(canvas or self.canvas_names[0])
        options = {"on_started": hooks.on_started} if hooks.on_started is not None else {}

        def started(output: Output) -> None:
            self._recording, self._recording_path = output, path
            self._recording_closes = hooks.before_close
            self.recording_changed.emit(True)

        self._submit(self.session.add_recording, path, canvas, on_done=started, **options)

    def stop_recording(self) -> None:
        output, self._recording = self._recording, None
        path, self._recording_path = self._recording_path, None
        closing, self._recording_closes = self._recording_closes, None
        self.recording_changed.emit(False)
        if output is not None:

            def remove_output() -> None:
                _before_close(closing)
                # The file is whole once the output is removed (its trailer written).
                self.session.remove_output(output)

            self._submit(remove_output, on_done=lambda _: self.recording_saved.emit(path))

    def wait_idle(self, timeout_s: float = 10.0) -> None:
        """Wait until every call queued so far has run (tests, and closing)."""
        if not self._closed:
            self._worker.submit(lambda: None).result(timeout_s)

    # -- plumbing ----------------------------------------------------------------------
    def _submit(
        self,
        call: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        if self._closed:
            return
        future = self._worker.submit(call, *args, **kwargs)

        def finished(done: Future[Any]) -> None:
            error = done.exception()
            if error is not None:
                log.error("session call %s failed", getattr(call, "__name__", call), exc_info=error)
                self.failed.emit(f"{getattr(call, '__name__', 'Engine call')}: {error}")
            elif on_done is not None:
                self._done.emit(on_done, done.result())

        future.add_done_callback(finished)

    @Slot(object)
    def _deliver(self, event: SessionEvent) -> None:
        if isinstance(event, SourceEvent):
            self.source_event.emit(event)
        elif isinstance(event, OutputEvent):
            self._destination_event(event)
            self.output_event.emit(event)
        elif isinstance(event, SlateEvent):
            if event.active:
                self.slates[event.canvas] = event
            else:
                self.slates.pop(event.canvas, None)
            self.slate_changed.emit(event)

    @Slot(object, object)
    def _call_back(self, callback: Callable[[Any], None], result: Any) -> None:
        callback(result)


def _before_close(closing: Callable[[], None] | None) -> None:
    """A recording's ``before_close``: whatever it does, the recording still closes."""
    if closing is None:
        return
    try:
        closing()
    except Exception:
        log.exception("a recording's before_close failed")


def _unique_names(names: list[str]) -> list[str]:
    """Two destinations of one show never share a name (states are kept by name)."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique
