"""The sales ledger: shows and their entries, committed one by one in the shop database.

Every entry is its own transaction (WAL, synchronous=FULL), so the totals, always computed in
SQL from the entries, survive a crash. A sale and its stock decrement commit together, and
claims take the write lock first (BEGIN IMMEDIATE): first come, first served, even across
processes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from studio.shop.catalog import Catalog
from studio.shop.ledger_model import (
    ClaimResult,
    ClaimStatus,
    EntryStatus,
    FeaturedInterval,
    LedgerEntry,
    ProductTotal,
    SalesBucket,
    Show,
    ShowTotals,
    Source,
    from_us,
    to_us,
    utc_now,
)
from studio.shop.model import Product
from studio.shop.money import Money, MoneyError

ENTRY_COLUMNS = (
    "id, show_id, at_us, product_id, title, sku, variant, quantity, unit_price_minor, currency,"
    " source, external_id, status, buyer"
)


# What a product sells for right now in a show, when that differs from its catalog price (a
# flash deal); None: the catalog price. Called inside the claim's write transaction.
LivePrice = Callable[[Product], Money | None]


class LedgerError(ValueError):
    """A ledger request that cannot be carried out (unknown show or product, bad quantity)."""


class Ledger:
    """Sales per show, stored beside the catalog whose stock they decrement."""

    def __init__(self, catalog: Catalog, clock: Callable[[], datetime] = utc_now) -> None:
        self.catalog = catalog
        self.database = catalog.database
        self.clock = clock
        self._live_prices: dict[int, LivePrice] = {}

    def set_live_price(self, show_id: int, live_price: LivePrice | None) -> None:
        """Price the show's claims and sales by ``live_price`` (the live shop's flash deal),
        so a comment-to-buy taken anywhere pays what the screen shows; None removes it."""
        if live_price is None:
            self._live_prices.pop(show_id, None)
        else:
            self._live_prices[show_id] = live_price

    def _unit_price(self, show_id: int, product: Product, position: int | None) -> Money:
        live_price = self._live_prices.get(show_id)
        special = live_price(product) if live_price is not None else None
        if special is not None:
            return special
        return product.variant_price(None if position is None else product.variants[position])

    # Shows -------------------------------------------------------------------------------

    def start_show(self, name: str, currency: str, started_at: datetime | None = None) -> Show:
        code = Money.zero(currency).currency  # validates the ISO code
        moment = to_us(started_at or self.clock())
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO shows (name, started_at_us, currency) VALUES (?, ?, ?)",
                (name, moment, code),
            )
            show_id = int(cursor.lastrowid or 0)
        return self.show(show_id)

    def show(self, show_id: int) -> Show:
        rows = self.database.query(
            "SELECT id, name, started_at_us, currency FROM shows WHERE id = ?", (show_id,)
        )
        if not rows:
            raise LedgerError(f"no show with id {show_id}")
        return _show(rows[0])

    def shows(self) -> list[Show]:
        rows = self.database.query(
            "SELECT id, name, started_at_us, currency FROM shows ORDER BY id"
        )
        return [_show(row) for row in rows]

    def find_show(self, id_or_name: str) -> Show | None:
        """A show by its id, or the latest show with that name (case-insensitive)."""
        if id_or_name.strip().isdigit():
            rows = self.database.query(
                "SELECT id, name, started_at_us, currency FROM shows WHERE id = ?",
                (int(id_or_name),),
            )
            if rows:
                return _show(rows[0])
        rows = self.database.query(
            "SELECT id, name, started_at_us, currency FROM shows WHERE name = ? COLLATE NOCASE"
            " ORDER BY id DESC LIMIT 1",
            (id_or_name.strip(),),
        )
        return _show(rows[0]) if rows else None

    # Entries -----------------------------------------------------------------------------

    def claim(
        self,
        show_id: int,
        code: str,
        quantity: int,
        buyer: str,
        variant: str | None = None,
        external_id: str | None = None,
    ) -> ClaimResult:
        """A viewer's comment-to-buy ("SOLD 12"): sold while stock lasts, then waitlisted.

        A repeated ``external_id`` (the same comment seen twice) changes nothing and answers
        ``duplicate``; a second claim by the same buyer for the same product and variant adds
        its quantity to the buyer's entry (``merged``). A claim is all or nothing: 3 wanted
        with 2 left goes to the waitlist whole.
        """
        _check_quantity(quantity)
        show = self.show(show_id)
        with self.database.transaction() as connection:
            if external_id is not None:
                earlier = _entry_for_external_id(connection, Source.COMMENT_CLAIM, external_id)
                if earlier is not None:
                    return ClaimResult(status=ClaimStatus.DUPLICATE, entry=earlier)
            product = self.catalog.by_code(code)
            if product is None:
                return ClaimResult(status=ClaimStatus.UNKNOWN_CODE)
            position = _variant_position(product, variant)
            if position == -1:
                return ClaimResult(status=ClaimStatus.UNKNOWN_VARIANT)
            _check_currency(product, show)
            available = _stock(connection, product.id, position)
            status = EntryStatus.SOLD if available >= quantity else EntryStatus.WAITLISTED
            if status is EntryStatus.SOLD:
                _take_stock(connection, product.id, position, quantity)
            unit = self._unit_price(show_id, product, position)
            merge_id = connection.execute(
                "SELECT id FROM ledger_entries WHERE show_id = ? AND product_id = ?"
                " AND variant_position IS ? AND status = ? AND source = ? AND unit_price_minor = ?"
                " AND buyer = ? COLLATE NOCASE ORDER BY id LIMIT 1",
                (show_id, product.id, position, status.value, Source.COMMENT_CLAIM.value,
                 unit.minor_units, buyer),
            ).fetchone()  # fmt: skip
            if merge_id is not None:
                entry_id = int(merge_id[0])
                connection.execute(
                    "UPDATE ledger_entries SET quantity = quantity + ? WHERE id = ?",
                    (quantity, entry_id),
                )
            else:
                entry_id = self._insert(
                    connection, show, product, position, quantity, unit,
                    Source.COMMENT_CLAIM, external_id, status, buyer,
                )  # fmt: skip
            _remember_external_id(connection, Source.COMMENT_CLAIM, external_id, entry_id)
            entry = _entry(connection, entry_id)
        return ClaimResult(status=ClaimStatus(status.value), entry=entry, merged=bool(merge_id))

    def record_sale(
        self,
        show_id: int,
        product_id: str,
        quantity: int,
        *,
        variant: str | None = None,
        unit_price: Money | None = None,
        source: Source = Source.MANUAL,
        external_id: str | None = None,
        buyer: str = "",
        status: EntryStatus = EntryStatus.SOLD,
    ) -> ClaimResult:
        """A sale the host enters or a platform reports (an order id dedups it). A sold entry
        takes its quantity from stock (never below zero: the order already happened)."""
        _check_quantity(quantity)
        show = self.show(show_id)
        with self.database.transaction() as connection:
            if external_id is not None:
                earlier = _entry_for_external_id(connection, source, external_id)
                if earlier is not None:
                    return ClaimResult(status=ClaimStatus.DUPLICATE, entry=earlier)
            product = self.catalog.get(product_id)
            if product is None:
                raise LedgerError(f"no product with id {product_id!r}")
            position = _variant_position(product, variant)
            if position == -1:
                raise LedgerError(f"{product.title!r}: name one of its variants")
            _check_currency(product, show)
            unit = unit_price or self._unit_price(show_id, product, position)
            if unit.currency != show.currency:
                raise LedgerError(f"the show is in {show.currency}, the price in {unit.currency}")
            if status is EntryStatus.SOLD:
                available = _stock(connection, product.id, position)
                _take_stock(connection, product.id, position, min(quantity, available))
            entry_id = self._insert(
                connection, show, product, position, quantity, unit, source, external_id,
                status, buyer,
            )  # fmt: skip
            _remember_external_id(connection, source, external_id, entry_id)
            entry = _entry(connection, entry_id)
        return ClaimResult(status=ClaimStatus(status.value), entry=entry)

    def cancel(self, entry_id: int) -> LedgerEntry:
        """Cancel an entry; a sold entry's quantity goes back to stock."""
        with self.database.transaction() as connection:
            entry = _entry(connection, entry_id)
            if entry.status is EntryStatus.SOLD:
                position = connection.execute(
                    "SELECT variant_position FROM ledger_entries WHERE id = ?", (entry_id,)
                ).fetchone()[0]
                _take_stock(connection, entry.product_id, position, -entry.quantity)
            connection.execute(
                "UPDATE ledger_entries SET status = 'cancelled' WHERE id = ?", (entry_id,)
            )
            return _entry(connection, entry_id)

    def _insert(
        self,
        connection: sqlite3.Connection,
        show: Show,
        product: Product,
        position: int | None,
        quantity: int,
        unit: Money,
        source: Source,
        external_id: str | None,
        status: EntryStatus,
        buyer: str,
    ) -> int:
        variant = None if position is None else product.variants[position]
        cursor = connection.execute(
            f"INSERT INTO ledger_entries ({ENTRY_COLUMNS.removeprefix('id, ')})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (show.id, to_us(self.clock()), product.id, product.title,
             variant.sku if variant and variant.sku else product.sku,
             variant.title if variant else "", quantity, unit.minor_units, unit.currency,
             source.value, external_id, status.value, buyer),
        )  # fmt: skip
        entry_id = int(cursor.lastrowid or 0)
        connection.execute(
            "UPDATE ledger_entries SET variant_position = ? WHERE id = ?", (position, entry_id)
        )
        return entry_id

    def entries(self, show_id: int) -> list[LedgerEntry]:
        rows = self.database.query(
            f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE show_id = ? ORDER BY at_us, id",
            (show_id,),
        )
        return [_entry_from_row(row) for row in rows]

    # Totals ------------------------------------------------------------------------------

    def totals(self, show_id: int) -> ShowTotals:
        """Units and revenue of sold entries, per product and overall, summed in SQL."""
        show = self.show(show_id)
        rows = self.database.query(
            "SELECT product_id, MAX(title),"
            " COALESCE(SUM(CASE WHEN status = 'sold' THEN quantity END), 0),"
            " COALESCE(SUM(CASE WHEN status = 'sold' THEN quantity * unit_price_minor END), 0),"
            " COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN quantity END), 0)"
            " FROM ledger_entries WHERE show_id = ? GROUP BY product_id"
            " ORDER BY 4 DESC, 3 DESC, 2",
            (show_id,),
        )
        products = [
            ProductTotal(
                product_id=row[0],
                title=row[1],
                units=int(row[2]),
                revenue=Money.from_minor(int(row[3]), show.currency),
                waitlisted_units=int(row[4]),
            )
            for row in rows
        ]
        units, revenue = self.database.query(
            "SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * unit_price_minor), 0)"
            " FROM ledger_entries WHERE show_id = ? AND status = 'sold'",
            (show_id,),
        )[0]
        return ShowTotals(
            units=int(units), revenue=Money.from_minor(int(revenue), show.currency),
            products=products,
        )  # fmt: skip

    def sales_over_time(self, show_id: int, bucket_s: int) -> list[SalesBucket]:
        """Sold units and revenue per ``bucket_s`` since the show started, gaps filled."""
        if bucket_s <= 0:
            raise LedgerError("bucket_s must be positive")
        show = self.show(show_id)
        start_us, bucket_us = to_us(show.started_at), bucket_s * 1_000_000
        rows = self.database.query(
            "SELECT MAX(at_us - ?, 0) / ? AS bucket, SUM(quantity),"
            " SUM(quantity * unit_price_minor)"
            " FROM ledger_entries WHERE show_id = ? AND status = 'sold'"
            " GROUP BY bucket ORDER BY bucket",
            (start_us, bucket_us, show_id),
        )
        by_bucket = {int(row[0]): (int(row[1]), int(row[2])) for row in rows}
        last = max(by_bucket, default=-1)
        return [
            SalesBucket(
                start=from_us(start_us + index * bucket_us),
                units=by_bucket.get(index, (0, 0))[0],
                revenue=Money.from_minor(by_bucket.get(index, (0, 0))[1], show.currency),
            )
            for index in range(last + 1)
        ]

    # Featured products -------------------------------------------------------------------

    def feature(self, show_id: int, product_id: str) -> None:
        """Mark ``product_id`` as the one on screen from now on (ends the previous interval)."""
        self.show(show_id)
        now = to_us(self.clock())
        with self.database.transaction() as connection:
            _close_feature(connection, show_id, now)
            connection.execute(
                "INSERT INTO featured_intervals (show_id, product_id, from_us) VALUES (?, ?, ?)",
                (show_id, product_id, now),
            )

    def clear_feature(self, show_id: int) -> None:
        now = to_us(self.clock())
        with self.database.transaction() as connection:
            _close_feature(connection, show_id, now)

    def featured_intervals(self, show_id: int) -> list[FeaturedInterval]:
        rows = self.database.query(
            "SELECT product_id, from_us, to_us FROM featured_intervals WHERE show_id = ?"
            " ORDER BY from_us, id",
            (show_id,),
        )
        return [
            FeaturedInterval(
                product_id=row[0],
                start=from_us(row[1]),
                end=None if row[2] is None else from_us(row[2]),
            )
            for row in rows
        ]


def _show(row: tuple[int, str, int, str]) -> Show:
    return Show(id=row[0], name=row[1], started_at=from_us(row[2]), currency=row[3])


def _check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise LedgerError("a quantity is a positive whole number")


def _check_currency(product: Product, show: Show) -> None:
    if product.price.currency != show.currency:
        raise LedgerError(
            f"{product.title!r} is priced in {product.price.currency}; the show is in "
            f"{show.currency}"
        )


def _variant_position(product: Product, variant: str | None) -> int | None:
    """The variant's index; None for a product without variants; -1 when none matches."""
    if not product.variants:
        return None
    if variant is None or not variant.strip():
        return 0 if len(product.variants) == 1 else -1
    for position, candidate in enumerate(product.variants):
        if candidate.matches(variant):
            return position
    return -1


def _stock(connection: sqlite3.Connection, product_id: str, position: int | None) -> int:
    if position is None:
        row = connection.execute("SELECT stock FROM products WHERE id = ?", (product_id,))
    else:
        row = connection.execute(
            "SELECT stock FROM variants WHERE product_id = ? AND position = ?",
            (product_id, position),
        )
    found = row.fetchone()
    return int(found[0]) if found else 0


def _take_stock(
    connection: sqlite3.Connection, product_id: str, position: int | None, quantity: int
) -> None:
    if position is None:
        connection.execute(
            "UPDATE products SET stock = MAX(stock - ?, 0) WHERE id = ?", (quantity, product_id)
        )
    else:
        connection.execute(
            "UPDATE variants SET stock = MAX(stock - ?, 0) WHERE product_id = ? AND position = ?",
            (quantity, product_id, position),
        )


def _remember_external_id(
    connection: sqlite3.Connection, source: Source, external_id: str | None, entry_id: int
) -> None:
    if external_id is not None:
        connection.execute(
            "INSERT OR IGNORE INTO external_ids (source, external_id, entry_id) VALUES (?, ?, ?)",
            (source.value, external_id, entry_id),
        )


def _entry_for_external_id(
    connection: sqlite3.Connection, source: Source, external_id: str
) -> LedgerEntry | None:
    row = connection.execute(
        "SELECT entry_id FROM external_ids WHERE source = ? AND external_id = ?",
        (source.value, external_id),
    ).fetchone()
    return _entry(connection, int(row[0])) if row else None


def _entry(connection: sqlite3.Connection, entry_id: int) -> LedgerEntry:
    row = connection.execute(
        f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE id = ?", (entry_id,)
    ).fetchone()
    if row is None:
        raise LedgerError(f"no ledger entry {entry_id}")
    return _entry_from_row(row)


def _entry_from_row(row: tuple[Any, ...]) -> LedgerEntry:
    try:
        price = Money.from_minor(int(row[8]), row[9])
    except MoneyError as error:  # pragma: no cover - the schema keeps these valid
        raise LedgerError(f"ledger entry {row[0]}: {error}") from error
    return LedgerEntry(
        id=row[0], show_id=row[1], at=from_us(row[2]), product_id=row[3], title=row[4],
        sku=row[5], variant=row[6], quantity=row[7], unit_price=price, source=Source(row[10]),
        external_id=row[11], status=EntryStatus(row[12]), buyer=row[13],
    )  # fmt: skip


def _close_feature(connection: sqlite3.Connection, show_id: int, now_us: int) -> None:
    connection.execute(
        "UPDATE featured_intervals SET to_us = ? WHERE show_id = ? AND to_us IS NULL",
        (now_us, show_id),
    )
