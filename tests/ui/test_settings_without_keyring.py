"""Settings save on a machine with no keyring backend, through the real dialog and keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.settings import SecretStore, SettingsFile
from studio.settings.secrets import NO_KEYRING_NOTICE
from studio.ui.destinations import settings_destinations
from studio.ui.settings import SettingsDialog
from tests.support.memory_keyring import MemoryKeyring

KEY = "live_5521_NoKeyringHere42"


@pytest.fixture
def no_keyring() -> Iterator[keyring.backends.fail.Keyring]:
    previous = keyring.get_keyring()
    backend = keyring.backends.fail.Keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def click_ok(dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)


def add_custom_destination(qtbot: QtBot, dialog: SettingsDialog) -> None:
    page = dialog.destinations_page
    page.add_button.menu().actions()[-1].trigger()  # the platform menu: "Custom server"
    page.server_combo.lineEdit().selectAll()
    QTest.keyClicks(page.server_combo.lineEdit(), "rtmp://127.0.0.1/live")


def test_save_and_reload_with_no_keyring_backend(
    qtbot: QtBot, make_studio, settings_store: SettingsFile, no_keyring: object, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    dialog = SettingsDialog(settings_store, studio.window, secrets=SecretStore())
    qtbot.addWidget(dialog)
    dialog.show()
    add_custom_destination(qtbot, dialog)
    QTest.keyClicks(dialog.destinations_page.key_field.edit, KEY)
    click_ok(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted, dialog.message_label.text()

    [saved] = SettingsFile.load(settings_store.folder).destinations
    assert saved.server_url == "rtmp://127.0.0.1/live"
    assert KEY not in settings_store.path.read_text()
    on_disk = [p for p in tmp_path.rglob("*") if p.is_file() and KEY.encode() in p.read_bytes()]
    assert on_disk == []

    again = SettingsDialog(settings_store, studio.window, secrets=SecretStore())
    qtbot.addWidget(again)
    again.show()
    assert again.destinations_page.name_edit.text() == saved.name
    assert again.destinations_page.key_field.text() == KEY  # kept for this session
    QTest.mouseClick(
        again.buttons.button(again.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )

    # Go Live reads the destinations: the URL carries the key just typed.
    [target] = settings_destinations(settings_store)()
    assert target.url == f"rtmp://127.0.0.1/live/{KEY}"

    qtbot.waitUntil(lambda: NO_KEYRING_NOTICE in studio.window.toasts.messages())
    qtbot.wait(50)
    assert studio.window.toasts.messages().count(NO_KEYRING_NOTICE) == 1


class RecordingKeyring(MemoryKeyring):
    """A working keyring that notes every call made to it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append(f"get {username}")
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append(f"set {username}")
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append(f"delete {username}")
        super().delete_password(service, username)


def test_an_empty_key_saves_without_any_keyring_call(qtbot: QtBot, tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    recording = RecordingKeyring()
    keyring.set_keyring(recording)
    try:
        store = SettingsFile(tmp_path / "config")
        dialog = SettingsDialog(store, secrets=SecretStore())
        qtbot.addWidget(dialog)
        dialog.show()
        add_custom_destination(qtbot, dialog)
        QTest.keyClicks(dialog.destinations_page.key_field.edit, "ab")  # typed, then erased
        QTest.keyClick(dialog.destinations_page.key_field.edit, Qt.Key.Key_Backspace)
        QTest.keyClick(dialog.destinations_page.key_field.edit, Qt.Key.Key_Backspace)
        click_ok(dialog)
    finally:
        keyring.set_keyring(previous)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted, dialog.message_label.text()
    assert [d.server_url for d in SettingsFile.load(store.folder).destinations] == [
        "rtmp://127.0.0.1/live"
    ]
    assert recording.calls == []
