"""What the host sees: the main window, saved as a PNG in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_main_window_screenshot_shows_the_canvas(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    window.resize(1280, 800)
    qtbot.waitExposed(window)
    preview = window.previews.program
    qtbot.waitUntil(lambda: preview._image is not None, timeout=5000)
    qtbot.wait(200)
    image = window.grab().toImage()
    ARTIFACTS.mkdir(exist_ok=True)
    assert image.save(str(ARTIFACTS / "main-window.png"))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)
    }
    assert len(colours) > 20  # not blank
    rect = preview.view.widget_rect.toRect()
    top_left = preview.mapTo(window, QPoint(rect.x(), rect.y()))
    inside = {
        image.pixel(top_left.x() + dx, top_left.y() + dy)
        for dx in range(2, rect.width() - 2, 7)
        for dy in range(2, rect.height() - 2, 7)
    }
    assert len(inside) > 10  # the test pattern, not a flat fill


def test_laptop_screenshot_in_studio_mode_shows_both_pictures_and_the_whole_side_panel(  # type: ignore[no-untyped-def]
    make_studio, qtbot
) -> None:
    studio = make_studio()
    window = studio.window
    window.studio_mode_action.setChecked(True)
    window.resize(1366, 698)  # a 1366×768 laptop, less its title bar and taskbar
    qtbot.waitExposed(window)
    previews = (window.previews.next, window.previews.program)
    qtbot.waitUntil(lambda: all(p._image is not None for p in previews), timeout=5000)
    qtbot.wait(200)
    image = window.grab().toImage()
    ARTIFACTS.mkdir(exist_ok=True)
    assert image.save(str(ARTIFACTS / "main-window-laptop-studio.png"))
    for preview in previews:
        rect = preview.view.widget_rect.toRect()
        top_left = preview.mapTo(window, QPoint(rect.x(), rect.y()))
        inside = {
            image.pixel(top_left.x() + dx, top_left.y() + dy)
            for dx in range(2, rect.width() - 2, 5)
            for dy in range(2, rect.height() - 2, 5)
        }
        assert len(inside) > 10, preview.accessibleName()  # the picture, not a flat fill
    # Every control of the Catalog tab is on screen in full, none cut off by the window.
    panel = window.shop_dock.catalog_panel
    assert panel is not None
    for button in panel.findChildren(QAbstractButton):
        if button.isVisible():
            corner = button.mapTo(window, QPoint(button.width(), button.height()))
            assert window.rect().contains(corner), button.text()
            assert button.visibleRegion().boundingRect().size() == button.size(), button.text()
