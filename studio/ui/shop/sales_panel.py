"""The Sales tab: totals per product and overall, sales over time, and the claims list."""

from __future__ import annotations

import math
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

from studio.shop.comment_to_buy import ClaimRecord
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import ShowTotals
from studio.shop.money_format import format_money
from studio.ui.shop.context import ShopContext
from studio.ui.shop.sales_chart import ChartData, SalesChart
from studio.ui.shop.sales_models import ClaimsModel, TotalsModel
from studio.ui.shop.shop_bridge import ShopBridge

POLL_MS = 3000  # sales written by another process or a platform's orders are picked up too
MAX_BARS = 60


def bucket_for(elapsed_s: float) -> int:
    """A minute per bar, wider (whole minutes) once the show runs past ``MAX_BARS`` minutes."""
    minutes = max(1, math.ceil(elapsed_s / 60 / MAX_BARS))
    return minutes * 60


@dataclass(frozen=True)
class SalesSnapshot:
    totals: ShowTotals
    chart: ChartData


def read_sales(ledger: Ledger, show_id: int) -> SalesSnapshot:
    """Everything the tab shows, read in one go on the worker."""
    totals = ledger.totals(show_id)
    show = ledger.show(show_id)
    now = ledger.clock()
    bucket_s = bucket_for((now - show.started_at).total_seconds())
    chart = ChartData(
        buckets=ledger.sales_over_time(show_id, bucket_s),
        bucket_s=bucket_s,
        featured=ledger.featured_intervals(show_id),
        now=now,
    )
    return SalesSnapshot(totals, chart)


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
        self._poll.start()
        bridge.shop_changed.connect(self.refresh)
        bridge.claims_arrived.connect(self._claims_arrived)
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Read the ledger again on the worker; calls during a read make one more read."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        ledger, show_id = self.ledger, self.show_id
        self.bridge.run(lambda: read_sales(ledger, show_id), self._show, self._read_failed)

    def _claims_arrived(self, records: list[ClaimRecord]) -> None:
        self.claims.append(records)
        self.claims_view.scrollToBottom()
        shop = self.context.shop_live
        if shop is not None:
            # The claims went to the ledger directly: the overlays' stock and counts follow.
            self.bridge.run(shop.refresh)
        self.refresh()

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
