"""The sales ledger: shows and their entries, committed one by one in the shop database.

Every entry is its own transaction (WAL, synchronous=FULL), so the totals, always computed in
SQL from the entries, survive a crash. A sale and its stock decrement commit together, and
claims take the write lock first (BEGIN IMMEDIATE): first come, first served, even across
processes.

:class:`Ledger` is the one door; the SQL of its rows is in :mod:`studio.shop.ledger_rows`, the
sums in :mod:`studio.shop.ledger_totals` and the featured intervals in
:mod:`studio.shop.ledger_featured` (with the products' pictures in
:mod:`studio.shop.ledger_pictures`), the show's recordings in
:mod:`studio.shop.ledger_recordings`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from studio.shop.catalog import Catalog
from studio.shop.ledger_featured import (
    close_feature,
    featured_intervals,
    open_feature,
    set_feature_picture,
)
from studio.shop.ledger_model import (
    ClaimResult,
    ClaimStatus,
    EntrySource,
    EntryStatus,
    FeaturedInterval,
    FeaturedProduct,
    LedgerEntry,
    LedgerError,
    SalesBucket,
    Show,
    ShowRecording,
    ShowTotals,
    to_us,
    utc_now,
)
from studio.shop.ledger_pictures import keep_picture, picture_png
from studio.shop.ledger_recordings import add_recording, recordings
from studio.shop.ledger_rows import (
    ENTRY_COLUMNS,
    SHOW_COLUMNS,
    check_currency,
    check_quantity,
    entry_by_id,
    entry_for_external_id,
    entry_from_row,
    insert_entry,
    remember_external_id,
    show_from_row,
    stock_of,
    take_stock,
    variant_position,
)
from studio.shop.ledger_totals import sales_over_time, show_totals
from studio.shop.model import Product
from studio.shop.money import Money

__all__ = ["Ledger", "LedgerError", "LivePrice"]  # LedgerError lives in ledger_model

# What a product sells for right now in a show, when that differs from its catalog price (a
# flash deal); None: the catalog price. Called inside the claim's write transaction.
LivePrice = Callable[[Product], Money | None]


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

    def end_show(self, show_id: int, ended_at: datetime | None = None) -> Show:
        """The show went off air at ``ended_at`` (now): its report spans its start to this."""
        self.show(show_id)
        moment = to_us(ended_at or self.clock())
        with self.database.transaction() as connection:
            connection.execute("UPDATE shows SET ended_at_us = ? WHERE id = ?", (moment, show_id))
        return self.show(show_id)

    def continue_show(self, show_id: int) -> Show:
        """An ended show goes on air again (the host continues today's show)."""
        self.show(show_id)
        with self.database.transaction() as connection:
            connection.execute("UPDATE shows SET ended_at_us = NULL WHERE id = ?", (show_id,))
        return self.show(show_id)

    def show(self, show_id: int) -> Show:
        rows = self.database.query(f"SELECT {SHOW_COLUMNS} FROM shows WHERE id = ?", (show_id,))
        if not rows:
            raise LedgerError(f"no show with id {show_id}")
        return show_from_row(rows[0])

    def shows(self) -> list[Show]:
        rows = self.database.query(f"SELECT {SHOW_COLUMNS} FROM shows ORDER BY id")
        return [show_from_row(row) for row in rows]

    def find_show(self, id_or_name: str) -> Show | None:
        """A show by its id, or the latest show with that name (case-insensitive)."""
        if id_or_name.strip().isdigit():
            rows = self.database.query(
                f"SELECT {SHOW_COLUMNS} FROM shows WHERE id = ?",
                (int(id_or_name),),
            )
            if rows:
                return show_from_row(rows[0])
        rows = self.database.query(
            f"SELECT {SHOW_COLUMNS} FROM shows WHERE name = ? COLLATE NOCASE"
            " ORDER BY id DESC LIMIT 1",
            (id_or_name.strip(),),
        )
        return show_from_row(rows[0]) if rows else None

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
        check_quantity(quantity)
        show = self.show(show_id)
        with self.database.transaction() as connection:
            if external_id is not None:
                earlier = entry_for_external_id(connection, EntrySource.COMMENT_CLAIM, external_id)
                if earlier is not None:
                    return ClaimResult(status=ClaimStatus.DUPLICATE, entry=earlier)
            product = self.catalog.by_code(code)
            if product is None:
                return ClaimResult(status=ClaimStatus.UNKNOWN_CODE)
            position = variant_position(product, variant)
            if position == -1:
                return ClaimResult(status=ClaimStatus.UNKNOWN_VARIANT)
            check_currency(product, show)
            available = stock_of(connection, product.id, position)
            status = EntryStatus.SOLD if available >= quantity else EntryStatus.WAITLISTED
            if status is EntryStatus.SOLD:
                take_stock(connection, product.id, position, quantity)
            unit = self._unit_price(show_id, product, position)
            merge_id = connection.execute(
                "SELECT id FROM ledger_entries WHERE show_id = ? AND product_id = ?"
                " AND variant_position IS ? AND status = ? AND source = ? AND unit_price_minor = ?"
                " AND buyer = ? COLLATE NOCASE ORDER BY id LIMIT 1",
                (show_id, product.id, position, status.value, EntrySource.COMMENT_CLAIM.value,
                 unit.minor_units, buyer),
            ).fetchone()  # fmt: skip
            if merge_id is not None:
                entry_id = int(merge_id[0])
                connection.execute(
                    "UPDATE ledger_entries SET quantity = quantity + ? WHERE id = ?",
                    (quantity, entry_id),
                )
            else:
                entry_id = insert_entry(
                    connection, show, product, position, to_us(self.clock()), quantity, unit,
                    EntrySource.COMMENT_CLAIM, external_id, status, buyer,
                )  # fmt: skip
            remember_external_id(connection, EntrySource.COMMENT_CLAIM, external_id, entry_id)
            entry = entry_by_id(connection, entry_id)
        return ClaimResult(status=ClaimStatus(status.value), entry=entry, merged=bool(merge_id))

    def record_sale(
        self,
        show_id: int,
        product_id: str,
        quantity: int,
        *,
        variant: str | None = None,
        unit_price: Money | None = None,
        source: EntrySource = EntrySource.MANUAL,
        external_id: str | None = None,
        buyer: str = "",
        status: EntryStatus = EntryStatus.SOLD,
    ) -> ClaimResult:
        """A sale the host enters or a platform reports (an order id dedups it). A sold entry
        takes its quantity from stock (never below zero: the order already happened)."""
        check_quantity(quantity)
        show = self.show(show_id)
        with self.database.transaction() as connection:
            if external_id is not None:
                earlier = entry_for_external_id(connection, source, external_id)
                if earlier is not None:
                    return ClaimResult(status=ClaimStatus.DUPLICATE, entry=earlier)
            product = self.catalog.get(product_id)
            if product is None:
                raise LedgerError(f"no product with id {product_id!r}")
            position = variant_position(product, variant)
            if position == -1:
                raise LedgerError(f"{product.title!r}: name one of its variants")
            check_currency(product, show)
            unit = unit_price or self._unit_price(show_id, product, position)
            if unit.currency != show.currency:
                raise LedgerError(f"the show is in {show.currency}, the price in {unit.currency}")
            if status is EntryStatus.SOLD:
                available = stock_of(connection, product.id, position)
                take_stock(connection, product.id, position, min(quantity, available))
            entry_id = insert_entry(
                connection, show, product, position, to_us(self.clock()), quantity, unit,
                source, external_id, status, buyer,
            )  # fmt: skip
            remember_external_id(connection, source, external_id, entry_id)
            entry = entry_by_id(connection, entry_id)
        return ClaimResult(status=ClaimStatus(status.value), entry=entry)

    def cancel(self, entry_id: int) -> LedgerEntry:
        """Cancel an entry; a sold entry's quantity goes back to stock."""
        with self.database.transaction() as connection:
            entry = entry_by_id(connection, entry_id)
            if entry.status is EntryStatus.SOLD:
                position = connection.execute(
                    "SELECT variant_position FROM ledger_entries WHERE id = ?", (entry_id,)
                ).fetchone()[0]
                take_stock(connection, entry.product_id, position, -entry.quantity)
            connection.execute(
                "UPDATE ledger_entries SET status = 'cancelled' WHERE id = ?", (entry_id,)
            )
            return entry_by_id(connection, entry_id)

    def entries(self, show_id: int) -> list[LedgerEntry]:
        rows = self.database.query(
            f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE show_id = ? ORDER BY at_us, id",
            (show_id,),
        )
        return [entry_from_row(row) for row in rows]

    # Totals ------------------------------------------------------------------------------

    def totals(self, show_id: int) -> ShowTotals:
        """Units and revenue of sold entries, per product and overall, summed in SQL."""
        return show_totals(self.database, self.show(show_id))

    def sales_over_time(self, show_id: int, bucket_s: int) -> list[SalesBucket]:
        """Sold units and revenue per ``bucket_s`` since the show started, gaps filled."""
        if bucket_s <= 0:
            raise LedgerError("bucket_s must be positive")
        return sales_over_time(self.database, self.show(show_id), bucket_s)

    # Featured products -------------------------------------------------------------------

    def feature(self, show_id: int, product_id: str, *, picture: bool = True) -> int:
        """Mark ``product_id`` as the one on screen from now on (ends the previous interval),
        keeping the product as it is now: code, title, price (a flash deal's when one is on),
        link and picture (see :mod:`studio.shop.ledger_pictures`); returns the interval's id.
        ``picture=False`` leaves the picture to :meth:`keep_feature_picture`, so the card goes
        on screen without waiting for a first decode."""
        self.show(show_id)
        product = self.catalog.get(product_id)
        snapshot = None
        if product is not None:
            snapshot = FeaturedProduct(
                code=product.code,
                title=product.title,
                price=self._unit_price(show_id, product, None),
                url=product.url,
                picture_id=keep_picture(self.database, product.image) if picture else None,
            )
        # The instant after the picture: a first decode must not move the interval's start.
        return open_feature(self.database, show_id, product_id, to_us(self.clock()), snapshot)

    def keep_feature_picture(self, interval_id: int, product_id: str) -> None:
        """Keep the product's picture for an interval opened with ``picture=False``."""
        product = self.catalog.get(product_id)
        picture_id = keep_picture(self.database, product.image) if product is not None else None
        if picture_id is not None:
            set_feature_picture(self.database, interval_id, picture_id)

    def clear_feature(self, show_id: int) -> None:
        close_feature(self.database, show_id, to_us(self.clock()))

    def featured_intervals(self, show_id: int) -> list[FeaturedInterval]:
        return featured_intervals(self.database, show_id)

    def featured_picture(self, picture_id: int) -> bytes | None:
        """The PNG kept of a featured product's picture (FeaturedProduct.picture_id)."""
        return picture_png(self.database, picture_id)

    # Recordings --------------------------------------------------------------------------

    def add_recording(
        self, show_id: int, canvas: str, path: str, started_at: datetime
    ) -> ShowRecording:
        """A recording of ``canvas`` made during the show, whose time 0 (its first frame) was
        ``started_at`` (UTC): ledger times map to its times from this."""
        self.show(show_id)
        return add_recording(self.database, show_id, canvas, path, to_us(started_at))

    def recordings(self, show_id: int) -> list[ShowRecording]:
        return recordings(self.database, show_id)
