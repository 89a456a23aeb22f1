"""Shopify's product CSV export: one row per variant, continuation rows repeat the Handle.

The first row of a product carries Title, Body (HTML), Vendor and the option names; further
rows with the same Handle and an empty Title add variants (Option1 Value…, Variant SKU, Variant
Price) or just extra images (Image Src). The export has no currency: the caller names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.shop.importing.result import (
    ParsedFile,
    RowError,
    RowProblem,
    parse_optional_price,
    parse_price,
    parse_stock,
)
from studio.shop.importing.rows import add_products, numbered, read_each
from studio.shop.importing.text import CsvRow, CsvTable
from studio.shop.model import Product, Variant

OPTION_COUNT = 3


def is_shopify(header: list[str]) -> bool:
    return {"Handle", "Title", "Variant Price"} <= set(header)


@dataclass
class Group:
    line: int
    handle: str
    title: str
    description: str
    option_names: list[str]
    variants: list[Variant] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


def parse_shopify(table: CsvTable, parsed: ParsedFile, currency: str) -> dict[str, int]:
    """Fill ``parsed`` with the table's products; returns each product id's first line."""
    grouping = _Grouping(currency, parsed)
    read_each(numbered(table.rows), parsed, grouping.add)
    groups = [(group.line, group) for group in grouping.groups.values()]
    return add_products(groups, parsed, _product)


@dataclass
class _Grouping:
    """Gathers each Handle's rows into one :class:`Group`, in the order they first appear."""

    currency: str
    parsed: ParsedFile
    groups: dict[str, Group] = field(default_factory=dict)
    skipped_handles: dict[str, int] = field(default_factory=dict)  # the line that skipped it

    def add(self, row: CsvRow) -> None:
        handle = row.cells.get("Handle", "").strip()
        try:
            self._add(row, handle)
        except RowError:
            # The rows continuing a product whose first row was skipped are skipped as well,
            # naming that line, rather than each failing for a reason of its own.
            if handle and handle not in self.groups:
                self.skipped_handles.setdefault(handle, row.line)
            raise

    def _add(self, row: CsvRow, handle: str) -> None:
        cells = row.cells
        if not handle:
            raise RowError("Handle is empty")
        if handle in self.skipped_handles:
            raise RowError(f"product {handle!r} was skipped (line {self.skipped_handles[handle]})")
        group = self.groups.get(handle)
        if group is None:
            group = _start(row, handle)
            variant = _variant(row, group, self.currency, self.parsed)
            self.groups[handle] = group
            group.variants.append(variant)
        else:
            if cells.get("Title", "").strip() and cells["Title"].strip() != group.title:
                raise RowError(f"Handle {handle!r} is already used by another product")
            if _has_variant(cells):
                group.variants.append(_variant(row, group, self.currency, self.parsed))
        image = cells.get("Image Src", "").strip()
        if image and image not in group.images:
            group.images.append(image)


def _start(row: CsvRow, handle: str) -> Group:
    title = row.cells.get("Title", "").strip()
    if not title:
        raise RowError(f"Title is empty and no earlier row has Handle {handle!r}")
    names = [row.cells.get(f"Option{i} Name", "").strip() for i in range(1, OPTION_COUNT + 1)]
    return Group(row.line, handle, title, row.cells.get("Body (HTML)", ""), names)


def _has_variant(cells: dict[str, str]) -> bool:
    keys = ("Option1 Value", "Variant SKU", "Variant Price")
    return any(cells.get(key, "").strip() for key in keys)


def _variant(row: CsvRow, group: Group, currency: str, parsed: ParsedFile) -> Variant:
    cells = row.cells
    if not cells.get("Variant Price", "").strip():
        raise RowError("Variant Price is empty")
    price = parse_price(cells["Variant Price"], currency, "Variant Price")
    compare = parse_optional_price(
        cells.get("Variant Compare At Price", ""), currency, "Variant Compare At Price"
    )
    stock, warning = parse_stock(cells.get("Variant Inventory Qty", ""), "Variant Inventory Qty")
    if warning:
        parsed.warnings.append(RowProblem(row.line, warning))
    options = {}
    for index, name in enumerate(group.option_names, start=1):
        value = cells.get(f"Option{index} Value", "").strip()
        if name and value:
            options[name] = value
    return Variant(
        sku=cells.get("Variant SKU", "").strip(),
        options=options,
        price=price,
        compare_at_price=compare,
        stock=stock,
        image=cells.get("Variant Image", "").strip(),
    )


def _product(group: Group) -> Product:
    variants = group.variants
    single = len(variants) == 1 and variants[0].options in ({}, {"Title": "Default Title"})
    first = variants[0]
    assert first.price is not None
    common = {
        "id": f"shopify-{group.handle}",
        "title": group.title,
        "description": group.description,
        "image": group.images[0] if group.images else first.image,
        "images": group.images[1:],
    }
    if single:
        return Product(
            **common, sku=first.sku, price=first.price,
            compare_at_price=first.compare_at_price, stock=first.stock,
        )  # fmt: skip
    prices = [v.price for v in variants if v.price is not None]
    return Product(**common, price=min(prices), variants=variants)
