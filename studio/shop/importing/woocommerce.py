"""WooCommerce's product CSV export: simple and variable products, variations as own rows.

A variation names its parent as ``id:123`` (or by the parent's SKU) and carries one value per
attribute; the price is the sale price when there is one, the regular price then being the
compare-at price. Images are comma-separated URLs. Stores with a decimal comma write ``18,50``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.shop.importing.result import (
    ParsedFile,
    RowError,
    RowProblem,
    parse_optional_price,
    parse_stock,
)
from studio.shop.importing.rows import add_products, numbered, read_each
from studio.shop.importing.text import CsvRow, CsvTable
from studio.shop.model import Product, Variant
from studio.shop.money import Money

MAX_ATTRIBUTES = 10


def is_woocommerce(header: list[str]) -> bool:
    return {"ID", "Type", "SKU", "Name", "Regular price"} <= set(header)


@dataclass
class Parent:
    row: CsvRow
    variants: list[Variant] = field(default_factory=list)


def parse_woocommerce(table: CsvTable, parsed: ParsedFile, currency: str) -> dict[str, int]:
    sorting = _Sorting(currency, parsed)
    read_each(numbered(table.rows), parsed, sorting.add)
    # Variations come after all rows are read: a variation may come before its parent.
    read_each(numbered(sorting.variations), parsed, sorting.add_variation)
    lines = add_products(sorting.order, parsed, _product)
    parsed.skipped.sort(key=lambda problem: problem.line)
    return lines


@dataclass
class _Sorting:
    """Simple products as they come; variable products as parents their variations join."""

    currency: str
    parsed: ParsedFile
    parents: dict[str, Parent] = field(default_factory=dict)  # by "id:123" and by SKU
    order: list[tuple[int, Product | Parent]] = field(default_factory=list)
    variations: list[CsvRow] = field(default_factory=list)

    def add(self, row: CsvRow) -> None:
        kinds = {k.strip() for k in row.cells.get("Type", "").lower().split(",")}
        if "variation" in kinds:
            self.variations.append(row)
        elif "variable" in kinds:
            parent = Parent(row)
            self.order.append((row.line, parent))
            self.parents[f"id:{row.cells.get('ID', '').strip()}"] = parent
            if row.cells.get("SKU", "").strip():
                self.parents[row.cells["SKU"].strip()] = parent
        elif kinds & {"simple", "external"}:
            self.order.append((row.line, _simple(row, self.currency, self.parsed)))
        else:
            raise RowError(f"product type {row.cells.get('Type', '')!r} is not imported")

    def add_variation(self, row: CsvRow) -> None:
        parent_key = row.cells.get("Parent", "").strip()
        found = self.parents.get(parent_key)
        if found is None:
            raise RowError(f"its parent {parent_key!r} is not in the file")
        found.variants.append(_variation(row, self.currency, self.parsed))


def _product(item: Product | Parent) -> Product:
    return item if isinstance(item, Product) else _variable(item)


def _prices(row: CsvRow, currency: str) -> tuple[Money | None, Money | None]:
    regular = parse_optional_price(
        row.cells.get("Regular price", ""), currency, "Regular price", decimal_comma=True
    )
    sale = parse_optional_price(
        row.cells.get("Sale price", ""), currency, "Sale price", decimal_comma=True
    )
    if sale is not None:
        return sale, regular
    return regular, None


def _stock(row: CsvRow, parsed: ParsedFile) -> int:
    raw = row.cells.get("Stock", "")
    stock, warning = parse_stock(raw, "Stock")
    if warning:
        parsed.warnings.append(RowProblem(row.line, warning))
    elif not raw.strip():
        parsed.warnings.append(RowProblem(row.line, "stock is not tracked; imported as 0"))
    return stock


def _images(row: CsvRow) -> list[str]:
    return [image.strip() for image in row.cells.get("Images", "").split(",") if image.strip()]


def _simple(row: CsvRow, currency: str, parsed: ParsedFile) -> Product:
    price, compare = _prices(row, currency)
    if price is None:
        raise RowError("Regular price is empty")
    images = _images(row)
    return Product(
        id=_product_id(row),
        sku=row.cells.get("SKU", "").strip(),
        title=row.cells.get("Name", ""),
        description=row.cells.get("Description", "") or row.cells.get("Short description", ""),
        price=price,
        compare_at_price=compare,
        stock=_stock(row, parsed),
        image=images[0] if images else "",
        images=images[1:],
        url=row.cells.get("External URL", "").strip(),
    )


def _variation(row: CsvRow, currency: str, parsed: ParsedFile) -> Variant:
    price, compare = _prices(row, currency)
    if price is None:
        raise RowError("Regular price is empty")
    options = {}
    for index in range(1, MAX_ATTRIBUTES + 1):
        name = row.cells.get(f"Attribute {index} name", "").strip()
        if name:
            options[name] = row.cells.get(f"Attribute {index} value(s)", "").strip() or "Any"
    images = _images(row)
    return Variant(
        sku=row.cells.get("SKU", "").strip(),
        options=options,
        price=price,
        compare_at_price=compare,
        stock=_stock(row, parsed),
        image=images[0] if images else "",
    )


def _variable(parent: Parent) -> Product:
    row = parent.row
    if not parent.variants:
        raise RowError("variable product without any importable variation")
    images = _images(row)
    prices = [v.price for v in parent.variants if v.price is not None]
    return Product(
        id=_product_id(row),
        sku=row.cells.get("SKU", "").strip(),
        title=row.cells.get("Name", ""),
        description=row.cells.get("Description", "") or row.cells.get("Short description", ""),
        price=min(prices),
        variants=parent.variants,
        image=images[0] if images else "",
        images=images[1:],
    )


def _product_id(row: CsvRow) -> str:
    woo_id = row.cells.get("ID", "").strip()
    if woo_id:
        return f"woocommerce-{woo_id}"
    sku = row.cells.get("SKU", "").strip()
    if sku:
        return f"woocommerce-sku-{sku}"
    raise RowError("neither ID nor SKU is set")
