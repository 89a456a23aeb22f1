"""The File menu's template actions: new show from a template, fill in its open fields,
import a template, export the show as a template or a profile.

A new show replaces the collection as one undoable edit; it is refused while a stream or a
recording runs (the canvases may change, and an encoding canvas keeps its format to the
end). Exports draw the thumbnail with the real compositor, on the template bridge's worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.capture.devices import list_cameras
from studio.scene import SceneCollection
from studio.settings.settings_file import SettingsFile
from studio.template.library import TemplateEntry
from studio.template.scene_file import PROFILE_SUFFIX, TEMPLATE_SUFFIX
from studio.ui.bridge import SessionBridge
from studio.ui.document import CollectionDocument
from studio.ui.notifier import Notifier
from studio.ui.sources_dock import AskPath
from studio.ui.template_bridge import TemplateBridge
from studio.ui.template_form import has_open_fields, open_template_form
from studio.ui.template_gallery import AskBundle, TemplateGallery, ask_bundle_dialog

AskSavePath = Callable[[str], Path | None]  # (suffix) → where to write, or None (cancelled)
CameraCheck = Callable[[], bool]


def ask_save_path_dialog(parent: QWidget) -> AskSavePath:
    def ask(suffix: str) -> Path | None:
        what = "template" if suffix == TEMPLATE_SUFFIX else "profile"
        name, _ = QFileDialog.getSaveFileName(
            parent, f"Export a {what}", f"my-show{suffix}", f"LiveShop {what} (*{suffix})"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    return ask


class TemplateActions:
    def __init__(
        self,
        window: QWidget,
        document: CollectionDocument,
        session: SessionBridge,
        notifier: Notifier,
        store: SettingsFile,
        *,
        ask_path: AskPath,
        ask_bundle: AskBundle | None = None,
        ask_save_path: AskSavePath | None = None,
        camera_found: CameraCheck | None = None,
        templates: TemplateBridge | None = None,
    ) -> None:
        self.window, self.document, self.session = window, document, session
        self.notifier, self.store = notifier, store
        self.ask_path = ask_path
        self.ask_bundle = ask_bundle or ask_bundle_dialog(window)
        self.ask_save_path = ask_save_path or ask_save_path_dialog(window)
        self.camera_found = camera_found or (lambda: bool(list_cameras()))
        self.templates = templates or TemplateBridge(document.folder, parent=window)
        self.templates.show_ready.connect(self._new_show_ready)
        self.templates.exported.connect(self._exported)
        self.templates.failed.connect(self._failed)
        self.gallery: TemplateGallery | None = None

        self.new_show = QAction("&New show from template…", window)
        self.new_show.setShortcut("Ctrl+Shift+N")
        self.new_show.setToolTip("Start a show from a built-in or imported template")
        self.new_show.triggered.connect(self.open_gallery)
        self.fill_in = QAction("&Fill in the template…", window)
        self.fill_in.setToolTip("Your name, logo and colours, where the template leaves them open")
        self.fill_in.triggered.connect(self.open_form)
        self.export_template = QAction("Export show as &template…", window)
        self.export_template.triggered.connect(lambda: self._export(TEMPLATE_SUFFIX))
        self.export_profile = QAction("Export &profile…", window)
        self.export_profile.setToolTip(
            "The show plus destinations, store, hotkeys and encoder settings (no keys, no tokens)"
        )
        self.export_profile.triggered.connect(lambda: self._export(PROFILE_SUFFIX))
        document.changed.connect(self._collection_changed)
        self._collection_changed(document.collection)

    def actions(self) -> list[QAction]:
        return [self.new_show, self.fill_in, self.export_template, self.export_profile]

    def close(self) -> None:
        self.templates.close()

    # -- new show --------------------------------------------------------------------------
    def open_gallery(self) -> None:
        if self.session.live or self.session.recording:
            self.notifier.notify(
                "End the show and the recording before starting a new show from a template."
            )
            return
        gallery = TemplateGallery(self.templates, self.ask_bundle, self.window)
        self.gallery = gallery
        gallery.chosen.connect(self._chosen)
        gallery.exec()
        self.gallery = None
        gallery.deleteLater()

    def _chosen(self, entry: TemplateEntry) -> None:
        self.templates.new_show(entry, self.camera_found())

    def _new_show_ready(self, entry: TemplateEntry, collection: SceneCollection) -> None:
        if self.session.live or self.session.recording:
            self.notifier.notify("The show went live meanwhile: the template was not applied.")
            return
        self.document.edit(collection, f"New show from “{entry.name}”")
        if has_open_fields(collection):
            self.open_form()

    def open_form(self) -> None:
        open_template_form(self.window, self.document, self.ask_path)

    def _collection_changed(self, collection: SceneCollection) -> None:
        self.fill_in.setEnabled(has_open_fields(collection))

    # -- export ------------------------------------------------------------------------------
    def _export(self, suffix: str) -> None:
        output = self.ask_save_path(suffix)
        if output is None:
            return
        collection = self.document.collection
        name = collection.template.name if collection.template else collection.name
        if suffix == TEMPLATE_SUFFIX:
            self.templates.export_template(collection, output, name)
        else:
            self.templates.export_profile(self.store.settings, collection, output, name)

    def _exported(self, path: Path) -> None:
        self.notifier.notify(f"Saved {path.name} in {path.parent}", "info")

    def _failed(self, message: str) -> None:
        if self.gallery is None:  # the gallery shows its own problems beside the list
            self.notifier.notify(message)
