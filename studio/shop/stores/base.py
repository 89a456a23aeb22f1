"""What every store connector is: polling on its own worker thread, never blocking a caller.

A connector fetches the store's products (every ``products_interval_s``) and, while a show is
attached, the orders created since the show started (every ``orders_interval_s``); it imports
them into the local Catalog and Ledger. A failed call keeps the LAST GOOD data and turns the
status to ``warning`` with a sentence; a refused token or unusable settings turn it to
``failed`` and polling pauses until ``sync_now()`` (no retry storm). Retryable failures (5xx,
timeouts, 429) are retried with back-off inside a sync; during an outage the worker waits longer
after each failed sync (see :func:`outage_backoff_s`) and ``sync_now()`` still retries at once.
Kinds register in ``STORE_KINDS``, each with a typed settings dataclass and a
:meth:`StoreConnector.for_account` that builds it from what the host typed in Settings → Store;
:func:`store_kind` is how a builder finds one.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from studio.listeners import Listeners
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.model import Product
from studio.shop.stores.errors import StoreError, StoreErrorReason, masked
from studio.shop.stores.http import JsonHttp, RetryPolicy, Sleep
from studio.shop.stores.sync import (
    OrderCounts,
    ProductCounts,
    StoreOrder,
    import_products,
    merge_orders,
)
from studio.shop.stores.tokens import TokenSource, read_token
from studio.worker_thread import WorkerThread

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)


class StoreHealth(StrEnum):
    IDLE = "idle"  # nothing fetched yet
    OK = "ok"
    WARNING = "warning"  # the last sync failed or was partial; the last good data is kept
    FAILED = "failed"  # the host must act (token refused, settings); polling is paused


@dataclass(frozen=True, slots=True)
class StoreStatus:
    name: str  # display name, no secret in it
    health: StoreHealth
    message: str = ""  # one sentence for the host, secrets masked
    reason: StoreErrorReason | None = None
    last_success_at: datetime | None = None
    retry_in_s: float | None = None  # a warning: when the worker tries again by itself


@dataclass(kw_only=True)
class PollSettings:
    """What every connector kind shares; kinds extend it with their own fields."""

    products_interval_s: float = 300.0
    orders_interval_s: float = 15.0
    request_timeout_s: float = 10.0
    max_attempts: int = 4
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    # Between failed syncs (an outage): the shortest poll interval, doubled per failure.
    max_outage_backoff_s: float = 300.0


def outage_backoff_s(settings: PollSettings, failed_syncs: int) -> float:
    """How long the worker waits after ``failed_syncs`` failed syncs in a row before the next
    one: the shortest poll interval, doubled per further failure, at most
    ``max_outage_backoff_s``. Each sync already retries its calls (1 + 2 + 4 s by default), so
    without this an outage meant a new burst of calls every few seconds for as long as it
    lasted."""
    if failed_syncs <= 0:
        return 0.0
    first_s = min(settings.orders_interval_s, settings.products_interval_s)
    exponent = min(failed_syncs - 1, 32)  # 2**32 × any interval is past every cap
    return min(first_s * 2.0**exponent, settings.max_outage_backoff_s)


@dataclass
class SyncReport:
    """What one sync did; ``error`` is the failure that ended it early, if any."""

    products: ProductCounts | None = None  # None: products were not due
    orders: OrderCounts | None = None  # None: no show attached, or not due
    error: StoreError | None = None
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        if self.products is not None:
            p = self.products
            parts.append(
                f"{p.fetched} products ({p.added} new, {p.updated} updated, "
                f"{p.unchanged} unchanged, {len(p.skipped)} skipped)"
            )
        if self.orders is not None:
            o = self.orders
            parts.append(
                f"{o.orders_seen} orders ({o.lines_recorded} new lines, "
                f"{len(o.unmatched)} unmatched)"
            )
        return "; ".join(parts) or "nothing to do"


StatusListener = Callable[[StoreStatus], None]
ReportListener = Callable[[SyncReport], None]


class StoreConnector(ABC):
    """One store's products and orders into a Catalog and a Ledger, from one worker thread.

    ``clock`` (monotonic seconds) and ``sleep`` are injectable so tests check waits without
    spending them; the default sleep returns early when ``stop()`` is called.
    """

    kind: ClassVar[str]
    store_title: ClassVar[str]
    Settings: ClassVar[type[PollSettings]]  # what this kind is configured with

    def __init__(
        self,
        settings: PollSettings,
        catalog: Catalog,
        ledger: Ledger | None = None,
        *,
        secrets: TokenSource,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep | None = None,
        session: requests.Session | None = None,
    ) -> None:
        import requests  # on first use: start-up stays light

        self.settings = settings
        self.catalog = catalog
        self.ledger = ledger if ledger is not None else Ledger(catalog)
        self.secrets = secrets
        self.clock = clock
        self._sleep = sleep
        self._worker = WorkerThread(f"store-{self.kind}", self._run_guarded)
        self._stop = self._worker.stopping
        self._wake = threading.Event()
        self._sync_lock = threading.Lock()
        self._status_listeners: Listeners[StoreStatus] = Listeners("store status")
        self._report_listeners: Listeners[SyncReport] = Listeners("store report")
        self._status = StoreStatus(self.display_name, StoreHealth.IDLE)
        self._products: list[Product] = []
        self._orders: list[StoreOrder] = []
        self._show_id: int | None = None
        self._products_due_at = float("-inf")
        self._orders_due_at = float("-inf")
        self._failed_syncs = 0
        self._retry_at: float | None = None  # set after a failed sync (clock seconds)
        self._secret_values: list[str] = []
        self.http = JsonHttp(
            self.store_title,
            session or requests.Session(),
            timeout_s=settings.request_timeout_s,
            policy=RetryPolicy(
                settings.max_attempts, settings.initial_backoff_s, 2.0, settings.max_backoff_s
            ),
            sleep=self.wait,
            auth_sentence=self.auth_refused_sentence,
        )
        self.last_report: SyncReport | None = None

    @classmethod
    @abstractmethod
    def for_account(
        cls,
        address: str,
        api_url: str | None,
        catalog: Catalog,
        ledger: Ledger | None,
        *,
        secrets: TokenSource,
        **poll_options: Any,
    ) -> Self:
        """The connector (not started) for the store at ``address`` (a Shopify shop domain,
        a WooCommerce site) as the host typed it; ``api_url`` replaces the store's API host
        where the kind has one (a proxy, a local test server); ``poll_options`` are
        :class:`PollSettings` fields. Raises StoreError when the account cannot be used."""

    # -- the public surface -------------------------------------------------------------
    @property
    @abstractmethod
    def display_name(self) -> str:
        """Which store this is, with no secret in it ("shopify:myshop")."""

    @property
    def auth_refused_sentence(self) -> str:
        return f"The {self.store_title} access token was refused: check it in Settings → Store"

    @property
    def status(self) -> StoreStatus:
        return self._status

    @property
    def failed_syncs(self) -> int:
        """Failed syncs in a row (0 after a successful one)."""
        return self._failed_syncs

    @property
    def retry_in_s(self) -> float | None:
        """After a failed sync: how long until the worker tries again by itself (None when no
        outage back-off is running)."""
        if self._retry_at is None:
            return None
        return max(0.0, self._retry_at - self.clock())

    @property
    def products(self) -> list[Product]:
        """The last good product list fetched from the store (a copy)."""
        return list(self._products)

    @property
    def orders(self) -> list[StoreOrder]:
        """The last good list of orders since the attached show started."""
        return list(self._orders)

    def on_status(self, listener: StatusListener) -> None:
        """``listener`` runs on the worker thread at every status change."""
        self._status_listeners.add(listener)

    def on_report(self, listener: ReportListener) -> None:
        """``listener`` runs on the worker thread after every sync."""
        self._report_listeners.add(listener)

    def attach_show(self, show_id: int | None) -> None:
        """Poll orders created after this show started (None: stop polling orders)."""
        if show_id is not None:
            self.ledger.show(show_id)  # raises LedgerError for an unknown show
        self._show_id = show_id
        self._orders = []
        self._orders_due_at = float("-inf")
        self._wake.set()

    def start(self) -> None:
        self._worker.start(self.display_name)

    def stop(self, timeout_s: float = 5.0) -> None:
        self._worker.stop(timeout_s, wake=self._wake.set)
        self.http.session.close()

    @property
    def running(self) -> bool:
        return self._worker.running

    def sync_now(self) -> None:
        """Ask the worker for a full sync now (also after a failure: the host fixed it, or
        does not want to wait out the outage back-off)."""
        self._products_due_at = self._orders_due_at = float("-inf")
        self._retry_at = None
        self._wake.set()

    def sync_once(self, *, force: bool = True) -> SyncReport:
        """One sync on the CALLING thread (the CLI, tests); the app uses start() instead."""
        with self._sync_lock:
            return self._sync(force)

    def wait(self, seconds: float) -> None:
        """Wait (back-off, throttling); raises StoreError(STOPPED) if stop() was called."""
        if seconds > 0:
            if self._sleep is not None:
                self._sleep(seconds)
            else:
                self._stop.wait(seconds)
        if self._stop.is_set():
            raise StoreError(StoreErrorReason.STOPPED, f"{self.display_name} was stopped.")

    # -- for subclasses -----------------------------------------------------------------
    @abstractmethod
    def _prepare(self) -> None:
        """Check settings and load credentials (raises StoreError, fatal)."""

    @abstractmethod
    def fetch_products(self) -> tuple[list[Product], list[str]]:
        """All products, mapped; and why some could not be read (raises StoreError)."""

    @abstractmethod
    def fetch_orders(self, since: datetime) -> tuple[list[StoreOrder], list[str]]:
        """The orders created after ``since``; and why some could not be read."""

    def _secret(self, name: str, what: str) -> str:
        """The token ``name`` from the token source, masked in every later message."""
        missing = f"No {what} is saved for {self.display_name}: add it in Settings → Store."
        value = read_token(self.secrets, name, missing)
        self._secret_values.append(value)
        return value

    # -- the sync -------------------------------------------------------------------------
    def _sync(self, force: bool) -> SyncReport:
        report = SyncReport()
        now = self.clock()
        try:
            self._prepare()
            if force or now >= self._products_due_at:
                report.products = ProductCounts()
                products, problems = self.fetch_products()
                self._products = products
                report.products.skipped.extend(problems)
                import_products(self.catalog, products, report.products)
                self._products_due_at = now + self.settings.products_interval_s
            show_id = self._show_id
            if show_id is not None and (force or now >= self._orders_due_at):
                report.orders = OrderCounts()
                orders, problems = self.fetch_orders(self.ledger.show(show_id).started_at)
                self._orders = orders
                report.orders.unmatched.extend(problems)
                merge_orders(self.ledger, show_id, self.kind, orders, report.orders)
                self._orders_due_at = now + self.settings.orders_interval_s
        except StoreError as error:
            report.error = StoreError(
                error.reason, masked(error.message, self._secret_values), retry_after_s=None
            )
        self._finish(report)
        return report

    def _finish(self, report: SyncReport) -> None:
        error = report.error
        if report.products is not None:
            report.warnings += [f"skipped {p}" for p in report.products.skipped]
        if report.orders is not None:
            report.warnings += report.orders.unmatched
        if error is not None and error.reason is StoreErrorReason.STOPPED:
            pass
        elif error is not None and error.fatal:
            self._retry_at = None  # polling pauses until sync_now()
            self._set_status(StoreHealth.FAILED, error.message, error.reason)
        elif error is not None:
            self._failed_syncs += 1
            retry_in_s = outage_backoff_s(self.settings, self._failed_syncs)
            self._retry_at = self.clock() + retry_in_s
            kept = " Showing the last good data." if self._status.last_success_at else ""
            if self.running:  # only the worker tries again by itself (not sync_once)
                kept += f" Trying again in {_duration(retry_in_s)}."
            self._set_status(
                StoreHealth.WARNING,
                error.message + kept,
                error.reason,
                retry_in_s=retry_in_s if self.running else None,
            )
        elif report.warnings:
            self._failed_syncs, self._retry_at = 0, None
            count = len(report.warnings)
            first = masked(report.warnings[0], self._secret_values)
            more = f" (and {count - 1} more)" if count > 1 else ""
            self._set_status(
                StoreHealth.WARNING, f"Synced, with a problem: {first}{more}.", success=True
            )
        else:
            self._failed_syncs, self._retry_at = 0, None
            self._set_status(StoreHealth.OK, f"Synced {report.summary()}.", success=True)
        self.last_report = report
        log.info("%s: %s", self.display_name, masked(report.summary(), self._secret_values))
        self._report_listeners.notify(report)

    def _set_status(
        self,
        health: StoreHealth,
        message: str,
        reason: StoreErrorReason | None = None,
        *,
        success: bool = False,
        retry_in_s: float | None = None,
    ) -> None:
        last = datetime.now(UTC) if success else self._status.last_success_at
        message = masked(message, self._secret_values)
        self._status = StoreStatus(self.display_name, health, message, reason, last, retry_in_s)
        if health is not StoreHealth.OK:
            log.warning("%s: %s (%s)", self.display_name, message, health.value)
        self._status_listeners.notify(self._status)

    # -- the worker -----------------------------------------------------------------------
    def _run_guarded(self) -> None:
        try:
            self._run()
        except Exception as error:  # a bug must not vanish with the thread
            log.exception("%s: worker failed", self.display_name)
            self._set_status(
                StoreHealth.FAILED,
                f"Store sync stopped after an internal error ({type(error).__name__}).",
            )

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._sync_lock:
                self._sync(force=False)
            if self._stop.is_set():
                return
            if self._status.health is StoreHealth.FAILED:
                wait_s: float | None = None  # until sync_now(), settings fixed, or stop()
            else:
                wait_s = self._next_due_s()
            self._wake.wait(wait_s)
            self._wake.clear()

    def _next_due_s(self) -> float:
        due = [self._products_due_at]
        if self._show_id is not None:
            due.append(self._orders_due_at)
        next_at = min(due)
        if self._retry_at is not None:  # an outage: what failed is due, but waits its back-off
            next_at = max(next_at, self._retry_at)
        return max(0.05, next_at - self.clock())


def _duration(seconds: float) -> str:
    """``45 s``, ``2 min``, ``2 min 30 s`` for the host."""
    whole_s = round(seconds)
    if whole_s < 60:
        return f"{max(whole_s, 1)} s"
    minutes, rest_s = divmod(whole_s, 60)
    return f"{minutes} min {rest_s} s" if rest_s else f"{minutes} min"


# Kind name ("shopify") → its connector class; complete once studio.shop.stores is imported.
STORE_KINDS: dict[str, type[StoreConnector]] = {}

C = TypeVar("C", bound=type[StoreConnector])


def register_store_kind(cls: C) -> C:
    """Class decorator: ``cls`` is the connector of stores of kind ``cls.kind``."""
    STORE_KINDS[cls.kind] = cls
    return cls


def store_kind(kind: str) -> type[StoreConnector]:
    """The connector class of ``kind``; StoreError(INVALID_SETTINGS) naming it if unknown."""
    try:
        return STORE_KINDS[kind]
    except KeyError:
        known = ", ".join(sorted(STORE_KINDS)) or "none"
        raise StoreError(
            StoreErrorReason.INVALID_SETTINGS,
            f"{kind!r} is not a kind of online store this app can connect to (known: {known}).",
        ) from None
