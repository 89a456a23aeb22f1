"""Claims waiting for a variant: "SOLD 1" for a hoodie in Red/Blue × M/L.

The ledger must not guess, and the buyer must not be lost: the claim is held here (in memory,
for the show) until the buyer answers with a comment that names a variant, the host takes it
with a variant chosen in the Sales tab, the host dismisses it, or it expires. One buyer has at
most one pending claim per code: asking again replaces it. A claim the host settled is
remembered for a while, so the buyer's late answer to the question does not sell twice.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from studio.chat.claims import Claim
from studio.chat.message import ChatMessage, Platform

PENDING_TTL_S = 15 * 60.0  # long enough for the host to get to it between two products
SETTLED_MEMORY_S = 5 * 60.0  # a buyer's answer after the host settled is not a new sale
MAX_PENDING = 200
MAX_REMEMBERED_MESSAGES = 5000

BuyerKey = tuple[str, str, str]  # platform, author id (or name), code


@dataclass(frozen=True, slots=True)
class PendingClaim:
    id: int
    message: ChatMessage
    claim: Claim
    product_id: str
    title: str
    held_at_s: float  # on the store's clock
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def buyer(self) -> str:
        return self.message.author.display_name

    @property
    def key(self) -> BuyerKey:
        return buyer_key(self.message, self.claim.code)


def buyer_key(message: ChatMessage, code: str) -> BuyerKey:
    author = message.author
    return (message.platform.value, (author.id or author.display_name).casefold(), code)


class PendingClaims:
    """Thread-safe; ``clock()`` answers seconds (monotonic)."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        ttl_s: float = PENDING_TTL_S,
        max_held: int = MAX_PENDING,
    ) -> None:
        self.clock, self.ttl_s, self.max_held = clock, ttl_s, max_held
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._held: OrderedDict[int, PendingClaim] = OrderedDict()
        self._settled: dict[BuyerKey, float] = {}
        self._messages: OrderedDict[tuple[Platform, str], None] = OrderedDict()

    def hold(self, message: ChatMessage, claim: Claim, product_id: str, title: str) -> PendingClaim:
        """Hold a claim (replacing the buyer's earlier one for the same code)."""
        with self._lock:
            self._expire()
            key = buyer_key(message, claim.code)
            for earlier in [p for p in self._held.values() if p.key == key]:
                del self._held[earlier.id]
            pending = PendingClaim(next(self._ids), message, claim, product_id, title, self.clock())
            self._held[pending.id] = pending
            while len(self._held) > self.max_held:
                self._held.popitem(last=False)  # the oldest goes: a flood must not grow it
            self._remember(message)
            return pending

    def seen(self, message: ChatMessage) -> bool:
        """Whether this very comment was held before (a reconnect replays comments)."""
        with self._lock:
            return message.key in self._messages

    def all(self) -> list[PendingClaim]:
        """The claims still waiting, oldest first."""
        with self._lock:
            self._expire()
            return list(self._held.values())

    def for_buyer(self, message: ChatMessage, code: str) -> PendingClaim | None:
        key = buyer_key(message, code)
        with self._lock:
            self._expire()
            return next((p for p in self._held.values() if p.key == key), None)

    def take(self, pending_id: int, *, by_host: bool = False) -> PendingClaim | None:
        """Remove and return a waiting claim (None if it is gone: settled, dismissed or
        expired meanwhile). ``by_host``: remember it, for the buyer's late answer."""
        with self._lock:
            self._expire()
            pending = self._held.pop(pending_id, None)
            if pending is not None and by_host:
                self._settled[pending.key] = self.clock()
            return pending

    def put_back(self, pending: PendingClaim) -> None:
        """A take whose sale failed: the claim waits again."""
        with self._lock:
            self._held[pending.id] = pending
            self._settled.pop(pending.key, None)

    def settled_by_host(self, message: ChatMessage, code: str) -> bool:
        """Whether the host settled this buyer's claim on ``code`` a short while ago."""
        with self._lock:
            self._expire()
            return buyer_key(message, code) in self._settled

    # -- internals (under the lock) --------------------------------------------------------
    def _remember(self, message: ChatMessage) -> None:
        self._messages[message.key] = None
        while len(self._messages) > MAX_REMEMBERED_MESSAGES:
            self._messages.popitem(last=False)

    def _expire(self) -> None:
        now = self.clock()
        for pending_id in [i for i, p in self._held.items() if now - p.held_at_s > self.ttl_s]:
            del self._held[pending_id]
        for key in [k for k, at in self._settled.items() if now - at > SETTLED_MEMORY_S]:
            del self._settled[key]
