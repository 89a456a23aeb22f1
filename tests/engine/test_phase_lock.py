"""In real time the canvas ticks just after the main camera's frames, so a frame shows the
camera frame just taken instead of one up to a frame older; never moving during a run."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from studio.clock import NS_PER_S, MonotonicClock
from studio.engine import video_thread
from studio.engine.session import Session
from studio.engine.video_thread import PHASE_LEAD_NS, phase_shift_ns
from studio.scene import load_collection
from tests.support.scenes import collection, write_collection

INTERVAL_NS = NS_PER_S // 30


def test_phase_shift_moves_a_tick_just_after_the_reference_grid() -> None:
    interval = 1000
    assert phase_shift_ns(due_ns=5000, reference_ns=5000, interval_ns=interval, lead_ns=100) == 100
    assert phase_shift_ns(due_ns=5100, reference_ns=2000, interval_ns=interval, lead_ns=100) == 0
    assert phase_shift_ns(due_ns=5150, reference_ns=2000, interval_ns=interval, lead_ns=100) == 950
    assert phase_shift_ns(due_ns=0, reference_ns=10_050, interval_ns=interval, lead_ns=0) == 50


def camera_session(tmp_path: Path) -> Session:
    document = collection(
        [{"name": "main", "width": 160, "height": 96, "fps": 30, "scene": "S"}],
        [{"name": "S", "items": [{"id": "camera", "source": {
            "kind": "test_pattern", "name": "camera", "width": 160, "height": 96, "fps": 30}}]}],
    )  # fmt: skip
    path = write_collection(tmp_path / "s.json", document)
    return Session(load_collection(path), clock=MonotonicClock())


def lead_after_camera_ns(session: Session) -> int:
    """How long after a camera frame the canvas ticks (within one frame interval)."""
    video = session.pipeline()._video
    camera = next(s for s in session.sources.sources() if s.display_name == "camera")
    grid = camera.frame_grid_ns()
    assert grid is not None
    return (video.start_ns - grid) % INTERVAL_NS


def wait_for_camera(session: Session) -> None:
    deadline = time.monotonic() + 10
    camera = next(s for s in session.sources.sources() if s.display_name == "camera")
    while camera.frame_grid_ns() is None and time.monotonic() < deadline:
        time.sleep(0.01)


@contextmanager
def running(tmp_path: Path, *, record: bool = False) -> Iterator[Session]:
    """A real-time session of the camera stand-in, started once the camera delivers."""
    session = camera_session(tmp_path)
    if record:
        session.add_recording(tmp_path / "out.mkv")
    else:
        session.pipeline()
    wait_for_camera(session)
    session.start()
    try:
        yield session
    finally:
        session.stop()


def test_the_canvas_starts_just_after_the_cameras_frames(tmp_path: Path) -> None:
    with running(tmp_path) as session:
        assert abs(lead_after_camera_ns(session) - PHASE_LEAD_NS) < 1000


def test_while_idle_the_canvas_comes_back_in_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(video_thread, "_PHASE_CHECK_EVERY_S", 0.2)
    with running(tmp_path) as session:
        # Out of phase by half a frame (as after the camera reopened at another instant).
        new_lead_ns = PHASE_LEAD_NS + INTERVAL_NS // 2
        monkeypatch.setattr(video_thread, "PHASE_LEAD_NS", new_lead_ns)
        deadline = time.monotonic() + 5
        while session.stats()[0].video.phase_corrections == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert session.stats()[0].video.phase_corrections >= 1
        assert abs(lead_after_camera_ns(session) - new_lead_ns) < 1000


def test_during_a_recording_the_frame_times_never_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(video_thread, "_PHASE_CHECK_EVERY_S", 0.05)
    with running(tmp_path, record=True) as session:
        start_ns = session.pipeline()._video.start_ns
        monkeypatch.setattr(video_thread, "PHASE_LEAD_NS", PHASE_LEAD_NS + INTERVAL_NS // 2)
        time.sleep(0.5)
        assert session.stats()[0].video.phase_corrections == 0
        assert session.pipeline()._video.start_ns == start_ns
