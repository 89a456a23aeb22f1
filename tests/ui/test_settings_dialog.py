"""The Settings dialog and the hotkey manager, driven as a host would (pytest-qt)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import keyring.errors
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.bench.capability import CapabilityProposal
from studio.settings import AppSettings, Destination, SecretStore, SettingsFile
from studio.ui.hotkeys import HotkeyManager
from studio.ui.settings import SettingsDialog
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

KEY = "yt-abcd-efgh-ijkl-mnop"


@pytest.fixture
def store(tmp_path: Path) -> SettingsFile:
    return SettingsFile(tmp_path / "config")


@pytest.fixture
def dialog(
    qtbot: QtBot, store: SettingsFile, memory_keyring: MemoryKeyring
) -> Iterator[SettingsDialog]:
    widget = SettingsDialog(store, secrets=SecretStore())
    qtbot.addWidget(widget)
    yield widget
    widget.autoconfig.wait(timeout_s=10)


def test_add_a_youtube_destination_with_a_key_and_save(
    dialog: SettingsDialog, store: SettingsFile, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    page = dialog.destinations_page
    destination = page.add_destination("youtube")
    assert page.server_combo.currentText() == "rtmps://a.rtmps.youtube.com:443/live2"
    page.name_edit.clear()
    QTest.keyClicks(page.name_edit, "Morning show")
    QTest.keyClicks(page.key_field.edit, KEY)

    assert page.key_field.edit.echoMode() == QLineEdit.EchoMode.Password
    page.key_field.toggle.click()
    assert page.key_field.edit.echoMode() == QLineEdit.EchoMode.Normal
    page.key_field.toggle.click()
    assert page.key_field.edit.echoMode() == QLineEdit.EchoMode.Password

    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    [saved] = SettingsFile.load(store.folder).destinations
    assert (saved.id, saved.name, saved.platform, saved.enabled) == (
        destination.id,
        "Morning show",
        "youtube",
        True,
    )
    assert memory_keyring.passwords[("LiveShop Studio", f"stream-key:{saved.id}")] == KEY
    assert saved.stream_url(SecretStore()) == f"rtmps://a.rtmps.youtube.com:443/live2/{KEY}"
    on_disk = [p for p in tmp_path.rglob("*") if p.is_file() and KEY.encode() in p.read_bytes()]
    assert on_disk == []


def test_several_destinations_can_be_enabled_and_one_removed(
    dialog: SettingsDialog, store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    page = dialog.destinations_page
    page.add_destination("twitch")
    vertical = page.add_destination("custom")
    page.server_combo.setEditText("rtmp://127.0.0.1/live")
    page.canvas_combo.setCurrentIndex(page.canvas_combo.findData("vertical"))
    QTest.keyClicks(page.key_field.edit, "custom-key-1")
    third = page.add_destination("twitch")
    page.remove_selected()

    dialog.accept()

    saved = store.settings
    assert [d.name for d in saved.enabled_destinations()] == [
        "Twitch",
        "Custom server (RTMP/RTMPS)",
    ]
    assert saved.destinations[1].canvas == "vertical"
    assert third.id not in {d.id for d in saved.destinations}
    assert SecretStore().get_stream_key(vertical.id) == "custom-key-1"


def test_cancel_discards_everything(
    dialog: SettingsDialog, store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    dialog.destinations_page.add_destination("youtube")
    QTest.keyClicks(dialog.destinations_page.key_field.edit, KEY)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert dialog.result() == SettingsDialog.DialogCode.Rejected
    assert not store.path.exists()
    assert memory_keyring.passwords == {}


def test_facebook_over_plain_rtmp_is_refused_with_a_sentence(
    dialog: SettingsDialog, store: SettingsFile
) -> None:
    page = dialog.destinations_page
    page.add_destination("facebook")
    page.server_combo.setEditText("rtmp://live-api-s.facebook.com/rtmp/")
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "must start with rtmps://" in dialog.message_label.text()
    assert not store.path.exists()


def test_hotkey_conflicts_are_reported_and_block_saving(
    qtbot: QtBot, store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    dialog = SettingsDialog(store, page="hotkeys", secrets=SecretStore())
    qtbot.addWidget(dialog)
    assert dialog.current_page() == "hotkeys"
    dialog.hotkeys_page.set_sequence("scene_1", "Ctrl+Shift+M")  # mute_mic's key

    assert "Ctrl+Shift+M is assigned to both" in dialog.hotkeys_page.conflict_label.text()
    dialog.accept()
    assert not store.path.exists()

    dialog.hotkeys_page.set_sequence("scene_1", "F5")
    assert dialog.hotkeys_page.conflict_label.text() == ""
    dialog.accept()
    assert store.settings.hotkeys["scene_1"] == "F5"


def test_video_page_lists_working_encoders_and_saves_a_vertical_canvas(
    dialog: SettingsDialog, store: SettingsFile
) -> None:
    video = dialog.video_page
    encoders = [video.encoder_combo.itemData(i) for i in range(video.encoder_combo.count())]
    assert encoders[-1] == "libx264"
    video.orientation_combo.setCurrentIndex(video.orientation_combo.findData("vertical"))
    assert video.size_combo.currentData() == "1080x1920"
    video.output_combo.setCurrentIndex(video.output_combo.findData("720x1280"))
    dialog.accept()
    saved = store.settings.video
    assert (saved.orientation, saved.canvas_width, saved.canvas_height) == ("vertical", 1080, 1920)
    assert saved.output_size == (720, 1280)


def test_auto_configure_runs_off_the_ui_thread(qtbot: QtBot, dialog: SettingsDialog) -> None:
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_measurement() -> CapabilityProposal:
        threads.append(threading.current_thread())
        release.wait(10)
        return CapabilityProposal(1280, 720, 60, "superfast", 5900, "Measured: 720p60.")

    dialog.autoconfig._measure = slow_measurement
    dialog.autoconfig_button.click()
    assert not dialog.autoconfig_button.isEnabled()
    qtbot.wait(50)  # the event loop keeps running while the measurement is busy
    assert dialog.autoconfig.running
    with qtbot.waitSignal(dialog.autoconfig.finished, timeout=5000):
        release.set()

    assert threads and threads[0] is not threading.main_thread()
    assert dialog.current_page() == "video"
    assert dialog.video_page.size_combo.currentData() == "1280x720"
    assert dialog.video_page.fps_combo.currentData() == 60
    assert dialog.video_page.preset_combo.currentData() == "superfast"
    assert "Measured: 720p60." in dialog.message_label.text()
    assert dialog.autoconfig_button.isEnabled()


def test_every_control_has_a_tooltip(dialog: SettingsDialog) -> None:
    dialog.destinations_page.add_destination("youtube")
    controls = (QAbstractButton, QComboBox, QLineEdit, QSpinBox, QKeySequenceEdit, QListWidget)
    missing = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, controls) or _inside_composite(widget):
            continue
        if not widget.toolTip():
            missing.append(f"{type(widget).__name__} {widget.objectName() or widget.parent()}")
    assert missing == []


def _inside_composite(widget: QWidget) -> bool:
    # Editable combo boxes, spin boxes and key sequence edits carry inner line edits and
    # clear buttons.
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QKeySequenceEdit | QSpinBox):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QLabel)


def test_a_hotkey_pressed_in_the_window_runs_its_action(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # application shortcuts need an active window
        window.show()
        window.activateWindow()
    pressed: list[str] = []
    settings = AppSettings()
    manager = HotkeyManager(
        window,
        settings,
        {"scene_2": lambda: pressed.append("scene_2"), "mute_mic": lambda: pressed.append("mute")},
    )
    assert set(manager.shortcuts) == {"scene_2", "mute_mic"}

    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(
        window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert pressed == ["scene_2", "mute"]

    rebound = settings.model_copy(update={"hotkeys": {**settings.hotkeys, "scene_2": "F2"}})
    manager.rebind(rebound)
    assert manager.shortcuts["scene_2"].key() == QKeySequence("F2")
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_F2)
    assert pressed == ["scene_2", "mute", "scene_2"]


def test_saving_in_the_dialog_rebinds_subscribed_hotkeys(
    qtbot: QtBot, store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    manager = HotkeyManager(window, store.settings, {"transition": lambda: None})
    store.subscribe(manager.rebind)
    dialog = SettingsDialog(store, window, page="hotkeys", secrets=SecretStore())
    dialog.hotkeys_page.set_sequence("transition", "Space")
    dialog.accept()
    assert manager.shortcuts["transition"].key() == QKeySequence("Space")


def test_existing_destinations_show_their_stored_key(
    qtbot: QtBot, store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    destination = Destination(
        name="Twitch", platform="twitch", server_url="rtmp://live.twitch.tv/app"
    )
    store.save(AppSettings(destinations=[destination]))
    SecretStore().set_stream_key(destination.id, "live_123456")
    dialog = SettingsDialog(store, secrets=SecretStore())
    qtbot.addWidget(dialog)
    assert dialog.destinations_page.key_field.edit.text() == "live_123456"
    assert dialog.destinations_page.key_field.edit.echoMode() == QLineEdit.EchoMode.Password


def test_an_unusable_keyring_is_explained_when_the_dialog_opens(
    qtbot: QtBot,
    store: SettingsFile,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store.save(
        AppSettings(
            destinations=[
                Destination(name="Shop", platform="twitch", server_url="rtmp://live.twitch.tv/app")
            ]
        )
    )

    def locked(*_args: object) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    dialog = SettingsDialog(store, secrets=SecretStore())
    qtbot.addWidget(dialog)
    assert "system keyring is not available" in dialog.message_label.text()
