"""The Sales tab's claims waiting for a variant: one row each, with the variant to take and
Take / Dismiss.

Rows are kept by the pending claim's id and updated in place: a row whose claim is gone is
hidden and deleted later (never inside its own button's click). Everything a viewer wrote is
shown as plain text, one line, cut short.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.chat.message import clean_text
from studio.shop.model import Product
from studio.shop.variant_choice import variant_key
from studio.show.pending_claims import PendingClaim

MAX_NAME_CHARS = 40
MAX_COMMENT_CHARS = 60
VISIBLE_ROWS = 3  # the list scrolls past these: the totals and chart keep their room

Take = Callable[[int, str], None]  # pending id, variant (SKU or title)
Dismiss = Callable[[int], None]
FindProduct = Callable[[str], Product | None]


def describe(pending: PendingClaim) -> str:
    """ "12:01:05 Ann (twitch) · #1 ×2 · “SOLD 1”" — one plain line."""
    name, _ = clean_text(pending.buyer, MAX_NAME_CHARS)
    comment, _ = clean_text(pending.claim.raw, MAX_COMMENT_CHARS)
    quantity = f" ×{pending.claim.quantity}" if pending.claim.quantity > 1 else ""
    when = pending.at.astimezone().strftime("%H:%M:%S")
    platform = pending.message.platform.value
    return f"{when} {name} ({platform}) · #{pending.claim.code}{quantity} · “{comment}”"


class PendingRow(QWidget):
    def __init__(
        self, pending: PendingClaim, product: Product | None, take: Take, dismiss: Dismiss
    ) -> None:
        super().__init__()
        self.setObjectName("pendingClaim")
        self.pending_id = pending.id
        self.label = QLabel(describe(pending))
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a viewer's name is never markup
        # A long name is cut at the dock's edge instead of pushing the buttons out of sight.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setToolTip(f"{pending.title}: which variant does this buyer want?")
        self.variant = QComboBox()
        self.variant.setObjectName("pendingVariant")
        self.variant.setToolTip("The variant to sell (stock in brackets)")
        variants = product.variants if product is not None else []
        for variant in variants:
            self.variant.addItem(f"{variant.title} ({variant.stock} left)", variant_key(variant))
        first_in_stock = next((n for n, v in enumerate(variants) if v.stock > 0), 0)
        self.variant.setCurrentIndex(first_in_stock if variants else -1)
        self.take_button = QPushButton("Take")
        self.take_button.setToolTip("Sell it as the chosen variant (waitlisted when out of stock)")
        self.take_button.setEnabled(bool(variants))
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Drop this claim: nothing is sold")
        self.take_button.clicked.connect(lambda: take(self.pending_id, self.chosen()))
        self.dismiss_button.clicked.connect(lambda: dismiss(self.pending_id))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        controls = QHBoxLayout()
        controls.addWidget(self.variant, 1)
        controls.addWidget(self.take_button)
        controls.addWidget(self.dismiss_button)
        layout.addLayout(controls)

    def chosen(self) -> str:
        return str(self.variant.currentData() or "")

    def set_busy(self, busy: bool) -> None:
        """While the sale runs on the worker: one click, one sale."""
        self.take_button.setEnabled(not busy and self.variant.count() > 0)
        self.dismiss_button.setEnabled(not busy)


class PendingClaimsView(QWidget):
    """Hidden while nothing waits. ``take`` and ``dismiss`` are the panel's (they run the core
    call on the worker); ``find`` reads a product's variants and stock."""

    def __init__(self, find: FindProduct, take: Take, dismiss: Dismiss) -> None:
        super().__init__()
        self.setObjectName("pendingClaims")
        self.find, self._take, self._dismiss = find, take, dismiss
        self.rows: dict[int, PendingRow] = {}
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self._list = QWidget()
        self._rows_layout = QVBoxLayout(self._list)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll)
        self.setVisible(False)

    def show_pending(self, pending: list[PendingClaim]) -> None:
        """Rows for ``pending`` (oldest first): new ones added, gone ones removed."""
        ids = {claim.id for claim in pending}
        for pending_id in [i for i in self.rows if i not in ids]:
            row = self.rows.pop(pending_id)
            row.hide()
            row.deleteLater()  # it may be its own button's click that got here
        for claim in pending:
            if claim.id not in self.rows:
                row = PendingRow(claim, self.find(claim.product_id), self._take, self._dismiss)
                self.rows[claim.id] = row
                self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
        count = len(self.rows)
        self.title.setText(f"Waiting for a variant ({count}) — the buyer was asked which one")
        self.setVisible(count > 0)
        row_height = max((r.sizeHint().height() for r in self.rows.values()), default=0)
        spacing = self._rows_layout.spacing()
        frame = 2 * self.scroll.frameWidth()
        self.scroll.setFixedHeight(min(count, VISIBLE_ROWS) * (row_height + spacing) + frame)

    def set_busy(self, pending_id: int, busy: bool) -> None:
        row = self.rows.get(pending_id)
        if row is not None:
            row.set_busy(busy)
