"""Tools → Start Virtual Camera: one canvas's program as a webcam for tools that only take one
(TikTok Shop LIVE Manager, CommentSold, browser studios).

A checkable action starts and stops the camera; "Virtual Camera Canvas" picks which canvas it
shows when the show has several. Without a driver, starting says so and how to get one (the
sentence of :mod:`studio.outputs.virtual_camera_driver`), and the action's tooltip keeps it.
The camera's own thread feeds it (:class:`VirtualCameraOutput`); its state changes reach this
object as queued signals, so the window never waits on the driver.
"""

from __future__ import annotations

import logging
import platform
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from studio.outputs.base import OutputEvent, OutputState
from studio.outputs.virtual_camera import VirtualCameraOutput, session_program
from studio.outputs.virtual_camera_driver import unsupported_message
from studio.ui.bridge import SessionBridge

log = logging.getLogger(__name__)

START_TEXT, STOP_TEXT = "Start Virtual Camera", "Stop Virtual Camera"
CANVAS_MENU_TITLE = "Virtual Camera Canvas"
START_TIP = "Send the program to a virtual camera, for apps that only take a webcam"
TOOLS_MENU_TITLE = "&Tools"
STOP_ON_CLOSE_S = 2.0

ShowProblem = Callable[[QWidget, str, str], None]  # (parent, sentence, the driver's words)


def show_problem_box(parent: QWidget, sentence: str, detail: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Virtual camera", sentence, QMessageBox.StandardButton.Ok, parent
    )
    if detail:
        box.setDetailedText(f"The driver said:\n{detail}")
    box.exec()


class VirtualCameraControl(QObject):
    """The action, the canvas menu and the running camera of one window."""

    camera_event = Signal(object)  # OutputEvent, on the main thread
    _released = Signal()  # a camera stopped for a canvas change let go of the driver

    def __init__(
        self,
        window: QMainWindow,
        bridge: SessionBridge,
        *,
        backend: str | None = None,
        show_problem: ShowProblem = show_problem_box,
    ) -> None:
        super().__init__(window)
        self._window, self._bridge = window, bridge
        self.backend = backend  # a pyvirtualcam backend name (tests); None: the system's
        self._show_problem = show_problem
        self._camera: VirtualCameraOutput | None = None
        self.canvas = bridge.canvas_names[0]
        self.start_action = QAction(START_TEXT, self)
        self.start_action.setCheckable(True)
        # Where it cannot work (macOS for now) the option says so before it is tried.
        self.start_action.setToolTip(unsupported_message(platform.system()) or START_TIP)
        self.start_action.triggered.connect(self._toggled)
        self.canvas_menu = QMenu(CANVAS_MENU_TITLE, window)
        self.canvas_menu.aboutToShow.connect(self.refresh_canvases)
        self._canvas_group = QActionGroup(self)
        self._canvas_group.setExclusive(True)
        self.camera_event.connect(self._camera_changed)
        self._released.connect(self._start_after_release)
        self._start_pending = False
        window.installEventFilter(self)  # the camera stops before the session does
        self.refresh_canvases()

    @property
    def running(self) -> bool:
        return self._camera is not None

    def refresh_canvases(self) -> None:
        """One entry per canvas of the show, the chosen one checked (the first if it went)."""
        names = self._bridge.canvas_names
        if self.canvas not in names:
            self.canvas = names[0]
        for action in self._canvas_group.actions():
            self._canvas_group.removeAction(action)
            self.canvas_menu.removeAction(action)
            action.deleteLater()
        for name in names:
            action = QAction(name, self.canvas_menu, checkable=True, checked=name == self.canvas)
            action.triggered.connect(lambda _checked=False, n=name: self.choose_canvas(n))
            self._canvas_group.addAction(action)
            self.canvas_menu.addAction(action)
        self.canvas_menu.menuAction().setVisible(len(names) > 1)

    def choose_canvas(self, canvas: str) -> None:
        """Show ``canvas`` on the camera from now on (a running camera restarts on it)."""
        if canvas == self.canvas:
            return
        self.canvas = canvas
        if self._camera is not None:
            # The new camera opens once the old one has closed: a driver has one device each.
            self.stop(then_start=True)

    def start(self) -> None:
        if self._camera is not None:
            return
        spec = self._bridge.session.collection.canvas(self.canvas)
        self._camera = VirtualCameraOutput(
            session_program(self._bridge.session, spec.name),
            width=spec.width,
            height=spec.height,
            fps=spec.fps,
            name=f"Virtual camera ({spec.name})",
            on_event=self.camera_event.emit,  # from the camera's thread: queued
            backend=self.backend,
        )
        self._show_running(True)
        self._camera.start()

    def stop(self, *, then_start: bool = False) -> None:
        """Stop the camera on a helper thread: a driver that hangs never freezes the window."""
        camera, self._camera = self._camera, None
        self._start_pending = then_start
        self._show_running(then_start)
        if camera is None:
            return

        def release() -> None:
            camera.stop()
            if then_start:
                self._released.emit()

        threading.Thread(target=release, name="stop virtual camera", daemon=True).start()

    @Slot()
    def _start_after_release(self) -> None:
        if self._start_pending:  # not turned off meanwhile
            self._start_pending = False
            self.start()

    @Slot(bool)
    def _toggled(self, checked: bool) -> None:
        if checked:
            self.start()
        else:
            self.stop()

    @Slot(object)
    def _camera_changed(self, event: OutputEvent) -> None:
        camera = self._camera
        if event.state != OutputState.FAILED or camera is None or camera.state != event.state:
            return  # a step of a healthy camera, or the last words of one already stopped
        self._camera = None
        self._show_running(False)
        self.start_action.setToolTip(event.message)  # the option keeps saying why
        detail = camera.problem.detail if camera.problem is not None else ""
        self._show_problem(self._window, event.message, detail)

    def _show_running(self, running: bool) -> None:
        self.start_action.setChecked(running)
        self.start_action.setText(STOP_TEXT if running else START_TEXT)
        if running:
            self.start_action.setToolTip(f"Stop sending {self.canvas} to the virtual camera")
        elif self.start_action.toolTip().startswith("Stop sending"):
            self.start_action.setToolTip(START_TIP)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            camera, self._camera = self._camera, None
            if camera is not None:
                camera.stop(STOP_ON_CLOSE_S)
        return False


def _tools_menu(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == TOOLS_MENU_TITLE:
            return menu
    return window.menuBar().addMenu(TOOLS_MENU_TITLE)


def install_virtual_camera(
    window: QMainWindow, *, backend: str | None = None, show_problem: ShowProblem | None = None
) -> VirtualCameraControl:
    """Add Start Virtual Camera and its canvas menu to the window's Tools menu. ``window``
    has the window's ``bridge``; ``backend`` names a pyvirtualcam backend (tests)."""
    control = VirtualCameraControl(
        window,
        window.bridge,  # type: ignore[attr-defined]
        backend=backend,
        show_problem=show_problem or show_problem_box,
    )
    tools = _tools_menu(window)
    tools.addSeparator()
    tools.addAction(control.start_action)
    tools.addMenu(control.canvas_menu)
    tools.aboutToShow.connect(control.refresh_canvases)
    return control
