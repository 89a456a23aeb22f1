"""End to end: the camera is pulled out during a real stream to nginx-rtmp and plugged back
in; what the server received shows the program, then the slate with the featured product,
then the program again."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from studio.capture.base import Services
from studio.capture.color import ColorSettings
from studio.capture.shop_overlays import ProductCardSettings
from studio.engine.session import Session, SessionEvent
from studio.engine.slate import SlateEvent, SlateReason
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform
from tests.capture.waiting import wait_for
from tests.shop_overlays.helpers import GREEN, live_shop
from tests.support.nginx_rtmp import RtmpServer
from tests.support.pipe_camera import PipeCamera

pytestmark = pytest.mark.e2e
W, H = 320, 180
BLUE, MAGENTA = (0, 0, 255), (255, 0, 255)
FRAMES_PER_PART = 60  # two seconds of each part of the show
MIN_RUN = 30  # frames: a part of the show, not a frame caught in a switch


def _show(camera: PipeCamera) -> SceneCollection:
    live = Scene(name="Live", items=[
        SceneItem(id="cam", source=camera.settings, transform=Transform(fit="stretch")),
    ])  # fmt: skip
    brb = Scene(name="BRB", items=[
        SceneItem(id="bg", source=ColorSettings(name="Slate", color="#FF00FF", width=W,
                                                height=H)),
        SceneItem(id="card", source=ProductCardSettings(width_px=W, height_px=H // 2),
                  transform=Transform(x=0, y=H // 2)),
    ])  # fmt: skip
    canvas = Canvas(name="main", width=W, height=H, fps=Fraction(30), scene="Live",
                    slate_scene="BRB")  # fmt: skip
    return SceneCollection(name="Slate e2e", canvases=[canvas], scenes=[live, brb])


def _received_rgb(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def _near(rgb: np.ndarray, want: tuple[int, int, int], tolerance: int = 60) -> bool:
    return bool(np.abs(rgb.astype(int) - np.array(want)).max() <= tolerance)


def _part(frame: np.ndarray) -> str:
    """What a viewer sees, read in the upper half (the slate's card is in the lower one)."""
    pixel = frame[H // 4, W // 2]
    if _near(pixel, BLUE):
        return "camera"
    return "slate" if _near(pixel, MAGENTA) else "other"


def _green_pixels(frame: np.ndarray) -> int:
    lower = frame[H // 2 :].astype(int)
    return int((np.abs(lower - np.array(GREEN)).max(axis=2) <= 60).sum())


def test_the_slate_covers_a_camera_pulled_out_mid_show_and_the_show_comes_back(
    rtmp_server: RtmpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    camera = PipeCamera(tmp_path, rgb=BLUE)
    camera.install(monkeypatch)
    shop = live_shop(tmp_path / "shop")
    shop.feature("lamp")  # its picture is green
    events: list[SessionEvent] = []
    camera.plug()  # before the session opens it: the show starts on the camera
    session = Session(_show(camera), services=Services(shop=shop), on_event=events.append)
    session.add_destination(rtmp_server.url("slate"))

    def rendered() -> int:
        return session.stats()[0].video.rendered_frames

    def play(frames: int) -> None:
        start = rendered()
        wait_for(lambda: rendered() >= start + frames, timeout_s=20)

    session.start()
    try:
        wait_for(lambda: session.stats()[0].outputs[0].bytes_sent > 0, timeout_s=10)
        play(FRAMES_PER_PART)
        camera.unplug()  # mid-show: its stream ends, and it cannot be opened again
        wait_for(lambda: session.slate_reason("main") is SlateReason.CAMERA_LOST)
        play(FRAMES_PER_PART)
        camera.plug()
        wait_for(lambda: session.slate_reason("main") is None, timeout_s=10)
        play(FRAMES_PER_PART)
    finally:
        session.stop()
        camera.unplug()

    [received] = rtmp_server.recordings("slate")
    frames = _received_rgb(received)
    parts = [(part, len(list(run))) for part, run in itertools.groupby(map(_part, frames))]
    shown = [part for part, length in parts if length >= MIN_RUN and part != "other"]
    assert shown == ["camera", "slate", "camera"], parts
    slate = [frame for frame in frames if _part(frame) == "slate"]
    # The featured product stays on screen on the slate (its card, with its green picture).
    assert all(_green_pixels(frame) > 200 for frame in slate[len(slate) // 4 :]), [
        _green_pixels(frame) for frame in slate
    ]
    assert not any(_green_pixels(frame) for frame in frames if _part(frame) == "camera")
    messages = [event.message for event in events if isinstance(event, SlateEvent)]
    assert [m.split(" — ")[0] for m in messages] == ["Camera lost", "Camera back"], messages
