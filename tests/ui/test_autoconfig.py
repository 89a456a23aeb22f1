"""Auto-configure, clicked as a host would: it measures and fills the Video page."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.bench.capability import Candidate, bitrate_for, measure_capability
from studio.settings import SecretStore, SettingsFile
from studio.ui.settings import SettingsDialog
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture

# Tiny sizes keep the real measurement short on a shared CI machine.
TINY = (Candidate(384, 216, 30, "ultrafast"), Candidate(320, 180, 30, "ultrafast"))


def test_auto_configure_measures_and_fills_the_video_page(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = SettingsFile(tmp_path / "config")
    dialog = SettingsDialog(store, secrets=SecretStore())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.autoconfig._measure = functools.partial(measure_capability, TINY, first=0, show_s=0.5)
    with qtbot.waitSignal(dialog.autoconfig.finished, timeout=60_000) as finished:
        QTest.mouseClick(dialog.autoconfig_button, Qt.MouseButton.LeftButton)
        assert not dialog.autoconfig_button.isEnabled()  # the UI thread is free meanwhile
    proposal = finished.args[0]
    size = f"{proposal.width}x{proposal.height}"

    video = dialog.video_page
    assert dialog.current_page() == "video"
    assert video.size_combo.currentData() == size
    assert video.fps_combo.currentData() == 30
    assert video.preset_combo.currentData() == "ultrafast"
    assert video.bitrate_spin.value() == bitrate_for(proposal.width, proposal.height, 30)
    assert "% CPU here" in dialog.message_label.text()
    assert f"{proposal.width}×{proposal.height} at 30 fps" in dialog.message_label.text()

    QTest.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    saved = SettingsFile.load(store.folder).video
    assert (saved.canvas_width, saved.canvas_height, saved.fps, saved.preset) == (
        proposal.width, proposal.height, 30, "ultrafast"
    )  # fmt: skip
    assert saved.bitrate_kbps == video.bitrate_spin.value()
