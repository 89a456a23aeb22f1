"""Help → About: the app's name, version and licence, and the licence of everything it
bundles (components and Python packages), each text read only when its entry is chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.licences import APP_NAME, FREE_SOFTWARE, EntryKind, LicenceEntry, licence_entries

ENTRY_ROLE = Qt.ItemDataRole.UserRole
CHOOSE_AN_ENTRY = "Choose an entry on the left to read its licence."
GROUP_TITLES = {
    EntryKind.COMPONENT: "Bundled components",
    EntryKind.PYTHON_PACKAGE: "Python packages",
}


class AboutDialog(QDialog):
    def __init__(
        self, entries: list[LicenceEntry] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from studio import __version__

        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.entries = licence_entries() if entries is None else entries
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{APP_NAME}</b> {__version__}")
        title.setObjectName("aboutTitle")
        layout.addWidget(title)
        licence = QLabel(
            f"{FREE_SOFTWARE} It bundles the components and Python packages below, each under "
            "its own licence."
        )
        licence.setWordWrap(True)
        layout.addWidget(licence)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = self._entry_tree()
        splitter.addWidget(self.tree)
        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("licenceText")
        self.text_view.setReadOnly(True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text_view.setPlaceholderText(CHOOSE_AN_ENTRY)
        text_layout.addWidget(self.text_view)
        # Where the source of a copyleft component is: selectable, so it can be copied.
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.hide()
        text_layout.addWidget(self.source_label)
        splitter.addWidget(text_side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 470])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.tree.currentItemChanged.connect(self._show_entry)
        self.resize(900, 560)

    def _entry_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("licenceEntries")
        tree.setHeaderLabels(["Name", "Version", "Licence"])
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setUniformRowHeights(True)
        for kind, title in GROUP_TITLES.items():
            group = QTreeWidgetItem(tree, [title])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not an entry
            for entry in (e for e in self.entries if e.kind is kind):
                item = QTreeWidgetItem(group, [entry.name, entry.version, entry.licence])
                item.setData(0, ENTRY_ROLE, entry)
                item.setToolTip(2, entry.licence)
            group.setExpanded(True)
        for column in range(2):
            tree.resizeColumnToContents(column)
        tree.setMinimumWidth(380)
        return tree

    def item_for(self, name: str) -> QTreeWidgetItem:
        """The list's item of the entry called ``name``."""
        for item in self._items():
            if item.data(0, ENTRY_ROLE).name == name:
                return item
        raise KeyError(f"no entry named {name!r} in the About list")

    def _items(self) -> list[QTreeWidgetItem]:
        groups = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [group.child(i) for group in groups for i in range(group.childCount())]

    def _show_entry(self, item: QTreeWidgetItem | None) -> None:
        entry = item.data(0, ENTRY_ROLE) if item is not None else None
        if not isinstance(entry, LicenceEntry):
            return
        self.text_view.setPlainText(entry.text())  # read now, not when the dialog opened
        self.source_label.setText(f"Source: {entry.source}")
        self.source_label.setVisible(bool(entry.source))


def show_about_dialog(parent: QWidget) -> None:
    """Help → About: modal, and deleted when closed (the window does not keep it)."""
    dialog = AboutDialog(parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
