"""The preview draws each frame pixel for pixel into its place, with no seam of the black
canvas around it, and a new frame repaints the picture alone (not the margins, 30 times a
second)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent
from pytestqt.qtbot import QtBot

from tests.ui.preview_pictures import one_colour_show, shown_picture

BACKDROP = "#20C060"
BACKDROP_BGR = (0x60, 0xC0, 0x20)
MARGIN_BGR = (0x18, 0x15, 0x14)  # the widget's background around the canvas
TOLERANCE = 6  # swscale's rounding of a flat colour


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
    studio = make_studio(one_colour_show(width, height, BACKDROP))
    studio.window.resize(*window)
    qtbot.waitExposed(studio.window)
    preview = studio.window.previews.program
    qtbot.waitUntil(lambda: preview._picture_rect(preview.view) is not None, timeout=10_000)

    place = preview.view.widget_rect
    pixels = shown_picture(qtbot, preview)[..., :3].astype(int)
    inside = pixels[
        round(place.top()) : round(place.bottom()), round(place.left()) : round(place.right())
    ]
    # Every row and column of the canvas's place shows the picture: no black seam.
    assert near(inside, BACKDROP_BGR).mean(axis=0).min() > 0.98
    assert near(inside, BACKDROP_BGR).mean(axis=1).min() > 0.98
    # Around it, the widget's own background (a phone's bezel aside).
    if width > height:
        assert near(pixels[:, : max(1, int(place.left()) - 1)], MARGIN_BGR).all()


def test_a_new_frame_repaints_the_picture_alone(make_studio, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio(one_colour_show(1280, 720, BACKDROP))
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
    assert near(shown_picture(qtbot, preview)[:, :4, :3].astype(int), MARGIN_BGR).all()
