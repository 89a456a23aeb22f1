"""The shop core (headless): catalog, product-file import, sales ledger and show reports."""

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
