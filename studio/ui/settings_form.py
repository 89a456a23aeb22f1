"""A form drawn from a pydantic settings model, so a new source kind needs no UI code.

str → line edit, bool → check box, int/float (with ge/le) → spin boxes, Literal → combo box,
Path → line edit with a file button, ``#RRGGBB`` strings → colour button; ``X | None`` fields
get an "auto" special value (numbers) or may be left empty (text, colours).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

SKIPPED_FIELDS = {"kind"}
INT_RANGE = (-1_000_000, 1_000_000)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def _bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for meta in field.metadata:
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        if getattr(meta, "gt", None) is not None:
            low = meta.gt
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


def _is_colour(field: FieldInfo, annotation: Any) -> bool:
    if annotation is not str:
        return False
    for meta in field.metadata:
        pattern = getattr(meta, "pattern", None)
        if pattern and "#" in pattern:
            return True
    return False


class ColourButton(QPushButton):
    changed = Signal()

    def __init__(self, value: str | None, optional: bool) -> None:
        super().__init__()
        self.optional = optional
        self.value = value
        self.clicked.connect(self._choose)
        self._show()

    def _choose(self) -> None:
        colour = QColorDialog.getColor(
            QColor(self.value or "#ffffff"),
            self,
            "Colour",
            QColorDialog.ColorDialogOption.ShowAlphaChannel,
        )
        if colour.isValid():
            self.set_value(colour.name(QColor.NameFormat.HexRgb).upper())

    def set_value(self, value: str | None) -> None:
        self.show_value(value)
        self.changed.emit()

    def show_value(self, value: str | None) -> None:
        """Show ``value`` without announcing a change (the model changed, not the user)."""
        self.value = value
        self._show()

    def _show(self) -> None:
        self.setText(self.value or "none")
        if self.value:
            self.setStyleSheet(
                f"background: {self.value[:7]}; color: "
                f"{'#000' if QColor(self.value[:7]).lightness() > 128 else '#fff'}"
            )
        else:
            self.setStyleSheet("")


class SettingsForm(QWidget):
    """Edits one model value; ``edited`` carries the fields as a dict whenever one changes.
    ``show_model`` follows a new value of the same model in place: an edit made here comes
    back through the document, and the editor that sent it must not be replaced (or deleted)
    while its own signal is still running."""

    edited = Signal(dict)

    def __init__(
        self, model: BaseModel, skip: set[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.readers: dict[str, Any] = {}
        self.writers: dict[str, Callable[[Any], None]] = {}
        self.editors: dict[str, QWidget] = {}
        skip = SKIPPED_FIELDS | (skip or set())
        for name, field in type(model).model_fields.items():
            if name in skip:
                continue
            editor = self._editor(name, field, getattr(model, name))
            if editor is None:
                continue
            tip = field.description or f"{name.replace('_', ' ').capitalize()}"
            editor.setToolTip(tip)
            self.editors[name] = editor
            self.layout_.addRow(name.replace("_", " ").capitalize(), editor)

    def show_model(self, model: BaseModel) -> None:
        """Show ``model`` (the same type as the form's) in the existing editors, without
        emitting ``edited``. Only fields whose value changed are written, so an editor the
        host is typing into keeps its text when another field changes."""
        if type(model) is not type(self.model):
            raise TypeError(f"{type(model).__name__} is not a {type(self.model).__name__}")
        before, self.model = self.model, model
        for name, write in self.writers.items():
            value = getattr(model, name)
            if value == getattr(before, name):
                continue
            editor = self.editors[name]
            blocked = editor.blockSignals(True)
            try:
                write(value)
            finally:
                editor.blockSignals(blocked)

    def values(self) -> dict[str, Any]:
        data = self.model.model_dump()
        data |= {name: read() for name, read in self.readers.items()}
        return data

    def _changed(self) -> None:
        self.edited.emit(self.values())

    def _editor(self, name: str, field: FieldInfo, value: Any) -> QWidget | None:
        annotation, optional = _unwrap_optional(field.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return None  # nested models (crop) are not drawn here
        if annotation is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda _v: self._changed())
            self.readers[name] = box.isChecked
            self.writers[name] = lambda v, b=box: b.setChecked(bool(v))
            return box
        if get_origin(annotation) is Literal:
            combo = QComboBox()
            options = [str(option) for option in get_args(annotation)]
            combo.addItems(options)
            combo.setCurrentText(str(value))
            combo.currentTextChanged.connect(lambda _v: self._changed())
            self.readers[name] = combo.currentText
            self.writers[name] = lambda v, c=combo: c.setCurrentText(str(v))
            return combo
        if annotation in (int, float):
            return self._number(name, field, value, annotation, optional)
        if _is_colour(field, annotation):
            button = ColourButton(value, optional)
            button.changed.connect(self._changed)
            self.readers[name] = lambda b=button: b.value
            self.writers[name] = button.show_value
            return button
        if annotation is Path or annotation is str or optional:
            return self._text(name, value, annotation is Path, optional)
        return None

    def _number(
        self, name: str, field: FieldInfo, value: Any, kind: type, optional: bool
    ) -> QWidget:
        low, high = _bounds(field)
        spin: QSpinBox | QDoubleSpinBox
        if kind is int:
            spin = QSpinBox()
            low_i = int(low) if low is not None else INT_RANGE[0]
            spin.setRange(
                low_i - 1 if optional else low_i, int(high) if high is not None else INT_RANGE[1]
            )
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(2)
            low_f = float(low) if low is not None else float(INT_RANGE[0])
            spin.setRange(
                low_f - 1 if optional else low_f,
                float(high) if high is not None else float(INT_RANGE[1]),
            )
        if optional:
            spin.setSpecialValueText("auto")  # shown at the minimum, which means None
        spin.setValue(spin.minimum() if value is None else value)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(lambda _v: self._changed())

        def read(s: QSpinBox | QDoubleSpinBox = spin) -> Any:
            if optional and s.value() == s.minimum():
                return None
            return s.value()

        self.readers[name] = read
        self.writers[name] = lambda v, s=spin: s.setValue(s.minimum() if v is None else v)
        return spin

    def _text(self, name: str, value: Any, is_path: bool, optional: bool) -> QWidget:
        line = QLineEdit("" if value is None else str(value))
        line.editingFinished.connect(self._changed)

        def read(e: QLineEdit = line) -> Any:
            text = e.text()
            if optional and not text:
                return None
            return Path(text) if is_path else text

        self.readers[name] = read
        self.writers[name] = lambda v, e=line: e.setText("" if v is None else str(v))
        if not is_path:
            return line
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line, 1)
        browse = QPushButton("…")
        browse.setToolTip("Choose a file")

        def choose() -> None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Choose a file", line.text())
            if chosen:
                line.setText(chosen)
                self._changed()

        browse.clicked.connect(choose)
        layout.addWidget(browse)
        row.setFocusProxy(line)
        return row
