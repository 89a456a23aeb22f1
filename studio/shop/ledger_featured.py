"""When each product was on screen during a show: intervals the report lays over the sales,
and the chapters and clips cut from the show's recordings.

At most one interval per show is open (``to_us`` NULL): featuring a product closes it first.
Each interval keeps the product as it was featured (code, title, price, link, picture), so a
product changed or deleted after the show still has its chapter and clip.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from studio.shop.database import ShopDatabase
from studio.shop.ledger_model import FeaturedInterval, FeaturedProduct, from_us
from studio.shop.money import Money, MoneyError

_COLUMNS = "product_id, from_us, to_us, code, title, price_minor, currency, url, picture_id"


def open_feature(
    database: ShopDatabase,
    show_id: int,
    product_id: str,
    now_us: int,
    snapshot: FeaturedProduct | None = None,
) -> int:
    """``product_id`` is on screen from ``now_us`` (the previous interval ends then), looking
    as ``snapshot`` says (None: unknown to the catalog); returns the interval's id."""
    price = snapshot.price if snapshot is not None else None
    with database.transaction() as connection:
        _close_open_interval(connection, show_id, now_us)
        cursor = connection.execute(
            f"INSERT INTO featured_intervals (show_id, {_COLUMNS})"
            " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
            (
                show_id, product_id, now_us,
                snapshot.code if snapshot else None, snapshot.title if snapshot else None,
                price.minor_units if price else None, price.currency if price else None,
                snapshot.url if snapshot else None, snapshot.picture_id if snapshot else None,
            ),
        )  # fmt: skip
    return int(cursor.lastrowid or 0)


def set_feature_picture(database: ShopDatabase, interval_id: int, picture_id: int) -> None:
    """The kept picture of an interval opened without one (see Ledger.keep_feature_picture)."""
    with database.transaction() as connection:
        connection.execute(
            "UPDATE featured_intervals SET picture_id = ? WHERE id = ?", (picture_id, interval_id)
        )


def close_feature(database: ShopDatabase, show_id: int, now_us: int) -> None:
    """Nothing is on screen from ``now_us``."""
    with database.transaction() as connection:
        _close_open_interval(connection, show_id, now_us)


def featured_intervals(database: ShopDatabase, show_id: int) -> list[FeaturedInterval]:
    rows = database.query(
        f"SELECT {_COLUMNS} FROM featured_intervals WHERE show_id = ? ORDER BY from_us, id",
        (show_id,),
    )
    return [
        FeaturedInterval(
            product_id=row[0],
            start=from_us(row[1]),
            end=None if row[2] is None else from_us(row[2]),
            product=_snapshot(row),
        )
        for row in rows
    ]


def _snapshot(row: tuple[Any, ...]) -> FeaturedProduct | None:
    code, title, price_minor, currency, url, picture_id = row[3:]
    if title is None or price_minor is None or currency is None:
        return None
    try:
        price = Money.from_minor(int(price_minor), currency)
    except MoneyError:  # pragma: no cover - written from a valid Money
        return None
    return FeaturedProduct(
        code=code, title=title, price=price, url=url or "", picture_id=picture_id
    )


def _close_open_interval(connection: sqlite3.Connection, show_id: int, now_us: int) -> None:
    connection.execute(
        "UPDATE featured_intervals SET to_us = ? WHERE show_id = ? AND to_us IS NULL",
        (now_us, show_id),
    )
