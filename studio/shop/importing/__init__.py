"""Product files in: our own CSV/JSON and the product exports of Shopify and WooCommerce.

``read_product_file(path)`` detects the format from the header and returns the products with
the rows it skipped (physical line numbers and a reason) and warnings; ``import_file`` adds them
to a catalog. Nothing here talks to a store's API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from studio.shop.catalog import Catalog, CatalogError
from studio.shop.importing.native import (
    is_native_csv,
    load_json,
    parse_native_csv,
    parse_native_json,
)
from studio.shop.importing.result import ParsedFile, RowProblem
from studio.shop.importing.shopify import is_shopify, parse_shopify
from studio.shop.importing.text import UnreadableFileError, decode_bytes, read_csv, read_text
from studio.shop.importing.woocommerce import is_woocommerce, parse_woocommerce
from studio.shop.model import Product
from studio.shop.money import Money, MoneyError

__all__ = [
    "ImportReport",
    "ParsedFile",
    "RowProblem",
    "UnreadableFileError",
    "import_file",
    "parse_product_text",
    "read_product_file",
]


def read_product_file(path: Path, currency: str = "USD") -> ParsedFile:
    """Parse a product file. ``currency`` prices exports that carry none (Shopify, WooCommerce).
    Raises UnreadableFileError when the file cannot be read or its format is unknown."""
    decoded = read_text(path)
    parsed = parse_product_text(decoded.text, currency, encoding=decoded.encoding)
    parsed.warnings[:0] = [RowProblem(0, warning) for warning in decoded.warnings]
    _check_images(parsed, path.parent)
    return parsed


def parse_bytes(data: bytes, currency: str = "USD") -> ParsedFile:
    decoded = decode_bytes(data)
    parsed = parse_product_text(decoded.text, currency, encoding=decoded.encoding)
    parsed.warnings[:0] = [RowProblem(0, warning) for warning in decoded.warnings]
    return parsed


def parse_product_text(text: str, currency: str = "USD", *, encoding: str = "utf-8") -> ParsedFile:
    try:
        currency = Money.zero(currency).currency
    except (MoneyError, ValueError) as error:
        raise UnreadableFileError(f"{currency!r} is not a currency code") from error
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        parsed = ParsedFile("liveshop-json", encoding)
        lines = parse_native_json(load_json(stripped), parsed, currency)
    else:
        table = read_csv(text.lstrip("\ufeff"))
        parsers = (
            ("shopify", is_shopify, parse_shopify),
            ("woocommerce", is_woocommerce, parse_woocommerce),
            ("liveshop-csv", is_native_csv, parse_native_csv),
        )
        for name, detect, parse in parsers:
            if detect(table.header):
                parsed = ParsedFile(name, encoding)
                parsed.skipped += [RowProblem(line, reason) for line, reason in table.problems]
                lines = parse(table, parsed, currency)
                break
        else:
            raise UnreadableFileError(
                "unknown file format: expected a Shopify or WooCommerce product export, or a "
                "CSV with 'title' and 'price' columns, or a LiveShop JSON catalog"
            )
    parsed.skipped.sort(key=lambda problem: problem.line)
    for product in parsed.products:
        if not product.image:
            parsed.warnings.append(
                RowProblem(lines.get(product.id, 0), f"{product.title}: no image")
            )
    return parsed


def _check_images(parsed: ParsedFile, folder: Path) -> None:
    """Local images are made absolute (relative to the file); missing ones are warnings."""
    for index, product in enumerate(parsed.products):
        images = [product.image, *product.images]
        resolved = [_resolve(image, folder) for image in images]
        for image in resolved:
            if image and not _is_url(image) and not Path(image).is_file():
                parsed.warnings.append(RowProblem(0, f"{product.title}: image not found: {image}"))
        parsed.products[index] = product.model_copy(
            update={"image": resolved[0], "images": resolved[1:]}
        )


def _is_url(image: str) -> bool:
    return image.lower().startswith(("http://", "https://", "data:"))


def _resolve(image: str, folder: Path) -> str:
    if not image or _is_url(image):
        return image
    path = Path(image).expanduser()
    return str(path if path.is_absolute() else (folder / path).resolve())


@dataclass
class ImportReport:
    parsed: ParsedFile
    imported: list[Product] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


def import_file(path: Path, catalog: Catalog, currency: str = "USD") -> ImportReport:
    """Read ``path`` and add or update (by id) its products in ``catalog``; re-importing a
    file keeps the products' show codes."""
    parsed = read_product_file(path, currency)
    report = ImportReport(parsed, skipped=list(parsed.skipped), warnings=list(parsed.warnings))
    for product in parsed.products:
        try:
            report.imported.append(catalog.upsert(product))
        except CatalogError as error:
            report.skipped.append(RowProblem(0, f"{product.title}: {error}"))
    return report
