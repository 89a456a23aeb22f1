"""The first-run layout on a 1366×768 laptop: the Properties of a Text source show several rows
and the mixer several channels, without scrolling, beside a large preview."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QToolBar,
    QWidget,
)

from studio.capture.text import TextSettings
from studio.capture.tone import ToneSettings
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform

LAPTOP_W, LAPTOP_H = 1366, 768
TITLE_BAR_AND_TASKBAR_PX = 70


def show_with_three_sounds() -> SceneCollection:
    items = [
        SceneItem(id=f"tone{n}", source=ToneSettings(name=f"Tone {n}", beep_period_s=0.5))
        for n in (1, 2, 3)
    ]
    title = SceneItem(
        id="title",
        source=TextSettings(name="Title", text="Hello", font_size_px=20),
        transform=Transform(x=10, y=10),
    )
    return SceneCollection(
        name="Laptop show",
        canvases=[Canvas(name="Main", width=320, height=180, fps=Fraction(30), scene="Main")],
        scenes=[Scene(name="Main", items=[*items, title])],
    )


def fully_inside(widget: QWidget, area: QWidget) -> bool:
    top_left = widget.mapTo(area, widget.rect().topLeft())
    return area.rect().contains(QRect(top_left, widget.size()))


def click_source(window, name: str) -> None:  # type: ignore[no-untyped-def]
    sources = window.sources_dock.list
    (row,) = [r for r in range(sources.count()) if sources.item(r).text() == name]
    rect = sources.visualItemRect(sources.item(row))
    QTest.mouseClick(sources.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_laptop_layout_shows_text_properties_three_channels_and_a_large_preview(  # type: ignore[no-untyped-def]
    make_studio, qtbot
) -> None:
    studio = make_studio(show_with_three_sounds())
    window = studio.window
    window.resize(LAPTOP_W, LAPTOP_H - TITLE_BAR_AND_TASKBAR_PX)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == LAPTOP_W)
    click_source(window, "Title")
    qtbot.wait(50)

    scroll = window.properties_dock.findChild(QScrollArea)
    editors = [
        w
        for w in scroll.widget().findChildren(QWidget)
        if isinstance(w, QLineEdit | QAbstractSpinBox | QComboBox | QAbstractButton)
        and w.isVisible()
        and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)
    ]
    rows_seen = {w.mapTo(scroll.viewport(), w.rect().topLeft()).y() for w in editors
                 if fully_inside(w, scroll.viewport())}  # fmt: skip
    assert len(rows_seen) >= 6, len(rows_seen)

    mixer = window.mixer_dock
    strips = [mixer.strips[f"Tone {n}"] for n in (1, 2, 3)]
    viewport = mixer.findChild(QScrollArea).viewport()
    for strip in strips:
        assert fully_inside(strip, viewport), strip.name
        for part in (strip.mute, strip.gain, strip.meter):
            assert fully_inside(part, viewport), strip.name

    # Every tool of the Scenes and Sources docks is on screen, none in an overflow menu.
    for dock in (window.scenes_dock, window.sources_dock):
        bar = dock.findChild(QToolBar)
        for action in bar.actions():
            button = bar.widgetForAction(action)
            assert button is not None and button.isVisible(), action.text()
            assert fully_inside(button, bar), action.text()

    # The preview keeps the largest part of the window.
    canvas = window.previews.program.view.widget_rect
    assert canvas.width() >= 0.45 * LAPTOP_W and canvas.height() >= 0.45 * window.height()
