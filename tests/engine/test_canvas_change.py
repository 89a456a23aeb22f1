"""A new show (a template) brings its own canvases: the running session drops the canvases the
new collection no longer has, frees their sources and renders the new ones; a canvas that is
recording or streaming keeps the show as it is until it ends."""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from studio.capture.color import ColorSettings
from studio.engine.session import Session
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform

RED, BLUE = "#FF0000", "#0000FF"


def show(canvas: str, colour: str, width: int = 160, height: int = 96) -> SceneCollection:
    """One canvas showing one scene: a full-canvas colour and a small box, each named after
    the canvas so the source pool tells them apart."""
    items = [
        SceneItem(
            id="bg",
            source=ColorSettings(name=f"{canvas} background", color=colour),
            transform=Transform(fit="stretch"),
        ),
        SceneItem(
            id="box",
            source=ColorSettings(name=f"{canvas} box", color="#FFFFFF", width=20, height=20),
            transform=Transform(x=4, y=4),
        ),
    ]
    return SceneCollection(
        name=f"Show on {canvas}",
        canvases=[
            Canvas(
                name=canvas, width=width, height=height, fps=Fraction(30), scene=f"{canvas} scene"
            )
        ],
        scenes=[Scene(name=f"{canvas} scene", items=items)],
    )


def wait_for(predicate: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def source_names(session: Session) -> set[str]:
    return {source.display_name for source in session.sources.sources()}


def shows(session: Session, canvas: str, width: int, height: int, channel: int) -> bool:
    """The canvas renders, at its own size, in its background colour (BGRA channel)."""
    frame = session.preview(canvas, width, height)
    return (
        isinstance(frame, np.ndarray)
        and frame.shape[:2] == (height, width)
        and frame[height - 10, width - 10, channel] > 200
    )


def test_a_canvas_the_new_show_does_not_have_is_dropped_and_frees_its_sources() -> None:
    session = Session(show("A", RED))
    session.start(all_canvases=True)
    try:
        assert wait_for(lambda: shows(session, "A", 160, 96, channel=2))
        old = session.pipeline("A")
        assert source_names(session) == {"A background", "A box"}

        session.update_collection(show("B", BLUE, width=96, height=160))

        assert session.canvas_names == ["B"]
        assert "A" not in {stats.name for stats in session.stats()}
        assert not old.running  # its render and audio threads stopped
        assert not source_names(session) & {"A background", "A box"}
        with pytest.raises(ValueError, match="no canvas named 'A'"):
            session.preview("A", 160, 96)
    finally:
        session.stop()


def test_the_new_shows_canvas_renders_in_the_running_session() -> None:
    session = Session(show("A", RED))
    session.start(all_canvases=True)
    try:
        assert wait_for(lambda: shows(session, "A", 160, 96, channel=2))
        session.update_collection(show("B", BLUE, width=96, height=160))
        # The window asks for the new canvas's picture as soon as it follows the new show.
        assert wait_for(lambda: shows(session, "B", 96, 160, channel=0)), session.stats()
        assert source_names(session) == {"B background", "B box"}
        [stats] = session.stats()
        assert (stats.name, stats.width, stats.height, stats.running) == ("B", 96, 160, True)
    finally:
        session.stop()


def test_a_recording_canvas_refuses_the_new_show_and_nothing_changes(tmp_path: Path) -> None:
    before = show("A", RED)
    session = Session(before)
    session.start(all_canvases=True)
    try:
        recording = session.add_recording(tmp_path / "show.mkv")
        pipeline = session.pipeline("A")
        assert wait_for(lambda: pipeline.live and shows(session, "A", 160, 96, channel=2))

        with pytest.raises(
            ValueError,
            match=r"^The canvas 'A' cannot be removed during a show or a recording: "
            r"end it first\.$",
        ):
            session.update_collection(show("B", BLUE))

        assert session.collection is before
        assert session.canvas_names == ["A"]
        assert session.pipeline("A") is pipeline and pipeline.live and pipeline.running
        assert source_names(session) == {"A background", "A box"}
        frames = session.stats()[0].video.rendered_frames
        assert wait_for(lambda: session.stats()[0].video.rendered_frames > frames + 3)
        assert shows(session, "A", 160, 96, channel=2)

        session.remove_output(recording)  # the recording ends: now the new show may come
        session.update_collection(show("B", BLUE))
        assert session.canvas_names == ["B"]
        assert (tmp_path / "show.mkv").stat().st_size > 0
    finally:
        session.stop()
