"""The Settings dialog: Destinations, Video, Audio, Recording, Hotkeys and Chat pages.

Nothing is written until OK: then stream keys and chat tokens go to the keyring (or, where
there is none, to this session's memory: see :mod:`studio.settings.secrets`) and the rest to
the store (which notifies its listeners, e.g. the hotkey manager and the chat connections).
Cancel discards everything. Problems shown after OK are checked again at every edit, so a
sentence goes away as soon as the host has corrected what it names.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.bench.capability import CapabilityProposal
from studio.settings.model import AppSettings
from studio.settings.secrets import SecretStore, SecretStoreError
from studio.settings.settings_file import SettingsFile
from studio.ui.settings.autoconfig import AutoConfigRunner
from studio.ui.settings.chat_page import ChatPage
from studio.ui.settings.destinations_page import DestinationsPage
from studio.ui.settings.edits import watch_edits
from studio.ui.settings.hotkeys_page import HotkeysPage
from studio.ui.settings.pages import AudioPage, RecordingPage, VideoPage
from studio.ui.settings.store_page import StorePage

PAGE_TITLES = {
    "destinations": "Destinations",
    "video": "Video",
    "audio": "Audio",
    "recording": "Recording",
    "hotkeys": "Hotkeys",
    "chat": "Chat",
    "store": "Store",
}


class SettingsDialog(QDialog):
    def __init__(
        self,
        store: SettingsFile,
        parent: QWidget | None = None,
        page: str = "destinations",
        secrets: SecretStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.store = store
        self.secrets = secrets or SecretStore()
        settings = store.settings
        self._format_version = settings.format_version

        self.destinations_page = DestinationsPage(settings.destinations, self.secrets)
        self.video_page = VideoPage(settings.video)
        self.audio_page = AudioPage(settings.audio)
        self.recording_page = RecordingPage(settings.recording)
        self.hotkeys_page = HotkeysPage(settings.hotkeys)
        self.chat_page = ChatPage(settings.chat, self.secrets)
        self.store_page = StorePage(settings.store, self.secrets)
        self.pages: dict[str, QWidget] = {
            "destinations": self.destinations_page,
            "video": self.video_page,
            "audio": self.audio_page,
            "recording": self.recording_page,
            "hotkeys": self.hotkeys_page,
            "chat": self.chat_page,
            "store": self.store_page,
        }

        self.page_list = QListWidget()
        self.page_list.setToolTip("Settings pages.")
        self.page_list.setMaximumWidth(160)
        self.stack = QStackedWidget()
        for name, widget in self.pages.items():
            self.page_list.addItem(PAGE_TITLES[name])
            self.stack.addWidget(widget)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self._page_opened)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setToolTip("Problems to fix before the settings can be saved.")
        self.autoconfig_button = QPushButton("Auto-configure…")
        self.autoconfig_button.setToolTip(
            "Measure what this computer can encode (a few seconds) and propose a canvas size, "
            "frame rate and preset. Nothing is saved until you press OK."
        )
        self.autoconfig_button.clicked.connect(self.start_auto_configure)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip(
            "Save the settings (stream keys go to the system keyring)."
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Close without saving any change."
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        # No Qt parent: if the dialog closes mid-measurement, the runner outlives it until the
        # worker returns, and Qt drops the result signal with the dialog.
        self.autoconfig = AutoConfigRunner()
        self.autoconfig.finished.connect(self._auto_configured)
        self.autoconfig.failed.connect(self._auto_configure_failed)
        self._showing_problems = False  # the message line holds problems() from the last OK
        self.destinations_page.problem.connect(self._show_notice)
        self.message_label.setText(self.destinations_page.keyring_problem)
        self.chat_page.problem.connect(self._show_notice)
        self.hotkeys_page.conflicts_changed.connect(
            lambda conflicts: self._show_problems([c.message for c in conflicts])
        )

        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.autoconfig_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(bottom)
        self.resize(820, 520)
        watch_edits(self, self._recheck_problems)  # every page is a child by now
        self.show_page(page)

    def show_page(self, name: str) -> None:
        if name not in self.pages:
            raise ValueError(f"Unknown settings page '{name}' (pages: {', '.join(self.pages)}).")
        self.page_list.setCurrentRow(list(self.pages).index(name))

    def current_page(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    def edited_settings(self) -> AppSettings:
        """The settings as shown (raises ValidationError for an impossible combination)."""
        return AppSettings(
            format_version=self._format_version,
            destinations=self.destinations_page.destinations,
            video=self.video_page.value(),
            audio=self.audio_page.value(),
            recording=self.recording_page.value(),
            hotkeys=self.hotkeys_page.value(),
            chat=self.chat_page.value(),
            store=self.store_page.value(),
        )

    def problems(self) -> list[str]:
        found = self.destinations_page.problems()
        found += [conflict.message for conflict in self.hotkeys_page.conflicts()]
        found += self.chat_page.problems()
        found += self.store_page.problems()
        return found

    def _checked_settings(self) -> tuple[AppSettings | None, list[str]]:
        """The settings as shown, or None with every problem that keeps them from saving."""
        problems = self.problems()
        if problems:
            return None, problems
        try:
            return self.edited_settings(), []
        except ValidationError as exc:
            return None, [str(e["msg"]) for e in exc.errors()]

    def accept(self) -> None:
        settings, problems = self._checked_settings()
        if settings is None:
            self._show_problems(problems)
            return
        # Keys first (the store's listeners, e.g. the chat, read them at the save); a keyring
        # that fails never keeps the settings from saving (the secrets module keeps the value
        # for this session and tells the host once).
        try:
            self._write_keys()
        except SecretStoreError as exc:
            self._show_notice(str(exc))
        try:
            self.store.save(settings)
        except OSError as exc:
            self._show_problems([f"The settings were not saved: {exc}"])
            return
        super().accept()

    def start_auto_configure(self) -> None:
        self.autoconfig_button.setEnabled(False)
        self.message_label.setText("Measuring what this computer can encode…")
        self.autoconfig.start()

    def _write_keys(self) -> None:
        for destination_id in self.destinations_page.removed_ids:
            self.secrets.delete_stream_key(destination_id)
        for destination_id, key in self.destinations_page.changed_keys().items():
            self.secrets.set_stream_key(destination_id, key)
        self.chat_page.write_tokens(self.secrets)
        self.store_page.write_tokens(self.secrets)

    def _auto_configured(self, proposal: CapabilityProposal) -> None:
        self.autoconfig_button.setEnabled(True)
        self.video_page.apply_proposal(
            proposal.width, proposal.height, proposal.fps, proposal.preset, proposal.bitrate_kbps
        )
        self.show_page("video")
        self._show_notice(f"{proposal.summary} Press OK to keep it.")

    def _auto_configure_failed(self, message: str) -> None:
        self.autoconfig_button.setEnabled(True)
        self._show_notice(message)

    def _page_opened(self, index: int) -> None:
        load = getattr(self.stack.widget(index), "load_tokens", None)
        if callable(load):
            load()  # stored tokens are read when their page is first shown

    def _show_problems(self, problems: list[str]) -> None:
        self._showing_problems = bool(problems)
        self.message_label.setText("\n".join(problems))

    def _show_notice(self, text: str) -> None:
        self._showing_problems = False
        self.message_label.setText(text)

    def _recheck_problems(self) -> None:
        if self._showing_problems:
            self._show_problems(self._checked_settings()[1])
