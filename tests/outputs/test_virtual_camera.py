"""The virtual camera: a real show's program reaches the camera backend as I420 of the canvas,
at the canvas's rate, without ever holding up the render; without a driver, starting says how
to get one."""

from __future__ import annotations

import platform
import statistics
import threading
import time
from collections.abc import Iterator
from fractions import Fraction

import av
import numpy as np
import pytest
from av.video.reformatter import VideoReformatter

from studio.capture.color import ColorSettings
from studio.capture.test_pattern import TestPatternSettings as PatternSettings
from studio.engine.session import Session
from studio.outputs.base import OutputEvent, OutputState, StopReason
from studio.outputs.virtual_camera import (
    VirtualCameraOutput,
    black_i420,
    session_program,
    to_camera_picture,
)
from studio.outputs.virtual_camera_driver import Unavailability
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform
from tests.support.virtual_camera import (
    I420_FOURCC,
    TEST_BACKEND,
    CameraRecorder,
    has_video_device,
    i420_to_rgb,
    registered_recorder,
)

WIDTH, HEIGHT, FPS = 320, 180, Fraction(30)
PLACED_RGB = (0x20, 0x80, 0xC0)  # the colour source on the left half


def pattern_and_colour() -> SceneCollection:
    pattern = PatternSettings(name="Pattern", width=WIDTH, height=HEIGHT, fps=30.0)
    colour = ColorSettings(name="Blue", color="#2080C0", width=WIDTH // 2, height=HEIGHT)
    return SceneCollection(
        name="virtual camera",
        canvases=[Canvas(name="Main", width=WIDTH, height=HEIGHT, fps=FPS, scene="Main")],
        scenes=[
            Scene(
                name="Main",
                items=[
                    SceneItem(id="pattern", source=pattern, transform=Transform(fit="cover")),
                    SceneItem(
                        id="blue",
                        source=colour,
                        transform=Transform(x=0, y=0, width=WIDTH // 2, height=HEIGHT),
                    ),
                ],
            )
        ],
    )


@pytest.fixture
def recorder() -> Iterator[CameraRecorder]:
    with registered_recorder() as recorder:
        yield recorder


@pytest.fixture
def session() -> Iterator[Session]:
    session = Session(pattern_and_colour())
    session.start(all_canvases=True)
    yield session
    session.stop()


def camera_of(session: Session, events: list[OutputEvent], backend: str | None = TEST_BACKEND):
    return VirtualCameraOutput(
        session_program(session, "Main"),
        width=WIDTH,
        height=HEIGHT,
        fps=FPS,
        on_event=events.append,
        backend=backend,
    )


def wait_for_state(camera: VirtualCameraOutput, state: OutputState, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while camera.state != state and time.monotonic() < deadline:
        time.sleep(0.01)
    assert camera.state == state, camera.stats()


def rendered_frames(session: Session) -> int:
    return session.stats()[0].video.rendered_frames


def test_the_program_reaches_the_camera_as_i420_of_the_canvas(
    session: Session, recorder: CameraRecorder
) -> None:
    events: list[OutputEvent] = []
    camera = camera_of(session, events)
    camera.start()
    try:
        assert recorder.wait_for_frames(60)
    finally:
        camera.stop()

    assert recorder.opened == [
        {"width": WIDTH, "height": HEIGHT, "fps": 30.0, "fourcc": I420_FOURCC, "device": None}
    ]
    frames = [frame for _, frame in recorder.frames]
    assert all(f.dtype == np.uint8 and f.size == WIDTH * HEIGHT * 3 // 2 for f in frames)
    # Once the program has its first frame: the colour placed on the left, the moving
    # pattern on the right, fresh frames (not one picture repeated).
    shown = [i420_to_rgb(f, WIDTH, HEIGHT) for f in frames[-30:]]
    for rgb in shown:
        left = rgb[8 : HEIGHT - 8, 8 : WIDTH // 2 - 8].reshape(-1, 3).astype(int)
        assert np.abs(left - PLACED_RGB).max() <= 6, left.mean(axis=0)
        assert np.abs(rgb[:, WIDTH // 2 + 8 :].astype(int) - PLACED_RGB).mean() > 20
    assert len({rgb[:, WIDTH // 2 :].tobytes() for rgb in shown}) > 10
    # At the canvas's rate: a frame every 1/30 s (the median, whatever the machine's hiccups).
    gaps = np.diff([t for t, _ in recorder.frames])
    assert statistics.median(gaps) == pytest.approx(1 / 30, rel=0.2)
    stats = camera.stats()
    assert stats.video_packets_sent == len(frames)
    assert stats.extra == {
        "device": "test camera",
        "backend": TEST_BACKEND,
        "format": "I420",
        "size": "320×180",
    }
    assert [e.state for e in events] == [
        OutputState.CONNECTING,
        OutputState.LIVE,
        OutputState.STOPPED,
    ]
    assert recorder.closed.is_set() and recorder.sends_after_close == 0


def test_a_stalled_backend_drops_frames_while_the_render_keeps_its_pace(
    session: Session, recorder: CameraRecorder
) -> None:
    camera = camera_of(session, [])
    camera.start()
    try:
        assert recorder.wait_for_frames(5)
        recorder.hold_sends = threading.Event()
        recorder.hold_sends.set()  # the driver stops taking frames…
        held_at = recorder.count
        before = rendered_frames(session)
        deadline = time.monotonic() + 10
        while rendered_frames(session) < before + 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        # …and the canvas renders on regardless: 20 frames while the camera is stuck.
        assert rendered_frames(session) >= before + 20
        assert recorder.count <= held_at + 1  # at most the send already under way
        recorder.hold_sends.clear()
        recorder.release_sends.set()
        assert recorder.wait_for_frames(held_at + 5)
    finally:
        camera.stop()
    stats = camera.stats()
    # The ticks the stuck driver made the camera miss are counted, not queued and replayed.
    assert stats.dropped_video_packets >= 15
    assert stats.state == OutputState.STOPPED


def test_before_the_first_program_frame_the_camera_shows_black(recorder: CameraRecorder) -> None:
    camera = VirtualCameraOutput(
        lambda: None, width=64, height=36, fps=Fraction(30), backend=TEST_BACKEND
    )
    camera.start()
    try:
        assert recorder.wait_for_frames(3)
    finally:
        camera.stop()
    rgb = i420_to_rgb(recorder.frames[0][1], 64, 36)
    assert rgb.max() <= 2


def test_a_program_of_another_shape_is_fitted_on_black() -> None:
    """A canvas resized while the camera runs keeps the size the receiving app was given."""
    red = np.zeros((180, 160, 3), np.uint8)
    red[..., 0] = 255
    frame = av.VideoFrame.from_ndarray(red, format="rgb24")
    picture = to_camera_picture(frame, WIDTH, HEIGHT, VideoReformatter())
    rgb = i420_to_rgb(picture, WIDTH, HEIGHT)
    assert picture.size == black_i420(WIDTH, HEIGHT).size
    assert rgb[:, :70].max() <= 2 and rgb[:, 250:].max() <= 2  # the bars
    centre = rgb[10:-10, 90:230].reshape(-1, 3).astype(int)
    assert np.abs(centre - (255, 0, 0)).max() <= 8


@pytest.mark.skipif(platform.system() != "Linux", reason="the Linux driver's sentence")
@pytest.mark.skipif(has_video_device(), reason="a video device exists: a driver may be loaded")
def test_without_a_driver_starting_says_how_to_install_one(session: Session) -> None:
    events: list[OutputEvent] = []
    camera = camera_of(session, events, backend=None)  # the real backends of this machine
    camera.start()
    wait_for_state(camera, OutputState.FAILED)
    camera.stop()
    failed = events[-1]
    assert failed.state == OutputState.FAILED and failed.reason == StopReason.CONNECT_FAILED
    assert failed.message.startswith("No virtual camera driver is ready on this computer.")
    assert "sudo apt install v4l2loopback-dkms" in failed.message
    assert 'sudo modprobe v4l2loopback exclusive_caps=1 card_label="LiveShop Studio"' in (
        failed.message
    )
    assert camera.problem is not None and camera.problem.reason == Unavailability.NO_DRIVER
    assert "v4l2loopback" in camera.problem.detail  # pyvirtualcam's own words, for details
    assert camera.stats().last_problem == failed.message
