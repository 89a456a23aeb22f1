"""The Sales tab's tables: units and revenue per product, and the comment-to-buy claims."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from studio.shop.ledger_model import ProductTotal
from studio.shop.money_format import format_money
from studio.show.comment_to_buy import ClaimOutcome, ClaimRecord

Index = QModelIndex | QPersistentModelIndex
MAX_CLAIMS = 5000
OUTCOME_TEXT = {
    ClaimOutcome.SOLD: "sold",
    ClaimOutcome.WAITLISTED: "waitlisted",
    ClaimOutcome.DUPLICATE: "duplicate",
    ClaimOutcome.UNKNOWN_CODE: "unknown code",
    ClaimOutcome.UNKNOWN_VARIANT: "unknown variant",
    ClaimOutcome.PENDING: "which variant? (asked)",
    ClaimOutcome.ERROR: "error",
}
OUTCOME_COLOUR = {
    ClaimOutcome.SOLD: QColor("#34a853"),
    ClaimOutcome.WAITLISTED: QColor("#f29900"),
    ClaimOutcome.PENDING: QColor("#1a73e8"),
    ClaimOutcome.ERROR: QColor("#d93025"),
}


class _Table(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _rows(self) -> list[Any]:
        raise NotImplementedError


class TotalsModel(_Table):
    HEADERS = ("Product", "Units", "Revenue", "Waitlist")

    def __init__(self, locale: str = "en_US") -> None:
        super().__init__()
        self.locale = locale
        self.totals: list[ProductTotal] = []

    def set_totals(self, totals: list[ProductTotal]) -> None:
        self.beginResetModel()
        self.totals = list(totals)
        self.endResetModel()

    def _rows(self) -> list[ProductTotal]:
        return self.totals

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.totals):
            return None
        total = self.totals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                total.title,
                str(total.units),
                format_money(total.revenue, self.locale),
                str(total.waitlisted_units) if total.waitlisted_units else "",
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ClaimsModel(_Table):
    """Newest last; appended in batches as the bridge delivers them."""

    HEADERS = ("Time", "Viewer", "Code", "Qty", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.records: list[ClaimRecord] = []

    def _rows(self) -> list[ClaimRecord]:
        return self.records

    def clear(self) -> None:
        """The show moved to another book: its claims are listed from scratch."""
        self.beginResetModel()
        self.records = []
        self.endResetModel()

    def append(self, records: list[ClaimRecord]) -> None:
        if not records:
            return
        records = records[-MAX_CLAIMS:]
        overflow = len(self.records) + len(records) - MAX_CLAIMS
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self.records[:overflow]
            self.endRemoveRows()
        first = len(self.records)
        self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
        self.records.extend(records)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.records):
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = OUTCOME_TEXT.get(record.outcome, record.outcome.value)
            if record.merged:
                status += " (added to earlier)"
            if record.pending_id is not None and record.outcome is not ClaimOutcome.PENDING:
                status += " (host's choice)" if record.settled_by_host else " (buyer answered)"
            variant = f" {record.variant}" if record.variant else ""
            return (
                record.at.astimezone().strftime("%H:%M:%S"),
                f"{record.buyer} ({record.message.platform.value})",
                f"#{record.claim.code}{variant}",
                str(record.claim.quantity),
                status,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            return OUTCOME_COLOUR.get(record.outcome)
        if role == Qt.ItemDataRole.ToolTipRole:
            details = [record.claim.raw]
            if record.error:
                details.append(record.error)
            if record.reply:
                details.append(f"Replied: {record.reply}")
            return "\n".join(details)
        return None
