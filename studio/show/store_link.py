"""The show's link to the seller's online store: the connector the settings configure.

The connector polls on its own worker thread: products go into the catalog and, while a show
is attached, that show's orders (created after it started) into the ledger. Its status and
reports reach ``on_status`` / ``on_report`` on that worker thread; a front end posts them on
to its own thread (the window's bridge re-emits them as queued Qt signals). A settings change
restarts or stops the connector; an old connector is stopped on a helper thread, since a
request in flight may take up to its timeout and :meth:`StoreLink.apply` must not wait for it.
What an old connector still says after it was replaced is dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from studio.settings.store_account import StoreSettings
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.stores import (
    StoreConnector,
    StoreError,
    StoreHealth,
    StoreStatus,
    SyncReport,
    TokenSource,
)
from studio.show.store_account import build_connector

log = logging.getLogger(__name__)

CLOSE_WAIT_S = 2.0  # the workers are daemons: a stuck request cannot hold the app open

StatusCallback = Callable[[StoreStatus | None], None]
ReportCallback = Callable[[SyncReport], None]
T = TypeVar("T")


class StoreLink:
    """Runs the store one account describes. ``status`` is None while no store is set up.

    ``on_status`` is called at every status change: on the connector's worker thread, or on
    the caller's thread for the changes :meth:`apply` makes itself (no store, a store that
    could not be built, a new connector). ``on_report`` is called after every sync, on the
    worker thread. Calls are serialised, and none comes from a connector that was replaced.
    ``connector_options`` are :class:`PollSettings` fields for every connector built here.
    """

    def __init__(
        self,
        catalog: Catalog,
        ledger: Ledger,
        secrets: TokenSource,
        *,
        on_status: StatusCallback,
        on_report: ReportCallback,
        connector_options: dict[str, Any] | None = None,
    ) -> None:
        self.catalog = catalog
        self.ledger = ledger
        self.secrets = secrets
        self._on_status = on_status
        self._on_report = on_report
        self._connector_options = dict(connector_options or {})
        # Held while the connector is swapped and while a callback runs: a replaced
        # connector's last words cannot slip in after its successor's first.
        self._lock = threading.RLock()
        self._account: StoreSettings | None = None
        self._connector: StoreConnector | None = None
        self._status: StoreStatus | None = None
        self._show_id: int | None = None
        self._stopping: list[threading.Thread] = []
        self._closed = False

    @property
    def status(self) -> StoreStatus | None:
        return self._status

    @property
    def connector(self) -> StoreConnector | None:
        """The running connector (None: no store set up, or it could not be built)."""
        return self._connector

    @property
    def account(self) -> StoreSettings | None:
        """The account last applied."""
        return self._account

    def apply(self, account: StoreSettings) -> None:
        """Run the store ``account`` describes. The same account keeps its connector unless
        that one has given up (a refused or missing token the host may just have fixed)."""
        with self._lock:
            if self._closed or (account == self._account and not self._gave_up()):
                return
            self._retire()
            self._account = account
            if not account.configured:
                self._set_status(None)
                return
            try:
                connector = build_connector(
                    account,
                    self.catalog,
                    self.ledger,
                    secrets=self.secrets,
                    **self._connector_options,
                )
            except StoreError as error:
                failed = StoreHealth.FAILED
                self._set_status(StoreStatus(account.title, failed, error.message, error.reason))
                return
            connector.on_status(lambda status: self._from_worker(connector, status))
            connector.on_report(lambda report: self._report_from(connector, report))
            if account.poll_orders and self._show_id is not None:
                connector.attach_show(self._show_id)
            self._connector = connector
            self._set_status(connector.status)
            connector.start()

    def attach_show(self, show_id: int | None) -> None:
        """Poll the orders of this ledger show while it is attached (if the account polls
        orders); None detaches it. Raises LedgerError for a show the ledger does not have."""
        if show_id is not None:
            self.ledger.show(show_id)  # the same error with or without a store set up
        with self._lock:
            self._show_id = show_id
            connector, account = self._connector, self._account
            if connector is not None and account is not None and account.poll_orders:
                connector.attach_show(show_id)

    def sync_now(self) -> None:
        """Try again at once (the host pressed Retry)."""
        with self._lock:
            if self._connector is not None:
                self._connector.sync_now()
            elif self._account is not None and self._account.configured:
                account, self._account = self._account, None
                self.apply(account)  # building failed (no token): read the tokens again

    def close(self) -> None:
        """Stop the connector and wait a bounded time for it; nothing is called after."""
        with self._lock:
            self._closed = True
            self._retire()
            stopping, self._stopping = self._stopping, []
        deadline_s = time.monotonic() + CLOSE_WAIT_S
        for thread in stopping:
            thread.join(max(0.0, deadline_s - time.monotonic()))

    # -- internals ------------------------------------------------------------------------
    def _gave_up(self) -> bool:
        status = self._status
        return status is not None and status.health is StoreHealth.FAILED

    def _retire(self) -> None:
        connector, self._connector = self._connector, None
        if connector is None:
            return
        thread = threading.Thread(target=connector.stop, name="store-stop", daemon=True)
        thread.start()
        self._stopping = [t for t in self._stopping if t.is_alive()] + [thread]

    def _from_worker(self, connector: StoreConnector, status: StoreStatus) -> None:
        with self._lock:
            if connector is self._connector:
                self._set_status(status)

    def _report_from(self, connector: StoreConnector, report: SyncReport) -> None:
        with self._lock:
            if connector is self._connector:
                _call(self._on_report, report, "report")

    def _set_status(self, status: StoreStatus | None) -> None:
        self._status = status
        _call(self._on_status, status, "status")


def _call(callback: Callable[[T], object], value: T, what: str) -> None:
    # A broken listener must neither end the connector's worker nor leave apply() half done.
    try:
        callback(value)
    except Exception:
        log.exception("store %s callback %r failed", what, callback)
