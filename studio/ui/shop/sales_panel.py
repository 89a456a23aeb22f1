"""The Sales tab: totals per product and overall, sales over time, the claims list, and the
claims waiting for a variant for the host to settle."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from studio.ui.shop.context import ShopContext
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


class SalesPanel(QWidget):
    def __init__(self, context: ShopContext, bridge: ShopBridge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("salesPanel")
        assert context.ledger is not None and context.show_id is not None
        self.context = context
        self.ledger: Ledger = context.ledger
        self.show_id: int = context.show_id
        self.bridge = bridge
        self.locale = context.locale
        self.snapshot: SalesSnapshot | None = None
        self._reading = False
        self._again = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
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
        if context.comment_to_buy is not None:
            split.addWidget(self.claims_view)
            self.claims.append(context.comment_to_buy.claims())
        else:
            self.claims_view.hide()
        layout.addWidget(split, 1)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._poll.timeout.connect(self._refresh_pending)  # pending claims expire
        self._poll.start()
        bridge.shop_changed.connect(self.refresh)
        bridge.claims_arrived.connect(self._claims_arrived)
        self.refresh()
        self._refresh_pending()

    def refresh(self, *_: object) -> None:
        """Read the ledger again on the worker; calls during a read make one more read."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        ledger, show_id, locale = self.ledger, self.show_id, self.locale
        self.bridge.run(lambda: read_sales(ledger, show_id, locale), self._show, self._read_failed)

    def _claims_arrived(self, records: list[ClaimRecord]) -> None:
        self.claims.append(records)
        self.claims_view.scrollToBottom()
        self._refresh_pending()
        shop = self.context.shop_live
        if shop is not None:
            # The claims went to the ledger directly: the overlays' stock and counts follow.
            self.bridge.run(shop.refresh)
        self.refresh()

    # -- pending claims -------------------------------------------------------------------
    def _refresh_pending(self) -> None:
        comment_to_buy = self.context.comment_to_buy
        if comment_to_buy is not None:
            self.pending.show_pending(comment_to_buy.pending())

    def _product(self, product_id: str) -> Product | None:
        return self.ledger.catalog.get(product_id)

    def _take_pending(self, pending_id: int, variant: str) -> None:
        """Sell a pending claim as ``variant`` through comment-to-buy, on the worker; the sale
        comes back as a claim like any other (totals, stock and overlays follow)."""
        comment_to_buy = self.context.comment_to_buy
        if comment_to_buy is None or not variant:
            return
        self.pending.set_busy(pending_id, True)
        self.bridge.run(
            lambda: comment_to_buy.settle(pending_id, variant),
            lambda _record: self._pending_done(pending_id),
            lambda _error: self._pending_done(pending_id),
        )

    def _dismiss_pending(self, pending_id: int) -> None:
        comment_to_buy = self.context.comment_to_buy
        if comment_to_buy is not None:
            comment_to_buy.dismiss(pending_id)
        self._refresh_pending()

    def _pending_done(self, pending_id: int) -> None:
        self.pending.set_busy(pending_id, False)
        self._refresh_pending()

    def _show(self, snapshot: SalesSnapshot) -> None:
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
