"""The preview draws each frame pixel for pixel into its place, with no seam of the black
canvas around it, and a new frame repaints the picture alone (not the margins, 30 times a
second)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage, QPaintEvent
from pytestqt.qtbot import QtBot

from studio.capture.color import ColorSettings
from studio.scene import Canvas, Scene, SceneCollection, SceneItem
from studio.ui.preview import PreviewWidget

BACKDROP = (0x20, 0xC0, 0x60)  # RGB
MARGIN = (0x14, 0x15, 0x18)  # the widget's background around the canvas
TOLERANCE = 6  # swscale's rounding of a flat colour


def one_colour_show(width: int, height: int) -> SceneCollection:
    fill = ColorSettings(name="Backdrop", color="#20C060", width=width, height=height)
    return SceneCollection(
        name="Flat",
        canvases=[Canvas(name="Main", width=width, height=height, fps=Fraction(30), scene="Main")],
        scenes=[Scene(name="Main", items=[SceneItem(id="backdrop", source=fill)])],
    )


def shown(preview: PreviewWidget) -> np.ndarray:
    """The widget as it is on screen: height × width × RGB."""
    image = preview.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8)
    rows = pixels.reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def near(pixels: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    return (np.abs(pixels - np.array(colour)) <= TOLERANCE).all(axis=-1)


class PaintedRects(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.rects.append(event.rect())
        return False


@pytest.mark.parametrize(("width", "height", "window"), [
    (1280, 720, (1366, 768)), (1280, 720, (1111, 700)), (1080, 1920, (1366, 768)),
    (854, 480, (1000, 650)),
])  # fmt: skip
def test_the_picture_fills_its_place_to_the_pixel(
    make_studio, qtbot: QtBot, width: int, height: int, window: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio(one_colour_show(width, height))
    studio.window.resize(*window)
    qtbot.waitExposed(studio.window)
    preview = studio.window.previews.program
    qtbot.waitUntil(lambda: preview._picture_rect(preview.view) is not None, timeout=10_000)

    place = preview.view.widget_rect
    pixels = shown(preview)
    inside = pixels[
        round(place.top()) : round(place.bottom()), round(place.left()) : round(place.right())
    ]
    # Every row and column of the canvas's place shows the picture: no black seam.
    assert near(inside, BACKDROP).mean(axis=0).min() > 0.98
    assert near(inside, BACKDROP).mean(axis=1).min() > 0.98
    # Around it, the widget's own background (a phone's bezel aside).
    if width > height:
        assert near(pixels[:, : max(1, int(place.left()) - 1)], MARGIN).all()


def test_a_new_frame_repaints_the_picture_alone(make_studio, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio(one_colour_show(1280, 720))
    studio.window.resize(1366, 768)
    qtbot.waitExposed(studio.window)
    preview = studio.window.previews.program
    qtbot.waitUntil(lambda: preview._picture_rect(preview.view) is not None, timeout=10_000)
    qtbot.wait(200)  # the window settles (first sizes of the docks)
    painted = PaintedRects()
    preview.installEventFilter(painted)
    qtbot.waitUntil(lambda: len(painted.rects) >= 10, timeout=10_000)
    preview.removeEventFilter(painted)

    picture = preview._picture_rect(preview.view)
    assert picture is not None and picture.width() < preview.width()
    assert all(rect == picture for rect in painted.rects), (picture, painted.rects[:5])
    # The margins were painted before, and stay.
    assert near(shown(preview)[:, :4], MARGIN).all()
