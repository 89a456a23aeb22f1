"""Settings → Chat driven as a host would: tokens go to the keyring and nowhere else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from studio.settings import SecretStore, SettingsFile
from studio.ui.settings import SettingsDialog
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

TWITCH = "oauth:twitchsecret0123456789"
YT_TOKEN = "ya29.youtube-secret-token"
YT_KEY = "AIzaSy-youtube-secret-key"


@pytest.fixture
def store(tmp_path: Path) -> SettingsFile:
    return SettingsFile(tmp_path / "config")


@pytest.fixture
def dialog(
    qtbot: QtBot, store: SettingsFile, memory_keyring: MemoryKeyring
) -> Iterator[SettingsDialog]:
    widget = SettingsDialog(store, secrets=SecretStore(), page="chat")
    qtbot.addWidget(widget)
    yield widget
    widget.autoconfig.wait(timeout_s=10)


def test_chat_settings_and_tokens_round_trip(
    dialog: SettingsDialog, store: SettingsFile, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    page = dialog.chat_page
    assert dialog.current_page() == "chat"
    page.twitch_enabled.setChecked(True)
    QTest.keyClicks(page.twitch_channel, "MyShop")
    QTest.keyClicks(page.twitch_nick, "shopbot")
    assert page.twitch_token.edit.echoMode() == QLineEdit.EchoMode.Password
    QTest.keyClicks(page.twitch_token.edit, TWITCH)
    page.twitch_token.toggle.click()  # "Show": the host checks what was pasted
    assert page.twitch_token.edit.echoMode() == QLineEdit.EchoMode.Normal
    page.youtube_enabled.setChecked(True)
    QTest.keyClicks(page.youtube_chat, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    QTest.keyClicks(page.youtube_token.edit, YT_TOKEN)
    QTest.keyClicks(page.youtube_key.edit, YT_KEY)
    page.irc_urls.setPlainText("irc://127.0.0.1:6667/#shop\nircs://irc.example.org/#live")
    QTest.keyClicks(page.blocked_words, "scam*, free money")
    page.auto_reply.setChecked(True)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message_label.text()

    chat = store.settings.chat
    assert (chat.twitch.enabled, chat.twitch.channel, chat.twitch.bot_nick) == (
        True, "myshop", "shopbot"
    )  # fmt: skip
    assert chat.youtube.video_id == "dQw4w9WgXcQ"
    assert chat.irc.urls == ["irc://127.0.0.1:6667/#shop", "ircs://irc.example.org/#live"]
    assert chat.blocked_words == ["scam*", "free money"] and chat.auto_reply
    service = "LiveShop Studio"
    assert memory_keyring.passwords[(service, "token:twitch")] == TWITCH
    assert memory_keyring.passwords[(service, "token:youtube")] == YT_TOKEN
    assert memory_keyring.passwords[(service, "token:youtube-api-key")] == YT_KEY
    saved = store.path.read_text()
    for secret in (TWITCH, YT_TOKEN, YT_KEY, "twitchsecret"):
        assert secret not in saved

    # Opened again: the tokens are read back (masked), and emptying one removes it.
    again = SettingsDialog(store, secrets=SecretStore(), page="chat")
    qtbot.addWidget(again)
    assert again.chat_page.twitch_token.edit.text() == TWITCH
    assert again.chat_page.twitch_token.edit.echoMode() == QLineEdit.EchoMode.Password
    again.chat_page.youtube_key.edit.selectAll()
    QTest.keyClick(again.chat_page.youtube_key.edit, Qt.Key.Key_Delete)
    again.accept()
    assert (service, "token:youtube-api-key") not in memory_keyring.passwords
    assert (service, "token:youtube") in memory_keyring.passwords


def test_bad_urls_and_channels_are_said_in_words_and_nothing_is_saved(
    dialog: SettingsDialog, store: SettingsFile, memory_keyring: MemoryKeyring
) -> None:
    page = dialog.chat_page
    page.irc_urls.setPlainText("http://irc.example.org/#shop")
    page.twitch_enabled.setChecked(True)
    QTest.keyClicks(page.twitch_token.edit, TWITCH)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    text = dialog.message_label.text()
    assert "An IRC chat URL looks like irc://host:6667/#channel" in text
    assert "Value error" not in text
    page.irc_urls.setPlainText("")
    dialog.accept()
    assert "Twitch chat is switched on but names no channel." in dialog.message_label.text()
    QTest.keyClicks(page.twitch_channel, "myshop")
    dialog.accept()
    assert "a Twitch token needs the bot account's login" in dialog.message_label.text()
    assert not store.path.exists() and memory_keyring.passwords == {}
