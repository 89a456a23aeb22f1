"""The local catalog: products in the shop database, searchable by title, SKU and show code."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from studio.shop.database import ShopDatabase, database_path
from studio.shop.model import Product


class CatalogError(ValueError):
    """A change the catalog refuses (unknown product, a show code already in use)."""


class ShowCodeTakenError(CatalogError):
    """The show code is already another product's; ``code`` and ``product_id`` name both."""

    def __init__(self, code: str, product_id: str) -> None:
        self.code, self.product_id = code, product_id
        super().__init__(f"show code {code!r} is already used by product {product_id!r}")


def search_text(product: Product) -> str:
    words = [product.title, product.sku, product.code or ""]
    words += [v.sku for v in product.variants]
    return "\n".join(w for w in words if w).casefold()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Catalog:
    """Products by id, with show codes unique (case-insensitive) and assigned when missing."""

    def __init__(self, database: ShopDatabase) -> None:
        self.database = database

    @classmethod
    def open(cls, path: Path | None = None, *, folder: Path | None = None) -> Catalog:
        """The catalog at ``path``, or ``catalog.sqlite`` in ``folder`` (default: the user's
        data folder)."""
        return cls(ShopDatabase(path if path is not None else database_path(folder)))

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Reading -----------------------------------------------------------------------------

    def get(self, product_id: str) -> Product | None:
        rows = self.database.query(
            "SELECT document, stock, id FROM products WHERE id = ?", (product_id,)
        )
        return self._load(rows[0]) if rows else None

    def by_code(self, code: str) -> Product | None:
        rows = self.database.query(
            "SELECT document, stock, id FROM products WHERE code = ?", (code.strip(),)
        )
        return self._load(rows[0]) if rows else None

    def products(self) -> list[Product]:
        rows = self.database.query(
            "SELECT document, stock, id FROM products ORDER BY position, rowid"
        )
        return [self._load(row) for row in rows]

    def search(self, text: str) -> list[Product]:
        """Products whose title, SKU (or a variant's) or show code contains ``text``,
        ignoring case (Unicode-aware: the search column is case-folded in Python)."""
        pattern = f"%{_escape_like(text.strip().casefold())}%"
        rows = self.database.query(
            "SELECT document, stock, id FROM products WHERE search_text LIKE ? ESCAPE '\\' "
            "ORDER BY position, rowid",
            (pattern,),
        )
        return [self._load(row) for row in rows]

    def __len__(self) -> int:
        return int(self.database.query("SELECT COUNT(*) FROM products")[0][0])

    def _load(self, row: tuple[str, int, str]) -> Product:
        document, stock, product_id = row
        product = Product.model_validate_json(document)
        variant_stock = dict(
            self.database.query(
                "SELECT position, stock FROM variants WHERE product_id = ?", (product_id,)
            )
        )
        for position, variant in enumerate(product.variants):
            variant.stock = int(variant_stock.get(position, 0))
        if product.variants:
            product.stock = sum(v.stock for v in product.variants)
        else:
            product.stock = int(stock)
        return product

    # Writing -----------------------------------------------------------------------------

    def add(self, product: Product) -> Product:
        """Add a new product; returns it with its show code. Raises CatalogError if the id or
        the code is taken."""
        with self.database.transaction() as connection:
            if connection.execute("SELECT 1 FROM products WHERE id = ?", (product.id,)).fetchone():
                raise CatalogError(f"a product with id {product.id!r} already exists")
            return self._write(connection, product)

    def update(self, product: Product) -> Product:
        """Replace a product's fields (edit). Raises CatalogError if it is not in the catalog."""
        with self.database.transaction() as connection:
            if not connection.execute(
                "SELECT 1 FROM products WHERE id = ?", (product.id,)
            ).fetchone():
                raise CatalogError(f"no product with id {product.id!r}")
            return self._write(connection, product)

    def upsert(self, product: Product) -> Product:
        """Add or replace by id; a replaced product keeps its show code unless given one."""
        with self.database.transaction() as connection:
            return self._write(connection, product)

    def delete(self, product_id: str) -> bool:
        with self.database.transaction() as connection:
            cursor = connection.execute("DELETE FROM products WHERE id = ?", (product_id,))
            return cursor.rowcount > 0

    def set_stock(self, product_id: str, stock: int, variant: str | None = None) -> Product:
        product = self.get(product_id)
        if product is None:
            raise CatalogError(f"no product with id {product_id!r}")
        if variant is not None:
            chosen = product.find_variant(variant)
            if chosen is None:
                raise CatalogError(f"{product.title!r} has no variant {variant!r}")
            chosen.stock = stock
        elif product.variants:
            raise CatalogError(f"{product.title!r} has variants: name the one to change")
        else:
            product = product.model_copy(update={"stock": stock})
            Product.model_validate(product.model_dump())  # stock ≥ 0, as an int
        return self.update(product)

    def _write(self, connection: sqlite3.Connection, product: Product) -> Product:
        existing = connection.execute(
            "SELECT code, position FROM products WHERE id = ?", (product.id,)
        ).fetchone()
        code = product.code or (existing[0] if existing else None) or self._free_code(connection)
        taken = connection.execute(
            "SELECT id FROM products WHERE code = ? AND id != ?", (code, product.id)
        ).fetchone()
        if taken:
            raise ShowCodeTakenError(code, taken[0])
        product = product.model_copy(update={"code": code})
        if existing:
            position = existing[1]
        else:
            position = connection.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM products"
            ).fetchone()[0]
        if existing:  # the variants go with it (ON DELETE CASCADE) and are written anew
            connection.execute("DELETE FROM products WHERE id = ?", (product.id,))
        connection.execute(
            "INSERT INTO products (id, code, sku, title, search_text, currency,"
            " price_minor, stock, document, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                product.id,
                code,
                product.sku,
                product.title,
                search_text(product),
                product.price.currency,
                product.price.minor_units,
                product.stock,
                product.model_dump_json(),
                position,
            ),
        )
        connection.executemany(
            "INSERT INTO variants (product_id, position, sku, stock) VALUES (?, ?, ?, ?)",
            [(product.id, i, v.sku, v.stock) for i, v in enumerate(product.variants)],
        )
        return product

    @staticmethod
    def _free_code(connection: sqlite3.Connection) -> str:
        """The smallest positive number not yet used as a code: short codes are easy to type."""
        used = {
            row[0]
            for row in connection.execute("SELECT code FROM products")
            if str(row[0]).isdigit()
        }
        number = 1
        while str(number) in used:
            number += 1
        return str(number)
