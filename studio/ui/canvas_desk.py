"""Which scene each canvas shows and, in studio mode, will show next; which canvas the Scenes,
Sources and Properties docks edit; and the transitions that put next scenes on air.

Every canvas keeps its own next scene while studio mode is on (the session renders each one),
so a landscape and a vertical show are prepared side by side and go on air one by one or
together. The docks follow one canvas at a time, the one the host last pressed into.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from studio.scene import Scene, SceneCollection, SceneItem, Transform
from studio.ui.bridge import SessionBridge
from studio.ui.document import CollectionDocument
from studio.ui.preview import PreviewWidget
from studio.ui.properties_dock import PropertiesDock
from studio.ui.scenes_dock import ScenesDock
from studio.ui.sources_dock import SourcesDock
from studio.ui.studio_mode import PreviewArea


class CanvasDesk(QObject):
    def __init__(
        self,
        document: CollectionDocument,
        bridge: SessionBridge,
        previews: PreviewArea,
        scenes_dock: ScenesDock,
        sources_dock: SourcesDock,
        properties_dock: PropertiesDock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document, self._bridge, self._previews = document, bridge, previews
        self._scenes_dock, self._sources_dock = scenes_dock, sources_dock
        self._properties_dock = properties_dock
        self.canvas_name = document.collection.canvases[0].name  # the one the docks edit
        self._next: dict[str, str] = {}  # canvas → its next scene (studio mode only)
        previews.canvas_activated.connect(self.set_canvas)
        previews.transition_requested.connect(self.transition)
        previews.transition_all_requested.connect(self.transition_all)
        previews.item_selected.connect(lambda _preview, item_id: self.select_item(item_id))
        previews.transform_previewed.connect(self._transform_previewed)
        previews.transform_committed.connect(self._transform_committed)
        sources_dock.item_selected.connect(self.select_item)
        scenes_dock.scene_activated.connect(self.activate_scene)

    # -- what is shown ------------------------------------------------------------------
    def program_of(self, canvas: str) -> str:
        return self._document.collection.canvas(canvas).scene

    @property
    def program_scene(self) -> str:
        """The scene on air on the edited canvas."""
        return self.program_of(self.canvas_name)

    @property
    def next_scene(self) -> str | None:
        """The edited canvas's next scene (None outside studio mode)."""
        return self._next.get(self.canvas_name)

    @property
    def edited_scene(self) -> str:
        return self.next_scene or self.program_scene

    def next_of(self, canvas: str) -> str | None:
        return self._next.get(canvas)

    # -- the host's choices -------------------------------------------------------------
    def set_canvas(self, name: str) -> None:
        """The docks edit ``name``; its pane is highlighted; selections elsewhere go."""
        self._document.collection.canvas(name)  # KeyError for a canvas the show lacks
        if name != self.canvas_name:
            self.canvas_name = name
            for preview in self._previews.all_previews():
                preview.select(None)
        self._previews.set_current(name)
        self._follow_docks()

    def set_studio_mode(self, on: bool) -> None:
        self._previews.set_studio_mode(on)
        canvases = self._document.collection.canvases
        self._next = {c.name: c.scene for c in canvases} if on else {}
        for canvas in canvases:
            self._show_next(canvas.name, self._next.get(canvas.name))
        self.collection_changed(self._document.collection)

    def activate_scene(self, name: str) -> None:
        """The host picked a scene: next on the edited canvas in studio mode, else on air."""
        if self._previews.studio_mode:
            self._next[self.canvas_name] = name
            self._show_next(self.canvas_name, name)
            self.collection_changed(self._document.collection)
        else:
            self.put_on_air({self.canvas_name: name})

    def transition(self, canvas: str | None = None) -> None:
        """Studio mode: the canvas's next scene on air with its pane's cut or fade (the edited
        canvas by default)."""
        canvas = canvas or self.canvas_name
        scene = self._next.get(canvas)
        if scene is not None:
            self.put_on_air({canvas: scene}, {canvas: self._previews.pane(canvas).transition_ms})

    def transition_all(self) -> None:
        """Every canvas whose next scene is not on air already takes it, each with its own
        transition, in one step."""
        changed = {c: s for c, s in self._next.items() if s != self.program_of(c)}
        if changed:
            durations = {c: self._previews.pane(c).transition_ms for c in changed}
            self.put_on_air(changed, durations)

    def put_on_air(
        self, scenes: dict[str, str], transition_ms: dict[str, float] | None = None
    ) -> None:
        """Each canvas → scene on air: one document change, then a cut or fade per canvas."""
        collection = self._document.collection
        canvases = [c.model_copy(update={"scene": scenes.get(c.name, c.scene)})
                    for c in collection.canvases]  # fmt: skip
        self._document.set_without_undo(collection.model_copy(update={"canvases": canvases}))
        for canvas, scene in scenes.items():
            self._bridge.show_scene(canvas, scene, (transition_ms or {}).get(canvas, 0.0))

    def _show_next(self, canvas: str, scene: str | None) -> None:
        """Have the session render ``scene`` for the canvas's next preview (None: stop)."""
        self._previews.pane(canvas).next.clear_frame()
        self._bridge.set_preview_scene(canvas, scene)

    # -- keeping the parts in step ------------------------------------------------------
    def collection_changed(self, collection: SceneCollection) -> None:
        names = [c.name for c in collection.canvases]
        for gone in [c for c in self._next if c not in names]:
            # A new show (a template, or undone back) brings its own canvases.
            self._bridge.set_preview_scene(gone, None)
            del self._next[gone]
        # The session first: the panes of new canvases ask it for their pictures.
        self._bridge.update_collection(collection)
        self._previews.set_canvases(collection.canvases)
        if self.canvas_name not in names:
            self.canvas_name = names[0]
        if self._previews.studio_mode:
            for canvas in collection.canvases:
                if _scene_or_none(collection, self._next.get(canvas.name)) is None:
                    self._next[canvas.name] = canvas.scene  # new, or its next scene was deleted
                    self._show_next(canvas.name, canvas.scene)
        self._previews.set_current(self.canvas_name)
        for pane in self._previews.panes:
            pane.program.set_scene(_scene_or_none(collection, self.program_of(pane.canvas_name)))
            pane.next.set_scene(_scene_or_none(collection, self._next.get(pane.canvas_name)))
        self._follow_docks()

    def _follow_docks(self) -> None:
        # The Scenes list, the preview and the Sources dock show one scene, also after undo.
        edited = self.edited_scene
        self._scenes_dock.refresh(select=edited)
        self._sources_dock.set_scene(edited, self.canvas_name)
        self._properties_dock.show_item(edited, self._sources_dock.selected_id)

    def editing_preview(self) -> PreviewWidget:
        pane = self._previews.current
        return pane.next if self._previews.studio_mode else pane.program

    def select_item(self, item_id: str | None) -> None:
        blocked = self._sources_dock.blockSignals(True)
        self._sources_dock.select(item_id)
        self._sources_dock.blockSignals(blocked)
        self.editing_preview().select(item_id)
        self._properties_dock.show_item(self.edited_scene, item_id)

    def _item_with(self, preview: PreviewWidget, item_id: str, t: Transform) -> SceneCollection:
        assert preview.scene is not None
        item: SceneItem = preview.scene.item(item_id).model_copy(update={"transform": t})
        return self._document.with_item(preview.scene.name, item)

    def _transform_previewed(self, preview: PreviewWidget, item_id: str, t: Transform) -> None:
        self._bridge.update_collection(self._item_with(preview, item_id, t))

    def _transform_committed(self, preview: PreviewWidget, item_id: str, t: Transform) -> None:
        self._document.edit(self._item_with(preview, item_id, t), "Move item")


def _scene_or_none(collection: SceneCollection, name: str | None) -> Scene | None:
    try:
        return collection.scene(name) if name else None
    except KeyError:
        return None
