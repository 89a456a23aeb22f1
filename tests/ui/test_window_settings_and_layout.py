"""The window and the app settings (menu, destinations, recording), its saved layout, keyboard
navigation, tooltips, and the Properties placement fields."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)

from studio.capture.microphone import MICROPHONE_PREFERENCE, MicrophonePreference
from studio.settings import Destination, RecordingSettings, SecretStore, VideoSettings
from studio.ui.preview import PreviewWidget
from studio.ui.settings import SettingsDialog
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture


def test_file_settings_opens_the_dialog_on_the_injected_store(  # type: ignore[no-untyped-def]
    make_studio, settings_store, memory_keyring, qtbot
) -> None:
    studio = make_studio(open_settings=None, destinations=None)  # the app's own opener
    window = studio.window
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    [action] = [a for a in file_menu.actions() if a.text() == "&Settings…"]
    opened: list[SettingsDialog] = []

    def close_dialog(tries: int = 100) -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SettingsDialog) and w.isVisible()
        ]
        if dialogs:
            opened.extend(dialogs)
            dialogs[0].reject()
        elif tries:
            QTimer.singleShot(50, lambda: close_dialog(tries - 1))

    QTimer.singleShot(50, close_dialog)

    QTimer.singleShot(50, close_dialog)
    action.trigger()  # modal: returns once the dialog is closed
    assert len(opened) == 1 and opened[0].store is settings_store

    # Go Live reads the enabled destinations of that store (keys from the keyring).
    destination = Destination(name="Local", server_url="rtmp://127.0.0.1/live")
    SecretStore().set_stream_key(destination.id, "abc-key")
    off = Destination(name="Off", server_url="rtmp://127.0.0.1/off", enabled=False)
    settings = settings_store.settings
    settings_store.save(settings.model_copy(update={"destinations": [destination, off]}))
    [target] = window.controls._destinations()
    assert (target.name, target.url) == ("Local", "rtmp://127.0.0.1/live/abc-key")


def test_record_uses_the_folder_and_format_of_the_settings(  # type: ignore[no-untyped-def]
    make_studio, settings_store, qtbot, tmp_path: Path
) -> None:
    folder = tmp_path / "my recordings"
    settings_store.save(
        settings_store.settings.model_copy(
            update={"recording": RecordingSettings(folder=folder, format="mp4")}
        )
    )
    studio = make_studio()
    record = studio.window.controls.record
    record.click()
    qtbot.waitUntil(lambda: studio.bridge.recording, timeout=5000)
    qtbot.wait(500)
    record.click()
    studio.bridge.wait_idle(20)
    [recording] = folder.iterdir()
    assert recording.name.startswith("show-") and recording.suffix == ".mp4"
    assert recording.stat().st_size > 0


def test_dock_and_window_layout_is_saved_on_close_and_restored(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Without the shop's panels: with them the window is wider than the 800×600 offscreen
    # screen in studio mode, and the restored size is clamped to the screen.
    first = make_studio(shop=False)
    window = first.window
    window.mixer_dock.hide()
    window.removeDockWidget(window.properties_dock)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.properties_dock)
    window.properties_dock.show()
    window.studio_mode_action.setChecked(True)
    window.resize(700, 520)
    size = window.size()
    window.close()  # saves to the (temp, IniFormat) QSettings
    first.close()

    second = make_studio(shop=False).window  # same QSettings file
    assert second.mixer_dock.isHidden()
    assert second.dockWidgetArea(second.properties_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.previews.studio_mode
    assert second.size() == size


def test_tab_moves_through_the_main_controls(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_studio().window
    with qtbot.waitActive(window):
        window.activateWindow()
    scenes = window.scenes_dock.list
    scenes.setFocus()
    qtbot.waitUntil(scenes.hasFocus)
    visited: list[QWidget] = []
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        window.sources_dock.list,
        window.previews.program,
        window.controls.go_live,
        window.controls.record,
    ]


INTERACTIVE = (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QAbstractItemView,
    PreviewWidget,
)


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside other widgets (dock title buttons, scroll bars, a table's
    headers, a combo box's list, a spin box's or line edit's buttons, a tab bar's scroll
    arrows) — they are described by their owner. Qt's containers (a tab widget's pages, a
    scroll area's viewport) are named qt_ too, but what we put in them is ours."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
        return True
    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, QScrollBar):
            return True
        if parent is not widget and isinstance(parent, OWNERS_OF_PARTS):
            return True
        parent = parent.parentWidget()
    return False


OWNERS_OF_PARTS = (QComboBox, QAbstractSpinBox, QLineEdit, QKeySequenceEdit, QTabBar)


def test_every_interactive_widget_has_a_tooltip(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    window.studio_mode_action.setChecked(True)  # the transition controls too
    window.sources_dock.select("box")  # and the Properties form
    checked = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE) and not _qt_internal(w)
    ]
    assert len(checked) > 20  # lists, tool buttons, live controls, mixer, transition, form
    missing = [
        f"{type(w).__name__} {w.objectName() or w.accessibleName() or ''}".strip()
        for w in checked
        if not w.toolTip()
    ]
    assert missing == []


def test_off_air_is_shown_once(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_studio().window
    qtbot.waitUntil(lambda: window.status.dropped.text() != "", timeout=5000)  # stats polled

    def off_air_labels() -> list[QLabel]:
        return [
            label
            for label in window.findChildren(QLabel)
            if label.text() == "Off air" and label.isVisible()
        ]

    assert off_air_labels() == [window.controls.elapsed]


def test_properties_edit_the_crop_of_the_item(make_studio) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    studio.window.sources_dock.select("box")
    crop_form = studio.window.properties_dock.crop_form
    assert crop_form is not None
    assert set(crop_form.editors) == {"left", "top", "right", "bottom"}
    crop_form.editors["left"].setValue(12)
    crop_form = studio.window.properties_dock.crop_form  # redrawn for the edited item
    crop_form.editors["bottom"].setValue(4)
    crop = studio.document.collection.scene("Main").item("box").transform.crop
    assert (crop.left, crop.top, crop.right, crop.bottom) == (12, 0, 0, 4)
    studio.document.undo_stack.undo()
    assert studio.document.collection.scene("Main").item("box").transform.crop.bottom == 0
    studio.bridge.wait_idle()
    assert studio.bridge.session._scenes["Main"].item("box").transform.crop.left == 12


def test_saved_video_settings_are_used_by_the_next_encoding_run(  # type: ignore[no-untyped-def]
    make_studio, settings_store
) -> None:
    studio = make_studio()
    settings = settings_store.settings
    video = settings.video.model_copy(update={"bitrate_kbps": 1200, "preset": "superfast"})
    audio = settings.audio.model_copy(
        update={"bitrate_kbps": 96, "sample_rate_hz": 44_100, "microphone": "USB Mic"}
    )
    settings_store.save(settings.model_copy(update={"video": video, "audio": audio}))
    studio.bridge.wait_idle()
    pipeline = studio.bridge.session.pipeline(studio.window.canvas_name)
    assert pipeline.video_settings.bitrate_kbps == 1200
    assert pipeline.video_settings.preset == "superfast"
    assert pipeline.audio_settings.bitrate_kbps == 96
    assert pipeline.audio_settings.sample_rate_hz == 44_100
    # Microphone sources without a device of their own open the chosen one.
    preference = studio.bridge.session.sources.services.get(MICROPHONE_PREFERENCE)
    assert isinstance(preference, MicrophonePreference)
    assert preference.device == "USB Mic"


def _video(settings_store, **changes):  # type: ignore[no-untyped-def]
    values = settings_store.settings.video.model_dump() | changes
    return settings_store.settings.model_copy(update={"video": VideoSettings(**values)})


def test_saved_canvas_size_and_rate_resize_the_main_canvas(  # type: ignore[no-untyped-def]
    make_studio, settings_store, qtbot
) -> None:
    studio = make_studio()
    settings_store.save(
        _video(settings_store, orientation="vertical", canvas_width=160, canvas_height=288, fps=25)
    )
    canvas = studio.document.collection.canvases[0]
    assert (canvas.width, canvas.height, canvas.fps) == (160, 288, 25)
    assert studio.window.previews.program.canvas_size == (160, 288)
    studio.bridge.wait_idle()
    config = studio.bridge.session.pipeline(studio.window.canvas_name).config
    assert (config.width, config.height, config.fps) == (160, 288, 25)
    qtbot.waitUntil(
        lambda: (
            (frame := studio.bridge.preview(canvas.name, 400, 400)) is not None
            and frame.shape[0] > frame.shape[1]
        ),  # the engine renders the vertical canvas
        timeout=5000,
    )
    studio.document.undo_stack.undo()  # a change of the show, so Undo can take it back
    assert studio.document.collection.canvases[0].width != 160


def test_a_canvas_change_saved_while_recording_waits_for_the_end(  # type: ignore[no-untyped-def]
    make_studio, settings_store, qtbot
) -> None:
    studio = make_studio()
    before = studio.document.collection.canvases[0]
    record = studio.window.controls.record
    record.click()
    qtbot.waitUntil(lambda: studio.bridge.recording, timeout=5000)
    messages: list[str] = []
    studio.notifier.notified.connect(lambda _level, text: messages.append(text))
    settings_store.save(_video(settings_store, canvas_width=320, canvas_height=180))
    assert studio.document.collection.canvases[0] == before
    assert any("apply when the show and the recording end" in m for m in messages)
    record.click()
    qtbot.waitUntil(lambda: studio.document.collection.canvases[0].width == 320, timeout=5000)
    studio.bridge.wait_idle(20)
    assert studio.bridge.session.pipeline(studio.window.canvas_name).config.width == 320


LAPTOP_W, LAPTOP_H = 1366, 768
TITLE_BAR_AND_TASKBAR_PX = 70  # what a laptop's desktop takes of its 768 px


def test_the_window_fits_a_1366_px_laptop_with_the_side_panel_in_studio_mode(  # type: ignore[no-untyped-def]
    make_studio, qtbot
) -> None:
    window = make_studio().window
    panel = window.shop_dock.catalog_panel
    assert panel is not None and panel.deals is not None  # the full Catalog tab
    assert window.shop_dock.isVisible()
    window.studio_mode_action.setChecked(True)
    tabs = window.shop_dock.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        hint = window.minimumSizeHint()
        assert hint.width() <= LAPTOP_W, tabs.tabText(index)
        assert hint.height() <= LAPTOP_H - TITLE_BAR_AND_TASKBAR_PX, tabs.tabText(index)

    # At that size the catalog still lists several products beside the deal controls.
    tabs.setCurrentIndex(0)
    window.resize(LAPTOP_W, LAPTOP_H - TITLE_BAR_AND_TASKBAR_PX)
    qtbot.waitUntil(lambda: window.width() == LAPTOP_W)
    row_px = panel.view.verticalHeader().defaultSectionSize()
    assert panel.view.viewport().height() >= 3 * row_px


def test_every_settings_page_control_has_a_tooltip(  # type: ignore[no-untyped-def]
    settings_store, memory_keyring, qtbot
) -> None:
    dialog = SettingsDialog(settings_store, secrets=SecretStore())
    qtbot.addWidget(dialog)
    store = dialog.store_page
    store.kind_combo.setCurrentIndex(store.kind_combo.findData("woocommerce"))  # its tokens
    dialog.destinations_page.add_destination("youtube")  # the form filled in
    checked = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, INTERACTIVE) and not _qt_internal(w)
    ]
    assert len(checked) > 40
    missing = [f"{type(w).__name__} {w.objectName()}".strip() for w in checked if not w.toolTip()]
    assert missing == []
    assert dialog.minimumSizeHint().width() <= LAPTOP_W
