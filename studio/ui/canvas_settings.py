"""The show's canvases as the host sets them: Settings → Video's size and frame rate applied
to the main canvas, and each canvas's be-right-back slate scene.

The scene collection owns its canvases (a template may bring a vertical one); a saved change of
the Video page resizes the main canvas, as OBS's base resolution does, leaving item positions
as they are. A stream or recording keeps its format to the end: a change saved while one runs
waits for it to end.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

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


NO_SLATE = "None"
SLATE_MENU_TITLE = "Slate scene (be right back)"
BREAK_NOW = "Be right back now / back to the show"


def with_slate_scene(
    collection: SceneCollection, canvas_name: str, scene_name: str | None
) -> SceneCollection:
    """The collection with ``scene_name`` as the canvas's slate (None: no slate)."""
    canvases = [
        c.model_copy(update={"slate_scene": scene_name}) if c.name == canvas_name else c
        for c in collection.canvases
    ]
    return collection.model_copy(update={"canvases": canvases})


class SlateSceneMenu(QMenu):
    """Slate scene (be right back): for each canvas, the scene shown while its main camera is
    lost or the host takes a break (checkable, None for no slate), and the break itself.
    The entries are drawn from the document each time the menu opens."""

    def __init__(
        self, document: CollectionDocument, bridge: SessionBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(SLATE_MENU_TITLE, parent)
        self.setToolTipsVisible(True)
        self._document, self._bridge = document, bridge
        self.aboutToShow.connect(self.rebuild)

    def rebuild(self) -> None:
        self.clear()
        canvases = self._document.collection.canvases
        for canvas in canvases:
            menu = self.addMenu(canvas.name) if len(canvases) > 1 else self
            self._scene_choices(menu, canvas.name, canvas.slate_scene)
        self.addSeparator()
        brb = self.addAction(BREAK_NOW)
        brb.setToolTip("Show each canvas's slate until you choose this again (also a hotkey)")
        brb.triggered.connect(self._bridge.toggle_be_right_back)
        brb.setEnabled(any(canvas.slate_scene for canvas in canvases))

    def _scene_choices(self, menu: QMenu, canvas: str, chosen: str | None) -> None:
        group = QActionGroup(menu)
        for name in [NO_SLATE, *(scene.name for scene in self._document.collection.scenes)]:
            action = QAction(name, menu)
            action.setCheckable(True)
            action.setChecked(name == (chosen or NO_SLATE))
            action.setToolTip(
                f"Shown on {canvas} while its camera is lost or you take a break"
                if name != NO_SLATE
                else f"{canvas} keeps its program when the camera is lost"
            )
            action.triggered.connect(lambda _=False, n=name, c=canvas: self._choose(c, n))
            group.addAction(action)
            menu.addAction(action)

    def _choose(self, canvas: str, name: str) -> None:
        scene = None if name == NO_SLATE else name
        self._document.edit(
            with_slate_scene(self._document.collection, canvas, scene),
            f"Slate scene of {canvas}",
        )
