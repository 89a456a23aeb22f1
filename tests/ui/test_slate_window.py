"""The be-right-back slate in the window, with real keys and clicks: the hotkey toggles the
host's break, its banner line ends it, and the slate scene is chosen from its menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolBar

from studio.engine.slate import SlateReason
from studio.scene import SceneCollection
from studio.ui.canvas_settings import SLATE_MENU_TITLE
from studio.ui.slate_notice import BACK_TO_THE_SHOW, SlateNotice, slate_key
from tests.ui.conftest import small_show
from tests.ui.real_input import choose_from_menu_bar, choose_in_menu, click, open_popup
from tests.ui.test_scenes_dock_edits_follow import click_tool
from tests.ui.test_studio_mode_and_hotkeys import BOX_POINT, is_green, is_magenta, pixel

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def slate_show():  # type: ignore[no-untyped-def]
    show = small_show()
    main = show.canvases[0].model_copy(update={"slate_scene": "Second"})  # all green
    return show.model_copy(update={"canvases": [main]})


def open_window(make_studio, qtbot, collection):  # type: ignore[no-untyped-def]
    studio = make_studio(collection)
    window = studio.window
    with qtbot.waitActive(window):  # application shortcuts need an active window
        window.activateWindow()
    assert isinstance(window.slate_notice, SlateNotice)  # one banner line per canvas on its slate
    return studio


def open_slate_menu(qtbot, window):  # type: ignore[no-untyped-def]
    """Tools → Slate scene (be right back), as the host opens it."""
    choose_from_menu_bar(window.menuBar(), "Tools", SLATE_MENU_TITLE)
    qtbot.waitUntil(
        lambda: getattr(QApplication.activePopupWidget(), "title", str)() == SLATE_MENU_TITLE
    )
    return open_popup()


def on_air(studio):  # type: ignore[no-untyped-def]
    return pixel(studio.bridge.preview("Main", 64, 36), *BOX_POINT)


def test_the_hotkey_toggles_the_break_and_its_banner_ends_it(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot, slate_show())
    window, session = studio.window, studio.bridge.session
    qtbot.waitUntil(lambda: is_magenta(on_air(studio)))  # the program's box

    QTest.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(lambda: is_green(on_air(studio)))  # the slate scene, on air
    assert session.slate_reason("Main") is SlateReason.MANUAL
    assert studio.document.collection.canvases[0].scene == "Main"  # the program stays
    qtbot.waitUntil(lambda: len(window.banners.rows()) == 1)
    [row] = window.banners.rows()
    assert row.condition.key == slate_key("Main")
    assert row.label.text() == "Be right back — showing Second on Main"

    QTest.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)  # pressed again: back to the show
    qtbot.waitUntil(lambda: is_magenta(on_air(studio)))
    assert session.slate_reason("Main") is None
    qtbot.waitUntil(lambda: not window.banners.rows())

    QTest.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(window.banners.rows()) == 1)
    [button] = window.banners.rows()[0].buttons()
    assert button.text() == BACK_TO_THE_SHOW
    click(button)
    qtbot.waitUntil(lambda: is_magenta(on_air(studio)))
    qtbot.waitUntil(lambda: not window.banners.rows())


def test_the_slate_scene_is_chosen_from_its_menu_and_undone(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot, small_show())
    window, document = studio.window, studio.document
    problems: list[str] = []
    studio.notifier.notified.connect(lambda _level, text: problems.append(text))

    QTest.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)  # no slate scene yet: the host is told
    qtbot.waitUntil(lambda: bool(problems))
    assert problems[0].startswith("No canvas has a be-right-back slate scene: choose one in")

    choose_in_menu(open_slate_menu(qtbot, window), "Second")
    assert document.collection.canvases[0].slate_scene == "Second"

    QTest.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(lambda: is_green(on_air(studio)))
    QTest.keyClick(window, Qt.Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(lambda: is_magenta(on_air(studio)))

    document.undo_stack.undo()  # the choice is an edit like any other
    assert document.collection.canvases[0].slate_scene is None
    popup = open_slate_menu(qtbot, window)
    checked = [a.text() for a in popup.actions() if a.isChecked()]
    assert checked == ["None"]
    popup.close()


def test_renaming_the_slate_scene_follows_and_deleting_it_clears_it(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_window(make_studio, qtbot, small_show())
    window, document = studio.window, studio.document
    choose_in_menu(open_slate_menu(qtbot, window), "Second")
    window.resize(1366, 740)  # a laptop screen: the Scenes dock shows its whole toolbar
    dock = window.scenes_dock
    bar = dock.findChild(QToolBar)
    qtbot.waitUntil(lambda: all(bar.widgetForAction(a).isVisible() for a in bar.actions()))
    second = next(r for r in range(dock.list.count()) if dock.list.item(r).text() == "Second")
    QTest.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=dock.list.visualItemRect(dock.list.item(second)).center())  # fmt: skip

    click_tool(dock, "Rename")  # the test's ask_text appends " renamed"
    assert document.collection.canvases[0].slate_scene == "Second renamed"
    click_tool(dock, "Delete")
    assert document.collection.canvases[0].slate_scene is None
    # What is saved loads again: no canvas names a scene that is gone.
    SceneCollection.model_validate(document.collection.model_dump(mode="json"))
