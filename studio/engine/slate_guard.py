"""The session's slate watchers: one per canvas, and the low-rate thread that reads health.

For a canvas with a slate scene the guard keeps the program scene's sources running (held in
the source pool) while the slate is on air: the lost camera goes on retrying, so it can come
back, and the overlays and microphone of the program are ready when it does. It reads the main
camera's health a few times a second (no per-frame work) and tells the session what to put on
air; the session does the switching, under its own lock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from studio.capture.base import Source, SourceSettings
from studio.engine.slate import (
    SlateEvent,
    SlateReason,
    SlateWatcher,
    main_camera,
    no_slate_scene_error,
)
from studio.engine.source_pool import SourcePool
from studio.scene.model import Scene, SceneCollection

log = logging.getLogger(__name__)

CHECK_INTERVAL_S = 0.1  # how often the main cameras' health is read


@dataclass(frozen=True, slots=True)
class SlateChange:
    """Put ``scene`` on air on ``canvas`` over ``fade_ms``, then tell ``event``."""

    canvas: str
    scene: Scene
    fade_ms: float
    event: SlateEvent


@dataclass(slots=True)
class _CanvasSlate:
    program: Scene
    slate: Scene | None = None
    watcher: SlateWatcher = field(default_factory=SlateWatcher)
    held: list[SourceSettings] = field(default_factory=list)  # the program's sources
    sources: list[Source] = field(default_factory=list)  # the running ones, in ``held`` order
    camera: Source | None = None
    on_air: SlateReason | None = None  # why the slate is on air (None: the program is)


class SlateGuard:
    """Not thread-safe: the session calls it under its lock."""

    def __init__(self, pool: SourcePool, now_s: Callable[[], float] = time.monotonic) -> None:
        self._pool = pool
        self._now_s = now_s
        self._canvases: dict[str, _CanvasSlate] = {}
        # The slate comes and goes the way scenes are switched: the latest switch's cut or fade.
        self.transition_ms = 0.0

    def follow(
        self, canvas: str, program: Scene, collection: SceneCollection
    ) -> tuple[Scene, SlateEvent | None]:
        """The canvas's program is ``program`` now (switched, or edited), in ``collection``
        (which names the slate): what to put on air, and the event if the slate went on or
        off."""
        slate = _slate_scene(collection, canvas)
        state = self._canvases.get(canvas)
        if state is None:
            state = self._canvases[canvas] = _CanvasSlate(program)
        state.program, state.slate = program, slate
        self._hold(state, program if slate is not None else None)
        if slate is None:
            state.watcher.manual = False
        self._observe(state)
        ended = ""  # the camera came back (or the break ended): the usual message
        if slate is None:
            ended = "the canvas has no slate scene any more"
        elif state.camera is None:
            ended = "its program shows no camera"
        event = self._decide(canvas, state, ended)  # first: it settles what is on air
        return self._on_air_scene(state), event

    def check(self) -> list[SlateChange]:
        """Read every main camera's health now: the canvases whose picture must change."""
        changes = []
        for canvas, state in self._canvases.items():
            if state.slate is None:
                continue
            self._observe(state)
            change = self._change(canvas, state)
            if change is not None:
                changes.append(change)
        return changes

    def set_break(self, active: bool, canvas: str | None = None) -> list[SlateChange]:
        """The host's break on (or off) for ``canvas``, or every canvas with a slate."""
        names = self._with_slate()
        if canvas is not None:
            if canvas not in names:
                raise no_slate_scene_error(canvas)
            names = [canvas]
        elif not names:
            raise no_slate_scene_error()
        changes = []
        for name in names:
            state = self._canvases[name]
            state.watcher.manual = active
            change = self._change(name, state)
            if change is not None:
                changes.append(change)
        return changes

    def on_break(self) -> bool:
        """The host's break runs on some canvas."""
        return any(self._canvases[name].watcher.manual for name in self._with_slate())

    def reason(self, canvas: str) -> SlateReason | None:
        """Why the slate is on air on ``canvas`` (None: the program is)."""
        state = self._canvases.get(canvas)
        return state.on_air if state is not None else None

    def on_air(self) -> dict[str, tuple[str, str]]:
        """Canvas → (slate scene, reason) for the canvases showing their slate."""
        return {
            name: (state.slate.name, state.on_air.value)
            for name, state in self._canvases.items()
            if state.on_air is not None and state.slate is not None
        }

    def forget(self, canvas: str) -> None:
        state = self._canvases.pop(canvas, None)
        if state is not None:
            self._hold(state, None)

    def release_all(self) -> None:
        for canvas in list(self._canvases):
            self.forget(canvas)

    # -- internals ---------------------------------------------------------------------
    def _with_slate(self) -> list[str]:
        return [name for name, state in self._canvases.items() if state.slate is not None]

    def _hold(self, state: _CanvasSlate, program: Scene | None) -> None:
        wanted = [item.source for item in program.items] if program is not None else []
        if wanted != state.held:
            # Acquire first, release after: a source in both stays running.
            sources = [self._pool.acquire(settings) for settings in wanted]
            for settings in state.held:
                self._pool.release(settings)
            state.held, state.sources = wanted, sources
        item = main_camera(program) if program is not None else None
        camera = state.sources[program.items.index(item)] if program and item else None
        if camera is not state.camera:
            state.camera = camera
            state.watcher.camera_changed()

    def _observe(self, state: _CanvasSlate) -> None:
        health = state.camera.health.state if state.camera is not None else None
        state.watcher.observe(self._now_s(), health)

    def _change(self, canvas: str, state: _CanvasSlate) -> SlateChange | None:
        was = state.on_air
        event = self._decide(canvas, state)
        if event is None:
            return None
        # The slate is on already when the reason changes: nothing to fade. A lost camera is
        # cut away from at once (its picture is gone); the rest uses the scene transition.
        still_on = was is not None and state.on_air is not None
        cut = still_on or state.on_air is SlateReason.CAMERA_LOST
        fade_ms = 0.0 if cut else self.transition_ms
        return SlateChange(canvas, self._on_air_scene(state), fade_ms, event)

    def _decide(self, canvas: str, state: _CanvasSlate, ended: str = "") -> SlateEvent | None:
        reason = state.watcher.reason if state.slate is not None else None
        was = state.on_air
        if reason == was:
            return None
        state.on_air = reason
        camera = state.camera
        detail = ended if reason is None else ""
        if reason is SlateReason.CAMERA_LOST and camera is not None:
            detail = camera.health.message or f"'{camera.display_name}' did not open"
        return SlateEvent(
            canvas=canvas,
            active=reason is not None,
            reason=reason or was or SlateReason.MANUAL,
            slate_scene=state.slate.name if state.slate is not None else "",
            program_scene=state.program.name,
            camera=camera.display_name if camera is not None else "",
            detail=detail,
        )

    @staticmethod
    def _on_air_scene(state: _CanvasSlate) -> Scene:
        if state.on_air is not None and state.slate is not None:
            return state.slate
        return state.program


def _slate_scene(collection: SceneCollection, canvas: str) -> Scene | None:
    try:
        name = collection.canvas(canvas).slate_scene
        return collection.scene(name) if name else None
    except KeyError:  # a canvas or scene being removed: no slate to show
        return None


class Ticker:
    """Calls ``tick`` every ``interval_s`` on one daemon thread, from ``start`` to ``stop``."""

    def __init__(self, interval_s: float, tick: Callable[[], None], name: str) -> None:
        self._interval_s, self._tick, self._name = interval_s, tick, name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self._tick()
            except Exception:  # the show goes on; the next tick tries again
                log.exception("%s failed", self._name)
