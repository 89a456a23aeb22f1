"""The host form: the few fields a template's agency left open (the host's name, a logo, a
colour of the brand kit), filled in as one edit the host can undo.

Labels and names come from a bundle made by someone else, so they are shown as plain text
(never as rich text that could load images or links). Nothing changes until OK, and OK changes
nothing while a field still has a problem: the reason is shown beside that field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.scene import SceneCollection
from studio.scene.template_fields import FieldValueError, apply_field_values, field_value
from studio.scene.template_info import OpenField
from studio.ui.document import CollectionDocument
from studio.ui.settings_form import ColourButton

AskPath = Callable[[str], Path | None]  # (kind) → a file, or None when cancelled
EDIT_TEXT = "Fill in the template"
SWATCH_PX = 28
ERROR_STYLE = "color: #ff8080"


def has_open_fields(collection: SceneCollection) -> bool:
    """Whether the show was made from a template that leaves the host anything to fill in."""
    return collection.template is not None and bool(collection.template.fields)


def form_title(collection: SceneCollection) -> str:
    template = collection.template
    return f"Make “{template.name}” yours" if template else "Make this show yours"


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a bundle's text is never rich text
    label.setWordWrap(True)
    return label


class TemplateForm(QDialog):
    """One row per open field; OK fills them in through ``document.edit``."""

    def __init__(
        self, document: CollectionDocument, ask_path: AskPath, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templateForm")
        self.document = document
        self._ask_path = ask_path
        collection = document.collection
        template = collection.template
        self.fields: list[OpenField] = list(template.fields) if template else []
        self.setWindowTitle(form_title(collection))
        # What each field holds when the form opens: OK sends only what the host changed.
        self._start = {field.id: field_value(collection, field.id) for field in self.fields}
        self._readers: dict[str, Callable[[], str]] = {}
        self.editors: dict[str, QWidget] = {}
        self.swatches: dict[str, list[QPushButton]] = {}
        self.file_labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}

        layout = QVBoxLayout(self)
        intro = _plain_label(
            f"{template.author or 'The agency'} left these for you to fill in."
            if template
            else "This show has nothing to fill in."
        )
        layout.addWidget(intro)
        form = QFormLayout()
        for field in self.fields:
            form.addRow(_plain_label(field.label), self._row(field))
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- rows ---------------------------------------------------------------------------
    def _row(self, field: OpenField) -> QWidget:
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        if field.type == "text":
            column.addWidget(self._text_editor(field))
        elif field.type == "image":
            column.addLayout(self._image_chooser(field))
        else:
            column.addLayout(self._colour_chooser(field))
        error = _plain_label("")
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        self.errors[field.id] = error
        column.addWidget(error)
        return row

    def _text_editor(self, field: OpenField) -> QLineEdit:
        line = QLineEdit(self._start[field.id])
        line.setMaxLength(field.max_length)
        line.setPlaceholderText(field.default)
        line.setToolTip(f"At most {field.max_length} characters")
        self.editors[field.id] = line
        self._readers[field.id] = line.text
        return line

    def _image_chooser(self, field: OpenField) -> QHBoxLayout:
        line = QHBoxLayout()
        chosen = {"path": self._start[field.id]}
        name = _plain_label(_file_name(chosen["path"]))
        name.setToolTip(chosen["path"])
        button = QPushButton("Choose…")
        button.setToolTip("Choose a picture file")

        def choose() -> None:
            path = self._ask_path(field.type)
            if path is None:
                return
            chosen["path"] = str(path)
            name.setText(_file_name(chosen["path"]))
            name.setToolTip(chosen["path"])
            self._clear_error(field.id)

        button.clicked.connect(lambda _checked=False: choose())
        line.addWidget(button)
        line.addWidget(name, 1)
        self.editors[field.id] = button
        self.file_labels[field.id] = name
        self._readers[field.id] = lambda: chosen["path"]
        return line

    def _colour_chooser(self, field: OpenField) -> QHBoxLayout:
        line = QHBoxLayout()
        if not field.choices:  # any colour: the colour dialog
            button = ColourButton(self._start[field.id] or None, optional=False)
            line.addWidget(button)
            self.editors[field.id] = button
            self._readers[field.id] = lambda: button.value or ""
            return line
        group = QButtonGroup(self)
        group.setExclusive(True)
        names = self._kit_names()
        buttons: list[QPushButton] = []
        for choice in field.choices:
            swatch = QPushButton()
            swatch.setCheckable(True)
            swatch.setFixedSize(SWATCH_PX, SWATCH_PX)
            swatch.setToolTip(f"{names.get(choice.upper(), choice)} ({choice})")
            swatch.setAccessibleName(choice)
            swatch.setStyleSheet(
                f"QPushButton {{ background: {choice[:7]}; border: 1px solid #555; }}"
                "QPushButton:checked { border: 3px solid #ffffff; }"
            )
            swatch.setChecked(choice.upper() == self._start[field.id].upper())
            group.addButton(swatch)
            line.addWidget(swatch)
            buttons.append(swatch)
        line.addStretch(1)
        start = self._start[field.id]

        def read() -> str:
            checked = group.checkedButton()
            return checked.accessibleName() if checked is not None else start

        self.swatches[field.id] = buttons
        self.editors[field.id] = buttons[0]
        self._readers[field.id] = read
        return line

    def _kit_names(self) -> dict[str, str]:
        template = self.document.collection.template
        colours = template.brand.colors if template else {}
        return {value.upper(): name for name, value in colours.items()}

    # -- OK -----------------------------------------------------------------------------
    def changed_values(self) -> dict[str, str]:
        values = {field_id: read() for field_id, read in self._readers.items()}
        return {key: value for key, value in values.items() if value != self._start[key]}

    def apply(self) -> None:
        """Fill in what changed as one undoable edit and close; with a problem, say which
        field has it and stay open."""
        values = self.changed_values()
        collection = self.document.collection
        problems: dict[str, str] = {}
        for field_id, value in values.items():  # each on its own: every problem at once
            try:
                apply_field_values(collection, {field_id: value})
            except FieldValueError as error:
                problems[field_id] = error.reason
        for field_id in self.errors:
            if field_id in problems:
                self._show_error(field_id, problems[field_id])
            else:
                self._clear_error(field_id)
        if problems:
            return
        self.document.edit(apply_field_values(collection, values), EDIT_TEXT)
        self.accept()

    def _show_error(self, field_id: str, reason: str) -> None:
        label = self.errors[field_id]
        label.setText(reason[:1].upper() + reason[1:])
        label.show()

    def _clear_error(self, field_id: str) -> None:
        self.errors[field_id].clear()
        self.errors[field_id].hide()


def _file_name(path: str) -> str:
    return Path(path).name if path else "no file chosen"


def open_template_form(
    parent: QWidget | None, document: CollectionDocument, ask_path: AskPath
) -> None:
    """Show the host form for the show's template (modal); OK fills the fields in as one
    undoable edit, Cancel changes nothing."""
    if not has_open_fields(document.collection):
        QMessageBox.information(
            parent,
            form_title(document.collection),
            "This show was not made from a template that leaves anything to fill in.",
        )
        return
    form = TemplateForm(document, ask_path, parent)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not kept by its parent window
    form.exec()
