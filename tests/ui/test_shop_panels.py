"""The shop panels (Catalog, Chat, Sales) over a tiny real show: a temp SQLite catalog."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from studio.chat import ChatAuthor, ChatLive, ChatMessage, LocalChat, Platform
from studio.chat.message import make_message
from studio.clock import NS_PER_S, ManualClock
from studio.shop import Catalog, Ledger, Money, Product
from studio.shop.live import ShopLive
from studio.shop.report.palette import product_colour
from studio.shop.run_of_show import RunOfShow, Segment
from studio.show.show import Show
from studio.ui.shop.catalog_model import FEATURED_BACKGROUND, stock_badge
from studio.ui.shop.catalog_panel import CatalogPanel
from studio.ui.shop.chat_model import ChatFilter, PlatformRole
from studio.ui.shop.chat_panel import ChatPanel
from studio.ui.shop.sales_chart import BACKGROUND, BAND_ALPHA, UNITS
from studio.ui.shop.shop_bridge import ShopBridge
from studio.ui.side_panel import NOT_SET_UP, SidePanelDock

MakeDock = Callable[[Show | None], SidePanelDock]
MakeChat = Callable[..., ChatPanel]


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


@dataclass
class Shop:
    """A live show ("Friday drop") on the catalog, with the rehearsal chat typed into."""

    catalog: Catalog
    show: Show
    clock: ManualClock
    local: LocalChat

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
    def chat_live(self) -> ChatLive:
        return self.show.chat_live


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    catalog = Catalog.open(tmp_path / "shop.sqlite")
    catalog.add(Product(id="mug", code="1", title="Enamel Mug", price=usd("14.50"), stock=2))
    catalog.add(Product(id="scarf", code="2", title="Wool Scarf", price=usd("30.00"), stock=20))
    catalog.add(Product(id="hat", code="3", title="Sun Hat", price=usd("9.99"), stock=0))
    clock = ManualClock()
    show = Show(catalog, clock=clock)
    local = LocalChat()
    local.start(show.feed)
    show.local_chat = local
    show.go_live("Friday drop")
    yield Shop(catalog, show, clock, local)
    local.stop()
    show.close()
    catalog.close()


@pytest.fixture
def make_dock(qtbot: QtBot) -> Iterator:
    docks: list[SidePanelDock] = []
    threads_before = set(threading.enumerate())

    def make(show: Show | None) -> SidePanelDock:
        dock = SidePanelDock(show=show)
        qtbot.addWidget(dock)
        dock.resize(520, 640)
        dock.show()
        docks.append(dock)
        return dock

    yield make
    for dock in docks:
        dock.close_shop()
    leftover = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    for thread in leftover:
        thread.join(5)
    assert not [t.name for t in leftover if t.is_alive()]


def message(number: int, text: str = "", **author: object) -> ChatMessage:
    name = str(author.pop("name", f"viewer{number % 7}"))
    return make_message(
        id=f"m{number}",
        platform=Platform.TWITCH,
        channel="shop",
        author=ChatAuthor(name, name.lower(), **author),  # type: ignore[arg-type]
        text=text or f"hello {number}",
    )


# -- Catalog ---------------------------------------------------------------------------------


def test_stock_badges_count_down_and_say_sold_out(shop: Shop, make_dock: MakeDock) -> None:
    assert [stock_badge(n) for n in (0, 2, 20)] == ["Sold out", "Only 2 left", "In stock"]
    panel = make_dock(shop.show).catalog_panel
    model = panel.model
    shown = {
        model.index(row, model.TITLE).data(): model.index(row, model.STOCK).data()
        for row in range(model.rowCount())
    }
    assert shown == {"Enamel Mug": "Only 2 left", "Wool Scarf": "In stock", "Sun Hat": "Sold out"}
    assert model.index(0, model.PRICE).data() == "$14.50"
    assert model.index(0, model.CODE).data() == "#1"


def test_search_filters_by_title_and_show_code(
    shop: Shop, make_dock: MakeDock, qtbot: QtBot
) -> None:
    panel = make_dock(shop.show).catalog_panel

    def titles() -> list[str]:
        return [
            panel.model.index(row, panel.model.TITLE).data()
            for row in range(panel.model.rowCount())
        ]

    qtbot.keyClicks(panel.search, "scarf")
    qtbot.waitUntil(lambda: titles() == ["Wool Scarf"])
    panel.search.setText("3")
    qtbot.waitUntil(lambda: titles() == ["Sun Hat"])
    panel.search.clear()
    qtbot.waitUntil(lambda: len(titles()) == 3)


def test_double_click_and_enter_feature_clear_takes_it_off(
    shop: Shop, make_dock: MakeDock, qtbot: QtBot
) -> None:
    panel = make_dock(shop.show).catalog_panel
    view, model = panel.view, panel.model
    cell = view.visualRect(model.index(0, model.TITLE)).center()
    # A real double-click is a click and then a double-click event (QAbstractItemView needs
    # the press to know which item the second click belongs to).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: shop.live.featured is not None and shop.live.featured.id == "mug")
    qtbot.waitUntil(
        lambda: (
            model.index(0, model.TITLE).data(Qt.ItemDataRole.BackgroundRole) == FEATURED_BACKGROUND
        )
    )
    assert [i.product_id for i in shop.ledger.featured_intervals(shop.show_id)] == ["mug"]

    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shop.live.featured is not None and shop.live.featured.id == "scarf")
    qtbot.waitUntil(lambda: model.featured_id == "scarf")
    assert model.index(0, model.TITLE).data(Qt.ItemDataRole.BackgroundRole) is None

    qtbot.waitUntil(panel.clear_button.isEnabled)
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shop.live.featured is None and model.featured_id is None)


def test_next_and_previous_follow_the_run_of_show_with_a_prompter(
    shop: Shop, make_dock: MakeDock, qtbot: QtBot
) -> None:
    run = RunOfShow(
        name="Scarves first",
        segments=[
            Segment(product="2", talking_points=["Merino", "Three colours"], planned_minutes=1),
            Segment(product="mug", title="The mug", planned_minutes=2),
        ],
    )
    planned = Show(shop.catalog, run_of_show=run, lineup=["scarf", "mug"], clock=shop.clock)
    dock = make_dock(planned)
    try:
        planned.go_live()  # named after the run of show
        assert planned.live_show is not None and planned.live_show.name == "Scarves first"
        _follow_the_run_of_show(planned, dock.catalog_panel, shop.clock, qtbot)
    finally:
        dock.close_shop()
        planned.close()


def _follow_the_run_of_show(
    show: Show, panel: CatalogPanel | None, clock: ManualClock, qtbot: QtBot
) -> None:
    assert panel is not None
    live = show.shop
    strip = panel.prompter
    assert strip is not None and "press Next" in strip.segment.text()

    qtbot.waitUntil(panel.next_button.isEnabled)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.featured is not None and live.featured.id == "scarf")
    qtbot.waitUntil(lambda: "Segment 1/2" in strip.segment.text())
    assert "1:00 left" in strip.time_left.text() and "• Merino" in strip.points.text()
    assert not strip.overrun

    clock.advance_ns(75 * NS_PER_S)  # 15 s over the planned minute
    strip.refresh()
    assert strip.overrun and "Over by 0:15" in strip.time_left.text()

    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.featured is not None and live.featured.id == "mug")
    qtbot.waitUntil(lambda: "Segment 2/2: The mug" in strip.segment.text())
    assert not strip.overrun
    qtbot.mouseClick(panel.previous_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.featured is not None and live.featured.id == "scarf")


# -- Chat ------------------------------------------------------------------------------------


def _chat_panel(shop: Shop, qtbot: QtBot, capacity: int, **changes: object) -> ChatPanel:
    if changes:
        shop.show.set_replies(
            changes.get("reply"),  # type: ignore[arg-type]
            changes.get("can_reply"),  # type: ignore[arg-type]
            auto_reply=False,
            template=None,
        )
    bridge = ShopBridge(shop.show)
    panel = ChatPanel(shop.show, bridge, capacity=capacity)
    qtbot.addWidget(panel)
    panel.resize(400, 500)
    panel.show()
    return panel


@pytest.fixture
def chat_panels(qtbot: QtBot) -> Iterator:
    made: list[ChatPanel] = []

    def make(shop: Shop, capacity: int = 100, **changes: object) -> ChatPanel:
        panel = _chat_panel(shop, qtbot, capacity, **changes)
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.bridge.close()


def test_chat_keeps_the_newest_n_and_takes_a_flood_in_batches(
    shop: Shop, chat_panels: MakeChat, qtbot: QtBot
) -> None:
    panel = chat_panels(shop, capacity=300)
    inserts: list[int] = []
    panel.model.rowsInserted.connect(lambda _p, first, last: inserts.append(last - first + 1))

    def flood() -> None:
        for number in range(5000):
            shop.show.feed.add(message(number))

    worker = threading.Thread(target=flood)
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=20_000)
    worker.join()
    qtbot.waitUntil(lambda: panel.model.message(299) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.message(299).id == "m4999", timeout=10_000)  # type: ignore[union-attr]
    assert panel.model.rowCount() == 300
    kept = panel.model.messages()
    assert kept[0].id == "m4700" and kept[-1].id == "m4999"
    assert len(inserts) < 500  # coalesced: far fewer inserts than messages


HOSTILE_TEXTS = (
    "is {n} still there?",
    "🔥🔥 SOLD {n} 🛍️👗",
    "שלום \u200fSOLD {n} مرحبا",
    "ctrl\x00\x07\x1b[31m{n}\x7f",
    "{n} " + "x" * 10_000,  # a 10 kB message
    "hello {n}",
)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_the_ui_thread_stays_responsive_during_a_30_s_chat_flood(
    shop: Shop, chat_panels: MakeChat, qtbot: QtBot
) -> None:
    """The issue's flood: 200 hostile messages a second for 30 s into the feed, the Chat tab
    and the on-screen chat, while a 10 ms timer measures how late the UI thread runs."""
    panel = chat_panels(shop, capacity=1000)
    rate_hz, duration_s = 200, 30.0
    lateness_ms: list[float] = []
    since = QElapsedTimer()
    since.start()

    def tick() -> None:
        lateness_ms.append(since.restart() - 10)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start(10)
    rss_before_mb = _rss_mb()

    def flood() -> None:
        start = time.monotonic()
        for number in range(int(rate_hz * duration_s)):
            delay = start + number / rate_hz - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            text = HOSTILE_TEXTS[number % len(HOSTILE_TEXTS)].format(n=number)
            shop.show.feed.add(message(number, text))

    worker = threading.Thread(target=flood)
    since.restart()
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=int(duration_s * 1000) + 20_000)
    worker.join()
    timer.stop()
    total = int(rate_hz * duration_s)
    qtbot.waitUntil(lambda: panel.model.message(999) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.message(999).id == f"m{total - 1}", timeout=10_000)  # type: ignore[union-attr]
    assert panel.model.rowCount() == 1000  # capped: the newest thousand
    on_stream = shop.chat_live.messages()
    assert len(on_stream) <= shop.chat_live.keep and on_stream[-1].id == f"m{total - 1}"
    assert len(lateness_ms) > 1000
    assert max(lateness_ms) < 100, f"the UI thread was {max(lateness_ms):.0f} ms late"
    growth_mb = _rss_mb() - rss_before_mb
    assert growth_mb < 80, f"memory grew {growth_mb:.0f} MB during the flood"


def test_filters_and_search(shop: Shop, chat_panels: MakeChat, qtbot: QtBot) -> None:
    panel = chat_panels(shop)
    shop.local.post("Ann", "is the mug dishwasher safe?")
    shop.local.post("Bob", "SOLD 1")
    shop.local.post("Mo", "welcome everyone", is_moderator=True)
    shop.local.post("Cy", "love the blue scarf")
    qtbot.waitUntil(lambda: panel.filtered.rowCount() == 4)
    assert panel.model.index(0).data() == "Ann: is the mug dishwasher safe?"
    assert panel.model.index(0).data(PlatformRole) == "local"

    def shown() -> list[str]:
        return [
            panel.filtered.message(r).author.display_name for r in range(panel.filtered.rowCount())
        ]  # type: ignore[union-attr]

    for kind, expected in [
        (ChatFilter.QUESTIONS, ["Ann"]),
        (ChatFilter.CLAIMS, ["Bob"]),
        (ChatFilter.MODERATORS, ["Mo"]),
        (ChatFilter.ALL, ["Ann", "Bob", "Mo", "Cy"]),
    ]:
        panel.filter_box.setCurrentIndex(panel.filter_box.findData(kind))
        qtbot.waitUntil(lambda expected=expected: shown() == expected)
    qtbot.keyClicks(panel.search, "BLUE")
    assert shown() == ["Cy"]
    panel.search.setText("bob")  # the author's name counts too
    assert shown() == ["Bob"]


def test_pin_and_hide_reach_chat_live_and_reply_calls_the_sender(
    shop: Shop, chat_panels: MakeChat, qtbot: QtBot
) -> None:
    sent: list[tuple[str, str]] = []

    def reply(message: ChatMessage, text: str) -> bool:
        sent.append((message.id, text))
        return True

    panel = chat_panels(shop, reply=reply, can_reply=lambda m: m.platform is Platform.LOCAL)
    ann = shop.local.post("Ann", "does it come in red?")
    bob = shop.local.post("Bob", "great show")
    assert ann is not None and bob is not None
    qtbot.waitUntil(lambda: panel.filtered.rowCount() == 2)

    panel.view.setCurrentIndex(panel.filtered.index(0, 0))
    qtbot.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    assert shop.chat_live.pinned is not None and shop.chat_live.pinned.key == ann.key
    assert panel.model.index(0).data().startswith("📌 ")
    qtbot.mouseClick(panel.unpin_button, Qt.MouseButton.LeftButton)
    assert shop.chat_live.pinned is None

    panel.view.setCurrentIndex(panel.filtered.index(1, 0))
    qtbot.mouseClick(panel.hide_button, Qt.MouseButton.LeftButton)
    assert shop.chat_live.is_hidden(bob.key)
    assert [m.id for m in shop.chat_live.messages()] == [ann.id]

    panel.view.setCurrentIndex(panel.filtered.index(0, 0))
    assert panel.reply_button.isEnabled()
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    assert panel.reply_text.text() == "@Ann "
    qtbot.keyClicks(panel.reply_text, "yes, in red too")
    qtbot.keyClick(panel.reply_text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sent == [(ann.id, "@Ann yes, in red too")])
    qtbot.waitUntil(lambda: panel.status.text() == "Reply sent.")


def test_rehearsal_comments_go_through_the_local_chat(
    shop: Shop, chat_panels: MakeChat, qtbot: QtBot
) -> None:
    panel = chat_panels(shop)
    panel.rehearsal_name.setText("Dee")
    qtbot.keyClicks(panel.rehearsal_text, "SOLD 2")
    qtbot.keyClick(panel.rehearsal_text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0).data() == "Dee: SOLD 2"
    qtbot.waitUntil(lambda: len(shop.show.comment_to_buy.claims()) == 1)


# -- Sales -----------------------------------------------------------------------------------


def test_sales_totals_follow_claims(shop: Shop, make_dock: MakeDock, qtbot: QtBot) -> None:
    panel = make_dock(shop.show).sales_panel
    qtbot.waitUntil(lambda: panel.total.text() == "0 units · $0.00")

    shop.live.claim("1", 2, "Ann")  # through the live shop: its listeners see it
    qtbot.waitUntil(lambda: panel.total.text() == "2 units · $29.00")
    assert panel.totals.index(0, 0).data() == "Enamel Mug"
    assert panel.totals.index(0, 2).data() == "$29.00"

    shop.local.post("Bob", "sold 2 x3")  # comment-to-buy writes the ledger
    shop.local.post("Cy", "sold 1")  # the mugs are gone: waitlisted
    qtbot.waitUntil(lambda: panel.claims.rowCount() == 2)
    qtbot.waitUntil(lambda: panel.total.text() == "5 units · $119.00")
    rows = [[panel.claims.index(r, c).data() for c in range(1, 5)] for r in range(2)]
    assert rows == [["Bob (local)", "#2", "3", "sold"], ["Cy (local)", "#1", "1", "waitlisted"]]
    # the live shop (and so the overlays) picked the comment claims up too
    qtbot.waitUntil(lambda: shop.live.sales.units == 5)


def test_the_sales_chart_paints_sales_and_featured_bands_in_report_colours(
    shop: Shop,
    make_dock: MakeDock,
    qtbot: QtBot,
) -> None:
    shop.live.feature("mug")
    shop.live.claim("2", 3, "Ann")
    later = datetime.now(UTC) + timedelta(seconds=40)
    shop.ledger.clock = lambda: later  # the mug has been on screen for 40 s
    panel = make_dock(shop.show).sales_panel
    qtbot.waitUntil(
        lambda: panel.snapshot is not None and panel.snapshot.chart.steps.units[-1] == 3
    )
    [band] = panel.snapshot.chart.bands
    assert band.key.product_id == "mug"
    # The report's colours: the product sold comes first, the mug (featured, unsold) second.
    assert band.key.colour == product_colour(1)
    panel.chart.resize(300, 140)
    image = panel.chart.grab().toImage()
    colours = {
        image.pixelColor(x, y).rgb()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert len(colours) > 3
    assert QColor(UNITS).rgb() in colours
    # The band: the palette's colour laid over the background at BAND_ALPHA.
    a = BAND_ALPHA / 255
    tint = QColor(
        *(
            round(c * a + b * (1 - a))
            for c, b in zip(
                band.key.colour,
                (BACKGROUND.red(), BACKGROUND.green(), BACKGROUND.blue()),
                strict=True,
            )
        )
    )
    assert any(
        abs(QColor(c).red() - tint.red()) <= 2
        and abs(QColor(c).green() - tint.green()) <= 2
        and abs(QColor(c).blue() - tint.blue()) <= 2
        for c in colours
    )


# -- The dock --------------------------------------------------------------------------------


def test_the_dock_says_what_is_not_set_up(shop: Shop, make_dock: MakeDock) -> None:
    dock = make_dock(None)
    assert dock.objectName() == "shopDock" and dock.tabs.objectName() == "shopTabs"
    titles = [dock.tabs.tabText(i) for i in range(dock.tabs.count())]
    assert titles == ["Catalog", "Chat", "Sales"]
    assert all(NOT_SET_UP in dock.tabs.widget(i).text() for i in range(3))
    assert dock.catalog_panel is None and dock.chat_panel is None and dock.sales_panel is None

    dock.tabs.setCurrentIndex(2)
    dock.set_show(shop.show)
    assert dock.catalog_panel and dock.chat_panel and dock.sales_panel
    assert dock.tabs.count() == 3 and dock.tabs.currentWidget() is dock.sales_panel
    assert dock.show_core is shop.show and dock.bridge is not None

    dock.set_show(None)  # the show closed: the placeholders again, the worker ended
    assert dock.tabs.count() == 3 and dock.bridge is None and dock.catalog_panel is None
    assert NOT_SET_UP in dock.tabs.widget(0).text()


def test_a_claim_delivered_after_the_show_ended_is_not_listed_under_practice(
    tmp_path: Path, qtbot: QtBot
) -> None:
    """The bridge coalesces claims for a moment; End Show may come within it. The claim
    belongs to the show that ended, so the Sales tab's practice list must not show it."""
    catalog = Catalog.open(tmp_path / "shop.sqlite")
    catalog.add(Product(id="mug", code="1", title="Mug", price=Money.of("9.00", "USD"), stock=5))
    show = Show(catalog)
    chat = LocalChat()
    chat.start(show.feed)
    dock = SidePanelDock(show=show)
    qtbot.addWidget(dock)
    sales = dock.sales_panel
    assert sales is not None
    show.go_live("Quick one")
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("LIVE"))
    chat.post("Ann", "sold 1")
    show.end(None)  # at once: the claim's delivery is still pending in the bridge
    qtbot.waitUntil(lambda: sales.book_line.text().startswith("Practice"))
    loop = QEventLoop()
    QTimer.singleShot(200, loop.quit)  # longer than the bridge's coalescing
    loop.exec()
    assert sales.claims.rowCount() == 0
    dock.close_shop()
    show.close()
    chat.stop()
    catalog.close()
