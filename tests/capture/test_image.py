"""Image source: formats, alpha, errors and recovery."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from studio.capture.base import SourceState
from studio.capture.image import ImageSettings, ImageSource
from studio.clock import ManualClock
from studio.media import OverlayPicture
from tests.capture.waiting import wait_for


def _load(path: Path) -> ImageSource:
    source = ImageSource(ImageSettings(path=path), ManualClock())
    source.retry_interval_s = 0.05
    source.start()
    return source


@pytest.mark.parametrize("fixture", ["png_rgba", "webp_rgba"])
def test_alpha_images_are_premultiplied(fixture: str, request: pytest.FixtureRequest) -> None:
    source = _load(request.getfixturevalue(fixture))
    try:
        picture = wait_for(source.current_picture)
        assert isinstance(picture, OverlayPicture) and picture.size == (16, 8)
        assert not picture.opaque
        b, g, r, a = picture.bgra[4, 2].astype(int)
        assert (b, g, r, a) == pytest.approx((0, 0, 255, 255), abs=3)  # opaque red
        b, g, r, a = picture.bgra[4, 12].astype(int)
        assert a == pytest.approx(128, abs=3)
        assert (b, g, r) == pytest.approx((128, 128, 128), abs=4)  # white × 0.5
        assert source.health.state is SourceState.OK
    finally:
        source.stop()


def test_jpeg_is_opaque(jpeg_image: Path) -> None:
    source = _load(jpeg_image)
    try:
        picture = wait_for(source.current_picture)
        assert isinstance(picture, OverlayPicture) and picture.opaque
        assert picture.size == (32, 16)
        assert picture.bgra[8, 16, 1] > 150 and picture.bgra[8, 16, 2] < 60  # green
    finally:
        source.stop()


def test_corrupt_image_reports_the_path(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n this is not a picture")
    source = _load(broken)
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert str(broken) in source.health.message
        assert source.current_picture() is None
    finally:
        source.stop()


def test_missing_image_recovers_when_the_file_appears(tmp_path: Path, png_rgba: Path) -> None:
    target = tmp_path / "later.png"
    shutil.copy(png_rgba, target)
    settings = ImageSettings(path=target)  # validated while the file existed
    target.unlink()
    events = []
    source = ImageSource(settings, ManualClock(), on_event=events.append)
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert source.health.message == f"Image file '{target}' was not found."
        shutil.copy(png_rgba, target)
        wait_for(lambda: source.health.state is SourceState.OK)
        assert np.asarray(wait_for(source.current_picture).bgra).shape == (8, 16, 4)
        assert [e.health.state for e in events] == [SourceState.ERROR, SourceState.OK]
    finally:
        source.stop()
