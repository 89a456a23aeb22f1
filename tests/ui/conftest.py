"""A studio window on a small canvas, with its settings and data in temp folders."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from studio.capture.color import ColorSettings
from studio.capture.test_pattern import TestPatternSettings
from studio.capture.text import TextSettings
from studio.capture.tone import ToneSettings
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform, save_collection
from studio.settings import AppSettings, RecordingSettings, SettingsFile
from studio.ui.app import Studio, create_studio
from studio.ui.destinations import LiveTarget
from studio.ui.qt_garbage import collect_qt_garbage

CANVAS_W, CANVAS_H = 320, 180


def small_show() -> SceneCollection:
    pattern = TestPatternSettings(name="Pattern", width=CANVAS_W, height=CANVAS_H, fps=30.0)
    return SceneCollection(
        name="UI test show",
        canvases=[
            Canvas(name="Main", width=CANVAS_W, height=CANVAS_H, fps=Fraction(30), scene="Main")
        ],
        scenes=[
            Scene(
                name="Main",
                items=[
                    SceneItem(id="pattern", source=pattern, transform=Transform(fit="cover")),
                    SceneItem(id="tone", source=ToneSettings(name="Tone", beep_period_s=0.5)),
                    SceneItem(
                        id="box",
                        source=ColorSettings(name="Box", color="#FF00FF", width=80, height=40),
                        transform=Transform(x=40, y=30, width=80, height=40),
                    ),
                    SceneItem(
                        id="title",
                        source=TextSettings(name="Title", text="Hello", font_size_px=20),
                        transform=Transform(x=10, y=140),
                    ),
                ],
            ),
            Scene(
                name="Second",
                items=[
                    SceneItem(
                        id="green",
                        source=ColorSettings(
                            name="Green", color="#00FF00", width=CANVAS_W, height=CANVAS_H
                        ),
                    )
                ],
            ),
        ],
    )


class Targets:
    def __init__(self) -> None:
        self.targets: list[LiveTarget] = []
        self.settings_opened = 0

    def __call__(self) -> list[LiveTarget]:
        return list(self.targets)

    def open_settings(self, _parent: object) -> None:
        self.settings_opened += 1


@pytest.fixture
def targets() -> Targets:
    return Targets()


@pytest.fixture
def settings_store(tmp_path: Path) -> SettingsFile:
    """App settings in a temp folder; recordings go to tmp_path/videos."""
    store = SettingsFile(tmp_path / "config")
    store.save(AppSettings(recording=RecordingSettings(folder=tmp_path / "videos")))
    return store


@pytest.fixture
def make_studio(qtbot, tmp_path: Path, targets: Targets, settings_store: SettingsFile) -> Iterator:  # type: ignore[no-untyped-def]
    studios: list[Studio] = []
    threads_before = set(threading.enumerate())

    def make(
        collection: SceneCollection | None = None, folder: Path | None = None, **overrides
    ) -> Studio:
        data = folder or tmp_path / "data"
        if collection is not None or not (data / "collection.json").exists():
            data.mkdir(parents=True, exist_ok=True)
            save_collection(collection or small_show(), data / "collection.json")
        settings = QSettings(str(tmp_path / "qsettings.ini"), QSettings.Format.IniFormat)
        options = {
            "store": settings_store,
            "destinations": targets,
            "open_settings": targets.open_settings,
            "ask_text": lambda _q, current: current + " renamed",
            "ask_path": lambda _kind: None,
            "confirm_end_show": lambda _parent: True,  # tests/ui/test_live_truth.py asks
        } | overrides
        studio = create_studio(data, settings, **options)
        qtbot.addWidget(studio.window)
        studio.window.show()
        studios.append(studio)
        return studio

    yield make
    for studio in studios:
        studio.close()
    # Every engine thread ends with the session (daemon helpers of Qt/pytest aside).
    leftover = [
        t
        for t in threading.enumerate()
        if t not in threads_before and t.is_alive() and not t.daemon
    ]
    for thread in leftover:
        thread.join(5)
    assert not [t.name for t in leftover if t.is_alive()]


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Widgets of a finished test caught in reference cycles must be freed here, on the Qt
    thread: a collection started by chance on a worker thread of a later test deletes them
    there, and Qt crashes (seen in a chat flood test)."""
    yield
    collect_qt_garbage()
    gc.collect()
