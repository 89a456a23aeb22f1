"""A clip's sales, from the ledger: what the viewers bought while it played, for its tags and
for choosing the best-selling seconds (``--max-seconds``).

A sale counts at the instant it was taken; claims that got stock (sold, or claimed awaiting
payment) count, waitlisted and cancelled ones do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studio.clips.spans import ProductSpan
from studio.clips.windows import Sale
from studio.shop.ledger_model import EntryStatus, LedgerEntry, Show, to_us
from studio.shop.money import Money
from studio.shop.money_format import format_money

COUNTED = frozenset({EntryStatus.SOLD, EntryStatus.CLAIMED})


@dataclass(frozen=True, slots=True)
class ClipSales:
    units: int
    revenue: Money
    buyers: int

    def sentence(self, locale: str) -> str:
        if self.units == 0:
            return "No sales during this clip."
        unit = "unit" if self.units == 1 else "units"
        buyer = "buyer" if self.buyers == 1 else "buyers"
        money = format_money(self.revenue, locale)
        return f"Sold during this clip: {self.units} {unit} for {money} ({self.buyers} {buyer})."


def product_sales(
    entries: Sequence[LedgerEntry], span: ProductSpan, started_at: datetime
) -> list[Sale]:
    """The span's product's counted sales, at their times in the recording."""
    origin = to_us(started_at)
    return [
        Sale(to_us(entry.at) - origin, entry.quantity)
        for entry in entries
        if entry.product_id == span.product_id and entry.status in COUNTED
    ]


def clip_sales(
    entries: Sequence[LedgerEntry],
    span: ProductSpan,
    started_at: datetime,
    clip_us: tuple[int, int],
    currency: str,
) -> ClipSales:
    """The counted sales of the span's product taken while ``clip_us`` (recording time)
    played."""
    origin = to_us(started_at)
    low, high = clip_us
    inside = [
        entry
        for entry in entries
        if entry.product_id == span.product_id
        and entry.status in COUNTED
        and low <= to_us(entry.at) - origin < high
    ]
    revenue = Money.zero(currency)
    for entry in inside:
        if entry.total.currency == currency:
            revenue = revenue + entry.total
    buyers = len({entry.buyer.casefold() for entry in inside})  # a manual sale: one, unnamed
    return ClipSales(sum(entry.quantity for entry in inside), revenue, buyers)


def clip_metadata(span: ProductSpan, sales: ClipSales, show: Show, locale: str) -> dict[str, str]:
    """The clip's tags: its title, its sales in a line (comment) and in full (description)."""
    product = span.product
    price = f", {format_money(product.price, locale)}" if product is not None else ""
    day = show.started_at.astimezone().date().isoformat()
    line = sales.sentence(locale)
    return {
        "title": span.label,
        "comment": line,
        "description": f"{span.label}{price}. From the show “{show.name}” of {day}. {line}",
    }
