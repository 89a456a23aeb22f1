"""Help → About LiveShop Studio: the version and licence of the app, the list of everything it
bundles, and the licence text of the entry the host clicks."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from studio import __version__
from studio.ui.about_dialog import CHOOSE_AN_ENTRY, AboutDialog
from studio.ui.app import Studio
from tests.ui.real_input import choose_from_menu_bar, click, when_opens

ABOUT = "About LiveShop Studio"


def click_entry(dialog: AboutDialog, name: str) -> None:
    item = dialog.item_for(name)
    dialog.tree.scrollToItem(item)
    click(dialog.tree.viewport(), dialog.tree.visualItemRect(item).center())


def test_about_shows_the_version_and_the_licence_of_the_entry_clicked(
    make_studio, qtbot: QtBot
) -> None:
    studio: Studio = make_studio()
    seen: dict[str, object] = {}

    def read_about(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AboutDialog)
        labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
        seen["labels"] = labels
        seen["placeholder"] = (dialog.text_view.toPlainText(), dialog.text_view.placeholderText())
        seen["listed"] = [dialog.tree.topLevelItem(i).text(0) for i in range(2)]

        click_entry(dialog, "Qt / PySide6")
        qtbot.waitUntil(lambda: "LESSER GENERAL PUBLIC" in dialog.text_view.toPlainText())
        seen["qt_source"] = dialog.source_label.text() if dialog.source_label.isVisible() else ""
        assert dialog.text_view.isReadOnly()

        click_entry(dialog, "numpy")
        qtbot.waitUntil(lambda: "NumPy Developers" in dialog.text_view.toPlainText())
        seen["numpy"] = dialog.text_view.toPlainText()
        seen["numpy_row"] = [dialog.item_for("numpy").text(c) for c in range(3)]
        click(dialog.close_button)

    when_opens("dialog", read_about)
    choose_from_menu_bar(studio.window.menuBar(), "Help", ABOUT)

    assert QApplication.activeModalWidget() is None  # Close closed it
    assert f"<b>LiveShop Studio</b> {__version__}" in str(seen["labels"])
    assert "Free software under the GNU GPL version 3 or later" in str(seen["labels"])
    assert seen["placeholder"] == ("", CHOOSE_AN_ENTRY)  # nothing read before a click
    assert seen["listed"] == ["Bundled components", "Python packages"]
    assert str(seen["qt_source"]).startswith("Source: https://download.qt.io/")
    assert "Copyright (c) 2005-" in str(seen["numpy"])
    name, version, licence = seen["numpy_row"]  # type: ignore[misc]
    assert (name, version) == ("numpy", metadata.version("numpy"))
    assert "BSD-3-Clause" in licence
