"""When each product was on screen during a show: intervals the report lays over the sales.

At most one interval per show is open (``to_us`` NULL): featuring a product closes it first.
"""

from __future__ import annotations

import sqlite3

from studio.shop.database import ShopDatabase
from studio.shop.ledger_model import FeaturedInterval, from_us


def open_feature(database: ShopDatabase, show_id: int, product_id: str, now_us: int) -> None:
    """``product_id`` is on screen from ``now_us`` (the previous interval ends then)."""
    with database.transaction() as connection:
        _close_open_interval(connection, show_id, now_us)
        connection.execute(
            "INSERT INTO featured_intervals (show_id, product_id, from_us) VALUES (?, ?, ?)",
            (show_id, product_id, now_us),
        )


def close_feature(database: ShopDatabase, show_id: int, now_us: int) -> None:
    """Nothing is on screen from ``now_us``."""
    with database.transaction() as connection:
        _close_open_interval(connection, show_id, now_us)


def featured_intervals(database: ShopDatabase, show_id: int) -> list[FeaturedInterval]:
    rows = database.query(
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


def _close_open_interval(connection: sqlite3.Connection, show_id: int, now_us: int) -> None:
    connection.execute(
        "UPDATE featured_intervals SET to_us = ? WHERE show_id = ? AND to_us IS NULL",
        (now_us, show_id),
    )
