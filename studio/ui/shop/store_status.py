"""The Catalog tab's line about the online store: hidden while all is well, a warning with a
Retry button when the store refuses the token or cannot be reached (the last good products
stay listed below it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from studio.shop.stores import StoreErrorReason, StoreHealth, StoreStatus, SyncReport
from studio.show.show import Show
from studio.ui.shop.shop_bridge import ShopBridge

PASSING = frozenset(
    {StoreErrorReason.SERVER_ERROR, StoreErrorReason.TIMEOUT, StoreErrorReason.UNREACHABLE,
     StoreErrorReason.RATE_LIMITED}
)  # fmt: skip
HOST_MUST_ACT = {
    StoreErrorReason.AUTH_REFUSED: "token refused",
    StoreErrorReason.NO_CREDENTIALS: "no token saved",
    StoreErrorReason.INVALID_SETTINGS: "check the store settings",
}


def headline(status: StoreStatus) -> str:
    """A few words for the host: what is wrong and whether it mends itself."""
    if status.reason in HOST_MUST_ACT:
        return HOST_MUST_ACT[status.reason]
    if status.health is StoreHealth.FAILED:
        return "sync stopped"
    if status.reason in PASSING:
        return "store unreachable, retrying"
    if status.reason is not None:
        return "sync failed, retrying"
    return "synced with problems"


class StoreStatusBar(QFrame):
    """``on_products_changed`` runs (on the UI thread) after a sync added or changed products,
    so the list below shows them."""

    def __init__(
        self,
        show: Show,
        bridge: ShopBridge,
        on_products_changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("storeStatus")
        self.show_core = show
        self._on_products_changed = on_products_changed
        self.label = QLabel()
        self.label.setObjectName("storeStatusText")
        self.label.setWordWrap(True)
        self.retry_button = QPushButton("Retry now")
        self.retry_button.setToolTip("Ask the store again now (after fixing the token, say).")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.setHidden(True)
        self.retry_button.clicked.connect(lambda: bridge.run(self._sync_now))
        bridge.store_status_changed.connect(self.show_status)
        bridge.store_synced.connect(self._synced)
        self.show_status(show.store_status)

    def _sync_now(self) -> None:  # on the panels' worker: a rebuilt connector reads the keyring
        sync_now = self.show_core.store_sync_now
        if sync_now is not None:
            sync_now()

    @property
    def warning(self) -> str:
        """The text shown ("" while hidden)."""
        return "" if self.isHidden() else self.label.text()

    def show_status(self, status: StoreStatus | None) -> None:
        if status is None or status.health is StoreHealth.OK:
            self.label.clear()
            self.setHidden(True)
            return
        if status.health is StoreHealth.IDLE:
            self.label.setText(f"{status.name}: connecting…")
            self.label.setStyleSheet("")
            self.retry_button.hide()
        else:
            # The connector's message already says when the last good data is kept, and
            # names the store: "Store" is enough in front of it (the narrow panel wraps).
            self.label.setText(f"⚠ Store: {headline(status)}. {status.message}")
            self.label.setStyleSheet("color: #f0b429;")  # amber, readable on the dark theme
            self.retry_button.show()
        self.label.setToolTip(f"{status.name}: {status.message}")
        self.setHidden(False)

    def _synced(self, report: SyncReport) -> None:
        products = report.products
        if products is not None and products.added + products.updated > 0:
            self._on_products_changed()
