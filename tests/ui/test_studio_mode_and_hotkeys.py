"""Studio mode with real pictures and fades, and the hotkeys of the settings in the window."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from studio.capture.microphone import MicrophoneSettings
from studio.scene import SceneItem
from tests.ui.conftest import CANVAS_H, CANVAS_W, small_show

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
BOX_POINT = (80, 50)  # canvas pixel inside the magenta box of the "Main" scene


def pixel(frame: np.ndarray | None, canvas_x: int, canvas_y: int) -> tuple[int, int, int] | None:
    """(R, G, B) at a canvas point of a BGRA preview frame."""
    if frame is None:
        return None
    height, width = frame.shape[:2]
    b, g, r = frame[canvas_y * height // CANVAS_H, canvas_x * width // CANVAS_W, :3]
    return int(r), int(g), int(b)


def is_green(rgb: tuple[int, int, int] | None) -> bool:
    return rgb is not None and rgb[1] > 200 and rgb[0] < 60 and rgb[2] < 60


def is_magenta(rgb: tuple[int, int, int] | None) -> bool:
    return rgb is not None and rgb[0] > 200 and rgb[2] > 200 and rgb[1] < 60


def test_studio_mode_next_preview_shows_the_next_scene_while_the_program_stays(  # type: ignore[no-untyped-def]
    make_studio, qtbot
) -> None:
    studio = make_studio()
    window = studio.window
    window.studio_mode_action.setChecked(True)
    window.scenes_dock.list.setCurrentRow(1)  # "Second": a green canvas, next
    previews = window.previews
    qtbot.waitUntil(lambda: is_green(pixel(previews.next._frame, *BOX_POINT)), timeout=5000)
    qtbot.waitUntil(lambda: is_magenta(pixel(previews.program._frame, *BOX_POINT)), timeout=5000)
    assert studio.document.collection.canvases[0].scene == "Main"
    # Leaving studio mode frees the next scene's sources.
    window.studio_mode_action.setChecked(False)
    studio.bridge.wait_idle()
    assert studio.bridge.preview_scene("Main", 64, 36) is None


def test_fade_transition_cross_fades_the_next_scene_on_air(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window, session = studio.window, studio.bridge.session
    calls: list[tuple[str, str, float]] = []
    show_scene = session.show_scene

    def recording_show_scene(canvas: str, scene: str, transition_ms: float = 0.0) -> None:
        calls.append((canvas, scene, transition_ms))
        show_scene(canvas, scene, transition_ms)

    session.show_scene = recording_show_scene
    window.studio_mode_action.setChecked(True)
    window.scenes_dock.list.setCurrentRow(1)
    previews = window.previews
    previews.kind.setCurrentText("Fade")
    previews.duration_ms.setValue(800)
    assert previews.duration_ms.isEnabled()
    qtbot.waitUntil(lambda: is_magenta(pixel(studio.bridge.preview("Main", 64, 36), *BOX_POINT)))
    previews.transition.click()
    assert studio.document.collection.canvases[0].scene == "Second"
    seen: list[tuple[int, int, int]] = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        rgb = pixel(studio.bridge.preview("Main", 64, 36), *BOX_POINT)
        if rgb is not None:
            seen.append(rgb)
            if is_green(rgb):
                break
        qtbot.wait(15)
    assert calls == [("Main", "Second", 800.0)]
    assert is_green(seen[-1])
    # Frames between magenta and green: a cross-fade, not a cut.
    blended = [rgb for rgb in seen if 50 < rgb[1] < 200 and 50 < rgb[0] < 200]
    assert blended, seen


def microphone_show():  # type: ignore[no-untyped-def]
    show = small_show()
    main = show.scenes[0]
    mic = SceneItem(id="mic", source=MicrophoneSettings(name="Mic"))
    scenes = [main.model_copy(update={"items": [*main.items, mic]}), *show.scenes[1:]]
    return show.model_copy(update={"scenes": scenes})


def test_hotkeys_of_the_settings_drive_the_window(  # type: ignore[no-untyped-def]
    make_studio, targets, settings_store, qtbot
) -> None:
    studio = make_studio(microphone_show())
    window = studio.window
    with qtbot.waitActive(window):  # application shortcuts need an active window
        window.activateWindow()

    def on_air() -> str:
        return studio.document.collection.canvases[0].scene

    QTest.keyClick(window, Qt.Key.Key_2, CTRL)  # scene_2: on air at once
    assert on_air() == "Second"
    QTest.keyClick(window, Qt.Key.Key_1, CTRL)
    assert on_air() == "Main"

    window.studio_mode_action.setChecked(True)
    QTest.keyClick(window, Qt.Key.Key_2, CTRL)  # in studio mode: into the next preview
    assert window.next_scene == "Second" and on_air() == "Main"
    assert window.scenes_dock.current_scene == "Second"
    QTest.keyClick(window, Qt.Key.Key_T, CTRL | SHIFT)  # transition
    assert on_air() == "Second"

    QTest.keyClick(window, Qt.Key.Key_M, CTRL | SHIFT)  # mute_mic: every microphone
    strip = window.mixer_dock.strips["Mic"]
    assert strip.mute.isChecked()
    studio.bridge.wait_idle()
    assert studio.bridge.session._audio_overrides["Mic"].muted
    QTest.keyClick(window, Qt.Key.Key_M, CTRL | SHIFT)
    assert not strip.mute.isChecked()

    assert studio.show is not None
    shop = studio.show.shop
    QTest.keyClick(window, Qt.Key.Key_P, CTRL | SHIFT)  # feature_next_product
    qtbot.waitUntil(lambda: shop.featured is not None)
    assert shop.featured.id == shop.lineup[0]

    QTest.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)  # go_live_toggle, as the button
    assert targets.settings_opened == 1  # no destination yet: the settings open

    # Saving the settings rebinds the keys at once.
    settings = settings_store.settings
    settings_store.save(
        settings.model_copy(update={"hotkeys": {**settings.hotkeys, "scene_1": "F7"}})
    )
    window.studio_mode_action.setChecked(False)
    QTest.keyClick(window, Qt.Key.Key_1, CTRL)
    assert on_air() == "Second"  # Ctrl+1 is no longer bound
    QTest.keyClick(window, Qt.Key.Key_F7)
    assert on_air() == "Main"
