"""Editing in the Properties dock with real keys and the mouse wheel: every edit reaches the
document, and the form that sent it survives (the old form was deleted from inside its own
spin box's signal, and the app died with a segmentation fault)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSpinBox


def font_size_spin(studio) -> QSpinBox:  # type: ignore[no-untyped-def]
    studio.window.sources_dock.select("title")
    form = studio.window.properties_dock.source_form
    assert form is not None
    spin = form.editors["font_size_px"]
    assert isinstance(spin, QSpinBox)
    return spin


def title_font_size(studio) -> int:  # type: ignore[no-untyped-def]
    return int(studio.document.collection.scene("Main").item("title").source.font_size_px)


def wheel_up(widget) -> None:  # type: ignore[no-untyped-def]
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_key_up_in_a_number_field_edits_the_item(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    spin = font_size_spin(studio)
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_Up)
    assert title_font_size(studio) == 21
    QTest.keyClick(spin, Qt.Key.Key_Up)  # the same editor again: it was kept, not replaced
    assert title_font_size(studio) == 22
    assert font_size_spin(studio) is spin and spin.value() == 22


def test_typing_a_number_and_enter_edits_the_item(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    spin = font_size_spin(studio)
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, "36")
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert title_font_size(studio) == 36
    QTest.keyClick(spin, Qt.Key.Key_Down)
    assert title_font_size(studio) == 35


def test_the_mouse_wheel_over_a_number_field_edits_the_item(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    spin = font_size_spin(studio)
    wheel_up(spin)
    assert title_font_size(studio) == 21
    wheel_up(spin)
    assert title_font_size(studio) == 22


def test_undo_puts_the_value_back_in_the_same_editor(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    spin = font_size_spin(studio)
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_Up)
    studio.document.undo_stack.undo()
    assert title_font_size(studio) == 20
    assert spin.value() == 20  # the shown form follows the document


def test_selecting_another_item_shows_its_form(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    spin = font_size_spin(studio)
    QTest.keyClick(spin, Qt.Key.Key_Up)
    studio.window.sources_dock.select("box")
    form = studio.window.properties_dock.source_form
    assert form is not None and "color" in form.editors
    assert not spin.isVisible()
