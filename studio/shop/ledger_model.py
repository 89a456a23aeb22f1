"""What the ledger hands out: shows, entries, claim results, totals and chart buckets."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from studio.shop.money import Money


class LedgerError(ValueError):
    """A ledger request that cannot be carried out (unknown show or product, bad quantity)."""


class EntrySource(StrEnum):
    MANUAL = "manual"
    COMMENT_CLAIM = "comment_claim"
    PLATFORM_ORDER = "platform_order"


class EntryStatus(StrEnum):
    SOLD = "sold"
    CLAIMED = "claimed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class ClaimStatus(StrEnum):
    SOLD = "sold"
    WAITLISTED = "waitlisted"
    DUPLICATE = "duplicate"  # the same external id was recorded before: nothing changed
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_VARIANT = "unknown_variant"  # the product has variants and none was named/matched


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Show(Frozen):
    id: int
    name: str
    started_at: datetime
    currency: str
    ended_at: datetime | None = None  # None: still running (or never ended: the app crashed)


class LedgerEntry(Frozen):
    id: int
    show_id: int
    at: datetime  # UTC
    product_id: str
    title: str
    sku: str
    variant: str
    quantity: int
    unit_price: Money
    source: EntrySource
    external_id: str | None
    status: EntryStatus
    buyer: str

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


class ClaimResult(Frozen):
    status: ClaimStatus
    entry: LedgerEntry | None = None
    merged: bool = False  # the quantity went onto the buyer's earlier entry for this product


class ProductTotal(Frozen):
    product_id: str
    title: str
    units: int  # sold units
    revenue: Money
    waitlisted_units: int


class ShowTotals(Frozen):
    units: int
    revenue: Money
    products: list[ProductTotal]


class SalesBucket(Frozen):
    start: datetime
    units: int
    revenue: Money


class FeaturedProduct(Frozen):
    """The product as it was when it was featured (what its card showed then), kept in the
    ledger whatever later happens to it in the catalog."""

    code: str | None
    title: str
    price: Money  # what it sold for then: a flash deal's price when one was on
    url: str = ""  # its page (the QR code's link, before the platform's tags)
    picture_id: int | None = None  # its picture, see Ledger.featured_picture


class FeaturedInterval(Frozen):
    product_id: str
    start: datetime
    end: datetime | None  # None: still featured
    # None: featured before the ledger kept snapshots, by a product deleted since.
    product: FeaturedProduct | None = None


class ShowRecording(Frozen):
    """A recording made during a show: its time 0 was ``started_at`` (UTC), so a ledger
    time t is ``t - started_at`` into it."""

    id: int
    show_id: int
    canvas: str
    path: str
    started_at: datetime


def to_us(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("ledger times must be timezone-aware (UTC)")
    delta = moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(micros: int) -> datetime:
    return datetime.fromtimestamp(micros // 1_000_000, UTC).replace(microsecond=micros % 1_000_000)


def utc_now() -> datetime:
    return datetime.now(UTC)
