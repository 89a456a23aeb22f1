"""A problem shown after OK goes away as soon as the host corrects it (real key events)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.settings import SecretStore, SettingsFile
from studio.ui.settings import SettingsDialog
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture


def click_ok(dialog: SettingsDialog) -> None:
    QTest.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_a_destination_error_clears_when_the_url_is_corrected(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    dialog = SettingsDialog(store, secrets=SecretStore())
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.destinations_page
    page.add_button.menu().actions()[-1].trigger()  # "Custom server"
    server = page.server_combo.lineEdit()
    server.selectAll()
    QTest.keyClicks(server, "http://127.0.0.1/live")
    click_ok(dialog)
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "rtmp://server/app" in dialog.message_label.text()

    server.selectAll()
    QTest.keyClicks(server, "rtmp://127.0.0.1/live")
    assert dialog.message_label.text() == ""  # cleared at the edit, before any OK
    click_ok(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_a_chat_error_clears_when_the_channel_is_typed(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    dialog = SettingsDialog(store, secrets=SecretStore(), page="chat")
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.chat_page
    QTest.keyClick(page.twitch_enabled, Qt.Key.Key_Space)  # ticks the box
    assert page.twitch_enabled.isChecked()
    click_ok(dialog)
    assert "names no channel" in dialog.message_label.text()
    QTest.keyClicks(page.twitch_channel, "myshop")
    assert "names no channel" not in dialog.message_label.text()
    assert dialog.message_label.text() == ""
