"""Widgets leave the window from inside their own signals without being deleted there."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QSpinBox, QVBoxLayout, QWidget
from shiboken6 import Shiboken

from studio.ui.widget_lifetime import replace_scroll_widget, retire, retiring_count


def run_deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def spin_in(body: QWidget) -> QSpinBox:
    spin = QSpinBox(body)
    QVBoxLayout(body).addWidget(spin)
    return spin


def test_a_form_replaced_from_its_own_spin_box_signal_survives_the_signal(qtbot) -> None:  # type: ignore[no-untyped-def]
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    first = QWidget()
    spin = spin_in(first)
    scroll.setWidget(first)
    scroll.show()
    replaced: list[QWidget] = []

    def redraw(_value: int) -> None:  # what a document change did to the Properties form
        body = QWidget()
        spin_in(body)
        replace_scroll_widget(scroll, body)
        replaced.append(body)

    spin.valueChanged.connect(redraw)
    QTest.keyClick(spin, Qt.Key.Key_Up)  # QScrollArea.setWidget alone: a segmentation fault
    assert scroll.widget() is replaced[0]
    assert Shiboken.isValid(spin) and not spin.isVisible()  # deleted later, not in its signal
    run_deferred_deletes()
    assert not Shiboken.isValid(first)


def test_a_parentless_widget_is_held_until_the_event_loop_deletes_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    held_before = retiring_count()
    lonely = QSpinBox()
    lonely.show()
    lonely.valueChanged.connect(lambda _v: retire(lonely))
    QTest.keyClick(lonely, Qt.Key.Key_Up)
    assert retiring_count() == held_before + 1 and not lonely.isVisible()
    run_deferred_deletes()
    assert retiring_count() == held_before
    assert not Shiboken.isValid(lonely)
