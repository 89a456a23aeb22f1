"""Reading a file's rows one by one: a row that cannot be imported is skipped with its line
and the reason, and the next row is read.

Every format reads in the same two steps: each row is read (a continuation row joins the
product it continues), then each gathered product is built. Both steps skip what they reject
the same way, so the per-format code says only how its columns map to a product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pydantic import ValidationError

from studio.shop.importing.result import ParsedFile, RowError, RowProblem, validation_reason
from studio.shop.importing.text import CsvRow
from studio.shop.model import Product

Item = TypeVar("Item")
Read = TypeVar("Read")


def numbered(rows: Iterable[CsvRow]) -> list[tuple[int, CsvRow]]:
    """Each row with the line it starts on, as :func:`read_each` takes them."""
    return [(row.line, row) for row in rows]


def read_each(
    items: Iterable[tuple[int, Item]], parsed: ParsedFile, read: Callable[[Item], Read]
) -> list[tuple[int, Read]]:
    """``read`` of each item found at a line of the file, with that line. An item it rejects
    (a :class:`RowError`, or a model that does not validate) is added to ``parsed.skipped``
    with its line and the reason, and the rest are still read."""
    results: list[tuple[int, Read]] = []
    for line, item in items:
        try:
            results.append((line, read(item)))
        except RowError as error:
            parsed.skipped.append(RowProblem(line, str(error)))
        except ValidationError as error:
            parsed.skipped.append(RowProblem(line, validation_reason(error)))
    return results


def add_products(
    drafts: Iterable[tuple[int, Item]], parsed: ParsedFile, build: Callable[[Item], Product]
) -> dict[str, int]:
    """Build a product from each draft (found at a line) into ``parsed.products``, skipping
    those that cannot be built; returns each product id's line."""
    lines: dict[str, int] = {}
    for line, product in read_each(drafts, parsed, build):
        parsed.products.append(product)
        lines[product.id] = line
    return lines
