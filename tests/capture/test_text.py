"""Text source and the render module (Qt, headless)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.capture.base import SourceState
from studio.capture.text import TextSettings, TextSource
from studio.clock import ManualClock
from studio.media import OverlayPicture
from studio.render import text as render
from tests.capture.waiting import wait_for


@pytest.fixture(scope="module", autouse=True)
def gui_app() -> None:
    render.ensure_gui_app()  # on the main thread, as the engine does at start-up


def test_bundled_fonts_are_registered() -> None:
    assert "DejaVu Sans" in render.bundled_font_families()


def test_text_renders_with_outline_and_background() -> None:
    plain = render.render_text_image("Sale!", color="#FFFFFF", padding_px=4)
    assert plain.dtype == np.uint8 and plain.shape[2] == 4
    assert plain[..., 3].max() == 255 and plain[..., 3].min() == 0  # glyphs on transparency
    outlined = render.render_text_image(
        "Sale!", color="#FFFFFF", outline_color="#FF0000", outline_px=3, padding_px=4
    )
    red = (outlined[..., 2] > 200) & (outlined[..., 1] < 50) & (outlined[..., 3] == 255)
    assert red.sum() > 50
    boxed = render.render_text_image("Sale!", background="#0000FF80", padding_px=4)
    assert boxed[0, 0].tolist() == [128, 0, 0, 128]  # premultiplied half-blue corner


def test_wrap_and_alignment() -> None:
    wide = render.render_text_image("one two three four five", font_size_px=20)
    wrapped = render.render_text_image("one two three four five", font_size_px=20, wrap_width_px=80)
    assert wrapped.shape[0] > wide.shape[0] and wrapped.shape[1] < wide.shape[1]
    right = render.render_text_image("a\nlonger line", align="right", padding_px=0)
    first_line = right[: right.shape[0] // 3, :, 3]
    assert np.flatnonzero(first_line.max(axis=0))[0] > right.shape[1] // 2


def test_rendering_works_off_the_main_thread() -> None:
    result: list[np.ndarray] = []
    worker = threading.Thread(target=lambda: result.append(render.render_text_image("x")))
    worker.start()
    worker.join(10)
    assert result and result[0][..., 3].max() == 255


@pytest.mark.parametrize("size", [(1, 1), (24, 12), (320, 180), (1920, 1080)])
def test_placeholder_fits_any_size(size: tuple[int, int]) -> None:
    width, height = size
    box = render.render_placeholder(width, height, "Camera unavailable", "Plug it back in")
    assert box.shape == (height, width, 4) and (box[..., 3] == 255).all()
    if width >= 320:
        centre = box[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4]
        assert centre.max() > 200  # some text was drawn
        assert box[height // 2, 0, 2] > 200  # amber border on the left edge


def test_text_source_renders_and_updates_live() -> None:
    source = TextSource(
        TextSettings(text="Hi", outline_color="#000000", outline_px=2), ManualClock()
    )
    source.start()
    try:
        first = wait_for(source.current_picture)
        assert isinstance(first, OverlayPicture) and first.bgra[..., 3].max() == 255
        assert source.health.state is SourceState.OK
        source.set_text("Only 3 left!")
        second = wait_for(lambda: (p := source.current_picture()) is not first and p)
        assert second.seq == first.seq + 1 and second.size[0] > first.size[0]
    finally:
        source.stop()
