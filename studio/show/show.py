"""The show: the one core object the window and the command line both drive.

A :class:`Show` holds everything a live-shopping show runs on — the catalog, the ledger, the
live shop state the overlays draw (:class:`~studio.shop.live.ShopLive`), the merged chat feed
and its overlays' state, comment-to-buy, the chat and store connections, the autopilot — and
publishes what happens as one stream of :mod:`~studio.show.events`.

Every claim and sale goes through one path: :meth:`ShopLive.claim` / ``record_sale`` on the
live shop, which writes the book the show is in and updates the on-stream stock and counts in
the same call. Store orders are written by the store's connector and followed by a refresh in
the core, before their event. No window is needed for any of it.

The lifecycle: a show opens in **practice** (claims go to the in-memory practice book,
:mod:`~studio.show.practice`: no stock taken, no report); :meth:`Show.go_live` starts a named
ledger show (or continues an ended one of today) and the show is **live**; :meth:`Show.end`
closes that ledger show, writes its report spanning its own start and end, and the show is
**ended** (claims go to a fresh practice book until the next Go Live). After a crash,
:meth:`Show.restore` puts a live show's snapshot back (:mod:`~studio.show.live_snapshot`,
kept by :mod:`~studio.show.live_keeper` while live) and Go Live continues its ledger show.

Assembly from the settings, the keyring and the command line is in :mod:`~studio.show.opening`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.chat.feed import ChatFeed
from studio.chat.live import ChatLive
from studio.chat.local import LocalChat
from studio.chat.message import ChatMessage
from studio.chat.reply_route import ReplyFunction
from studio.chat.status_board import ChatStatusBoard
from studio.clock import Clock, MonotonicClock
from studio.listeners import Listeners
from studio.shop.autopilot import Autopilot, Prompter
from studio.shop.catalog import Catalog
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import ClaimResult
from studio.shop.ledger_model import Show as LedgerShow
from studio.shop.live import ShopLive
from studio.shop.report import ReportFiles, write_show_report
from studio.shop.run_of_show import RunOfShow
from studio.shop.stores import StoreStatus, SyncReport
from studio.shop.variant_choice import typed_options
from studio.show.comment_to_buy import ClaimRecord, CommentToBuy
from studio.show.events import (
    ChatChanged,
    ChatConnectionsChanged,
    ClaimMade,
    MessageArrived,
    PhaseChanged,
    ReportWritten,
    SaleRecorded,
    ShopChanged,
    ShowEvent,
    ShowPhase,
    StoreStatusChanged,
    StoreSynced,
)
from studio.show.live_restore import RestoredShow, restore_live_state
from studio.show.live_snapshot import LiveSnapshot
from studio.show.practice import PracticeBook

log = logging.getLogger(__name__)

DEFAULT_CURRENCY = "USD"
ShowListener = Callable[[ShowEvent], None]


@dataclass(frozen=True, slots=True)
class Book:
    """Where claims and sales go now: the practice book or the live ledger show."""

    ledger: Ledger
    show_id: int
    practice: bool
    name: str


class ShowError(RuntimeError):
    """A request the show cannot carry out now (e.g. ending a show that is not live)."""


def default_show_name(now: datetime | None = None) -> str:
    """``Show 2026-12-07 19:30``: the local date and time the show went live."""
    moment = (now or datetime.now()).astimezone()
    return f"Show {moment:%Y-%m-%d %H:%M}"


class Show:
    """One show, from practice to live to ended. ``run_of_show`` names the products in
    order (the autopilot features each for its planned minutes once started); ``clock`` is
    the session's (flash deals and the autopilot keep its time); ``locale`` formats the
    report's money."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        run_of_show: RunOfShow | None = None,
        lineup: list[str] | None = None,
        clock: Clock | None = None,
        locale: str = "en_US",
        owns_catalog: bool = False,
    ) -> None:
        self.catalog = catalog
        self.ledger = Ledger(catalog)
        self.locale = locale
        self.run_of_show = run_of_show
        self._owns_catalog = owns_catalog
        self._lock = threading.RLock()
        self._changing = threading.Lock()
        self._events: Listeners[ShowEvent] = Listeners("show")
        self._closers: list[Callable[[], None]] = []
        self._phase = ShowPhase.PRACTICE
        self._live_show: LedgerShow | None = None
        self._resume_show_id: int | None = None  # restored after a crash: Go Live continues it
        self._closed = False
        self.practice = PracticeBook(catalog, _currency(catalog))
        self.shop = ShopLive(
            catalog, self.practice.ledger, self.practice.show_id, clock=clock or MonotonicClock()
        )
        self.shop.set_lineup(
            lineup if lineup is not None else [product.id for product in catalog.products()]
        )
        self.feed = ChatFeed()
        self.chat_live = ChatLive(self.feed)
        self.chat_status = ChatStatusBoard()
        self.comment_to_buy = CommentToBuy(self.feed, self.shop, self._codes)
        self.autopilot = Autopilot(self.shop, run_of_show) if run_of_show is not None else None
        self.prompter = Prompter(self.shop, run_of_show) if run_of_show is not None else None
        self.local_chat: LocalChat | None = None
        self.store_status: StoreStatus | None = None
        # The Chat tab's Reply: through the connector a message came from (set by the chat
        # connections; None while no platform chat can answer).
        self.reply: ReplyFunction | None = None
        self.can_reply: Callable[[ChatMessage], bool] | None = None
        self._unsubscribe = [
            self.feed.subscribe(lambda message: self._publish(MessageArrived(message))),
            self.comment_to_buy.subscribe(self._claimed),
            self.chat_live.subscribe(lambda version: self._publish(ChatChanged(version))),
            self.chat_status.subscribe(lambda _: self._publish(ChatConnectionsChanged())),
        ]
        self.shop.add_listener(self._shop_changed)

    # -- listening -----------------------------------------------------------------------
    def subscribe(self, listener: ShowListener) -> Callable[[], None]:
        """Call ``listener(event)`` for every event (on the thread that caused it)."""
        return self._events.add(listener)

    def _publish(self, event: ShowEvent) -> None:
        self._events.notify(event)

    def _shop_changed(self, version: int) -> None:
        self._publish(ShopChanged(version))

    def _claimed(self, record: ClaimRecord) -> None:
        self._publish(ClaimMade(record, practice=self.book().practice))

    # -- where sales go ------------------------------------------------------------------
    @property
    def phase(self) -> ShowPhase:
        with self._lock:
            return self._phase

    @property
    def live_show(self) -> LedgerShow | None:
        """The ledger show on air, None while practising."""
        with self._lock:
            return self._live_show if self._phase is ShowPhase.LIVE else None

    def book(self) -> Book:
        """The book claims and sales go to now (the Sales tab reads it)."""
        with self._lock:
            live = self._live_show if self._phase is ShowPhase.LIVE else None
            if live is not None:
                return Book(self.ledger, live.id, practice=False, name=live.name)
            practice = self.practice
            return Book(practice.ledger, practice.show_id, practice=True, name=practice.show.name)

    def record_sale(self, product_id: str, quantity: int, **options: Any) -> ClaimResult:
        """A sale the host enters, into the current book; the stream follows at once."""
        practice = self.book().practice
        result = self.shop.record_sale(product_id, quantity, **options)
        self._publish(SaleRecorded(result, practice))
        return result

    def settle(self, pending_id: int, variant: str) -> ClaimRecord | None:
        """The host sells a claim waiting for a variant (see :meth:`CommentToBuy.settle`)."""
        return self.comment_to_buy.settle(pending_id, variant)

    def message_can_reply(self, message: ChatMessage) -> bool:
        if self.reply is None:
            return False
        return True if self.can_reply is None else self.can_reply(message)

    # -- the lifecycle -------------------------------------------------------------------
    def shows_to_continue(self, today: datetime | None = None) -> list[LedgerShow]:
        """Ended shows that started on the local day of ``today`` (now), newest first: what
        the host may continue at the next Go Live; a show restored after a crash comes first,
        whatever day it started."""
        day = (today or datetime.now()).astimezone().date()
        resume = self.show_to_resume
        shows = [
            show
            for show in reversed(self.ledger.shows())
            if show.ended_at is not None
            and (show.id == resume or show.started_at.astimezone().date() == day)
        ]
        return sorted(shows, key=lambda show: show.id != resume)  # stable: newest first after

    @property
    def show_to_resume(self) -> int | None:
        """The ledger show :meth:`restore` brought back, until the next Go Live."""
        with self._lock:
            return self._resume_show_id

    def restore(self, snapshot: LiveSnapshot, now: datetime | None = None) -> RestoredShow:
        """After a crash: put the live state of ``snapshot`` back (featured product, pinned
        comment, goal, the flash deal for the time really left at ``now``, UTC) and offer its
        ledger show to Go Live (:attr:`show_to_resume`). Raises
        :class:`~studio.show.live_restore.RestoreError` when the ledger has no such show, and
        ShowError while a show is live."""
        with self._changing:
            with self._lock:
                self._check_open()
                if self._phase is ShowPhase.LIVE:
                    raise ShowError("a live show cannot be replaced by a restored one")
            restored = restore_live_state(self, snapshot, now or datetime.now(UTC))
            with self._lock:
                self._resume_show_id = restored.show.id
        return restored

    def go_live(self, name: str | None = None, *, continue_show: int | None = None) -> LedgerShow:
        """Go on air: a new ledger show named ``name`` (the run of show's name, else the date
        and time), or the ended show ``continue_show`` again. Claims and sales go to it from
        now on; practice claims stay behind. Going live twice returns the show on air."""
        with self._changing:  # one phase change at a time; claims keep flowing meanwhile
            with self._lock:
                self._check_open()
                if self._phase is ShowPhase.LIVE and self._live_show is not None:
                    return self._live_show
            if continue_show is not None:
                live = self.ledger.continue_show(continue_show)
            else:
                now = self.ledger.clock()  # one moment: the default name is the show's start
                chosen = (name or "").strip() or self._planned_name() or default_show_name(now)
                live = self.ledger.start_show(chosen, _currency(self.catalog), started_at=now)
            self.comment_to_buy.start_over()
            self.shop.attach(self.ledger, live.id, campaign=live.name)
            with self._lock:
                self._live_show, self._phase = live, ShowPhase.LIVE
                self._resume_show_id = None  # the choice was made
        self._attach_store_orders(live.id)
        log.info("show %r is live (ledger show %d)", live.name, live.id)
        self._publish(PhaseChanged(ShowPhase.LIVE, live))
        return live

    def end(self, report_parent: Path | None) -> ReportFiles | None:
        """Go off air: the ledger show ends now, its report is written in a new folder of
        ``report_parent`` (None: no report) and claims go to a fresh practice book. The
        report's files, or None when nothing was live or no report was asked for; a report
        that cannot be written raises (OSError names the folder) after the show has ended."""
        with self._changing:
            with self._lock:
                if self._phase is not ShowPhase.LIVE or self._live_show is None:
                    return None
                live = self._live_show
                self._phase = ShowPhase.ENDED
            self.comment_to_buy.start_over()
            self.practice.start_over()
            self.shop.attach(self.practice.ledger, self.practice.show_id)
            self._attach_store_orders(None)
            ended = self.ledger.end_show(live.id)
            with self._lock:
                self._live_show = ended
        log.info("show %r ended", ended.name)
        self._publish(PhaseChanged(ShowPhase.ENDED, ended))
        if report_parent is None:
            return None
        try:
            files = write_show_report(self.ledger, ended.id, report_parent, locale=self.locale)
        except Exception as error:
            self._publish(ReportWritten(ended, None, error))
            raise
        self._publish(ReportWritten(ended, files))
        return files

    def _planned_name(self) -> str:
        return self.run_of_show.name if self.run_of_show is not None else ""

    # -- what the connections report ---------------------------------------------------
    def set_replies(
        self,
        reply: ReplyFunction | None,
        can_reply: Callable[[ChatMessage], bool] | None,
        *,
        auto_reply: bool,
        template: str | None,
    ) -> None:
        """The platform chats that can answer changed: the Chat tab's Reply, and
        comment-to-buy's automatic replies when ``auto_reply``."""
        self.reply, self.can_reply = reply, can_reply
        self.comment_to_buy.reply = reply if auto_reply else None
        if template is not None:
            self.comment_to_buy.reply_template = template

    def store_status_changed(self, status: StoreStatus | None) -> None:
        self.store_status = status
        self._publish(StoreStatusChanged(status))

    def store_synced(self, report: SyncReport) -> None:
        """The store's worker read products and orders into the catalog and ledger: the
        on-stream state follows here, in the core, before anyone hears of it."""
        changed = report.orders is not None and report.orders.lines_recorded > 0
        if report.products is not None:
            changed = changed or report.products.added + report.products.updated > 0
        if changed:
            try:
                self.shop.refresh()
                self.comment_to_buy.refresh()
            except Exception:  # a failed refresh must not end the store's worker
                log.exception("could not refresh the live shop after a store sync")
        self._publish(StoreSynced(report))

    # Set by the assembly when a store is set up: attach (show id) or detach (None) the
    # store's order polling, and the host's "Retry now".
    store_orders: Callable[[int | None], None] | None = None
    store_sync_now: Callable[[], None] | None = None

    def _attach_store_orders(self, show_id: int | None) -> None:
        if self.store_orders is None:
            return
        try:
            self.store_orders(show_id)
        except Exception:  # the show goes on without store orders
            log.exception("could not attach the store's orders to the show")

    def add_closer(self, close: Callable[[], None]) -> None:
        """Run ``close`` when the show closes (connections started for it), newest first."""
        self._closers.append(close)

    # -- closing ------------------------------------------------------------------------
    def close(self, report_parent: Path | None = None) -> ReportFiles | None:
        """End the show if it is live (its report into ``report_parent``), stop every
        connection and thread it started, and release the databases. Safe to call twice."""
        files = None
        if self.phase is ShowPhase.LIVE:
            try:
                files = self.end(report_parent)
            except Exception:
                log.exception("the show's report could not be written at close")
        with self._lock:
            if self._closed:
                return files
            self._closed = True
        if self.autopilot is not None:
            self.autopilot.stop()
        for close in reversed(self._closers):
            try:
                close()
            except Exception:  # one stuck connection must not keep the others running
                log.exception("could not stop a show connection")
        self._closers.clear()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self.shop.remove_listener(self._shop_changed)
        self.comment_to_buy.close()
        self.chat_live.detach()
        self.practice.close()
        if self._owns_catalog:
            self.catalog.close()
        return files

    @property
    def closed(self) -> bool:
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ShowError("the show is closed")

    # -- comment-to-buy's codes ----------------------------------------------------------
    def _codes(self) -> dict[str, list[str]]:
        return {
            product.code: sorted(set(typed_options(product)))
            for product in self.catalog.products()
            if product.code
        }


def _currency(catalog: Catalog) -> str:
    for product in catalog.products():
        return str(product.price.currency)
    return DEFAULT_CURRENCY
