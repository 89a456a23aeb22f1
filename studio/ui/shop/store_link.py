"""The window's link to the seller's online store: the connector the settings configure.

The connector polls on its own worker thread: products go into the local catalog, and the
orders of the open show (created after it started) into its ledger. What it reports reaches
the UI thread as queued signals; the Catalog tab's status bar and a refresh of the live shop
(which the Sales tab and the overlays follow) hang off them. A settings change restarts or
stops the connector; an old connector is stopped on a helper thread, since a request in
flight may take up to its timeout and the UI must not wait for it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from studio.settings.secrets import SecretStore
from studio.settings.settings_file import SettingsFile
from studio.settings.store_account import StoreSettings
from studio.shop.stores import (
    StoreConnector,
    StoreError,
    StoreHealth,
    StoreStatus,
    SyncReport,
)
from studio.shop.stores.account import build_connector
from studio.ui.shop.context import ShopContext

if TYPE_CHECKING:
    from studio.ui.shop.setup import OpenShop

log = logging.getLogger(__name__)

CLOSE_WAIT_S = 2.0  # the workers are daemons: a stuck request cannot hold the app open


class StoreLink(QObject):
    """``status`` is None while no store is set up. Signals arrive on the UI thread."""

    status_changed = Signal(object)  # StoreStatus | None
    synced = Signal(object)  # SyncReport of the current connector

    # Posted from the connector's worker with the connector, so an old one can be ignored.
    _status_posted = Signal(object, object)
    _report_posted = Signal(object, object)

    # PollSettings overrides for every connector built here (tests shorten the back-off).
    connector_options: ClassVar[dict[str, Any]] = {}

    def __init__(
        self, context: ShopContext, secrets: SecretStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.secrets = secrets
        self.account: StoreSettings | None = None
        self.connector: StoreConnector | None = None
        self._status: StoreStatus | None = None
        self._stopping: list[threading.Thread] = []
        self._closed = False
        queued = Qt.ConnectionType.QueuedConnection
        self._status_posted.connect(self._take_status, queued)
        self._report_posted.connect(self._take_report, queued)

    @property
    def status(self) -> StoreStatus | None:
        return self._status

    def apply(self, account: StoreSettings) -> None:
        """Run the store ``account`` describes. The same account keeps its connector unless
        that one has given up (a refused or missing token the host may just have fixed)."""
        if self._closed or (account == self.account and not self._gave_up()):
            return
        self._retire()
        self.account = account
        if not account.configured:
            self._set_status(None)
            return
        catalog, ledger = self.context.catalog, self.context.ledger
        if catalog is None:
            return
        try:
            connector = build_connector(
                account, catalog, ledger, secrets=self.secrets, **self.connector_options
            )
        except StoreError as error:
            failed = StoreHealth.FAILED
            self._set_status(StoreStatus(account.title, failed, error.message, error.reason))
            return
        connector.on_status(lambda status: self._status_posted.emit(connector, status))
        connector.on_report(lambda report: self._worker_report(connector, report))
        if account.poll_orders and ledger is not None and self.context.show_id is not None:
            connector.attach_show(self.context.show_id)
        self.connector = connector
        self._set_status(connector.status)
        connector.start()

    def sync_now(self) -> None:
        """Try again at once (the host pressed Retry)."""
        if self.connector is not None:
            self.connector.sync_now()
        elif self.account is not None:
            account, self.account = self.account, None
            self.apply(account)  # building failed (no token): read the keyring again

    def close(self) -> None:
        self._closed = True
        self._retire()
        for thread in self._stopping:
            thread.join(CLOSE_WAIT_S)
        self._stopping.clear()

    # -- internals ------------------------------------------------------------------------
    def _gave_up(self) -> bool:
        status = self._status
        return status is not None and status.health is StoreHealth.FAILED

    def _retire(self) -> None:
        connector, self.connector = self.connector, None
        if connector is None:
            return
        thread = threading.Thread(target=connector.stop, name="store-stop", daemon=True)
        thread.start()
        self._stopping = [t for t in self._stopping if t.is_alive()] + [thread]

    def _worker_report(self, connector: StoreConnector, report: SyncReport) -> None:
        # On the connector's worker: the live shop re-reads stock and totals here, off the
        # UI thread; its listeners (the panels' bridge) tell the Sales tab and the overlays.
        shop = self.context.shop_live
        changed = report.orders is not None and report.orders.lines_recorded > 0
        if report.products is not None:
            changed = changed or report.products.added + report.products.updated > 0
        if shop is not None and changed:
            try:
                shop.refresh()
            except Exception:  # a failed refresh must not end the store's worker
                log.exception("could not refresh the live shop after a store sync")
        self._report_posted.emit(connector, report)

    @Slot(object, object)
    def _take_status(self, connector: object, status: object) -> None:
        if connector is self.connector and isinstance(status, StoreStatus):
            self._set_status(status)

    @Slot(object, object)
    def _take_report(self, connector: object, report: object) -> None:
        if connector is self.connector:
            self.synced.emit(report)

    def _set_status(self, status: StoreStatus | None) -> None:
        self._status = status
        self.status_changed.emit(status)


def connect_store(opened: OpenShop, store: SettingsFile, secrets: SecretStore) -> StoreLink:
    """Start the store the settings configure for the open shop, follow the settings, and
    stop on close. The Catalog tab finds the link in ``opened.context.store_link``."""
    link = StoreLink(opened.context, secrets)
    opened.context.store_link = link
    link.apply(store.settings.store)
    unsubscribe = store.subscribe(lambda settings: link.apply(settings.store))

    def close() -> None:
        unsubscribe()
        link.close()

    opened.closers.append(close)
    return link
