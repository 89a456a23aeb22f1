"""The shop database: one SQLite file (WAL) holding the catalog and the sales ledger.

Catalog and ledger share the file so that a sale and its stock decrement commit together.
Schema changes are migrations numbered by ``PRAGMA user_version``; money is stored as integer
minor units (never REAL) so that SQL sums are exact.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from studio.data_folder import default_data_folder

DATABASE_NAME = "catalog.sqlite"
BUSY_TIMEOUT_S = 10.0

# One list of statements per schema version; never edit a released one, add the next.
MIGRATIONS: list[list[str]] = [
    [  # 1: the catalog
        """CREATE TABLE products (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE COLLATE NOCASE,
            sku TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            search_text TEXT NOT NULL,
            currency TEXT NOT NULL,
            price_minor INTEGER NOT NULL,
            stock INTEGER NOT NULL CHECK (stock >= 0),
            document TEXT NOT NULL,
            position INTEGER NOT NULL
        )""",
        """CREATE TABLE variants (
            product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sku TEXT NOT NULL DEFAULT '',
            stock INTEGER NOT NULL CHECK (stock >= 0),
            PRIMARY KEY (product_id, position)
        )""",
    ],
    [  # 2: the sales ledger
        """CREATE TABLE shows (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            started_at_us INTEGER NOT NULL,
            currency TEXT NOT NULL
        )""",
        """CREATE TABLE ledger_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
            at_us INTEGER NOT NULL,
            product_id TEXT NOT NULL,
            title TEXT NOT NULL,
            sku TEXT NOT NULL DEFAULT '',
            variant TEXT NOT NULL DEFAULT '',
            variant_position INTEGER,
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_price_minor INTEGER NOT NULL,
            currency TEXT NOT NULL,
            source TEXT NOT NULL
                CHECK (source IN ('manual', 'comment_claim', 'platform_order')),
            external_id TEXT,
            status TEXT NOT NULL CHECK (status IN ('sold', 'claimed', 'waitlisted', 'cancelled')),
            buyer TEXT NOT NULL DEFAULT '',
            UNIQUE (source, external_id)
        )""",
        "CREATE INDEX ledger_entries_by_show ON ledger_entries (show_id, at_us)",
        """CREATE TABLE featured_intervals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
            product_id TEXT NOT NULL,
            from_us INTEGER NOT NULL,
            to_us INTEGER
        )""",
        # Every external id (order or comment id) seen, also those merged into an earlier entry.
        """CREATE TABLE external_ids (
            source TEXT NOT NULL,
            external_id TEXT NOT NULL,
            entry_id INTEGER NOT NULL REFERENCES ledger_entries(id) ON DELETE CASCADE,
            PRIMARY KEY (source, external_id)
        )""",
    ],
    [  # 3: a show ends (End Show, the end of a headless run): its report spans start to end
        "ALTER TABLE shows ADD COLUMN ended_at_us INTEGER",
    ],
    [  # 4: after the show: what was featured as it was then, and when each recording began
        # A product's picture as it was featured: a PNG of at most 512 px, kept once per
        # content (sha256) whatever later happens to the product or its image file; the
        # source signature lets a product featured again skip decoding its image.
        """CREATE TABLE featured_pictures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sha256 TEXT NOT NULL UNIQUE,
            png BLOB NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            source_mtime_ns INTEGER,
            source_size INTEGER
        )""",
        "CREATE INDEX featured_pictures_by_source ON featured_pictures (source)",
        "ALTER TABLE featured_intervals ADD COLUMN code TEXT",
        "ALTER TABLE featured_intervals ADD COLUMN title TEXT",
        "ALTER TABLE featured_intervals ADD COLUMN price_minor INTEGER",
        "ALTER TABLE featured_intervals ADD COLUMN currency TEXT",
        "ALTER TABLE featured_intervals ADD COLUMN url TEXT",
        "ALTER TABLE featured_intervals ADD COLUMN picture_id INTEGER"
        " REFERENCES featured_pictures(id)",
        # Intervals featured before this version: what the catalog says now is the best
        # left to know (a product deleted since keeps no snapshot: its id names it).
        """UPDATE featured_intervals SET
            code = (SELECT p.code FROM products p WHERE p.id = featured_intervals.product_id),
            title = (SELECT p.title FROM products p WHERE p.id = featured_intervals.product_id),
            price_minor = (
                SELECT p.price_minor FROM products p WHERE p.id = featured_intervals.product_id
            ),
            currency = (
                SELECT p.currency FROM products p WHERE p.id = featured_intervals.product_id
            ),
            url = (
                SELECT COALESCE(json_extract(p.document, '$.url'), '') FROM products p
                WHERE p.id = featured_intervals.product_id
            )""",
        """CREATE TABLE recordings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
            canvas TEXT NOT NULL,
            path TEXT NOT NULL,
            started_us INTEGER NOT NULL
        )""",
        "CREATE INDEX recordings_by_show ON recordings (show_id, started_us)",
    ],
]


class ShopDatabaseError(RuntimeError):
    """The shop database cannot be opened (newer schema, not a database, unwritable)."""


def database_path(folder: Path | None = None) -> Path:
    return (folder if folder is not None else default_data_folder()) / DATABASE_NAME


class ShopDatabase:
    """A serialised connection: one lock, explicit transactions, committed durably (WAL+FULL)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
            )
            self._connection.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed sale survives a crash of the machine too, not only of the app.
            self._connection.execute("PRAGMA synchronous=FULL")
            self._connection.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise ShopDatabaseError(f"{self.path}: {error}") from error

    def _migrate(self) -> None:
        with self.transaction() as connection:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > len(MIGRATIONS):
                raise ShopDatabaseError(
                    f"{self.path} was written by a newer LiveShop Studio (schema {version})"
                )
            for number in range(version, len(MIGRATIONS)):
                for statement in MIGRATIONS[number]:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version={len(MIGRATIONS)}")

    @property
    def schema_version(self) -> int:
        return int(self.query("PRAGMA user_version")[0][0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once (BEGIN IMMEDIATE) so check-then-write is atomic
        across threads and processes; committed on leaving, rolled back on an exception."""
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def close(self) -> None:
        with self._lock:
            self._connection.close()
