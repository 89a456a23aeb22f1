"""File → New show from template: the gallery lists the built-in templates with thumbnails
the real compositor drew, the host picks one and the show becomes it (one undoable edit, the
host form next); bundles come in by Import… or by dropping them on the gallery, and a
refused one is explained beside the list and leaves nothing behind."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from studio.resources import resources_dir
from studio.template import pack_folder
from studio.template.library import TemplateEntry
from studio.ui.app import Studio
from studio.ui.destinations import LiveTarget
from studio.ui.template_form import TemplateForm
from studio.ui.template_gallery import ICON_SIZE, TemplateGallery
from tests.ui.conftest import CANVAS_H, CANVAS_W
from tests.ui.real_input import choose_from_menu_bar, click, when_opens

REPO = Path(__file__).resolve().parents[2]
BUILT_INS = ["Flash sale", "Phone show", "Studio table"]
NEW_SHOW = "New show from template…"
WAIT_MS = 20_000
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def studio(make_studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Studio:  # type: ignore[no-untyped-def]
    """The window on the small test show; thumbnails and imports go to tmp_path, and this
    computer has no camera (the template's camera shows the stand-in)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    studio = make_studio()
    studio.window.template_actions.camera_found = lambda: False
    return studio


def agency_bundle(folder: Path, name: str = "Agency phone") -> Path:
    """The built-in phone template's source, renamed (an agency's own), packed."""
    source = folder / "agency-source"
    shutil.copytree(REPO / "template-sources" / "phone-vertical", source)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    (source / "manifest.json").write_text(json.dumps(manifest | {"name": name}), "utf-8")
    return pack_folder(source, folder / "agency.lsstemplate")


def zip_slip_bundle(folder: Path) -> Path:
    """A good bundle with one entry more, climbing out of the folder it is unpacked into."""
    bundle = folder / "evil.lsstemplate"
    shutil.copy(agency_bundle(folder, "Evil"), bundle)
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr("../escape.png", b"not a picture")
    return bundle


def listed(gallery: TemplateGallery) -> list[str]:
    return [entry.name for entry in gallery.entries()]


def item_named(gallery: TemplateGallery, name: str) -> QListWidgetItem:
    rows = [gallery.list.item(row) for row in range(gallery.list.count())]
    return next(item for item in rows if item.data(Qt.ItemDataRole.UserRole).name == name)


def click_item(gallery: TemplateGallery, name: str) -> None:
    item = item_named(gallery, name)
    rect = gallery.list.visualItemRect(item)
    assert rect.isValid() and gallery.list.viewport().rect().contains(rect.center())
    QTest.mouseClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert gallery.list.currentItem() is item


def icon_image(item: QListWidgetItem) -> QImage:
    return item.icon().pixmap(ICON_SIZE).toImage().convertToFormat(QImage.Format.Format_RGBA8888)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).astype(int)


def is_blank(item: QListWidgetItem) -> bool:
    """Still the grey placeholder the gallery shows until the thumbnail is drawn."""
    grey = QImage(ICON_SIZE, QImage.Format.Format_RGBA8888)
    grey.fill(Qt.GlobalColor.darkGray)
    return icon_image(item) == grey


def bundled_thumbnail(template: str) -> QImage:
    """The thumbnail packed into the built-in bundle (drawn when it was built)."""
    with zipfile.ZipFile(resources_dir() / "templates" / f"{template}.lsstemplate") as archive:
        return QImage.fromData(archive.read("thumbnail.png"))


def snapshot(gallery: TemplateGallery, name: str) -> None:
    """With LIVESHOP_SCREENSHOTS=DIR (run under Xvfb), keep what the host saw."""
    folder = os.environ.get("LIVESHOP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        gallery.grab().save(str(Path(folder) / f"{name}.png"))


def run_gallery(studio: Studio, answer: Callable[[TemplateGallery], None]) -> None:
    """File → New show from template…, ``answer`` driving the gallery until it closes."""

    def checked(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, TemplateGallery)
        answer(dialog)

    when_opens("dialog", checked)
    choose_from_menu_bar(studio.window.menuBar(), "File", NEW_SHOW)
    assert QApplication.activeModalWidget() is None


def wait_for_built_ins(qtbot: QtBot, gallery: TemplateGallery) -> None:
    qtbot.waitUntil(lambda: listed(gallery) == BUILT_INS, timeout=WAIT_MS)


def cancel_button(dialog: QWidget) -> QPushButton:
    buttons = dialog.findChild(QDialogButtonBox)
    assert isinstance(buttons, QDialogButtonBox)
    return buttons.button(QDialogButtonBox.StandardButton.Cancel)


def close(gallery: TemplateGallery) -> None:
    click(cancel_button(gallery))


# -- choosing a template --------------------------------------------------------------------
def test_the_host_picks_the_phone_show_fills_in_their_name_and_can_undo_it(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    window, document = studio.window, studio.document
    before = document.collection
    drawn: dict[str, Path] = {}
    window.template_actions.templates.thumbnail_ready.connect(
        lambda path, png: drawn.__setitem__(Path(path).stem, png)
    )
    forms: list[str] = []

    def fill_in(form) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(form, TemplateForm)
        forms.append(form.windowTitle())
        name = form.editors["host.name"]
        assert isinstance(name, QLineEdit)
        name.setFocus()
        QTest.keyClick(name, Qt.Key.Key_A, CTRL)  # over the template's "Your name"
        QTest.keyClicks(name, "Bea Santos")
        click(form.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def pick_the_phone_show(gallery: TemplateGallery) -> None:
        wait_for_built_ins(qtbot, gallery)
        items = [item_named(gallery, name) for name in BUILT_INS]
        assert all(item.data(Qt.ItemDataRole.UserRole).builtin for item in items)
        qtbot.waitUntil(lambda: not any(is_blank(item) for item in items), timeout=WAIT_MS)
        click_item(gallery, "Phone show")
        assert "1080×1920" in gallery.description.text()
        snapshot(gallery, "gallery-phone-show-picked")
        when_opens("dialog", fill_in)  # the host form comes once the new show is built
        click(gallery.create_button)

    run_gallery(studio, pick_the_phone_show)

    # The thumbnails are the templates' own pictures, drawn into the cache folder.
    cache = tmp_path / "xdg-cache" / "LiveShop Studio" / "template-thumbnails"
    assert sorted(drawn) == ["flash-sale", "phone-vertical", "studio-table"]
    assert all(png.parent == cache and png.is_file() for png in drawn.values())
    phone = QImage(str(drawn["phone-vertical"]))
    assert phone.height() > phone.width()  # a vertical show, drawn vertical
    expected = bundled_thumbnail("phone-vertical").scaled(phone.size())
    assert np.abs(pixels(phone) - pixels(expected)).mean() < 6
    other = bundled_thumbnail("studio-table").scaled(phone.size())
    assert np.abs(pixels(phone) - pixels(other)).mean() > 20

    # The show is the phone template, its files copied beside the show.
    qtbot.waitUntil(lambda: forms == ["Make “Phone show” yours"], timeout=WAIT_MS)
    collection = document.collection
    assert collection.template is not None and collection.template.name == "Phone show"
    [canvas] = collection.canvases
    assert (canvas.name, canvas.width, canvas.height) == ("Vertical", 1080, 1920)
    camera = collection.scene(canvas.scene).item("camera").source
    assert camera.kind == "image" and camera.path.name == "camera-stand-in.png"  # type: ignore[attr-defined]
    logo = collection.scene(canvas.scene).item("logo").source.path  # type: ignore[attr-defined]
    assert logo.is_file() and logo.is_relative_to(tmp_path / "data" / "template-files")

    # The window follows the new show's canvas.
    assert window.canvas_name == "Vertical"
    selector = window.canvas_selector
    assert [selector.itemText(i) for i in range(selector.count())] == ["Vertical"]
    assert window.previews.program.canvas_size == (1080, 1920)
    assert window.program_scene == canvas.scene

    # The host's name went in through the form, as a second edit.
    assert collection.template.host_values() == {"host.name": "Bea Santos"}
    assert document.undo_stack.count() == 2

    with qtbot.waitActive(window):  # application shortcuts need an active window
        window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert document.collection.template is not None
    assert document.collection.template.host_values() == {"host.name": "Your name"}
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert document.collection == before
    assert window.canvas_name == "Main"
    assert [selector.itemText(i) for i in range(selector.count())] == ["Main"]
    assert window.previews.program.canvas_size == (CANVAS_W, CANVAS_H)


def test_the_new_shows_picture_reaches_the_preview(studio: Studio, qtbot: QtBot) -> None:
    """The session renders the new show's canvas (its old canvas is gone with the old show)."""

    def pick(gallery: TemplateGallery) -> None:
        wait_for_built_ins(qtbot, gallery)
        click_item(gallery, "Phone show")
        when_opens("dialog", lambda form: click(cancel_button(form)))  # no name today
        click(gallery.create_button)

    run_gallery(studio, pick)
    qtbot.waitUntil(lambda: studio.window.canvas_name == "Vertical", timeout=WAIT_MS)

    def vertical_frames() -> int:
        stats = {s.name: s for s in studio.bridge.session.stats()}
        return stats["Vertical"].video.rendered_frames if "Vertical" in stats else 0

    qtbot.waitUntil(lambda: vertical_frames() > 5, timeout=WAIT_MS)


# -- importing ------------------------------------------------------------------------------
def test_import_adds_the_bundle_to_the_gallery_and_selects_it(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    bundle = agency_bundle(tmp_path)
    asked: list[bool] = []

    def choose_bundle() -> Path:
        asked.append(True)
        return bundle

    studio.window.template_actions.ask_bundle = choose_bundle
    seen: dict[str, object] = {}

    def import_it(gallery: TemplateGallery) -> None:
        wait_for_built_ins(qtbot, gallery)
        click(gallery.import_button)
        qtbot.waitUntil(lambda: "Agency phone" in listed(gallery), timeout=WAIT_MS)
        item = gallery.list.currentItem()
        seen["current"] = item.data(Qt.ItemDataRole.UserRole)
        seen["label"] = item.text()
        seen["description"] = gallery.description.text()
        seen["problem"] = gallery.problem.isVisible()
        close(gallery)

    run_gallery(studio, import_it)

    assert asked == [True]
    current = seen["current"]
    assert isinstance(current, TemplateEntry)
    assert current.name == "Agency phone" and not current.builtin
    assert seen["label"] == "Agency phone\nimported"
    assert str(seen["description"]).startswith("Agency phone 1.0 by LiveShop Studio — 1080×1920")
    assert seen["problem"] is False
    imported = tmp_path / "data" / "templates" / "agency-phone"
    assert current.path == imported
    assert (imported / "manifest.json").is_file() and (imported / "assets" / "logo.png").is_file()


def test_a_refused_bundle_is_explained_in_the_gallery_and_leaves_nothing(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    bundle = zip_slip_bundle(tmp_path)
    studio.window.template_actions.ask_bundle = lambda: bundle
    seen: dict[str, object] = {}

    def import_it(gallery: TemplateGallery) -> None:
        wait_for_built_ins(qtbot, gallery)
        click(gallery.import_button)
        qtbot.waitUntil(gallery.problem.isVisible, timeout=WAIT_MS)
        seen["problem"] = gallery.problem.text()
        snapshot(gallery, "gallery-refused-bundle")
        seen["listed"] = listed(gallery)
        close(gallery)

    run_gallery(studio, import_it)

    assert seen["problem"] == "../escape.png: leaves the bundle (.. in the path)"
    assert seen["listed"] == BUILT_INS
    templates = tmp_path / "data" / "templates"
    assert not templates.exists() or list(templates.iterdir()) == []
    assert not (tmp_path / "data" / "escape.png").exists()
    assert not (tmp_path / "escape.png").exists()
    # The gallery said it; no notice repeats it over the preview.
    assert not [t for t in studio.window.toasts.toasts() if "escape.png" in t.message]


def test_a_bundle_dropped_on_the_gallery_is_imported(
    studio: Studio, qtbot: QtBot, tmp_path: Path
) -> None:
    bundle = agency_bundle(tmp_path, "Dropped show")
    picture = resources_dir() / "images" / "camera-stand-in.png"
    seen: dict[str, object] = {}

    kept: list[QMimeData] = []  # the events only point at it: it must outlive them

    def drag(gallery: TemplateGallery, path: Path) -> tuple[QDragEnterEvent, QDropEvent]:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        kept.append(mime)
        where = gallery.list.geometry().center()
        buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(QPoint(where), Qt.DropAction.CopyAction, mime, buttons, keys)
        drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, buttons, keys)
        return enter, drop

    def drop_it(gallery: TemplateGallery) -> None:
        wait_for_built_ins(qtbot, gallery)
        enter, _ = drag(gallery, picture)  # a picture is not a template: no drop offered
        QApplication.sendEvent(gallery, enter)
        seen["picture accepted"] = enter.isAccepted()
        enter, drop = drag(gallery, bundle)
        QApplication.sendEvent(gallery, enter)
        seen["bundle accepted"] = enter.isAccepted()
        QApplication.sendEvent(gallery, drop)
        qtbot.waitUntil(lambda: "Dropped show" in listed(gallery), timeout=WAIT_MS)
        seen["current"] = gallery.list.currentItem().data(Qt.ItemDataRole.UserRole).name
        close(gallery)

    run_gallery(studio, drop_it)

    assert seen == {"picture accepted": False, "bundle accepted": True, "current": "Dropped show"}
    assert (tmp_path / "data" / "templates" / "dropped-show" / "manifest.json").is_file()


# -- while on air ---------------------------------------------------------------------------
@pytest.fixture
def unwanted_dialogs() -> Iterator[list[str]]:
    """The titles of the modal dialogs that open during the test (each closed at once), so
    a dialog that should not open fails the test instead of waiting for a click forever."""
    opened: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            opened.append(dialog.windowTitle())
            dialog.close()

    timer = QTimer()
    timer.timeout.connect(close_it)
    timer.start(20)
    yield opened
    timer.stop()


def test_no_new_show_while_live(  # type: ignore[no-untyped-def]
    studio: Studio, targets, black_hole, qtbot: QtBot, unwanted_dialogs: list[str]
) -> None:
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]  # live without a server
    window, before = studio.window, studio.document.collection
    click(window.controls.go_live)
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=WAIT_MS)

    refusal = "End the show and the recording before starting a new show from a template."
    said: list[str] = []
    studio.notifier.notified.connect(lambda _level, message: said.append(message))
    choose_from_menu_bar(window.menuBar(), "File", NEW_SHOW)  # returns: no gallery opened
    assert unwanted_dialogs == []
    assert said.count(refusal) == 1
    qtbot.waitUntil(lambda: refusal in [t.message for t in window.toasts.toasts()], timeout=WAIT_MS)
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_N, CTRL | SHIFT)  # the shortcut is refused the same way
    assert unwanted_dialogs == []
    assert said.count(refusal) == 2
    assert studio.document.collection == before

    click(window.controls.go_live)  # End show (the fixture confirms)
    qtbot.waitUntil(lambda: not studio.bridge.live, timeout=WAIT_MS)
