"""Practice and the live show in the window, driven as a host drives it (real clicks and keys).

Before Go Live the host rehearses comment-to-buy: claims typed in the Chat tab's rehearsal line
land in the practice book (the Sales tab says so; no stock is taken; no report). Go Live starts
the named ledger show; End Show writes its report with the live claims only. The window and a
headless show take claims through the one path of the core and end with the same ledger and
stock. "At Go Live: Continue …" in the Sales tab carries on a show that ended today.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from studio.chat import LocalChat
from studio.resources import resources_dir
from studio.shop import Catalog, Ledger
from studio.shop.importing import import_file
from studio.shop.report.show_time import local_clock
from studio.show.events import ShowPhase
from studio.show.show import Show
from studio.ui.app import Studio
from studio.ui.destinations import LiveTarget
from studio.ui.shop.chat_panel import ChatPanel
from studio.ui.shop.sales_panel import NEW_SHOW, SalesPanel
from tests.ui.real_input import click
from tests.ui.test_host_show_e2e import snapshot

LEFT = Qt.MouseButton.LeftButton
WAIT_MS = 20_000
MUG = "sample-2"  # the sample Enamel Mug, code 2, $14.50, 12 in stock

# Claims in the order viewers post them: the one gold ring twice (the second waitlisted), two
# of four scarves, then five when two are left (waitlisted), a hoodie variant, a mug.
CLAIMS = (
    ("Ann", "SOLD 7"),
    ("Bob", "sold 7"),
    ("Cy", "SOLD 3 x2"),
    ("Dee", "SOLD 3 x5"),
    ("Eve", "SOLD 1 RED M"),
    ("Ann", "sold 2"),
)


# -- what the host does ---------------------------------------------------------------------
def open_tab(studio: Studio, title: str) -> QWidget:
    """Click the shop dock's tab called ``title``; its panel."""
    tabs = studio.window.shop_dock.tabs
    bar = tabs.tabBar()
    [index] = [i for i in range(bar.count()) if bar.tabText(i) == title]
    click(bar, bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    return tabs.widget(index)


def retype(edit: QLineEdit, text: str) -> None:
    click(edit)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def type_rehearsal_comment(studio: Studio, author: str, text: str) -> None:
    """The Chat tab's rehearsal line: who, what, Enter."""
    chat = open_tab(studio, "Chat")
    assert isinstance(chat, ChatPanel) and chat.rehearsal_row is not None
    retype(chat.rehearsal_name, author)
    retype(chat.rehearsal_text, text)
    QTest.keyClick(chat.rehearsal_text, Qt.Key.Key_Return)
    assert chat.rehearsal_text.text() == ""


def sales_tab(studio: Studio) -> SalesPanel:
    sales = open_tab(studio, "Sales")
    assert isinstance(sales, SalesPanel)
    return sales


def go_live(studio: Studio, qtbot: QtBot) -> None:
    """Click Go Live; wait until the Sales tab counts for the live show."""
    click(studio.window.controls.go_live)
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=WAIT_MS)
    sales = studio.window.shop_dock.sales_panel
    assert sales is not None
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("LIVE"), timeout=WAIT_MS)


def end_show(studio: Studio, qtbot: QtBot, reports_before: int) -> Path:
    """Click End Show (make_studio confirms it); the new report's folder."""
    click(studio.window.controls.go_live)
    qtbot.waitUntil(lambda: not studio.bridge.live, timeout=WAIT_MS)
    videos = studio.store.settings.recording.folder

    def reports() -> list[str]:
        return [m for m in studio.window.toasts.messages() if "Show report" in m]

    qtbot.waitUntil(lambda: len(reports()) > reports_before, timeout=30_000)
    folders = sorted((p.parent for p in videos.glob("*/report.pdf")), key=lambda p: p.name)
    return folders[-1]


def report_rows(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((folder / "ledger.csv").open(encoding="utf-8")))


def stock_of(catalog: Catalog, product_id: str) -> int:
    product = catalog.get(product_id)
    assert product is not None
    return product.stock


# -- a. practice, then the live show ----------------------------------------------------------
def test_claims_before_go_live_are_practice_and_only_live_claims_reach_the_report(  # type: ignore[no-untyped-def]
    make_studio, targets, rtmp_server, qtbot: QtBot
) -> None:
    targets.targets = [LiveTarget("Local nginx", rtmp_server.url("show"))]
    studio = make_studio()
    show = studio.show
    assert isinstance(show, Show) and show.phase is ShowPhase.PRACTICE
    mugs = stock_of(show.catalog, MUG)

    type_rehearsal_comment(studio, "Ann", "SOLD 2")
    sales = sales_tab(studio)
    qtbot.waitUntil(lambda: sales.claims.rowCount() == 1, timeout=WAIT_MS)
    assert [sales.claims.index(0, c).data() for c in range(1, 5)] == [
        "Ann (local)", "#2", "1", "sold",
    ]  # fmt: skip
    assert sales.book_line.text().startswith("Practice")
    assert "do not take stock" in sales.book_line.text()
    qtbot.waitUntil(lambda: sales.total.text() == "1 unit · $14.50", timeout=WAIT_MS)
    snapshot(studio.window, "practice-1-claim")
    assert stock_of(show.catalog, MUG) == mugs  # practice takes no stock
    assert show.ledger.shows() == []  # nor opens a show in the ledger

    went_live = datetime.now(UTC)
    go_live(studio, qtbot)
    elapsed = studio.window.controls.elapsed
    qtbot.waitUntil(lambda: elapsed.text().startswith("LIVE"), timeout=WAIT_MS)
    assert rtmp_server.recordings("show")  # nginx receives the show
    assert sales.book_line.text().startswith("LIVE — Show ")
    assert sales.claims.rowCount() == 0  # the practice claims stay behind
    qtbot.waitUntil(lambda: sales.total.text() == "0 units · $0.00", timeout=WAIT_MS)

    type_rehearsal_comment(studio, "Bob", "sold 2 x2")
    sales_tab(studio)
    qtbot.waitUntil(lambda: sales.claims.rowCount() == 1, timeout=WAIT_MS)
    assert sales.claims.index(0, 1).data() == "Bob (local)"
    qtbot.waitUntil(lambda: sales.total.text() == "2 units · $29.00", timeout=WAIT_MS)
    assert stock_of(show.catalog, MUG) == mugs - 2  # live claims take stock
    snapshot(studio.window, "practice-2-live-claim")

    report = end_show(studio, qtbot, reports_before=0)
    rows = report_rows(report)
    assert [(r["product_id"], r["quantity"], r["buyer"]) for r in rows] == [(MUG, "2", "Bob")]
    assert datetime.fromisoformat(rows[0]["time_utc"]) >= went_live
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("Practice"), timeout=WAIT_MS)
    assert "The show ended" in sales.book_line.text()


# -- b. one path, two fronts ------------------------------------------------------------------
LedgerRow = tuple[str, str, str, str, int, str, str, str]


def ledger_rows(ledger: Ledger, show_id: int) -> list[LedgerRow]:
    return [
        (e.product_id, e.title, e.sku, e.variant, e.quantity, e.buyer, e.status.value,
         str(e.unit_price.amount))
        for e in ledger.entries(show_id)
    ]  # fmt: skip


def stock_levels(catalog: Catalog) -> dict[str, tuple[int, list[int]]]:
    return {p.id: (p.stock, [v.stock for v in p.variants]) for p in catalog.products()}


def headless_show(folder: Path, claims: Sequence[tuple[str, str]]) -> tuple[list, dict]:  # type: ignore[type-arg]
    """The same claims on a show with no window: a copy of the sample catalog, Go Live, the
    rehearsal chat's posts."""
    with Catalog.open(folder / "headless.sqlite") as catalog:
        import_file(resources_dir() / "catalog" / "sample.json", catalog)
        show = Show(catalog)
        local = LocalChat()
        local.start(show.feed)
        try:
            live = show.go_live("Headless")
            for author, text in claims:
                local.post(author, text)
            return ledger_rows(show.ledger, live.id), stock_levels(catalog)
        finally:
            local.stop()
            show.close()


def test_the_window_and_a_headless_show_take_claims_the_same_way(  # type: ignore[no-untyped-def]
    make_studio, targets, black_hole, qtbot: QtBot, tmp_path: Path
) -> None:
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]  # live, never received
    studio = make_studio()
    show = studio.show
    assert show is not None
    go_live(studio, qtbot)
    for author, text in CLAIMS:
        type_rehearsal_comment(studio, author, text)
    sales = sales_tab(studio)
    qtbot.waitUntil(lambda: sales.claims.rowCount() == len(CLAIMS), timeout=WAIT_MS)
    live = show.live_show
    assert live is not None
    window_rows, window_stock = ledger_rows(show.ledger, live.id), stock_levels(show.catalog)

    headless_rows, headless_stock = headless_show(tmp_path, CLAIMS)
    assert window_rows == headless_rows
    assert window_stock == headless_stock
    statuses = [(row[5], row[4], row[6]) for row in window_rows]
    assert statuses == [
        ("Ann", 1, "sold"), ("Bob", 1, "waitlisted"), ("Cy", 2, "sold"),
        ("Dee", 5, "waitlisted"), ("Eve", 1, "sold"), ("Ann", 1, "sold"),
    ]  # fmt: skip
    assert window_stock["sample-7"] == (0, []) and window_stock["sample-3"] == (2, [])
    shown = [sales.claims.index(r, 4).data() for r in range(len(CLAIMS))]
    assert shown == ["sold", "waitlisted", "sold", "waitlisted", "sold", "sold"]


# -- c. carrying on a show that ended today -----------------------------------------------------
def test_at_go_live_continue_carries_on_the_show_that_ended(  # type: ignore[no-untyped-def]
    make_studio, targets, black_hole, qtbot: QtBot
) -> None:
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]
    studio = make_studio()
    show = studio.show
    assert show is not None
    sales = sales_tab(studio)
    assert sales.next_show_row.isHidden()  # nothing ended today: nothing to continue

    first_went_live = datetime.now(UTC)
    go_live(studio, qtbot)
    first = show.live_show
    assert first is not None
    type_rehearsal_comment(studio, "Ann", "SOLD 2")
    qtbot.waitUntil(lambda: show.ledger.totals(first.id).units == 1, timeout=WAIT_MS)
    end_show(studio, qtbot, reports_before=0)

    sales = sales_tab(studio)
    combo = sales.next_show
    qtbot.waitUntil(lambda: combo.isVisible() and combo.count() == 2, timeout=WAIT_MS)
    when = first.started_at.astimezone().strftime("%H:%M")
    assert [combo.itemText(i) for i in range(2)] == [
        NEW_SHOW, f"Continue “{first.name}” (from {when})",
    ]  # fmt: skip
    assert combo.currentText() == NEW_SHOW and sales.show_to_continue() is None

    click(combo)  # opens the list; the keys choose in it
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert combo.currentIndex() == 1 and sales.show_to_continue() == first.id
    snapshot(studio.window, "practice-3-continue-chosen")

    go_live(studio, qtbot)
    again = show.live_show
    assert again is not None and again.id == first.id and again.started_at == first.started_at
    assert sales.book_line.text() == f"LIVE — {first.name}"
    assert sales.next_show_row.isHidden()
    qtbot.waitUntil(lambda: sales.total.text() == "1 unit · $14.50", timeout=WAIT_MS)
    type_rehearsal_comment(studio, "Bob", "SOLD 4")
    qtbot.waitUntil(lambda: show.ledger.totals(first.id).units == 2, timeout=WAIT_MS)
    assert [s.id for s in show.ledger.shows()] == [first.id]  # one show in the ledger

    report = end_show(studio, qtbot, reports_before=1)
    rows = report_rows(report)
    assert [(r["product_id"], r["buyer"]) for r in rows] == [(MUG, "Ann"), ("sample-4", "Bob")]
    summary = (report / "summary.html").read_text(encoding="utf-8")
    clock = r"(\d\d:\d\d:\d\d)"
    span = re.search(rf"{clock} to {clock} \(local time, (\d+:\d\d:\d\d)\)", summary)
    assert span is not None, summary
    moments = {local_clock(first_went_live + timedelta(seconds=s)) for s in range(-1, 6)}
    assert span[1] in moments  # from the first Go Live, not the second
