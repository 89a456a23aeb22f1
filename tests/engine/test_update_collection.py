"""Edits made in the window reach a running session: ``Session.update_collection``."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from studio.capture.color import ColorSettings
from studio.engine.session import Session
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform


def show(items: list[SceneItem], scene: str = "Main") -> SceneCollection:
    canvas = Canvas(name="main", width=160, height=96, fps=Fraction(30), scene=scene)
    return SceneCollection(name="t", canvases=[canvas], scenes=[Scene(name=scene, items=items)])


def wait_for(predicate, timeout_s: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def centre_pixel(session: Session) -> np.ndarray | None:
    frame = session.preview("main", 160, 96)
    return None if frame is None else frame[48, 80, :3]


def test_added_moved_and_edited_items_show_in_the_next_frames() -> None:
    black = SceneItem(
        id="bg", source=ColorSettings(color="#000000"), transform=Transform(fit="stretch")
    )
    session = Session(show([black]))
    session.start(all_canvases=True)
    try:
        assert wait_for(lambda: (p := centre_pixel(session)) is not None and p.max() < 20)
        red = SceneItem(
            id="box",
            source=ColorSettings(name="Box", color="#FF0000", width=40, height=40),
            transform=Transform(x=60, y=28),
        )
        session.update_collection(show([black, red]))
        assert wait_for(lambda: (p := centre_pixel(session)) is not None and p[2] > 200)
        moved = red.model_copy(update={"transform": Transform(x=0, y=0)})
        session.update_collection(show([black, moved]))
        assert wait_for(lambda: (p := centre_pixel(session)) is not None and p[2] < 20)
        assert session.preview("main", 160, 96)[10, 10, 2] > 200  # type: ignore[index]
        # Same name, new settings: the source restarts with them.
        green = moved.model_copy(
            update={"source": ColorSettings(name="Box", color="#00FF00", width=40, height=40)}
        )
        session.update_collection(show([black, green]))
        assert wait_for(lambda: session.preview("main", 160, 96)[10, 10, 1] > 200)  # type: ignore[index]
        assert [s.display_name for s in session.sources.sources()].count("Box") == 1
    finally:
        session.stop()


def test_a_renamed_scene_falls_back_to_the_canvas_scene_and_sizes_are_known() -> None:
    title = SceneItem(id="title", source=ColorSettings(color="#FFFFFF", width=30, height=12))
    session = Session(show([title]))
    session.start(all_canvases=True)
    try:
        assert wait_for(lambda: session.item_natural_size("main", "title") is not None)
        assert session.item_natural_size("main", "title") == (30, 12)
        session.update_collection(show([title], scene="Renamed"))
        assert session.stats()[0].running
        assert session.item_natural_size("main", "nope") is None
    finally:
        session.stop()


def test_an_idle_canvas_is_rebuilt_at_its_new_size_and_rate() -> None:
    red = SceneItem(
        id="bg", source=ColorSettings(color="#FF0000"), transform=Transform(fit="stretch")
    )
    session = Session(show([red]))
    session.start(all_canvases=True)
    try:
        assert wait_for(lambda: session.preview("main", 320, 320) is not None)
        resized = show([red]).model_copy(
            update={"canvases": [Canvas(name="main", width=96, height=160, fps=25, scene="Main")]}
        )
        session.update_collection(resized)
        config = session.pipeline("main").config
        assert (config.width, config.height, config.fps) == (96, 160, 25)

        def vertical_red() -> bool:
            frame = session.preview("main", 320, 320)  # scaled to fit: the aspect shows
            return frame is not None and frame.shape[0] > frame.shape[1] and frame[10, 10, 2] > 200

        assert wait_for(vertical_red)
    finally:
        session.stop()


def test_a_canvas_keeps_its_size_while_it_records(tmp_path: Path) -> None:
    session = Session(show([]))
    session.start(all_canvases=True)
    try:
        recording = session.add_recording(tmp_path / "r.mkv")
        bigger = show([]).model_copy(
            update={"canvases": [Canvas(name="main", width=320, height=96, fps=30, scene="Main")]}
        )
        with pytest.raises(ValueError, match="during a show or a recording"):
            session.update_collection(bigger)
        session.remove_output(recording)
        session.update_collection(bigger)
        assert session.pipeline("main").config.width == 320
    finally:
        session.stop()
