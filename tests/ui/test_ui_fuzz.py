"""A random host: real clicks, keys and wheel turns through every dock and every Settings page
while the show is live to nginx-rtmp. The app and the show must come out alive.

A failure prints the seed and the last events sent; the same seed replays the same events.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from studio.ui.destinations import LiveTarget, settings_dialog_opener
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture
from tests.ui.fuzz_driver import Fuzzer, Target

SEED = int(os.environ.get("UI_FUZZ_SEED", "11"))  # another seed explores further
EVENTS = 1500
BUDGET_S = 45.0  # the fuzz stops here even if events are left (a slow machine)
WINDOW_SIZE = (1600, 1000)  # every dock shows its editors


def click_row(view, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualItemRect(view.item(row))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_menu(window, menu_title: str, action_text: str) -> None:  # type: ignore[no-untyped-def]
    """File → Settings… with the mouse: the menu bar, then the action in its popup."""
    bar = window.menuBar()
    [menu_action] = [a for a in bar.actions() if a.text().replace("&", "") == menu_title]
    menu = menu_action.menu()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu_action).center())
    [action] = [a for a in menu.actions() if a.text().replace("&", "") == action_text]
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


@pytest.mark.e2e
def test_random_host_input_never_kills_the_app_or_the_show(  # type: ignore[no-untyped-def]
    make_studio, targets, settings_store, rtmp_server, memory_keyring, qtbot, tmp_path: Path
) -> None:
    targets.targets = [LiveTarget("Local", rtmp_server.url("show"))]
    studio = make_studio(open_settings=settings_dialog_opener(settings_store))
    window = studio.window
    window.resize(*WINDOW_SIZE)
    QTest.mouseClick(window.controls.go_live, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: studio.bridge.live and bool(rtmp_server.recordings("show")), timeout=15_000
    )

    sources = window.sources_dock.list
    shop_tabs = window.shop_dock.tabs

    def select_a_source() -> None:  # the Properties dock then has a form to drive
        if sources.count():
            click_row(sources, rng.randrange(sources.count()))

    def show_shop_tab(index: int):  # type: ignore[no-untyped-def]
        def show() -> None:
            if index < shop_tabs.count():
                bar = shop_tabs.tabBar()
                QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())

        return show

    def shop_page(index: int):  # type: ignore[no-untyped-def]
        return lambda: shop_tabs.widget(index) or window.shop_dock

    rng = random.Random(SEED)
    docks: list[Target] = [
        Target("Scenes", lambda: window.scenes_dock),
        Target("Sources", lambda: window.sources_dock),
        Target("Properties", lambda: window.properties_dock, before=select_a_source),
        Target("Mixer", lambda: window.mixer_dock),
    ]
    for index in range(shop_tabs.count()):  # Catalog, Chat, Sales
        title = shop_tabs.tabText(index)
        docks.append(Target(title, shop_page(index), before=show_shop_tab(index)))
    fuzz = Fuzzer(
        rng,
        docks,
        lambda: click_menu(window, "File", "Settings…"),
        events=EVENTS,
        settings_at=(EVENTS // 3, 2 * EVENTS // 3),
        budget_s=BUDGET_S,
        trail=tmp_path / "fuzz-events.txt",
    )
    print(f"events are written to {tmp_path / 'fuzz-events.txt'}")
    started = time.monotonic()
    fuzz.start()
    try:
        qtbot.waitUntil(lambda: fuzz.done, timeout=int((BUDGET_S + 30) * 1000))
    finally:
        trail = "\n".join(fuzz.log.events[-25:])
        print(
            f"seed {SEED}, {fuzz.sent} events in {time.monotonic() - started:.1f} s; last:\n{trail}"
        )

    assert fuzz.sent >= EVENTS // 2, "the fuzz was too slow to mean anything"
    assert set(fuzz.log.settings_pages) == set(PAGES), fuzz.log.settings_pages

    # The app is alive: the window answers, the engine still renders frames.
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True], timeout=2000)
    assert window.isVisible()
    frames = window_frames(studio, qtbot)
    qtbot.waitUntil(lambda: window_frames(studio, qtbot) > frames + 10, timeout=5000)
    # The show is alive: still live, and nginx still receives it.
    assert studio.bridge.live
    recorded = newest_size(rtmp_server)
    qtbot.waitUntil(lambda: newest_size(rtmp_server) > recorded + 10_000, timeout=10_000)


PAGES = ["destinations", "video", "audio", "recording", "hotkeys", "chat", "store"]


def window_frames(studio, qtbot) -> int:  # type: ignore[no-untyped-def]
    """Frames the engine rendered so far, from the stats the status bar shows."""
    seen: list[int] = []

    def stats(canvases: object) -> None:
        seen.append(sum(c.video.rendered_frames for c in canvases))  # type: ignore[attr-defined]

    studio.bridge.stats_updated.connect(stats)
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    finally:
        studio.bridge.stats_updated.disconnect(stats)
    return seen[-1]


def newest_size(server) -> int:  # type: ignore[no-untyped-def]
    files = server.recordings("show")
    return files[-1].stat().st_size if files else 0
