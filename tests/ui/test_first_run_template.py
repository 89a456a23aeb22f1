"""A new host's first run: the window opens on a real shopping show (the built-in Studio table
template, its files copied into the data folder), a sample product already on its card, laid
out for the canvas Settings → Video holds; a vertical canvas opens the phone show."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.scene import Scene, SceneCollection
from studio.settings import AppSettings, RecordingSettings, SecretStore, SettingsFile
from studio.settings.model import VideoSettings
from studio.template.bundle import open_bundle
from studio.template.library import first_run_template
from studio.ui.app import Studio, create_studio
from studio.ui.theme import apply_dark_theme
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

WAIT_MS = 20_000
FIRST_PRODUCT = "sample-1"  # the first product of the sample catalog
FirstRun = Callable[[VideoSettings], Studio]


@pytest.fixture
def first_run(  # type: ignore[misc]
    tmp_path: Path,
    qtbot: QtBot,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[FirstRun]:
    """``create_studio`` on an empty data folder with these video settings; the computer
    has no camera (as on CI), so the template's camera shows the stand-in picture."""
    monkeypatch.setattr("studio.ui.document.list_cameras", lambda: [])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    studios: list[Studio] = []

    def start(video: VideoSettings) -> Studio:
        store = SettingsFile(tmp_path / "config")
        store.save(AppSettings(video=video, recording=RecordingSettings(folder=tmp_path / "v")))
        data = tmp_path / "data"
        assert not data.exists()  # a first run: nothing saved yet
        studio = create_studio(
            data,
            QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
            store=store,
            secrets=SecretStore(),
            ask_path=lambda _kind: None,
        )
        studios.append(studio)
        qtbot.addWidget(studio.window)
        if os.environ.get("LIVESHOP_SCREENSHOTS"):
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            apply_dark_theme(app)  # as run_app does, for screenshots only
            studio.window.resize(1366, 740)
        studio.window.show()
        return studio

    yield start
    for studio in studios:
        studio.close()


def snapshot(studio: Studio, name: str) -> None:
    """With LIVESHOP_SCREENSHOTS=DIR (run under Xvfb), keep what the new host sees."""
    folder = os.environ.get("LIVESHOP_SCREENSHOTS")
    if folder:
        loop = QEventLoop()  # a few frames of the preview, without holding the GIL
        QTimer.singleShot(2000, loop.quit)
        loop.exec()
        Path(folder).mkdir(parents=True, exist_ok=True)
        studio.window.grab().save(str(Path(folder) / f"{name}.png"))


def the_template(vertical: bool = False) -> SceneCollection:
    with open_bundle(first_run_template(vertical=vertical)) as opened:
        return opened.collection


def shown_scene(studio: Studio) -> Scene:
    return studio.document.scene(studio.window.program_scene)


def kinds(scene: Scene) -> set[str]:
    return {item.source.kind for item in scene.items}  # type: ignore[attr-defined]


def test_a_first_run_opens_the_studio_table_show_with_a_product_on_its_card(
    first_run: FirstRun, qtbot: QtBot, tmp_path: Path
) -> None:
    studio = first_run(VideoSettings())  # the default: 1920×1080
    collection = studio.document.collection
    assert collection.template is not None and collection.template.name == "Studio table"
    [canvas] = collection.canvases
    assert (canvas.name, canvas.width, canvas.height) == ("Landscape", 1920, 1080)
    scene = shown_scene(studio)
    assert {"product_card", "chat_overlay", "goal_bar", "sales_ticker"} <= kinds(scene)
    assert "camera" not in kinds(scene)  # no camera here: the stand-in shows instead
    camera = scene.item("camera").source
    assert camera.kind == "image" and camera.path.name == "camera-stand-in.png"  # type: ignore[attr-defined]

    # The template's files live in the data folder, so the show keeps working on its own.
    copies = tmp_path / "data" / "template-files"
    logo = scene.item("logo").source.path  # type: ignore[attr-defined]
    assert logo.is_file() and logo.is_relative_to(copies)
    assert all(font.is_relative_to(copies) for font in collection.template.brand.fonts)

    # The sample catalog's first product is on the card from the start.
    assert studio.show is not None
    featured = studio.show.shop.featured
    assert featured is not None and featured.id == FIRST_PRODUCT

    qtbot.waitUntil(lambda: studio.window.previews.program.canvas_size == (1920, 1080))
    qtbot.waitUntil(
        lambda: studio.bridge.session.stats()[0].video.rendered_frames > 5, timeout=WAIT_MS
    )
    snapshot(studio, "first-run-studio-table")


def test_a_smaller_canvas_from_settings_gets_the_template_scaled_to_it(
    first_run: FirstRun, qtbot: QtBot
) -> None:
    studio = first_run(VideoSettings(canvas_width=960, canvas_height=540, fps=25))
    [canvas] = studio.document.collection.canvases
    assert (canvas.width, canvas.height, canvas.fps) == (960, 540, 25)
    designed = the_template().scene("Studio table").item("card")
    assert designed.transform.x == 40 and designed.transform.y == 800
    assert (designed.source.width_px, designed.source.height_px) == (680, 240)  # type: ignore[attr-defined]
    card = shown_scene(studio).item("card")
    assert (card.transform.x, card.transform.y) == (20, 400)
    # The card lays itself out at half its size (its font too), so it stays sharp.
    assert (card.source.width_px, card.source.height_px) == (340, 120)  # type: ignore[attr-defined]
    assert card.source.font_size_px == designed.source.font_size_px // 2  # type: ignore[attr-defined]
    assert studio.window.previews.program.canvas_size == (960, 540)
    qtbot.waitUntil(
        lambda: studio.bridge.session.stats()[0].video.rendered_frames > 5, timeout=WAIT_MS
    )
    snapshot(studio, "first-run-960x540")


def test_a_vertical_canvas_from_settings_opens_the_phone_show(
    first_run: FirstRun, qtbot: QtBot
) -> None:
    vertical = VideoSettings(orientation="vertical", canvas_width=1080, canvas_height=1920)
    studio = first_run(vertical)
    collection = studio.document.collection
    assert collection.template is not None and collection.template.name == "Phone show"
    [canvas] = collection.canvases
    assert (canvas.name, canvas.width, canvas.height) == ("Vertical", 1080, 1920)
    phone = the_template(vertical=True)
    assert [i.transform for i in shown_scene(studio).items] == [
        i.transform for i in phone.scene(canvas.scene).items
    ]
    assert studio.window.previews.program.canvas_size == (1080, 1920)
    qtbot.waitUntil(
        lambda: studio.bridge.session.stats()[0].video.rendered_frames > 5, timeout=WAIT_MS
    )
    snapshot(studio, "first-run-vertical")
