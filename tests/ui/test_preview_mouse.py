"""Moving and resizing items with the mouse (and the keyboard) in the program preview."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def widget_point(preview, x: float, y: float) -> QPoint:  # type: ignore[no-untyped-def]
    view = preview.view
    return QPointF(view.origin.x() + x * view.scale, view.origin.y() + y * view.scale).toPoint()


def drag(
    preview,
    start: tuple[float, float],
    end: tuple[float, float],  # type: ignore[no-untyped-def]
    modifier=Qt.KeyboardModifier.NoModifier,
) -> None:
    a, b = widget_point(preview, *start), widget_point(preview, *end)
    QTest.mousePress(preview, Qt.MouseButton.LeftButton, modifier, a)
    for step in range(1, 6):
        point = a + (b - a) * step / 5
        QTest.mouseMove(preview, point)
        # QTest.mouseMove carries no buttons/modifiers: send the move event ourselves,
        # through the application's event delivery as a real one would come.
        event = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            QPointF(point),
            preview.mapToGlobal(QPointF(point)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            modifier,
        )
        QApplication.sendEvent(preview, event)
    QTest.mouseRelease(preview, Qt.MouseButton.LeftButton, modifier, b)


def box(studio):  # type: ignore[no-untyped-def]
    return studio.document.collection.scene("Main").item("box").transform


def test_drag_moves_corner_keeps_aspect_shift_frees_it_and_arrows_nudge(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    preview = studio.window.previews.program
    studio.window.resize(1000, 700)
    qtbot.waitExposed(studio.window)
    assert box(studio).x == 40 and box(studio).y == 30
    drag(preview, (60, 50), (93, 71))  # grab inside the 80×40 box at (40, 30)
    assert preview.selected_id == "box"
    assert studio.window.sources_dock.selected_id == "box"
    tol = 1 / preview.view.scale + 0.5  # one widget pixel, in canvas pixels
    assert abs(box(studio).x - 73) <= tol and abs(box(studio).y - 51) <= tol
    assert (box(studio).width, box(studio).height) == (80, 40)
    # Snapping: dropped near the canvas centre, the box centres on it.
    drag(preview, (113, 71), (162 - 40 + 40 + 1, 92 - 20 + 20 - 1))  # centre ≈ (161, 89)
    assert (box(studio).x + 40, box(studio).y + 20) == (160, 90)
    # Bottom-right corner keeps the 2:1 shape, as in OBS.
    t = box(studio)
    corner = (t.x + t.width, t.y + t.height)
    drag(preview, corner, (corner[0] + 40, corner[1] + 5))
    t = box(studio)
    assert abs(t.width - 120) <= 2 * tol and abs(t.width - 2 * t.height) <= 2
    # With Shift the shape follows the mouse.
    corner = (t.x + t.width, t.y + t.height)
    drag(preview, corner, (corner[0] - 30, corner[1] + 14), Qt.KeyboardModifier.ShiftModifier)
    t = box(studio)
    assert abs(t.width - 90) <= 2 * tol and abs(t.height - 74) <= 2 * tol
    # An edge handle resizes one dimension only.
    edge = (t.x + t.width, t.y + t.height / 2)
    drag(preview, edge, (edge[0] + 20, edge[1] + 9))
    after = box(studio)
    assert abs(after.width - 110) <= 2 * tol and after.height == t.height
    assert (after.x, after.y) == (t.x, t.y)
    t = after
    # Arrow keys nudge the selected item: 1 px, 10 px with Shift.
    x, y = t.x, t.y
    QTest.keyClick(preview, Qt.Key.Key_Right)
    QTest.keyClick(preview, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert (box(studio).x, box(studio).y) == (x + 1, y + 10)
    studio.bridge.wait_idle()
    assert studio.bridge.session._scenes["Main"].item("box").transform == box(studio)
    studio.document.undo_stack.undo()
    assert (box(studio).x, box(studio).y) == (x + 1, y)


def test_a_locked_item_does_not_move(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    preview = studio.window.previews.program
    qtbot.waitExposed(studio.window)
    studio.window.sources_dock.select("box")
    studio.window.sources_dock.toggle_lock()
    before = box(studio)
    drag(preview, (60, 50), (150, 120))
    QTest.keyClick(preview, Qt.Key.Key_Left)
    assert preview.selected_id == "box"  # still selectable
    assert box(studio) == before


def test_sound_only_sources_have_no_box_to_click_or_outline(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from studio.capture.registry import shows_picture

    studio = make_studio()
    preview = studio.window.previews.program
    qtbot.waitExposed(studio.window)
    scene = studio.document.collection.scene("Main")
    assert not shows_picture(scene.item("tone").source)
    assert shows_picture(scene.item("box").source)
    # The tone sits above the full-canvas pattern; a click in the corner reaches the pattern.
    item = preview.item_at(QPointF(5, 5))
    assert item is not None and item.id == "pattern"

    def outline_pixels() -> int:
        image = preview.grab().toImage()
        blue = QColor("#3d8bfd").rgb()
        return sum(image.pixel(x, y) == blue
                   for x in range(image.width()) for y in range(image.height()))  # fmt: skip

    preview.select("box")
    assert outline_pixels() > 50
    preview.select("tone")  # chosen in the sources list: nothing is outlined
    assert outline_pixels() == 0
