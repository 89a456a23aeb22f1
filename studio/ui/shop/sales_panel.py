"""The Sales tab: totals per product and overall, sales over time, the claims list, and the
claims waiting for a variant for the host to settle — of the book the show is in: the practice
book before Go Live (said above the totals: practice claims are not sales), then the named
live show. Before Go Live the host may choose to continue a show that ended today; a show
restored after a crash is listed first and chosen already, so Go Live carries it on."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.shop.ledger import Ledger
from studio.shop.ledger_model import ShowTotals
from studio.shop.model import Product
from studio.shop.money_format import format_money
from studio.show.comment_to_buy import ClaimRecord
from studio.show.events import PhaseChanged, ShowPhase
from studio.show.show import Book, Show
from studio.ui.shop.pending_claims_view import PendingClaimsView
from studio.ui.shop.sales_chart import ChartData, SalesChart, chart_data
from studio.ui.shop.sales_models import ClaimsModel, TotalsModel
from studio.ui.shop.shop_bridge import ShopBridge

POLL_MS = 3000  # sales written by another process or a platform's orders are picked up too


@dataclass(frozen=True)
class SalesSnapshot:
    totals: ShowTotals
    chart: ChartData


def read_sales(ledger: Ledger, show_id: int, locale: str = "en_US") -> SalesSnapshot:
    """Everything the tab shows, read in one go on the worker."""
    totals = ledger.totals(show_id)
    return SalesSnapshot(totals, chart_data(ledger, show_id, totals, locale))


NEW_SHOW = "A new show"


class SalesPanel(QWidget):
    def __init__(self, show: Show, bridge: ShopBridge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("salesPanel")
        self.show_core = show
        self.book: Book = show.book()
        self.bridge = bridge
        self.locale = show.locale
        self.snapshot: SalesSnapshot | None = None
        self._reading = False
        self._again = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.book_line = QLabel()
        self.book_line.setObjectName("salesBook")
        self.book_line.setWordWrap(True)
        layout.addWidget(self.book_line)
        # Before Go Live: a new show, or one that ended today carried on.
        self.next_show_row = QWidget()
        row = QHBoxLayout(self.next_show_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("At Go Live:"))
        self.next_show = QComboBox()
        self.next_show.setObjectName("salesNextShow")
        self.next_show.setToolTip("Go Live starts a new show, or carries on one that ended today")
        row.addWidget(self.next_show, 1)
        self.next_show_row.hide()  # shown once the worker found a show that ended today
        layout.addWidget(self.next_show_row)
        self.total = QLabel("…")
        self.total.setObjectName("salesTotal")
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.total.setFont(font)
        layout.addWidget(self.total)
        self.pending = PendingClaimsView(self._product, self._take_pending, self._dismiss_pending)
        layout.addWidget(self.pending)

        split = QSplitter(Qt.Orientation.Vertical)
        self.totals = TotalsModel(self.locale)
        self.totals_view = _table(self.totals, "salesTotals")
        self.totals_view.setToolTip("Units sold, revenue and waitlist of each product this show")
        self.totals_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = SalesChart()
        self.claims = ClaimsModel()
        self.claims_view = _table(self.claims, "salesClaims")
        self.claims_view.setToolTip("Claims read from the chat (e.g. SOLD 12), newest last")
        viewer_column = ClaimsModel.HEADERS.index("Viewer")
        self.claims_view.horizontalHeader().setSectionResizeMode(
            viewer_column, QHeaderView.ResizeMode.Stretch
        )
        split.addWidget(self.totals_view)
        split.addWidget(self.chart)
        split.addWidget(self.claims_view)
        self.claims.append(show.comment_to_buy.claims())
        layout.addWidget(split, 1)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._poll.timeout.connect(self._refresh_pending)  # pending claims expire
        self._poll.start()
        bridge.shop_changed.connect(self.refresh)
        bridge.sales_changed.connect(self.refresh)
        bridge.claims_arrived.connect(self._claims_arrived)
        bridge.phase_changed.connect(self._phase_changed)
        self._show_book()
        self.refresh()
        self._refresh_pending()

    @property
    def ledger(self) -> Ledger:
        return self.book.ledger

    @property
    def show_id(self) -> int:
        return self.book.show_id

    def refresh(self, *_: object) -> None:
        """Read the book again on the worker; calls during a read make one more read."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        book, locale = self.book, self.locale
        self.bridge.run(
            lambda: (book, read_sales(book.ledger, book.show_id, locale)),
            self._show,
            self._read_failed,
        )

    def _claims_arrived(self, records: list[ClaimRecord]) -> None:
        # Claims reach us up to a coalescing moment late: one taken just before Go Live or
        # End Show belongs to the book the show has left, and is not listed under the new one.
        current = {id(record) for record in self.show_core.comment_to_buy.claims()}
        records = [record for record in records if id(record) in current]
        self.claims.append(records)
        self.claims_view.scrollToBottom()
        self._refresh_pending()
        self.refresh()  # the show already took them and updated the stream: read the totals

    # -- the book: practice or the live show ----------------------------------------------
    def _phase_changed(self, change: PhaseChanged) -> None:
        if change.phase is ShowPhase.LIVE:  # the choice was used: the next Go Live asks anew
            self.next_show.clear()
        self.book = self.show_core.book()
        self.claims.clear()
        self.claims.append(self.show_core.comment_to_buy.claims())
        self._show_book(change.phase)
        self._refresh_pending()
        self.refresh()

    def _show_book(self, phase: ShowPhase | None = None) -> None:
        book = self.book
        if not book.practice:
            self.book_line.setText(f"LIVE — {book.name}")
            self.book_line.setToolTip("Claims and sales count for this show and its report")
            self.next_show_row.hide()
            return
        ended = " The show ended;" if phase is ShowPhase.ENDED else ""
        self.book_line.setText(
            f"Practice —{ended} claims here do not take stock or reach a report until Go Live."
        )
        self.book_line.setToolTip("Like a practice mode: try comment-to-buy before the show")
        self._offer_shows_to_continue()

    def _offer_shows_to_continue(self) -> None:
        show = self.show_core
        self.bridge.run(show.shows_to_continue, self._fill_next_show)

    def _fill_next_show(self, shows: list) -> None:  # type: ignore[type-arg]
        # The host's choice stays; before any (first fill), the show restored after a crash.
        first = self.next_show.count() == 0
        chosen = self.show_core.show_to_resume if first else self.next_show.currentData()
        self.next_show.clear()
        self.next_show.addItem(NEW_SHOW, None)
        for ended in shows:
            when = ended.started_at.astimezone().strftime("%H:%M")
            self.next_show.addItem(f"Continue “{ended.name}” (from {when})", ended.id)
        index = self.next_show.findData(chosen)
        self.next_show.setCurrentIndex(max(index, 0))
        self.next_show_row.setVisible(bool(shows) and self.book.practice)

    def show_to_continue(self) -> int | None:
        """The ended show the host chose to carry on at Go Live (None: a new show)."""
        if self.next_show.count() == 0:  # not listed yet: a restored show is the choice
            return self.show_core.show_to_resume if self.book.practice else None
        if self.next_show_row.isHidden():
            return None
        data = self.next_show.currentData()
        return int(data) if data is not None else None

    # -- pending claims -------------------------------------------------------------------
    def _refresh_pending(self) -> None:
        self.pending.show_pending(self.show_core.comment_to_buy.pending())

    def _product(self, product_id: str) -> Product | None:
        return self.show_core.catalog.get(product_id)

    def _take_pending(self, pending_id: int, variant: str) -> None:
        """Sell a pending claim as ``variant`` through comment-to-buy, on the worker; the sale
        comes back as a claim like any other (totals, stock and overlays follow)."""
        if not variant:
            return
        show = self.show_core
        self.pending.set_busy(pending_id, True)
        self.bridge.run(
            lambda: show.settle(pending_id, variant),
            lambda _record: self._pending_done(pending_id),
            lambda _error: self._pending_done(pending_id),
        )

    def _dismiss_pending(self, pending_id: int) -> None:
        self.show_core.comment_to_buy.dismiss(pending_id)
        self._refresh_pending()

    def _pending_done(self, pending_id: int) -> None:
        self.pending.set_busy(pending_id, False)
        self._refresh_pending()

    def _show(self, read: tuple[Book, SalesSnapshot]) -> None:
        book, snapshot = read
        if book != self.book:  # read before the show went live (or ended): read again
            self._done_reading()
            self.refresh()
            return
        self.snapshot = snapshot
        totals = snapshot.totals
        units = "unit" if totals.units == 1 else "units"
        self.total.setText(f"{totals.units} {units} · {format_money(totals.revenue, self.locale)}")
        self.totals.set_totals(totals.products)
        self.chart.set_data(snapshot.chart)
        self._done_reading()

    def _read_failed(self, error: BaseException) -> None:
        self.total.setText(f"Sales could not be read: {error}")
        self._done_reading()

    def _done_reading(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh()


def _table(model: TotalsModel | ClaimsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view
