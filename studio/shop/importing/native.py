"""LiveShop Studio's own formats: a flat CSV (one product per row) and a JSON document.

CSV columns: ``title``, ``price`` (required); ``currency``, ``sku``, ``code``,
``compare_at_price``, ``stock``, ``image``, ``url``, ``description``, ``id`` (optional).
JSON: ``{"format_version": 1, "currency": "USD", "products": [{…Product…}]}``; a price is
``{"amount": "19.99", "currency": "USD"}`` or just ``"19.99"`` in the document's currency.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from typing import Any

from pydantic import ValidationError

from studio.shop.importing.result import (
    ParsedFile,
    RowError,
    RowProblem,
    parse_optional_price,
    parse_price,
    parse_stock,
    validation_reason,
)
from studio.shop.importing.rows import add_products, numbered
from studio.shop.importing.text import CsvRow, CsvTable, UnreadableFileError
from studio.shop.model import Product

FORMAT_VERSION = 1
PRICE_FIELDS = ("price", "compare_at_price")


def is_native_csv(header: list[str]) -> bool:
    return {"title", "price"} <= set(header)


def parse_native_csv(table: CsvTable, parsed: ParsedFile, currency: str) -> dict[str, int]:
    return add_products(numbered(table.rows), parsed, partial(_product, currency=currency))


def _product(row: CsvRow, currency: str) -> Product:
    cells = row.cells
    row_currency = cells.get("currency", "").strip() or currency
    if not cells.get("price", "").strip():
        raise RowError("price is empty")
    stock, warning = parse_stock(cells.get("stock", ""), "stock")
    if warning:
        raise RowError(warning.replace("; imported as 0", ""))
    fields: dict[str, Any] = {
        "title": cells.get("title", ""),
        "price": parse_price(cells["price"], row_currency, "price"),
        "compare_at_price": parse_optional_price(
            cells.get("compare_at_price", ""), row_currency, "compare_at_price"
        ),
        "stock": stock,
    }
    for name in ("sku", "code", "image", "url", "description", "id"):
        if cells.get(name, "").strip():
            fields[name] = cells[name].strip()
    return Product.model_validate(fields)


def load_json(text: str) -> Any:
    try:
        # Numbers are read exactly as Decimal: no float ever holds a price.
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise UnreadableFileError(f"not valid JSON: {error}") from error


def parse_native_json(document: Any, parsed: ParsedFile, currency: str) -> dict[str, int]:
    if isinstance(document, list):
        document = {"products": document}
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise UnreadableFileError('not a product file: expected {"products": [...]}')
    version = document.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise UnreadableFileError(f"format_version {version} is not supported")
    default_currency = str(document.get("currency") or currency)
    lines: dict[str, int] = {}
    for index, item in enumerate(document["products"]):
        where = f"products[{index}]"
        if not isinstance(item, dict):
            parsed.skipped.append(RowProblem(0, f"{where}: not an object"))
            continue
        try:
            product = Product.model_validate(_with_currency(item, default_currency))
        except ValidationError as error:
            reason = validation_reason(error).replace("; ", f"; {where}.")
            parsed.skipped.append(RowProblem(0, f"{where}.{reason}"))
            continue
        parsed.products.append(product)
        lines[product.id] = 0
    return lines


def _with_currency(item: dict[str, Any], default_currency: str) -> dict[str, Any]:
    """Bare amounts (``"19.99"``) take the product's or the document's currency."""
    product = dict(item)
    currency = str(product.pop("currency", None) or default_currency)
    _price_fields(product, currency)
    if isinstance(product.get("variants"), list):
        product["variants"] = [
            _price_fields(dict(v), currency) if isinstance(v, dict) else v
            for v in product["variants"]
        ]
    return product


def _price_fields(item: dict[str, Any], currency: str) -> dict[str, Any]:
    for name in PRICE_FIELDS:
        value = item.get(name)
        if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
            item[name] = {"amount": value, "currency": currency}
    return item
