"""A whole show as a host runs it, all through the window with real clicks and keys: a first
run, a destination (nginx-rtmp on loopback) and an IRC chat added in Settings, a product card
added from the Sources dock, Go Live, a product featured from the Catalog, a buyer's claim
typed in the chat from the card's buy line, End Show. What the platform received shows the
card with its whole buy line, and the report has the claim at the show's own times."""

from __future__ import annotations

import csv
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from studio.capture.base import Services
from studio.capture.shop_overlays import ProductCardSource, card_view
from studio.render.card_layout import CardLayout
from studio.scene import Transform
from studio.settings import AppSettings, RecordingSettings, SecretStore, SettingsFile
from studio.settings.model import VideoSettings
from studio.ui.app import Studio, create_studio
from studio.ui.settings.dialog import SettingsDialog
from studio.ui.theme import apply_dark_theme
from tests.shop_overlays.test_card_e2e import luma_709
from tests.support.analysis import read_video
from tests.support.ircd import IrcServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.memory_keyring import memory_keyring as memory_keyring  # fixture
from tests.support.nginx_rtmp import RtmpServer
from tests.ui.real_input import choose_from_button_menu, choose_from_menu_bar, click, when_opens

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CANVAS = (960, 540)  # a laptop-friendly canvas set in Settings → Video beforehand
STREAM_KEY = "host-show-key"
HOODIE = "sample-1"  # the first sample product: colours and sizes, a compare-at price, a link


def select_all_and_type(widget: QWidget, text: str) -> None:
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    QTest.keyClicks(widget, text)


def fill_in_settings(dialog: QWidget, server_url: str, irc_url: str) -> None:
    """Settings → Destinations: a custom RTMP server and its key; Settings → Chat: the IRC
    channel; OK."""
    assert isinstance(dialog, SettingsDialog)
    page = dialog.destinations_page
    choose_from_button_menu(page.add_button, "Custom server (RTMP/RTMPS)")
    select_all_and_type(page.server_combo.lineEdit(), server_url)
    click(page.key_field.edit)
    QTest.keyClicks(page.key_field.edit, STREAM_KEY)

    chat_row = dialog.page_list.findItems("Chat", Qt.MatchFlag.MatchStartsWith)[0]
    click(dialog.page_list.viewport(), dialog.page_list.visualItemRect(chat_row).center())
    chat = dialog.chat_page
    if not chat.irc_enabled.isChecked():
        click(chat.irc_enabled)
    click(chat.irc_urls.viewport())
    QTest.keyClicks(chat.irc_urls, irc_url)
    if not chat.auto_reply.isChecked():
        click(chat.auto_reply)
    click(dialog.buttons.button(dialog.buttons.StandardButton.Ok))


def answer_end_show(box: QWidget) -> None:
    assert isinstance(box, QMessageBox)
    [end] = [b for b in box.buttons() if b.text().replace("&", "").lower() == "end show"]
    click(end)


def draw_card(card: ProductCardSource, view: object, transform: Transform) -> np.ndarray:
    """The card as the compositor lays it out in the item's box."""
    natural = (view.width, view.height)  # type: ignore[attr-defined]
    width, height = transform.width or natural[0], transform.height or natural[1]
    return card._draw_at(view, int(width), int(height), natural)  # type: ignore[arg-type]


def snapshot(window: QWidget, name: str) -> None:
    """With LIVESHOP_SCREENSHOTS=DIR (run under Xvfb), keep what the host saw at each step."""
    folder = os.environ.get("LIVESHOP_SCREENSHOTS")
    if folder:
        # A few frames of the preview. Not QTest.qWait: PySide's holds the GIL while it
        # sleeps, and the engine's threads stall (2 fps, measured).
        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)
        loop.exec()
        window.grab().save(str(Path(folder) / f"{name}.png"))


def rendered_frames(studio: Studio) -> int:
    return studio.bridge.session.stats()[0].video.rendered_frames


@pytest.fixture
def first_run(tmp_path: Path, qtbot: QtBot, memory_keyring: MemoryKeyring) -> Studio:  # type: ignore[misc]
    store = SettingsFile(tmp_path / "config")
    store.save(
        AppSettings(
            video=VideoSettings(canvas_width=CANVAS[0], canvas_height=CANVAS[1]),
            recording=RecordingSettings(folder=tmp_path / "videos"),
        )
    )
    studio = create_studio(
        tmp_path / "data",  # empty: the first run's show and the sample catalog
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        store=store,
        secrets=SecretStore(),
        ask_path=lambda _kind: None,
    )
    qtbot.addWidget(studio.window)
    if os.environ.get("LIVESHOP_SCREENSHOTS"):
        apply_dark_theme(QApplication.instance())  # as run_app does, for screenshots only
    studio.window.show()
    yield studio
    studio.close()


def test_a_host_runs_a_whole_show_through_the_window(
    first_run: Studio, rtmp_server: RtmpServer, irc_server: IrcServer, qtbot: QtBot
) -> None:
    studio, window = first_run, first_run.window
    assert studio.show is not None
    shop = studio.show.shop
    qtbot.waitUntil(lambda: window.previews.program.canvas_size == CANVAS, timeout=10_000)

    # Settings: the destination and the chat.
    server_url = rtmp_server.url(STREAM_KEY).removesuffix(f"/{STREAM_KEY}")
    when_opens("dialog", lambda d: fill_in_settings(d, server_url, irc_server.url("#shop")))
    choose_from_menu_bar(window.menuBar(), "File", "Settings…")
    [destination] = studio.store.settings.destinations
    snapshot(window, "1-settings-saved")
    assert destination.enabled and destination.server_url == server_url
    chat_panel = window.shop_dock.chat_panel
    assert chat_panel is not None
    qtbot.waitUntil(lambda: "connected" in chat_panel.connections.text(), timeout=20_000)

    # The first run's show is the landscape template, scaled to the 960×540 canvas: its
    # product card already shows the sample catalog's first product.
    scene = studio.document.scene(window.program_scene)
    assert studio.document.collection.template is not None
    [card_item] = [i for i in scene.items if i.source.kind == "product_card"]  # type: ignore[attr-defined]
    assert shop.featured is not None and shop.featured.id == HOODIE
    snapshot(window, "2-template-show")

    # Go Live: connecting first, LIVE once nginx receives.
    went_live = datetime.now(UTC)
    click(window.controls.go_live)
    qtbot.waitUntil(lambda: window.controls.elapsed.text().startswith("LIVE"), timeout=20_000)
    assert rtmp_server.recordings(STREAM_KEY)
    sales = window.shop_dock.sales_panel
    assert sales is not None
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("LIVE"), timeout=10_000)
    snapshot(window, "3-live")

    # Feature the hoodie from the Catalog tab (a double-click on its row).
    catalog = window.shop_dock.catalog_panel
    assert catalog is not None
    tabs = window.shop_dock.tabs
    click(tabs.tabBar(), tabs.tabBar().tabRect(tabs.indexOf(catalog)).center())
    view, model = catalog.view, catalog.model
    row = next(r for r in range(model.rowCount()) if model.product(r).id == HOODIE)
    cell = view.visualRect(model.index(row, model.TITLE)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: shop.featured is not None and shop.featured.id == HOODIE)
    snapshot(window, "4-featured")

    # The buyer types what the card says to type.
    card = ProductCardSource(card_item.source, shop.clock)  # type: ignore[arg-type]
    card.services = Services(shop=shop)
    view_model = card_view(card.settings, shop, shop.snapshot())
    assert view_model is not None
    draw_card(card, view_model, card_item.transform)
    layout = card.last_layout
    assert isinstance(layout, CardLayout) and layout.buy_code == "SOLD 1 RED M"
    viewer = irc_server.client("erin")
    viewer.post(layout.buy_code)
    qtbot.waitUntil(lambda: sales.claims.rowCount() == 1, timeout=15_000)
    snapshot(window, "5-claimed")
    assert "you got #1" in viewer.wait_for("you got #1")
    viewer.close()
    frames_before_end = rendered_frames(studio)
    qtbot.waitUntil(lambda: rendered_frames(studio) > frames_before_end + 30, timeout=10_000)

    # End Show: asked first, then the report, in the recordings folder.
    when_opens("dialog", answer_end_show)
    click(window.controls.go_live)
    ended = datetime.now(UTC)
    qtbot.waitUntil(lambda: not studio.bridge.live, timeout=10_000)
    videos = studio.store.settings.recording.folder
    # The notice comes once every file of the report is written.
    qtbot.waitUntil(
        lambda: any("Show report" in m for m in window.toasts.messages()), timeout=30_000
    )
    [report] = [p.parent for p in videos.glob("*/report.pdf")]
    snapshot(window, "6-ended")
    [claim] = list(csv.DictReader((report / "ledger.csv").open(encoding="utf-8")))
    assert (claim["product_id"], claim["quantity"], claim["buyer"]) == (HOODIE, "1", "erin")
    assert claim["variant"] and claim["unit_price"] == "49.00"
    claimed_at = datetime.fromisoformat(claim["time_utc"])
    assert went_live <= claimed_at <= ended
    span = re.search(r"(\d\d:\d\d:\d\d) to (\d\d:\d\d:\d\d) \(local time, (\d+:\d\d:\d\d)\)",
                     (report / "summary.html").read_text(encoding="utf-8"))  # fmt: skip
    assert span is not None, "the report names the show's own start and end"
    start_local = datetime.strptime(span.group(1), "%H:%M:%S").time()
    assert abs(
        (datetime.combine(went_live.astimezone().date(), start_local)
         - went_live.astimezone().replace(tzinfo=None, microsecond=0)).total_seconds()
    ) <= 20, "the report starts when the show went live, not when the app opened"  # fmt: skip

    # What the platform received: the card with its whole buy line, as drawn here.
    bgra = draw_card(card, card_view(card.settings, shop, shop.snapshot()), card_item.transform)
    layout = card.last_layout
    assert isinstance(layout, CardLayout) and layout.chip is not None
    assert "buy_words" not in layout.dropped  # the whole buy line (the small card drops its QR)
    [received] = rtmp_server.recordings(STREAM_KEY)
    last = read_video(received).planes[-1][0].astype(float)
    x, y = int(card_item.transform.x), int(card_item.transform.y)
    chip = layout.chip
    top, bottom = int(chip.y) - 2, int(np.ceil(chip.bottom)) + 2
    left, right = int(layout.runs_of("buy_lead")[0].box.x) - 2, int(np.ceil(chip.right)) + 2
    got = last[y + top : y + bottom, x + left : x + right]
    want = luma_709(bgra[top:bottom, left:right])
    assert got.shape == want.shape
    assert float(np.corrcoef(got.ravel(), want.ravel())[0, 1]) > 0.9
