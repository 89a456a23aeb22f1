"""The safe-zone guide, toggled from View → Safe zones with real clicks: it draws a vertical
platform's interface zones over the preview of a vertical canvas and goes away again."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRect, QRectF
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar
from pytestqt.qtbot import QtBot

from studio.settings.platforms import SafeZone, platform_presets
from studio.ui.app import Studio
from studio.ui.preview import PreviewWidget
from tests.ui.preview_pictures import one_colour_show, shown_picture
from tests.ui.real_input import choose_in_menu, click, open_popup

PHONE = (360, 640)
BACKDROP = "#204060"
# Compared inside each zone, this far from its edges: the engine's scaled preview frames
# carry a few stray pixels in their first columns (not the guide's doing).
INSET_PX = 6


def choose_from_submenu(qtbot: QtBot, bar: QMenuBar, title: str, submenu: str, text: str) -> None:
    """Click a menu of the menu bar, then the entry opening ``submenu``, then ``text``."""
    [menu_action] = [a for a in bar.actions() if a.text().replace("&", "") == title]
    click(bar, bar.actionGeometry(menu_action).center())
    menu = open_popup()
    [entry] = [a for a in menu.actions() if a.text().replace("&", "") == submenu]
    click(menu, menu.actionGeometry(entry).center())
    opened = entry.menu()
    assert isinstance(opened, QMenu)
    qtbot.waitUntil(opened.isVisible)
    choose_in_menu(opened, text)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def zone_area(preview: PreviewWidget, zone: SafeZone) -> QRect:
    """The zone on the widget, inset by INSET_PX."""
    rect = preview.view.to_widget(QRectF(*zone.on_canvas(*preview.canvas_size)))
    return rect.adjusted(INSET_PX, INSET_PX, -INSET_PX, -INSET_PX).toRect()


def inside(picture: np.ndarray, area: QRect) -> np.ndarray:
    return picture[area.top() : area.bottom() + 1, area.left() : area.right() + 1].astype(int)


def open_phone_show(make_studio: Callable[..., Studio]) -> Studio:
    return make_studio(one_colour_show(*PHONE, BACKDROP, canvas="Phone"), shop=False)


def test_the_menu_lists_each_platform_with_a_safe_zone_map(make_studio) -> None:  # type: ignore[no-untyped-def]
    window = open_phone_show(make_studio).window
    listed = [a.text() for a in window.safe_zone_menu.actions() if a.isCheckable()]
    assert listed == [p.display_name for p in platform_presets().values() if p.safe_zones]
    assert {"TikTok LIVE", "Instagram Live"} <= set(listed)
    assert not any(a.isChecked() for a in window.safe_zone_menu.actions())  # off by default


def test_toggling_tiktok_draws_its_zones_over_a_vertical_preview_and_off_restores_it(
    make_studio, qtbot: QtBot
) -> None:
    window = open_phone_show(make_studio).window
    preview = window.previews.program
    assert preview.canvas_size == PHONE
    zones = platform_presets()["tiktok"].safe_zones
    # The middle of the picture, under no zone of TikTok's: the guide leaves it alone.
    middle = QRectF(PHONE[0] * 0.25, PHONE[1] * 0.35, PHONE[0] * 0.5, PHONE[1] * 0.25)
    assert not any(middle.intersects(QRectF(*z.on_canvas(*PHONE))) for z in zones)
    clear = preview.view.to_widget(middle).toRect()
    before = shown_picture(qtbot, preview)

    choose_from_submenu(qtbot, window.menuBar(), "View", "Safe zones", "TikTok LIVE")
    assert window.safe_zone_menu.action_for("TikTok LIVE").isChecked()
    guided = shown_picture(qtbot, preview)
    for zone in zones:
        area = zone_area(preview, zone)
        tint = inside(guided, area) - inside(before, area)
        assert (tint != 0).any(axis=2).mean() > 0.9, f"{zone.label} is not drawn"
        assert tint[..., 2].mean() > 10  # redder: the guide's translucent red (BGRA)
    assert (inside(guided, clear) == inside(before, clear)).all()

    choose_from_submenu(qtbot, window.menuBar(), "View", "Safe zones", "TikTok LIVE")
    assert not window.safe_zone_menu.action_for("TikTok LIVE").isChecked()
    restored = shown_picture(qtbot, preview)
    for zone in zones:
        area = zone_area(preview, zone)
        assert (inside(restored, area) == inside(before, area)).all(), zone.label


def test_one_platform_at_a_time_and_the_choice_outlives_a_canvas_change(
    make_studio, qtbot: QtBot
) -> None:
    window = open_phone_show(make_studio).window
    preview = window.previews.program
    choose_from_submenu(qtbot, window.menuBar(), "View", "Safe zones", "TikTok LIVE")
    choose_from_submenu(qtbot, window.menuBar(), "View", "Safe zones", "Instagram Live")
    checked = [a.text() for a in window.safe_zone_menu.actions() if a.isChecked()]
    assert checked == ["Instagram Live"]
    assert preview.safe_zones == platform_presets()["instagram"].safe_zones
    window.set_canvas("Phone")  # the canvas shown again (as after picking it in the selector)
    assert preview.safe_zones == platform_presets()["instagram"].safe_zones


def test_a_landscape_canvas_shows_no_guide(make_studio, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_studio(one_colour_show(640, 360, BACKDROP, canvas="Phone"), shop=False).window
    preview = window.previews.program
    before = shown_picture(qtbot, preview)
    choose_from_submenu(qtbot, window.menuBar(), "View", "Safe zones", "TikTok LIVE")
    assert window.safe_zone_menu.action_for("TikTok LIVE").isChecked()
    canvas = preview.view.widget_rect.toRect().adjusted(INSET_PX, INSET_PX, -INSET_PX, -INSET_PX)
    assert (inside(shown_picture(qtbot, preview), canvas) == inside(before, canvas)).all()
