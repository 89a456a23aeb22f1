"""The one object the CLI and the desktop app drive: a show from a scene collection.

It owns the shared sources, one :class:`CanvasPipeline` per canvas, and their outputs; it turns
scene items into what the compositor and mixer need, applies live edits (show/hide an item,
switch scene, gain/mute), puts each canvas's be-right-back slate on air while its main camera
is lost or the host takes a break (:mod:`studio.engine.slate_guard`), and reports every event
through one callback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np

from studio.capture.base import Services, Source, SourceEvent
from studio.clock import Clock, ManualClock, MonotonicClock
from studio.compositor.layout import RenderItem
from studio.encode import AudioEncoderSettings, VideoEncoderSettings
from studio.engine.brand_fonts import register_brand_fonts
from studio.engine.canvas import CanvasConfig, CanvasPipeline, CanvasStats
from studio.engine.host_values import with_host_values
from studio.engine.scene_items import AudioOverride, mixer_input, render_item
from studio.engine.scene_preview import ScenePreview
from studio.engine.slate import SlateEvent, SlateReason
from studio.engine.slate_guard import CHECK_INTERVAL_S, SlateChange, SlateGuard, Ticker
from studio.engine.source_pool import SourcePool
from studio.outputs.base import Output, OutputEvent
from studio.outputs.network import NetworkOutput
from studio.outputs.recording import RecordingOutput
from studio.scene.model import Scene, SceneCollection, SceneItem

log = logging.getLogger(__name__)

SessionEvent = SourceEvent | OutputEvent | SlateEvent
SessionEventHandler = Callable[[SessionEvent], None]


# The fade ends at a frame boundary after the request reached the render thread.
_FADE_RELEASE_MARGIN_S = 0.25


class Session:
    def __init__(
        self,
        collection: SceneCollection,
        *,
        clock: Clock | None = None,
        video_settings: VideoEncoderSettings | None = None,
        audio_settings: AudioEncoderSettings | None = None,
        on_event: SessionEventHandler | None = None,
        services: Services | None = None,
    ) -> None:
        """With a :class:`ManualClock`, the show renders offline as fast as it can encode
        (benchmarks, exports); with the default clock, in real time. ``services`` is the live
        data overlays show (the shop, the chat), handed to every source. Sources are drawn
        with the template's host values in their ``{host.…}`` placeholders
        (:mod:`studio.engine.host_values`); :attr:`collection` stays the document as given."""
        self.collection = collection
        # What is drawn: the collection with the template's host values put in.
        self._drawn = with_host_values(collection)
        register_brand_fonts(collection)
        self.clock = clock or MonotonicClock()
        self._video_settings = video_settings or VideoEncoderSettings()
        self._audio_settings = audio_settings or AudioEncoderSettings()
        self._on_event = on_event
        self._realtime = not isinstance(self.clock, ManualClock)
        self._lock = threading.RLock()
        self.sources = SourcePool(self.clock, on_event=self._emit, services=services)
        self._pipelines: dict[str, CanvasPipeline] = {}
        self._scenes: dict[str, Scene] = {}  # canvas name → its program, with live edits
        self._on_air: dict[str, Scene] = {}  # the program, or the slate standing in for it
        self._acquired: dict[str, list[SceneItem]] = {}
        self._item_sources: dict[str, dict[str, Source]] = {}  # canvas → item id → source
        self._preview_scenes: dict[str, tuple[Scene, list[RenderItem], ScenePreview]] = {}
        self._audio_overrides: dict[str, AudioOverride] = {}
        self._pending_releases: list[threading.Timer] = []
        # Be right back: each canvas's slate, checked in real time (an offline render shows
        # what the document says; a break asked for still switches).
        self._slate = SlateGuard(self.sources)
        self._slate_ticker = (
            Ticker(CHECK_INTERVAL_S, self._check_slates, "slate") if self._realtime else None
        )
        self.started = False

    # -- canvases ----------------------------------------------------------------------
    @property
    def canvas_names(self) -> list[str]:
        return [canvas.name for canvas in self.collection.canvases]

    def pipeline(self, canvas: str | None = None) -> CanvasPipeline:
        name = canvas or self.canvas_names[0]
        with self._lock:
            pipeline = self._pipelines.get(name)
            if pipeline is None:
                try:
                    spec = self.collection.canvas(name)
                except KeyError:
                    known = ", ".join(self.canvas_names)
                    raise ValueError(f"no canvas named {name!r} (canvases: {known})") from None
                config = CanvasConfig(spec.name, spec.width, spec.height, spec.fps)
                pipeline = CanvasPipeline(
                    config,
                    self.clock,
                    self._video_settings,
                    self._audio_settings,
                    realtime=self._realtime,
                )
                self._pipelines[name] = pipeline
                self._show_scene(name, self._drawn.scene(spec.scene))
                if self.started:  # a canvas a new show brought, asked for while running
                    pipeline.start(self.clock.now_ns())
            return pipeline

    # -- outputs -----------------------------------------------------------------------
    def add_destination(self, url: str, canvas: str | None = None, **options: object) -> Output:
        output = NetworkOutput(url, on_event=self._emit, **options)  # type: ignore[arg-type]
        self.pipeline(canvas).add_output(output)
        return output

    def add_recording(self, path: Path, canvas: str | None = None, **options: object) -> Output:
        output = RecordingOutput(path, on_event=self._emit, **options)  # type: ignore[arg-type]
        self.pipeline(canvas).add_output(output)
        return output

    def set_encoder_settings(
        self, video: VideoEncoderSettings, audio: AudioEncoderSettings | None = None
    ) -> None:
        """Encoder settings for every canvas's next encoding run (a run in progress keeps
        its own: platforms want the settings of a stream to stay put)."""
        with self._lock:
            self._video_settings = video
            self._audio_settings = audio or self._audio_settings
            for pipeline in self._pipelines.values():
                pipeline.video_settings = self._video_settings
                pipeline.audio_settings = self._audio_settings

    def remove_output(self, output: Output, timeout_s: float = 5.0) -> None:
        """End one destination or recording; a canvas stops encoding with its last output."""
        with self._lock:
            pipelines = list(self._pipelines.values())
        for pipeline in pipelines:
            if any(o is output for o in pipeline.outputs):
                pipeline.remove_output(output, timeout_s)

    def preview(self, canvas: str, width: int, height: int) -> object:
        """The canvas's newest frame scaled to fit, as a BGRA numpy array (or None)."""
        return self.pipeline(canvas).preview(width, height)

    def program_frame(self, canvas: str) -> av.VideoFrame | None:
        """A copy of the canvas's newest program frame at canvas size (yuv420p, BT.709), or
        None before the first: for outputs that take raw pictures (the virtual camera)."""
        return self.pipeline(canvas).newest_frame()

    # -- lifecycle ---------------------------------------------------------------------
    def start(self, *, frame_limit: int | None = None, all_canvases: bool = False) -> None:
        """Start rendering every canvas that was asked for (by adding an output or calling
        ``pipeline``), or every canvas of the collection; canvases with outputs encode."""
        with self._lock:
            if self.started:
                return
            if all_canvases:
                for name in self.canvas_names:
                    self.pipeline(name)
            pipelines = list(self._pipelines.values()) or [self.pipeline()]
            # One instant for every canvas: their timestamps start together.
            start_ns = self.clock.now_ns()
            for pipeline in pipelines:
                pipeline.start(start_ns, frame_limit=frame_limit)
            if self._slate_ticker is not None:
                self._slate_ticker.start()
            self.started = True

    def wait_finished(self, timeout_s: float | None = None) -> bool:
        return all(p.wait_finished(timeout_s) for p in list(self._pipelines.values()))

    def stop(self, timeout_s: float = 8.0) -> None:
        if self._slate_ticker is not None:
            self._slate_ticker.stop()  # before the lock: a check may be waiting for it
        with self._lock:
            pipelines = list(self._pipelines.values())
        for pipeline in pipelines:
            pipeline.stop(timeout_s)
        with self._lock:
            self._slate.release_all()
            self._preview_scenes.clear()
            pending, self._pending_releases = self._pending_releases, []
        for timer in pending:
            timer.cancel()
        self.sources.stop_all()
        self.started = False

    def stats(self) -> list[CanvasStats]:
        with self._lock:
            pipelines = list(self._pipelines.values())
            slates = self._slate.on_air()
        stats = [pipeline.stats() for pipeline in pipelines]
        for canvas in stats:
            canvas.on_slate, canvas.slate_reason = slates.get(canvas.name, ("", ""))
        return stats

    # -- live edits --------------------------------------------------------------------
    def show_scene(self, canvas: str, scene_name: str, transition_ms: float = 0.0) -> None:
        """Put a scene on the canvas: a cut, or a fade over ``transition_ms``."""
        with self._lock:
            self.pipeline(canvas)
            self._slate.transition_ms = transition_ms
            self._show_scene(canvas, self._drawn.scene(scene_name), transition_ms)

    def set_item_visible(self, canvas: str, item_id: str, visible: bool) -> None:
        """Show or hide an item; it appears in the very next frame the canvas renders."""
        with self._lock:
            scene = self._scenes[canvas]
            item = scene.item(item_id)
            items = [
                i.model_copy(update={"visible": visible}) if i is item else i for i in scene.items
            ]
            self._show_scene(canvas, scene.model_copy(update={"items": items}))

    def update_collection(self, collection: SceneCollection) -> None:
        """Adopt an edited collection (items added, removed, reordered, moved, re-set up).

        Each running canvas keeps showing the scene it shows, as the new collection defines it
        (or the canvas's own scene if that one was renamed or deleted); new sources start,
        unused ones stop, edited ones restart. A canvas whose size or frame rate changed is
        rebuilt, unless it is encoding (a stream or recording keeps its format to the end).
        """
        with self._lock:
            rebuilt: list[str] = []
            removed: list[str] = []
            for name, pipeline in self._pipelines.items():
                try:
                    spec = collection.canvas(name)
                except KeyError:
                    if pipeline.live:
                        raise ValueError(
                            f"The canvas '{name}' cannot be removed during a show or a "
                            "recording: end it first."
                        ) from None
                    removed.append(name)  # a new show (a template) brings its own canvases
                    continue
                config = pipeline.config
                if (spec.width, spec.height, spec.fps) == (config.width, config.height, config.fps):
                    continue
                if pipeline.live:
                    raise ValueError(
                        f"The canvas '{name}' cannot change its size or frame rate during a show "
                        "or a recording: end it first, then apply the new video settings."
                    )
                rebuilt.append(name)
            self.collection = collection
            self._drawn = drawn = with_host_values(collection)
            register_brand_fonts(collection)
            for name in removed:
                self._remove_pipeline(name)
            for name in rebuilt:
                self._rebuild_pipeline(name)
            for name in list(self._pipelines):
                shown = self._scenes.get(name)
                names = {scene.name for scene in collection.scenes}
                scene_name = shown.name if shown and shown.name in names else None
                self._show_scene(name, drawn.scene(scene_name or collection.canvas(name).scene))
            for name, (scene, _, _) in list(self._preview_scenes.items()):
                names = {s.name for s in collection.scenes}
                self.set_preview_scene(name, scene.name if scene.name in names else None)

    def _remove_pipeline(self, name: str) -> None:
        self._pipelines.pop(name).stop()
        self._slate.forget(name)
        self._scenes.pop(name, None)
        self._on_air.pop(name, None)
        self._item_sources.pop(name, None)
        for item in self._acquired.pop(name, []):
            self.sources.release(item.source)
        if name in self._preview_scenes:
            self.set_preview_scene(name, None)

    def _rebuild_pipeline(self, name: str) -> None:
        """A new pipeline with the collection's size and rate for canvas ``name`` (idle: no
        outputs), started if the session runs; its scene is shown again by the caller."""
        old = self._pipelines.pop(name)
        old.stop()
        pipeline = self.pipeline(name)
        if self.started:
            pipeline.start(self.clock.now_ns())

    def set_preview_scene(self, canvas: str, scene_name: str | None) -> None:
        """Studio mode: keep ``scene_name``'s sources running so :meth:`preview_scene` can
        show it before it goes on air; None closes the preview and releases them."""
        with self._lock:
            previous = self._preview_scenes.pop(canvas, None)
            if scene_name is not None:
                scene = self._drawn.scene(scene_name)
                spec = self.collection.canvas(canvas)
                acquired = [(i, self.sources.acquire(i.source)) for i in scene.items_in_z_order()]
                renderer = (
                    previous[2]
                    if previous
                    and (previous[2].width, previous[2].height) == (spec.width, spec.height)
                    else ScenePreview(spec.width, spec.height)
                )
                items = [render_item(scene, item, source) for item, source in acquired]
                self._preview_scenes[canvas] = (scene, items, renderer)
            if previous is not None:
                for item in previous[0].items_in_z_order():
                    self.sources.release(item.source)

    def preview_scene(self, canvas: str, width: int, height: int) -> np.ndarray | None:
        """The studio-mode scene rendered now, scaled to fit, as BGRA (None if none is set)."""
        with self._lock:
            entry = self._preview_scenes.get(canvas)
        if entry is None:
            return None
        _, items, renderer = entry
        return renderer.render(items, width, height)

    def item_natural_size(self, canvas: str, item_id: str) -> tuple[int, int] | None:
        """The size an item's source would like (for items without a set width and height);
        None while unknown or if the canvas does not show the item."""
        with self._lock:
            source = self._item_sources.get(canvas, {}).get(item_id)
        return source.natural_size() if source is not None else None

    def set_audio(self, source_name: str, *, gain_db: float | None = None,
                  muted: bool | None = None) -> None:  # fmt: skip
        with self._lock:
            current = self._audio_overrides.get(source_name, AudioOverride())
            self._audio_overrides[source_name] = AudioOverride(
                gain_db if gain_db is not None else current.gain_db,
                muted if muted is not None else current.muted,
            )
            for canvas, scene in self._scenes.items():
                self._show_scene(canvas, scene)

    # -- be right back -----------------------------------------------------------------
    def set_be_right_back(self, active: bool, canvas: str | None = None) -> None:
        """The host's break: ``canvas`` (default: every canvas with a slate scene) shows its
        slate until called with False, even while the camera is fine; the program returns
        with the transition of the latest scene switch. NoSlateSceneError when there is
        no slate scene to show."""
        with self._lock:
            if canvas is not None:
                self.pipeline(canvas)
            self._apply_slate_changes(self._slate.set_break(active, canvas))

    def toggle_be_right_back(self) -> bool:
        """The be-right-back key: ends the break where one runs, else starts one on every
        canvas with a slate scene; True when the break is on now."""
        with self._lock:
            active = not self._slate.on_break()
            self._apply_slate_changes(self._slate.set_break(active))
        return active

    def slate_reason(self, canvas: str) -> SlateReason | None:
        """Why the canvas shows its slate instead of the program (None: the program)."""
        with self._lock:
            return self._slate.reason(canvas)

    def _check_slates(self) -> None:
        with self._lock:
            self._apply_slate_changes(self._slate.check())

    def _apply_slate_changes(self, changes: list[SlateChange]) -> None:
        for change in changes:
            self._put_on_air(change.canvas, change.scene, change.fade_ms)
        for change in changes:
            self._emit(change.event)

    # -- internals ---------------------------------------------------------------------
    def _show_scene(self, canvas: str, scene: Scene, fade_ms: float = 0.0) -> None:
        """``scene`` is the canvas's program now; on air unless the slate stands in for it."""
        self._scenes[canvas] = scene
        shown = self._on_air.get(canvas)
        on_air, event = self._slate.follow(canvas, scene, self._drawn)
        if on_air is not scene and shown is not None and shown.name == on_air.name:
            fade_ms = 0.0  # the slate stays on: an edit, not a change of picture
        self._put_on_air(canvas, on_air, fade_ms)
        if event is not None:
            self._emit(event)

    def _put_on_air(self, canvas: str, scene: Scene, fade_ms: float = 0.0) -> None:
        pipeline = self._pipelines[canvas]
        previous = self._acquired.get(canvas, [])
        items = scene.items_in_z_order()
        # Acquire first, release after, so a source shown in both scenes never restarts.
        acquired = [(item, self.sources.acquire(item.source)) for item in items]
        render_items = [render_item(scene, item, source) for item, source in acquired]
        overrides = self._audio_overrides
        inputs = [
            mixer_input(item, source, overrides.get(source.display_name, AudioOverride()))
            for item, source in acquired
            if source.has_audio and item.visible
        ]
        pipeline.set_content(render_items, inputs, fade_ms)
        self._on_air[canvas] = scene
        self._acquired[canvas] = items
        self._item_sources[canvas] = {item.id: source for item, source in acquired}
        if fade_ms > 0 and previous:
            self._release_after(previous, fade_ms)
        else:
            for item in previous:
                self.sources.release(item.source)

    def _release_after(self, items: list[SceneItem], fade_ms: float) -> None:
        """The outgoing scene's sources keep playing (picture and sound) until the cross-fade
        has ended, then are released."""

        def release() -> None:
            with self._lock:
                if timer not in self._pending_releases:
                    return  # the session stopped: stop_all released everything
                self._pending_releases.remove(timer)
            for item in items:
                self.sources.release(item.source)

        timer = threading.Timer(fade_ms / 1000 + _FADE_RELEASE_MARGIN_S, release)
        timer.daemon = True
        self._pending_releases.append(timer)
        timer.start()

    def _emit(self, event: SessionEvent) -> None:
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("event handler failed for %r", event)
