"""The host settles claims that named no variant in the Sales tab, with real clicks and keys:
the sample hoodie's "SOLD 1" waits there, Take sells the chosen variant through comment-to-buy
(ledger, stock, the buyer's reply, the live shop), Dismiss drops it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.chat import ChatFeed, LocalChat
from studio.clock import ManualClock
from studio.resources import resources_dir
from studio.shop import Catalog, Ledger
from studio.shop.importing import import_file
from studio.shop.live import ShopLive
from studio.show.comment_to_buy import CommentToBuy, reply_via
from studio.show.show import Show
from studio.ui.shop.sales_panel import SalesPanel
from studio.ui.side_panel import SidePanelDock

LEFT = Qt.MouseButton.LeftButton


@dataclass
class Studio:
    show: Show
    local: LocalChat
    panel: SalesPanel

    @property
    def catalog(self) -> Catalog:
        return self.show.catalog

    @property
    def ledger(self) -> Ledger:
        return self.show.ledger

    @property
    def show_id(self) -> int:
        live = self.show.live_show
        assert live is not None
        return live.id

    @property
    def live(self) -> ShopLive:
        return self.show.shop

    @property
    def feed(self) -> ChatFeed:
        return self.show.feed

    @property
    def sales(self) -> CommentToBuy:
        return self.show.comment_to_buy

    def hoodie_stock(self) -> list[int]:
        hoodie = self.catalog.by_code("1")
        assert hoodie is not None
        return [v.stock for v in hoodie.variants]

    def replies(self) -> list[str]:
        return [m.text for m in self.feed.history() if m.author.display_name == "host"]


@pytest.fixture
def studio(tmp_path: Path, qtbot: QtBot) -> Iterator[Studio]:
    """The sample catalog's live show ("Friday drop"), its rehearsal chat answering claims,
    and the dock with its Sales tab chosen by a click."""
    catalog = Catalog.open(tmp_path / "shop.sqlite")
    import_file(resources_dir() / "catalog" / "sample.json", catalog)
    show = Show(catalog, clock=ManualClock())
    local = LocalChat()
    local.start(show.feed)
    show.local_chat = local
    show.set_replies(reply_via([local]), None, auto_reply=True, template=None)
    show.go_live("Friday drop")
    threads_before = set(threading.enumerate())
    dock = SidePanelDock(show=show)
    qtbot.addWidget(dock)
    dock.resize(520, 700)
    dock.show()
    bar = dock.tabs.tabBar()
    sales_tab = next(i for i in range(bar.count()) if bar.tabText(i) == "Sales")
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(sales_tab).center())
    assert dock.sales_panel is not None and dock.sales_panel.isVisible()
    assert dock.sales_panel.book_line.text() == "LIVE — Friday drop"
    yield Studio(show, local, dock.sales_panel)
    dock.close_shop()
    local.stop()
    show.close()
    for thread in [t for t in threading.enumerate() if t not in threads_before]:
        thread.join(5)
    catalog.close()


def test_the_host_takes_a_pending_claim_as_the_variant_chosen_in_the_row(
    studio: Studio, qtbot: QtBot
) -> None:
    studio.local.post("Ann", "SOLD 1")
    view = studio.panel.pending
    qtbot.waitUntil(lambda: len(view.rows) == 1 and view.isVisible())
    [row] = view.rows.values()
    assert row.label.text().endswith("Ann (local) · #1 · “SOLD 1”")
    items = [row.variant.itemText(i) for i in range(row.variant.count())]
    assert items == ["Red / M (5 left)", "Red / L (2 left)", "Blue / M (0 left)"]
    assert row.variant.currentText() == "Red / M (5 left)"  # the first in stock
    assert studio.replies() == ["@Ann which one? Reply SOLD 1 RED M, SOLD 1 RED L"]

    qtbot.mouseClick(row.variant, LEFT)  # opens the list; the keys choose in it
    popup = row.variant.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert row.variant.currentText() == "Red / L (2 left)"
    qtbot.mouseClick(row.take_button, LEFT)

    qtbot.waitUntil(lambda: studio.ledger.totals(studio.show_id).units == 1)
    qtbot.waitUntil(lambda: view.rows == {} and not view.isVisible())
    assert studio.hoodie_stock() == [5, 1, 0]
    [entry] = studio.ledger.entries(studio.show_id)
    assert (entry.buyer, entry.sku, entry.quantity) == ("Ann", "HOOD-R-L", 1)
    assert studio.replies()[-1].startswith("@Ann you got #1 (Red / L)")
    claims = studio.panel.claims
    qtbot.waitUntil(lambda: claims.rowCount() == 2)
    assert claims.index(1, 4).data() == "sold (host's choice)"
    qtbot.waitUntil(lambda: studio.live.sales.units == 1)  # the on-stream counts follow
    qtbot.waitUntil(lambda: studio.panel.total.text().startswith("1 unit "))
    assert studio.sales.pending() == []


def test_dismiss_drops_a_pending_claim_and_hostile_names_stay_plain_text(
    studio: Studio, qtbot: QtBot
) -> None:
    studio.local.post("<b>Eve</b><img src=x>" + "e" * 200, "sold 1 blue L")
    studio.local.post("Bob", "SOLD 1")
    view = studio.panel.pending
    qtbot.waitUntil(lambda: len(view.rows) == 2)
    eve, bob = view.rows.values()
    assert eve.label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Eve</b><img src=x>" in eve.label.text() and len(eve.label.text()) < 140

    qtbot.mouseClick(eve.dismiss_button, LEFT)
    qtbot.waitUntil(lambda: list(view.rows.values()) == [bob])
    assert [p.buyer for p in studio.sales.pending()] == ["Bob"]
    assert studio.ledger.totals(studio.show_id).units == 0 and studio.hoodie_stock() == [5, 2, 0]
