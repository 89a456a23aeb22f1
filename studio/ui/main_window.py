"""The main window: composes the previews, docks and live controls, and keeps them in step
with the edited collection. Each part lives in its own module."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QVBoxLayout, QWidget

from studio.encode import AudioEncoderSettings
from studio.scene import SceneCollection
from studio.settings.model import AppSettings
from studio.settings.platforms import SafeZone
from studio.settings.settings_file import SettingsFile
from studio.ui.banner import BannerArea
from studio.ui.bridge import SessionBridge
from studio.ui.canvas_desk import CanvasDesk
from studio.ui.canvas_settings import SlateSceneMenu
from studio.ui.destination_alerts import DestinationAlerts
from studio.ui.destinations import DestinationsProvider, SettingsOpener
from studio.ui.document import CollectionDocument
from studio.ui.hotkeys import HotkeyManager
from studio.ui.live_alerts import install_live_alerts
from studio.ui.live_controls import ConfirmEndShow, LiveControls, StatusPanel, ask_end_show
from studio.ui.mixer_dock import MixerDock
from studio.ui.notifier import Notifier, ToastArea
from studio.ui.preflight_glue import FixApplier, NetworkCheck, PreflightProvider, window_preflight
from studio.ui.properties_dock import PropertiesDock
from studio.ui.safe_zone_guide import SafeZoneMenu
from studio.ui.scenes_dock import AskText, ScenesDock
from studio.ui.shop.clips_action import ClipsExport
from studio.ui.side_panel import SidePanelDock
from studio.ui.slate_notice import SlateNotice
from studio.ui.sources_dock import AskPath, SourcesDock, ask_path_dialog
from studio.ui.studio_mode import PreviewArea
from studio.ui.template_actions import TemplateActions
from studio.ui.virtual_camera_action import install_virtual_camera
from studio.ui.widgets import open_in_desktop

WINDOW_TITLE = "LiveShop Studio"
NO_PRODUCTS_YET = "Add products in the Catalog first"
DEFAULT_SIZE = (1600, 900)  # a first run's window, shrunk to fit a smaller screen
LAYOUT_VERSION = 2  # 2: Properties moved under Sources, mixer channels side by side
LEFT_COLUMN_PX, RIGHT_COLUMN_PX, MIXER_HEIGHT_PX = 290, 370, 96


class MainWindow(QMainWindow):
    def __init__(
        self,
        document: CollectionDocument,
        bridge: SessionBridge,
        notifier: Notifier,
        settings: QSettings,
        destinations: DestinationsProvider,
        open_settings: SettingsOpener,
        store: SettingsFile,
        ask_text: AskText | None = None,
        ask_path: AskPath | None = None,
        confirm_end_show: ConfirmEndShow = ask_end_show,
        *,
        preflight: PreflightProvider | None = None,
        apply_fix: FixApplier | None = None,
        network_check: NetworkCheck | None = None,
    ) -> None:
        super().__init__()
        self.document, self.bridge, self.notifier = document, bridge, notifier
        self._open_settings = open_settings
        self.settings = settings
        self.store = store
        self.setWindowTitle(f"{WINDOW_TITLE} — {document.collection.name}")
        self.setObjectName("mainWindow")
        self.setDockNestingEnabled(True)
        collection = document.collection

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 6)
        self.banners = BannerArea()  # conditions the host must see while they last
        column.addWidget(self.banners)
        # Every canvas side by side; the selector above them names the one the docks edit.
        self.previews = PreviewArea(bridge, collection.canvases)
        self.canvas_selector = self.previews.canvas_selector
        column.addWidget(self.previews, 1)
        # Go Live checks the show against each destination's platform first.
        self.preflight = window_preflight(
            store,
            lambda: self.document.collection,
            open_settings,
            notifier.notify,
            preflight=preflight,
            apply=apply_fix,
            network=network_check,
            parent=self,
        )
        self.controls = LiveControls(
            bridge,
            destinations,
            open_settings,
            lambda: store.settings.recording,
            notifier.notify,
            confirm_end_show=confirm_end_show,
            confirm_go_live=self.preflight.before_go_live,
        )
        column.addWidget(self.controls)
        self.setCentralWidget(central)
        self.toasts = ToastArea(notifier, central, anchor=self.previews)
        self.destination_alerts = DestinationAlerts(
            bridge, self.banners, lambda: open_settings(self), parent=self
        )
        # The slate (be right back) says when it is on air, with a way back during a break.
        self.slate_notice = SlateNotice(bridge, self.banners, parent=self)

        self.scenes_dock = ScenesDock(document, ask_text)
        self.sources_dock = SourcesDock(document, ask_path)
        self.properties_dock = PropertiesDock(document)
        self.mixer_dock = MixerDock(bridge, settings)
        self.shop_dock = SidePanelDock()
        area = Qt.DockWidgetArea
        # Scenes, Sources and the Properties of the selected source in one column on the left
        # (edited top to bottom, as in OBS), the shop on the right, the mixer under the preview.
        self.addDockWidget(area.LeftDockWidgetArea, self.scenes_dock)
        self.addDockWidget(area.LeftDockWidgetArea, self.sources_dock)
        self.addDockWidget(area.LeftDockWidgetArea, self.properties_dock)
        self.addDockWidget(area.RightDockWidgetArea, self.shop_dock)
        self.addDockWidget(area.BottomDockWidgetArea, self.mixer_dock)
        # The side columns run to the bottom and the mixer sits under the preview: on a
        # 768-px laptop screen the catalog keeps its rows.
        self.setCorner(Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, area.RightDockWidgetArea)
        # Until the host arranges the docks, the default sizes follow the window's size (it
        # is shown, then maximised or resized by the desktop, after it is built).
        self._default_layout = False
        self._default_sizing_queued = False
        for dock in (self.scenes_dock, self.sources_dock, self.properties_dock,
                     self.mixer_dock, self.shop_dock):  # fmt: skip
            dock.dockLocationChanged.connect(self._host_arranged_docks)
            dock.topLevelChanged.connect(self._host_arranged_docks)
        self.status = StatusPanel(self.statusBar(), bridge, self.controls.health)
        self.template_actions = TemplateActions(
            self, document, bridge, notifier, store, ask_path=ask_path or ask_path_dialog(self)
        )
        self.desk = CanvasDesk(
            document, bridge, self.previews, self.scenes_dock, self.sources_dock,
            self.properties_dock, parent=self,
        )  # fmt: skip
        self._build_toolbar()
        self.virtual_camera = install_virtual_camera(self)

        document.changed.connect(self._collection_changed)
        document.save_failed.connect(notifier.notify)
        bridge.failed.connect(notifier.notify)
        bridge.source_event.connect(self._source_event)
        bridge.output_event.connect(self._output_event)
        self._collection_changed(collection)
        self.previews.panes_changed.connect(self._set_tab_order)
        self._set_tab_order()
        self.hotkeys = HotkeyManager(self, store.settings, self._hotkey_actions())
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._settings_saved)
        self._apply_encoder_settings(store.settings)
        self.restore_layout()
        # Last: the alerts read the destination alerts' lines and the mixer's strips.
        self.live_alerts = install_live_alerts(self)

    # -- hotkeys ----------------------------------------------------------------------
    def _hotkey_actions(self) -> dict[str, Callable[[], object]]:
        actions: dict[str, Callable[[], object]] = {
            "go_live_toggle": self.controls.toggle_live,
            "transition": self.desk.transition_all,  # one canvas: its transition
            "mute_mic": self.toggle_microphones,
            "feature_next_product": self.feature_next_product,
            "be_right_back": self.bridge.toggle_be_right_back,
        }
        for number in range(1, 10):
            actions[f"scene_{number}"] = lambda n=number: self.activate_scene_number(n)
        return actions

    def _settings_saved(self, settings: AppSettings) -> None:
        self.hotkeys.rebind(settings)
        self._apply_encoder_settings(settings)

    def _apply_encoder_settings(self, settings: AppSettings) -> None:
        self.bridge.set_encoder_settings(
            settings.video.encoder_settings(),
            AudioEncoderSettings(
                bitrate_kbps=settings.audio.bitrate_kbps,
                sample_rate_hz=settings.audio.sample_rate_hz,
            ),
        )

    def detach(self) -> None:
        """Stop listening to the settings store and end the previews' frame thread (the
        window is going away)."""
        self.template_actions.close()
        self.previews.stop_frames()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def activate_scene_number(self, number: int) -> None:
        """The Nth scene of the show (1-based): on air, or next in studio mode."""
        scenes = self.document.collection.scenes
        if 1 <= number <= len(scenes):
            name = scenes[number - 1].name
            self.scenes_dock.refresh(select=name)
            self.activate_scene(name)

    def toggle_microphones(self) -> None:
        """Mute every microphone, or unmute them all when all are muted already."""
        if not self.mixer_dock.toggle_microphones(self.document.collection):
            self.notifier.notify("There is no microphone in the show to mute.", "info")

    def feature_next_product(self) -> None:
        panel = self.shop_dock.catalog_panel
        if panel is None:
            self.notifier.notify(NO_PRODUCTS_YET, "info")
            return
        panel.step(forward=True)

    def _set_tab_order(self) -> None:
        chain = [
            self.scenes_dock.list,
            self.sources_dock.list,
            *(pane.program for pane in self.previews.panes),
            self.controls.go_live,
            self.controls.record,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    # -- toolbar and menus ------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("mainToolbar")
        undo = self.document.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setToolTip("Undo the last edit (Ctrl+Z)")
        redo = self.document.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setToolTip("Redo (Ctrl+Shift+Z)")
        self.studio_mode_action = QAction("Studio mode", self)
        self.studio_mode_action.setCheckable(True)
        self.studio_mode_action.setToolTip(
            "Prepare the next scene beside the program, then put it on air with Transition (Ctrl+M)"
        )
        self.studio_mode_action.setShortcut("Ctrl+M")
        self.studio_mode_action.toggled.connect(self.desk.set_studio_mode)
        for action in (undo, redo, self.studio_mode_action):
            bar.addAction(action)
        self.addToolBar(bar)
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        settings_action = QAction("&Settings…", self)
        settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        settings_action.setToolTip("Destinations, video, audio, recording and hotkeys")
        settings_action.triggered.connect(lambda: self._open_settings(self))
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addActions(self.template_actions.actions()[:2])
        file_menu.addSeparator()
        file_menu.addActions(self.template_actions.actions()[2:])
        file_menu.addSeparator()
        self.clips_export = ClipsExport(self)  # the last ended show's clips (End Show's too)
        file_menu.addAction(self.clips_export.action)
        file_menu.addSeparator()
        file_menu.addActions([settings_action, quit_action])
        edit = menu.addMenu("&Edit")
        edit.addActions([undo, redo])
        view = menu.addMenu("&View")
        view.addAction(self.studio_mode_action)
        for dock in (
            self.scenes_dock,
            self.sources_dock,
            self.properties_dock,
            self.mixer_dock,
            self.shop_dock,
        ):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self.safe_zone_menu = SafeZoneMenu(self)
        self.safe_zone_menu.chosen.connect(self._show_safe_zones)
        view.addMenu(self.safe_zone_menu)
        tools = menu.addMenu("&Tools")
        preflight = QAction("&Preflight check…", self)
        preflight.setToolTip(
            "Check every destination against its platform's rules without going live"
        )
        preflight.triggered.connect(lambda: self.preflight.open_check(self))
        tools.addAction(preflight)
        self.slate_menu = SlateSceneMenu(self.document, self.bridge, self)
        tools.addMenu(self.slate_menu)
        tools.addSeparator()
        help_menu = menu.addMenu("&Help")
        open_log = QAction("Open &log file", self)
        open_log.setToolTip("The studio's log (stream keys are masked in it)")
        open_log.triggered.connect(self._open_log_file)
        help_menu.addAction(open_log)
        about = QAction("&About LiveShop Studio", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)  # macOS moves it to the app menu
        about.triggered.connect(self._open_about)
        help_menu.addAction(about)

    def _show_safe_zones(self, zones: tuple[SafeZone, ...]) -> None:
        self.previews.set_safe_zones(zones)

    def _open_about(self) -> None:
        # Imported here: the licence list is built when asked for, never at start-up.
        from studio.ui.about_dialog import show_about_dialog

        show_about_dialog(self)

    def _open_log_file(self) -> None:
        from studio.logging_setup import log_file_path

        path = log_file_path()
        if not path.exists():
            self.notifier.notify(f"There is no log file yet ({path}).")
            return
        open_in_desktop(path)

    # -- scenes and canvases (studio.ui.canvas_desk) -----------------------------------
    @property
    def canvas_name(self) -> str:
        """The canvas the Scenes and Sources docks edit."""
        return self.desk.canvas_name

    @property
    def program_scene(self) -> str:
        return self.desk.program_scene

    @property
    def next_scene(self) -> str | None:
        return self.desk.next_scene

    def set_canvas(self, name: str) -> None:
        self.desk.set_canvas(name)

    def activate_scene(self, name: str) -> None:
        self.desk.activate_scene(name)

    def transition(self) -> None:
        self.desk.transition()

    def _collection_changed(self, collection: SceneCollection) -> None:
        self.desk.collection_changed(collection)
        self.mixer_dock.set_collection(collection)

    def _source_event(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.health.state == "error" and event.health.message:
            self.notifier.notify(event.health.message)

    def _output_event(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.output in self.bridge.destination_states():
            return  # a destination of the show: its banner line says it, updated in place
        if event.state in ("failed", "reconnecting") and event.message:
            self.notifier.notify(f"{event.output}: {event.message}")

    # -- layout persistence -----------------------------------------------------------
    def restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(QSize(*DEFAULT_SIZE).boundedTo(self._available_size()))
        # A layout saved by an older version (another dock arrangement) gives way to the
        # default one.
        if isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION):
            self._default_layout = False
        else:
            self._default_layout = True
            self._default_dock_sizes()
        studio = str(self.settings.value("window/studio_mode", "false")).lower() == "true"
        self.studio_mode_action.setChecked(studio)

    def _host_arranged_docks(self, *_args: object) -> None:
        self._default_layout = False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self._host_arranged_docks()  # a press on the window itself: a dock separator
        return super().event(event)

    def _queue_default_dock_sizes(self) -> None:
        if self._default_layout and not self._default_sizing_queued:
            self._default_sizing_queued = True
            QTimer.singleShot(0, self, self._default_dock_sizes)

    def _default_dock_sizes(self) -> None:
        """First-run sizes that suit a 1366×768 laptop: the preview keeps the middle, the left
        column gives Properties the most room, the mixer shows a row of channels."""
        self._default_sizing_queued = False
        if not self._default_layout:
            return
        vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
        column_px = self.height()
        self.resizeDocks(
            [self.scenes_dock, self.sources_dock, self.properties_dock],
            [column_px * 18 // 100, column_px * 27 // 100, column_px * 55 // 100],
            vertical,
        )
        self.resizeDocks(
            [self.scenes_dock, self.shop_dock], [LEFT_COLUMN_PX, RIGHT_COLUMN_PX], horizontal
        )
        self.resizeDocks([self.mixer_dock], [MIXER_HEIGHT_PX], vertical)

    def _available_size(self) -> QSize:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry().size() if screen else QSize(*DEFAULT_SIZE)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self.settings.setValue("window/studio_mode", self.previews.studio_mode)
        self.settings.sync()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._queue_default_dock_sizes()  # the toasts follow the preview on their own

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.detach()
        super().closeEvent(event)
