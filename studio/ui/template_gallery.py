"""File → New show from template: the built-in and imported templates as thumbnails drawn by
the real compositor; import a bundle by file or by dropping it on the gallery.

Choosing a template makes a new show from it (one undoable edit); a template with fields
left open to the host asks for them next (:mod:`studio.ui.template_form`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.template.library import TemplateEntry
from studio.template.scene_file import PROFILE_SUFFIX, TEMPLATE_SUFFIX
from studio.ui.template_bridge import TemplateBridge

ICON_SIZE = QSize(256, 144)
AskBundle = Callable[[], Path | None]  # a .lsstemplate/.lssprofile chosen by the host, or None
ENTRY_ROLE = Qt.ItemDataRole.UserRole


def ask_bundle_dialog(parent: QWidget) -> AskBundle:
    from PySide6.QtWidgets import QFileDialog

    def ask() -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent,
            "Import a template",
            "",
            f"Templates and profiles (*{TEMPLATE_SUFFIX} *{PROFILE_SUFFIX})",
        )
        return Path(name) if name else None

    return ask


class TemplateGallery(QDialog):
    """``chosen`` carries the TemplateEntry the host picked; the dialog then closes."""

    chosen = Signal(object)

    def __init__(
        self, bridge: TemplateBridge, ask_bundle: AskBundle, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New show from template")
        self.setObjectName("templateGallery")
        self.setAcceptDrops(True)
        self.resize(900, 560)
        self.bridge, self._ask_bundle = bridge, ask_bundle
        self._select_after_listing: str | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Pick the look of your show. Camera, product card, chat and sales are placed for "
            "you; drop a .lsstemplate file here to add one."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(ICON_SIZE)
        self.list.setGridSize(QSize(ICON_SIZE.width() + 24, ICON_SIZE.height() + 52))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._describe)
        self.list.itemDoubleClicked.connect(lambda _item: self._choose())
        layout.addWidget(self.list, 1)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("templateDescription")
        layout.addWidget(self.description)
        self.problem = QLabel()
        self.problem.setObjectName("templateProblem")
        self.problem.setStyleSheet("color: #ff6b6b")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        row = QHBoxLayout()
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Add a .lsstemplate or .lssprofile file to your templates")
        self.import_button.clicked.connect(self._import_chosen_file)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("Create show")
        self.create_button.setEnabled(False)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        layout.addLayout(row)

        bridge.listed.connect(self._show_entries)
        bridge.thumbnail_ready.connect(self._show_thumbnail)
        bridge.imported.connect(self._imported)
        bridge.failed.connect(self._show_problem)
        bridge.list_templates()

    # -- the list ----------------------------------------------------------------------------
    def entries(self) -> list[TemplateEntry]:
        return [self.list.item(row).data(ENTRY_ROLE) for row in range(self.list.count())]

    def _show_entries(self, entries: list[TemplateEntry]) -> None:
        self.list.clear()
        for entry in entries:
            label = entry.name + ("\nbuilt in" if entry.builtin else "\nimported")
            item = QListWidgetItem(QIcon(_blank(ICON_SIZE)), label)
            item.setData(ENTRY_ROLE, entry)
            item.setToolTip(_describe(entry))
            self.list.addItem(item)
            self.bridge.draw_thumbnail(entry)
        wanted = self._select_after_listing
        self._select_after_listing = None
        for row, entry in enumerate(entries):
            if wanted is None or str(entry.path) == wanted:
                self.list.setCurrentRow(row)
                break

    def _show_thumbnail(self, path: str, png: Path) -> None:
        image = QImage(str(png))
        if image.isNull():
            return
        for row in range(self.list.count()):
            item = self.list.item(row)
            if str(item.data(ENTRY_ROLE).path) == path:
                item.setIcon(QIcon(_fitted(image, ICON_SIZE)))

    def _describe(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self.create_button.setEnabled(current is not None)
        self.description.setText(_describe(current.data(ENTRY_ROLE)) if current else "")

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen.emit(item.data(ENTRY_ROLE))
        self.accept()

    # -- import --------------------------------------------------------------------------------
    def _import_chosen_file(self) -> None:
        path = self._ask_bundle()
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        self.problem.hide()
        self.bridge.import_file(path)

    def _imported(self, entry: TemplateEntry) -> None:
        self._select_after_listing = str(entry.path)
        self.bridge.list_templates()

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_bundles(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for path in _dropped_bundles(event):
            self.import_file(path)
        event.acceptProposedAction()


def _dropped_bundles(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in (TEMPLATE_SUFFIX, PROFILE_SUFFIX)]


def _describe(entry: TemplateEntry) -> str:
    manifest = entry.manifest
    canvases = ", ".join(f"{c.width}×{c.height}" for c in manifest.canvases)
    by = f" by {manifest.author}" if manifest.author else ""
    return f"{manifest.name} {manifest.version}{by} — {canvases}. {manifest.description}".strip()


def _blank(size: QSize) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.darkGray)
    return pixmap


def _fitted(image: QImage, size: QSize) -> QPixmap:
    """The thumbnail letterboxed into the icon size, so landscape and vertical line up."""
    scaled = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.drawImage((size.width() - scaled.width()) // 2,
                      (size.height() - scaled.height()) // 2, scaled)  # fmt: skip
    painter.end()
    return pixmap
