"""Store data into the local shop: products upserted into the Catalog, orders into the Ledger.

Products are upserted by their stable id (``shopify-product-123``, ``woocommerce-45``) and keep
their show codes. Each order line becomes one ledger entry with ``source=platform_order`` and the
external id ``<kind>-order-<order>-line-<line>``, so an order seen again by a later poll changes
nothing. A line is matched to the catalog by its product id, else by SKU.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from studio.shop.catalog import Catalog, CatalogError
from studio.shop.ledger import Ledger, LedgerError
from studio.shop.ledger_model import ClaimStatus, EntrySource
from studio.shop.model import Product
from studio.shop.money import Money


@dataclass(frozen=True, slots=True)
class OrderLine:
    line_id: str
    product_id: str  # the catalog id the store's product maps to ("" if the line has none)
    sku: str
    variant: str  # a variant's SKU or title ("Red / M"); "" for a product without variants
    quantity: int
    unit_price: Money
    title: str = ""


@dataclass(frozen=True, slots=True)
class StoreOrder:
    order_id: str  # the store's stable id (digits)
    name: str  # what the store shows: "#1001"
    created_at: datetime
    buyer: str
    lines: tuple[OrderLine, ...]


@dataclass
class ProductCounts:
    fetched: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # "<store id>: why"


@dataclass
class OrderCounts:
    orders_seen: int = 0
    lines_recorded: int = 0
    lines_already_recorded: int = 0
    unmatched: list[str] = field(default_factory=list)  # "order #1001: why"


def import_products(catalog: Catalog, products: list[Product], counts: ProductCounts) -> None:
    """Upsert ``products``, counting what was new, changed or the same."""
    for product in products:
        counts.fetched += 1
        existing = catalog.get(product.id)
        if existing is not None and _same(existing, product):
            counts.unchanged += 1
            continue
        try:
            catalog.upsert(product)
        except CatalogError as error:
            counts.skipped.append(f"{product.id}: {error}")
            continue
        if existing is None:
            counts.added += 1
        else:
            counts.updated += 1


def _same(existing: Product, incoming: Product) -> bool:
    keep = {"code"}
    return existing.model_dump(exclude=keep) == incoming.model_dump(exclude=keep)


def merge_orders(
    ledger: Ledger, show_id: int, kind: str, orders: list[StoreOrder], counts: OrderCounts
) -> None:
    """Record each order line once (by external id) in the show's ledger."""
    catalog = ledger.catalog
    for order in orders:
        counts.orders_seen += 1
        for line in order.lines:
            product = _find_product(catalog, line)
            if product is None:
                counts.unmatched.append(
                    f"order {order.name}: {line.title or line.sku or line.line_id} "
                    "matches no catalog product"
                )
                continue
            variant = line.variant or (line.sku if product.variants else None)
            try:
                result = ledger.record_sale(
                    show_id,
                    product.id,
                    line.quantity,
                    variant=variant or None,
                    unit_price=line.unit_price,
                    source=EntrySource.PLATFORM_ORDER,
                    external_id=f"{kind}-order-{order.order_id}-line-{line.line_id}",
                    buyer=order.buyer,
                )
            except LedgerError as error:
                counts.unmatched.append(f"order {order.name}: {error}")
                continue
            if result.status is ClaimStatus.DUPLICATE:
                counts.lines_already_recorded += 1
            else:
                counts.lines_recorded += 1


def _find_product(catalog: Catalog, line: OrderLine) -> Product | None:
    if line.product_id:
        product = catalog.get(line.product_id)
        if product is not None:
            return product
    sku = line.sku.strip()
    if not sku:
        return None
    for product in catalog.search(sku):
        if product.sku == sku or any(v.sku == sku for v in product.variants):
            return product
    return None
