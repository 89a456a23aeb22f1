"""Settings → Video's canvas size and frame rate applied to the show's main canvas.

The scene collection owns its canvases (a template may bring a vertical one); a saved change of
the Video page resizes the main canvas, as OBS's base resolution does, leaving item positions
as they are. A stream or recording keeps its format to the end: a change saved while one runs
waits for it to end.
"""

from __future__ import annotations

from collections.abc import Callable

from studio.scene import SceneCollection
from studio.settings.model import AppSettings, VideoSettings
from studio.settings.settings_file import SettingsFile
from studio.ui.bridge import SessionBridge
from studio.ui.document import CollectionDocument

CanvasShape = tuple[int, int, int]  # width, height, fps


def canvas_shape(video: VideoSettings) -> CanvasShape:
    return video.canvas_width, video.canvas_height, video.fps


def with_main_canvas(collection: SceneCollection, shape: CanvasShape) -> SceneCollection:
    width, height, fps = shape
    main = collection.canvases[0].model_copy(update={"width": width, "height": height, "fps": fps})
    return collection.model_copy(update={"canvases": [main, *collection.canvases[1:]]})


class CanvasSettingsLink:
    """Follows the settings store; ``close`` stops following."""

    def __init__(
        self,
        store: SettingsFile,
        document: CollectionDocument,
        bridge: SessionBridge,
        notify: Callable[[str, str], None],
    ) -> None:
        self._document = document
        self._bridge = bridge
        self._notify = notify
        self._applied = canvas_shape(store.settings.video)
        self._waiting: CanvasShape | None = None
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._saved)
        bridge.live_changed.connect(self._encoding_changed)
        bridge.recording_changed.connect(self._encoding_changed)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _saved(self, settings: AppSettings) -> None:
        shape = canvas_shape(settings.video)
        if shape == self._applied:
            return
        self._applied = shape
        if self._bridge.live or self._bridge.recording:
            self._waiting = shape
            self._notify(
                "The new canvas size and frame rate apply when the show and the recording end.",
                "info",
            )
            return
        self._apply(shape)

    def _encoding_changed(self, _on: bool) -> None:
        if self._waiting is not None and not (self._bridge.live or self._bridge.recording):
            shape, self._waiting = self._waiting, None
            self._apply(shape)

    def _apply(self, shape: CanvasShape) -> None:
        collection = self._document.collection
        main = collection.canvases[0]
        if (main.width, main.height, main.fps) == shape:
            return
        # An undoable edit: the undo history holds whole collections, so a later Undo of an
        # earlier edit must not silently bring the old canvas back.
        width, height, fps = shape
        self._document.edit(
            with_main_canvas(collection, shape), f"Canvas {width}×{height} at {fps} fps"
        )
