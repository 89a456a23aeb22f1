"""Settings → Destinations: where the show goes (several can be enabled at once).

Edits stay in this page until OK: destinations as models, stream keys typed by the user in
``pending_keys`` (written to the keyring only on OK, and only those that changed:
``changed_keys``), removed ids in ``removed_ids``. A destination added here has no key
anywhere yet, so showing, emptying or removing it never touches the keyring.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.settings.model import Destination
from studio.settings.platforms import platform_presets, preset_for
from studio.settings.secrets import SecretStore, SecretStoreError
from studio.ui.settings.secret_field import SecretField

MAIN_CANVAS = ""  # Destination.canvas None: the scene collection's first canvas
CANVAS_CHOICES = (
    ("Main canvas", MAIN_CANVAS),
    ("landscape", "landscape"),
    ("vertical", "vertical"),
)


class DestinationsPage(QWidget):
    problem = Signal(str)  # a sentence for the dialog's message line ("" clears it)

    def __init__(
        self, destinations: list[Destination], secrets: SecretStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self.destinations = list(destinations)
        self.pending_keys: dict[str, str] = {}  # destination id → key typed here
        self.removed_ids: set[str] = set()
        self._shown_keys: dict[str, str] = {}  # destination id → key as first shown
        self._added_ids: set[str] = set()  # added in this dialog: nothing stored for them
        self.keyring_problem = ""  # the last keyring failure, for the dialog's message line
        self._loading = False
        self._build()
        for destination in self.destinations:
            self._add_item(destination)
        self._select(0 if self.destinations else -1)

    # Layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setToolTip(
            "Every place the show is sent to. Tick the ones to stream to: several can be "
            "live at once."
        )
        self.add_button = QToolButton()
        self.add_button.setText("Add…")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setToolTip("Add a destination from a platform preset.")
        menu = QMenu(self.add_button)
        for preset in platform_presets().values():
            action = menu.addAction(preset.display_name)
            action.setData(preset.id)
            action.triggered.connect(lambda _=False, pid=preset.id: self.add_destination(pid))
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected destination and its stream key.")
        self.remove_button.clicked.connect(self.remove_selected)

        self.name_edit = QLineEdit()
        self.name_edit.setToolTip("A name for this destination, shown in the status bar.")
        self.platform_label = QLabel()
        self.platform_label.setToolTip("The platform preset this destination was made from.")
        self.server_combo = QComboBox()
        self.server_combo.setEditable(True)
        self.server_combo.setToolTip(
            "The ingest server, without the stream key. Pick the platform's server or paste "
            "the one the platform shows for this stream."
        )
        self.key_field = SecretField(
            placeholder="Paste the stream key",
            tooltip="The stream key from the platform.",
            what="the stream key",
        )
        self.enabled_check = QCheckBox("Stream to this destination")
        self.enabled_check.setToolTip("Send the show here when you go live.")
        self.canvas_combo = QComboBox()
        self.canvas_combo.setEditable(True)
        for label, value in CANVAS_CHOICES:
            self.canvas_combo.addItem(label, value)
        self.canvas_combo.setToolTip(
            "Which canvas of the scene collection goes here: the main one, or e.g. a vertical "
            "canvas for TikTok or Instagram."
        )
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setToolTip("What the platform expects, from its published guidance.")

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.addRow("Name:", self.name_edit)
        form.addRow("Platform:", self.platform_label)
        form.addRow("Server URL:", self.server_combo)
        form.addRow("Stream key:", self.key_field)
        form.addRow("", self.enabled_check)
        form.addRow("Canvas:", self.canvas_combo)
        form.addRow(self.hint_label)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.form, 3)

        self.list.currentRowChanged.connect(self._show_row)
        self.list.itemChanged.connect(self._item_checked)
        self.name_edit.textEdited.connect(self._store_form)
        self.server_combo.editTextChanged.connect(self._store_form)
        self.key_field.edited.connect(self._key_edited)
        self.enabled_check.toggled.connect(self._store_form)
        self.canvas_combo.currentTextChanged.connect(self._store_form)

    # Actions -----------------------------------------------------------------------------
    def add_destination(self, platform: str) -> Destination:
        preset = preset_for(platform)
        taken = {d.name for d in self.destinations}
        name, number = preset.display_name, 2
        while name in taken:
            name, number = f"{preset.display_name} {number}", number + 1
        destination = Destination(
            name=name, platform=preset.id, server_url=preset.default_server_url, enabled=True
        )
        self.destinations.append(destination)
        self._added_ids.add(destination.id)
        self._add_item(destination)
        self._select(len(self.destinations) - 1)
        self.name_edit.setFocus()
        return destination

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        removed = self.destinations.pop(row)
        if removed.id not in self._added_ids:
            self.removed_ids.add(removed.id)
        self.pending_keys.pop(removed.id, None)
        self.list.takeItem(row)
        self._select(min(row, len(self.destinations) - 1))

    def current(self) -> Destination | None:
        row = self.list.currentRow()
        return self.destinations[row] if 0 <= row < len(self.destinations) else None

    def changed_keys(self) -> dict[str, str]:
        """The keys to write on OK: typed and different from what was stored."""
        return {
            destination_id: key
            for destination_id, key in self.pending_keys.items()
            if key != self._shown_keys.get(destination_id, "")
        }

    def problems(self) -> list[str]:
        found = []
        for destination in self.destinations:
            found += destination.problems()
            key = self.pending_keys.get(destination.id)
            if key is not None and any(ch.isspace() for ch in key.strip()):
                found.append(f"The stream key of '{destination.name}' contains spaces.")
        return found

    # Internals ---------------------------------------------------------------------------
    def _add_item(self, destination: Destination) -> None:
        item = QListWidgetItem(destination.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if destination.enabled else Qt.CheckState.Unchecked
        )
        item.setToolTip(f"{preset_for(destination.platform).display_name}. Tick to stream here.")
        self.list.addItem(item)

    def _select(self, row: int) -> None:
        self.list.setCurrentRow(row)
        self._show_row(row)

    def _show_row(self, row: int) -> None:
        destination = self.destinations[row] if 0 <= row < len(self.destinations) else None
        self.form.setEnabled(destination is not None)
        self.remove_button.setEnabled(destination is not None)
        self._loading = True
        try:
            self.key_field.set_revealed(False)
            if destination is None:
                self.name_edit.clear()
                self.key_field.set_text("")
                self.platform_label.clear()
                self.hint_label.clear()
                return
            preset = preset_for(destination.platform)
            self.name_edit.setText(destination.name)
            self.platform_label.setText(preset.display_name)
            self.server_combo.clear()
            for server in preset.servers:
                self.server_combo.addItem(f"{server.url}", server.url)
            self.server_combo.setEditText(destination.server_url)
            self.key_field.set_text(self._key_for(destination.id))
            self.enabled_check.setChecked(destination.enabled)
            index = self.canvas_combo.findData(destination.canvas or MAIN_CANVAS)
            if index >= 0:
                self.canvas_combo.setCurrentIndex(index)
            else:
                self.canvas_combo.setEditText(destination.canvas or "")
            self.hint_label.setText(_hint(destination.platform))
        finally:
            self._loading = False

    def _key_for(self, destination_id: str) -> str:
        if destination_id in self.pending_keys:
            return self.pending_keys[destination_id]
        if destination_id not in self._shown_keys:
            self._shown_keys[destination_id] = self._stored_key(destination_id)
        return self._shown_keys[destination_id]

    def _stored_key(self, destination_id: str) -> str:
        if destination_id in self._added_ids:
            return ""  # new here: nothing to ask the keyring
        try:
            return self._secrets.get_stream_key(destination_id) or ""
        except SecretStoreError as exc:
            self.keyring_problem = str(exc)
            self.problem.emit(self.keyring_problem)
            return ""

    def _key_edited(self, text: str) -> None:
        destination = self.current()
        if destination is not None and not self._loading:
            self.pending_keys[destination.id] = text

    def _store_form(self, *_args: object) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self.destinations):
            return
        canvas_index = self.canvas_combo.findText(self.canvas_combo.currentText())
        canvas = (
            self.canvas_combo.itemData(canvas_index)
            if canvas_index >= 0
            else self.canvas_combo.currentText().strip()
        )
        name = self.name_edit.text().strip() or self.destinations[row].name
        updated = self.destinations[row].model_copy(
            update={
                "name": name,
                "server_url": self.server_combo.currentText().strip(),
                "enabled": self.enabled_check.isChecked(),
                "canvas": canvas or None,
            }
        )
        self.destinations[row] = updated
        item = self.list.item(row)
        self._loading = True
        try:
            item.setText(updated.name)
            item.setCheckState(
                Qt.CheckState.Checked if updated.enabled else Qt.CheckState.Unchecked
            )
        finally:
            self._loading = False

    def _item_checked(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        row = self.list.row(item)
        enabled = item.checkState() == Qt.CheckState.Checked
        self.destinations[row] = self.destinations[row].model_copy(update={"enabled": enabled})
        if row == self.list.currentRow():
            self._loading = True
            self.enabled_check.setChecked(enabled)
            self._loading = False


def _hint(platform: str) -> str:
    preset = preset_for(platform)
    parts = []
    if preset.server_issued_per_stream and platform != "custom":
        parts.append(f"{preset.display_name} shows a server URL and key for each stream.")
    if preset.requires_rtmps:
        parts.append("Secure streaming (rtmps://) is required.")
    ranges = ", ".join(f"{r.format} {r.min}–{r.max} kb/s" for r in preset.video_bitrate_kbps)
    if ranges:
        parts.append(f"Recommended video bitrate: {ranges}.")
    parts.append(f"Keyframe every {preset.keyframe_interval_s:g} s. {preset.notes}")
    return " ".join(parts)
