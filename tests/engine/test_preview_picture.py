"""The preview and the raw program frame show the canvas's own colours (BT.709, as encoded),
every column drawn at any width."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from studio.engine.preview_picture import preview_size
from studio.engine.session import Session
from studio.scene import load_collection
from tests.support.scenes import collection, write_collection

MAGENTA = (255, 0, 255)


@pytest.fixture
def magenta_session(tmp_path: Path):  # type: ignore[no-untyped-def]
    document = collection(
        [{"name": "main", "width": 854, "height": 480, "fps": 30, "scene": "Colour"}],
        [{"name": "Colour", "items": [{"source": {"kind": "color", "color": "#FF00FF"}}]}],
    )
    session = Session(load_collection(write_collection(tmp_path / "c.json", document)))
    session.start(all_canvases=True)
    deadline = time.monotonic() + 10
    while session.preview("main", 854, 480) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield session
    finally:
        session.stop()


@pytest.mark.parametrize("width", [854, 290, 180, 643, 646, 427, 898])
def test_every_column_of_the_preview_shows_the_canvas_colour(magenta_session, width) -> None:  # type: ignore[no-untyped-def]
    preview = magenta_session.preview("main", width, 2000)
    assert preview is not None
    blue, green, red = (preview[..., channel].astype(int) for channel in range(3))
    for plane, wanted in ((red, 255), (green, 0), (blue, 255)):
        assert np.abs(plane - wanted).max() <= 4, (width, plane.min(), plane.max())


def test_the_raw_program_frame_is_the_canvas_at_full_size(magenta_session) -> None:  # type: ignore[no-untyped-def]
    frame = magenta_session.program_frame("main")
    assert frame is not None and (frame.width, frame.height) == (854, 480)
    rgb = frame.to_ndarray(format="rgb24", src_colorspace=frame.colorspace,
                           src_color_range=frame.color_range)  # fmt: skip
    assert np.abs(rgb.astype(int) - MAGENTA).max() <= 4


def test_a_box_of_the_canvas_shape_is_filled_exactly_and_any_other_is_fitted() -> None:
    # A window's place for the preview, rounded to whole pixels: filled exactly.
    for width, height in ((893, 502), (894, 503), (1366, 768), (641, 360), (64, 36), (407, 228)):
        assert preview_size(1920, 1080, width, height) == (width, height)
    assert preview_size(1080, 1920, 273, 486) == (273, 486)
    # Any other box: the canvas's shape inside it.
    assert preview_size(1920, 1080, 290, 1000) == (290, 163)
    assert preview_size(1920, 1080, 1000, 180) == (320, 180)
    assert preview_size(1920, 1080, 854, 2000) == (854, 480)
