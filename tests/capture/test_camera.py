"""Camera source without a camera: errors, placeholder, recovery; device listing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import pytest

from studio.capture import devices
from studio.capture.base import SourceState
from studio.capture.camera import CameraSettings, CameraSource, camera_input
from studio.clock import ManualClock
from studio.media import VideoPicture
from studio.render.text import ensure_gui_app, render_placeholder
from tests.capture.waiting import wait_for


def test_missing_camera_is_an_error_with_a_placeholder(tmp_path: Path) -> None:
    device = str(tmp_path / "video9")
    source = CameraSource(CameraSettings(device=device), ManualClock())
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert source.health.message.startswith(f"camera '{device}' is not available: ")
        assert source.current_picture() is None
        ensure_gui_app()
        box = render_placeholder(320, 180, "Camera", source.health.message)
        assert box.shape == (180, 320, 4)
    finally:
        source.stop()


def test_camera_that_comes_back_is_picked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[tuple[str, str, dict[str, str]]] = []

    def flaky_opener(url: str, input_format: str, options: dict[str, str]) -> Any:
        attempts.append((url, input_format, options))
        if len(attempts) < 3:
            raise av.error.FileNotFoundError(2, "No such file or directory", url)
        return av.open("testsrc2=size=32x24:rate=30", format="lavfi")  # "plugged back in"

    settings = CameraSettings(device="/dev/video7", width=32, height=24, fps=30)
    source = CameraSource(settings, ManualClock())
    source.opener = staticmethod(flaky_opener)  # type: ignore[method-assign]
    source.retry_interval_s = 0.05
    events = []
    source._on_event = events.append
    source.start()
    try:
        picture = wait_for(source.current_picture)
        assert isinstance(picture, VideoPicture) and picture.size == (32, 24)
        assert source.health.state is SourceState.OK
        assert [e.health.state for e in events] == [SourceState.ERROR, SourceState.OK]
        assert attempts[0] == (
            "/dev/video7", "v4l2", {"video_size": "32x24", "framerate": "30"},
        )  # fmt: skip
    finally:
        source.stop()


def test_platform_inputs() -> None:
    settings = CameraSettings(device="Integrated Camera", input_format="mjpeg")
    assert camera_input(settings, "win32") == (
        "video=Integrated Camera",
        "dshow",
        {"vcodec": "mjpeg"},
    )
    assert camera_input(CameraSettings(device="1"), "darwin") == ("1", "avfoundation", {})
    assert camera_input(CameraSettings(device="0"), "linux")[0] == "/dev/video0"


def test_linux_cameras_are_named_from_sysfs(tmp_path: Path) -> None:
    dev, sys_dir = tmp_path / "dev", tmp_path / "sys"
    for node, name in (("video0", "HD Webcam C920"), ("video10", "Capture Card")):
        (dev).mkdir(exist_ok=True)
        (dev / node).touch()
        (sys_dir / node).mkdir(parents=True)
        (sys_dir / node / "name").write_text(name + "\n")
    cameras = devices._linux_cameras(dev, sys_dir)
    assert [(c.id, c.name, c.is_default) for c in cameras] == [
        (str(dev / "video0"), "HD Webcam C920", True),
        (str(dev / "video10"), "Capture Card", False),
    ]


def test_listing_never_raises() -> None:
    assert isinstance(devices.list_cameras(), list)
    assert isinstance(devices.list_microphones(), list)
