"""What an import found: the products, the rows it skipped (with line numbers) and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.shop.model import Product
from studio.shop.money import Money, MoneyError, parse_amount


@dataclass(frozen=True)
class RowProblem:
    line: int  # physical line in the file (1-based); 0 when it concerns the whole file
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass
class ParsedFile:
    format: str  # "shopify", "woocommerce", "liveshop-csv", "liveshop-json"
    encoding: str
    products: list[Product] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)  # rows not imported
    warnings: list[RowProblem] = field(default_factory=list)  # imported, but check these


class RowError(ValueError):
    """Why one row is skipped."""


def parse_price(text: str, currency: str, column: str, *, decimal_comma: bool = False) -> Money:
    raw = text.strip()
    if decimal_comma and "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        return Money.of(raw, currency)
    except (MoneyError, ValueError) as error:
        raise RowError(f"{column}: {error}") from error


def parse_optional_price(text: str, currency: str, column: str, **options: bool) -> Money | None:
    return parse_price(text, currency, column, **options) if text.strip() else None


def parse_stock(text: str, column: str) -> tuple[int, str | None]:
    """A stock count; negative (oversold) counts become 0 with a warning, as stores allow them."""
    raw = text.strip()
    if not raw:
        return 0, None
    try:
        value = parse_amount(raw)
    except MoneyError as error:
        raise RowError(f"{column}: {raw!r} is not a whole number") from error
    if value != value.to_integral_value():
        raise RowError(f"{column}: {raw!r} is not a whole number")
    if value < 0:
        return 0, f"{column} is {raw} (oversold); imported as 0"
    return int(value), None


def validation_reason(error: Exception) -> str:
    """A pydantic error as one sentence: ``price.amount: …; title: …``."""
    details = getattr(error, "errors", None)
    if not callable(details):
        return str(error)
    parts = []
    for item in details():
        where = ".".join(str(p) for p in item.get("loc", ()))
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)
