"""The Properties dock: the selected item's source settings and placement, drawn from their
pydantic models.

Every edit made here comes back as a document change while the editor that made it is still
inside its signal. So the form is never replaced for the item it shows: its editors follow the
document in place. A form for another item replaces it through ``replace_scroll_widget``,
which deletes the old one later, from the event loop.

An item the template locked keeps the agency's placement: its placement and crop are shown
read-only. Its source settings stay editable (the host may fix a text's typo or pick another
camera; the look's position and size are what the lock keeps).
"""

from __future__ import annotations

import html
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QVBoxLayout, QWidget

from studio.capture.registry import source_kinds
from studio.scene import Crop, SceneItem, Transform
from studio.ui.document import CollectionDocument
from studio.ui.settings_form import SettingsForm
from studio.ui.widget_lifetime import replace_scroll_widget


class PropertiesDock(QDockWidget):
    def __init__(self, document: CollectionDocument, parent: QWidget | None = None) -> None:
        super().__init__("Properties", parent)
        self.setObjectName("propertiesDock")
        self.document = document
        self.scene_name: str | None = None
        self.item_id: str | None = None
        self.source_form: SettingsForm | None = None
        self.transform_form: SettingsForm | None = None
        self.crop_form: SettingsForm | None = None
        self._shown: SceneItem | None = None
        self.title = QLabel()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.setWidget(self.scroll)
        self.setToolTip("Settings of the selected source")
        document.changed.connect(lambda _c: self._follow_document())
        self._rebuild()

    def show_item(self, scene_name: str | None, item_id: str | None) -> None:
        self.scene_name, self.item_id = scene_name, item_id
        self._follow_document()

    def _item(self) -> SceneItem | None:
        if self.scene_name is None or self.item_id is None:
            return None
        try:
            return self.document.scene(self.scene_name).item(self.item_id)
        except KeyError:
            return None

    def _follow_document(self) -> None:
        item = self._item()
        if item == self._shown:
            return
        if self._can_update_in_place(item):
            self._update_in_place(item)
        else:
            self._rebuild()

    def _can_update_in_place(self, item: SceneItem | None) -> bool:
        shown = self._shown
        return (
            item is not None
            and shown is not None
            and item.id == shown.id
            and type(item.source) is type(shown.source)
            and None not in (self.source_form, self.transform_form, self.crop_form)
        )

    def _update_in_place(self, item: SceneItem) -> None:
        assert self.source_form and self.transform_form and self.crop_form
        self._shown = item
        self.title.setText(_title(item))
        self.source_form.show_model(item.source)
        self.transform_form.show_model(item.transform)
        self.crop_form.show_model(item.transform.crop)
        self._lock_placement(item)

    def _rebuild(self) -> None:
        item = self._shown = self._item()
        body = QWidget()
        layout = QVBoxLayout(body)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #ff8080")
        if item is None:
            self.source_form = self.transform_form = self.crop_form = None
            hint = QLabel("Select a source to edit its settings.")
            hint.setObjectName("placeholder")
            layout.addWidget(hint)
        else:
            self.title = QLabel(_title(item))
            layout.addWidget(self.title)
            self.source_form = SettingsForm(item.source)
            self.source_form.edited.connect(self._source_edited)
            layout.addWidget(self.source_form)
            layout.addWidget(QLabel("<b>Placement</b>"))
            self.transform_form = SettingsForm(item.transform, skip={"crop"})
            self.transform_form.edited.connect(self._transform_edited)
            layout.addWidget(self.transform_form)
            layout.addWidget(QLabel("<b>Crop</b> (source pixels cut from each edge)"))
            self.crop_form = SettingsForm(item.transform.crop)
            for edge, editor in self.crop_form.editors.items():
                editor.setToolTip(f"Pixels cut from the {edge} edge of the source")
            self.crop_form.edited.connect(self._crop_edited)
            layout.addWidget(self.crop_form)
            self._lock_placement(item)
        layout.addWidget(self.message)
        layout.addStretch(1)
        replace_scroll_widget(self.scroll, body)

    def _lock_placement(self, item: SceneItem) -> None:
        """Placement and crop are read-only for an item the template locked."""
        template = self.document.collection.template
        name = f" “{template.name}”" if template else ""
        why = f"Placed by the template{name}: its position and size cannot be changed"
        for form in (self.transform_form, self.crop_form):
            if form is not None:
                form.setEnabled(not item.template_locked)
                form.setToolTip(why if item.template_locked else "")

    def _source_edited(self, values: dict[str, Any]) -> None:
        item = self._item()
        if item is None or self.scene_name is None:
            return
        settings_type = source_kinds()[str(item.source.kind)].settings_type  # type: ignore[attr-defined]
        try:
            source = settings_type.model_validate(values)
        except ValidationError as error:
            self.message.setText(_sentences(error))
            return
        self.message.clear()
        self.document.edit(
            self.document.with_source(self.scene_name, item.id, source),
            f"Edit {item.source.name or 'source'}",
        )

    def _transform_edited(self, values: dict[str, Any]) -> None:
        item = self._item()
        if item is None or self.scene_name is None or item.template_locked:
            return
        try:
            transform = Transform.model_validate(values)
        except ValidationError as error:
            self.message.setText(_sentences(error))
            return
        self.message.clear()
        moved = item.model_copy(update={"transform": transform})
        self.document.edit(self.document.with_item(self.scene_name, moved), "Move item")

    def _crop_edited(self, values: dict[str, Any]) -> None:
        item = self._item()
        if item is None or self.scene_name is None or item.template_locked:
            return
        try:
            crop = Crop.model_validate(values)
        except ValidationError as error:
            self.message.setText(_sentences(error))
            return
        self.message.clear()
        transform = item.transform.model_copy(update={"crop": crop})
        cropped = item.model_copy(update={"transform": transform})
        self.document.edit(self.document.with_item(self.scene_name, cropped), "Crop item")


def _title(item: SceneItem) -> str:
    kind = str(item.source.kind)  # type: ignore[attr-defined]
    name = html.escape(item.source.name or kind)  # a source name may hold any text
    return f"<b>{name}</b> — {kind.replace('_', ' ')}"


def _sentences(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
