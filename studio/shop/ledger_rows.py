"""The ledger's rows in SQL: shows, entries, stock and the external ids that dedup entries.

The functions that take a connection run inside the caller's write transaction, so a sale,
its stock decrement and its external id commit together.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from studio.shop.ledger_model import (
    EntrySource,
    EntryStatus,
    LedgerEntry,
    LedgerError,
    Show,
    from_us,
)
from studio.shop.model import Product
from studio.shop.money import Money, MoneyError

ENTRY_COLUMNS = (
    "id, show_id, at_us, product_id, title, sku, variant, quantity, unit_price_minor, currency,"
    " source, external_id, status, buyer"
)
SHOW_COLUMNS = "id, name, started_at_us, currency, ended_at_us"


def show_from_row(row: tuple[int, str, int, str, int | None]) -> Show:
    ended_at = from_us(row[4]) if row[4] is not None else None
    return Show(
        id=row[0], name=row[1], started_at=from_us(row[2]), currency=row[3], ended_at=ended_at
    )


def check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise LedgerError("a quantity is a positive whole number")


def check_currency(product: Product, show: Show) -> None:
    if product.price.currency != show.currency:
        raise LedgerError(
            f"{product.title!r} is priced in {product.price.currency}; the show is in "
            f"{show.currency}"
        )


def variant_position(product: Product, variant: str | None) -> int | None:
    """The variant's index; None for a product without variants; -1 when none matches."""
    if not product.variants:
        return None
    if variant is None or not variant.strip():
        return 0 if len(product.variants) == 1 else -1
    for position, candidate in enumerate(product.variants):
        if candidate.matches(variant):
            return position
    return -1


def stock_of(connection: sqlite3.Connection, product_id: str, position: int | None) -> int:
    if position is None:
        row = connection.execute("SELECT stock FROM products WHERE id = ?", (product_id,))
    else:
        row = connection.execute(
            "SELECT stock FROM variants WHERE product_id = ? AND position = ?",
            (product_id, position),
        )
    found = row.fetchone()
    return int(found[0]) if found else 0


def take_stock(
    connection: sqlite3.Connection, product_id: str, position: int | None, quantity: int
) -> None:
    """Take ``quantity`` from stock (a negative quantity puts it back); never below zero."""
    if position is None:
        connection.execute(
            "UPDATE products SET stock = MAX(stock - ?, 0) WHERE id = ?", (quantity, product_id)
        )
    else:
        connection.execute(
            "UPDATE variants SET stock = MAX(stock - ?, 0) WHERE product_id = ? AND position = ?",
            (quantity, product_id, position),
        )


def insert_entry(
    connection: sqlite3.Connection,
    show: Show,
    product: Product,
    position: int | None,
    at_us: int,
    quantity: int,
    unit: Money,
    source: EntrySource,
    external_id: str | None,
    status: EntryStatus,
    buyer: str,
) -> int:
    """A new entry for the product (and its variant at ``position``); returns its id."""
    variant = None if position is None else product.variants[position]
    cursor = connection.execute(
        f"INSERT INTO ledger_entries ({ENTRY_COLUMNS.removeprefix('id, ')})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (show.id, at_us, product.id, product.title,
         variant.sku if variant and variant.sku else product.sku,
         variant.title if variant else "", quantity, unit.minor_units, unit.currency,
         source.value, external_id, status.value, buyer),
    )  # fmt: skip
    entry_id = int(cursor.lastrowid or 0)
    connection.execute(
        "UPDATE ledger_entries SET variant_position = ? WHERE id = ?", (position, entry_id)
    )
    return entry_id


def remember_external_id(
    connection: sqlite3.Connection, source: EntrySource, external_id: str | None, entry_id: int
) -> None:
    if external_id is not None:
        connection.execute(
            "INSERT OR IGNORE INTO external_ids (source, external_id, entry_id) VALUES (?, ?, ?)",
            (source.value, external_id, entry_id),
        )


def entry_for_external_id(
    connection: sqlite3.Connection, source: EntrySource, external_id: str
) -> LedgerEntry | None:
    row = connection.execute(
        "SELECT entry_id FROM external_ids WHERE source = ? AND external_id = ?",
        (source.value, external_id),
    ).fetchone()
    return entry_by_id(connection, int(row[0])) if row else None


def entry_by_id(connection: sqlite3.Connection, entry_id: int) -> LedgerEntry:
    row = connection.execute(
        f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE id = ?", (entry_id,)
    ).fetchone()
    if row is None:
        raise LedgerError(f"no ledger entry {entry_id}")
    return entry_from_row(row)


def entry_from_row(row: tuple[Any, ...]) -> LedgerEntry:
    try:
        price = Money.from_minor(int(row[8]), row[9])
    except MoneyError as error:  # pragma: no cover - the schema keeps these valid
        raise LedgerError(f"ledger entry {row[0]}: {error}") from error
    return LedgerEntry(
        id=row[0], show_id=row[1], at=from_us(row[2]), product_id=row[3], title=row[4],
        sku=row[5], variant=row[6], quantity=row[7], unit_price=price, source=EntrySource(row[10]),
        external_id=row[11], status=EntryStatus(row[12]), buyer=row[13],
    )  # fmt: skip
