"""Items a template locked stay where the agency put them: the host cannot drag, resize,
nudge, remove, reorder or unlock them, while their own items still do all of that."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar, QToolButton

from studio.capture.color import ColorSettings
from studio.scene import SceneCollection, SceneItem, Transform
from studio.scene.template_info import TemplateInfo
from tests.ui.conftest import small_show
from tests.ui.test_preview_mouse import drag

TEMPLATE = "Studio table"


def template_show() -> SceneCollection:
    """The small show with its magenta box locked by the template, and a host's own box."""
    show = small_show()
    main = show.scene("Main")
    own = SceneItem(
        id="own",
        source=ColorSettings(name="Own", color="#00FFFF", width=60, height=40),
        transform=Transform(x=220, y=20, width=60, height=40),
    )
    items = [
        item.model_copy(update={"template_locked": True}) if item.id == "box" else item
        for item in main.items
    ]
    scenes = [main.model_copy(update={"items": [*items, own]}), *show.scenes[1:]]
    return show.model_copy(update={"scenes": scenes, "template": TemplateInfo(name=TEMPLATE)})


def item(studio, item_id: str):  # type: ignore[no-untyped-def]
    return studio.document.collection.scene("Main").item(item_id)


def item_ids(studio) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.id for i in studio.document.collection.scene("Main").items]


def open_window(make_studio, qtbot):  # type: ignore[no-untyped-def]
    studio = make_studio(template_show())
    studio.window.resize(1000, 700)
    qtbot.waitExposed(studio.window)
    bar = studio.window.sources_dock.findChild(QToolBar)
    qtbot.waitUntil(lambda: all(bar.widgetForAction(a).isVisible() for a in bar.actions()))
    return studio


def click_row(dock, item_id: str) -> None:  # type: ignore[no-untyped-def]
    rows = [dock.list.item(r) for r in range(dock.list.count())]
    row = next(r for r in rows if r.data(Qt.ItemDataRole.UserRole) == item_id)
    QTest.mouseClick(
        dock.list.viewport(), Qt.MouseButton.LeftButton, pos=dock.list.visualItemRect(row).center()
    )
    assert dock.selected_id == item_id


def tool_button(dock, action) -> QToolButton:  # type: ignore[no-untyped-def]
    button = dock.findChild(QToolBar).widgetForAction(action)
    assert isinstance(button, QToolButton)
    return button


def test_the_mouse_and_the_arrow_keys_do_not_move_or_resize_it(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot)
    preview = studio.window.previews.program
    before = item(studio, "box").transform  # 80×40 at (40, 30)

    drag(preview, (60, 50), (150, 120))  # grab the middle and pull
    assert preview.selected_id == "box"  # still selectable, to edit its settings
    drag(preview, (120, 70), (170, 110))  # its bottom-right corner, where a handle would be
    drag(preview, (120, 50), (160, 50))  # its right edge
    QTest.keyClick(preview, Qt.Key.Key_Right)
    QTest.keyClick(preview, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert item(studio, "box").transform == before
    assert studio.document.undo_stack.count() == 0

    # The host's own item moves and resizes with the very same gestures.
    drag(preview, (240, 40), (200, 80))
    moved = item(studio, "own").transform
    assert (moved.x, moved.y) != (220, 20)
    corner = (moved.x + 60, moved.y + 40)
    drag(preview, corner, (corner[0] + 30, corner[1] + 20), Qt.KeyboardModifier.ShiftModifier)
    assert item(studio, "own").transform.width != 60
    QTest.keyClick(preview, Qt.Key.Key_Left)
    assert studio.document.undo_stack.count() == 3


def test_delete_and_the_remove_button_do_not_remove_it(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot)
    dock = studio.window.sources_dock
    remove = tool_button(dock, dock.remove_action)

    click_row(dock, "box")
    QTest.keyClick(dock.list, Qt.Key.Key_Delete)
    assert not remove.isEnabled()
    assert remove.toolTip() == f"Locked by the template “{TEMPLATE}”: it cannot be removed"
    QTest.mouseClick(remove, Qt.MouseButton.LeftButton)  # a click on the greyed-out button
    assert "box" in item_ids(studio)

    click_row(dock, "own")
    assert remove.isEnabled()
    QTest.keyClick(dock.list, Qt.Key.Key_Delete)
    assert "own" not in item_ids(studio)
    click_row(dock, "title")
    QTest.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert "title" not in item_ids(studio) and "box" in item_ids(studio)


def test_it_cannot_be_unlocked_or_reordered_and_shows_the_template_lock(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot)
    dock = studio.window.sources_dock
    rows = {
        dock.list.item(r).data(Qt.ItemDataRole.UserRole): dock.list.item(r)
        for r in range(dock.list.count())
    }
    assert rows["box"].text() == "🔐 Box"  # the template's lock, not the host's 🔒
    assert rows["own"].text() == "Own"
    assert f"Locked by the template “{TEMPLATE}”" in rows["box"].toolTip()

    click_row(dock, "box")
    lock, up = tool_button(dock, dock.lock_action), tool_button(dock, dock.up_action)
    assert not lock.isEnabled()
    assert lock.toolTip() == f"Locked by the template “{TEMPLATE}”"
    QTest.mouseClick(lock, Qt.MouseButton.LeftButton)
    QTest.mouseClick(up, Qt.MouseButton.LeftButton)
    assert not item(studio, "box").locked and item(studio, "box").template_locked
    order = item_ids(studio)

    # The host's lock still works on the host's own item, and the tools come back.
    click_row(dock, "own")
    assert lock.isEnabled() and lock.toolTip() != f"Locked by the template “{TEMPLATE}”"
    QTest.mouseClick(lock, Qt.MouseButton.LeftButton)
    assert item(studio, "own").locked
    assert [r for r in item_ids(studio)] == order
    assert dock.list.currentItem().text() == "🔒 Own"


def test_showing_and_hiding_it_stays_the_hosts_choice(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot)
    dock = studio.window.sources_dock
    click_row(dock, "box")
    QTest.keyClick(dock.list, Qt.Key.Key_Space)  # toggles the row's tick
    assert not item(studio, "box").visible


def test_its_placement_is_read_only_in_properties_but_its_settings_are_not(
    make_studio,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    studio = open_window(make_studio, qtbot)
    dock, properties = studio.window.sources_dock, studio.window.properties_dock
    click_row(dock, "box")
    assert properties.transform_form is not None and properties.crop_form is not None
    assert not properties.transform_form.isEnabled() and not properties.crop_form.isEnabled()
    assert TEMPLATE in properties.transform_form.toolTip()
    assert properties.source_form is not None and properties.source_form.isEnabled()
    x_editor = properties.transform_form.editors["x"]
    x_editor.setFocus()
    QTest.keyClick(x_editor, Qt.Key.Key_Up)  # a disabled spin box takes no keys
    assert item(studio, "box").transform.x == 40

    click_row(dock, "own")
    assert properties.transform_form.isEnabled() and properties.crop_form.isEnabled()
    x_editor = properties.transform_form.editors["x"]
    x_editor.setFocus()
    QTest.keyClick(x_editor, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: item(studio, "own").transform.x == 221)
