"""The Scenes dock: add, duplicate, rename, reorder and delete scenes (all undoable)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.numbered_names import first_free_name
from studio.scene import Scene
from studio.ui.document import CollectionDocument
from studio.ui.widgets import standard_icon, tool_action

AskText = Callable[[str, str], str | None]  # (question, current text) → answer or None


def ask_text_dialog(parent: QWidget) -> AskText:
    def ask(question: str, current: str) -> str | None:
        text, ok = QInputDialog.getText(parent, "LiveShop Studio", question, text=current)
        return text.strip() if ok and text.strip() else None

    return ask


class ScenesDock(QDockWidget):
    scene_activated = Signal(str)  # the host picked a scene

    def __init__(
        self,
        document: CollectionDocument,
        ask_text: AskText | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Scenes", parent)
        self.setObjectName("scenesDock")
        self.document = document
        self.ask_text = ask_text or ask_text_dialog(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget()
        self.list.setToolTip("Scenes of the show: click one to show it (Enter also works)")
        self.list.currentTextChanged.connect(self._picked)
        self.list.itemDoubleClicked.connect(lambda _item: self.rename_scene())
        layout.addWidget(self.list)
        bar = QToolBar()
        bar.setIconSize(QSize(16, 16))  # six tools fit a 250-px column
        sp = QStyle.StandardPixmap
        tool_action(
            bar,
            standard_icon(self, sp.SP_FileDialogNewFolder),
            "Add",
            "Add a scene",
            self.add_scene,
        )
        tool_action(
            bar,
            standard_icon(self, sp.SP_FileDialogDetailedView),
            "Duplicate",
            "Duplicate the selected scene",
            self.duplicate_scene,
        )
        tool_action(
            bar,
            standard_icon(self, sp.SP_FileDialogInfoView),
            "Rename",
            "Rename the selected scene",
            self.rename_scene,
            "F2",
        )
        tool_action(
            bar,
            standard_icon(self, sp.SP_ArrowUp),
            "Up",
            "Move the scene up",
            lambda: self.move_scene(-1),
        )
        tool_action(
            bar,
            standard_icon(self, sp.SP_ArrowDown),
            "Down",
            "Move the scene down",
            lambda: self.move_scene(1),
        )
        tool_action(
            bar,
            standard_icon(self, sp.SP_TrashIcon),
            "Delete",
            "Delete the selected scene (Undo brings it back)",
            self.delete_scene,
        )
        layout.addWidget(bar)
        self.setWidget(body)
        document.changed.connect(lambda _c: self.refresh())
        self.refresh()

    @property
    def current_scene(self) -> str | None:
        item = self.list.currentItem()
        return item.text() if item else None

    def refresh(self, select: str | None = None) -> None:
        keep = select or self.current_scene
        self.list.blockSignals(True)
        self.list.clear()
        for scene in self.document.collection.scenes:
            QListWidgetItem(scene.name, self.list)
        names = [s.name for s in self.document.collection.scenes]
        row = names.index(keep) if keep in names else 0
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def _picked(self, name: str) -> None:
        if name:
            self.scene_activated.emit(name)

    def _show(self, name: str) -> None:
        """Select ``name`` and make it the edited scene, as a click on it would: the preview
        and the Sources dock follow (on air, or next in studio mode)."""
        self.refresh(select=name)
        self.scene_activated.emit(name)

    def _names(self) -> set[str]:
        return {s.name for s in self.document.collection.scenes}

    def add_scene(self) -> None:
        name = first_free_name("Scene", self._names(), " ")
        scenes = [*self.document.collection.scenes, Scene(name=name)]
        self.document.edit(self.document.with_scenes(scenes), f"Add scene {name}")
        self._show(name)

    def duplicate_scene(self) -> None:
        current = self.current_scene
        if current is None:
            return
        original = self.document.scene(current)
        name = first_free_name(f"{current} copy", self._names(), " ")
        items = list(original.items)  # ids are per scene: the copies keep them
        scenes = list(self.document.collection.scenes)
        scenes.insert(scenes.index(original) + 1, Scene(name=name, items=items))
        self.document.edit(self.document.with_scenes(scenes), f"Duplicate scene {current}")
        self._show(name)

    def rename_scene(self) -> None:
        current = self.current_scene
        if current is None:
            return
        name = self.ask_text("New name of the scene:", current)
        if not name or name == current:
            return
        if name in self._names():
            self.ask_text(f"There is already a scene named {name!r}.", name)
            return
        scenes = [
            s.model_copy(update={"name": name}) if s.name == current else s
            for s in self.document.collection.scenes
        ]
        after = self.document.with_scenes(scenes, renamed={current: name})
        self.document.edit(after, f"Rename scene {current}")
        self._show(name)

    def move_scene(self, step: int) -> None:
        scenes = list(self.document.collection.scenes)
        names = [s.name for s in scenes]
        if self.current_scene not in names:
            return
        row = names.index(self.current_scene)
        target = row + step
        if not 0 <= target < len(scenes):
            return
        scenes[row], scenes[target] = scenes[target], scenes[row]
        self.document.edit(self.document.with_scenes(scenes), "Reorder scenes")
        self.refresh(select=names[row])

    def delete_scene(self) -> None:
        scenes = list(self.document.collection.scenes)
        current = self.current_scene
        if current is None or len(scenes) == 1:
            return  # a show always has a scene
        row = [s.name for s in scenes].index(current)
        del scenes[row]
        fallback = scenes[max(0, row - 1)].name
        self.document.edit(
            self.document.with_scenes(scenes, fallback=fallback), f"Delete scene {current}"
        )
        self._show(fallback)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Delete:
            self.delete_scene()
        else:
            super().keyPressEvent(event)
