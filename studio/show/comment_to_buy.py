"""Comment-to-buy: "SOLD 12" in the chat becomes a ledger entry, first come, first served.

:class:`CommentToBuy` follows a :class:`ChatFeed`. Each comment the :class:`ClaimParser` reads
as a claim on one of the show's codes goes to the till: the live shop's
:meth:`~studio.shop.live.ShopLive.claim`, the one path of every claim, which asks the ledger
(sold or waitlisted by stock) and updates what the stream shows in the same call. The
message's platform and id are the claim's external id, so a comment
seen twice (a reconnect replay) is a ``duplicate`` and changes nothing. Every claim is kept
with its status for the Sales tab, and the viewer can get an automatic reply through the
connector the comment came from. Nothing here raises into the connector's thread: a ledger
error is recorded as a claim with status ``error``.

A claim on a product with variants that does not say which one ("SOLD 1" for a hoodie in two
colours) is never guessed at: unless one variant is meant (see
:func:`~studio.shop.variant_choice.choose_variant`) it is held as ``pending``
(:mod:`~studio.show.pending_claims`), the buyer is asked "which one?" with the in-stock options,
and the host sees it in the Sales tab. The buyer's next comment naming a variant, or the
host's :meth:`CommentToBuy.settle`, sells it through the same path as any claim.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from studio.chat.claim_replies import (
    DEFAULT_REPLY,
    DEFAULT_WAITLIST_REPLY,
    fill_reply,
    safe_name,
    which_one_reply,
)
from studio.chat.claims import Claim, ClaimParser
from studio.chat.feed import ChatFeed
from studio.chat.message import ChatMessage
from studio.chat.reply_route import ReplyFunction as ReplyFunction
from studio.chat.reply_route import reply_via as reply_via
from studio.chat.reply_route import sender_for as sender_for
from studio.listeners import Listeners
from studio.shop.catalog import Catalog
from studio.shop.ledger_model import ClaimResult, LedgerEntry
from studio.shop.model import Product
from studio.shop.variant_choice import (
    buy_words,
    choose_variant,
    in_stock_variants,
    matching_variants,
    typed_options,
    variant_key,
)
from studio.show.pending_claims import PendingClaim, PendingClaims

log = logging.getLogger(__name__)


Codes = Mapping[str, Iterable[str]] | Iterable[str]
CodesProvider = Callable[[], Codes]
ClaimListener = Callable[["ClaimRecord"], None]


class Till(Protocol):
    """Where claims are taken: :class:`~studio.shop.live.ShopLive` (the ledger show it is
    attached to, practice or live, and the on-stream state with it)."""

    catalog: Catalog

    def claim(
        self, code: str, quantity: int, buyer: str, variant: str | None = None,
        external_id: str | None = None,
    ) -> ClaimResult: ...  # fmt: skip


class ClaimOutcome(StrEnum):
    SOLD = "sold"
    WAITLISTED = "waitlisted"
    DUPLICATE = "duplicate"
    UNKNOWN_CODE = "unknown_code"
    # From the ledger only (a variant gone from the catalog between the choice and the sale):
    # a claim that names no variant, or one that matches none, is PENDING.
    UNKNOWN_VARIANT = "unknown_variant"
    PENDING = "pending"  # waits for a variant: the buyer's answer or the host's choice
    ERROR = "error"  # the ledger could not record it (``ClaimRecord.error`` says why)


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim as the Sales tab lists it."""

    message: ChatMessage
    claim: Claim
    variant: str | None  # what was asked of the ledger
    outcome: ClaimOutcome
    entry: LedgerEntry | None = None
    merged: bool = False  # added to the buyer's earlier entry
    error: str = ""
    reply: str = ""  # the reply sent to the viewer; empty: none
    pending_id: int | None = None  # the pending claim this one holds (PENDING) or settled
    settled_by_host: bool = False
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def buyer(self) -> str:
        return self.message.author.display_name

    @property
    def external_id(self) -> str:
        return external_id_for(self.message)


def external_id_for(message: ChatMessage) -> str:
    return f"{message.platform.value}:{message.id}"


def resolve_variant(product: Product | None, options: Sequence[str]) -> str | None:
    """What to ask the ledger for: the one matching variant's SKU (or title); the options as
    written when none or several match; None when no option was named."""
    if not options:
        return None
    found = matching_variants(product, options)
    if len(found) == 1:
        return found[0].sku or found[0].title
    return " ".join(options)


class CommentToBuy:
    """Turns the show's chat into claims taken by ``till`` (the live shop).

    ``codes_provider`` answers the show's codes (``["12", "15"]``, or ``{"12": ["Blue", "M"]}``
    with option values); each code's variant options are added from the catalog. ``reply``
    (see :func:`reply_via`) answers sold and waitlisted claims with ``reply_template`` and
    ``waitlist_template`` (None: no reply), formatted with ``name``, ``code``, ``quantity``,
    ``title``, ``variant`` and ``url`` (the product's, or ``checkout_url``).
    """

    def __init__(
        self,
        feed: ChatFeed,
        till: Till,
        codes_provider: CodesProvider,
        reply: ReplyFunction | None = None,
        reply_template: str | None = DEFAULT_REPLY,
        *,
        waitlist_template: str | None = DEFAULT_WAITLIST_REPLY,
        checkout_url: str = "",
        claims_from_blocked: bool = True,  # blocked words keep a comment off stream, not a sale
        clock: Callable[[], float] = time.monotonic,  # seconds: pending claims expire by it
    ) -> None:
        self.till = till
        self.codes_provider = codes_provider
        self.reply = reply
        self.reply_template = reply_template
        self.waitlist_template = waitlist_template
        self.checkout_url = checkout_url
        self.claims_from_blocked = claims_from_blocked
        self._lock = threading.Lock()
        self._records: list[ClaimRecord] = []
        self._listeners: Listeners[ClaimRecord] = Listeners("claim")
        self._parser: ClaimParser | None = None
        self._parser_codes: object = None
        self._pending = PendingClaims(clock)
        # One sale at a time between the chat's thread and the host's: a pending claim is
        # settled once, by whichever comes first.
        self._selling = threading.Lock()
        self._unsubscribe: Callable[[], None] | None = feed.subscribe(self._on_message)

    def close(self) -> None:
        """Stop following the feed."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # -- for the Sales tab -----------------------------------------------------------------
    def claims(self) -> list[ClaimRecord]:
        """Every claim so far, oldest first."""
        with self._lock:
            return list(self._records)

    def subscribe(self, listener: ClaimListener) -> Callable[[], None]:
        """Call ``listener(record)`` (on the chat's thread) for every new claim."""
        return self._listeners.add(listener)

    def counts(self) -> dict[ClaimOutcome, int]:
        with self._lock:
            outcomes = [record.outcome for record in self._records]
        return {outcome: outcomes.count(outcome) for outcome in ClaimOutcome}

    def pending(self) -> list[PendingClaim]:
        """The claims waiting for a variant, oldest first (expired ones dropped)."""
        return self._pending.all()

    def settle(self, pending_id: int, variant: str) -> ClaimRecord | None:
        """The host takes a pending claim as ``variant`` (a SKU or title): it is sold (or
        waitlisted) like any claim, the buyer gets the usual reply and the listeners the new
        record. None when it is no longer pending (the buyer answered, it was dismissed or it
        expired). Never raises."""
        try:
            with self._selling:
                pending = self._pending.take(pending_id, by_host=True)
                if pending is None:
                    return None
                record = self._sell(pending.message, pending.claim, variant)
                record = replace(record, pending_id=pending.id, settled_by_host=True)
                if record.outcome is ClaimOutcome.ERROR:
                    self._pending.put_back(pending)
            return self._publish(self._send_reply(record))
        except Exception:
            log.exception("a pending claim could not be settled")
            return None

    def dismiss(self, pending_id: int) -> bool:
        """The host drops a pending claim; False if it was gone already."""
        return self._pending.take(pending_id) is not None

    def start_over(self) -> None:
        """The show moved to another book (practice to live, live to practice): the claims
        listed and those waiting for a variant belonged to the old one."""
        with self._selling:
            pending = self._pending
            self._pending = PendingClaims(pending.clock, pending.ttl_s, pending.max_held)
            with self._lock:
                self._records.clear()

    def refresh(self) -> None:
        """Read the codes (and the catalog's options) again with the next comment."""
        with self._lock:
            self._parser, self._parser_codes = None, None

    # -- the feed's subscriber -------------------------------------------------------------
    def _on_message(self, message: ChatMessage) -> None:
        self.handle(message)

    def handle(self, message: ChatMessage) -> ClaimRecord | None:
        """Handle one comment; the claim it made, or None. Never raises."""
        try:
            return self._handle(message)
        except Exception:
            log.exception("comment-to-buy failed on a comment")
            return None

    def _handle(self, message: ChatMessage) -> ClaimRecord | None:
        if message.author.is_owner:  # the host's own lines, our replies among them
            return None
        if not message.visible_on_stream and not self.claims_from_blocked:
            return None
        parser = self._current_parser()
        claim = parser.parse(message.text) if parser is not None else None
        if claim is None:
            return None
        with self._selling:
            record = self._claim(message, claim)
        return self._publish(self._send_reply(record))

    def _publish(self, record: ClaimRecord) -> ClaimRecord:
        with self._lock:
            self._records.append(record)
        self._listeners.notify(record)
        return record

    def _current_parser(self) -> ClaimParser | None:
        try:
            provided = self.codes_provider()
            codes = (
                {str(k): tuple(v) for k, v in provided.items()}
                if isinstance(provided, Mapping)
                else {str(code): () for code in provided}
            )
        except Exception:
            log.exception("the show's codes could not be read")
            return self._parser
        with self._lock:
            if self._parser is not None and self._parser_codes == codes:
                return self._parser
        options = {code: list(values) for code, values in codes.items()}
        for code in options:
            product = self._product(code)
            if product is not None:
                options[code] += typed_options(product)
        parser = ClaimParser(options)
        with self._lock:
            self._parser, self._parser_codes = parser, codes
        return parser

    def _product(self, code: str) -> Product | None:
        try:
            return self.till.catalog.by_code(code)
        except Exception:
            log.exception("the catalog could not be read")
            return None

    def _claim(self, message: ChatMessage, claim: Claim) -> ClaimRecord:
        product = self._product(claim.code)
        if product is None or not product.variants:
            return self._sell(message, claim, resolve_variant(product, claim.variant_options))
        chosen = choose_variant(product, claim.variant_options)
        earlier = self._pending.for_buyer(message, claim.code)
        if chosen is None:
            return self._hold(message, claim, product)
        if earlier is None and self._pending.settled_by_host(message, claim.code):
            # The answer to our "which one?" after the host chose for them: not a second sale.
            reason = "the host already settled this buyer's claim"
            return ClaimRecord(message, claim, None, ClaimOutcome.DUPLICATE, error=reason)
        record = self._sell(message, claim, variant_key(chosen))
        if earlier is not None and record.outcome in (ClaimOutcome.SOLD, ClaimOutcome.WAITLISTED):
            self._pending.take(earlier.id)  # the buyer's answer settles their pending claim
            record = replace(record, pending_id=earlier.id)
        return record

    def _hold(self, message: ChatMessage, claim: Claim, product: Product) -> ClaimRecord:
        named = " ".join(claim.variant_options) or None
        if self._pending.seen(message):  # a replayed comment: held once, asked once
            return ClaimRecord(message, claim, named, ClaimOutcome.DUPLICATE)
        pending = self._pending.hold(message, claim, product.id, product.title)
        if claim.variant_options and not matching_variants(product, claim.variant_options):
            reason = f"#{claim.code} has no {named}: which variant?"
        else:
            reason = f"#{claim.code}: which variant?"
        return ClaimRecord(
            message, claim, named, ClaimOutcome.PENDING, error=reason, pending_id=pending.id
        )

    def _sell(self, message: ChatMessage, claim: Claim, variant: str | None) -> ClaimRecord:
        try:
            result: ClaimResult = self.till.claim(
                claim.code,
                claim.quantity,
                buyer=message.author.display_name,
                variant=variant,
                external_id=external_id_for(message),
            )
        except Exception as error:  # a value for the Sales tab, never a crash in the chat
            log.warning("claim %r could not be recorded: %s", claim.raw, error)
            reason = str(error) or type(error).__name__
            return ClaimRecord(message, claim, variant, ClaimOutcome.ERROR, error=reason)
        return ClaimRecord(
            message,
            claim,
            variant,
            ClaimOutcome(result.status.value),
            entry=result.entry,
            merged=result.merged,
        )

    def _send_reply(self, record: ClaimRecord) -> ClaimRecord:
        if self.reply is None:
            return record
        product = self._product(record.claim.code)
        text = self._reply_text(record, product)
        if not text:
            return record
        try:
            sent = self.reply(record.message, text)
        except Exception:
            log.exception("the reply could not be sent")
            sent = False
        if not sent:
            return record
        return replace(record, reply=text)

    def _reply_text(self, record: ClaimRecord, product: Product | None) -> str:
        if record.outcome is ClaimOutcome.PENDING and product is not None:
            offers = in_stock_variants(product, record.claim.variant_options)
            return which_one_reply(
                record.buyer,
                record.claim.code,
                record.claim.quantity,
                [buy_words(variant) for variant in offers],
            )
        template = {
            ClaimOutcome.SOLD: self.reply_template,
            ClaimOutcome.WAITLISTED: self.waitlist_template,
        }.get(record.outcome)
        if template is None:
            return ""
        fields = {
            "name": safe_name(record.buyer),
            "code": record.claim.code,
            "quantity": record.claim.quantity,
            "title": product.title if product else "",
            "variant": record.entry.variant if record.entry else "",
            "url": (product.url if product else "") or self.checkout_url,
        }
        try:
            return fill_reply(template, fields)
        except (KeyError, ValueError, IndexError, AttributeError) as error:
            log.warning("the reply template %r does not work: %s", template, error)
            return ""
