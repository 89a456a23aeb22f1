"""What a show tells the window and the command line: one stream of typed events.

Events are delivered on the thread that caused them (a chat connector, the store's worker, the
autopilot, the caller of :meth:`~studio.show.show.Show.go_live`); a listener that draws
re-posts them to its own thread (the window's ``ShowBridge`` does, coalescing bursts).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from studio.chat.message import ChatMessage
from studio.shop.ledger_model import ClaimResult
from studio.shop.ledger_model import Show as LedgerShow
from studio.shop.report import ReportFiles
from studio.shop.stores import StoreStatus, SyncReport
from studio.show.comment_to_buy import ClaimRecord


class ShowPhase(StrEnum):
    PRACTICE = "practice"  # not live yet: claims and sales go to the practice book
    LIVE = "live"  # on air: a named ledger show takes them
    ENDED = "ended"  # off air again: the report is written; claims go to practice again


@dataclass(frozen=True, slots=True)
class MessageArrived:
    message: ChatMessage


@dataclass(frozen=True, slots=True)
class ClaimMade:
    """A comment-to-buy claim (sold, waitlisted, pending, refused…), already in the book."""

    record: ClaimRecord
    practice: bool


@dataclass(frozen=True, slots=True)
class SaleRecorded:
    """A sale the host entered (or cancelled), already in the book."""

    result: ClaimResult
    practice: bool


@dataclass(frozen=True, slots=True)
class ShopChanged:
    """What the stream shows changed: featured product, deal, goal, stock or sales counts."""

    version: int


@dataclass(frozen=True, slots=True)
class ChatChanged:
    """Pinned or hidden chat messages changed (the chat overlays')."""

    version: int


@dataclass(frozen=True, slots=True)
class ChatConnectionsChanged:
    """A platform chat connected, dropped or failed: read ``Show.chat_status``."""


@dataclass(frozen=True, slots=True)
class StoreStatusChanged:
    status: StoreStatus | None  # None: no online store is set up


@dataclass(frozen=True, slots=True)
class StoreSynced:
    """The online store was read: products into the catalog, the live show's orders into
    the ledger (the on-stream state already follows)."""

    report: SyncReport


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    phase: ShowPhase
    live_show: LedgerShow | None  # the ledger show on air (LIVE), or the one that ended


@dataclass(frozen=True, slots=True)
class ReportWritten:
    """The ended show's report: its files, or why it could not be written."""

    live_show: LedgerShow
    files: ReportFiles | None
    error: BaseException | None = None


ShowEvent = (
    MessageArrived
    | ClaimMade
    | SaleRecorded
    | ShopChanged
    | ChatChanged
    | ChatConnectionsChanged
    | StoreStatusChanged
    | StoreSynced
    | PhaseChanged
    | ReportWritten
)
