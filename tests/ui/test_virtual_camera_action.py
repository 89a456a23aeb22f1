"""Tools → Start Virtual Camera, clicked as a host does: without a driver it says how to get
one; with one, the program flows to the camera until it is clicked off."""

from __future__ import annotations

import platform
from collections.abc import Iterator
from fractions import Fraction

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.scene import Canvas
from studio.ui.virtual_camera_action import (
    START_TEXT,
    STOP_TEXT,
    VirtualCameraControl,
)
from tests.support.virtual_camera import (
    I420_FOURCC,
    TEST_BACKEND,
    CameraRecorder,
    has_video_device,
    i420_to_rgb,
    registered_recorder,
)
from tests.ui.conftest import CANVAS_H, CANVAS_W, small_show
from tests.ui.real_input import choose_from_menu_bar, choose_in_menu, click, when_opens

MAGENTA_BOX_CENTRE = (30 + 20, 40 + 40)  # (row, column) of small_show's #FF00FF box


@pytest.fixture
def recorder() -> Iterator[CameraRecorder]:
    with registered_recorder() as recorder:
        yield recorder


def tools(window: QWidget, action_text: str) -> None:
    choose_from_menu_bar(window.menuBar(), "Tools", action_text)  # type: ignore[attr-defined]


@pytest.mark.skipif(platform.system() != "Linux", reason="the Linux driver's sentence")
@pytest.mark.skipif(has_video_device(), reason="a video device exists: a driver may be loaded")
def test_without_a_driver_the_action_says_how_to_get_one(qtbot, make_studio) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    control: VirtualCameraControl = studio.window.virtual_camera  # the machine's real backends
    seen: list[str] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        seen.append(box.detailedText())
        click(box.button(QMessageBox.StandardButton.Ok))

    when_opens("dialog", read_and_close)
    tools(studio.window, START_TEXT)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)

    sentence, detail = seen
    assert sentence.startswith("No virtual camera driver is ready on this computer.")
    assert "sudo apt install v4l2loopback-dkms" in sentence
    assert "sudo modprobe v4l2loopback exclusive_caps=1" in sentence
    assert detail.startswith("The driver said:\n'v4l2loopback' backend:")
    assert not control.start_action.isChecked() and not control.running
    assert control.start_action.text() == START_TEXT
    assert control.start_action.toolTip() == sentence  # the option keeps saying so


def test_clicking_starts_the_camera_and_clicking_again_stops_it(
    qtbot, make_studio, recorder: CameraRecorder
) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    control: VirtualCameraControl = studio.window.virtual_camera
    control.backend = TEST_BACKEND
    assert not control.canvas_menu.menuAction().isVisible()  # one canvas: nothing to choose

    tools(studio.window, START_TEXT)
    qtbot.waitUntil(lambda: recorder.count >= 10, timeout=10_000)
    assert control.start_action.isChecked() and control.start_action.text() == STOP_TEXT
    assert recorder.opened[0]["width"] == CANVAS_W and recorder.opened[0]["height"] == CANVAS_H
    red, green, blue = i420_to_rgb(recorder.frames[-1][1], CANVAS_W, CANVAS_H)[MAGENTA_BOX_CENTRE]
    assert red > 200 and green < 20 and blue > 200  # the show's magenta box, where it sits

    tools(studio.window, STOP_TEXT)
    qtbot.waitUntil(recorder.closed.is_set, timeout=10_000)
    assert not control.start_action.isChecked() and control.start_action.text() == START_TEXT
    assert recorder.sends_after_close == 0  # frames stop arriving with the click


def test_the_camera_shows_the_canvas_chosen_for_it(
    qtbot, make_studio, recorder: CameraRecorder
) -> None:  # type: ignore[no-untyped-def]
    show = small_show()
    # 360 wide: the program's picture is taken through the preview, whose conversion leaves
    # the last columns of a width that is not a multiple of 8 unwritten (swscale).
    vertical = Canvas(name="Vertical", width=360, height=640, fps=Fraction(30), scene="Second")
    studio = make_studio(show.model_copy(update={"canvases": [*show.canvases, vertical]}))
    control: VirtualCameraControl = studio.window.virtual_camera
    control.backend = TEST_BACKEND

    tools(studio.window, "Virtual Camera Canvas")  # opens the submenu
    qtbot.waitUntil(control.canvas_menu.isVisible, timeout=5_000)
    choose_in_menu(control.canvas_menu, "Vertical")
    assert control.canvas == "Vertical"
    tools(studio.window, START_TEXT)
    qtbot.waitUntil(lambda: recorder.count >= 5, timeout=10_000)

    assert recorder.opened == [
        {"width": 360, "height": 640, "fps": 30.0, "fourcc": I420_FOURCC, "device": None}
    ]
    rgb = i420_to_rgb(recorder.frames[-1][1], 360, 640)
    # "Second" on the vertical canvas: its 320×180 green box at the top left, black elsewhere.
    top, bottom = rgb[20:160, 20:300].reshape(-1, 3), rgb[200:].reshape(-1, 3)
    assert top[:, 1].min() > 200 and top[:, [0, 2]].max() < 40
    assert bottom.max() < 10
    tools(studio.window, STOP_TEXT)
    qtbot.waitUntil(recorder.closed.is_set, timeout=10_000)
