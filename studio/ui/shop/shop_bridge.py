"""The one bridge between the show (the core) and the shop panels.

The show publishes its events on whatever thread made the change (a chat connector, the
store's worker, the autopilot, a worker). :class:`ShopBridge` subscribes once to the show's
event stream and re-emits what happened as Qt signals delivered on the UI thread. Bursts are
coalesced: chat messages and claims that arrive within ``COALESCE_MS`` reach the panels as one
list (one ``beginInsertRows`` for a flood instead of one per message), and many shop changes
become one ``shop_changed``.

It also owns the panels' worker: anything that writes the shop database (featuring a product
records a featured interval, Go Live starts a ledger show, End Show writes the report) or may
reach the network (a reply through a connector) runs there, one call at a time, and its result
comes back on the UI thread. The panels command the show only; they never assemble it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from studio.chat.message import ChatMessage
from studio.show.comment_to_buy import ClaimRecord
from studio.show.events import (
    ChatChanged,
    ChatConnectionsChanged,
    ClaimMade,
    MessageArrived,
    PhaseChanged,
    SaleRecorded,
    ShopChanged,
    ShowEvent,
    StoreStatusChanged,
    StoreSynced,
)
from studio.show.show import Show

log = logging.getLogger(__name__)

COALESCE_MS = 50

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Coalescer:
    """Collects items from any thread; asks the UI thread (once per burst) to take them."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._lock = threading.Lock()
        self._items: list[Any] = []
        self._requested = False

    def put(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)
            if self._requested:
                return
            self._requested = True
        self._wake()

    def take(self) -> list[Any]:
        with self._lock:
            items, self._items = self._items, []
            self._requested = False
        return items


class ShopBridge(QObject):
    """The show's events as UI-thread signals, and the shop panels' background worker."""

    shop_changed = Signal(int)  # ShopLive version (coalesced: the newest)
    chat_live_changed = Signal(int)  # ChatLive version: pinned or hidden messages changed
    messages_arrived = Signal(list)  # list[ChatMessage], oldest first
    claims_arrived = Signal(list)  # list[ClaimRecord], oldest first
    sales_changed = Signal()  # a manual sale or a store's orders went into the book
    phase_changed = Signal(object)  # PhaseChanged: practice, live (a named show) or ended
    chat_connections_changed = Signal()  # read show.chat_status
    store_status_changed = Signal(object)  # StoreStatus | None (no store set up)
    store_synced = Signal(object)  # SyncReport

    # Posted from other threads: queued, so the slots run on the UI thread.
    _wake_messages = Signal()
    _wake_claims = Signal()
    _wake_shop = Signal()
    _wake_chat_live = Signal()
    _posted = Signal(object)  # an event delivered as it is (rare ones: no coalescing)
    _finished = Signal(object, object, object)  # callback, result or error, is_error

    def __init__(self, show: Show, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show = show
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="shop-panels"
        )
        self._unsubscribe: list[Callable[[], None]] = []
        self._messages = _Coalescer(self._wake_messages.emit)
        self._claims = _Coalescer(self._wake_claims.emit)
        self._shop_versions = _Coalescer(self._wake_shop.emit)
        self._chat_versions = _Coalescer(self._wake_chat_live.emit)
        queued = Qt.ConnectionType.QueuedConnection
        self._wake_messages.connect(self._schedule_messages, queued)
        self._wake_claims.connect(self._schedule_claims, queued)
        self._wake_shop.connect(self._flush_shop, queued)
        self._wake_chat_live.connect(self._flush_chat_live, queued)
        self._posted.connect(self._take_posted, queued)
        self._finished.connect(self._deliver, queued)
        self._unsubscribe.append(show.subscribe(self._on_event))

    def _on_event(self, event: ShowEvent) -> None:
        """On the thread that caused it: queue for the UI thread (bursts coalesced)."""
        if isinstance(event, MessageArrived):
            self._messages.put(event.message)
        elif isinstance(event, ClaimMade):
            self._claims.put(event.record)
        elif isinstance(event, ShopChanged):
            self._shop_versions.put(event.version)
        elif isinstance(event, ChatChanged):
            self._chat_versions.put(event.version)
        else:
            self._posted.emit(event)

    @Slot(object)
    def _take_posted(self, event: object) -> None:
        if self._executor is None:
            return
        if isinstance(event, PhaseChanged):
            self.phase_changed.emit(event)
        elif isinstance(event, SaleRecorded):
            self.sales_changed.emit()
        elif isinstance(event, ChatConnectionsChanged):
            self.chat_connections_changed.emit()
        elif isinstance(event, StoreStatusChanged):
            self.store_status_changed.emit(event.status)
        elif isinstance(event, StoreSynced):
            self.store_synced.emit(event.report)
            self.sales_changed.emit()

    # -- the worker ----------------------------------------------------------------------
    def run(
        self, work: Callable[[], Any], done: Done | None = None, failed: Failed | None = None
    ) -> None:
        """Run ``work()`` on the worker; ``done(result)`` or ``failed(error)`` on the UI
        thread (a failure without ``failed`` is logged)."""
        if self._executor is None:
            return

        def job() -> None:
            try:
                result = work()
            except Exception as error:
                self._finished.emit(failed, error, True)
                return
            self._finished.emit(done, result, False)

        self._executor.submit(job)

    @Slot(object, object, object)
    def _deliver(self, callback: Any, value: Any, is_error: Any) -> None:
        if is_error and callback is None:
            log.error("shop panel task failed", exc_info=value)
            return
        if callback is not None and self._executor is not None:
            callback(value)

    def close(self) -> None:
        """Stop listening and wait for the worker (tests fail on a thread left running)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    # -- coalescing on the UI thread ------------------------------------------------------
    @Slot()
    def _schedule_messages(self) -> None:
        QTimer.singleShot(COALESCE_MS, self._flush_messages)

    @Slot()
    def _schedule_claims(self) -> None:
        QTimer.singleShot(COALESCE_MS, self._flush_claims)

    def _flush_messages(self) -> None:
        messages: list[ChatMessage] = self._messages.take()
        if messages and self._executor is not None:
            self.messages_arrived.emit(messages)

    def _flush_claims(self) -> None:
        claims: list[ClaimRecord] = self._claims.take()
        if claims and self._executor is not None:
            self.claims_arrived.emit(claims)

    @Slot()
    def _flush_shop(self) -> None:
        versions = self._shop_versions.take()
        if versions and self._executor is not None:
            self.shop_changed.emit(max(versions))

    @Slot()
    def _flush_chat_live(self) -> None:
        versions = self._chat_versions.take()
        if versions and self._executor is not None:
            self.chat_live_changed.emit(max(versions))
