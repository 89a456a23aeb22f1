"""The masked field every settings page uses for stream keys and tokens."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from studio.ui.settings.secret_field import SecretField


def test_a_secret_is_masked_until_shown_and_masked_again_when_another_is_loaded(
    qtbot: QtBot,
) -> None:
    field = SecretField(placeholder="Paste the stream key", what="the stream key")
    qtbot.addWidget(field)
    typed: list[str] = []
    field.edited.connect(typed.append)
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    assert "keyring" in field.edit.toolTip() and "stream key" in field.toggle.toolTip()

    QTest.keyClicks(field.edit, " live_123 ")
    assert typed[-1] == "live_123" and field.text() == "live_123"
    field.toggle.click()
    assert field.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert field.toggle.text() == "Hide"

    field.set_text("another-key")  # e.g. the page shows another destination
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    assert not field.toggle.isChecked() and field.toggle.text() == "Show"
    assert typed[-1] == "live_123"  # loading a value is not an edit
    assert field.focusProxy() is field.edit  # Tab and the form's label land in the text
