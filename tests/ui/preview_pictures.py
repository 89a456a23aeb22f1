"""What the preview widget shows: a one-colour show whose every frame is the same picture, and
the widget's pixels as the screen has them."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from studio.capture.color import ColorSettings
from studio.scene import Canvas, Scene, SceneCollection, SceneItem
from studio.ui.preview import PreviewWidget


def one_colour_show(width: int, height: int, color: str, canvas: str = "Main") -> SceneCollection:
    """One canvas filled with one colour: every frame of the preview is the same picture."""
    fill = ColorSettings(name="Backdrop", color=color, width=width, height=height)
    return SceneCollection(
        name="One colour",
        canvases=[Canvas(name=canvas, width=width, height=height, fps=Fraction(30), scene="Main")],
        scenes=[Scene(name="Main", items=[SceneItem(id="backdrop", source=fill)])],
    )


def shown_picture(qtbot: QtBot, preview: PreviewWidget) -> np.ndarray:
    """What the preview draws (with a frame from the engine, not the layout sketch), as
    height × width × BGRA."""
    qtbot.waitUntil(lambda: preview._image is not None, timeout=10_000)
    image = preview.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8)
    return pixels.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()].copy()
