"""The Sources dock: the items of the selected scene, top first — add any registered kind,
show/hide, lock, reorder, remove (all undoable).

Items the template locked (``template_locked``) are the agency's: the host may show or hide
them, but not remove, reorder or unlock them; their row carries a lock of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticUndefined
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.capture.base import SourceSettings
from studio.capture.registry import source_class_for, source_kinds
from studio.numbered_names import first_free_name
from studio.scene import Canvas, SceneItem
from studio.ui.document import CollectionDocument
from studio.ui.new_item_placement import new_item_transform
from studio.ui.widgets import standard_icon, tool_action

AskPath = Callable[[str], Path | None]  # (kind) → a file, or None when cancelled

KIND_LABELS = {
    "camera": "Camera",
    "microphone": "Microphone",
    "image": "Image",
    "text": "Text",
    "media": "Media file",
    "color": "Colour",
    "test_pattern": "Test pattern",
    "tone": "Tone",
    "product_card": "Product card",
    "sales_ticker": "Sales ticker",
    "goal_bar": "Goal bar",
    "flash_deal": "Flash deal",
    "chat_overlay": "Chat overlay",
    "pinned_comment": "Pinned comment",
}
ID_ROLE = Qt.ItemDataRole.UserRole
HOST_LOCK_MARK = "🔒 "
TEMPLATE_LOCK_MARK = "🔐 "  # the agency's lock: another symbol than the host's own
REMOVE_TIP = "Remove the selected item (Delete; Undo brings it back)"
UP_TIP = "Move the item up (in front)"
DOWN_TIP = "Move the item down (behind)"
LOCK_TIP = "Lock or unlock the item in the preview"


def ask_path_dialog(parent: QWidget) -> AskPath:
    def ask(kind: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, f"Choose the {KIND_LABELS.get(kind, kind)}")
        return Path(name) if name else None

    return ask


def new_source(
    kind: str, name: str, canvas_size: tuple[int, int], ask_path: AskPath
) -> SourceSettings | None:
    """Settings for a new source of ``kind``, from its model's defaults; required fields get a
    sensible start (files are asked for). None when the host cancels."""
    settings_type = source_kinds()[kind].settings_type
    values: dict[str, Any] = {"kind": kind, "name": name}
    for field_name, field in settings_type.model_fields.items():
        if field_name in values or field.default is not PydanticUndefined:
            continue
        if field.default_factory is not None:
            continue
        if field.annotation is str:
            values[field_name] = name
        else:  # a file
            path = ask_path(kind)
            if path is None:
                return None
            values[field_name] = path
    values |= new_look(kind, canvas_size)
    return settings_type.model_validate(values)


NEW_COLOUR = "#3D8BFD"  # the studio's accent: a new Colour shows up, unlike black on black
TEXT_SIZE_FRACTION = 12  # a new Text is a twelfth of the canvas height: 90 px at 1080p
MIN_TEXT_SIZE_PX = 24
TEXT_OUTLINE_FRACTION = 16  # of the font size


def new_look(kind: str, canvas_size: tuple[int, int]) -> dict[str, Any]:
    """How a new source of ``kind`` starts out when the host adds it: visible and readable on
    any background. Scene files keep the values they store; this is only for new sources."""
    if kind == "color":
        return {"color": NEW_COLOUR, "width": canvas_size[0] // 4, "height": canvas_size[1] // 4}
    if kind == "text":
        size_px = max(MIN_TEXT_SIZE_PX, canvas_size[1] // TEXT_SIZE_FRACTION)
        return {
            "bold": True,
            "font_size_px": size_px,
            "color": "#FFFFFF",
            "outline_color": "#101114",
            "outline_px": max(2, size_px // TEXT_OUTLINE_FRACTION),
        }
    return {}


class SourcesDock(QDockWidget):
    item_selected = Signal(object)  # item id or None

    def __init__(
        self,
        document: CollectionDocument,
        ask_path: AskPath | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Sources", parent)
        self.setObjectName("sourcesDock")
        self.document = document
        self.ask_path = ask_path or ask_path_dialog(self)
        self.scene_name: str | None = None
        self.canvas_name: str | None = None  # whose size new items are placed for
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget()
        self.list.setToolTip(
            "Items of the scene, top first: tick to show, select to edit in Properties"
        )
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemChanged.connect(self._check_changed)
        layout.addWidget(self.list)
        bar = QToolBar()
        bar.setIconSize(QSize(16, 16))  # six tools fit a 250-px column
        sp = QStyle.StandardPixmap
        self.add_button = QToolButton()
        self.add_button.setIcon(standard_icon(self, sp.SP_FileDialogNewFolder))
        self.add_button.setToolTip("Add a source to the scene")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for kind in source_kinds():
            action = menu.addAction(KIND_LABELS.get(kind, kind.replace("_", " ").title()))
            action.setToolTip(f"Add a {KIND_LABELS.get(kind, kind)} source")
            action.triggered.connect(lambda _c=False, k=kind: self.add_source(k))
        self.add_button.setMenu(menu)
        bar.addWidget(self.add_button)
        self.remove_action = tool_action(
            bar,
            standard_icon(self, sp.SP_TrashIcon),
            "Remove",
            REMOVE_TIP,
            self.remove_item,
        )
        self.up_action = tool_action(
            bar,
            standard_icon(self, sp.SP_ArrowUp),
            "Up",
            UP_TIP,
            lambda: self.move_item(1),
        )
        self.down_action = tool_action(
            bar,
            standard_icon(self, sp.SP_ArrowDown),
            "Down",
            DOWN_TIP,
            lambda: self.move_item(-1),
        )
        self.lock_action = tool_action(
            bar,
            standard_icon(self, sp.SP_DialogNoButton),
            "Lock",
            LOCK_TIP,
            self.toggle_lock,
        )
        # Each tool's tip, and what it says instead when the item is the template's.
        self._tips = {
            self.remove_action: (REMOVE_TIP, ": it cannot be removed"),
            self.up_action: (UP_TIP, ": it keeps its place"),
            self.down_action: (DOWN_TIP, ": it keeps its place"),
            self.lock_action: (LOCK_TIP, ""),
        }
        layout.addWidget(bar)
        self.setWidget(body)
        document.changed.connect(lambda _c: self.refresh())

    # -- view -------------------------------------------------------------------------
    def set_scene(self, scene_name: str | None, canvas_name: str | None = None) -> None:
        """List ``scene_name``'s items; new ones are sized for ``canvas_name`` (the canvas
        edited; None: the show's first)."""
        self.scene_name, self.canvas_name = scene_name, canvas_name
        self.refresh()

    @property
    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def select(self, item_id: str | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == item_id:
                self.list.setCurrentRow(row)
                return
        self.list.setCurrentRow(-1)

    def refresh(self) -> None:
        keep = self.selected_id
        self.list.blockSignals(True)
        self.list.clear()
        scene = self._scene()
        for item in reversed(scene.items_in_z_order() if scene else []):
            label = item.source.name or KIND_LABELS.get(item.source.kind, item.source.kind)  # type: ignore[attr-defined]
            row = QListWidgetItem(_lock_mark(item) + label, self.list)
            row.setData(ID_ROLE, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if item.visible else Qt.CheckState.Unchecked)
            tip = f"{label} ({item.source.kind}): tick to show, untick to hide"  # type: ignore[attr-defined]
            if item.template_locked:
                tip += f". {self._template_lock_text()}: it cannot be moved or removed"
            row.setToolTip(tip)
        self.list.blockSignals(False)
        self.select(keep)
        self._update_actions()

    def _template_lock_text(self) -> str:
        template = self.document.collection.template
        return f"Locked by the template “{template.name}”" if template else "Locked by the template"

    def _selected_item(self) -> SceneItem | None:
        scene, item_id = self._scene(), self.selected_id
        if scene is None or item_id is None:
            return None
        try:
            return scene.item(item_id)  # type: ignore[no-any-return]
        except KeyError:
            return None

    def _selected_is_template_locked(self) -> bool:
        item = self._selected_item()
        return item is not None and item.template_locked

    def _update_actions(self) -> None:
        """The agency's items cannot be removed, reordered or unlocked: their tools are off,
        and say why."""
        fixed = self._selected_is_template_locked()
        for action, (tip, why_not) in self._tips.items():
            action.setEnabled(not fixed)
            action.setToolTip(self._template_lock_text() + why_not if fixed else tip)

    def _scene(self):  # type: ignore[no-untyped-def]
        if self.scene_name is None:
            return None
        try:
            return self.document.scene(self.scene_name)
        except KeyError:
            return None

    def _canvas(self) -> Canvas:
        collection = self.document.collection
        try:
            return collection.canvas(self.canvas_name or "")
        except KeyError:
            return collection.canvases[0]

    def _current_changed(self, *_args: object) -> None:
        self._update_actions()
        self.item_selected.emit(self.selected_id)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # The list passes on the keys it does not use: Delete removes, as in OBS.
        if event.key() == Qt.Key.Key_Delete:
            self.remove_item()
        else:
            super().keyPressEvent(event)

    def _check_changed(self, row: QListWidgetItem) -> None:
        self.set_visible(row.data(ID_ROLE), row.checkState() == Qt.CheckState.Checked)

    # -- edits ------------------------------------------------------------------------
    def add_source(self, kind: str) -> SceneItem | None:
        scene = self._scene()
        if scene is None:
            return None
        taken = {
            i.source.name for s in self.document.collection.scenes for i in s.items if i.source.name
        }
        name = first_free_name(KIND_LABELS.get(kind, kind), taken, " ")
        canvas = self._canvas()
        try:
            settings = new_source(kind, name, (canvas.width, canvas.height), self.ask_path)
        except ValidationError as error:
            self.window().statusBar().showMessage(f"Cannot add {name}: {error}", 8000)  # type: ignore[attr-defined]
            return None
        if settings is None:
            return None
        spot = new_item_transform(
            kind,
            source_class_for(settings).expected_size(settings),
            (canvas.width, canvas.height),
            scene.items,
        )
        item = SceneItem(source=settings, transform=spot)
        after = self.document.with_scene(scene.model_copy(update={"items": [*scene.items, item]}))
        self.document.edit(after, f"Add {name}")
        self.select(item.id)
        return item

    def remove_item(self) -> None:
        scene, item_id = self._scene(), self.selected_id
        if scene is None or item_id is None or self._selected_is_template_locked():
            return
        items = [i for i in scene.items if i.id != item_id]
        self.document.edit(
            self.document.with_scene(scene.model_copy(update={"items": items})), "Remove item"
        )

    def move_item(self, step: int) -> None:
        """``step`` +1 brings the item one place forward (drawn later), -1 back."""
        scene, item_id = self._scene(), self.selected_id
        if scene is None or item_id is None or self._selected_is_template_locked():
            return
        # Reordering writes the z order into the list order (and clears explicit z_order).
        ordered = [i.model_copy(update={"z_order": None}) for i in scene.items_in_z_order()]
        row = [i.id for i in ordered].index(item_id)
        target = row + step
        if not 0 <= target < len(ordered):
            return
        ordered[row], ordered[target] = ordered[target], ordered[row]
        self.document.edit(
            self.document.with_scene(scene.model_copy(update={"items": ordered})), "Reorder items"
        )
        self.select(item_id)

    def set_visible(self, item_id: str, visible: bool) -> None:
        self._update_item(item_id, {"visible": visible}, "Show item" if visible else "Hide item")

    def toggle_lock(self) -> None:
        scene, item_id = self._scene(), self.selected_id
        if scene is None or item_id is None or self._selected_is_template_locked():
            return
        locked = not scene.item(item_id).locked
        self._update_item(item_id, {"locked": locked}, "Lock item" if locked else "Unlock item")

    def _update_item(self, item_id: str, update: dict[str, Any], text: str) -> None:
        scene = self._scene()
        if scene is None:
            return
        item = scene.item(item_id).model_copy(update=update)
        self.document.edit(self.document.with_item(scene.name, item), text)
        self.select(item_id)


def _lock_mark(item: SceneItem) -> str:
    if item.template_locked:
        return TEMPLATE_LOCK_MARK
    return HOST_LOCK_MARK if item.locked else ""
