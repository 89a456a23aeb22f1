"""The host form: a host types their name, picks a colour of the kit and a logo, and the show
takes them as one edit they can undo; Cancel changes nothing, a bad file is named beside its
field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QPushButton

from studio.scene import SceneCollection
from studio.scene.template_fields import field_value
from studio.ui.document import CollectionDocument
from studio.ui.template_form import TemplateForm, open_template_form
from tests.scene.test_template_fields import BLUE, GOLD, OTHER_PICTURE, RED, template_doc
from tests.ui.real_input import click, when_opens


@pytest.fixture
def document(tmp_path: Path) -> Iterator[CollectionDocument]:
    doc = template_doc()
    # The title shows the host's name through the placeholder, nothing else.
    doc["scenes"][0]["items"][2]["source"]["text"] = "{host.name}"
    document = CollectionDocument(SceneCollection.model_validate(doc), tmp_path / "data")
    yield document
    document.flush()
    document.close()


def ok_button(form: TemplateForm) -> QPushButton:
    return form.buttons.button(QDialogButtonBox.StandardButton.Ok)


def cancel_button(form: TemplateForm) -> QPushButton:
    return form.buttons.button(QDialogButtonBox.StandardButton.Cancel)


def type_into(line: QLineEdit, text: str) -> None:
    line.setFocus()
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # replace it all
    QTest.keyClicks(line, text)


def swatch(form: TemplateForm, field_id: str, colour: str) -> QPushButton:
    return next(b for b in form.swatches[field_id] if b.accessibleName() == colour)


def show_form(qtbot, document: CollectionDocument, ask_path=lambda _kind: None) -> TemplateForm:  # type: ignore[no-untyped-def]
    form = TemplateForm(document, ask_path)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_the_host_fills_in_name_and_colour_as_one_undoable_edit(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    before = document.collection

    def fill_in(form) -> None:  # type: ignore[no-untyped-def]
        assert form.windowTitle() == "Make “Studio table” yours"
        name = form.editors["host.name"]
        assert isinstance(name, QLineEdit) and name.text() == "Ana"
        assert swatch(form, "accent", GOLD).isChecked()  # the colour the card has now
        type_into(name, "Bea Santos")
        click(swatch(form, "accent", RED))
        click(ok_button(form))

    when_opens("dialog", fill_in)
    open_template_form(None, document, lambda _kind: None)

    after = document.collection
    assert after.template is not None
    assert after.template.host_values() == {"host.name": "Bea Santos"}
    # The title keeps its placeholder: the {host.name} binding reads the new value.
    assert after.scene("Live").item("title").source.text == "{host.name}"  # type: ignore[attr-defined]
    for scene in ("Live", "Break"):
        assert after.scene(scene).item("card").source.accent_color == RED  # type: ignore[attr-defined]
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Fill in the template"
    document.undo_stack.undo()
    assert document.collection == before


def test_cancel_changes_nothing(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    before = document.collection
    form = show_form(qtbot, document)
    type_into(form.editors["host.name"], "Somebody else")  # type: ignore[arg-type]
    click(swatch(form, "accent", RED))
    click(cancel_button(form))
    assert not form.isVisible()
    assert document.collection == before and document.undo_stack.count() == 0


def test_only_the_kits_colours_are_offered(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    form = show_form(qtbot, document)
    assert [b.accessibleName() for b in form.swatches["accent"]] == [GOLD, RED]
    assert BLUE not in {b.accessibleName() for b in form.swatches["accent"]}
    assert form.swatches["accent"][1].toolTip() == f"red ({RED})"  # named as in the kit


def test_the_name_cannot_run_past_the_fields_length(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    form = show_form(qtbot, document)
    name = form.editors["host.name"]
    type_into(name, "x" * 80)  # type: ignore[arg-type]
    assert name.text() == "x" * 60  # type: ignore[attr-defined]


def test_a_logo_is_chosen_from_a_file(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def choose(kind: str) -> Path:
        asked.append(kind)
        return OTHER_PICTURE

    form = show_form(qtbot, document, choose)
    assert form.file_labels["logo"].text() == "liveshop-logo.png"
    click(form.editors["logo"])
    assert asked == ["image"]
    assert form.file_labels["logo"].text() == "camera-stand-in.png"
    assert document.collection.scene("Live").item("logo").source.path != OTHER_PICTURE  # type: ignore[attr-defined]
    click(ok_button(form))
    assert field_value(document.collection, "logo") == str(OTHER_PICTURE)
    assert document.collection.scene("Break").item("corner-logo").source.path == OTHER_PICTURE  # type: ignore[attr-defined]


def test_a_file_that_is_gone_is_named_beside_its_field_and_nothing_changes(
    qtbot,
    document,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    before = document.collection
    chosen = [tmp_path / "gone.png"]
    form = show_form(qtbot, document, lambda _kind: chosen[0])
    type_into(form.editors["host.name"], "Bea")  # type: ignore[arg-type]
    click(form.editors["logo"])
    click(ok_button(form))
    assert form.isVisible()  # still open, to fix it
    assert form.errors["logo"].isVisible()
    assert form.errors["logo"].text() == "File not found (gone.png)"
    assert not form.errors["host.name"].isVisible()
    assert document.collection == before

    chosen[0] = OTHER_PICTURE
    click(form.editors["logo"])
    assert not form.errors["logo"].isVisible()
    click(ok_button(form))
    assert not form.isVisible()
    assert field_value(document.collection, "logo") == str(OTHER_PICTURE)
    assert field_value(document.collection, "host.name") == "Bea"
    assert document.undo_stack.count() == 1


def test_a_show_without_a_template_says_so(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    document.set_without_undo(document.collection.model_copy(update={"template": None}))
    seen: list[str] = []

    def answer(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        click(box.button(QMessageBox.StandardButton.Ok))

    when_opens("dialog", answer)
    open_template_form(None, document, lambda _kind: None)
    assert seen and "not made from a template" in seen[0]
