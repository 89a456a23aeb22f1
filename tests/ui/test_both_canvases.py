"""Both canvases of a show in the window at once: a landscape and a vertical program side by
side, studio mode for each (its own next scene, Transition, Cut or Fade) and Transition all,
each canvas's items edited in its own preview. Driven with real clicks and keys; the e2e test
streams both canvases to two nginx-rtmp applications and finds each fade in what they got.

Set LIVESHOP_SCREENSHOTS to a folder (run under Xvfb) to keep the window in studio mode."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEventLoop, QRectF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from studio.capture.color import ColorSettings
from studio.outputs.base import OutputState
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform
from studio.ui.app import Studio
from studio.ui.canvas_pane import CanvasPane
from studio.ui.destinations import LiveTarget
from studio.ui.preview import PreviewWidget
from studio.ui.theme import apply_dark_theme
from tests.support.analysis import read_video
from tests.support.nginx_rtmp import RtmpServer
from tests.ui.real_input import choose_from_button_menu, click
from tests.ui.test_preview_mouse import drag

LANDSCAPE, VERTICAL = "Landscape", "Vertical"
LAND_SIZE, VERT_SIZE = (640, 360), (360, 640)
# Each canvas fades between two colours of its own: a blend of one pair never looks like the
# other pair's colours.
COLOURS = {
    "Land A": "#E01010",  # red
    "Land B": "#1010E0",  # blue
    "Vert A": "#10C010",  # green
    "Vert B": "#E0E010",  # yellow
}
STICKER = (130, 100, 100, 100)  # x, y, width, height on the vertical canvas
FADE_MS = 1000
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 15_000


def colour_scene(name: str, size: tuple[int, int], *extra: SceneItem) -> Scene:
    background = ColorSettings(name=f"{name} colour", color=COLOURS[name], width=size[0],
                               height=size[1])  # fmt: skip
    return Scene(name=name, items=[SceneItem(id=f"{name} bg", source=background), *extra])


def two_canvas_show() -> SceneCollection:
    sticker = SceneItem(
        id="sticker",
        source=ColorSettings(name="Sticker", color="#FFFFFF", width=100, height=100),
        transform=Transform(x=STICKER[0], y=STICKER[1], width=STICKER[2], height=STICKER[3]),
    )
    fps = Fraction(30)
    return SceneCollection(
        name="Two canvases",
        canvases=[
            Canvas(name=LANDSCAPE, width=640, height=360, fps=fps, scene="Land A"),
            Canvas(name=VERTICAL, width=360, height=640, fps=fps, scene="Vert A"),
        ],
        scenes=[
            colour_scene("Land A", LAND_SIZE),
            colour_scene("Land B", LAND_SIZE),
            colour_scene("Vert A", VERT_SIZE, sticker),
            colour_scene("Vert B", VERT_SIZE),
        ],
    )


# -- driving the window as a host does ------------------------------------------------------
def open_window(make_studio, qtbot: QtBot) -> Studio:  # type: ignore[no-untyped-def]
    if os.environ.get("LIVESHOP_SCREENSHOTS"):
        apply_dark_theme(QApplication.instance())  # as run_app does, for screenshots only
    studio = make_studio(two_canvas_show(), shop=False)
    studio.window.resize(1600, 900)
    qtbot.waitExposed(studio.window)
    with qtbot.waitActive(studio.window):  # shortcuts need an active window
        studio.window.activateWindow()
    return studio


def turn_on_studio_mode(studio: Studio, qtbot: QtBot) -> None:
    window = studio.window
    bar = window.findChild(QToolBar, "mainToolbar")
    click(bar.widgetForAction(window.studio_mode_action))
    assert window.previews.studio_mode
    # Laid out once the event loop runs: each next preview above its program, as tall.
    panes = window.previews.panes
    qtbot.waitUntil(lambda: all(abs(p.next.height() - p.program.height()) <= 2 for p in panes))


def pane(studio: Studio, canvas: str) -> CanvasPane:
    return studio.window.previews.pane(canvas)


def press_into(preview: PreviewWidget, canvas_point: tuple[float, float]) -> None:
    view = preview.view
    where = view.to_widget(QRectF(*canvas_point, 0, 0)).topLeft().toPoint()
    click(preview, where)


def pick_scene(studio: Studio, name: str) -> None:
    """A click on the scene's row in the Scenes dock."""
    scenes: QListWidget = studio.window.scenes_dock.list
    [row] = scenes.findItems(name, Qt.MatchFlag.MatchExactly)
    click(scenes.viewport(), scenes.visualItemRect(row).center())


def choose_fade(qtbot: QtBot, canvas: CanvasPane, duration_ms: int) -> None:
    """Open the Cut/Fade list with a click, go down to Fade and take it with Return, then
    type the fade's duration."""
    combo: QComboBox = canvas.kind
    choose_in_list(qtbot, combo, "Fade")
    assert combo.currentText() == "Fade" and canvas.duration_ms.isEnabled()
    click(canvas.duration_ms)
    QTest.keyClick(canvas.duration_ms, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(canvas.duration_ms, str(duration_ms))
    QTest.keyClick(canvas.duration_ms, Qt.Key.Key_Return)
    assert canvas.transition_ms == duration_ms


def choose_in_list(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """A click opens the combo box's list; the arrow keys reach ``text``; Return takes it.
    (A click in the list just after it opened is ignored by Qt, as a host's would be.)"""
    click(combo)
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    step = Qt.Key.Key_Down if combo.findText(text) > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if popup.currentIndex().data() == text:
            break
        QTest.keyClick(popup, step)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert combo.currentText() == text


def on_air(studio: Studio) -> dict[str, str]:
    return {c.name: c.scene for c in studio.document.collection.canvases}


def source_rows(studio: Studio) -> list[str]:
    dock = studio.window.sources_dock.list
    return [dock.item(row).text() for row in range(dock.count())]


def snapshot(window: QWidget, name: str) -> None:
    """With LIVESHOP_SCREENSHOTS=DIR (run under Xvfb), keep what the host sees."""
    folder = os.environ.get("LIVESHOP_SCREENSHOTS")
    if folder:
        # A few frames of the previews. Not QTest.qWait: PySide's holds the GIL while it
        # sleeps, and the engine's threads stall.
        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)
        loop.exec()
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def bgr_at(frame: np.ndarray | None, fx: float, fy: float) -> tuple[int, int, int] | None:
    """(R, G, B) of a BGRA picture at a fraction of its width and height."""
    if frame is None:
        return None
    height, width = frame.shape[:2]
    b, g, r = frame[int(fy * height), int(fx * width), :3]
    return int(r), int(g), int(b)


def near(rgb: tuple[int, int, int] | None, colour: str, tolerance: int = 40) -> bool:
    if rgb is None:
        return False
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(rgb, want, strict=True))


# -- what a server received -------------------------------------------------------------------
def two_applications(server: RtmpServer) -> tuple[str, str]:
    """The fixture's server with a second application, "vertical", beside "live" (as a relay
    or a second platform would be): both record into its folder. Their stream URLs."""
    text = server.conf.read_text()
    start = text.index("        application live {")
    block = text[start : text.index("}", start) + 1]
    second = block.replace("application live", "application vertical")
    server.conf.write_text(text.replace(block, f"{block}\n{second}"))
    server.stop()
    server.start()
    return server.url("landscape-show"), f"rtmp://127.0.0.1:{server.port}/vertical/vertical-show"


def centre_yuv(path: Path) -> np.ndarray:
    """Each received frame's mean (Y, U, V) over its middle eighth: frames × 3."""
    video = read_video(path)
    means = []
    for y, u, v in video.planes:
        h, w = u.shape
        box = (slice(h * 7 // 16, h * 9 // 16), slice(w * 7 // 16, w * 9 // 16))
        luma = (slice(2 * box[0].start, 2 * box[0].stop), slice(2 * box[1].start, 2 * box[1].stop))
        means.append([y[luma].mean(), u[box].mean(), v[box].mean()])
    return np.array(means)


def fades(frames: np.ndarray, first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
    """The frames part of the way from ``first`` to ``second`` (and near the line joining
    the two colours: a mix of both), as how far along they are (0: first, 1: second): on the
    way there, and on the way back."""
    at_first, at_second = near_colour(frames, first), near_colour(frames, second)
    start, end = frames[at_first].mean(axis=0), frames[at_second].mean(axis=0)
    span = end - start
    along = (frames - start) @ span / (span @ span)
    off_line = np.linalg.norm(frames - (start + np.outer(along, span)), axis=1)
    between = (along > 0.1) & (along < 0.9) & (off_line < 0.1 * np.linalg.norm(span))
    index = np.arange(len(frames))
    reached = np.flatnonzero(at_second)
    return along[between & (index < reached[0])], along[between & (index > reached[-1])]


def near_colour(frames: np.ndarray, colour: str) -> np.ndarray:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    # BT.709 limited range, as the encoder converts RGB; within a few levels.
    y = 16 + (46.559 * r + 156.629 * g + 15.812 * b) / 255
    u = 128 + (-25.664 * r - 86.336 * g + 112.0 * b) / 255
    v = 128 + (112.0 * r - 101.730 * g - 10.270 * b) / 255
    found = np.linalg.norm(frames - np.array([y, u, v]), axis=1) < 12
    assert found.any(), f"no frame of {colour} in {frames[:: max(1, len(frames) // 20)]}"
    return found


# -- the tests ------------------------------------------------------------------------------------
@pytest.mark.e2e
def test_a_fade_on_each_canvas_reaches_its_own_server_application(  # type: ignore[no-untyped-def]
    make_studio, targets, rtmp_server: RtmpServer, qtbot: QtBot
) -> None:
    landscape_url, vertical_url = two_applications(rtmp_server)
    targets.targets = [
        LiveTarget("YouTube", landscape_url, LANDSCAPE),
        LiveTarget("TikTok", vertical_url, VERTICAL),
    ]
    studio = open_window(make_studio, qtbot)
    window, bridge = studio.window, studio.bridge
    turn_on_studio_mode(studio, qtbot)
    land, vert = pane(studio, LANDSCAPE), pane(studio, VERTICAL)

    # Both programs side by side, the vertical one narrower and (once the panes share the
    # width out) about as tall.
    assert land.program.isVisible() and vert.program.isVisible()
    assert land.next.isVisible() and vert.next.isVisible()
    assert land.x() < vert.x()

    def pictures() -> tuple[QRectF, QRectF]:
        return land.program.view.widget_rect, vert.program.view.widget_rect

    qtbot.waitUntil(lambda: pictures()[1].height() > 0.85 * pictures()[0].height())
    assert pictures()[1].width() < 0.5 * pictures()[0].width()
    assert window.previews.transition_all.isVisible()

    click(window.controls.go_live)
    qtbot.waitUntil(
        lambda: (
            len(bridge.destination_states()) == 2
            and all(e.state == OutputState.LIVE for e in bridge.destination_states().values())
        ),
        timeout=WAIT_MS,
    )

    # Landscape (the edited canvas at first): its next scene from the Scenes dock, a fade.
    assert window.canvas_name == LANDSCAPE and "editing" in land.title.text()
    pick_scene(studio, "Land B")
    assert window.next_scene == "Land B" and on_air(studio)[LANDSCAPE] == "Land A"
    choose_fade(qtbot, land, FADE_MS)

    # A click in the vertical preview makes the vertical canvas the edited one.
    press_into(vert.next, (20, 20))
    assert window.canvas_name == VERTICAL
    assert "editing" in vert.title.text() and "editing" not in land.title.text()
    assert window.scenes_dock.current_scene == "Vert A"
    pick_scene(studio, "Vert B")
    choose_fade(qtbot, vert, FADE_MS)
    assert {c: window.desk.next_of(c) for c in on_air(studio)} == {
        LANDSCAPE: "Land B",
        VERTICAL: "Vert B",
    }
    qtbot.waitUntil(lambda: near(bgr_at(vert.next._frame, 0.1, 0.1), COLOURS["Vert B"]))
    qtbot.waitUntil(lambda: near(bgr_at(land.next._frame, 0.5, 0.5), COLOURS["Land B"]))
    snapshot(window, "1-studio-mode-both-canvases-prepared")

    # Each canvas's own Transition: the landscape first, then the vertical.
    click(land.transition)
    assert on_air(studio) == {LANDSCAPE: "Land B", VERTICAL: "Vert A"}
    qtbot.waitUntil(lambda: near(bgr_at(land.program._frame, 0.5, 0.5), COLOURS["Land B"]))
    click(vert.transition)
    assert on_air(studio) == {LANDSCAPE: "Land B", VERTICAL: "Vert B"}
    qtbot.waitUntil(lambda: near(bgr_at(vert.program._frame, 0.1, 0.1), COLOURS["Vert B"]))
    snapshot(window, "2-both-canvases-faded-on-air")

    # Both back at once with Transition all, each with its own fade.
    pick_scene(studio, "Vert A")
    press_into(land.next, (20, 20))
    pick_scene(studio, "Land A")
    click(window.previews.transition_all)
    assert on_air(studio) == {LANDSCAPE: "Land A", VERTICAL: "Vert A"}
    qtbot.waitUntil(lambda: near(bgr_at(land.program._frame, 0.5, 0.5), COLOURS["Land A"]))
    qtbot.waitUntil(lambda: near(bgr_at(vert.program._frame, 0.1, 0.1), COLOURS["Vert A"]))

    def encoded() -> list[int]:
        return [canvas.video.encoded_frames for canvas in bridge.session.stats()]

    so_far = encoded()
    qtbot.waitUntil(lambda: all(n > was + 15 for n, was in zip(encoded(), so_far, strict=True)))

    click(window.controls.go_live)  # End Show
    qtbot.waitUntil(lambda: not bridge.live, timeout=WAIT_MS)
    bridge.wait_idle(20)

    [landscape] = rtmp_server.recordings("landscape-show")
    [vertical] = rtmp_server.recordings("vertical-show")
    land_video, vert_video = read_video(landscape, keep_planes=False), read_video(vertical, False)
    assert (land_video.width, land_video.height) == LAND_SIZE
    assert (vert_video.width, vert_video.height) == VERT_SIZE
    # On each, frames blended part of the way, step by step, to the second scene and back
    # (Transition all): fades of about 30 frames at 30 fps (a cut has none).
    for frames, first, second in (
        (centre_yuv(landscape), COLOURS["Land A"], COLOURS["Land B"]),
        (centre_yuv_without_sticker(vertical), COLOURS["Vert A"], COLOURS["Vert B"]),
    ):
        going, back = fades(frames, first, second)
        assert len(going) >= 15 and np.all(np.diff(going) > -0.02), (first, going)
        assert len(back) >= 15 and np.all(np.diff(back) < 0.02), (first, back)


def centre_yuv_without_sticker(path: Path) -> np.ndarray:
    """The vertical recording's mean (Y, U, V) under the sticker-free top-left corner."""
    video = read_video(path)
    means = []
    for y, u, v in video.planes:
        box = (slice(4, 20), slice(4, 20))  # chroma pixels: canvas (8..40, 8..40)
        luma = (slice(8, 40), slice(8, 40))
        means.append([y[luma].mean(), u[box].mean(), v[box].mean()])
    return np.array(means)


def test_a_click_in_the_vertical_preview_edits_its_items_and_only_its_canvas(  # type: ignore[no-untyped-def]
    make_studio, qtbot: QtBot
) -> None:
    studio = open_window(make_studio, qtbot)
    window, document = studio.window, studio.document
    turn_on_studio_mode(studio, qtbot)
    land, vert = pane(studio, LANDSCAPE), pane(studio, VERTICAL)
    assert window.canvas_name == LANDSCAPE
    assert source_rows(studio) == ["Land A colour"]
    landscape_scenes = [document.collection.scene(n) for n in ("Land A", "Land B")]

    # A press on the sticker in the vertical next preview: that canvas is edited now, the
    # Sources dock lists its scene's items with the sticker selected.
    x, y, w, h = STICKER
    press_into(vert.next, (x + w / 2, y + h / 2))
    assert window.canvas_name == VERTICAL
    assert window.canvas_selector.currentText() == VERTICAL
    assert "editing" in vert.title.text() and "editing" not in land.title.text()
    assert source_rows(studio) == ["Sticker", "Vert A colour"]
    assert window.sources_dock.selected_id == "sticker" and vert.next.selected_id == "sticker"

    # Dragged 60 px down in the vertical preview: only the vertical scene changes.
    drag(vert.next, (x + w / 2, y + h / 2), (x + w / 2, y + h / 2 + 60))
    moved = document.collection.scene("Vert A").item("sticker").transform
    assert abs(moved.y - (y + 60)) <= 2 and moved.x == x
    assert [document.collection.scene(n) for n in ("Land A", "Land B")] == landscape_scenes
    assert window.properties_dock.item_id == "sticker"

    # What each canvas draws: the sticker at its new place on the vertical, the landscape
    # untouched (all red).
    studio.bridge.wait_idle()
    below = ((x + w / 2) / VERT_SIZE[0], (y + h + 30) / VERT_SIZE[1])
    qtbot.waitUntil(
        lambda: near(bgr_at(studio.bridge.preview(VERTICAL, 180, 320), *below), "#FFFFFF")
    )
    assert near(bgr_at(studio.bridge.preview(LANDSCAPE, 320, 180), 0.5, 0.5), COLOURS["Land A"])

    # A source added from the Sources dock goes to the vertical's scene, sized for it.
    choose_from_button_menu(window.sources_dock.add_button, "Colour")
    [added] = [i for i in document.collection.scene("Vert A").items if i.source.name == "Colour"]
    assert (added.source.width, added.source.height) == (VERT_SIZE[0] // 4, VERT_SIZE[1] // 4)  # type: ignore[union-attr]
    assert [document.collection.scene(n) for n in ("Land A", "Land B")] == landscape_scenes

    # The keyboard way back: the canvas selector.
    choose_in_list(qtbot, window.canvas_selector, LANDSCAPE)
    assert window.canvas_name == LANDSCAPE
    assert source_rows(studio) == ["Land A colour"]
    assert "editing" in land.title.text() and "editing" not in vert.title.text()


def test_the_transition_key_puts_every_changed_next_scene_on_air_and_ctrl_t_the_edited_one(  # type: ignore[no-untyped-def]
    make_studio, qtbot: QtBot
) -> None:
    studio = open_window(make_studio, qtbot)
    window, session = studio.window, studio.bridge.session
    calls: list[tuple[str, str, float]] = []
    show_scene = session.show_scene

    def recording_show_scene(canvas: str, scene: str, transition_ms: float = 0.0) -> None:
        calls.append((canvas, scene, transition_ms))
        show_scene(canvas, scene, transition_ms)

    session.show_scene = recording_show_scene
    turn_on_studio_mode(studio, qtbot)
    land, vert = pane(studio, LANDSCAPE), pane(studio, VERTICAL)

    # Only the landscape's next scene differs: the Transition hotkey takes only it.
    pick_scene(studio, "Land B")
    QTest.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)
    studio.bridge.wait_idle()
    assert calls == [(LANDSCAPE, "Land B", 0.0)]
    assert on_air(studio) == {LANDSCAPE: "Land B", VERTICAL: "Vert A"}

    # Ctrl+T is the edited canvas's Transition: the vertical's, once it is edited.
    calls.clear()
    press_into(vert.program, (10, 10))
    pick_scene(studio, "Vert B")
    assert "Ctrl+T" in vert.transition.toolTip() and "Ctrl+T" not in land.transition.toolTip()
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    studio.bridge.wait_idle()
    assert calls == [(VERTICAL, "Vert B", 0.0)]

    # Both differ: Transition all takes both, each with its own cut or fade.
    calls.clear()
    pick_scene(studio, "Vert A")
    choose_fade(qtbot, vert, 400)
    press_into(land.program, (10, 10))
    pick_scene(studio, "Land A")
    click(window.previews.transition_all)
    studio.bridge.wait_idle()
    assert sorted(calls) == [(LANDSCAPE, "Land A", 0.0), (VERTICAL, "Vert A", 400.0)]
    assert on_air(studio) == {LANDSCAPE: "Land A", VERTICAL: "Vert A"}


def test_hidden_previews_ask_for_no_pictures_and_one_canvas_looks_as_before(  # type: ignore[no-untyped-def]
    make_studio, qtbot: QtBot
) -> None:
    studio = open_window(make_studio, qtbot)
    window = studio.window
    previews = window.previews

    def wanted() -> set[str]:
        return set(previews.frames.wanted)

    def views(*widgets: PreviewWidget) -> set[str]:
        return {w.view_name for w in widgets}

    land, vert = pane(studio, LANDSCAPE), pane(studio, VERTICAL)
    assert wanted() == views(land.program, vert.program)  # the next previews are hidden
    turn_on_studio_mode(studio, qtbot)
    assert wanted() == views(land.program, vert.program, land.next, vert.next)
    qtbot.waitUntil(lambda: all(p._frame is not None for p in previews.all_previews()))
    click(window.findChild(QToolBar, "mainToolbar").widgetForAction(window.studio_mode_action))
    assert wanted() == views(land.program, vert.program)
    studio.bridge.wait_idle()
    assert studio.bridge.preview_scene(VERTICAL, 36, 64) is None  # its sources freed

    # A show of one canvas (as a template brings): the one-canvas window, no titles, no bar,
    # and the vertical's pictures no longer asked for. Undone, both canvases again.
    one = two_canvas_show().model_copy(update={"canvases": two_canvas_show().canvases[:1]})
    studio.document.edit(one, "One canvas")
    [only] = previews.panes
    qtbot.waitUntil(lambda: wanted() == views(only.program))  # shown by the event loop
    assert not only.title.isVisible() and not previews.bar.isVisible()
    assert window.canvas_name == LANDSCAPE
    studio.document.undo_stack.undo()
    assert [p.canvas_name for p in previews.panes] == [LANDSCAPE, VERTICAL]
    qtbot.waitUntil(lambda: wanted() == views(*(p.program for p in previews.panes)))
    assert previews.bar.isVisible() and all(p.title.isVisible() for p in previews.panes)


def test_tab_reaches_each_canvas_program(make_studio, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot)
    window = studio.window
    window.sources_dock.list.setFocus()
    qtbot.waitUntil(window.sources_dock.list.hasFocus)
    visited = []
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    programs = [p.program for p in window.previews.panes]
    assert visited == [*programs, window.controls.go_live]
