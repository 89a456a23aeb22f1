"""A show's sales summed from its ledger entries in SQL: per product, overall, over time.

Only entries with status ``sold`` count as units and revenue; waitlisted units are counted
apart, and cancelled entries not at all.
"""

from __future__ import annotations

from studio.shop.database import ShopDatabase
from studio.shop.ledger_model import ProductTotal, SalesBucket, Show, ShowTotals, from_us, to_us
from studio.shop.money import Money


def show_totals(database: ShopDatabase, show: Show) -> ShowTotals:
    """Units and revenue of sold entries, per product (best sellers first) and overall."""
    rows = database.query(
        "SELECT product_id, MAX(title),"
        " COALESCE(SUM(CASE WHEN status = 'sold' THEN quantity END), 0),"
        " COALESCE(SUM(CASE WHEN status = 'sold' THEN quantity * unit_price_minor END), 0),"
        " COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN quantity END), 0)"
        " FROM ledger_entries WHERE show_id = ? GROUP BY product_id"
        " ORDER BY 4 DESC, 3 DESC, 2",
        (show.id,),
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
    units, revenue = database.query(
        "SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * unit_price_minor), 0)"
        " FROM ledger_entries WHERE show_id = ? AND status = 'sold'",
        (show.id,),
    )[0]
    return ShowTotals(
        units=int(units), revenue=Money.from_minor(int(revenue), show.currency),
        products=products,
    )  # fmt: skip


def sales_over_time(database: ShopDatabase, show: Show, bucket_s: int) -> list[SalesBucket]:
    """Sold units and revenue per ``bucket_s`` (positive) since the show started, gaps
    filled with empty buckets."""
    start_us, bucket_us = to_us(show.started_at), bucket_s * 1_000_000
    rows = database.query(
        "SELECT MAX(at_us - ?, 0) / ? AS bucket, SUM(quantity),"
        " SUM(quantity * unit_price_minor)"
        " FROM ledger_entries WHERE show_id = ? AND status = 'sold'"
        " GROUP BY bucket ORDER BY bucket",
        (start_us, bucket_us, show.id),
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
