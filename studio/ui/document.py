"""The scene collection being edited: one immutable value, replaced by every edit.

Every edit is a :class:`QUndoCommand` holding the collection before and after (they are frozen
pydantic models, so this is cheap and exact); the new value goes to the session and is saved
atomically in the user data folder on a background thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.capture.base import SourceSettings
from studio.capture.devices import list_cameras, list_microphones
from studio.scene import (
    Scene,
    SceneCollection,
    SceneDocumentError,
    SceneItem,
    default_collection,
    load_collection,
    save_collection,
)
from studio.template.bundle import BundleError, open_bundle
from studio.template.library import first_run_template
from studio.template.new_show import cameras_as_stand_ins, show_from_template

log = logging.getLogger(__name__)

COLLECTION_FILE = "collection.json"


def first_run_collection(folder: Path, *, vertical: bool = False) -> SceneCollection:
    """A first run's show: the built-in landscape template (the phone one when Settings →
    Video is vertical), its files copied into ``folder``; without a camera on this computer
    the camera shows the stand-in picture. If the template cannot be opened, the plain
    default show on this computer's camera and microphone."""
    cameras = list_cameras()
    try:
        with open_bundle(first_run_template(vertical=vertical)) as opened:
            collection = show_from_template(opened, folder)
    except (BundleError, SceneDocumentError, OSError):
        log.exception("the first-run template could not be opened")
        microphones = [m for m in list_microphones() if m.is_default]
        return default_collection(
            camera=cameras[0].id if cameras else None,
            microphone=microphones[0].name if microphones else None,
        )
    return collection if cameras else cameras_as_stand_ins(collection)


def load_or_default(
    folder: Path, on_problem: Callable[[str], None], *, vertical: bool = False
) -> SceneCollection:
    path = folder / COLLECTION_FILE
    if not path.exists():
        return first_run_collection(folder, vertical=vertical)
    try:
        return load_collection(path)
    except (SceneDocumentError, OSError) as error:
        on_problem(f"The saved show could not be opened, starting a new one: {error}")
        return first_run_collection(folder, vertical=vertical)


class _Replace(QUndoCommand):
    def __init__(
        self,
        document: CollectionDocument,
        before: SceneCollection,
        after: SceneCollection,
        text: str,
    ) -> None:
        super().__init__(text)
        self._document, self._before, self._after = document, before, after

    def redo(self) -> None:
        self._document._set(self._after)

    def undo(self) -> None:
        self._document._set(self._before)


class CollectionDocument(QObject):
    changed = Signal(object)  # SceneCollection
    save_failed = Signal(str)

    def __init__(
        self, collection: SceneCollection, folder: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.collection = collection
        self.folder = folder
        self.undo_stack = QUndoStack(self)
        self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")

    @property
    def path(self) -> Path:
        return self.folder / COLLECTION_FILE

    # -- editing -----------------------------------------------------------------------
    def edit(self, after: SceneCollection, text: str) -> None:
        """Apply an edit the host can undo (a no-op edit is not recorded)."""
        if after != self.collection:
            self.undo_stack.push(_Replace(self, self.collection, after, text))

    def set_without_undo(self, after: SceneCollection) -> None:
        """For changes that are not edits of the show's content (which scene is on air)."""
        if after != self.collection:
            self._set(after)

    def _set(self, collection: SceneCollection) -> None:
        self.collection = collection
        self.changed.emit(collection)
        self._saver.submit(self._save, collection)

    def _save(self, collection: SceneCollection) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            save_collection(collection, self.path)
        except OSError as error:
            log.exception("autosave failed")
            self.save_failed.emit(f"The show could not be saved to {self.path}: {error}")

    def flush(self, timeout_s: float = 10.0) -> None:
        """Wait for the saves queued so far."""
        self._saver.submit(lambda: None).result(timeout_s)

    def close(self) -> None:
        self._saver.shutdown(wait=True)

    # -- helpers building edited collections -------------------------------------------
    def scene(self, name: str) -> Scene:
        return self.collection.scene(name)

    def with_scenes(
        self,
        scenes: list[Scene],
        renamed: dict[str, str] | None = None,
        fallback: str | None = None,
    ) -> SceneCollection:
        """The collection with these scenes; canvases follow renames, and canvases showing a
        scene that no longer exists show ``fallback`` (or the first scene). A canvas's slate
        scene follows a rename too, and is cleared when its scene is deleted."""
        names = {scene.name for scene in scenes}
        renamed = renamed or {}
        canvases = []
        for canvas in self.collection.canvases:
            shown = renamed.get(canvas.scene, canvas.scene)
            if shown not in names:
                shown = fallback if fallback in names else scenes[0].name
            slate = canvas.slate_scene
            if slate is not None:
                slate = renamed.get(slate, slate)
                slate = slate if slate in names else None
            canvases.append(canvas.model_copy(update={"scene": shown, "slate_scene": slate}))
        return self.collection.model_copy(update={"scenes": scenes, "canvases": canvases})

    def with_scene(self, scene: Scene) -> SceneCollection:
        scenes = [scene if s.name == scene.name else s for s in self.collection.scenes]
        return self.with_scenes(scenes)

    def with_item(self, scene_name: str, item: SceneItem) -> SceneCollection:
        scene = self.scene(scene_name)
        items = [item if i.id == item.id else i for i in scene.items]
        return self.with_scene(scene.model_copy(update={"items": items}))

    def with_source(self, scene_name: str, item_id: str, source: SourceSettings) -> SceneCollection:
        """A named source is one source everywhere: edit it in every item that shows it."""
        old = self.scene(scene_name).item(item_id).source

        def shows_it(scene: Scene, item: SceneItem) -> bool:
            if old.name:
                return item.source.name == old.name
            return scene.name == scene_name and item.id == item_id

        scenes = [
            scene.model_copy(
                update={
                    "items": [
                        i.model_copy(update={"source": source}) if shows_it(scene, i) else i
                        for i in scene.items
                    ]
                }
            )
            for scene in self.collection.scenes
        ]
        return self.with_scenes(scenes)

    def with_program(self, canvas_name: str, scene_name: str) -> SceneCollection:
        canvases = [
            c.model_copy(update={"scene": scene_name}) if c.name == canvas_name else c
            for c in self.collection.canvases
        ]
        return self.collection.model_copy(update={"canvases": canvases})
