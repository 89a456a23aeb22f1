"""The one bridge between the shop core's threads and the shop panels.

The core calls its listeners on whatever thread made the change (a chat connector, the
autopilot, a worker). :class:`ShopBridge` subscribes once to each shop object and re-emits what
happened as Qt signals delivered on the UI thread. Bursts are coalesced: chat messages and
claims that arrive within ``COALESCE_MS`` reach the panels as one list (one ``beginInsertRows``
for a flood instead of one per message), and many shop changes become one ``shop_changed``.

It also owns the panels' worker: anything that writes the shop database (featuring a product
records a featured interval, a rehearsal comment may become a claim) or may reach the network (a
reply through a connector) runs there, one call at a time, and its result comes back on the UI
thread.
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
from studio.ui.shop.context import ShopContext

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
    """Shop events as UI-thread signals, and the shop panels' background worker."""

    shop_changed = Signal(int)  # ShopLive version (coalesced: the newest)
    chat_live_changed = Signal(int)  # ChatLive version: pinned or hidden messages changed
    messages_arrived = Signal(list)  # list[ChatMessage], oldest first
    claims_arrived = Signal(list)  # list[ClaimRecord], oldest first

    # Posted from other threads: queued, so the slots run on the UI thread.
    _wake_messages = Signal()
    _wake_claims = Signal()
    _wake_shop = Signal()
    _wake_chat_live = Signal()
    _finished = Signal(object, object, object)  # callback, result or error, is_error

    def __init__(self, context: ShopContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
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
        self._finished.connect(self._deliver, queued)
        self._subscribe()

    def _subscribe(self) -> None:
        context = self.context
        if context.chat_feed is not None:
            self._unsubscribe.append(context.chat_feed.subscribe(self._messages.put))
        if context.comment_to_buy is not None:
            self._unsubscribe.append(context.comment_to_buy.subscribe(self._claims.put))
        if context.chat_live is not None:
            self._unsubscribe.append(context.chat_live.subscribe(self._chat_versions.put))
        shop = context.shop_live
        if shop is not None:
            shop.add_listener(self._shop_versions.put)
            self._unsubscribe.append(lambda: shop.remove_listener(self._shop_versions.put))

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
