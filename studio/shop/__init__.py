"""The shop core (headless): catalog, product-file import, sales ledger and show reports.

The names below load on first use: a shop overlay that needs money formatting or the product
model does not load the database, the ledger and SQLite with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.lazy_names import lazy_names

if TYPE_CHECKING:
    from studio.shop.catalog import Catalog, CatalogError
    from studio.shop.database import ShopDatabase, ShopDatabaseError, database_path
    from studio.shop.ledger import Ledger, LedgerError
    from studio.shop.ledger_model import (
        ClaimResult,
        ClaimStatus,
        EntrySource,
        EntryStatus,
        FeaturedInterval,
        LedgerEntry,
        ProductTotal,
        SalesBucket,
        Show,
        ShowTotals,
    )
    from studio.shop.model import Product, Variant
    from studio.shop.money import Money, MoneyError
    from studio.shop.money_format import format_money

_MODULE_OF = {
    "Catalog": "catalog",
    "CatalogError": "catalog",
    "ShopDatabase": "database",
    "ShopDatabaseError": "database",
    "database_path": "database",
    "Ledger": "ledger",
    "LedgerError": "ledger",
    "ClaimResult": "ledger_model",
    "ClaimStatus": "ledger_model",
    "EntrySource": "ledger_model",
    "EntryStatus": "ledger_model",
    "FeaturedInterval": "ledger_model",
    "LedgerEntry": "ledger_model",
    "ProductTotal": "ledger_model",
    "SalesBucket": "ledger_model",
    "Show": "ledger_model",
    "ShowTotals": "ledger_model",
    "Product": "model",
    "Variant": "model",
    "Money": "money",
    "MoneyError": "money",
    "format_money": "money_format",
}

__all__ = [
    "Catalog",
    "CatalogError",
    "ClaimResult",
    "ClaimStatus",
    "EntrySource",
    "EntryStatus",
    "FeaturedInterval",
    "Ledger",
    "LedgerEntry",
    "LedgerError",
    "Money",
    "MoneyError",
    "Product",
    "ProductTotal",
    "SalesBucket",
    "ShopDatabase",
    "ShopDatabaseError",
    "Show",
    "ShowTotals",
    "Variant",
    "database_path",
    "format_money",
]

__getattr__ = lazy_names(globals(), _MODULE_OF)
