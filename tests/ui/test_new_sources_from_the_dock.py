"""Sources added from the Sources dock's Add menu, clicked as a host would: where they land
(centred, fitted, overlays at their usual spot, never exactly on the last one) and how they
look (a visible Colour, a bold outlined Text)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from studio.capture.text import text_render_args
from studio.render.text import render_text_image
from studio.scene import SceneItem
from tests.support.scenes import solid_png
from tests.ui.conftest import CANVAS_H, CANVAS_W


def add_from_menu(window, label: str) -> SceneItem:  # type: ignore[no-untyped-def]
    """Click the Add button of the Sources dock, then the ``label`` entry of its menu."""
    dock = window.sources_dock
    before = {i.id for i in window.document.collection.scene(dock.scene_name).items}
    picked: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text() == label)
        picked.append(label)
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(100, pick)
    QTest.mouseClick(dock.add_button, Qt.MouseButton.LeftButton)  # the menu runs until picked
    assert picked == [label]
    items = window.document.collection.scene(dock.scene_name).items
    (new,) = [i for i in items if i.id not in before]
    assert dock.selected_id == new.id
    return new


def rgb_at(studio, x: int, y: int) -> tuple[int, int, int] | None:  # type: ignore[no-untyped-def]
    frame = studio.window.previews.program._frame
    if frame is None:
        return None
    height, width = frame.shape[:2]
    b, g, r = frame[y * height // CANVAS_H, x * width // CANVAS_W, :3]
    return int(r), int(g), int(b)


def test_new_colours_are_visible_centred_and_cascade(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    qtbot.waitExposed(window)
    first = add_from_menu(window, "Colour")
    w, h = first.source.width, first.source.height  # type: ignore[union-attr]
    assert first.source.color.upper() not in ("#000000", "#000000FF")  # type: ignore[union-attr]
    t = first.transform
    assert abs(t.x + w / 2 - CANVAS_W / 2) <= 1 and abs(t.y + h / 2 - CANVAS_H / 2) <= 1
    # The host sees it: the centre of the program is the new colour (a clear blue).
    qtbot.waitUntil(
        lambda: (
            (c := rgb_at(studio, CANVAS_W // 2, CANVAS_H // 2)) is not None
            and c[2] > 200
            and c[0] < 120
        ),
        timeout=5000,
    )
    second = add_from_menu(window, "Colour")
    third = add_from_menu(window, "Colour")
    spots = {(i.transform.x, i.transform.y) for i in (first, second, third)}
    assert len(spots) == 3  # none hides exactly on top of another
    assert second.transform.x > first.transform.x and second.transform.y > first.transform.y


def test_new_text_is_bold_large_and_outlined(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    qtbot.waitExposed(window)
    item = add_from_menu(window, "Text")
    source = item.source
    assert source.bold and source.font_size_px >= 24  # type: ignore[union-attr]
    assert source.outline_color is not None and source.outline_px >= 2  # type: ignore[union-attr]
    raster = render_text_image(**text_render_args(source))  # type: ignore[arg-type]
    opaque = raster[raster[..., 3] == 255][:, :3]
    light = (opaque.min(axis=1) > 230).sum()
    dark = (opaque.max(axis=1) < 40).sum()
    assert light > 50 and dark > 50  # white letters inside a dark outline
    height, width = raster.shape[:2]
    t = item.transform
    assert abs(t.x + width / 2 - CANVAS_W / 2) <= 1 and abs(t.y + height / 2 - CANVAS_H / 2) <= 1


def test_pictures_are_centred_and_fitted_inside_the_canvas(  # type: ignore[no-untyped-def]
    make_studio, qtbot, tmp_path: Path
) -> None:
    studio = make_studio()
    window = studio.window
    qtbot.waitExposed(window)
    small = solid_png(tmp_path / "small.png", 40, 20, (200, 30, 30))
    big = solid_png(tmp_path / "big.png", 960, 960, (30, 200, 30))
    window.sources_dock.ask_path = lambda _kind: small
    item = add_from_menu(window, "Image")
    t = item.transform
    assert (t.width, t.height) == (None, None)  # natural size, it fits
    assert (t.x, t.y) == ((CANVAS_W - 40) // 2, (CANVAS_H - 20) // 2)
    window.sources_dock.ask_path = lambda _kind: big
    item = add_from_menu(window, "Image")
    t = item.transform
    assert (t.width, t.height) == (CANVAS_H, CANVAS_H)  # square, as tall as the canvas
    assert (t.x, t.y) == ((CANVAS_W - CANVAS_H) // 2, 0)
    # What the host sees: the green square fills the middle, the pattern shows at the sides.
    qtbot.waitUntil(
        lambda: (c := rgb_at(studio, CANVAS_W // 2, 5)) is not None and c[1] > 150 and c[0] < 80,
        timeout=5000,
    )


def test_a_product_card_lands_at_the_lower_left(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    qtbot.waitExposed(window)
    item = add_from_menu(window, "Product card")
    t = item.transform
    assert t.width is not None and t.height is not None
    assert t.width <= CANVAS_W and t.x > 0 and t.x + t.width < CANVAS_W  # whole, with a margin
    assert t.y + t.height < CANVAS_H and t.y + t.height > CANVAS_H * 0.9  # at the bottom
    assert abs(t.width / t.height - 560 / 200) < 0.05  # the card keeps its shape
