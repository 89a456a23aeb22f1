"""Scene edits from the Scenes dock's toolbar make the resulting scene the edited one: the
preview and the Sources dock follow it (on air, or next in studio mode), as in OBS."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar, QToolButton


def click_tool(dock, text: str) -> None:  # type: ignore[no-untyped-def]
    bar = dock.findChild(QToolBar)
    action = next(a for a in bar.actions() if a.text() == text)
    button = bar.widgetForAction(action)
    assert isinstance(button, QToolButton) and button.isVisible(), text
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def source_rows(window) -> list[str]:  # type: ignore[no-untyped-def]
    dock = window.sources_dock
    return [dock.list.item(row).text() for row in range(dock.list.count())]


def test_add_duplicate_rename_delete_scene_put_it_on_air(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    window.resize(1366, 740)  # a laptop screen, less the task bar
    qtbot.waitExposed(window)
    dock = window.scenes_dock
    bar = dock.findChild(QToolBar)
    qtbot.waitUntil(lambda: all(bar.widgetForAction(a).isVisible() for a in bar.actions()))
    assert source_rows(window)  # "Main" has items

    click_tool(dock, "Add")
    assert dock.current_scene == "Scene"
    assert studio.document.collection.canvases[0].scene == "Scene"
    assert window.previews.program.scene is not None
    assert window.previews.program.scene.name == "Scene"
    assert window.sources_dock.scene_name == "Scene" and source_rows(window) == []

    QTest.mouseClick(
        dock.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dock.list.visualItemRect(dock.list.item(0)).center(),
    )
    assert studio.document.collection.canvases[0].scene == "Main"
    click_tool(dock, "Duplicate")
    assert dock.current_scene == "Main copy"
    assert studio.document.collection.canvases[0].scene == "Main copy"
    assert window.sources_dock.scene_name == "Main copy"
    assert window.previews.program.scene.name == "Main copy"  # type: ignore[union-attr]

    click_tool(dock, "Rename")  # the test's ask_text appends " renamed"
    assert dock.current_scene == "Main copy renamed"
    assert window.sources_dock.scene_name == "Main copy renamed"
    assert window.previews.program.scene.name == "Main copy renamed"  # type: ignore[union-attr]

    click_tool(dock, "Delete")
    shown = studio.document.collection.canvases[0].scene
    assert dock.current_scene == shown == "Main"
    assert window.sources_dock.scene_name == "Main"
    assert window.previews.program.scene.name == "Main"  # type: ignore[union-attr]

    # Undo brings the list, the preview and the Sources dock back into step together.
    studio.document.undo_stack.undo()
    shown = studio.document.collection.canvases[0].scene
    assert dock.current_scene == shown == window.sources_dock.scene_name


def test_in_studio_mode_a_new_scene_becomes_the_next_scene(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    window.resize(1366, 740)  # a laptop screen, less the task bar
    qtbot.waitExposed(window)
    window.studio_mode_action.trigger()
    assert window.previews.studio_mode
    click_tool(window.scenes_dock, "Add")
    assert studio.document.collection.canvases[0].scene == "Main"  # on air stays
    assert window.next_scene == "Scene"
    assert window.previews.next.scene is not None and window.previews.next.scene.name == "Scene"
    assert window.sources_dock.scene_name == "Scene"
    assert window.previews.program.scene.name == "Main"  # type: ignore[union-attr]
